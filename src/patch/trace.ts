/**
 * "What happens to mail from this host?", answered offline on an export: the appliance's
 * first-match walk of a listener's HAT, top to bottom. For each listener: the entry that
 * matches first and which member made it match, the behaviour, and the effective parameters
 * with where each comes from (the policy, the entry's own behaviour, or `$DEFAULT`). Members
 * that cannot be judged offline (`dnslist[…]`, `SBO:`, `SBRS[…]` without a score, members the
 * grammar does not know) "may match": they are listed at their position and the walk goes on to
 * the next certain match. An entry whose behaviour is `CONTINUE` decides nothing: the walk goes
 * on below it (Cisco's definition; listed as `continued`).
 *
 * Pure: views and values in, data out.
 */
import { parseSender, type Sender } from '../net/sender.js';
import { finding, type FindingOf } from '../findings.js';
import { blockingProblems, evaluate, type EntryMatch, type HatModel } from '../hat/index.js';
import type { ExportView } from './diff-exports.js';

/** The connecting host. */
export interface TraceHost {
  /** Its IPv4 or IPv6 address. */
  ip: string;
  /** Its verified PTR name, when it has one (host members match nothing without it). */
  ptr?: string;
  /**
   * Its SenderBase reputation score, or `'none'` (SenderBase has no score: `SBRS[none]` matches);
   * unknown when absent (SBRS members then "may match").
   */
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
  /** The first certain match, or null (a HAT without ALL, or one whose ALL is CONTINUE). */
  match: TraceStep | null;
  /** Entries before the match whose behaviour is CONTINUE and that match or may match: the walk went on past them. */
  continued: TraceStep[];
}

/** The walk of one listener. */
export interface ListenerTrace extends HatTrace {
  listener: string;
  path: string;
  host: TraceHost;
  findings: TraceFinding[];
}

/** Findings of trace. */
export type TraceFinding = FindingOf<'trace-hat-unreadable'>;

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
    // `10.1.` and Cisco's `10.1` alike: fewer than four octets.
    return sender.lo === sender.hi ? 'address' : 'partial-address';
  }
  return 'unknown';
}

/** Why a member matches (`certain`) or may match, from its kind. */
function reasonOf(kind: MemberKind, certain: boolean, member: string): MatchReason {
  if (certain) {
    if (kind === 'all') return 'all';
    if (kind === 'host') return 'ptr-equal';
    if (kind === 'partial-host') return 'ptr-below';
    if (kind === 'sbrs') return /none/i.test(member) ? 'sbrs-none' : 'sbrs-inside';
    return 'address-inside';
  }
  if (kind === 'sbrs') return 'needs-sbrs';
  if (kind === 'dnslist') return 'needs-dns';
  if (kind === 'sbo') return 'needs-senderbase';
  return 'unknown-member';
}

function step(m: EntryMatch): TraceStep {
  const kind = m.entryKind === 'all' ? 'all' : memberKind(m.member);
  return { ...m, memberKind: kind, reason: reasonOf(kind, m.certain, m.member) };
}

/**
 * Walks a HAT top down for `host` (the HAT language's first-match `evaluate`): the first entry
 * with a member that certainly matches wins; entries with a member that may match before it
 * are listed. `defaults`: the listener's `$DEFAULT` parameters (from `hat_default_*`).
 */
export function traceHat(model: HatModel, host: TraceHost, defaults: Readonly<Record<string, string>> = {}): HatTrace {
  const e = evaluate(model, host, defaults);
  return { mayMatch: e.mayMatch.map(step), match: e.match && step(e.match), continued: e.continued.map(step) };
}

/** Why `host` is not a host address, or null when it is. */
export function checkTraceHost(host: TraceHost): string | null {
  const s = parseSender(host.ip);
  if (s.kind !== 'ip' || s.lo !== s.hi) return `--host ${host.ip} is not an IPv4 or IPv6 address of one host`;
  if (host.ptr !== undefined && parseSender(host.ptr).kind !== 'host') return `--ptr ${host.ptr} is not a host name`;
  if (host.sbrs !== undefined && host.sbrs !== 'none' && !(typeof host.sbrs === 'number' && host.sbrs >= -10 && host.sbrs <= 10))
    return `--sbrs ${String(host.sbrs)} is not a score from -10 to 10 (or none)`;
  return null;
}

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
    // A backslash in a parameter value decides no match: the value is shown as written.
    const blocking = blockingProblems(l.hat.model).filter((p) => p.code !== 'hat-value-escape')[0];
    if (blocking) {
      out.push({
        listener: l.name,
        path: l.path,
        host,
        mayMatch: [],
        match: null,
        continued: [],
        findings: [
          finding(
            'trace-hat-unreadable',
            'error',
            { listener: l.name, problem: blocking.code, line: blocking.line },
            { listener: l.name, listenerPath: l.path },
          ),
        ],
      });
      continue;
    }
    out.push({ listener: l.name, path: l.path, host, ...traceHat(l.hat.model, host, l.defaults), findings: [] });
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
export function publishedHostsTable(
  before: HatModel,
  after: HatModel,
  hosts: readonly { host: string; ip: string }[],
  defaults: Readonly<Record<string, string>> = {},
): PublishedHostRow[] {
  return hosts.map(({ host, ip }) => {
    const b = traceHat(before, { ip, ptr: host }, defaults);
    const a = traceHat(after, { ip, ptr: host }, defaults);
    const treatment = (t: HatTrace) => JSON.stringify(t.match && [t.match.entry, t.match.policy, t.match.behaviour, t.match.params]);
    return { host, ip, before: landing(b), after: landing(a), changed: treatment(b) !== treatment(a) };
  });
}
