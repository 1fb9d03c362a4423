/**
 * The first-match evaluator, as the appliance walks a HAT: entries top down, the first entry
 * with a member that matches the connecting host wins. Members that cannot be judged offline
 * are reported as "may match" and the walk continues to the next certain match.
 *
 * An entry whose behaviour is `CONTINUE` decides nothing: Cisco's definition ("the mapping in
 * the HAT is ignored, and processing of the incoming connection continues"; a connection that
 * matches a CONTINUE group "continues down the list until it matches another sender group or
 * the ALL group") is that the walk goes on below it, and its parameters are not applied. Such
 * entries are listed in `continued`.
 */
import { parseSender, type Sender } from '../net/sender.js';
import { resolvePolicy, type HatEntry, type HatMember, type HatModel, type Param } from './model.js';

/** A connecting host. */
export interface Connection {
  ip: string;
  /** Verified PTR name. */
  ptr?: string;
  /** SenderBase reputation score, `'none'` for a host SenderBase has no score for; absent: not known. */
  sbrs?: number | 'none';
}

/** A parameter in effect, and where it comes from. */
export interface EffectiveParam {
  key: string;
  value: string;
  source: 'policy' | 'default';
}

/** An entry that matches (or may match) the host. */
export interface EntryMatch {
  /** 0-based index among the entries. */
  index: number;
  entry: string;
  entryKind: 'group' | 'inline' | 'all';
  /** The member that matched (`ALL` for ALL). */
  member: string;
  certain: boolean;
  /** The behaviour in effect; null when the entry's policy cannot be resolved. */
  behaviour: string | null;
  /** The named policy (without `$`), or null for a behaviour of the entry's own. */
  policy: string | null;
  params: EffectiveParam[];
}

/** What happens to a host. */
export interface Evaluation {
  /** The first certain match; null when none (a HAT without ALL). */
  match: EntryMatch | null;
  /** Entries before it that may match (not judged offline), in order. */
  mayMatch: EntryMatch[];
  /** Entries before it whose behaviour is `CONTINUE` and that match or may match: the walk went on past them. */
  continued: EntryMatch[];
}

type Verdict = 'yes' | 'no' | 'maybe';

function matchMember(m: HatMember, ip: Sender, ptr: string | null, sbrs: number | 'none' | undefined): Verdict {
  const s = m.sender;
  if (s.kind === 'ip') return ip.kind === 'ip' && ip.version === s.version && s.lo <= ip.lo && ip.hi <= s.hi ? 'yes' : 'no';
  if (s.kind === 'host') {
    if (ptr === null) return 'no';
    return (s.partial ? ptr.endsWith('.' + s.name) : ptr === s.name) ? 'yes' : 'no';
  }
  const text = s.text.trim();
  const range = /^SBRS\[\s*(-?[0-9]+(?:\.[0-9]+)?)\s*:\s*(-?[0-9]+(?:\.[0-9]+)?)\s*\]$/i.exec(text);
  if (range) {
    if (sbrs === undefined) return 'maybe';
    return sbrs !== 'none' && Number(range[1]) <= sbrs && sbrs <= Number(range[2]) ? 'yes' : 'no';
  }
  if (/^SBRS\[\s*none\s*\]$/i.test(text)) return sbrs === undefined ? 'maybe' : sbrs === 'none' ? 'yes' : 'no';
  return 'maybe';
}

/** Effective parameters: the policy's own (last value of a key wins), then `$DEFAULT`'s. */
export function effectiveParams(params: readonly Param[] | null, defaults: Readonly<Record<string, string>>): EffectiveParam[] {
  const own = new Map(params ?? []);
  const out: EffectiveParam[] = [...own].map(([key, value]) => ({ key, value, source: 'policy' as const }));
  for (const [key, value] of Object.entries(defaults)) if (!own.has(key)) out.push({ key, value, source: 'default' });
  return out;
}

/** What `entry` does with whatever it catches, as a match of the whole entry (no member named). */
export function entryMatch(model: HatModel, entry: HatEntry, defaults: Readonly<Record<string, string>>): EntryMatch {
  const r = resolvePolicy(model, entry);
  return {
    index: model.entries.indexOf(entry),
    entry: entry.name,
    entryKind: entry.kind,
    member: '',
    certain: true,
    behaviour: r?.behaviour ?? null,
    policy: entry.policy?.kind === 'named' ? entry.policy.name : null,
    params: r ? effectiveParams(r.params, defaults) : [],
  };
}

/** Evaluates `conn` against the HAT. `defaults` are `$DEFAULT`'s parameters (from `hat_default_*`). */
export function evaluate(model: HatModel, conn: Connection, defaults: Readonly<Record<string, string>> = {}): Evaluation {
  const ip = parseSender(conn.ip);
  const ptr = conn.ptr ? conn.ptr.trim().toLowerCase().replace(/\.$/, '') : null;
  const mayMatch: EntryMatch[] = [];
  const continued: EntryMatch[] = [];
  for (let index = 0; index < model.entries.length; index++) {
    const e = model.entries[index]!;
    let member: string | null = null;
    let maybe: string | null = null;
    if (e.kind === 'all') member = 'ALL';
    else
      for (const m of e.members) {
        const v = matchMember(m, ip, ptr, conn.sbrs);
        if (v === 'yes') {
          member = m.text;
          break;
        }
        if (v === 'maybe' && maybe === null) maybe = m.text;
      }
    if (member === null && maybe === null) continue;
    const r = resolvePolicy(model, e);
    const match: EntryMatch = {
      index,
      entry: e.name,
      entryKind: e.kind,
      member: (member ?? maybe)!,
      certain: member !== null,
      behaviour: r ? r.behaviour : null,
      policy: e.policy?.kind === 'named' ? e.policy.name : null,
      params: r ? effectiveParams(r.params, defaults) : [],
    };
    if (match.behaviour === 'CONTINUE') continued.push(match);
    else if (member !== null) return { match, mayMatch, continued };
    else mayMatch.push(match);
  }
  return { match: null, mayMatch, continued };
}

/** A match in words: `REJECT by BLOCKED_PARTNER ($BLOCKED)` / `ACCEPT by CRES ($CRES_TLS, tls required)`. */
export function describeMatch(m: EntryMatch | null, keys: readonly string[] = ['tls']): string {
  if (!m) return 'no entry matches';
  const what = m.behaviour ?? 'an undefined policy';
  const details = [m.policy === null ? 'own behaviour' : `$${m.policy}`];
  for (const k of keys) {
    const p = m.params.find((x) => x.key === k);
    if (p) details.push(`${k} ${p.value}${p.source === 'default' ? ' (default)' : ''}`);
  }
  return `${what} by ${m.entry} (${details.join(', ')})`;
}
