/**
 * "What happens to mail from this host?", answered offline on an export: the appliance's
 * first-match walk of a listener's HAT, top to bottom. For each listener: the entry that
 * matches first and which member made it match, the behaviour, and the effective parameters
 * with where each comes from (the policy, the entry's own behaviour, or `$DEFAULT`). Members
 * that cannot be judged offline (`dnslist[…]`, `SBO:`, `SBRS[…]` without a score, members the
 * grammar does not know) "may match": they are listed at their position and the walk goes on to
 * the next certain match.
 *
 * Pure: views and values in, data out.
 */
import type { Hat, HatBehaviour, HatEntry } from '../esa/hat.js';
import { parseSender, type Sender } from '../net/sender.js';
import { finding, type FindingOf } from '../findings.js';
import type { EffectiveParam, EntryMatch } from '../hat/index.js';
import type { ExportView } from './diff-exports.js';

/** The connecting host. */
export interface TraceHost {
  /** Its IPv4 or IPv6 address. */
  ip: string;
  /** Its verified PTR name, when it has one (host members match nothing without it). */
  ptr?: string;
  /** Its SenderBase reputation score, `none` for no score; unknown when absent (SBRS members then "may match"). */
  sbrs?: number | 'none';
}

/** What kind of member a HAT line names. */
export type MemberKind =
  | 'address'
  | 'cidr'
  | 'range'
  | 'partial-address'
  | 'ipv6'
  | 'host'
  | 'partial-host'
  | 'sbrs'
  | 'sbo'
  | 'dnslist'
  | 'all'
  | 'unknown';

/** Why a member matches (`match`) or may match (`may`). */
export type MatchReason =
  | 'address-inside'
  | 'ptr-equal'
  | 'ptr-below'
  | 'sbrs-inside'
  | 'sbrs-none'
  | 'all'
  | 'needs-sbrs'
  | 'needs-dns'
  | 'needs-senderbase'
  | 'unknown-member';

/**
 * One entry met on the walk, a certain match or a member that may match: the HAT language's
 * `EntryMatch` (0-based `index`, `policy` without `$`, null for a behaviour of the entry's own),
 * with the kind of the member and why it matches.
 */
export type TraceStep = EntryMatch & { memberKind: MemberKind; reason: MatchReason };

/** The walk of one HAT. */
export interface HatTrace {
  /** Members that may match, before the certain match, in HAT order. */
  mayMatch: TraceStep[];
  /** The first certain match, or null (a HAT without ALL). */
  match: TraceStep | null;
}

/** The walk of one listener. */
export interface ListenerTrace extends HatTrace {
  listener: string;
  path: string;
  host: TraceHost;
  findings: TraceFinding[];
}

/** Findings of trace. */
export type TraceFinding = FindingOf<'trace-hat-unreadable'> | FindingOf<'diff-unknown-listener'>;

/** The kind of a member as written. */
export function memberKind(text: string, sender: Sender = parseSender(text)): MemberKind {
  if (/^sbrs\s*\[/i.test(text)) return 'sbrs';
  if (/^sbo\s*:/i.test(text)) return 'sbo';
  if (/^dnslist\s*\[/i.test(text)) return 'dnslist';
  if (sender.kind === 'host') return sender.partial ? 'partial-host' : 'host';
  if (sender.kind === 'ip') {
    if (sender.version === 6) return 'ipv6';
    if (text.includes('/')) return 'cidr';
    if (text.includes('-')) return 'range';
    if (text.endsWith('.')) return 'partial-address';
    return 'address';
  }
  return 'unknown';
}

const SBRS_RANGE = /^sbrs\s*\[\s*(-?\d+(?:\.\d+)?)\s*:\s*(-?\d+(?:\.\d+)?)\s*\]$/i;
const SBRS_NONE = /^sbrs\s*\[\s*none\s*\]$/i;

/** Whether one member matches the host: `match`, `may` (cannot be judged offline), or null. */
export function judgeMember(text: string, host: TraceHost, address: Sender): { certainty: 'match' | 'may'; reason: MatchReason; kind: MemberKind } | null {
  const sender = parseSender(text);
  const kind = memberKind(text, sender);
  switch (kind) {
    case 'sbrs': {
      const none = SBRS_NONE.test(text);
      const range = SBRS_RANGE.exec(text);
      if (!none && !range) return { certainty: 'may', reason: 'unknown-member', kind };
      if (host.sbrs === undefined) return { certainty: 'may', reason: 'needs-sbrs', kind };
      if (none) return host.sbrs === 'none' ? { certainty: 'match', reason: 'sbrs-none', kind } : null;
      if (host.sbrs === 'none') return null;
      return Number(range![1]) <= host.sbrs && host.sbrs <= Number(range![2]) ? { certainty: 'match', reason: 'sbrs-inside', kind } : null;
    }
    case 'sbo':
      return { certainty: 'may', reason: 'needs-senderbase', kind };
    case 'dnslist':
      return { certainty: 'may', reason: 'needs-dns', kind };
    case 'unknown':
      return { certainty: 'may', reason: 'unknown-member', kind };
    case 'host':
    case 'partial-host': {
      if (!host.ptr || sender.kind !== 'host') return null;
      const ptr = host.ptr.toLowerCase().replace(/\.$/, '');
      if (!sender.partial) return ptr === sender.name ? { certainty: 'match', reason: 'ptr-equal', kind } : null;
      return ptr.endsWith('.' + sender.name) ? { certainty: 'match', reason: 'ptr-below', kind } : null;
    }
    default:
      if (sender.kind !== 'ip' || address.kind !== 'ip') return null;
      return sender.version === address.version && sender.lo <= address.lo && address.lo <= sender.hi ? { certainty: 'match', reason: 'address-inside', kind } : null;
  }
}

function effectiveParams(b: HatBehaviour | null, defaults: Readonly<Record<string, string>>): EffectiveParam[] {
  const own = new Map<string, string>();
  for (const p of b?.params ?? []) own.set(p.key, p.value);
  const out: EffectiveParam[] = [...own].map(([key, value]) => ({ key, value, source: 'policy' }));
  for (const [key, value] of Object.entries(defaults)) if (!own.has(key)) out.push({ key, value, source: 'default' });
  return out;
}

function stepOf(hat: Hat, entry: HatEntry, index: number, member: string, j: { certainty: 'match' | 'may'; reason: MatchReason; kind: MemberKind }, defaults: Readonly<Record<string, string>>): TraceStep {
  const base = { index, entry: entry.name, entryKind: entry.kind, member, certain: j.certainty === 'match', memberKind: j.kind, reason: j.reason };
  const ref = entry.policy;
  if (!ref) return { ...base, policy: null, behaviour: null, params: [] };
  if (ref.kind === 'behaviour') return { ...base, policy: null, behaviour: ref.behaviour.keyword, params: effectiveParams(ref.behaviour, defaults) };
  const b = hat.policies.find((p) => p.name === ref.name)?.behaviour ?? null;
  return { ...base, policy: ref.name, behaviour: b?.keyword ?? null, params: b ? effectiveParams(b, defaults) : [] };
}

/**
 * Walks a HAT top down for `host`: the first entry with a member that certainly matches wins;
 * entries with a member that may match before it are listed. `defaults`: the listener's
 * `$DEFAULT` parameters (from `hat_default_*`). Throws on an address that is not one host.
 */
export function traceHat(hat: Hat, host: TraceHost, defaults: Readonly<Record<string, string>> = {}): HatTrace {
  const address = parseSender(host.ip);
  if (address.kind !== 'ip' || address.lo !== address.hi) throw new Error(`not an IP address of one host: ${host.ip}`);
  const mayMatch: TraceStep[] = [];
  for (let k = 0; k < hat.entries.length; k++) {
    const e = hat.entries[k]!;
    if (e.kind === 'all') return { mayMatch, match: stepOf(hat, e, k, 'ALL', { certainty: 'match', reason: 'all', kind: 'all' }, defaults) };
    let may: TraceStep | null = null;
    for (const m of e.members) {
      const j = judgeMember(m.text, host, address);
      if (!j) continue;
      if (j.certainty === 'match') return { mayMatch, match: stepOf(hat, e, k, m.text, j, defaults) };
      may ??= stepOf(hat, e, k, m.text, j, defaults);
    }
    if (may) mayMatch.push(may);
  }
  return { mayMatch, match: null };
}

/** Why `host` is not a host address, or null when it is. */
export function checkTraceHost(host: TraceHost): string | null {
  const s = parseSender(host.ip);
  if (s.kind !== 'ip' || s.lo !== s.hi) return `--host ${host.ip} is not an IPv4 or IPv6 address of one host`;
  if (host.ptr !== undefined && parseSender(host.ptr).kind !== 'host') return `--ptr ${host.ptr} is not a host name`;
  if (typeof host.sbrs === 'number' && !(host.sbrs >= -10 && host.sbrs <= 10)) return `--sbrs ${host.sbrs} is not a score from -10 to 10 (or none)`;
  return null;
}

const BLOCKING = new Set(['hat-unclosed-block', 'hat-duplicate-policy', 'hat-duplicate-group', 'hat-orphan-line', 'hat-second-policy']);

/**
 * Traces `host` on every listener of an export (or those named in `options.listeners`) that has
 * a HAT. A HAT that cannot be read exactly is not traced (finding `trace-hat-unreadable`).
 */
export function traceHost(exp: ExportView, host: TraceHost, options: { listeners?: readonly string[] } = {}): ListenerTrace[] {
  const problem = checkTraceHost(host);
  if (problem) throw new Error(problem);
  const out: ListenerTrace[] = [];
  for (const l of exp.listeners) {
    if (options.listeners && !options.listeners.includes(l.name)) continue;
    if (!l.hat) continue;
    const blocking = l.hat.problems.find((p) => BLOCKING.has(p.code));
    if (blocking) {
      out.push({ listener: l.name, path: l.path, host, mayMatch: [], match: null, findings: [finding('trace-hat-unreadable', 'error', { listener: l.name, problem: blocking.code, line: blocking.line }, { listener: l.name, listenerPath: l.path })] });
      continue;
    }
    out.push({ listener: l.name, path: l.path, host, ...traceHat(l.hat, host, l.defaults), findings: [] });
  }
  return out;
}

/** Where a host lands: entry, policy, behaviour and TLS, and the entries before it that may match. */
export interface Landing {
  entry: string | null;
  /** 0-based position of the entry. */
  index: number | null;
  member: string | null;
  policy: string | null;
  behaviour: string | null;
  tls: string | null;
  /** Entries before it that may match (`NAME (member)`). */
  may: string[];
}

/** One published host before and after a change. */
export interface PublishedHostRow {
  host: string;
  ip: string;
  before: Landing;
  after: Landing;
  /** The treatment changed: another entry, policy, behaviour or parameter in force (a shifted position alone is no change). */
  changed: boolean;
}

function landing(t: HatTrace): Landing {
  const m = t.match;
  return {
    entry: m?.entry ?? null,
    index: m?.index ?? null,
    member: m?.member ?? null,
    policy: m?.policy ?? null,
    behaviour: m?.behaviour ?? null,
    tls: m?.params.find((p) => p.key === 'tls')?.value ?? null,
    may: t.mayMatch.map((s) => `${s.entry} (${s.member})`),
  };
}

/**
 * For a change board: where each published host (a relay or MX of the recipe's note, its
 * address and, as its verified PTR, its name) lands in a listener's HAT before and after the
 * change. `defaults`: the listener's `$DEFAULT` parameters.
 */
export function publishedHostsTable(before: Hat, after: Hat, hosts: readonly { host: string; ip: string }[], defaults: Readonly<Record<string, string>> = {}): PublishedHostRow[] {
  return hosts.map(({ host, ip }) => {
    const b = traceHat(before, { ip, ptr: host }, defaults);
    const a = traceHat(after, { ip, ptr: host }, defaults);
    const treatment = (t: HatTrace) => JSON.stringify(t.match && [t.match.entry, t.match.policy, t.match.behaviour, t.match.params]);
    return { host, ip, before: landing(b), after: landing(a), changed: treatment(b) !== treatment(a) };
  });
}
