/**
 * The schema half of the one recipe rule set: a recipe, as file data, checked against
 * {@link RECIPE_JSON_SCHEMA}, each failure turned into a {@link RecipeProblem} in the recipe's
 * own terms (a key, the value given, what is expected, the closest allowed word). Used by the
 * loader (recipe files), by `checkRecipe` (recipes built in code or changed by options) and so
 * by `recipe check`, `recipe extract` and `plan` alike. Pure.
 */
import { createRequire } from 'node:module';
import type { ErrorObject, Options, ValidateFunction } from 'ajv';
import { RECIPE_JSON_SCHEMA } from './schema.js';
import { closestWord } from './suggest.js';

/** A path into the recipe data (`['groups', 0, 'position']`). */
export type RecipePath = (string | number)[];

/** One problem of a recipe, as data (the prose is in the report's message table). */
export interface RecipeProblem {
  path: RecipePath;
  /** The rule: a schema keyword (`enum`, `additionalProperties`, …) or a rule across fields (`unique-group`, …). */
  rule: string;
  /** What the place expects, in the recipe's words. */
  expected: string;
  /** The key the problem is about (an unknown or missing key, a parameter name). */
  key?: string;
  /** The value given, printable (never raw). */
  got?: string;
  /** The allowed word closest to what was given ("did you mean"). */
  suggestion?: string;
  /** For rule `sender`: the sender and the grammar's reason. */
  sender?: { value: string; reason: string };
}

/**
 * The ajv options the recipe schema is compiled with, at run time or by `npm run build`
 * (`scripts/validators.mjs`). The schema is ours and fixed: its validity against the draft
 * 2020-12 meta-schema is a test (test/recipes/load.test.ts), not the work of every run;
 * unoptimised code validates alike and compiles in half the time.
 */
export const RECIPE_AJV_OPTIONS = {
  allErrors: true,
  verbose: true,
  strict: true,
  allowUnionTypes: true,
  validateSchema: false,
  code: { optimize: false },
} as const;

/** The schemas whose validators may be compiled ahead of time. */
export type ValidatorName = 'recipe' | 'artefact' | 'artefact-all-errors';
const validators: Partial<Record<ValidatorName, ValidateFunction>> = {};

/**
 * Uses validators compiled ahead of time (ajv standalone code of the same schemas and options,
 * which `npm run build` writes to `dist/validators`): then no schema is compiled at run time.
 */
export function usePrebuiltValidators(prebuilt: Partial<Record<ValidatorName, ValidateFunction>>): void {
  Object.assign(validators, prebuilt);
}

/** The validator `name`: the one given to {@link usePrebuiltValidators}, else compiled once, on first use. */
export function validatorOf(name: ValidatorName, compile: () => ValidateFunction): ValidateFunction {
  validators[name] ??= compile();
  return validators[name];
}

/**
 * `schema` compiled by ajv (draft 2020-12) with `options`. ajv is loaded only then: with the
 * validators compiled at build time, a run loads no compiler at all (it took ~40 ms of start-up).
 */
export function compileSchema(schema: object, options: Options): ValidateFunction {
  const { Ajv2020 } = createRequire(import.meta.url)('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  return new Ajv2020(options).compile(schema);
}

const validator = () => validatorOf('recipe', () => compileSchema(RECIPE_JSON_SCHEMA, RECIPE_AJV_OPTIONS));

/** Parses a JSON pointer (`/groups/0/name`) into its segments. */
export function pointerPath(pointer: string): RecipePath {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

/** A value as it may be shown: quoted, at most 60 characters, anything but printable ASCII escaped. */
export function printable(v: unknown): string {
  const text =
    typeof v === 'string' ? v : v === null ? 'null' : typeof v === 'object' ? (Array.isArray(v) ? 'a list' : 'a mapping') : String(v);
  const cut = text.length > 60 ? text.slice(0, 57) + '...' : text;
  const escaped = cut.replace(/[^\x20-\x7e]|["\\]/g, (c) =>
    c === '"' || c === '\\' ? '\\' + c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return typeof v === 'string' ? `"${escaped}"` : escaped;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  integer: 'an integer',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping of keys',
};

/** What a failing schema keyword expected, in the recipe's words. */
function expectedOf(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  const parent = e.parentSchema as { title?: string; properties?: Record<string, unknown> } | undefined;
  switch (e.keyword) {
    case 'required':
      return `key ${String(p.missingProperty)}`;
    case 'additionalProperties':
      return Object.keys(parent?.properties ?? {}).join(', ');
    case 'propertyNames':
      return "lower-case letters, digits and '_'";
    case 'type':
      return String(p.type)
        .split(',')
        .map((t) => TYPE_WORDS[t] ?? t)
        .join(' or ');
    case 'enum':
      return `one of ${(p.allowedValues as unknown[]).map(String).join(', ')}`;
    case 'const':
      return String(p.allowedValue);
    case 'not':
      return /Dd/.test(JSON.stringify(e.schema))
        ? "a policy name a recipe may use ($DEFAULT is the listener's hat_default_* settings, not a policy of the HAT text)"
        : 'a sender group name (ALL is the last entry of every HAT, never a group)';
    case 'pattern':
      return parent?.title ?? `text matching ${String(p.pattern)}`;
    case 'oneOf':
    case 'anyOf':
      return parent?.title ?? 'one of the allowed forms';
    case 'uniqueItems':
      return 'no item twice';
    case 'minItems':
      return `at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}`;
    case 'maxItems':
      return `at most ${String(p.limit)} items`;
    case 'minLength':
      return `at least ${String(p.limit)} character${p.limit === 1 ? '' : 's'}`;
    case 'maxLength':
      return `at most ${String(p.limit)} characters`;
    case 'minProperties':
      return `at least ${String(p.limit)} key`;
    default:
      return `${e.keyword} ${String(p.limit ?? '')}`.trim();
  }
}

/** Words a failing value may have misspelt: the choices the schema offers there. */
function choicesOf(e: ErrorObject): string[] {
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'enum') return (p.allowedValues as unknown[]).map(String);
  if (e.keyword === 'oneOf' || e.keyword === 'anyOf') {
    const branches = (e.schema as { enum?: unknown[]; const?: unknown }[]) ?? [];
    return branches.flatMap((b) => [...(b.enum ?? []), ...(b.const !== undefined ? [b.const] : [])]).map(String);
  }
  return [];
}

/** The schema errors worth showing: one per failing choice, none from inside it. */
export function relevantErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const composites = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf' || e.keyword === 'propertyNames');
  return errors.filter((e) => !composites.some((c) => c !== e && e.schemaPath.startsWith(c.schemaPath + '/')));
}

/** The problems of `data` (a recipe file as data) against the schema, in no particular order. */
export function schemaProblems(data: unknown): RecipeProblem[] {
  const validate = validator();
  if (validate(data)) return [];
  return relevantErrors(validate.errors ?? []).map((e) => {
    const p = e.params as Record<string, unknown>;
    const path = pointerPath(e.instancePath);
    const problem: RecipeProblem = { path, rule: e.keyword, expected: expectedOf(e) };
    if (e.keyword === 'additionalProperties') {
      const key = String(p.additionalProperty);
      const parent = e.parentSchema as { properties?: Record<string, unknown> };
      problem.key = key;
      const s = closestWord(key, Object.keys(parent.properties ?? {}));
      if (s !== undefined) problem.suggestion = s;
    } else if (e.keyword === 'propertyNames') {
      problem.key = String(p.propertyName);
      problem.got = printable(p.propertyName);
    } else if (e.keyword === 'required') {
      problem.key = String(p.missingProperty);
    } else {
      problem.got = printable(e.data);
      if (typeof e.data === 'string') {
        const s = closestWord(e.data, choicesOf(e));
        if (s !== undefined) problem.suggestion = s;
      }
    }
    return problem;
  });
}

// The HAT grammar the recipe is checked against, for the command line's own name and sender checks.
export { SENDER_RE, WRITTEN_NAME_RE } from '../hat/grammar.js';
