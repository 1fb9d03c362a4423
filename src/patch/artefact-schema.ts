/**
 * The patch artefact is untrusted input: anyone can edit a `.patch.json`, and rollback writes
 * its values into a HAT. {@link ARTEFACT_JSON_SCHEMA} (published as `docs/artefact-schema.json`)
 * fixes its types, sizes, counts and value grammars, for both formats (`esa-patch/2`, and
 * `esa-patch/1` with the operations of 0.1.0); {@link validateArtefact} checks a parsed value
 * against it and then checks what a schema cannot say (`artefact-meaning.ts`): every value a
 * rollback would write reads back as exactly one thing of its kind, the edits are in order,
 * a format-2 recipe's text has its sha256 and loads as a recipe. The first problem is
 * reported with its JSON path (`$.operations[3].from`).
 */
import type { PatchArtefact } from './artefact.js';
import { ARTEFACT_JSON_SCHEMA } from './artefact-json-schema.js';
import { checkMeaning, checkTotal } from './artefact-meaning.js';
import { check, Invalid, type Defs, type Schema } from './schema-check.js';

export {
  ARTEFACT_JSON_SCHEMA,
  MAX_ARTEFACT_OPERATIONS,
  MAX_ARTEFACT_EDITS,
  MAX_ARTEFACT_LISTENERS,
  MAX_ARTEFACT_SENDERS,
  MAX_ARTEFACT_PARAMS,
  MAX_EDIT_TEXT,
  MAX_ARTEFACT_TOTAL_SENDERS,
  MAX_OPERATION_TEXT,
} from './artefact-json-schema.js';

/** Outcome of {@link validateArtefact}. */
export type ArtefactValidation = { ok: true; artefact: PatchArtefact } | { ok: false; path: string; problem: string };

/**
 * Checks a parsed JSON value (`JSON.parse` of a `.patch.json`) against
 * {@link ARTEFACT_JSON_SCHEMA} and the read-back checks; never throws. On success the value is
 * the artefact (the same object, typed); otherwise `path` is the JSON path of the first
 * problem (`$.operations[3].from`) and `problem` says what is wrong with it.
 */
export function validateArtefact(value: unknown): ArtefactValidation {
  try {
    checkTotal(value);
    check(value, ARTEFACT_JSON_SCHEMA as unknown as Schema, '$', ARTEFACT_JSON_SCHEMA.$defs as unknown as Defs);
    checkMeaning(value as PatchArtefact);
    return { ok: true, artefact: value as PatchArtefact };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, path: e.path, problem: e.problem };
    if (e instanceof RangeError) return { ok: false, path: '$', problem: 'is nested too deeply or too large to check' };
    throw e;
  }
}
