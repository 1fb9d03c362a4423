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

/** Range-minimum and range-maximum tables over an array of entry indices. */
class SparseTable {
  private readonly mins: Int32Array[];
  private readonly maxs: Int32Array[];
  constructor(values: Int32Array) {
    this.mins = [values];
    this.maxs = [values];
    for (let k = 1; 1 << k <= values.length; k++) {
      const pmin = this.mins[k - 1]!;
      const pmax = this.maxs[k - 1]!;
      const half = 1 << (k - 1);
      const len = values.length - (1 << k) + 1;
      const nmin = new Int32Array(len);
      const nmax = new Int32Array(len);
      for (let i = 0; i < len; i++) {
        const a = pmin[i]!;
        const b = pmin[i + half]!;
        nmin[i] = a < b ? a : b;
        const c = pmax[i]!;
        const d = pmax[i + half]!;
        nmax[i] = c > d ? c : d;
      }
      this.mins.push(nmin);
      this.maxs.push(nmax);
    }
  }
  /** The minimum over [from, to] (inclusive). */
  min(from: number, to: number): number {
    const k = 31 - Math.clz32(to - from + 1);
    const l = this.mins[k]!;
    const a = l[from]!;
    const b = l[to - (1 << k) + 1]!;
    return a < b ? a : b;
  }
  /** The maximum over [from, to] (inclusive). */
  max(from: number, to: number): number {
    const k = 31 - Math.clz32(to - from + 1);
    const l = this.maxs[k]!;
    const a = l[from]!;
    const b = l[to - (1 << k) + 1]!;
    return a > b ? a : b;
  }
}

const NONE = 0x7fffffff;

/** Members of one IP version as parallel arrays: bounds, entry, and whether the entry is final. */
export interface AddressMembers {
  lo: bigint[];
  hi: bigint[];
  entry: number[];
  final: boolean[];
}

/** The segment index of one IP version. */
class AddressIndex {
  /** First final entry covering each segment (NONE: no member covers it). */
  readonly owner: Int32Array;
  private readonly table: SparseTable;
  /** Segment starts as keys: IPv4 addresses as numbers (exact below 2^53); IPv6 their rank in `v6`. */
  private readonly keys: Float64Array;
  /** IPv6: the segment starts; null for IPv4. */
  private readonly v6: bigint[] | null;

  constructor(m: AddressMembers, v4: boolean) {
    const count = m.lo.length;
    const lo = new Float64Array(count);
    const end = new Float64Array(count);
    if (v4) {
      const raw = new Float64Array(count * 2);
      for (let k = 0; k < count; k++) {
        lo[k] = Number(m.lo[k]!);
        end[k] = Number(m.hi[k]!) + 1;
        raw[2 * k] = lo[k]!;
        raw[2 * k + 1] = end[k]!;
      }
      raw.sort();
      let n = 0;
      for (let k = 0; k < raw.length; k++) if (k === 0 || raw[k] !== raw[k - 1]) raw[n++] = raw[k]!;
      this.keys = raw.slice(0, n);
      this.v6 = null;
    } else {
      const set = new Set<bigint>();
      for (let k = 0; k < count; k++) {
        set.add(m.lo[k]!);
        set.add(m.hi[k]! + 1n);
      }
      const starts = [...set].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const rank = new Map(starts.map((x, k) => [x, k] as const));
      for (let k = 0; k < count; k++) {
        lo[k] = rank.get(m.lo[k]!)!;
        end[k] = rank.get(m.hi[k]! + 1n)!;
      }
      this.keys = Float64Array.from(starts, (_, k) => k);
      this.v6 = starts;
    }
    const keys = this.keys;
    const n = Math.max(0, keys.length - 1);
    this.owner = new Int32Array(n).fill(NONE);
    // Sweep: final members by start; a min-heap of entries (ties: any) with lazy removal of ended ones.
    const order = Int32Array.from({ length: count }, (_, k) => k)
      .filter((k) => m.final[k]!)
      .sort((x, y) => lo[x]! - lo[y]!);
    const heap: number[] = []; // member indices, ordered by entry
    const less = (x: number, y: number) => m.entry[x]! < m.entry[y]!;
    let k = 0;
    for (let s = 0; s < n; s++) {
      const at = keys[s]!;
      while (k < order.length && lo[order[k]!]! <= at) {
        heap.push(order[k++]!);
        let i = heap.length - 1;
        while (i > 0) {
          const p = (i - 1) >> 1;
          if (!less(heap[i]!, heap[p]!)) break;
          [heap[p], heap[i]] = [heap[i]!, heap[p]!];
          i = p;
        }
      }
      while (heap.length && end[heap[0]!]! <= at) {
        const last = heap.pop()!;
        if (!heap.length) break;
        heap[0] = last;
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let t = i;
          if (l < heap.length && less(heap[l]!, heap[t]!)) t = l;
          if (r < heap.length && less(heap[r]!, heap[t]!)) t = r;
          if (t === i) break;
          [heap[t], heap[i]] = [heap[i]!, heap[t]!];
          i = t;
        }
      }
      if (heap.length) this.owner[s] = m.entry[heap[0]!]!;
    }
    this.table = new SparseTable(this.owner.length ? this.owner : new Int32Array([NONE]));
  }

  /** The number of segment starts. */
  get size(): number {
    return this.keys.length;
  }

  /** The address where segment `s` starts. */
  startAt(s: number): bigint {
    return this.v6 ? this.v6[s]! : BigInt(this.keys[s]!);
  }

  /** The segment holding address `a` (its start is the last start ≤ a), or -1. */
  segmentOf(a: bigint): number {
    let lo = 0;
    let hi = this.keys.length - 1;
    if (hi < 0) return -1;
    if (this.v6) {
      const starts = this.v6;
      if (a < starts[0]!) return -1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= a) lo = mid;
        else hi = mid - 1;
      }
    } else {
      const keys = this.keys;
      const x = Number(a);
      if (x < keys[0]!) return -1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (keys[mid]! <= x) lo = mid;
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
    return { min: this.table.min(a, b), max: this.table.max(a, b) };
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
      if (o < before && accept(o)) return { at: this.startAt(s), owner: o };
    }
    return null;
  }

  /** The first address of [lo, hi] whose owner satisfies `accept`; scans at most `limit` segments. */
  addressWhere(lo: bigint, hi: bigint, accept: (owner: number) => boolean, limit = 64): bigint | null {
    const [a, b] = this.span(lo, hi);
    for (let s = a; s >= 0 && s <= b && s < a + limit; s++) if (accept(this.owner[s]!)) return this.startAt(s);
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
      a = this.startAt(s + 1);
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
  private readonly table: SparseTable;

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
    this.table = new SparseTable(this.entries.length ? this.entries : new Int32Array([NONE]));
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
    return lo <= hi ? this.table.min(lo, hi) : NONE;
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
  const v4: AddressMembers = { lo: [], hi: [], entry: [], final: [] };
  const v6: AddressMembers = { lo: [], hi: [], entry: [], final: [] };
  const names: { name: string; partial: boolean; entry: number; final: boolean }[] = [];
  const opaque = new Map<string, number>();
  let all = -1;
  model.entries.forEach((e, i) => {
    if (e.kind === 'all' && all < 0) all = i;
    for (const m of e.members) {
      const s: Sender = m.sender;
      if (s.kind === 'ip') {
        const to = s.version === 4 ? v4 : v6;
        to.lo.push(s.lo);
        to.hi.push(s.hi);
        to.entry.push(i);
        to.final.push(final[i]!);
      } else if (s.kind === 'host') names.push({ name: s.name, partial: s.partial, entry: i, final: final[i]! });
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
