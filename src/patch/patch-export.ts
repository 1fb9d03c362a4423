/**
 * The patch use case, whole: an export's bytes in; the plan, its unified diff, the output as
 * pieces and the checksums out. Reads the export once, plans once, lowers and proves each change
 * while planning ({@link planExport}), then proves the write once ({@link proveWrite}). Pure: no
 * files, no clock; the caller writes the pieces.
 */
import { finding, type Finding } from '../findings.js';
import type { EsaExport } from '../esa/export.js';
import { editedLength, editedPieces, type TextEdit } from '../esa/edits.js';
import { sha256, sha256Pair } from './artefact.js';
import { lineIndex } from '../esa/position.js';
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
  /** The output (the input itself unless `patched`); null unless `write` was asked. */
  output: Digest | null;
  /** The output as pieces to write in order (one character per byte): slices of `text` and the inserted text. */
  pieces: string[];
}

/** Options of {@link patchExport}: a patch run's, and the file name the diff headers show. */
export interface PatchExportOptions extends Omit<PatchOptions, 'lines'> {
  name: string;
  /** The output will be written: hash it too (a plan needs only the input's checksum). */
  write?: boolean;
}

/** The listeners of an export as the sections diff hunk headers name. */
export function listenerSections(exp: EsaExport | null): DiffSection[] {
  if (!exp) return [];
  const { start, end } = exp.doc.elements;
  return exp.listeners.map((l) => ({ from: start[l.element]!, to: end[l.element]!, label: `listener ${l.name}` }));
}

/**
 * Plans a recipe on an export's bytes and proves what would be written (see the module comment).
 * Takes the bytes out of `input` (leaving null) and plans their latin1 text: the bytes are free
 * to go meanwhile (the scanner reads the text, so holding both would double the file in memory).
 * Never throws on bad input.
 */
export function patchExport(input: { bytes: Uint8Array | null }, options: PatchExportOptions): PatchedExport {
  return patchText(takeText(input), options);
}

/** The latin1 text of the bytes `input` holds, which it no longer does. */
function takeText(input: { bytes: Uint8Array | null }): string {
  const bytes = input.bytes!;
  input.bytes = null;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
}

/** {@link patchExport} of the text. */
function patchText(text: string, options: PatchExportOptions): PatchedExport {
  // One index of line ends for every step that numbers lines of the input.
  const lines = lineIndex(text);
  const { name, write, ...patchOptions } = options;
  const plan = planExport(text, { ...patchOptions, lines });
  const patched = plan.outcome === 'patched';
  const edits = patched ? plan.edits : [];
  const diff = patched ? unifiedDiff(text, edits, name, 3, listenerSections(plan.export), lines) : '';
  const unproved = proveWrite(text, edits, diff);
  const digests = write ? sha256Pair(text, edits) : { input: sha256(text), output: null };
  const input = { sha256: digests.input, bytes: text.length };
  const output = digests.output === null ? null : { sha256: digests.output, bytes: editedLength(text, edits) };
  const pieces = editedPieces(text, edits);
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
