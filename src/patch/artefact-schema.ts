/**
 * The patch artefact is untrusted input: anyone can edit a `.patch.json`, and rollback writes
 * its values into a HAT. {@link ARTEFACT_JSON_SCHEMA} (published as `docs/artefact-schema.json`)
 * fixes its types, sizes, counts and value grammars, for the operations of this version and
 * those of 0.1.0 (parameters as an object, policies as `$NAME` strings, no positions);
 * {@link validateArtefact} checks a parsed value against it and then checks what a schema
 * cannot say: every value a rollback would write reads back, through the HAT reader, as
 * exactly one thing of its kind (a name as that name, a sender as one member, a behaviour as
 * that behaviour, a removal's recorded text as that one group or policy, never as a new sender
 * group or policy), and the edits are in order and do not overlap. The first problem is
 * reported with its JSON path (`$.operations[3].from`).
 */
import { readHat, type HatModel, type Param } from '../hat/model.js';
import { formatValue, type PolicyTarget } from '../hat/operations.js';
import { sameParams, sameTarget } from '../hat/apply-model.js';
import { tokenize } from '../hat/syntax.js';
import { validateSender } from '../net/sender.js';
import type { PatchArtefact } from './artefact.js';

/** Operations an artefact may hold at most (one listener's change takes a handful). */
export const MAX_ARTEFACT_OPERATIONS = 10_000;
/** Edits an artefact may hold at most. */
export const MAX_ARTEFACT_EDITS = 10_000;
/** Listeners an artefact may name at most. */
export const MAX_ARTEFACT_LISTENERS = 1_000;
/** Senders one operation may hold at most (a removed group records all of its members). */
export const MAX_ARTEFACT_SENDERS = 10_000;
/** Parameters one policy may hold at most. */
export const MAX_ARTEFACT_PARAMS = 64;
/** Characters of one edit's `delete` or `insert` at most (a whole HAT fits many times). */
export const MAX_EDIT_TEXT = 16 * 1024 * 1024;
/** Senders all operations of an artefact may hold at most together. */
export const MAX_ARTEFACT_TOTAL_SENDERS = 100_000;
/** Characters of a removal's recorded `text` at most (one group or policy). */
export const MAX_OPERATION_TEXT = 1024 * 1024;
/**
 * Characters at most of text the export says of itself and the artefact only records (a listener's
 * name, the hostname, AsyncOS version and serial): as much as an export holds, since the CLI
 * reads no export over 512 MiB (MAX_INPUT_BYTES in src/cli/fs/read.ts).
 */
export const MAX_EXPORT_TEXT = 512 * 1024 * 1024;

// Characters that never belong in a value written into a HAT or shown as a name: C0, DEL, C1,
// line and paragraph separators, bidi controls.
const CONTROLS = '\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029\\u200e\\u200f\\u061c\\u202a-\\u202e\\u2066-\\u2069';
// Characters that end or change a HAT word (the tokenizer's stops, `$` and `:` of heads, quotes).
const STOPS = `\\s:$(){}=,"'\\\\${CONTROLS}`;

/** A sender group or policy name as the HAT reader takes one (`NAME:`, `$NAME`): one word, not a comment. */
const NAME = `^[^#${STOPS}][^${STOPS}]{0,255}$`;
/** A sender group name: as {@link NAME}, and not `ALL` (the last entry's). */
const GROUP = `^(?![Aa][Ll][Ll]$)[^#${STOPS}][^${STOPS}]{0,255}$`;
/** An entry's name as an operation locates it: a group, `ALL`, or an inline entry's first sender (IPv6 holds colons). */
const ENTRY = `^[^#\\s$(){}=,"'\\\\${CONTROLS}][^\\s$(){}=,"'\\\\${CONTROLS}]{0,255}$`;
/** A sender as written on a member line: one HAT word (checked further: it reads back as that one member). */
const SENDER = `^[^#\\s$(){}=,"'\\\\${CONTROLS}][^\\s$(){}=,"'\\\\${CONTROLS}]{0,255}$`;
/** A mail flow policy parameter name. */
const PARAM_KEY = '^[A-Za-z_][A-Za-z0-9_]{0,63}$';
/** A parameter value (written bare when a number, else quoted and escaped): no line break or control. */
const PARAM_VALUE = `^[^${CONTROLS}]{0,1024}$`;
/** A comment written after a policy reference: no parentheses, no controls. */
const COMMENT = `^[^()${CONTROLS}]{0,1024}$`;
/** 0.1.0: a group's policy as a name, with or without `$`. */
const LEGACY_POLICY = `^\\$?[^#${STOPS}][^${STOPS}]{0,255}$`;
/** 0.1.0: a binding as `$NAME` or a bare behaviour keyword (what rollback reads; anything else it refuses). */
const LEGACY_BINDING = `^(\\$[^#${STOPS}][^${STOPS}]{0,255}|ACCEPT|REJECT|RELAY|TCPREFUSE|CONTINUE)$`;
/** A removal's recorded text: lines of the HAT (tabs and line endings, no other control). */
const RECORDED = '^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\u2028\\u2029\\u200e\\u200f\\u061c\\u202a-\\u202e\\u2066-\\u2069]*$';
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
const recorded = {
  type: 'string',
  maxLength: MAX_OPERATION_TEXT,
  pattern: RECORDED,
  description: 'The exact text removed (lines with their endings); it must read back as this one object.',
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
      behaviour: { $ref: '#/$defs/behaviour' },
      params: { $ref: '#/$defs/params' },
      text: recorded,
    },
  }) as const;
const groupOp = (op: string, description: string) =>
  ({
    type: 'object',
    description,
    required: ['op', 'listener', 'group', 'senders', 'policy', 'before'],
    additionalProperties: false,
    properties: {
      op: { const: op },
      ...common,
      group: { $ref: '#/$defs/group' },
      senders,
      policy: { oneOf: [{ $ref: '#/$defs/target' }, str(LEGACY_POLICY, '0.1.0: the policy by name.')] },
      comment: str(COMMENT, 'Comment after the policy reference (0.1.0 may omit it).'),
      position: { type: 'integer', minimum: 0, maximum: 1000000, description: 'Index among the entries (0.1.0 omits it: rollback finds it).' },
      before: { $ref: '#/$defs/entry' },
      text: recorded,
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
const binding = { oneOf: [{ $ref: '#/$defs/target' }, str(LEGACY_BINDING, '0.1.0: `$NAME` or a bare behaviour keyword.')] } as const;

/**
 * The JSON Schema (draft 2020-12) of the patch artefact `esa-patch/1`;
 * `docs/artefact-schema.json` is this constant written out (a test keeps them identical).
 */
export const ARTEFACT_JSON_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://github.com/esa-patch/esa-patch/docs/artefact-schema.json',
  title: 'esa-patch patch artefact (esa-patch/1)',
  description:
    'What `esa-patch apply` writes beside the patched export (`OUT.patch.json`), read by `rollback`. Untrusted input: rollback checks it against this schema, then reads every value a rollback would write back through the HAT reader. Offsets are bytes; `delete`/`insert` hold one character per byte (latin1). Operations of 0.1.0 (parameters as an object, policies as `$NAME` strings, no positions) are accepted.',
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
      description: 'The recipe as planned (0.1.0: its flat settings). Rollback writes nothing from it; its strings are checked for control characters.',
    },
    input: {
      type: 'object',
      required: ['file', 'sha256', 'bytes', 'hostname', 'asyncos'],
      additionalProperties: false,
      properties: {
        // What the export says of itself: shown to people, compared, never written into a HAT.
        file: { type: 'string', maxLength: 4096 },
        sha256: { $ref: '#/$defs/sha256' },
        bytes: { $ref: '#/$defs/bytes' },
        hostname: { type: ['string', 'null'], maxLength: MAX_EXPORT_TEXT },
        asyncos: { type: ['string', 'null'], maxLength: MAX_EXPORT_TEXT },
        serial: { type: ['string', 'null'], maxLength: MAX_EXPORT_TEXT },
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
    group: str(GROUP, 'A sender group name: one HAT word (no spaces, quotes, `:`, `$`, parentheses, braces, `=` or `,`; not starting with `#`); not ALL.'),
    name: str(NAME, 'A mail flow policy name without `$`: one HAT word.'),
    entry: nullable(ENTRY, 'A HAT entry name (a group, ALL, or an inline entry\'s first sender); null: the end of the HAT.'),
    // For people only (a listener is found by its path) and never written into a HAT, so any text
    // the export can hold, also none (an empty <listener_name>); terminals get it escaped.
    listener: { type: 'string', maxLength: MAX_EXPORT_TEXT, description: "A listener's name, as the export gives it (may be empty)." },
    path: str(PATH, 'An element path, e.g. `config/listeners/listener[1]`.'),
    sender: str(SENDER, 'A sender: one HAT word that reads back as one member.'),
    behaviour: { enum: ['ACCEPT', 'REJECT', 'RELAY', 'TCPREFUSE', 'CONTINUE'] },
    paramValue: str(PARAM_VALUE, 'A parameter value, unquoted (written bare when a number, else between quotes).'),
    params: {
      oneOf: [
        {
          type: 'array',
          maxItems: MAX_ARTEFACT_PARAMS,
          items: {
            type: 'array',
            minItems: 2,
            maxItems: 2,
            prefixItems: [str(PARAM_KEY, 'The parameter, e.g. `tls`.'), { $ref: '#/$defs/paramValue' }],
            items: false,
          },
          description: 'Ordered parameters: [key, value] pairs.',
        },
        {
          type: 'object',
          maxProperties: MAX_ARTEFACT_PARAMS,
          propertyNames: { pattern: PARAM_KEY },
          additionalProperties: { $ref: '#/$defs/paramValue' },
          description: '0.1.0: parameters as an object.',
        },
      ],
    },
    target: {
      type: 'object',
      description: 'What an entry is bound to: a named policy, or a behaviour of its own.',
      oneOf: [
        {
          type: 'object',
          required: ['kind', 'name'],
          additionalProperties: false,
          properties: { kind: { const: 'named' }, name: { $ref: '#/$defs/name' } },
        },
        {
          type: 'object',
          required: ['kind', 'behaviour', 'params'],
          additionalProperties: false,
          properties: {
            kind: { const: 'own' },
            behaviour: { $ref: '#/$defs/behaviour' },
            params: {
              type: 'array',
              maxItems: MAX_ARTEFACT_PARAMS,
              items: { type: 'array', minItems: 2, maxItems: 2, prefixItems: [str(PARAM_KEY, 'The parameter.'), { $ref: '#/$defs/paramValue' }], items: false },
            },
          },
        },
      ],
    },
    operation: {
      type: 'object',
      oneOf: [
        policyOp('add-policy', 'Add a mail flow policy.'),
        policyOp('remove-policy', 'Remove a mail flow policy (`text`: the exact definition removed).'),
        groupOp('add-sender-group', 'Add a sender group at `position`, before the entry `before`.'),
        groupOp('remove-sender-group', 'Remove a sender group (`text`: the exact group removed).'),
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
          description: 'Bind a sender group to another policy.',
          required: ['op', 'listener', 'group', 'from', 'to'],
          additionalProperties: false,
          properties: {
            op: { const: 'set-group-policy' },
            ...common,
            group: { $ref: '#/$defs/group' },
            from: binding,
            to: binding,
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
// A path names a property of untrusted input: anything but printable ASCII is escaped, so that
// a path is safe to show in a terminal.
const key = (path: string, k: string) =>
  IDENT.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k.length > 64 ? `${k.slice(0, 64)}…` : k).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}]`;

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

function typesOf(s: Schema): string[] {
  return s.type === undefined ? [] : Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
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
    const prefix = (s.prefixItems as Schema[] | undefined) ?? [];
    for (let i = 0; i < Math.min(prefix.length, v.length); i++) check(v[i], prefix[i]!, `${path}[${i}]`);
    if (s.items === false && v.length > prefix.length) throw new Invalid(`${path}[${prefix.length}]`, 'is one item too many');
    if (s.items && typeof s.items === 'object') for (let i = prefix.length; i < v.length; i++) check(v[i], s.items as Schema, `${path}[${i}]`);
  }
  if (typeOf(v) === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (typeof s.maxProperties === 'number' && keys.length > s.maxProperties) throw new Invalid(path, `has ${keys.length} properties, more than ${s.maxProperties}`);
    const props = (s.properties ?? {}) as Record<string, Schema>;
    const names = s.propertyNames as Schema | undefined;
    for (const k of keys) {
      if (names && typeof names.pattern === 'string' && !regex(names.pattern).test(k)) throw new Invalid(key(path, k), 'is not an allowed property name');
      if (Object.hasOwn(props, k)) check(o[k], props[k]!, key(path, k));
      else if (s.additionalProperties === false) throw new Invalid(key(path, k), 'is not a property of this object');
      else if (typeof s.additionalProperties === 'object') check(o[k], s.additionalProperties as Schema, key(path, k));
    }
    // After the properties present: a wrong `format` says more than the fields a format lacks.
    for (const r of (s.required as string[] | undefined) ?? []) if (!Object.hasOwn(o, r)) throw new Invalid(key(path, r), 'is missing');
  }
  if (Array.isArray(s.oneOf)) {
    // The branches are told apart by their type, then by a property with a `const` (`op`, `kind`).
    const branches = (s.oneOf as Schema[]).map(resolveRef);
    const t = typeOf(v);
    const fits = branches.filter((b) => b.type === undefined || typesOf(b).includes(t) || (t === 'integer' && typesOf(b).includes('number')));
    const discriminator = (b: Schema) => Object.entries((b.properties ?? {}) as Record<string, Schema>).find(([, p]) => 'const' in p);
    let branch: Schema | undefined = fits.length === 1 ? fits[0] : undefined;
    if (fits.length > 1 && t === 'object') branch = fits.find((b) => { const d = discriminator(b); return d !== undefined && (v as Record<string, unknown>)[d[0]] === d[1].const; });
    if (!branch) {
      const d = fits.map(discriminator).find((x) => x !== undefined);
      if (d && t === 'object') {
        const allowed = fits.map(discriminator).filter((x) => x !== undefined).map((x) => JSON.stringify(x![1].const));
        throw new Invalid(key(path, d[0]), `must be one of ${allowed.join(', ')}`);
      }
      throw new Invalid(path, `must be ${branches.map((b) => typesOf(b).join(' or ') || 'something else').join(', or ')}, is ${describe(v)}`);
    }
    check(v, branch, path);
  }
}

type Loose = Record<string, unknown>;

/** Parameters as this version records them (0.1.0: an object). */
function paramsOf(v: unknown): Param[] {
  return Array.isArray(v) ? (v as Param[]) : Object.entries(v as Record<string, string>);
}

/** A group's policy or binding as this version records it (0.1.0: `$NAME`, `NAME` or a bare keyword), as rollback upgrades it. */
function targetOf(v: unknown, bareIsName: boolean): PolicyTarget {
  if (typeof v !== 'string') return v as PolicyTarget;
  if (v.startsWith('$') || bareIsName) return { kind: 'named', name: v.replace(/^\$/, '') };
  return { kind: 'own', behaviour: v, params: [] };
}

const IND = '    ';
const paramLine = ([k, v]: Param) => `${IND}${IND}${k} = ${formatValue(v)}\n`;
const behaviourLines = (behaviour: string, params: readonly Param[], comment = '') =>
  params.length ? `${IND}${behaviour} {\n${params.map(paramLine).join('')}${IND}}${comment}\n` : `${IND}${behaviour}${comment}\n`;
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const sameOrdered = (a: readonly Param[], b: readonly Param[]) => a.length === b.length && a.every(([k, v], i) => k === b[i]![0] && v === b[i]![1]);

/** The HAT model of `text` when it reads without any problem or unknown line; null otherwise. */
function cleanModel(text: string): HatModel | null {
  const { model } = readHat(text);
  return model.problems.length || model.unknown.length ? null : model;
}

/** Does a sender group written from these values read back as exactly this one group? */
function readsAsGroup(group: string, members: readonly string[], target: PolicyTarget, comment: string): boolean {
  const note = comment ? ` (${comment})` : '';
  const policy = target.kind === 'named' ? `${IND}$${target.name}${note}\n` : behaviourLines(target.behaviour, target.params, note);
  const m = cleanModel(`${group}:\n${members.map((s) => `${IND}${s}\n`).join('')}${policy}`);
  const e = m?.entries[0];
  return (
    !!m &&
    m.policies.length === 0 &&
    m.entries.length === 1 &&
    e!.kind === 'group' &&
    e!.name === group &&
    sameList(e!.members.map((x) => x.text), members) &&
    e!.policy !== null &&
    (e!.policy.comment ?? '') === comment &&
    (target.kind === 'named' ? e!.policy.kind === 'named' && e!.policy.name === target.name : e!.policy.kind === 'own' && e!.policy.behaviour === target.behaviour && sameOrdered(e!.policy.params, target.params))
  );
}

/** Does a policy written from these values read back as exactly this one policy? */
function readsAsPolicy(name: string, behaviour: string, params: readonly Param[]): boolean {
  const m = cleanModel(`$${name}\n${behaviourLines(behaviour, params)}`);
  const p = m?.policies[0];
  return !!m && m.entries.length === 0 && m.policies.length === 1 && p!.name === name && p!.behaviour === behaviour && sameOrdered(p!.params, params);
}

/** Does one sender, on a member line of its own, read back as that one member (and, when `strict`, as the forward path checks a sender)? */
function readsAsSender(s: string, strict: boolean): boolean {
  const words = tokenize(s);
  if (words.length !== 1 || words[0]!.kind !== 'word') return false;
  return !strict || validateSender(s).ok;
}

/** The checks a schema cannot express; throws at the first problem. */
function checkMeaning(a: PatchArtefact): void {
  const recipe = a.recipe as unknown as Loose;
  // Rollback writes nothing from the recipe; still, no string in it may hold a control
  // character, and its size and depth are bounded.
  const walk = (v: unknown, path: string, depth: number): void => {
    if (depth > 16) throw new Invalid(path, 'is nested more than 16 levels deep');
    if (typeof v === 'string') {
      if (v.length > 4096) throw new Invalid(path, 'is longer than 4096 characters');
      if (regex(`[${CONTROLS}]`).test(v)) throw new Invalid(path, 'holds a line break or a control character');
    } else if (Array.isArray(v)) {
      if (v.length > MAX_ARTEFACT_SENDERS) throw new Invalid(path, `holds more than ${MAX_ARTEFACT_SENDERS} items`);
      v.forEach((x, i) => walk(x, `${path}[${i}]`, depth + 1));
    } else if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v);
      if (keys.length > 1024) throw new Invalid(path, 'has more than 1024 properties');
      for (const k of keys) {
        if (regex(`[${CONTROLS}]`).test(k) || k.length > 256) throw new Invalid(key(path, k), 'is not an allowed property name');
        walk((v as Loose)[k], key(path, k), depth + 1);
      }
    }
  };
  walk(recipe, '$.recipe', 0);
  // The forward path changes each object once per listener; the same change twice would
  // lower to overlapping edits.
  const seen = new Set<string>();
  for (let i = 0; i < a.operations.length; i++) {
    const o = a.operations[i]! as unknown as Loose;
    const at = `$.operations[${i}]`;
    const target = JSON.stringify([o.listenerPath ?? o.listener, o.op, o.group ?? null, typeof o.policy === 'string' ? o.policy : null, o.param ?? null]);
    if (seen.has(target)) throw new Invalid(at, 'repeats an earlier operation on the same object of the same listener');
    seen.add(target);
    checkOperation(o, at);
  }
  let end = 0;
  for (let i = 0; i < a.edits.length; i++) {
    const e = a.edits[i]!;
    if (e.offset < end) throw new Invalid(`$.edits[${i}].offset`, 'overlaps the edit before it, or is out of order (edits are sorted by offset)');
    end = e.offset + e.delete.length;
  }
}

const WRITES_OTHER = 'would not read back as written: rollback would write other HAT text (another sender group, policy or line)';

/** Every value of one operation (schema-valid) reads back, through the HAT reader, as what it is. */
function checkOperation(o: Loose, at: string): void {
  const op = o.op as string;
  const list = (k: string) => o[k] as string[];
  // Senders the forward path adds were checked as a user's senders; senders it removed may be
  // any member the HAT held (an SBRS range, a country), so they need only read back as one member.
  if (Array.isArray(o.senders)) {
    const strict = op === 'add-senders' || op === 'add-sender-group';
    const seen = new Set<string>();
    list('senders').forEach((s, k) => {
      if (!readsAsSender(s, strict)) throw new Invalid(`${at}.senders[${k}]`, strict ? 'is not a sender the forward path writes (an address, range or host name)' : 'does not read back as one member');
      if (seen.has(s.toLowerCase())) throw new Invalid(`${at}.senders[${k}]`, 'repeats a sender of the same operation');
      seen.add(s.toLowerCase());
    });
  }
  switch (op) {
    case 'add-policy':
    case 'remove-policy': {
      const params = paramsOf(o.params);
      if (!readsAsPolicy(o.policy as string, o.behaviour as string, params)) throw new Invalid(`${at}.params`, `with its policy and behaviour ${WRITES_OTHER}`);
      if (typeof o.text === 'string') {
        const m = cleanModel(o.text);
        const p = m?.policies[0];
        if (!m || m.entries.length !== 0 || m.policies.length !== 1 || p!.name !== o.policy || p!.behaviour !== o.behaviour || !sameParams(p!.params, params)) {
          throw new Invalid(`${at}.text`, 'does not read back as exactly this one policy: rollback would write other HAT text');
        }
      }
      break;
    }
    case 'add-sender-group':
    case 'remove-sender-group': {
      const target = targetOf(o.policy, true);
      const comment = (o.comment as string | undefined) ?? '';
      if (!readsAsGroup(o.group as string, list('senders'), target, comment)) {
        // Say which value is at fault when one alone is.
        if (!readsAsGroup(o.group as string, list('senders'), target, '')) throw new Invalid(`${at}.policy`, `with its group and senders ${WRITES_OTHER}`);
        throw new Invalid(`${at}.comment`, WRITES_OTHER);
      }
      if (typeof o.text === 'string') {
        const m = cleanModel(o.text);
        const e = m?.entries[0];
        const ok =
          !!m &&
          m.policies.length === 0 &&
          m.entries.length === 1 &&
          e!.kind === 'group' &&
          e!.name === o.group &&
          sameList(e!.members.map((x) => x.text), list('senders')) &&
          e!.policy !== null &&
          (e!.policy.kind === 'named' ? sameTarget({ kind: 'named', name: e!.policy.name }, target) : sameTarget({ kind: 'own', behaviour: e!.policy.behaviour, params: e!.policy.params }, target));
        if (!ok) throw new Invalid(`${at}.text`, 'does not read back as exactly this one sender group: rollback would write other HAT text');
      }
      break;
    }
    case 'add-senders':
    case 'remove-senders':
    case 'move-sender-group':
      if (!readsAsGroup(o.group as string, ['192.0.2.1'], { kind: 'named', name: 'P' }, '')) throw new Invalid(`${at}.group`, WRITES_OTHER);
      break;
    case 'set-policy-param':
      for (const k of ['from', 'to'] as const) {
        const v = o[k] as string | null;
        if (v !== null && !readsAsPolicy(o.policy as string, 'ACCEPT', [[o.param as string, v]])) throw new Invalid(`${at}.${k}`, WRITES_OTHER);
      }
      break;
    case 'set-group-policy':
      for (const k of ['from', 'to'] as const) {
        if (!readsAsGroup(o.group as string, ['192.0.2.1'], targetOf(o[k], false), '')) throw new Invalid(`${at}.${k}`, WRITES_OTHER);
      }
      break;
  }
}

/** Refuses, before anything else is checked, more senders in all operations together than {@link MAX_ARTEFACT_TOTAL_SENDERS}. */
function checkTotal(value: unknown): void {
  const ops = value !== null && typeof value === 'object' ? (value as Loose).operations : undefined;
  if (!Array.isArray(ops) || ops.length > MAX_ARTEFACT_OPERATIONS) return;
  let total = 0;
  for (const o of ops) {
    const senders = o !== null && typeof o === 'object' ? (o as Loose).senders : undefined;
    if (Array.isArray(senders)) total += senders.length;
  }
  if (total > MAX_ARTEFACT_TOTAL_SENDERS) throw new Invalid('$.operations', `hold ${total} senders together, more than ${MAX_ARTEFACT_TOTAL_SENDERS}`);
}

/**
 * Checks a parsed JSON value (`JSON.parse` of a `.patch.json`) against
 * {@link ARTEFACT_JSON_SCHEMA} and the read-back checks; never throws. On success the value is
 * the artefact (the same object, typed); otherwise `path` is the JSON path of the first
 * problem (`$.operations[3].from`) and `problem` says what is wrong with it.
 */
export function validateArtefact(value: unknown): ArtefactValidation {
  try {
    checkTotal(value);
    check(value, ARTEFACT_JSON_SCHEMA as unknown as Schema, '$');
    checkMeaning(value as PatchArtefact);
    return { ok: true, artefact: value as PatchArtefact };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, path: e.path, problem: e.problem };
    if (e instanceof RangeError) return { ok: false, path: '$', problem: 'is nested too deeply or too large to check' };
    throw e;
  }
}
