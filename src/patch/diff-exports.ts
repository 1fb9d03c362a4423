/**
 * Two exports compared by meaning: the appliance header (version, serial), and each listener
 * (matched by element path, else by name, else through a name map): its settings outside the
 * HAT as key/value, and its HAT as policies, entries and unknown lines. Formatting (indentation,
 * line endings, blank lines, parameter order, `{}` versus a bare behaviour, a parameter spelled
 * out with the value it inherits from `$DEFAULT`) is not a difference unless `strict` is set.
 * `Current Time:` and the rest of the header comment are ignored.
 *
 * Pure: text in, data out. The one place that reads an export for diff and trace is
 * {@link viewExport}.
 */
import { NotAnExportError, readExport, type Listener } from '../esa/export.js';
import { XmlSyntaxError } from '../xml/scan.js';
import { lineColAt } from '../xml/position.js';
import { type Hat, type HatBehaviour, type HatEntry } from '../esa/hat.js';
import { parseSender } from '../net/sender.js';
import { finding, type Finding, type FindingOf } from '../findings.js';
import type { HatChange } from '../hat/index.js';

// ---------------------------------------------------------------------------------------------
// What diff and trace read of an export
// ---------------------------------------------------------------------------------------------

/** The appliance as the header comment and `<hostname>` name it. */
export interface ExportIdentity {
  hostname: string | null;
  product: string | null;
  model: string | null;
  version: string | null;
  serial: string | null;
}

/** One listener as diff and trace read it. */
export interface ListenerView {
  name: string;
  type: string;
  /** Element path, e.g. `config/listeners/listener[1]`: what identifies a listener. */
  path: string;
  /** Every setting of the listener outside `<hat>`, flattened to `key` / `parent/child[2]` paths. */
  settings: Record<string, string>;
  /** The `$DEFAULT` policy's parameters, from the `hat_default_*` elements (`tls`, `max_concurrency`, …). */
  defaults: Record<string, string>;
  /** The HAT, parsed, or null when the listener has no `<hat>`. */
  hat: Hat | null;
}

/** An export as diff and trace read it. */
export interface ExportView {
  identity: ExportIdentity;
  listeners: ListenerView[];
}

function flatten(value: unknown, prefix: string, out: Record<string, string>): void {
  if (Array.isArray(value)) {
    value.forEach((v, k) => flatten(v, `${prefix}[${k + 1}]`, out));
  } else if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (!entries.length) out[prefix] = '';
    for (const [k, v] of entries) flatten(v, prefix ? `${prefix}/${k}` : k, out);
  } else {
    out[prefix] = value === null || value === undefined ? '' : String(value);
  }
}

/** The `$DEFAULT` parameters a listener's `hat_default_*` settings give. */
export function defaultsOf(settings: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(settings)) if (k.startsWith('hat_default_')) out[k.slice('hat_default_'.length)] = v;
  return out;
}

function listenerView(l: Listener): ListenerView {
  const settings: Record<string, string> = {};
  flatten(l.settings, '', settings);
  return { name: l.name, type: l.type, path: l.path, settings, defaults: defaultsOf(settings), hat: l.hat };
}

/**
 * Reads the parts of an export that diff and trace compare. Throws what `readExport` throws
 * (malformed XML, not an export). The only call of `readExport` in diff and trace.
 */
export function viewExport(text: string): ExportView {
  const exp = readExport(text);
  return {
    identity: { hostname: exp.hostname, product: exp.header.product, model: exp.header.model, version: exp.header.version, serial: exp.header.serial },
    listeners: exp.listeners.map(listenerView),
  };
}

/**
 * {@link viewExport}, with malformed XML and files that are not exports turned into a finding
 * (located at its line and column) instead of an exception.
 */
export function loadView(text: string): { view: ExportView } | { finding: Finding } {
  try {
    return { view: viewExport(text) };
  } catch (e) {
    if (!(e instanceof XmlSyntaxError) && !(e instanceof NotAnExportError)) throw e;
    const span = lineColAt(text, e.offset);
    if (e instanceof NotAnExportError && e.code === 'esa-no-listeners') return { finding: finding('esa-no-listeners', 'error', {}, span) };
    const root = e instanceof NotAnExportError && e.code === 'esa-not-export' ? /<([^>]*)>, not <config>/.exec(e.message)?.[1] : undefined;
    if (root !== undefined) return { finding: finding('esa-not-export', 'error', { root }, span) };
    const listener = e instanceof NotAnExportError && e.code === 'esa-hat-markup' ? /listener (.*) holds markup/.exec(e.message)?.[1] : undefined;
    if (listener !== undefined) return { finding: finding('esa-hat-markup', 'error', { listener }, span) };
    return { finding: finding('xml-syntax', 'error', { detail: e.message }, span) };
  }
}

// ---------------------------------------------------------------------------------------------
// The HAT by meaning
// ---------------------------------------------------------------------------------------------

/** A behaviour with its explicit parameters, as the appliance applies it. */
export interface BehaviourMeaning {
  behaviour: string;
  /** Parameters written, in file order, values unquoted (the last of a repeated key wins). */
  params: [string, string][];
  /** The same as a map. */
  written: Map<string, string>;
  /** The listener's `$DEFAULT`: what a parameter not written inherits. */
  defaults: Readonly<Record<string, string>>;
}

/** How an entry names what happens to its senders: `$NAME`, or a behaviour written in the entry. */
export type PolicyRefMeaning = { kind: 'named'; policy: string } | ({ kind: 'behaviour' } & BehaviourMeaning) | null;

/** What a HAT means, for comparison. */
interface HatMeaning {
  policies: Map<string, BehaviourMeaning & { comment: string | null; block: HatBehaviour['block']; spelled: [string, string][] }>;
  entries: { kind: HatEntry['kind']; name: string; members: Map<string, string>; policy: PolicyRefMeaning; comment: string | null }[];
  /** Lines not understood: their text and where they stand (`$POLICY`, an entry's name, or before the first entry). */
  unknown: { text: string; where: string }[];
  /** Problems after which the HAT cannot be read exactly. */
  blocking: { code: string; line: number }[];
}

const BLOCKING = new Set(['hat-unclosed-block', 'hat-duplicate-policy', 'hat-duplicate-group', 'hat-orphan-line', 'hat-second-policy']);
const UNKNOWN = new Set(['hat-unknown-line', 'hat-unknown-text', 'hat-unknown-param', 'hat-unknown-member']);

/** The key under which two members are the same sender: the address interval, or the lower-cased text. */
export function memberKey(text: string): string {
  const s = parseSender(text);
  if (s.kind === 'ip') return `ip${s.version}:${s.lo}-${s.hi}`;
  if (s.kind === 'host') return `${s.partial ? '.' : ''}${s.name}`;
  return s.text.toLowerCase().replace(/\s+/g, '');
}

function behaviourMeaning(b: HatBehaviour, defaults: Readonly<Record<string, string>>): BehaviourMeaning {
  const last = new Map<string, string>();
  for (const p of b.params) last.set(p.key, p.value);
  return { behaviour: b.keyword, params: [...last], written: last, defaults };
}

function meaningOf(hat: Hat, defaults: Readonly<Record<string, string>>): HatMeaning {
  const policies: HatMeaning['policies'] = new Map();
  for (const p of hat.policies) {
    const b = p.behaviour;
    policies.set(p.name, {
      ...(b ? behaviourMeaning(b, defaults) : { behaviour: '', params: [], written: new Map(), defaults }),
      comment: b?.comment ?? null,
      block: b?.block ?? 'none',
      spelled: b ? b.params.map((x) => [x.key, x.value]) : [],
    });
  }
  const entries = hat.entries.map((e) => {
    const members = new Map<string, string>();
    for (const m of e.members) if (!members.has(memberKey(m.text))) members.set(memberKey(m.text), m.text);
    let policy: PolicyRefMeaning = null;
    let comment: string | null = null;
    if (e.policy?.kind === 'named') {
      policy = { kind: 'named', policy: e.policy.name };
      comment = e.policy.comment;
    } else if (e.policy?.kind === 'behaviour') {
      policy = { kind: 'behaviour', ...behaviourMeaning(e.policy.behaviour, defaults) };
      comment = e.policy.behaviour.comment;
    }
    return { kind: e.kind, name: e.name, members, policy, comment };
  });
  const unknown: HatMeaning['unknown'] = [];
  const whereIs = (line: number): string => {
    const p = hat.policies.find((x) => x.firstLine <= line && line <= x.lastLine);
    if (p) return `$${p.name}`;
    const e = hat.entries.find((x) => x.firstLine <= line && line <= x.lastLine);
    return e ? e.name : 'before the first entry';
  };
  const blocking: HatMeaning['blocking'] = [];
  for (const p of hat.problems) {
    if (BLOCKING.has(p.code)) blocking.push({ code: p.code, line: p.line });
    else if (UNKNOWN.has(p.code)) {
      const l = hat.lines[p.line - 1];
      if (l) unknown.push({ text: l.body.trim(), where: whereIs(p.line - 1) });
    }
  }
  return { policies, entries, unknown, blocking };
}

/** One difference between two HATs by meaning: the HAT language's own change type (`src/hat/diff.ts`). Indices are 0-based. */
export type { HatChange };

/** `$NAME`, or the behaviour and its parameters as written in an entry. */
export function describePolicyRef(p: PolicyRefMeaning): string {
  if (!p) return '(none)';
  if (p.kind === 'named') return `$${p.policy}`;
  return p.params.length ? `${p.behaviour} {${p.params.map(([k, v]) => ` ${k} = ${v}`).join('')} }` : p.behaviour;
}

/**
 * A parameter means the same on both sides when it is written alike (or not at all), or when
 * the values in force are equal: the one written, else the listener's `$DEFAULT`. (Not written
 * on both sides is the same even when the defaults differ: that is a setting change, shown there.)
 */
function sameParam(a: BehaviourMeaning, b: BehaviourMeaning, k: string): boolean {
  const wa = a.written.get(k);
  const wb = b.written.get(k);
  return wa === wb || (wa ?? a.defaults[k]) === (wb ?? b.defaults[k]);
}

function sameParams(a: BehaviourMeaning, b: BehaviourMeaning): boolean {
  return [...a.written.keys(), ...b.written.keys()].every((k) => sameParam(a, b, k));
}

function sameRef(a: PolicyRefMeaning, b: PolicyRefMeaning): boolean {
  if (!a || !b) return a === b;
  if (a.kind === 'named' || b.kind === 'named') return a.kind === b.kind && describePolicyRef(a) === describePolicyRef(b);
  return a.behaviour === b.behaviour && sameParams(a, b);
}

/** Indices of the longest common subsequence of two key lists (entries that kept their relative order). */
function lcsKeep(a: readonly string[], b: readonly string[]): Set<string> {
  // Patience-free O(n*m) on the entries common to both; HATs hold tens of entries, not thousands.
  const n = a.length;
  const m = b.length;
  const dp: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) dp[i]![j] = a[i] === b[j] ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
  const keep = new Set<string>();
  let i = 0;
  let j = 0;
  // On a tie keep a's entry: of two swapped entries, the one that went up is the one moved.
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      keep.add(a[i]!);
      i++;
      j++;
    } else if (dp[i + 1]![j]! > dp[i]![j + 1]!) i++;
    else j++;
  }
  return keep;
}

/** Parameters that do not mean the same; reported with the values as written (null: not written). */
function paramChanges(policy: string, a: BehaviourMeaning, b: BehaviourMeaning): HatChange[] {
  const keys = [...new Set([...a.written.keys(), ...b.written.keys()])];
  return keys.filter((k) => !sameParam(a, b, k)).map((k) => ({ kind: 'policy-param-changed', policy, param: k, from: a.written.get(k) ?? null, to: b.written.get(k) ?? null }));
}

function multiset(values: Iterable<string>): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return JSON.stringify([...counts].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
}

function formattingChanges(a: Hat, b: Hat, ma: HatMeaning, mb: HatMeaning): HatChange[] {
  const out: HatChange[] = [];
  const f = (detail: string, item = 'HAT') => out.push({ kind: 'format', item, detail });
  if (multiset(a.lines.map((l) => l.eol).filter(Boolean)) !== multiset(b.lines.map((l) => l.eol).filter(Boolean))) f('line endings');
  const content = (h: Hat) => h.lines.filter((l) => l.body !== '');
  if (multiset(content(a).map((l) => l.indent)) !== multiset(content(b).map((l) => l.indent))) f('indentation');
  if (a.lines.filter((l) => l.body === '').length !== b.lines.filter((l) => l.body === '').length) f('blank lines');
  for (const [name, pa] of ma.policies) {
    const pb = mb.policies.get(name);
    if (!pb) continue;
    const ka = pa.spelled.map(([k]) => k).filter((k) => pb.written.has(k));
    const kb = pb.spelled.map(([k]) => k).filter((k) => pa.written.has(k));
    if (ka.join() !== kb.join()) f(`parameter order ${ka.join(',')} -> ${kb.join(',')}`, `$${name}`);
    if ([...pa.written.keys(), ...pb.written.keys()].some((k) => pa.written.has(k) !== pb.written.has(k) && sameParam(pa, pb, k))) f('a parameter spelled out with its $DEFAULT value', `$${name}`);
    if (pa.block !== pb.block) f(`block ${pa.block} -> ${pb.block}`, `$${name}`);
  }
  if (!out.length && a.text !== b.text) f('other spelling');
  return out;
}

/**
 * The differences between two HATs by meaning. `defaultsA`/`defaultsB`: each listener's
 * `$DEFAULT` parameters, so that a parameter spelled out with its inherited value is no
 * difference. Throws nothing; blocking problems are the caller's to check first.
 */
export function diffHats(
  a: Hat,
  b: Hat,
  defaultsA: Readonly<Record<string, string>> = {},
  defaultsB: Readonly<Record<string, string>> = {},
  options: { strict?: boolean } = {},
): HatChange[] {
  return diffMeanings(meaningOf(a, defaultsA), meaningOf(b, defaultsB), options.strict ? [a, b] : null);
}

function diffMeanings(ma: HatMeaning, mb: HatMeaning, strict: [Hat, Hat] | null): HatChange[] {
  const out: HatChange[] = [];
  // Policies, by name.
  for (const [name, pa] of ma.policies) {
    const pb = mb.policies.get(name);
    if (!pb) {
      out.push({ kind: 'policy-removed', policy: name, behaviour: pa.behaviour, params: pa.params });
      continue;
    }
    if (pa.behaviour !== pb.behaviour) out.push({ kind: 'policy-behaviour-changed', policy: name, from: pa.behaviour, to: pb.behaviour });
    out.push(...paramChanges(name, pa, pb));
    if ((pa.comment ?? null) !== (pb.comment ?? null)) out.push({ kind: 'policy-comment-changed', policy: name, from: pa.comment, to: pb.comment });
  }
  for (const [name, pb] of mb.policies) if (!ma.policies.has(name)) out.push({ kind: 'policy-added', policy: name, behaviour: pb.behaviour, params: pb.params });

  // Entries: by name; an unmatched pair with the same members and policy is a rename.
  const key = (e: HatMeaning['entries'][number]) => `${e.kind}\u0000${e.name}`;
  const bByKey = new Map(mb.entries.map((e, k) => [key(e), k] as const));
  const aByKey = new Map(ma.entries.map((e, k) => [key(e), k] as const));
  const onlyA = ma.entries.map((_, k) => k).filter((k) => !bByKey.has(key(ma.entries[k]!)));
  const onlyB = new Set(mb.entries.map((_, k) => k).filter((k) => !aByKey.has(key(mb.entries[k]!))));
  const pairs: [number, number][] = ma.entries.flatMap((e, k) => (bByKey.has(key(e)) ? [[k, bByKey.get(key(e))!] as [number, number]] : []));
  const membersSig = (e: HatMeaning['entries'][number]) => [...e.members.keys()].sort().join('\u0000');
  const removed: number[] = [];
  for (const k of onlyA) {
    const e = ma.entries[k]!;
    const twin = [...onlyB].find((j) => {
      const f = mb.entries[j]!;
      return f.kind === e.kind && membersSig(f) === membersSig(e) && sameRef(f.policy, e.policy);
    });
    if (twin === undefined) {
      removed.push(k);
      continue;
    }
    onlyB.delete(twin);
    out.push({ kind: 'entry-renamed', from: e.name, to: mb.entries[twin]!.name });
    pairs.push([k, twin]);
  }
  for (const k of removed) {
    const e = ma.entries[k]!;
    out.push({ kind: 'entry-removed', entry: e.name, entryKind: e.kind, index: k, members: [...e.members.values()], policy: describePolicyRef(e.policy) });
  }
  for (const j of [...onlyB].sort((x, y) => x - y)) {
    const e = mb.entries[j]!;
    out.push({ kind: 'entry-added', entry: e.name, entryKind: e.kind, index: j, members: [...e.members.values()], policy: describePolicyRef(e.policy) });
  }
  // Moves: the pairs outside the longest run that kept its relative order.
  pairs.sort((x, y) => x[0] - y[0]);
  const ids = pairs.map(([i]) => String(i));
  const byB = [...pairs].sort((x, y) => x[1] - y[1]).map(([i]) => String(i));
  const kept = lcsKeep(ids, byB);
  for (const [i, j] of pairs) {
    const ea = ma.entries[i]!;
    const eb = mb.entries[j]!;
    if (!kept.has(String(i))) out.push({ kind: 'entry-moved', entry: eb.name, from: i, to: j });
    const added = [...eb.members].filter(([k]) => !ea.members.has(k)).map(([, t]) => t);
    const gone = [...ea.members].filter(([k]) => !eb.members.has(k)).map(([, t]) => t);
    if (added.length) out.push({ kind: 'members-added', entry: eb.name, members: added });
    if (gone.length) out.push({ kind: 'members-removed', entry: eb.name, members: gone });
    if (!sameRef(ea.policy, eb.policy)) out.push({ kind: 'entry-policy-changed', entry: eb.name, from: describePolicyRef(ea.policy), to: describePolicyRef(eb.policy) });
    if ((ea.comment ?? null) !== (eb.comment ?? null)) out.push({ kind: 'entry-comment-changed', entry: eb.name, from: ea.comment, to: eb.comment });
  }
  // Unknown lines, as a multiset of (where, text).
  const ukey = (u: HatMeaning['unknown'][number]) => `${u.where}\u0000${u.text}`;
  const ua = new Map<string, number>();
  for (const u of ma.unknown) ua.set(ukey(u), (ua.get(ukey(u)) ?? 0) + 1);
  for (const u of mb.unknown) {
    const n = ua.get(ukey(u)) ?? 0;
    if (n > 0) ua.set(ukey(u), n - 1);
    else out.push({ kind: 'unknown-added', text: u.text, where: u.where });
  }
  for (const u of ma.unknown) {
    const n = ua.get(ukey(u)) ?? 0;
    if (n > 0) {
      ua.set(ukey(u), n - 1);
      out.push({ kind: 'unknown-removed', text: u.text, where: u.where });
    }
  }
  if (strict) out.push(...formattingChanges(strict[0], strict[1], ma, mb));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Exports
// ---------------------------------------------------------------------------------------------

/** A key/value difference; `null`: absent on that side. */
export interface SettingChange {
  key: string;
  from: string | null;
  to: string | null;
}

/** How a listener of `a` was paired with one of `b`. */
export type ListenerMatch = 'path' | 'name' | 'map' | 'only-a' | 'only-b';

/** One listener compared. */
export interface ListenerDiff {
  /** The listener's name in `a` (in `b` when it is only there). */
  listener: string;
  a: { name: string; path: string } | null;
  b: { name: string; path: string } | null;
  match: ListenerMatch;
  settings: SettingChange[];
  hat: HatChange[];
}

/** Diff and trace findings. */
export type DiffFinding = FindingOf<'diff-hat-unreadable'> | FindingOf<'diff-unknown-listener'> | FindingOf<'diff-listener-by-name'>;

/** The result of {@link diffExports}. */
export interface ExportDiff {
  a: ExportIdentity;
  b: ExportIdentity;
  /**
   * Differences of `<hostname>` and the header comment's Version and Serial Number: shown, not
   * counted as differences (a replacement appliance has another serial).
   */
  header: SettingChange[];
  listeners: ListenerDiff[];
  findings: DiffFinding[];
  /** No difference (and no error finding). */
  identical: boolean;
}

/** Options of {@link diffExports}. */
export interface DiffOptions {
  /** Report formatting differences too. */
  strict?: boolean;
  /** Listener names of `a` mapped to names of `b` (`--map-listener A=B`). */
  mapListeners?: Readonly<Record<string, string>>;
  /** Compare only these listeners (names in `a`). */
  listeners?: readonly string[];
}

function settingChanges(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): SettingChange[] {
  const out: SettingChange[] = [];
  for (const [k, v] of Object.entries(a)) if (b[k] !== v) out.push({ key: k, from: v, to: b[k] ?? null });
  for (const [k, v] of Object.entries(b)) if (!(k in a)) out.push({ key: k, from: null, to: v });
  return out;
}

/** An element path with every step indexed (`listener` is `listener[1]`): the appliance writes no index for an only child. */
function fullPath(path: string): string {
  return path
    .split('/')
    .map((s) => (/\[\d+\]$/.test(s) ? s : `${s}[1]`))
    .join('/');
}

function pairListeners(a: readonly ListenerView[], b: readonly ListenerView[], map: Readonly<Record<string, string>>): [ListenerView | null, ListenerView | null, ListenerMatch][] {
  const out: [ListenerView | null, ListenerView | null, ListenerMatch][] = [];
  const freeB = new Set(b);
  const mapped = new Map<ListenerView, ListenerView>();
  for (const la of a) {
    const target = map[la.name];
    if (target === undefined) continue;
    const lb = b.find((x) => x.name === target && freeB.has(x));
    if (lb) {
      mapped.set(la, lb);
      freeB.delete(lb);
    }
  }
  const pending: ListenerView[] = [];
  for (const la of a) {
    const m = mapped.get(la);
    if (m) {
      out.push([la, m, 'map']);
      continue;
    }
    const lb = b.find((x) => fullPath(x.path) === fullPath(la.path) && freeB.has(x) && !(la.name in map));
    if (lb && (lb.name === la.name || !b.some((x) => x.name === la.name && freeB.has(x) && x !== lb))) {
      freeB.delete(lb);
      out.push([la, lb, 'path']);
    } else pending.push(la);
  }
  for (const la of pending) {
    const lb = b.find((x) => x.name === la.name && freeB.has(x));
    if (lb) {
      freeB.delete(lb);
      out.push([la, lb, 'name']);
    } else out.push([la, null, 'only-a']);
  }
  for (const lb of b) if (freeB.has(lb)) out.push([null, lb, 'only-b']);
  return out;
}

/**
 * Compares two exports by meaning (see the module comment). `a` and `b` are parsed views
 * ({@link viewExport}); the result lists header, listener-setting and HAT differences, and
 * findings: a HAT that cannot be read exactly is an error (that listener is not compared).
 */
export function diffExports(a: ExportView, b: ExportView, options: DiffOptions = {}): ExportDiff {
  const findings: DiffFinding[] = [];
  const header: SettingChange[] = [];
  for (const key of ['hostname', 'version', 'serial'] as const) {
    if (a.identity[key] !== b.identity[key]) header.push({ key, from: a.identity[key], to: b.identity[key] });
  }
  const map = options.mapListeners ?? {};
  for (const name of Object.keys(map)) {
    if (!a.listeners.some((l) => l.name === name)) findings.push(finding('diff-unknown-listener', 'error', { listener: name, side: 'a', available: a.listeners.map((l) => l.name) }));
    if (!b.listeners.some((l) => l.name === map[name])) findings.push(finding('diff-unknown-listener', 'error', { listener: map[name]!, side: 'b', available: b.listeners.map((l) => l.name) }));
  }
  const only = options.listeners;
  if (only) {
    for (const name of only) if (!a.listeners.some((l) => l.name === name)) findings.push(finding('diff-unknown-listener', 'error', { listener: name, side: 'a', available: a.listeners.map((l) => l.name) }));
  }
  const listeners: ListenerDiff[] = [];
  for (const [la, lb, match] of pairListeners(a.listeners, b.listeners, map)) {
    const name = (la ?? lb)!.name;
    if (only && !only.includes(la?.name ?? '') && !only.includes(map[la?.name ?? ''] ?? '') && !(la === null && only.includes(lb!.name))) continue;
    const d: ListenerDiff = { listener: name, a: la && { name: la.name, path: la.path }, b: lb && { name: lb.name, path: lb.path }, match, settings: [], hat: [] };
    listeners.push(d);
    if (match === 'name') findings.push(finding('diff-listener-by-name', 'info', { listener: name, pathA: la!.path, pathB: lb!.path }, { listener: name }));
    if (!la || !lb) continue;
    const sa = { ...la.settings };
    const sb = { ...lb.settings };
    // A mapped listener differs in name by design.
    if (match === 'map') {
      delete sa['listener_name'];
      delete sb['listener_name'];
    }
    d.settings = settingChanges(sa, sb);
    if (!la.hat || !lb.hat) {
      if (la.hat || lb.hat) d.settings.push({ key: 'hat', from: la.hat ? '(present)' : null, to: lb.hat ? '(present)' : null });
      continue;
    }
    const ma = meaningOf(la.hat, la.defaults);
    const mb = meaningOf(lb.hat, lb.defaults);
    const blocked = ma.blocking.length ? (['a', ma.blocking[0]!] as const) : mb.blocking.length ? (['b', mb.blocking[0]!] as const) : null;
    if (blocked) {
      const [side, p] = blocked;
      const l = side === 'a' ? la : lb;
      findings.push(finding('diff-hat-unreadable', 'error', { listener: l.name, side, problem: p.code, line: p.line }, { listener: l.name, listenerPath: l.path }));
      continue;
    }
    d.hat = diffMeanings(ma, mb, options.strict ? [la.hat, lb.hat] : null);
  }
  const identical =
    !findings.some((f) => f.severity === 'error') && listeners.every((l) => l.match !== 'only-a' && l.match !== 'only-b' && !l.settings.length && !l.hat.length);
  return { a: a.identity, b: b.identity, header, listeners, findings, identical };
}
