/**
 * A fleet's traces grouped: the same host walking the same entries to the same outcome (the
 * may-match and CONTINUE entries, the match, its behaviour and parameters) on several listeners of several
 * exports is one walk, shown once with where it happens; hosts walking the same way on the
 * same listeners share it. Listeners whose HAT could not be traced are in no group (their
 * error is reported on its own). Pure: traces in, groups and text out.
 */
import type { HatTrace, ListenerTrace, TraceHost } from '../patch/trace.js';
import { describeTraceHost, formatWalk, shown } from './diff-report.js';

/** Where a walk happens: one listener of one export. */
export interface WalkMember {
  file: string;
  listener: string;
  path: string;
}

/** One walk and where it happens. */
export interface TraceWalkGroup extends HatTrace {
  /** `w1`, `w2`, … in order of first appearance. */
  id: string;
  /** The hosts (indices into the document's `hosts`) that walk this way on every member. */
  hosts: number[];
  /** The listeners, export by export, where they do. */
  members: WalkMember[];
}

/** The traces of one export, as `trace` made them. */
export interface TracedFile {
  file: string;
  listeners: readonly ListenerTrace[];
}

const sameHost = (a: TraceHost, b: TraceHost) => a.ip === b.ip && a.ptr === b.ptr && a.sbrs === b.sbrs;

/**
 * Groups the walks of `hosts` over `files`: per host, the listeners with the same walk; then the
 * hosts with the same walk on the same listeners share one group.
 */
export function groupWalks(hosts: readonly TraceHost[], files: readonly TracedFile[]): TraceWalkGroup[] {
  const groups = new Map<string, TraceWalkGroup>();
  hosts.forEach((host, h) => {
    const walks = new Map<string, { walk: HatTrace; members: WalkMember[] }>();
    for (const f of files)
      for (const t of f.listeners) {
        if (t.findings.length || !sameHost(t.host, host)) continue;
        const key = JSON.stringify([t.mayMatch, t.continued, t.match]);
        let w = walks.get(key);
        if (!w) {
          w = { walk: { mayMatch: t.mayMatch, continued: t.continued, match: t.match }, members: [] };
          walks.set(key, w);
        }
        w.members.push({ file: f.file, listener: t.listener, path: t.path });
      }
    for (const [key, w] of walks) {
      const where = JSON.stringify([key, w.members]);
      const hit = groups.get(where);
      if (hit) hit.hosts.push(h);
      else groups.set(where, { id: '', hosts: [h], members: w.members, ...w.walk });
    }
  });
  // Groups of the same hosts next to each other (shown under one heading), then numbered.
  const sets: string[] = [];
  for (const g of groups.values()) if (!sets.includes(g.hosts.join())) sets.push(g.hosts.join());
  const sorted = [...groups.values()].sort((a, b) => sets.indexOf(a.hosts.join()) - sets.indexOf(b.hosts.join()));
  sorted.forEach((g, k) => (g.id = `w${k + 1}`));
  return sorted;
}

/** `a, b, c and 7 more`; every name with `all`. */
function few(names: readonly string[], all: boolean, n = 3): string {
  if (all || names.length <= n) return names.join(', ');
  return `${names.slice(0, n).join(', ')} and ${names.length - n} more`;
}

/** Where a walk happens: `InboundMail on 45 exports (a.xml, b.xml, c.xml and 42 more)`, listener by listener. */
function whereText(members: readonly WalkMember[], all: boolean): string {
  // A listener is named by its name, and by its path too when that name is at several paths.
  const paths = new Map<string, Set<string>>();
  for (const m of members) paths.set(m.listener, (paths.get(m.listener) ?? new Set()).add(m.path));
  const byLabel = new Map<string, string[]>();
  for (const m of members) {
    const label = `${shown(m.listener)}${paths.get(m.listener)!.size > 1 ? ` (${shown(m.path)})` : ''}`;
    byLabel.set(label, [...(byLabel.get(label) ?? []), shown(m.file)]);
  }
  return [...byLabel]
    .map(([label, files]) => `${label} on ${files.length === 1 ? files[0] : `${files.length} exports (${few(files, all)})`}`)
    .join('; ');
}

/**
 * The grouped walks as text: each set of hosts that walk alike, then each of their walks with
 * where it happens. `all`: name every host and export (`--verbose`).
 */
export function formatWalkGroups(hosts: readonly TraceHost[], groups: readonly TraceWalkGroup[], all: boolean): string {
  let out = '';
  let last = '';
  for (const g of groups) {
    const set = g.hosts.join(',');
    if (set !== last) {
      const names = g.hosts.map((h) => describeTraceHost(hosts[h]!));
      const heading =
        names.length === 1
          ? `host ${names[0]}`
          : names.length === hosts.length
            ? `all ${names.length} hosts: ${few(names, all, 2)}`
            : `${names.length} hosts walking alike: ${few(names, all, 2)}`;
      out += `\n${heading}:\n`;
      last = set;
    }
    out += `  walk ${g.id}, ${g.members.length} listener${g.members.length === 1 ? '' : 's'}: ${whereText(g.members, all)}\n`;
    out += formatWalk(g, '    ');
  }
  return out;
}
