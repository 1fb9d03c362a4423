/**
 * The JSON Schema of the patch artefact (published as `docs/artefact-schema.json`): types,
 * sizes, counts and value grammars of both formats, for the operations of this version and
 * those of 0.1.0. {@link validateArtefact} checks it, then what a schema cannot say.
 */
import { MAX_RECIPE_CHARS } from '../recipes/load.js';

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

// Characters that never belong in a value written into a HAT or shown as a name: C0, DEL, C1,
// line and paragraph separators, bidi controls.
export const CONTROLS = '\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029\\u200e\\u200f\\u061c\\u202a-\\u202e\\u2066-\\u2069';
// Characters that end or change a HAT word (the tokenizer's stops, `$` and `:` of heads, quotes).
const STOPS = `\\s:$(){}=,"'\\\\${CONTROLS}`;

/** A sender group or policy name as the HAT reader takes one (`NAME:`, `$NAME`): one word, not a comment. */
const NAME = `^[^#${STOPS}][^${STOPS}]{0,255}$`;
/** A sender group name: as {@link NAME}, and not `ALL` (the last entry's). */
const GROUP = `^(?![Aa][Ll][Ll]$)[^#${STOPS}][^${STOPS}]{0,255}$`;
/**
 * An entry's name as an operation locates it: a group, `ALL`, or an inline entry's first sender
 * (IPv6 holds colons). Only compared with the names of the HAT, never written: any name the HAT
 * reader reads (one word, up to 1024 characters), no control.
 */
const ENTRY = `^[^\\s${CONTROLS}]{1,1024}$`;
/**
 * A listener's name, as the export gives it: for people only (a listener is found by its path)
 * and never written into a HAT, so any text the export can hold, even none; terminals get it escaped.
 */
const LISTENER = '^[\\s\\S]{0,65536}$';
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
/** Characters a recorded text (a removal's, a recipe's) never holds: controls but tab and line endings, line separators, bidi controls. */
export const RECORDED_CONTROLS =
  '\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\u2028\\u2029\\u200e\\u200f\\u061c\\u202a-\\u202e\\u2066-\\u2069';
/** A removal's recorded text, or a recipe's: lines (tabs and line endings, no other control). */
export const RECORDED = `^[^${RECORDED_CONTROLS}]*$`;
/** An element path such as `config/listeners/listener[1]`. */
const PATH = `^[^\\s${CONTROLS}]{1,1024}$`;
/** Text of one character per byte (latin1). */
const BYTES = '^[\\x00-\\xff]*$';

const str = (pattern: string, description: string) => ({ type: 'string', pattern, description }) as const;
const nullable = (pattern: string, description: string) => ({ type: ['string', 'null'], pattern, description }) as const;
const senders = {
  type: 'array',
  minItems: 1,
  maxItems: MAX_ARTEFACT_SENDERS,
  items: { $ref: '#/$defs/sender' },
  description: 'Senders as written in the HAT.',
} as const;
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
      position: {
        type: 'integer',
        minimum: 0,
        maximum: 1000000,
        description: 'Index among the entries (0.1.0 omits it: rollback finds it).',
      },
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

/** Properties both formats share (all but `format` and `recipe`). */
/**
 * A change id (`--change-id`): a ticket number such as `CHG0012345` or `RFC-2026/118539`. One
 * word of printable ASCII, so it can stand in a commit comment, a file and a report as it is.
 */
export const CHANGE_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._:/#+-]{0,63}$';

const shared = {
  tool: { type: 'string', maxLength: 256, description: 'The tool and version that wrote it.' },
  created: {
    type: 'string',
    pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?Z$',
    description: 'When apply wrote it (ISO 8601, UTC). Not in artefacts written before 0.3.0.',
  },
  changeId: {
    type: 'string',
    pattern: CHANGE_ID_PATTERN,
    description:
      "The change's id in the team's change process (`apply --change-id`), shown by show, the reports and a push's commit comment.",
  },
  hatText: {
    const: 'characters',
    description:
      "The operations record HAT text as characters (a UTF-8 export's bytes decoded). Absent (artefacts before 0.3.0): as the export's bytes, one character per byte.",
  },
  direction: { enum: ['forward', 'reverse'] },
  input: {
    type: 'object',
    required: ['file', 'sha256', 'bytes', 'hostname', 'asyncos'],
    additionalProperties: false,
    properties: {
      // What the export says of itself: shown to people, compared, never written into a HAT.
      file: { type: 'string', maxLength: 4096 },
      sha256: { $ref: '#/$defs/sha256' },
      bytes: { $ref: '#/$defs/bytes' },
      hostname: { type: ['string', 'null'], maxLength: MAX_EDIT_TEXT },
      asyncos: { type: ['string', 'null'], maxLength: MAX_EDIT_TEXT },
      serial: { type: ['string', 'null'], maxLength: MAX_EDIT_TEXT },
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
} as const;
const REQUIRED = ['format', 'tool', 'direction', 'recipe', 'input', 'output', 'listeners', 'operations', 'edits'] as const;

/**
 * The JSON Schema (draft 2020-12) of the patch artefact, formats `esa-patch/1` and
 * `esa-patch/2`; `docs/artefact-schema.json` is this constant written out (a test keeps them
 * identical). The formats differ in their `recipe` only.
 */
export const ARTEFACT_JSON_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://github.com/esa-patch/esa-patch/docs/artefact-schema.json',
  title: 'esa-patch patch artefact (esa-patch/2, esa-patch/1)',
  description:
    'What `esa-patch apply` writes beside the patched export (`OUT.patch.json`), read by `rollback`. Untrusted input: rollback checks it against this schema, then reads every value a rollback would write back through the HAT reader. Offsets are bytes; `delete`/`insert` hold one character per byte (latin1). Format `esa-patch/2` records the recipe applied as its full text with its sha256; format `esa-patch/1` (and its operations of 0.1.0: parameters as an object, policies as `$NAME` strings, no positions) is still accepted.',
  type: 'object',
  oneOf: [{ $ref: '#/$defs/format2' }, { $ref: '#/$defs/format1' }],
  $defs: {
    format2: {
      type: 'object',
      description: 'Format `esa-patch/2`: the recipe as the exact text applied.',
      required: REQUIRED,
      additionalProperties: false,
      properties: {
        format: { const: 'esa-patch/2' },
        recipe: {
          type: 'object',
          required: ['name', 'sha256', 'text'],
          additionalProperties: false,
          properties: {
            name: {
              type: 'string',
              maxLength: 256,
              pattern: `^[^${CONTROLS}]{1,256}$`,
              description: 'The recipe as the run named it (a built-in name or a file).',
            },
            sha256: { $ref: '#/$defs/sha256', description: 'sha256 of the UTF-8 bytes of `text`.' },
            text: {
              type: 'string',
              maxLength: MAX_RECIPE_CHARS,
              pattern: RECORDED,
              description:
                'The desired state applied, as a recipe file the recipe loader reads: the recipe file as read when the run changed nothing in it, else the effective recipe (file and command-line overrides) as canonical JSON.',
            },
            source: {
              type: 'object',
              required: ['name', 'sha256'],
              additionalProperties: false,
              properties: {
                name: { type: 'string', maxLength: 256, pattern: `^[^${CONTROLS}]{1,256}$` },
                sha256: { $ref: '#/$defs/sha256' },
              },
              description: 'When `text` is the effective recipe: the recipe file it was made from (the UTF-8 sha256 of its text).',
            },
          },
          description: 'The recipe applied. Rollback writes nothing from it; it must load as a recipe.',
        },
        ...shared,
      },
    },
    format1: {
      type: 'object',
      description: 'Format `esa-patch/1` (0.1.0 to 0.x): the recipe as a value.',
      required: REQUIRED,
      additionalProperties: false,
      properties: {
        format: { const: 'esa-patch/1' },
        recipe: {
          type: 'object',
          required: ['name'],
          maxProperties: 64,
          properties: { name: { type: 'string', maxLength: 64 } },
          description:
            'The recipe as planned (0.1.0: its flat settings). Rollback writes nothing from it; its strings are checked for control characters.',
        },
        ...shared,
      },
    },
    sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    bytes: { type: 'integer', minimum: 0, maximum: 4294967295 },
    group: str(
      GROUP,
      'A sender group name: one HAT word (no spaces, quotes, `:`, `$`, parentheses, braces, `=` or `,`; not starting with `#`); not ALL.',
    ),
    name: str(NAME, 'A mail flow policy name without `$`: one HAT word.'),
    entry: nullable(ENTRY, "A HAT entry name (a group, ALL, or an inline entry's first sender); null: the end of the HAT."),
    listener: str(LISTENER, "A listener's name."),
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
              items: {
                type: 'array',
                minItems: 2,
                maxItems: 2,
                prefixItems: [str(PARAM_KEY, 'The parameter.'), { $ref: '#/$defs/paramValue' }],
                items: false,
              },
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
