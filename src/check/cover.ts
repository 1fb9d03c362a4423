/**
 * Which earlier HAT entry catches the hosts a member can match: an index of every member of a
 * HAT built once (sorted sweeps, range-minimum tables), so that each question is answered in
 * logarithmic time, never by comparing members pairwise.
 *
 * Addresses: the members' intervals cut the address space into elementary segments; each
 * segment is labelled with the first entry (HAT order) that certainly matches it. A member is
 * covered by earlier entries when the largest label over its segments is below its entry, and
 * partly covered when the smallest is. Host names: exact names in a map, partial names
 * (`.example.com`) by their suffixes, and names below a partial one as a range of the sorted
 * reversed names. Opaque members (`SBRS[…]`, `dnslist[…]`, …) are only ever covered by the same
 * text (the same condition, judged the same way).
 *
 * Only entries that certainly end the walk take part: a resolved ACCEPT, RELAY, REJECT or
 * TCPREFUSE (never CONTINUE, nor an entry whose policy is undefined), so no claim depends on
 * how the appliance treats those.
 */
import type { Sender } from '../net/sender.js';
import { resolvePolicy, type HatModel } from '../hat/model.js';

/** Behaviours that end the walk of the HAT. */
const FINAL = new Set(['ACCEPT', 'RELAY', 'REJECT', 'TCPREFUSE']);

/** A range-minimum (or maximum) table over an array of entry indices. */
class SparseTable {
  private readonly levels: Int32Array[];
  constructor(
    values: Int32Array,
    private readonly pick: (a: number, b: number) => number,
  ) {
    this.levels = [values];
    for (let k = 1; 1 << k <= values.length; k++) {
      const prev = this.levels[k - 1]!;
      const half = 1 << (k - 1);
      const next = new Int32Array(values.length - (1 << k) + 1);
      for (let i = 0; i < next.length; i++) next[i] = pick(prev[i]!, prev[i + half]!);
      this.levels.push(next);
    }
  }
  /** The picked value over [from, to] (inclusive). */
  query(from: number, to: number): number {
    const k = 31 - Math.clz32(to - from + 1);
    const level = this.levels[k]!;
    return this.pick(level[from]!, level[to - (1 << k) + 1]!);
  }
}

const NONE = 0x7fffffff;

/** The segment index of one IP version. */
class AddressIndex {
  /** Segment starts, ascending; segment s is [starts[s], starts[s+1]). */
  readonly starts: bigint[];
  /** First final entry covering each segment (NONE: no member covers it). */
  readonly owner: Int32Array;
  private readonly min: SparseTable;
  private readonly max: SparseTable;

  /** IPv4: the segment starts as numbers (exact below 2^53), for fast searches; null for IPv6. */
  private readonly keys: Float64Array | null;

  constructor(members: readonly { lo: bigint; hi: bigint; entry: number; final: boolean }[], v4: boolean) {
    // Keys: IPv4 addresses as numbers; IPv6 addresses by their rank among the sorted bounds.
    let starts: bigint[];
    let key: (a: bigint) => number;
    if (v4) {
      const raw = new Float64Array(members.length * 2);
      members.forEach((m, k) => {
        raw[2 * k] = Number(m.lo);
        raw[2 * k + 1] = Number(m.hi) + 1;
      });
      raw.sort();
      let n = 0;
      for (let k = 0; k < raw.length; k++) if (k === 0 || raw[k] !== raw[k - 1]) raw[n++] = raw[k]!;
      this.keys = raw.slice(0, n);
      starts = Array.from(this.keys, (x) => BigInt(x));
      key = (a) => Number(a);
    } else {
      const set = new Set<bigint>();
      for (const m of members) {
        set.add(m.lo);
        set.add(m.hi + 1n);
      }
      starts = [...set].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const rank = new Map(starts.map((x, k) => [x, k] as const));
      this.keys = null;
      key = (a) => rank.get(a)!;
    }
    this.starts = starts;
    const keyOf = this.keys ?? Float64Array.from(starts, (_, k) => k);
    const n = Math.max(0, starts.length - 1);
    this.owner = new Int32Array(n).fill(NONE);
    // Sweep: members by start; a min-heap of (entry, end) with lazy removal of ended ones.
    const finals = members
      .filter((m) => m.final)
      .map((m) => ({ lo: key(m.lo), end: key(m.hi + 1n), entry: m.entry }))
      .sort((a, b) => a.lo - b.lo);
    const heap: { entry: number; end: number }[] = [];
    const push = (x: { entry: number; end: number }) => {
      heap.push(x);
      let i = heap.length - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (heap[p]!.entry <= heap[i]!.entry) break;
        [heap[p], heap[i]] = [heap[i]!, heap[p]!];
        i = p;
      }
    };
    const pop = () => {
      const last = heap.pop()!;
      if (!heap.length) return;
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && heap[l]!.entry < heap[m]!.entry) m = l;
        if (r < heap.length && heap[r]!.entry < heap[m]!.entry) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i]!, heap[m]!];
        i = m;
      }
    };
    let k = 0;
    for (let s = 0; s < n; s++) {
      const at = keyOf[s]!;
      while (k < finals.length && finals[k]!.lo <= at) push(finals[k++]!);
      while (heap.length && heap[0]!.end <= at) pop();
      if (heap.length) this.owner[s] = heap[0]!.entry;
    }
    this.min = new SparseTable(this.owner.length ? this.owner : new Int32Array([NONE]), Math.min);
    this.max = new SparseTable(this.owner.length ? this.owner : new Int32Array([NONE]), Math.max);
  }

  /** The segment holding address `a` (its start is the last start ≤ a), or -1. */
  segmentOf(a: bigint): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    if (hi < 0) return -1;
    const keys = this.keys;
    if (keys) {
      const x = Number(a);
      if (x < keys[0]!) return -1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (keys[mid]! <= x) lo = mid;
        else hi = mid - 1;
      }
    } else {
      if (a < this.starts[0]!) return -1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (this.starts[mid]! <= a) lo = mid;
        else hi = mid - 1;
      }
    }
    return lo < this.owner.length ? lo : -1;
  }

  /** Segments of [lo, hi] (a member's own interval: its bounds are segment bounds). */
  span(lo: bigint, hi: bigint): [number, number] {
    return [this.segmentOf(lo), this.segmentOf(hi)];
  }

  /** Smallest and largest owner over the member's segments. */
  owners(lo: bigint, hi: bigint): { min: number; max: number } {
    const [a, b] = this.span(lo, hi);
    if (a < 0 || b < 0) return { min: NONE, max: NONE };
    return { min: this.min.query(a, b), max: this.max.query(a, b) };
  }

  /** An address of [lo, hi] owned by `entry` or an entry before `before`, with its owner; scans at most `limit` segments. */
  addressOwnedBefore(
    lo: bigint,
    hi: bigint,
    before: number,
    accept: (owner: number) => boolean,
    limit = 64,
  ): { at: bigint; owner: number } | null {
    const [a, b] = this.span(lo, hi);
    for (let s = a; s >= 0 && s <= b && s < a + limit; s++) {
      const o = this.owner[s]!;
      if (o < before && accept(o)) return { at: this.starts[s]!, owner: o };
    }
    return null;
  }

  /** The first address of [lo, hi] whose owner satisfies `accept`; scans at most `limit` segments. */
  addressWhere(lo: bigint, hi: bigint, accept: (owner: number) => boolean, limit = 64): bigint | null {
    const [a, b] = this.span(lo, hi);
    for (let s = a; s >= 0 && s <= b && s < a + limit; s++) if (accept(this.owner[s]!)) return this.starts[s]!;
    return null;
  }

  /** Up to `max` distinct owners of [lo, hi], in address order (scans at most 256 segments). */
  ownersOf(lo: bigint, hi: bigint, max: number): number[] {
    const [a, b] = this.span(lo, hi);
    const out: number[] = [];
    for (let s = a; s >= 0 && s <= b && s < a + 256 && out.length < max; s++) {
      const o = this.owner[s]!;
      if (o !== NONE && !out.includes(o)) out.push(o);
    }
    return out;
  }

  /** The first address ≥ `from` in no member's interval (for a host whose PTR alone should decide), or null. */
  freeAddress(from: bigint, top: bigint): bigint | null {
    let a = from;
    while (a <= top) {
      const s = this.segmentOf(a);
      if (s < 0 || this.owner[s] === NONE) return a;
      a = this.starts[s + 1]!;
    }
    return null;
  }
}

/** Reverses a host name's labels, with a trailing dot: `mail.example.com` -> `com.example.mail.`. */
const reversed = (name: string) => name.split('.').reverse().join('.') + '.';

/** Host-name members: exact names, partial names and a sorted list of reversed names. */
class NameIndex {
  private readonly exact = new Map<string, number>();
  private readonly partial = new Map<string, number>();
  private readonly keys: string[];
  private readonly entries: Int32Array;
  private readonly min: SparseTable;

  constructor(members: readonly { name: string; partial: boolean; entry: number; final: boolean }[]) {
    const list: { key: string; entry: number }[] = [];
    for (const m of members) {
      if (!m.final) continue;
      const map = m.partial ? this.partial : this.exact;
      if (!map.has(m.name) || map.get(m.name)! > m.entry) map.set(m.name, m.entry);
      list.push({ key: reversed(m.name) + (m.partial ? '*' : ''), entry: m.entry });
    }
    list.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    this.keys = list.map((x) => x.key);
    this.entries = Int32Array.from(list.map((x) => x.entry));
    this.min = new SparseTable(this.entries.length ? this.entries : new Int32Array([NONE]), Math.min);
  }

  /** The first final entry whose members match every host `name`/`partial` matches, or NONE. */
  coveredBy(name: string, partial: boolean): number {
    let best = partial ? NONE : (this.exact.get(name) ?? NONE);
    // A partial `.x` covers names strictly below x, and a partial `.x` itself.
    const labels = name.split('.');
    for (let k = partial ? 0 : 1; k < labels.length; k++) {
      const e = this.partial.get(labels.slice(k).join('.'));
      if (e !== undefined && e < best) best = e;
    }
    return best;
  }

  /** The first final entry with a member matching some (not necessarily every) host below partial `.name`, or NONE. */
  overlapsBelow(name: string): number {
    const prefix = reversed(name);
    let lo = lowerBound(this.keys, prefix);
    // Skip the partial `.name` itself (its key is prefix + '*'); names strictly below start with prefix and a label.
    let hi = lowerBound(this.keys, prefix + '\uffff') - 1;
    while (lo <= hi && this.keys[lo] === prefix + '*') lo++;
    while (hi >= lo && this.keys[hi] === prefix + '*') hi--;
    return lo <= hi ? this.min.query(lo, hi) : NONE;
  }
}

function lowerBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The key an opaque member is compared by: its text, case and inner spaces aside. */
export const opaqueKey = (text: string) => text.trim().toLowerCase().replace(/\s+/g, '');

/** Every member of a HAT, indexed. */
export interface CoverIndex {
  /** Per entry: does it certainly end the walk (a resolved ACCEPT, RELAY, REJECT, TCPREFUSE)? */
  final: boolean[];
  /** 0-based index of the first `ALL`, or -1. */
  all: number;
  v4: AddressIndex;
  v6: AddressIndex;
  names: NameIndex;
  /** First final entry holding each opaque member. */
  opaque: Map<string, number>;
}

/** Builds the index of `model` (O(n log n) in its members). */
export function buildCoverIndex(model: HatModel): CoverIndex {
  const final = model.entries.map((e) => {
    const r = resolvePolicy(model, e);
    return r !== null && FINAL.has(r.behaviour.toUpperCase());
  });
  const v4: { lo: bigint; hi: bigint; entry: number; final: boolean }[] = [];
  const v6: typeof v4 = [];
  const names: { name: string; partial: boolean; entry: number; final: boolean }[] = [];
  const opaque = new Map<string, number>();
  let all = -1;
  model.entries.forEach((e, i) => {
    if (e.kind === 'all' && all < 0) all = i;
    for (const m of e.members) {
      const s: Sender = m.sender;
      if (s.kind === 'ip') (s.version === 4 ? v4 : v6).push({ lo: s.lo, hi: s.hi, entry: i, final: final[i]! });
      else if (s.kind === 'host') names.push({ name: s.name, partial: s.partial, entry: i, final: final[i]! });
      else if (final[i] && !opaque.has(opaqueKey(s.text))) opaque.set(opaqueKey(s.text), i);
    }
  });
  return { final, all, v4: new AddressIndex(v4, true), v6: new AddressIndex(v6, false), names: new NameIndex(names), opaque };
}

/** "No entry". */
export const NO_ENTRY = NONE;

/** The index of the IP version of `s`. */
export function addressIndex(c: CoverIndex, s: Sender & { kind: 'ip' }): AddressIndex {
  return s.version === 4 ? c.v4 : c.v6;
}

export type { AddressIndex, NameIndex };
