/**
 * A fleet's own rules about its HATs, as data (`--rules FILE`, or the built-in `cres`), and
 * their judgement on one listener: each host a rule names is walked through the HAT as the
 * appliance walks it (`evaluate`, what `trace` shows). A rule holds, breaks (certainly), or may
 * break (a member esa-patch cannot judge offline, an SBRS score or a DNS list, comes first).
 */
import { covers, parseSender, type Sender } from '../net/sender.js';
import { describeMatch, evaluate, type Connection, type EntryMatch } from '../hat/evaluate.js';
import { findPolicy, paramValue, type HatModel } from '../hat/model.js';
import type { Severity } from '../findings.js';
import { CRES_PUBLISHED_HOSTS, CRES_SENDERS } from '../recipes/cres-tls.js';
import { addressIndex, buildCoverIndex, type CoverIndex } from './cover.js';
import { addressText } from './members.js';

/** A host or range a rule names. */
export interface RuleHost {
  /** An address, or a range in any HAT form (`10.0.0.0/8`, `192.0.2.10-20`). */
  ip: string;
  ptr?: string;
  sbrs?: number;
}

/** What a rule asserts. */
export type Assertion =
  | { kind: 'lands'; hosts: RuleHost[]; behaviour: string[]; params: Record<string, string[]> }
  | { kind: 'rejected'; hosts: RuleHost[] }
  | { kind: 'relay-only'; ranges: string[] }
  | { kind: 'same-hat'; baseline: string | null }
  | {
      kind: 'policy-param';
      policy: string;
      param: string;
      equals: string[] | null;
      max: number | null;
      min: number | null;
      required: boolean;
    };

/** One rule. */
export interface CheckRule {
  id: string;
  description: string | null;
  severity: Severity;
  /** Which listeners it is about: by type, or by name. */
  listeners: 'public' | 'private' | 'all' | string[];
  /** Which appliances (hostname or file name, `*` wildcards); null: every one. */
  appliances: string[] | null;
  assertion: Assertion;
}

/** The outcome of a rule on one listener. */
export type RuleStatus = 'holds' | 'breaks' | 'may-break';

/** A rule tried on one listener. */
export interface RuleOutcome {
  status: RuleStatus;
  /** Hosts tried. */
  tried: number;
  /** When it does not hold: the host tried, where it landed, what was expected and found, and the 1-based HAT line. */
  host: string | null;
  ptr: string | null;
  landed: string | null;
  expected: string;
  found: string;
  line: number;
}

/** A listener as the rules see it. */
export interface RuleListener {
  name: string;
  type: string;
  model: HatModel;
  defaults: Readonly<Record<string, string>>;
}

/** TLS values that mean "Required" (the HAT token differs by release). */
export const TLS_REQUIRED = ['required', 'required_verify'];

/** Does a recipe sender cover the published host (by its address, or its name as a verified PTR)? */
function senderCovers(senders: readonly string[], h: { host: string; ip: string }): boolean {
  const ip = parseSender(h.ip);
  const name = parseSender(h.host);
  return senders.map(parseSender).some((s) => covers(s, ip) || covers(s, name));
}

const CRES_LANDS = (hosts: readonly { host: string; ip: string }[]): Assertion => ({
  kind: 'lands',
  hosts: hosts.map((h) => ({ ip: h.ip, ptr: h.host })),
  behaviour: ['ACCEPT'],
  params: { tls: TLS_REQUIRED },
});

/**
 * The built-in rule set `cres`: on every public listener, the hosts of the CRES note's table land
 * on an ACCEPT policy with TLS Required. Hosts the note's own senders name are an error when
 * they do not; the others (`res.cisco.com` itself, which `.res.cisco.com` does not match) a
 * warning, as `plan` reports them (a gap of the note, not of the HAT).
 */
export const CRES_RULES: readonly CheckRule[] = [
  {
    id: 'cres-senders-tls-required',
    description:
      "Cisco tech note 118539: every relay and MX host Cisco RES publishes that the note's senders name lands on an ACCEPT policy with TLS Required",
    severity: 'error',
    listeners: 'public',
    appliances: null,
    assertion: CRES_LANDS(CRES_PUBLISHED_HOSTS.filter((h) => senderCovers(CRES_SENDERS, h))),
  },
  {
    id: 'cres-published-hosts-tls-required',
    description: "Cisco tech note 118539: the hosts of the note's table that its senders do not name also land on TLS Required",
    severity: 'warning',
    listeners: 'public',
    appliances: null,
    assertion: CRES_LANDS(CRES_PUBLISHED_HOSTS.filter((h) => !senderCovers(CRES_SENDERS, h))),
  },
];

/** Does the rule apply to this listener? */
export function appliesTo(rule: CheckRule, l: { name: string; type: string }): boolean {
  const w = rule.listeners;
  if (w === 'all') return true;
  if (w === 'public' || w === 'private') return l.type === w;
  return w.includes(l.name);
}

/** Does the rule apply to this appliance (its hostname or file name)? */
export function appliesToAppliance(rule: CheckRule, names: readonly (string | null)[]): boolean {
  if (!rule.appliances) return true;
  return rule.appliances.some((p) => {
    const re = new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i');
    return names.some((n) => n !== null && re.test(n));
  });
}

/** Points at most tried per range (one per piece the HAT's members cut it into). */
const MAX_POINTS = 1024;
/** Walks at most per rule and listener (each walk is linear in the HAT): a rules file bounds its own cost. */
export const MAX_WALKS = 10_000;

/** Past {@link MAX_WALKS}: what was not tried is not claimed to hold (`may-break`, at `line`). */
function unTried(tried: number, expected: string, line: number): RuleOutcome {
  return {
    status: 'may-break',
    tried,
    host: null,
    ptr: null,
    landed: null,
    expected,
    found: `more than ${MAX_WALKS} hosts to try: the rest were not tried`,
    line,
  };
}

/** The hosts of a rule host: itself, or one address of each piece the HAT's members cut a range into. */
function connectionsOf(h: RuleHost, c: CoverIndex): Connection[] {
  const s = parseSender(h.ip);
  const extra = { ...(h.ptr ? { ptr: h.ptr } : {}), ...(h.sbrs !== undefined ? { sbrs: h.sbrs } : {}) };
  if (s.kind !== 'ip') return [];
  if (s.lo === s.hi) return [{ ip: h.ip, ...extra }];
  const idx = addressIndex(c, s);
  const out: Connection[] = [{ ip: addressText(s.version, s.lo), ...extra }];
  const [a] = idx.span(s.lo, s.hi);
  for (let k = Math.max(a, 0); k < idx.size && out.length < MAX_POINTS; k++) {
    const at = idx.startAt(k);
    if (at > s.hi) break;
    if (at > s.lo) out.push({ ip: addressText(s.version, at), ...extra });
  }
  return out;
}

const hostText = (c: Connection) => ({ host: c.ip, ptr: c.ptr ?? null });

/** `REJECT by BLACKLIST ($BLOCKED)`, or `may match BLACKLIST (sbrs[…]): REJECT`. */
function landing(m: EntryMatch | null, keys: readonly string[]): string {
  if (!m) return describeMatch(null);
  return m.certain ? describeMatch(m, keys) : `may match ${m.entry} (${m.member}): ${describeMatch(m, keys)}`;
}

/** Judges the hosts of a lands/rejected rule: the worst outcome, and the first host that shows it. */
function judgeHosts(
  l: RuleListener,
  c: CoverIndex,
  hosts: readonly RuleHost[],
  ok: (m: EntryMatch) => boolean,
  expected: string,
  keys: readonly string[],
): RuleOutcome {
  let tried = 0;
  let may: RuleOutcome | null = null;
  for (const h of hosts) {
    for (const conn of connectionsOf(h, c)) {
      // Past the bound, what was not tried is not claimed to hold.
      if (tried >= MAX_WALKS) return may ?? unTried(tried, expected, 1);
      tried++;
      const e = evaluate(l.model, conn, l.defaults);
      const at = (m: EntryMatch | null) => (m ? l.model.entries[m.index]!.line + 1 : 1);
      if (!e.match || !ok(e.match))
        return {
          status: 'breaks',
          tried,
          ...hostText(conn),
          landed: e.match?.entry ?? null,
          expected,
          found: landing(e.match, keys),
          line: at(e.match),
        };
      const bad = e.mayMatch.find((m) => !ok(m));
      if (bad && !may)
        may = { status: 'may-break', tried, ...hostText(conn), landed: bad.entry, expected, found: landing(bad, keys), line: at(bad) };
    }
  }
  return may ? { ...may, tried } : { status: 'holds', tried, host: null, ptr: null, landed: null, expected, found: '', line: 0 };
}

const holds = (tried: number, expected: string): RuleOutcome => ({
  status: 'holds',
  tried,
  host: null,
  ptr: null,
  landed: null,
  expected,
  found: '',
  line: 0,
});

/** Tries a rule (all kinds but same-hat, which compares appliances) on one listener. */
export function judgeListener(rule: CheckRule, l: RuleListener, cover: CoverIndex = buildCoverIndex(l.model)): RuleOutcome {
  const a = rule.assertion;
  if (a.kind === 'lands') {
    const keys = Object.keys(a.params);
    const ok = (m: EntryMatch) =>
      m.behaviour !== null &&
      a.behaviour.includes(m.behaviour.toUpperCase()) &&
      keys.every((k) => {
        const v = m.params.find((p) => p.key === k)?.value;
        return v !== undefined && a.params[k]!.some((x) => x.toLowerCase() === v.toLowerCase());
      });
    const expected = [a.behaviour.join(' or '), ...keys.map((k) => `${k} ${a.params[k]!.join(' or ')}`)].join(', ');
    return judgeHosts(l, cover, a.hosts, ok, expected, keys);
  }
  if (a.kind === 'rejected') {
    const ok = (m: EntryMatch) => m.behaviour !== null && ['REJECT', 'TCPREFUSE'].includes(m.behaviour.toUpperCase());
    return judgeHosts(l, cover, a.hosts, ok, 'REJECT or TCPREFUSE', []);
  }
  if (a.kind === 'relay-only') return judgeRelayOnly(l, cover, a.ranges);
  if (a.kind === 'policy-param') return judgePolicyParam(l, a);
  return holds(0, 'the same HAT');
}

/** Candidate hosts of a RELAY member outside `allowed` (for an address member: one per piece no earlier entry certainly takes). */
function relayCandidates(c: CoverIndex, s: Sender, allowed: readonly Sender[], i: number): Connection[] {
  const outside = (version: 4 | 6, a: bigint) => !allowed.some((r) => r.kind === 'ip' && r.version === version && r.lo <= a && a <= r.hi);
  if (s.kind === 'ip') {
    const idx = addressIndex(c, s);
    const out: Connection[] = [];
    const [a, b] = idx.span(s.lo, s.hi);
    for (let k = a; k >= 0 && k <= b && out.length < 64; k++) {
      if (idx.owner[k]! < i) continue;
      // The piece's start, else the first address after an allowed range inside the piece.
      let at: bigint | null = idx.startAt(k);
      const end = idx.startAt(k + 1) - 1n;
      for (let guard = 0; at !== null && !outside(s.version, at) && guard < 64; guard++) {
        const r = allowed.find((x) => x.kind === 'ip' && x.version === s.version && x.lo <= at! && at! <= x.hi) as Sender & { kind: 'ip' };
        at = r.hi + 1n <= end ? r.hi + 1n : null;
      }
      if (at !== null) out.push({ ip: addressText(s.version, at) });
    }
    return out;
  }
  // A host name, an opaque member or ALL relays for hosts anywhere: an address of no member and outside the ranges.
  for (let a = 0xc0000201n; a <= 0xc00002ffn; a++) {
    const seg = c.v4.segmentOf(a);
    if ((seg < 0 || c.v4.owner[seg]! >= i) && outside(4, a))
      return [{ ip: addressText(4, a), ...(s.kind === 'host' ? { ptr: s.partial ? `mail.${s.name}` : s.name } : {}) }];
  }
  return [];
}

function judgeRelayOnly(l: RuleListener, c: CoverIndex, ranges: readonly string[]): RuleOutcome {
  const allowed = ranges.map(parseSender);
  const expected = `RELAY only for ${ranges.join(', ')}`;
  let tried = 0;
  let may: RuleOutcome | null = null;
  const entries = l.model.entries;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const m = evaluateBehaviour(l, i);
    if (m !== 'RELAY') continue;
    const members = e.kind === 'all' ? [{ text: 'ALL', sender: { kind: 'other', text: 'ALL' } as Sender, line: e.line }] : e.members;
    for (const mem of members) {
      if (mem.sender.kind === 'ip' && allowed.some((r) => covers(r, mem.sender))) continue;
      for (const conn of relayCandidates(c, mem.sender, allowed, i)) {
        if (tried >= MAX_WALKS) return may ?? unTried(tried, expected, mem.line + 1);
        tried++;
        const ev = evaluate(l.model, conn, l.defaults);
        const found = `${mem.text} in ${e.name} relays for it`;
        const out = { ...hostText(conn), landed: e.name, expected, found, line: mem.line + 1 };
        // Some host of this address relays (whatever its score or lists, a score that gets past the entries that may match exists).
        if (ev.match?.index === i && ev.match.certain) return { status: 'breaks', tried, ...out };
        if ((ev.match?.index === i || ev.mayMatch.some((x) => x.index === i)) && !may) may = { status: 'may-break', tried, ...out };
        if (ev.match?.index === i || ev.mayMatch.some((x) => x.index === i)) break;
      }
    }
  }
  return may ? { ...may, tried } : holds(tried, expected);
}

function evaluateBehaviour(l: RuleListener, i: number): string | null {
  const e = l.model.entries[i]!;
  if (!e.policy) return null;
  if (e.policy.kind === 'own') return e.policy.behaviour.toUpperCase();
  const name = e.policy.name.toLowerCase();
  const p = l.model.policies.find((x) => x.name.toLowerCase() === name);
  return p ? p.behaviour.toUpperCase() : null;
}

function judgePolicyParam(l: RuleListener, a: Assertion & { kind: 'policy-param' }): RuleOutcome {
  const isDefault = a.policy.toUpperCase() === 'DEFAULT';
  const p = isDefault
    ? null
    : (findPolicy(l.model, a.policy) ?? l.model.policies.find((x) => x.name.toLowerCase() === a.policy.toLowerCase()));
  const parts = [
    a.equals ? `${a.param} = ${a.equals.join(' or ')}` : null,
    a.max !== null ? `${a.param} <= ${a.max}` : null,
    a.min !== null ? `${a.param} >= ${a.min}` : null,
  ].filter((x): x is string => x !== null);
  const expected = `$${a.policy}: ${parts.join(', ') || `${a.param} set`}`;
  const base = { host: null, ptr: null, landed: null, expected, tried: 1 };
  if (!isDefault && !p)
    return a.required ? { ...base, status: 'breaks', found: `no policy $${a.policy}`, line: 1 } : { ...holds(0, expected) };
  const own = p ? paramValue(p.params, a.param) : undefined;
  const value = own ?? l.defaults[a.param];
  const line = p ? p.headLine + 1 : 1;
  if (value === undefined)
    return { ...base, status: 'may-break', found: `${a.param} not set (the appliance's built-in default applies)`, line };
  const found = `${a.param} = ${value}${own === undefined ? ' ($DEFAULT)' : ''}`;
  const n = Number(value);
  const numeric = value.trim() !== '' && Number.isFinite(n);
  const ok =
    (!a.equals || a.equals.some((x) => x.toLowerCase() === value.toLowerCase())) &&
    (a.max === null || (numeric && n <= a.max)) &&
    (a.min === null || (numeric && n >= a.min));
  return ok ? { ...holds(1, expected) } : { ...base, status: 'breaks', found, line };
}
