/**
 * Text edits: the only way esa-patch changes a document. Offsets are byte offsets into the
 * original (latin1) text; bytes outside the edits cannot change.
 */

/** Replace `delete` (the exact original text at `offset`) with `insert`. */
export interface TextEdit {
  offset: number;
  delete: string;
  insert: string;
}

/** Sorts edits by offset (stable: inserts at one offset keep their order). */
export function sortEdits(edits: readonly TextEdit[]): TextEdit[] {
  return edits
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.offset - b.e.offset || a.i - b.i)
    .map((x) => x.e);
}

/**
 * The result of applying sorted, non-overlapping edits to `text`, as pieces to concatenate
 * in order: slices of `text` (which share its memory) and the inserted strings. Lets a large
 * output be hashed or written without ever being built. Throws like {@link applyEdits}.
 */
export function editedPieces(text: string, edits: readonly TextEdit[]): string[] {
  const parts: string[] = [];
  let pos = 0;
  for (const e of edits) {
    if (!Number.isInteger(e.offset) || e.offset < pos) throw new RangeError(`overlapping edits at offset ${e.offset}`);
    if (e.offset + e.delete.length > text.length || !text.startsWith(e.delete, e.offset)) {
      throw new RangeError(`edit at offset ${e.offset} does not match the text there`);
    }
    if (e.offset > pos) parts.push(text.slice(pos, e.offset));
    if (e.insert) parts.push(e.insert);
    pos = e.offset + e.delete.length;
  }
  if (pos < text.length || !parts.length) parts.push(pos ? text.slice(pos) : text);
  return parts;
}

/** Length of the result of applying `edits` (as for {@link applyEdits}), without building it. */
export function editedLength(text: string, edits: readonly TextEdit[]): number {
  let n = text.length;
  for (const e of edits) n += e.insert.length - e.delete.length;
  return n;
}

/**
 * Applies sorted, non-overlapping edits to `text`. Throws when an edit's `delete` does not
 * match the text at its offset, or edits overlap: a stale or foreign edit list must never be
 * half-applied.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return editedPieces(text, edits).join('');
}

/** The edits that turn the result of `applyEdits(text, edits)` back into `text`. */
export function invertEdits(edits: readonly TextEdit[]): TextEdit[] {
  let shift = 0;
  return edits.map((e) => {
    const inverted = { offset: e.offset + shift, delete: e.insert, insert: e.delete };
    shift += e.insert.length - e.delete.length;
    return inverted;
  });
}
