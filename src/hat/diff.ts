/**
 * Two HAT models compared by meaning. Formatting (indentation, line endings, blank lines,
 * `{}` vs bare, parameter order, comment spacing) is not a change unless `strict`.
 */
import { applyOperations, notApplied, sameTarget, targetOf } from './apply-model.js';
import type { HatEntry, HatMember, HatModel, Param, PolicyRef, UnknownLine } from './model.js';
import { describeTarget, type HatOperation } from './operations.js';
import { longestIncreasing } from './sequence.js';
import { overlaps, senderSet, type Sender } from '../net/sender.js';

/** One difference by meaning (or, with `strict`, of formatting). */
export type HatChange =
  | { kind: 'policy-added'; policy: string; behaviour: string; params: Param[] }
  | { kind: 'policy-removed'; policy: string; behaviour: string; params: Param[] }
  | { kind: 'policy-behaviour-changed'; policy: string; from: string; to: string }
  | { kind: 'policy-param-changed'; policy: string; param: string; from: string | null; to: string | null }
  | { kind: 'policy-comment-changed'; policy: string; from: string | null; to: string | null }
  | { kind: 'entry-added'; entry: string; entryKind: 'group' | 'inline' | 'all'; index: number; members: string[]; policy: string }
  | { kind: 'entry-removed'; entry: string; entryKind: 'group' | 'inline' | 'all'; index: number; members: string[]; policy: string }
  | { kind: 'entry-renamed'; from: string; to: string }
  | { kind: 'entry-moved'; entry: string; from: number; to: number }
  | { kind: 'members-added'; entry: string; members: string[] }
  | { kind: 'members-removed'; entry: string; members: string[] }
  | { kind: 'entry-policy-changed'; entry: string; from: string; to: string }
  | { kind: 'entry-comment-changed'; entry: string; from: string | null; to: string | null }
  | { kind: 'unknown-added'; text: string; where: string }
  | { kind: 'unknown-removed'; text: string; where: string }
  | { kind: 'format'; item: string; detail: string }
  | { kind: 'operation-failed'; operation: string; reason: string };

/** Options of {@link semanticDiff}. */
export interface DiffOptions {
  /** Also report formatting differences (`format` changes). */
  strict?: boolean;
  /** `$DEFAULT` parameters (from `hat_default_*`): a parameter spelled out equal to its default is no change. */
  defaults?: Readonly<Record<string, string>>;
  /**
   * `addresses` (default): members compare by the hosts they match (`/26` is `0-63`; a respelling
   * is a `format` change). `text`: by their text, case aside (the proof of a write: the HAT must
   * hold exactly the members the operations name).
   */
  members?: 'addresses' | 'text';
}

const norm = (c: string | null) => (c === null ? null : c.trim().replace(/\s+/g, ' ') || null);

function refText(ref: PolicyRef | null): string {
  return ref ? describeTarget(targetOf(ref)) : '(none)';
}

function entryKey(e: HatEntry): string {
  return `${e.kind}:${e.kind === 'inline' ? e.name.toLowerCase() : e.name}`;
}

function memberSet(e: HatEntry): string[] {
  return e.members.map((m) => m.text.toLowerCase()).sort();
}

/** Do two member lists match the same hosts (the same address set, the same host names)? */
function sameAddressSet(a: readonly Sender[], b: readonly Sender[]): boolean {
  const sa = senderSet(a);
  const sb = senderSet(b);
  return a.every((s) => sb.covers(s)) && b.every((s) => sa.covers(s));
}

/** A key equal for two senders exactly when they match the same hosts (null: compared by text only). */
function senderKey(s: Sender): string | null {
  if (s.kind === 'ip') return `${s.version}:${s.lo}-${s.hi}`;
  if (s.kind === 'host') return `${s.partial ? '.' : ''}${s.name}`;
  return null;
}

/**
 * How the members of a paired entry changed: by meaning. The same text (case aside) is the same
 * member; a member spelled otherwise for the same addresses or names (`/26` and `0-63`), or a
 * list that matches exactly the same hosts as before (`/25` twice for a `/24`, a duplicate, a
 * member inside another), is a respelling, not a removal and an addition.
 */
function memberChanges(
  e: HatEntry,
  f: HatEntry,
  byText: boolean,
): { added: string[]; removed: string[]; respelled: { from: string[]; to: string[] }[] } {
  let left = [...e.members];
  let right = [...f.members];
  const respelled: { from: string[]; to: string[] }[] = [];
  // Multisets: the same text (case aside) first, then the same hosts spelled otherwise.
  const pairOff = (key: (m: HatMember) => string | null, onPair: (a: HatMember, b: HatMember) => void) => {
    const pool = new Map<string, HatMember[]>();
    for (const m of right) {
      const k = key(m);
      if (k === null) continue;
      const l = pool.get(k);
      if (l) l.push(m);
      else pool.set(k, [m]);
    }
    const paired = new Set<HatMember>();
    left = left.filter((m) => {
      const k = key(m);
      const b = k === null ? undefined : pool.get(k)?.shift();
      if (!b) return true;
      paired.add(b);
      onPair(m, b);
      return false;
    });
    right = right.filter((m) => !paired.has(m));
  };
  pairOff(
    (m) => m.text.toLowerCase(),
    () => {},
  );
  if (byText) return { added: right.map((m) => m.text), removed: left.map((m) => m.text), respelled };
  pairOff(
    (m) => senderKey(m.sender),
    (a, b) => respelled.push({ from: [a.text], to: [b.text] }),
  );
  // The pairs so far are the same hosts on both sides: the lists match the same hosts exactly
  // when what is left on each side is covered by the other side's list.
  const coveredBy = (rest: readonly HatMember[], list: readonly HatMember[]) => {
    if (!rest.length) return true;
    // A few members left (the usual case): only the senders that touch them make the set.
    const near =
      rest.length > 8 ? list : list.filter((m) => rest.some((r) => overlaps(m.sender, r.sender) || overlaps(r.sender, m.sender)));
    const set = senderSet(near.map((m) => m.sender));
    return rest.every((m) => set.covers(m.sender));
  };
  if ((left.length || right.length) && coveredBy(left, f.members) && coveredBy(right, e.members)) {
    respelled.push({ from: left.map((m) => m.text), to: right.map((m) => m.text) });
    left = [];
    right = [];
  }
  return { added: right.map((m) => m.text), removed: left.map((m) => m.text), respelled };
}

function sameRef(a: PolicyRef | null, b: PolicyRef | null): boolean {
  if (!a || !b) return a === b;
  return sameTarget(targetOf(a), targetOf(b));
}

function diffParams(
  policy: string,
  a: readonly Param[],
  b: readonly Param[],
  defaults: Readonly<Record<string, string>>,
  out: HatChange[],
): void {
  const ma = new Map(a);
  const mb = new Map(b);
  for (const key of new Set([...ma.keys(), ...mb.keys()])) {
    const from = ma.get(key) ?? null;
    const to = mb.get(key) ?? null;
    if (from === to) continue;
    const d = defaults[key];
    if (d !== undefined && (from ?? d) === (to ?? d)) continue;
    out.push({ kind: 'policy-param-changed', policy, param: key, from, to });
  }
}

/** The differences between two models, by meaning. Empty: they mean the same. */
export function semanticDiff(before: HatModel, after: HatModel, options: DiffOptions = {}): HatChange[] {
  const out: HatChange[] = [];
  const defaults = options.defaults ?? {};
  const strict = !!options.strict;
  const byText = options.members === 'text';
  const sameMembers = (e: HatEntry, f: HatEntry) =>
    byText
      ? memberSet(e).join('\n') === memberSet(f).join('\n')
      : sameAddressSet(
          e.members.map((m) => m.sender),
          f.members.map((m) => m.sender),
        );
  // Policies, by exact name.
  const afterPolicies = new Map(after.policies.map((p) => [p.name, p]));
  const beforeNames = new Set(before.policies.map((p) => p.name));
  for (const p of before.policies) {
    const q = afterPolicies.get(p.name);
    if (!q) {
      out.push({ kind: 'policy-removed', policy: p.name, behaviour: p.behaviour, params: p.params });
      continue;
    }
    if (p.behaviour !== q.behaviour) out.push({ kind: 'policy-behaviour-changed', policy: p.name, from: p.behaviour, to: q.behaviour });
    diffParams(p.name, p.params, q.params, defaults, out);
    if (norm(p.comment) !== norm(q.comment)) out.push({ kind: 'policy-comment-changed', policy: p.name, from: p.comment, to: q.comment });
    if (strict) {
      if (p.spelling !== q.spelling) out.push({ kind: 'format', item: `$${p.name}`, detail: `block ${p.spelling} -> ${q.spelling}` });
      const order = (ps: readonly Param[]) => ps.map(([k]) => k).join(',');
      if (order(p.params) !== order(q.params))
        out.push({ kind: 'format', item: `$${p.name}`, detail: `parameter order ${order(p.params)} -> ${order(q.params)}` });
      if ((p.comment ?? '') !== (q.comment ?? '') && norm(p.comment) === norm(q.comment))
        out.push({ kind: 'format', item: `$${p.name}`, detail: 'comment spacing' });
    }
  }
  for (const q of after.policies)
    if (!beforeNames.has(q.name)) out.push({ kind: 'policy-added', policy: q.name, behaviour: q.behaviour, params: q.params });

  // Entries: pair the k-th occurrence of a name in both; then renames (same members, same policy).
  const pairs: [number, number][] = [];
  const used = new Set<number>();
  const occurrences = new Map<string, number[]>();
  after.entries.forEach((e, j) => {
    const k = entryKey(e);
    occurrences.set(k, [...(occurrences.get(k) ?? []), j]);
  });
  const unpairedBefore: number[] = [];
  before.entries.forEach((e, i) => {
    const list = occurrences.get(entryKey(e));
    const j = list?.shift();
    if (j === undefined) unpairedBefore.push(i);
    else {
      pairs.push([i, j]);
      used.add(j);
    }
  });
  let unpairedAfter = after.entries.map((_, j) => j).filter((j) => !used.has(j));
  const renamed = new Set<number>();
  for (const i of [...unpairedBefore]) {
    const e = before.entries[i]!;
    const j = unpairedAfter.find((j) => {
      const f = after.entries[j]!;
      return f.kind === e.kind && sameMembers(e, f) && sameRef(e.policy, f.policy);
    });
    if (j === undefined) continue;
    out.push({ kind: 'entry-renamed', from: e.name, to: after.entries[j]!.name });
    pairs.push([i, j]);
    renamed.add(i);
    unpairedAfter = unpairedAfter.filter((x) => x !== j);
  }
  for (const i of unpairedBefore) {
    if (renamed.has(i)) continue;
    const e = before.entries[i]!;
    out.push({
      kind: 'entry-removed',
      entry: e.name,
      entryKind: e.kind,
      index: i,
      members: e.members.map((m) => m.text),
      policy: refText(e.policy),
    });
  }
  for (const j of unpairedAfter) {
    const e = after.entries[j]!;
    out.push({
      kind: 'entry-added',
      entry: e.name,
      entryKind: e.kind,
      index: j,
      members: e.members.map((m) => m.text),
      policy: refText(e.policy),
    });
  }
  pairs.sort((x, y) => x[0] - y[0]);
  const keep = longestIncreasing(pairs.map(([, j]) => j));
  pairs.forEach(([i, j], k) => {
    const e = before.entries[i]!;
    const f = after.entries[j]!;
    if (!keep.has(k)) out.push({ kind: 'entry-moved', entry: f.name, from: i, to: j });
    const a = memberSet(e);
    const b = memberSet(f);
    const { added, removed, respelled } = memberChanges(e, f, byText);
    if (added.length) out.push({ kind: 'members-added', entry: f.name, members: added });
    if (removed.length) out.push({ kind: 'members-removed', entry: f.name, members: removed });
    if (strict)
      for (const r of respelled)
        out.push({
          kind: 'format',
          item: f.name,
          detail: `members respelled, same hosts: ${r.from.join(', ') || '-'} -> ${r.to.join(', ') || '-'}`,
        });
    if (!sameRef(e.policy, f.policy)) {
      if (e.policy?.kind === 'own' && f.policy?.kind === 'own' && e.policy.behaviour === f.policy.behaviour)
        diffParams(f.name, e.policy.params, f.policy.params, defaults, out);
      else out.push({ kind: 'entry-policy-changed', entry: f.name, from: refText(e.policy), to: refText(f.policy) });
    }
    if (norm(e.policy?.comment ?? null) !== norm(f.policy?.comment ?? null))
      out.push({ kind: 'entry-comment-changed', entry: f.name, from: e.policy?.comment ?? null, to: f.policy?.comment ?? null });
    if (strict) {
      if (e.members.map((m) => m.text).join(',') !== f.members.map((m) => m.text).join(',') && a.join(',') === b.join(','))
        out.push({ kind: 'format', item: f.name, detail: 'member order or case' });
      if (e.policy?.kind === 'own' && f.policy?.kind === 'own' && e.policy.spelling !== f.policy.spelling)
        out.push({ kind: 'format', item: f.name, detail: `block ${e.policy.spelling} -> ${f.policy.spelling}` });
    }
  });

  // Unknown lines, by where they are and what they say.
  const where = (u: UnknownLine) =>
    u.where.inside ? `${u.where.inside === 'policy' ? '$' : ''}${u.where.name}` : 'before the first entry';
  const key = (u: UnknownLine) => `${where(u)}\u0000${u.text.trim()}`;
  const left = counts(after.unknown.map(key));
  for (const u of before.unknown) if (!takeOne(left, key(u))) out.push({ kind: 'unknown-removed', text: u.text, where: where(u) });
  const right = counts(before.unknown.map(key));
  for (const u of after.unknown) if (!takeOne(right, key(u))) out.push({ kind: 'unknown-added', text: u.text, where: where(u) });
  return out;
}

/** A multiset. */
function counts(xs: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

/** Takes one `x` out of the multiset; false when there is none. */
function takeOne(m: Map<string, number>, x: string): boolean {
  const n = m.get(x);
  if (!n) return false;
  m.set(x, n - 1);
  return true;
}

/** The differences between `applyOperations(before, ops)` and `after`; empty = proven. */
export function proveOperations(before: HatModel, after: HatModel, ops: readonly HatOperation[]): HatChange[] {
  let expected: HatModel;
  try {
    expected = applyOperations(before, ops);
  } catch (e) {
    const n = notApplied(e);
    if (!n) throw e;
    return [{ kind: 'operation-failed', operation: n.args.operation, reason: [n.args.problem, n.args.name].filter(Boolean).join(' ') }];
  }
  return semanticDiff(expected, after, { members: 'text' });
}

const val = (v: string | null) => (v === null ? '(inherited)' : v);

/** A change in plain words, e.g. `$TRUSTED: max_rcpts_per_hour -1 -> 5000`. */
export function describeChange(c: HatChange): string {
  switch (c.kind) {
    case 'policy-added':
      return `policy $${c.policy} added (${describeTarget({ kind: 'own', behaviour: c.behaviour, params: c.params })})`;
    case 'policy-removed':
      return `policy $${c.policy} removed`;
    case 'policy-behaviour-changed':
      return `$${c.policy}: ${c.from} -> ${c.to}`;
    case 'policy-param-changed':
      return `$${c.policy}: ${c.param} ${val(c.from)} -> ${val(c.to)}`;
    case 'policy-comment-changed':
      return `$${c.policy}: comment changed`;
    case 'entry-added':
      return `${c.entry} added at order ${c.index + 1} (${c.members.join(', ')}) ${c.policy}`;
    case 'entry-removed':
      return `${c.entry} removed (was order ${c.index + 1})`;
    case 'entry-renamed':
      return `${c.from} renamed ${c.to}`;
    case 'entry-moved':
      return `${c.entry}: order ${c.from + 1} -> ${c.to + 1}`;
    case 'members-added':
      return `${c.entry}: added ${c.members.join(', ')}`;
    case 'members-removed':
      return `${c.entry}: removed ${c.members.join(', ')}`;
    case 'entry-policy-changed':
      return `${c.entry}: ${c.from} -> ${c.to}`;
    case 'entry-comment-changed':
      return `${c.entry}: comment changed`;
    case 'unknown-added':
      return `unknown line added (${c.where}): ${c.text}`;
    case 'unknown-removed':
      return `unknown line removed (${c.where}): ${c.text}`;
    case 'format':
      return `${c.item}: ${c.detail}`;
    case 'operation-failed':
      return `cannot ${c.operation}: ${c.reason}`;
  }
}
