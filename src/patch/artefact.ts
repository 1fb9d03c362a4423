/**
 * The patch artefact (`OUT.patch.json`): enough to review, verify and undo a change without
 * the tool's memory. `edits` undo the exact file; `operations` undo by meaning on a later
 * export of the same appliance. This version writes format `esa-patch/2` (the recipe as the
 * exact text applied, see `artefact-recipe.ts`) and reads `esa-patch/1` too.
 */
import { createHash } from 'node:crypto';
import { applyEdits, editedLength, editedPieces, invertEdits, type TextEdit } from '../esa/edits.js';
import { recordRecipe, type RecipeSource } from './artefact-recipe.js';
import type { PatchArtefact, PatchArtefact2 } from './artefact-json-schema.js';
import { reverseOnListeners } from './operations.js';
import type { Plan } from './patch.js';
import { operationsAsText } from './artefact-text.js';
import { isUtf8Export } from '../esa/export.js';

/** Format this version writes. */
export const ARTEFACT_FORMAT = 'esa-patch/2';
/** Format of 0.1.0 to the previous version: read and rolled back, never written. */
export const ARTEFACT_FORMAT_1 = 'esa-patch/1';
/** Every format this version reads. */
export const ARTEFACT_FORMATS: readonly string[] = [ARTEFACT_FORMAT, ARTEFACT_FORMAT_1];

export type { RecipeSource } from './artefact-recipe.js';
export type {
  ArtefactOperation,
  ArtefactRecipe,
  PatchArtefact,
  PatchArtefact1,
  PatchArtefact2,
} from './artefact-json-schema.js';

/** sha256 of a latin1 string's bytes. */
export function sha256(text: string): string {
  const h = createHash('sha256');
  feed(h, text);
  return h.digest('hex');
}

/** Feeds a latin1 string to a hash in 1 MiB slices (which share the string's memory): hashing a whole string at once would first copy it into a buffer as large as the file. */
function feed(h: ReturnType<typeof createHash>, s: string): void {
  for (let at = 0; at < s.length; at += 1 << 20) h.update(s.slice(at, at + (1 << 20)), 'latin1');
}

/** sha256 of `input` and of the result of `edits` on it, hashing what comes before the first edit once. */
export function sha256Pair(input: string, edits: readonly TextEdit[]): { input: string; output: string } {
  const h = createHash('sha256');
  if (!edits.length) {
    feed(h, input);
    const digest = h.digest('hex');
    return { input: digest, output: digest };
  }
  const pieces = editedPieces(input, edits);
  const shared = edits[0]!.offset > 0 ? pieces[0]! : '';
  feed(h, shared);
  const out = h.copy();
  feed(h, input.slice(shared.length));
  for (const p of shared ? pieces.slice(1) : pieces) feed(out, p);
  return { input: h.digest('hex'), output: out.digest('hex') };
}

/**
 * Builds the artefact (format `esa-patch/2`) of a plan. `recipeSource` is the recipe file's
 * text as the run read it (a built-in's shipped file, or the user's `--recipe FILE`), named as
 * the run named it: recorded as it is when it loads as exactly the recipe planned; otherwise
 * (command-line overrides, duplicate senders dropped, or no source given) the recipe planned
 * is recorded as canonical JSON text.
 */
export function buildArtefact(
  result: Plan,
  input: string,
  file: string,
  tool: string,
  recipeSource?: RecipeSource,
  meta: { created?: string; changeId?: string; digests?: { input: string; output: string } } = {},
): PatchArtefact2 {
  // The caller that holds the input's bytes hashes them there (`digests`), without this copy.
  const digests = meta.digests ?? sha256Pair(input, result.edits);
  const recipe = recordRecipe(result.recipe, recipeSource);
  return {
    format: ARTEFACT_FORMAT,
    tool,
    ...(meta.created ? { created: meta.created } : {}),
    ...(meta.changeId ? { changeId: meta.changeId } : {}),
    hatText: 'characters',
    direction: 'forward',
    recipe,
    input: {
      file,
      sha256: digests.input,
      bytes: input.length,
      hostname: result.export?.hostname ?? null,
      asyncos: result.export?.header.version ?? null,
      serial: result.export?.header.serial ?? null,
    },
    output: { sha256: digests.output, bytes: editedLength(input, result.edits) },
    listeners: result.listeners.filter((l) => l.operations.length).map((l) => ({ name: l.name, path: l.path })),
    operations: result.export && isUtf8Export(result.export) ? operationsAsText(result.operations) : result.operations,
    edits: result.edits,
  };
}

/**
 * Fields that say when or by which version an artefact was made, not what it undoes: two
 * artefacts that differ only there record the same change.
 */
export const ARTEFACT_PROVENANCE_FIELDS: readonly string[] = ['tool', 'created'];

/**
 * True when `existing` (an artefact file's JSON text, UTF-8) records the same change as `a`:
 * equal in every field but {@link ARTEFACT_PROVENANCE_FIELDS}. Anything unreadable is not.
 */
export function sameArtefact(existing: string, a: PatchArtefact): boolean {
  let old: unknown;
  try {
    old = JSON.parse(existing);
  } catch {
    return false;
  }
  if (!old || typeof old !== 'object' || Array.isArray(old)) return false;
  const strip = (v: object) => {
    const copy: Record<string, unknown> = { ...(v as Record<string, unknown>) };
    for (const k of ARTEFACT_PROVENANCE_FIELDS) delete copy[k];
    return copy;
  };
  return deepEqual(strip(old), strip(JSON.parse(JSON.stringify(a)) as object));
}

function deepEqual(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  if (Array.isArray(x) !== Array.isArray(y)) return false;
  const kx = Object.keys(x);
  const ky = Object.keys(y);
  if (kx.length !== ky.length) return false;
  return kx.every((k) => Object.hasOwn(y, k) && deepEqual((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k]));
}

/** The text `a` was made from, given the text it wrote (its edits undone; the caller checks the sha256). */
export function inputOfArtefact(output: string, a: PatchArtefact): string {
  return applyEdits(output, reverseArtefact(a).edits);
}

/** The artefact that undoes `a`: input and output swapped, operations and edits reversed. */
export function reverseArtefact<A extends PatchArtefact>(a: A): A {
  return {
    ...a,
    direction: a.direction === 'forward' ? 'reverse' : 'forward',
    input: { ...a.input, sha256: a.output.sha256, bytes: a.output.bytes },
    output: { sha256: a.input.sha256, bytes: a.input.bytes },
    operations: reverseOnListeners(a.operations),
    edits: invertEdits(a.edits),
  };
}

/** Checks that a parsed JSON value is an artefact this version understands. Returns a problem or null. */
export function checkArtefact(value: unknown): string | null {
  if (!value || typeof value !== 'object') return 'not a JSON object';
  const a = value as Partial<PatchArtefact>;
  if (!ARTEFACT_FORMATS.includes(a.format as string))
    return `format is ${JSON.stringify(a.format)}, expected one of ${ARTEFACT_FORMATS.map((f) => JSON.stringify(f)).join(', ')}`;
  if (!a.input || typeof a.input.sha256 !== 'string' || !a.output || typeof a.output.sha256 !== 'string')
    return 'input/output checksums are missing';
  if (!Array.isArray(a.edits) || !Array.isArray(a.operations)) return 'edits or operations are missing';
  for (const e of a.edits) {
    if (!e || typeof e.offset !== 'number' || typeof e.delete !== 'string' || typeof e.insert !== 'string') return 'an edit is malformed';
  }
  for (const o of a.operations) {
    if (
      !o ||
      typeof o.op !== 'string' ||
      typeof o.listener !== 'string' ||
      (o.listenerPath !== undefined && typeof o.listenerPath !== 'string')
    )
      return 'an operation is malformed';
  }
  return null;
}
