/** Reading a patch artefact (`OUT.patch.json`): parsed and validated before anything uses it. */
import { resolve } from 'node:path';
import { refused } from '../findings.js';
import { ARTEFACT_FORMAT, type PatchArtefact } from '../patch/artefact.js';
import { loadRecipe } from '../recipes/load.js';
import type { Recipe } from '../recipes/recipe.js';
import { validateArtefact, type ArtefactValidation } from '../patch/artefact-schema.js';
import { readLatin1 } from './fs/index.js';

/**
 * The artefact of `file` (its bytes as latin1): parsed and validated before anything uses it.
 * Anything else is exit 1 with `artefact-invalid`, naming the JSON path of the first problem.
 */
export function readArtefact(bytes: string, file: string): PatchArtefact {
  const v = parseArtefact(bytes);
  if (!v.ok) throw refused('artefact-invalid', { file, path: v.path, problem: v.problem });
  return v.artefact;
}

/** The artefact of a file's bytes (latin1), parsed and validated as {@link readArtefact} does; never throws. */
export function parseArtefact(bytes: string): ArtefactValidation {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(bytes, 'latin1').toString('utf8')) as unknown;
  } catch (e) {
    return {
      ok: false,
      path: '$',
      problem: `is not valid JSON (${e instanceof Error ? e.message.replace(/[^\x20-\x7e]/g, '?').slice(0, 200) : 'unreadable'})`,
    };
  }
  return validateArtefact(raw);
}

/** Reads and validates the artefact at `path` (relative to `cwd`); see {@link readArtefact}. */
export function readArtefactFile(path: string, cwd: string): PatchArtefact {
  return readArtefact(readLatin1(resolve(cwd, path)), path);
}

/**
 * The recipe an artefact recorded, as a recipe: format 2 records its text (read back here),
 * format 1 the recipe itself; null for 0.1.0's flat settings or a text that does not load.
 */
export function artefactRecipe(a: PatchArtefact): Recipe | null {
  if (a.format === ARTEFACT_FORMAT) return loadRecipe(a.recipe.text.replace(/^\uFEFF/, '')).recipe ?? null;
  const r = a.recipe as unknown as Recipe;
  return Array.isArray(r.groups) && Array.isArray(r.policies) ? r : null;
}
