/** A 1-based line and column (columns count bytes, as the file is read as latin1). */
export interface LineCol {
  line: number;
  col: number;
}

/** Line and column of a byte offset in `text`. Linear in the offset; for one-off messages. */
export function lineColAt(text: string, offset: number): LineCol {
  let line = 1;
  let lineStart = 0;
  let nl = text.indexOf('\n');
  while (nl !== -1 && nl < offset) {
    line++;
    lineStart = nl + 1;
    nl = text.indexOf('\n', lineStart);
  }
  return { line, col: offset - lineStart + 1 };
}

/**
 * Line and column of offsets of one text ({@link lineIndex}). One index serves every step of a
 * run that numbers lines of the same text (findings, diff hunk headers), so the text is
 * scanned for line ends once, and only as far as the largest offset asked so far.
 */
export interface LineIndex {
  (offset: number): LineCol;
  /** The text it indexes. */
  readonly text: string;
}

/**
 * A function from offset to line/column, built once per text, for many lookups: line starts
 * are found lazily, only as far as the largest offset asked so far (findings near the top of a
 * large file cost nothing further down), then a binary search.
 */
export function lineIndex(text: string): LineIndex {
  let starts = new Int32Array(256);
  let count = 1;
  let next = -2; // the next '\n' not yet recorded (-1: none left, -2: not searched yet)
  const extend = (offset: number) => {
    if (next === -2) next = text.indexOf('\n');
    while (next !== -1 && next < offset) {
      if (count === starts.length) {
        const grown = new Int32Array(starts.length * 2);
        grown.set(starts);
        starts = grown;
      }
      starts[count++] = next + 1;
      next = text.indexOf('\n', next + 1);
    }
  };
  const at = (offset: number): LineCol => {
    extend(offset);
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - starts[lo]! + 1 };
  };
  return Object.assign(at, { text });
}

/** `lines` when it indexes `text` (the caller's, shared), else a new index of `text`. */
export function lineIndexOf(text: string, lines?: LineIndex): LineIndex {
  return lines && lines.text === text ? lines : lineIndex(text);
}
