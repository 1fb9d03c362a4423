/**
 * The patch artefact is untrusted input: anyone can edit a `.patch.json`, and rollback writes
 * its values into a HAT. {@link ARTEFACT_JSON_SCHEMA} (published as `docs/artefact-schema.json`)
 * fixes its types, sizes, counts and value grammars; {@link validateArtefact} checks a parsed
 * value against it and then checks what a schema cannot say: every value a rollback would
 * write reads back as the forward path wrote it (a group's own behaviour parses as one
 * behaviour, not as a new sender group), and the edits are in order and do not overlap. The
 * first problem is reported with its JSON path (`$.operations[3].from`).
 */
import { parseHat } from '../esa/hat.js';
import type { PatchArtefact } from './artefact.js';
import { describeRef } from './plan.js';
import { checkRecipe, type CresRecipe } from './recipe.js';

/** Operations an artefact may hold at most (one listener's change takes a handful). */
export const MAX_ARTEFACT_OPERATIONS = 10_000;
/** Edits an artefact may hold at most. */
export const MAX_ARTEFACT_EDITS = 10_000;
/** Listeners an artefact may name at most. */
export const MAX_ARTEFACT_LISTENERS = 1_000;
/** Senders one operation may hold at most. */
export const MAX_ARTEFACT_SENDERS = 1_000;
/** Characters of one edit's `delete` or `insert` at most (a whole HAT fits many times). */
export const MAX_EDIT_TEXT = 16 * 1024 * 1024;

// Characters that never belong in a value written into a HAT or shown as a name: C0, DEL, C1,
// line and paragraph separators, bidi controls.
const CONTROLS = '\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029\\u200e\\u200f\\u061c\\u202a-\\u202e\\u2066-\\u2069';

/** A sender group or policy name the change writes: the recipe's names, as the forward path checks them (`checkRecipe`). */
const RECIPE_NAME = '^[A-Za-z0-9_.-]{1,256}$';
/** A sender group name the change writes: as {@link RECIPE_NAME}, and not `ALL` (the last entry's). */
const RECIPE_GROUP = '^(?![Aa][Ll][Ll]$)[A-Za-z0-9_.-]{1,256}$';
/** An existing entry's name, as the HAT reader takes one (`NAME:`, `$NAME`), without spaces, quotes, braces or controls. */
const NAME = `^[^\\s:$(){},"'\\\\${CONTROLS}]{1,256}$`;
/** A listener's name, as the export gives it. */
const LISTENER = `^[^${CONTROLS}]{1,256}$`;
/** A sender as the forward path accepts one (`checkRecipe`): printable ASCII without ( ) { } $ , or spaces. */
const SENDER = '^[\\x21-\\x23\\x25-\\x27\\x2a\\x2b\\x2d-\\x7a\\x7c\\x7e]{1,256}$';
/** A mail flow policy parameter name. */
const PARAM_KEY = '^[A-Za-z_][A-Za-z0-9_]{0,63}$';
/** A parameter value, written between quotes: no quote, brace or control. */
const PARAM_VALUE = `^[^"'{}${CONTROLS}]{0,1024}$`;
/** A comment written after a policy reference: no parentheses, no controls. */
const COMMENT = `^[^()${CONTROLS}]{0,1024}$`;
/** A group's binding: `(none)`, `$NAME`, or the lines of a behaviour written in the group (checked further by parsing). */
const BINDING = `^(\\(none\\)|\\$[^\\s:$(){},"'\\\\${CONTROLS}]{1,256}|[A-Za-z][^\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f\\u2028\\u2029\\u200e\\u200f\\u061c\\u202a-\\u202e\\u2066-\\u2069]{0,4095})$`;
/** An element path such as `config/listeners/listener[1]`. */
const PATH = `^[^\\s${CONTROLS}]{1,1024}$`;
/** Text of one character per byte (latin1). */
const BYTES = '^[\\x00-\\xff]*$';

const str = (pattern: string, description: string) => ({ type: 'string', pattern, description }) as const;
const nullable = (pattern: string, description: string) => ({ type: ['string', 'null'], pattern, description }) as const;
const senders = { type: 'array', minItems: 1, maxItems: MAX_ARTEFACT_SENDERS, items: { $ref: '#/$defs/sender' }, description: 'Senders as written in the HAT.' } as const;
const common = {
  listener: { $ref: '#/$defs/listener' },
  listenerPath: { $ref: '#/$defs/path' },
} as const;
const policyOp = (op: string, description: string) =>
  ({
    type: 'object',
    description,
    required: ['op', 'listener', 'policy', 'behaviour', 'params'],
    additionalProperties: false,
    properties: {
      op: { const: op },
      ...common,
      policy: { $ref: '#/$defs/name' },
      behaviour: { enum: ['ACCEPT', 'REJECT', 'RELAY', 'TCPREFUSE', 'CONTINUE'] },
      params: {
        type: 'object',
        maxProperties: 64,
        propertyNames: { pattern: PARAM_KEY },
        additionalProperties: { $ref: '#/$defs/paramValue' },
      },
    },
  }) as const;
const groupOp = (op: string, description: string) =>
  ({
    type: 'object',
    description,
    required: ['op', 'listener', 'group', 'senders', 'policy', 'comment', 'before'],
    additionalProperties: false,
    properties: {
      op: { const: op },
      ...common,
      group: { $ref: '#/$defs/group' },
      senders,
      policy: { $ref: '#/$defs/name' },
      comment: str(COMMENT, 'Comment after the policy reference.'),
      before: { $ref: '#/$defs/entry' },
    },
  }) as const;
const sendersOp = (op: string, description: string) =>
  ({
    type: 'object',
    description,
    required: ['op', 'listener', 'group', 'senders'],
    additionalProperties: false,
    properties: { op: { const: op }, ...common, group: { $ref: '#/$defs/group' }, senders },
  }) as const;

/**
 * The JSON Schema (draft 2020-12) of the patch artefact `esa-patch/1`;
 * `docs/artefact-schema.json` is this constant written out (a test keeps them identical).
 */
export const ARTEFACT_JSON_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://github.com/esa-patch/esa-patch/docs/artefact-schema.json',
  title: 'esa-patch patch artefact (esa-patch/1)',
  description:
    'What `esa-patch apply` writes beside the patched export (`OUT.patch.json`), read by `rollback`. Untrusted input: rollback checks it against this schema, then parses every behaviour a rollback would write. Offsets are bytes; `delete`/`insert` hold one character per byte (latin1).',
  type: 'object',
  required: ['format', 'tool', 'direction', 'recipe', 'input', 'output', 'listeners', 'operations', 'edits'],
  additionalProperties: false,
  properties: {
    format: { const: 'esa-patch/1' },
    tool: { type: 'string', maxLength: 256, description: 'The tool and version that wrote it.' },
    direction: { enum: ['forward', 'reverse'] },
    recipe: {
      type: 'object',
      required: ['name'],
      maxProperties: 64,
      properties: { name: { type: 'string', maxLength: 64 } },
      description: 'The recipe applied; a `cres-tls` recipe is checked as the command line checks it.',
    },
    input: {
      type: 'object',
      required: ['file', 'sha256', 'bytes', 'hostname', 'asyncos'],
      additionalProperties: false,
      properties: {
        file: { type: 'string', maxLength: 4096 },
        sha256: { $ref: '#/$defs/sha256' },
        bytes: { $ref: '#/$defs/bytes' },
        hostname: { type: ['string', 'null'], maxLength: 1024 },
        asyncos: { type: ['string', 'null'], maxLength: 256 },
        serial: { type: ['string', 'null'], maxLength: 256 },
      },
    },
    output: {
      type: 'object',
      required: ['sha256', 'bytes'],
      additionalProperties: false,
      properties: { sha256: { $ref: '#/$defs/sha256' }, bytes: { $ref: '#/$defs/bytes' } },
    },
    listeners: {
      type: 'array',
      maxItems: MAX_ARTEFACT_LISTENERS,
      items: {
        type: 'object',
        required: ['name', 'path'],
        additionalProperties: false,
        properties: { name: { $ref: '#/$defs/listener' }, path: { $ref: '#/$defs/path' } },
      },
    },
    operations: { type: 'array', maxItems: MAX_ARTEFACT_OPERATIONS, items: { $ref: '#/$defs/operation' } },
    edits: {
      type: 'array',
      maxItems: MAX_ARTEFACT_EDITS,
      items: {
        type: 'object',
        required: ['offset', 'delete', 'insert'],
        additionalProperties: false,
        properties: {
          offset: { $ref: '#/$defs/bytes' },
          delete: { type: 'string', maxLength: MAX_EDIT_TEXT, pattern: BYTES },
          insert: { type: 'string', maxLength: MAX_EDIT_TEXT, pattern: BYTES },
        },
      },
      description: 'Byte edits of the input, sorted by offset, not overlapping.',
    },
  },
  $defs: {
    sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    bytes: { type: 'integer', minimum: 0, maximum: 4294967295 },
    group: str(RECIPE_GROUP, 'A sender group name the change writes (letters, digits, `_`, `.`, `-`; not ALL).'),
    name: str(RECIPE_NAME, 'A sender group or mail flow policy name the change writes (letters, digits, `_`, `.`, `-`).'),
    entry: nullable(NAME, 'A HAT entry name; null: the end of the HAT.'),
    listener: str(LISTENER, "A listener's name."),
    path: str(PATH, 'An element path, e.g. `config/listeners/listener[1]`.'),
    sender: str(SENDER, 'A sender: printable ASCII without spaces, ( ) { } $ or ,.'),
    paramValue: str(PARAM_VALUE, 'A parameter value (written between quotes).'),
    operation: {
      oneOf: [
        policyOp('add-policy', 'Add a mail flow policy.'),
        policyOp('remove-policy', 'Remove a mail flow policy.'),
        groupOp('add-sender-group', 'Add a sender group before the entry `before`.'),
        groupOp('remove-sender-group', 'Remove a sender group.'),
        {
          type: 'object',
          description: 'Move a sender group.',
          required: ['op', 'listener', 'group', 'from', 'to', 'fromBefore', 'toBefore'],
          additionalProperties: false,
          properties: {
            op: { const: 'move-sender-group' },
            ...common,
            group: { $ref: '#/$defs/group' },
            from: { type: 'integer', minimum: 0, maximum: 1000000 },
            to: { type: 'integer', minimum: 0, maximum: 1000000 },
            fromBefore: { $ref: '#/$defs/entry' },
            toBefore: { $ref: '#/$defs/entry' },
          },
        },
        sendersOp('add-senders', 'Add senders to a sender group.'),
        sendersOp('remove-senders', 'Remove senders from a sender group.'),
        {
          type: 'object',
          description: 'Set, or with null remove, one parameter of a mail flow policy.',
          required: ['op', 'listener', 'policy', 'param', 'from', 'to'],
          additionalProperties: false,
          properties: {
            op: { const: 'set-policy-param' },
            ...common,
            policy: { $ref: '#/$defs/name' },
            param: str(PARAM_KEY, 'The parameter, e.g. `tls`.'),
            from: nullable(PARAM_VALUE, 'The former value; null: not set.'),
            to: nullable(PARAM_VALUE, 'The new value; null: removed.'),
          },
        },
        {
          type: 'object',
          description: 'Bind a sender group to another policy: `(none)`, `$NAME`, or the lines of a behaviour written in the group (joined by a newline; it must parse as that one behaviour).',
          required: ['op', 'listener', 'group', 'from', 'to'],
          additionalProperties: false,
          properties: {
            op: { const: 'set-group-policy' },
            ...common,
            group: { $ref: '#/$defs/group' },
            from: str(BINDING, 'The former binding.'),
            to: str(BINDING, 'The new binding.'),
          },
        },
      ],
    },
  },
} as const;

/** Outcome of {@link validateArtefact}. */
export type ArtefactValidation = { ok: true; artefact: PatchArtefact } | { ok: false; path: string; problem: string };

type Schema = Record<string, unknown>;

class Invalid extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(problem);
  }
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const key = (path: string, k: string) => (IDENT.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`);

const patterns = new Map<string, RegExp>();
function regex(p: string): RegExp {
  let r = patterns.get(p);
  if (!r) patterns.set(p, (r = new RegExp(p, 'u')));
  return r;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function describe(v: unknown): string {
  const t = typeOf(v);
  return t === 'string' ? `a string of ${(v as string).length} characters` : t === 'integer' || t === 'number' ? `the number ${String(v)}` : t;
}

function resolveRef(s: Schema): Schema {
  const ref = s.$ref;
  if (typeof ref !== 'string') return s;
  return (ARTEFACT_JSON_SCHEMA.$defs as unknown as Record<string, Schema>)[ref.replace('#/$defs/', '')]!;
}

/** Checks `v` against the subset of JSON Schema {@link ARTEFACT_JSON_SCHEMA} uses; throws at the first problem. */
function check(v: unknown, schema: Schema, path: string): void {
  const s = resolveRef(schema);
  if ('const' in s && v !== s.const) throw new Invalid(path, `must be ${JSON.stringify(s.const)}, is ${describe(v)}`);
  if (Array.isArray(s.enum) && !s.enum.includes(v)) throw new Invalid(path, `must be one of ${s.enum.map((x) => JSON.stringify(x)).join(', ')}`);
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    const t = typeOf(v);
    if (!types.includes(t) && !(t === 'integer' && types.includes('number'))) throw new Invalid(path, `must be ${types.join(' or ')}, is ${describe(v)}`);
  }
  if (typeof v === 'string') {
    if (typeof s.maxLength === 'number' && v.length > s.maxLength) throw new Invalid(path, `is longer than ${s.maxLength} characters`);
    if (typeof s.pattern === 'string' && !regex(s.pattern).test(v)) throw new Invalid(path, 'holds a character or form not allowed here (a line break, a control character, or a character the HAT cannot take)');
  }
  if (typeof v === 'number') {
    if (typeof s.minimum === 'number' && v < s.minimum) throw new Invalid(path, `must be at least ${s.minimum}`);
    if (typeof s.maximum === 'number' && v > s.maximum) throw new Invalid(path, `must be at most ${s.maximum}`);
  }
  if (Array.isArray(v)) {
    if (typeof s.maxItems === 'number' && v.length > s.maxItems) throw new Invalid(path, `holds ${v.length} items, more than ${s.maxItems}`);
    if (typeof s.minItems === 'number' && v.length < s.minItems) throw new Invalid(path, `must hold at least ${s.minItems} item(s)`);
    if (s.items) for (let i = 0; i < v.length; i++) check(v[i], s.items as Schema, `${path}[${i}]`);
  }
  if (typeOf(v) === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (typeof s.maxProperties === 'number' && keys.length > s.maxProperties) throw new Invalid(path, `has ${keys.length} properties, more than ${s.maxProperties}`);
    for (const r of (s.required as string[] | undefined) ?? []) if (!Object.hasOwn(o, r)) throw new Invalid(key(path, r), 'is missing');
    const props = (s.properties ?? {}) as Record<string, Schema>;
    const names = s.propertyNames as Schema | undefined;
    for (const k of keys) {
      if (names && typeof names.pattern === 'string' && !regex(names.pattern).test(k)) throw new Invalid(key(path, k), 'is not an allowed property name');
      if (Object.hasOwn(props, k)) check(o[k], props[k]!, key(path, k));
      else if (s.additionalProperties === false) throw new Invalid(key(path, k), 'is not a property of this object');
      else if (typeof s.additionalProperties === 'object') check(o[k], s.additionalProperties as Schema, key(path, k));
    }
  }
  if (Array.isArray(s.oneOf)) {
    // Every branch is an object told apart by its `op`: check the one it names.
    const branches = s.oneOf as Schema[];
    const op = typeOf(v) === 'object' ? (v as Record<string, unknown>).op : undefined;
    const branch = branches.find((b) => ((b.properties as Record<string, Schema>).op as Schema).const === op);
    if (!branch) {
      const ops = branches.map((b) => ((b.properties as Record<string, Schema>).op as Schema).const as string);
      throw new Invalid(typeOf(v) === 'object' ? key(path, 'op') : path, `must be an operation, one of ${ops.join(', ')}`);
    }
    check(v, branch, path);
  }
}

/** A group's own behaviour (lines joined by '\n') reads back, inside a group, as that one behaviour and nothing else. */
function isOneBehaviour(text: string): boolean {
  const hat = parseHat(`G:\n    192.0.2.1\n${text.split('\n').map((l) => `    ${l}\n`).join('')}`);
  const entry = hat.entries[0];
  return (
    hat.entries.length === 1 &&
    hat.policies.length === 0 &&
    !hat.problems.some((p) => p.severity === 'error') &&
    entry !== undefined &&
    entry.kind === 'group' &&
    entry.members.length === 1 &&
    entry.policy?.kind === 'behaviour' &&
    describeRef(hat, entry.policy) === text
  );
}

/** The checks a schema cannot express; throws at the first problem. */
function checkMeaning(a: PatchArtefact): void {
  const recipe = a.recipe as unknown as Record<string, unknown>;
  // Rollback writes nothing from the recipe; still, no string in it may hold a control
  // character, and the CRES recipe's values are checked as the command line checks them.
  const walk = (v: unknown, path: string, depth: number): void => {
    if (depth > 16) throw new Invalid(path, 'is nested more than 16 levels deep');
    if (typeof v === 'string') {
      if (v.length > 4096) throw new Invalid(path, 'is longer than 4096 characters');
      if (regex(`[${CONTROLS}]`).test(v)) throw new Invalid(path, 'holds a line break or a control character');
    } else if (Array.isArray(v)) {
      if (v.length > MAX_ARTEFACT_SENDERS) throw new Invalid(path, `holds more than ${MAX_ARTEFACT_SENDERS} items`);
      v.forEach((x, i) => walk(x, `${path}[${i}]`, depth + 1));
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(x, key(path, k), depth + 1);
    }
  };
  walk(recipe, '$.recipe', 0);
  if (recipe.name === 'cres-tls' && 'group' in recipe) {
    const shape = { group: 'string', policy: 'string', tls: 'string', comment: 'string' } as const;
    for (const [k, t] of Object.entries(shape)) if (typeof recipe[k] !== t) throw new Invalid(`$.recipe.${k}`, `must be a ${t}`);
    if (!Array.isArray(recipe.senders) || recipe.senders.length > MAX_ARTEFACT_SENDERS || !recipe.senders.every((s) => typeof s === 'string')) {
      throw new Invalid('$.recipe.senders', `must be a list of at most ${MAX_ARTEFACT_SENDERS} strings`);
    }
    const problems = checkRecipe(recipe as unknown as CresRecipe);
    if (problems.length) throw new Invalid('$.recipe', problems[0]!);
  }
  // The forward path changes each object once per listener; the same change twice would
  // lower to overlapping edits.
  const seen = new Set<string>();
  for (let i = 0; i < a.operations.length; i++) {
    const o = a.operations[i]! as unknown as Record<string, unknown>;
    const target = JSON.stringify([o.listener, o.op, o.group ?? null, o.policy ?? null, o.param ?? null]);
    if (seen.has(target)) throw new Invalid(`$.operations[${i}]`, 'repeats an earlier operation on the same object of the same listener');
    seen.add(target);
    if (Array.isArray(o.senders)) {
      const lower = (o.senders as string[]).map((x) => x.toLowerCase());
      const dup = lower.findIndex((x, k) => lower.indexOf(x) !== k);
      if (dup >= 0) throw new Invalid(`$.operations[${i}].senders[${dup}]`, 'repeats a sender of the same operation');
    }
  }
  for (let i = 0; i < a.operations.length; i++) {
    const op = a.operations[i]!;
    if (op.op !== 'set-group-policy') continue;
    for (const k of ['from', 'to'] as const) {
      const v = op[k];
      if (v !== '(none)' && !v.startsWith('$') && !isOneBehaviour(v)) {
        throw new Invalid(`$.operations[${i}].${k}`, 'is neither (none), a $POLICY reference nor one behaviour written in a group: rollback would write other HAT text');
      }
    }
  }
  let end = 0;
  for (let i = 0; i < a.edits.length; i++) {
    const e = a.edits[i]!;
    if (e.offset < end) throw new Invalid(`$.edits[${i}].offset`, 'overlaps the edit before it, or is out of order (edits are sorted by offset)');
    end = e.offset + e.delete.length;
  }
}

/**
 * Checks a parsed JSON value (`JSON.parse` of a `.patch.json`) against
 * {@link ARTEFACT_JSON_SCHEMA} and the meaning checks; never throws. On success the value is
 * the artefact (the same object, typed); otherwise `path` is the JSON path of the first
 * problem (`$.operations[3].from`) and `problem` says what is wrong with it.
 */
export function validateArtefact(value: unknown): ArtefactValidation {
  try {
    check(value, ARTEFACT_JSON_SCHEMA as unknown as Schema, '$');
    checkMeaning(value as PatchArtefact);
    return { ok: true, artefact: value as PatchArtefact };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, path: e.path, problem: e.problem };
    if (e instanceof RangeError) return { ok: false, path: '$', problem: 'is nested too deeply or too large to check' };
    throw e;
  }
}
