/**
 * Unified diff built from the edits themselves (no whole-file diffing): linear in the file,
 * exact by construction. Lines keep their own endings (LF or CRLF), so `git apply` and GNU
 * `patch` reproduce the patched file byte for byte.
 */
import { applyPatch, parsePatch } from 'diff';
import { applyEdits, type TextEdit } from '../esa/edits.js';
import { lineIndexOf, type LineIndex } from '../esa/position.js';

interface Block {
  /** Offsets of the whole old lines the block replaces. */
  from: number;
  to: number;
  /** The new text of those lines. */
  replacement: string;
}

function lineStartOf(text: string, offset: number): number {
  return offset === 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
}

function nextLineStart(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

function splitKeep(text: string): string[] {
  const out: string[] = [];
  let pos = 0;
  while (pos < text.length) {
    const next = nextLineStart(text, pos);
    out.push(text.slice(pos, next));
    pos = next;
  }
  return out;
}

function blocks(text: string, edits: readonly TextEdit[]): Block[] {
  const out: Block[] = [];
  for (const e of edits) {
    let from = lineStartOf(text, e.offset);
    let to = e.offset + e.delete.length;
    if (to > 0 && text[to - 1] !== '\n') to = nextLineStart(text, to);
    const prev = out[out.length - 1];
    let pieces: { at: number; e: TextEdit }[] = [{ at: e.offset, e }];
    if (prev && from < prev.to) {
      from = prev.from;
      to = Math.max(to, prev.to);
      out.pop();
      pieces = [...(prev as Block & { pieces: typeof pieces }).pieces, ...pieces];
    }
    let replacement = '';
    for (;;) {
      replacement = '';
      let pos = from;
      for (const p of pieces) {
        replacement += text.slice(pos, p.e.offset) + p.e.insert;
        pos = p.e.offset + p.e.delete.length;
      }
      replacement += text.slice(pos, to);
      if (to >= text.length || replacement === '' || replacement.endsWith('\n')) break;
      to = nextLineStart(text, to);
    }
    out.push(Object.assign({ from, to, replacement }, { pieces }));
  }
  return out;
}

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let p = text.indexOf('\n', from); p !== -1 && p < to; p = text.indexOf('\n', p + 1)) n++;
  return n;
}

function emit(prefix: string, line: string): string {
  return line.endsWith('\n') ? prefix + line : `${prefix}${line}\n\\ No newline at end of file\n`;
}

/** A part of the file a hunk header names, e.g. a listener's element: `listener InboundMail`. */
export interface DiffSection {
  /** Byte offsets of the part. */
  from: number;
  to: number;
  label: string;
}

/** A section label that cannot break the hunk header line (no control characters). */
function safeLabel(label: string): string {
  return label.replace(/[\x00-\x1f\x7f]/g, '?');
}

/**
 * The unified diff (3 lines of context) of applying `edits` (sorted, non-overlapping, byte
 * offsets) to `text`, with headers `--- a/NAME` and `+++ b/NAME`. Empty when there is no edit.
 * Each hunk header names the section its first change is in (`@@ -187,7 +187,19 @@ listener
 * InboundMail`), as git names functions; `git apply` and GNU `patch` ignore that text.
 * The returned string holds one character per byte of the file. `lines`: the caller's
 * {@link LineIndex} of `text`, when it has one (the file is then scanned for line ends once).
 */
export function unifiedDiff(
  text: string,
  edits: readonly TextEdit[],
  name: string,
  context = 3,
  sections: readonly DiffSection[] = [],
  lines?: LineIndex,
): string {
  const lineAt = lineIndexOf(text, lines);
  const list = blocks(text, edits).filter((b) => text.slice(b.from, b.to) !== b.replacement);
  if (!list.length) return '';
  const header = (side: string) => {
    const p = `${side}/${name}`;
    if (!/[\x00-\x1f\x7f"\\]/.test(p)) return p;
    const esc: Record<string, string> = { '\n': '\\n', '\t': '\\t', '\r': '\\r', '"': '\\"', '\\': '\\\\' };
    return `"${p.replace(/[\x00-\x1f\x7f"\\]/g, (c) => esc[c] ?? `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`)}"`;
  };
  let out = `--- ${header('a')}\n+++ ${header('b')}\n`;
  let shift = 0;
  let k = 0;
  while (k < list.length) {
    // A hunk: blocks whose gaps are at most 2 * context lines.
    let end = k;
    while (end + 1 < list.length) {
      const gapLines = countLines(text, list[end]!.to, list[end + 1]!.from);
      if (gapLines > 2 * context) break;
      end++;
    }
    const first = list[k]!;
    let ctxStart = first.from;
    for (let c = 0; c < context && ctxStart > 0; c++) ctxStart = lineStartOf(text, ctxStart - 1);
    const last = list[end]!;
    let ctxEnd = last.to;
    for (let c = 0; c < context && ctxEnd < text.length; c++) ctxEnd = nextLineStart(text, ctxEnd);
    const oldStart = lineAt(ctxStart).line;
    let body = '';
    let oldCount = 0;
    let newCount = 0;
    let pos = ctxStart;
    for (let b = k; b <= end; b++) {
      const blk = list[b]!;
      for (const l of splitKeep(text.slice(pos, blk.from))) {
        body += emit(' ', l);
        oldCount++;
        newCount++;
      }
      for (const l of splitKeep(text.slice(blk.from, blk.to))) {
        body += emit('-', l);
        oldCount++;
      }
      for (const l of splitKeep(blk.replacement)) {
        body += emit('+', l);
        newCount++;
      }
      pos = blk.to;
    }
    for (const l of splitKeep(text.slice(pos, ctxEnd))) {
      body += emit(' ', l);
      oldCount++;
      newCount++;
    }
    const newStart = oldStart + shift;
    const range = (start: number, count: number) => (count === 0 ? `${start - 1},0` : count === 1 ? `${start}` : `${start},${count}`);
    const section = sections.find((x) => x.from <= first.from && first.from < x.to);
    out += `@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@${section ? ` ${safeLabel(section.label)}` : ''}\n${body}`;
    shift += newCount - oldCount;
    k = end + 1;
  }
  return out;
}

function lineOffset(text: string, line: number): number {
  let pos = 0;
  for (let k = 1; k < line && pos < text.length; k++) pos = nextLineStart(text, pos);
  return pos;
}

/** The window of whole lines a one-file diff touches (one line of margin), its hunks rebased on it. */
function diffWindow(text: string, diff: string) {
  const patches = parsePatch(diff);
  const hunks = patches[0]?.hunks ?? [];
  if (patches.length !== 1 || !hunks.length) return null;
  const first = Math.max(1, Math.min(...hunks.map((h) => h.oldStart)) - 1);
  const last = Math.max(...hunks.map((h) => h.oldStart + h.oldLines)) + 1;
  const from = lineOffset(text, first);
  let to = from;
  for (let k = first; k <= last && to < text.length; k++) to = nextLineStart(text, to);
  const patch = { ...patches[0]!, hunks: hunks.map((h) => ({ ...h, oldStart: h.oldStart - first + 1, newStart: h.newStart - first + 1 })) };
  const delta = hunks.reduce((acc, h) => acc + h.newLines - h.oldLines, 0);
  return { first, last, delta, from, to, patch };
}

/**
 * {@link verifyDiff} for the result of `edits` on `text`, without building that result: the
 * edits must lie inside the window of lines the diff touches, and within it the diff (applied
 * by jsdiff) must give what the edits give. The window is found by counting lines anew, not
 * with the line index the diff was numbered by: a wrong hunk header cannot check itself.
 */
export function verifyDiffOfEdits(text: string, edits: readonly TextEdit[], diff: string): boolean {
  if (!diff) return edits.every((e) => e.delete === e.insert);
  const w = diffWindow(text, diff);
  if (!w) return false;
  if (edits.some((e) => e.offset < w.from || e.offset + e.delete.length > w.to)) return false;
  const window = text.slice(w.from, w.to);
  return (
    applyPatch(window, w.patch) ===
    applyEdits(
      window,
      edits.map((e) => ({ ...e, offset: e.offset - w.from })),
    )
  );
}

/**
 * Checks a diff with an independent implementation (jsdiff's applyPatch) before anything is
 * written: applied to the window of lines it touches, it must turn `text` into `output`, and
 * nothing outside the window may differ.
 */
export function verifyDiff(text: string, output: string, diff: string): boolean {
  if (!diff) return text === output;
  const w = diffWindow(text, diff);
  if (!w) return false;
  const c = lineOffset(output, w.first);
  const d = lineOffset(output, w.last + w.delta + 1);
  if (w.from !== c || text.slice(0, w.from) !== output.slice(0, c) || text.slice(w.to) !== output.slice(d)) return false;
  return applyPatch(text.slice(w.from, w.to), w.patch) === output.slice(c, d);
}
