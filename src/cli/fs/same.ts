/**
 * Whether an existing output already holds what a run would write there: a re-run after an
 * interruption (or after a complete run) finds its own sets and leaves them, instead of
 * refusing them as existing files.
 */
import { closeSync, fstatSync, openSync, readSync, constants } from 'node:fs';

/** An existing file read for a comparison is at most this many times the new content's size (plus 1 MiB). */
const SLACK = 4;

/**
 * True when `path` is a regular file (not a link) holding `content` byte for byte, or, with
 * `same`, one that `same` judges equal (read as one character per byte; a file much larger
 * than `content` is not read). Any failure to read is "not the same".
 */
export function holdsContent(path: string, content: string | readonly string[], same?: (existing: string) => boolean): boolean {
  const pieces = typeof content === 'string' ? [content] : content;
  const length = pieces.reduce((n, p) => n + p.length, 0);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return false;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return false;
    if (same) {
      if (st.size > length * SLACK + (1 << 20)) return false;
      const buf = Buffer.allocUnsafe(st.size);
      let got = 0;
      while (got < st.size) {
        const n = readSync(fd, buf, got, st.size - got, got);
        if (n === 0) return false;
        got += n;
      }
      return same(buf.toString('latin1'));
    }
    if (st.size !== length) return false;
    // Piece by piece through one buffer: a large export is never read whole.
    const chunk = Buffer.allocUnsafe(1 << 20);
    let at = 0;
    for (const piece of pieces) {
      for (let k = 0; k < piece.length; ) {
        const take = Math.min(piece.length - k, chunk.length);
        let got = 0;
        while (got < take) {
          const n = readSync(fd, chunk, got, take - got, at + got);
          if (n === 0) return false;
          got += n;
        }
        if (chunk.toString('latin1', 0, take) !== piece.slice(k, k + take)) return false;
        k += take;
        at += take;
      }
    }
    return true;
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}
