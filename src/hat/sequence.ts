/** Sequences. */

/** Indices of a longest strictly increasing subsequence of the non-negative values of `seq`. */
export function longestIncreasing(seq: readonly number[]): Set<number> {
  const idx = seq.map((v, i) => [v, i] as const).filter(([v]) => v >= 0);
  const tails: number[] = [];
  const prev = new Map<number, number>();
  for (let t = 0; t < idx.length; t++) {
    const v = idx[t]![0];
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (idx[tails[mid]!]![0] < v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev.set(t, tails[lo - 1]!);
    tails[lo] = t;
  }
  const out = new Set<number>();
  let k = tails.length ? tails[tails.length - 1] : undefined;
  while (k !== undefined) {
    out.add(idx[k]![1]);
    k = prev.get(k);
  }
  return out;
}
