/**
 * The patch artefact is untrusted input: anyone can edit a `.patch.json`, and rollback writes
 * its values into a HAT. {@link validateArtefact} checks a parsed value against
 * {@link ARTEFACT_JSON_SCHEMA} (ajv, compiled on first use), then what a schema cannot say
 * (`artefact-meaning.ts`), and upgrades the operations of 0.1.0 to the shape of this version:
 * nothing after it reads an old shape. The first problem is reported with its JSON path
 * (`$.operations[3].from`).
 */
import type { ErrorObject } from 'ajv';
import { compileSchema, validatorOf } from '../recipes/validate.js';
import type { PolicyTarget } from '../hat/operations.js';
import type { ArtefactOperation, ArtefactOperationAsRead, PatchArtefact, PatchArtefactAsRead } from './artefact-json-schema.js';
import { ARTEFACT_JSON_SCHEMA } from './artefact-json-schema.js';
import { checkMeaning, checkTotal, key, type Problem } from './artefact-meaning.js';

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
 * The ajv options the artefact schema is compiled with, at run time or by `npm run build`. The
 * schema is ours and fixed (its validity is a test): unoptimised code and references compiled
 * once rather than inlined validate alike and compile in a third of the time.
 */
export const ARTEFACT_AJV_OPTIONS = {
  strict: true,
  discriminator: true,
  validateSchema: false,
  inlineRefs: false,
  code: { optimize: false },
} as const;

/** As {@link ARTEFACT_AJV_OPTIONS}, every error: run only on an artefact missing a property, to name a wrong one present first. */
export const ARTEFACT_ALL_ERRORS_AJV_OPTIONS = { ...ARTEFACT_AJV_OPTIONS, allErrors: true } as const;

const schemaCheck = () => validatorOf('artefact', () => compileSchema(ARTEFACT_JSON_SCHEMA, ARTEFACT_AJV_OPTIONS));
const allErrorsCheck = () => validatorOf('artefact-all-errors', () => compileSchema(ARTEFACT_JSON_SCHEMA, ARTEFACT_ALL_ERRORS_AJV_OPTIONS));

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'string') return `a string of ${v.length} characters`;
  if (typeof v === 'number') return `the number ${String(v)}`;
  return typeof v;
}

/** The instance path of an error as segments, down to the property it names (a missing one, an unknown one, a tag). */
function segmentsOf(e: ErrorObject): string[] {
  const at = e.instancePath
    ? e.instancePath
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    : [];
  const p = e.params as Record<string, unknown>;
  const named = p.missingProperty ?? p.additionalProperty ?? (e.keyword === 'discriminator' ? p.tag : undefined) ?? e.propertyName;
  return named === undefined ? at : [...at, String(named)];
}

function valueAt(data: unknown, segments: readonly string[]): unknown {
  let v = data;
  for (const s of segments) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[s] : undefined;
  return v;
}

const defs = ARTEFACT_JSON_SCHEMA.$defs as Record<string, { oneOf?: { properties?: Record<string, { const?: unknown }> }[] }>;
const constsOf = (branches: readonly { properties?: Record<string, { const?: unknown }> }[], tag: string) =>
  branches.map((b) => JSON.stringify(b.properties?.[tag]?.const)).join(', ');
/** The values each `discriminator` tag allows: each branch's `const` of it. */
const TAGS: Record<string, string> = {
  format: constsOf([defs.format2!, defs.format1!] as never, 'format'),
  op: constsOf(defs.operation!.oneOf!, 'op'),
  kind: constsOf(defs.target!.oneOf!, 'kind'),
};

/** What an ajv error says of the value at its path, in the words of the artefact's problems. */
function problemOf(e: ErrorObject, value: unknown): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'type':
      return `must be ${String(p.type).replace(',', ' or ')}, is ${describe(value)}`;
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}, is ${describe(value)}`;
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).map((x) => JSON.stringify(x)).join(', ')}`;
    case 'discriminator':
      return `must be one of ${TAGS[String(p.tag)] ?? '(another value)'}`;
    case 'required':
      return 'is missing';
    case 'additionalProperties':
      return 'is not a property of this object';
    case 'propertyNames':
    case 'pattern':
      return e.propertyName !== undefined
        ? 'is not an allowed property name'
        : 'holds a character or form not allowed here (a line break, a control character, or a character the HAT cannot take)';
    case 'maxLength':
      return `is longer than ${String(p.limit)} characters`;
    case 'minimum':
      return `must be at least ${String(p.limit)}`;
    case 'maximum':
      return `must be at most ${String(p.limit)}`;
    case 'maxItems':
      return `holds ${(value as unknown[]).length} items, more than ${String(p.limit)}`;
    case 'minItems':
      return `must hold at least ${String(p.limit)} item(s)`;
    case 'items':
      return 'holds one item too many';
    case 'maxProperties':
      return `has more than ${String(p.limit)} properties`;
    default:
      return `does not match the schema (${e.keyword})`;
  }
}

/**
 * The one problem to report of ajv's errors: the deepest (a `oneOf` of branches of different
 * types fails in each; the branch of the value's own type reaches further), a type error last.
 */
export function firstProblem(errors: readonly ErrorObject[], data: unknown): Problem {
  let best: { e: ErrorObject; at: string[] } | undefined;
  for (const e of errors) {
    if (e.keyword === 'oneOf' || (e.keyword === 'propertyNames' && errors.some((x) => x.propertyName !== undefined))) continue;
    const at = segmentsOf(e);
    if (!best || at.length > best.at.length || (at.length === best.at.length && best.e.keyword === 'type' && e.keyword !== 'type'))
      best = { e, at };
  }
  if (!best) return { path: '$', problem: 'does not match the schema' };
  const own = best.e.keyword === 'required' || best.e.keyword === 'additionalProperties' || best.e.keyword === 'discriminator';
  let path = '$';
  best.at.forEach((s, i) => {
    path = Array.isArray(valueAt(data, best!.at.slice(0, i))) ? `${path}[${s}]` : key(path, s);
  });
  return { path, problem: problemOf(best.e, own ? undefined : valueAt(data, best.at)) };
}

/** A group's policy or binding as this version records it (0.1.0: `$NAME`, `NAME` or a bare keyword). */
function targetOf(v: unknown, bareIsName: boolean): PolicyTarget {
  if (typeof v !== 'string') return v as PolicyTarget;
  if (v.startsWith('$') || bareIsName) return { kind: 'named', name: v.replace(/^\$/, '') };
  return { kind: 'own', behaviour: v, params: [] };
}

/** An operation (schema-valid) in the shape of this version: 0.1.0's parameters as pairs, policies and bindings as targets, no comment as ''. */
export function upgradeOperation(op: ArtefactOperationAsRead): ArtefactOperation {
  switch (op.op) {
    case 'add-policy':
    case 'remove-policy':
      return { ...op, params: Array.isArray(op.params) ? op.params : Object.entries(op.params) };
    case 'add-sender-group':
    case 'remove-sender-group':
      // A position 0.1.0 did not record is found by rollback in the HAT it undoes.
      return { ...op, policy: targetOf(op.policy, true), comment: op.comment ?? '' } as ArtefactOperation;
    case 'set-group-policy':
      return { ...op, from: targetOf(op.from, false), to: targetOf(op.to, false) };
    default:
      return op;
  }
}

/**
 * Checks a parsed JSON value (`JSON.parse` of a `.patch.json`) against
 * {@link ARTEFACT_JSON_SCHEMA} and the read-back checks; never throws. On success the artefact
 * is returned with the operations of 0.1.0 upgraded; otherwise `path` is the JSON path of the
 * first problem (`$.operations[3].from`) and `problem` says what is wrong with it.
 */
export function validateArtefact(value: unknown): ArtefactValidation {
  const fail = (p: Problem): ArtefactValidation => ({ ok: false, ...p });
  const total = checkTotal(value);
  if (total) return fail(total);
  const check = schemaCheck();
  let valid: boolean;
  try {
    valid = check(value) as boolean;
  } catch (e) {
    if (e instanceof RangeError) return fail({ path: '$', problem: 'is nested too deeply or too large to check' });
    throw e;
  }
  if (!valid) {
    let errors = check.errors ?? [];
    // ajv stops at a missing property before the properties present: an unknown or wrong one
    // there says more (and a wrong `format` more than the fields a format lacks).
    if (errors[0]?.keyword === 'required') {
      const all = allErrorsCheck();
      all(value);
      const present = (all.errors ?? []).filter((e) => e.keyword !== 'required');
      if (present.length) errors = present;
    }
    return fail(firstProblem(errors, value));
  }
  const read = value as PatchArtefactAsRead;
  const artefact = { ...read, operations: read.operations.map(upgradeOperation) } as PatchArtefact;
  const meaning = checkMeaning(artefact);
  return meaning ? fail(meaning) : { ok: true, artefact };
}
