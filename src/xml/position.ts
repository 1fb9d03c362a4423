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

/** A function from offset to line/column, built once per text (binary search, for many lookups). */
export function lineIndex(text: string): (offset: number) => LineCol {
  let starts: Int32Array | null = null;
  return (offset: number) => {
    if (!starts) {
      const list: number[] = [0];
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', nl + 1)) list.push(nl + 1);
      starts = Int32Array.from(list);
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - starts[lo]! + 1 };
  };
}
