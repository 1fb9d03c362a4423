/**
 * "Did you mean": the candidate closest to a word a recipe gave (a key, a behaviour, a
 * parameter name), by edit distance. Pure.
 */

/** Edit distance (insertions, deletions, substitutions; a swap of neighbours counts one). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i ? (j ? 0 : i) : j)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  return d[a.length]![b.length]!;
}

/**
 * The candidate `word` most likely misspells, or undefined: compared ignoring case, within
 * a third of the candidate's length (at least 1, at most 3). An exact match is no suggestion.
 */
export function closestWord(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  if (w.length > 64) return undefined;
  let best: { c: string; d: number } | undefined;
  for (const c of candidates) {
    if (c === word) return undefined;
    const d = editDistance(w, c.toLowerCase());
    if (d > Math.max(1, Math.min(3, Math.floor(c.length / 3)))) continue;
    if (!best || d < best.d) best = { c, d };
  }
  return best?.c;
}
