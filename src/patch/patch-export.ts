/**
 * The patch use case, whole: an export's bytes in; the plan, its unified diff, the output as
 * pieces and the checksums out. Reads the export once, plans once, lowers and proves each change
 * while planning ({@link planExport}), then proves the write once ({@link proveWrite}). Pure: no
 * files, no clock; the caller writes the pieces.
 */
import { createHash } from 'node:crypto';
import { finding, type Finding } from '../findings.js';
import type { EsaExport } from '../esa/export.js';
import type { TextEdit } from '../xml/edits.js';
import { lineIndex } from '../xml/position.js';
import { planExport, type PatchOptions, type Plan } from './patch.js';
import { unifiedDiff, verifyDiffOfEdits, type DiffSection } from './unified-diff.js';

/** sha256 and size of some bytes. */
export interface Digest {
  sha256: string;
  bytes: number;
}

/** What {@link patchExport} gives. */
export interface PatchedExport {
  /** The plan; `error` when the write could not be proved. */
  plan: Plan;
  /** The export as latin1 text (one character per byte): what offsets, edits and the diff are in. */
  text: string;
  /** The unified diff of the edits (empty unless `patched`). */
  diff: string;
  input: Digest;
  /** The output (the input itself unless `patched`). */
  output: Digest;
  /** The output as pieces to write in order: slices of the input's own bytes and the inserted bytes. */
  pieces: Uint8Array[];
}

/** Options of {@link patchExport}: a patch run's, and the file name the diff headers show. */
export interface PatchExportOptions extends Omit<PatchOptions, 'lines'> {
  name: string;
}

/** The listeners of an export as the sections diff hunk headers name. */
export function listenerSections(exp: EsaExport | null): DiffSection[] {
  if (!exp) return [];
  const { start, end } = exp.doc.elements;
  return exp.listeners.map((l) => ({ from: start[l.element]!, to: end[l.element]!, label: `listener ${l.name}` }));
}

/** Plans a recipe on an export's bytes and proves what would be written (see the module comment). Never throws on bad input. */
export function patchExport(bytes: Uint8Array, options: PatchExportOptions): PatchedExport {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const text = buf.toString('latin1');
  // One index of line ends for every step that numbers lines of the input.
  const lines = lineIndex(text);
  const { name, ...patchOptions } = options;
  const plan = planExport(text, { ...patchOptions, lines });
  const patched = plan.outcome === 'patched';
  const diff = patched ? unifiedDiff(text, plan.edits, name, 3, listenerSections(plan.export), lines) : '';
  const unproved = proveWrite(text, plan.edits, diff);
  const pieces = outputPieces(buf, text, patched ? plan.edits : []);
  const { input, output } = digestsOf(buf, pieces, patched);
  if (unproved) return { plan: { ...plan, outcome: 'error', findings: [...plan.findings, unproved] }, text, diff, input, output, pieces };
  return { plan, text, diff, input, output, pieces };
}

/**
 * The proof of the write, beside the proofs of planning (each changed HAT read back means its
 * input plus exactly the operations and meets every goal; the output's bytes checked by
 * `verifyOutput`): the diff shown, applied by an independent implementation (jsdiff), gives
 * exactly the file written. A finding when it does not.
 */
export function proveWrite(text: string, edits: readonly TextEdit[], diff: string): Finding | null {
  if (verifyDiffOfEdits(text, edits, diff)) return null;
  return finding('internal-check', 'error', {
    listener: null,
    detail: 'the diff does not reproduce the patched file (checked with jsdiff)',
  });
}

/**
 * The output of sorted edits on `bytes` (whose latin1 text is `text`) as pieces: slices of the
 * input's own memory and the inserted bytes. Throws a RangeError when an edit's `delete` is not
 * the text at its offset, or edits overlap (a stale edit list is never half-applied).
 */
export function outputPieces(bytes: Buffer, text: string, edits: readonly TextEdit[]): Buffer[] {
  const out: Buffer[] = [];
  let pos = 0;
  for (const e of edits) {
    if (!Number.isInteger(e.offset) || e.offset < pos) throw new RangeError(`overlapping edits at offset ${e.offset}`);
    if (!text.startsWith(e.delete, e.offset)) throw new RangeError(`edit at offset ${e.offset} does not match the text there`);
    if (e.offset > pos) out.push(bytes.subarray(pos, e.offset));
    if (e.insert) out.push(Buffer.from(e.insert, 'latin1'));
    pos = e.offset + e.delete.length;
  }
  if (pos < bytes.length || !out.length) out.push(bytes.subarray(pos));
  return out;
}

/** Digests of the input and of the output made of `pieces`: what comes before the first edit is hashed once, for both. */
function digestsOf(bytes: Buffer, pieces: readonly Buffer[], edited: boolean): { input: Digest; output: Digest } {
  const h = createHash('sha256');
  if (!edited) {
    const d = { sha256: h.update(bytes).digest('hex'), bytes: bytes.length };
    return { input: d, output: { ...d } };
  }
  const first = pieces[0]!;
  const shared = first.buffer === bytes.buffer && first.byteOffset === bytes.byteOffset ? first : null;
  if (shared) h.update(shared);
  const out = h.copy();
  h.update(shared ? bytes.subarray(shared.length) : bytes);
  for (const p of shared ? pieces.slice(1) : pieces) out.update(p);
  const size = pieces.reduce((n, p) => n + p.length, 0);
  return { input: { sha256: h.digest('hex'), bytes: bytes.length }, output: { sha256: out.digest('hex'), bytes: size } };
}
