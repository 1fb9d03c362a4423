/**
 * The JSON Schema of the patch artefact (published as `docs/artefact-schema.json`), written
 * once with TypeBox's builders (`hat/json-schema.ts`) around the operation vocabulary
 * (`hat/operation-schema.ts`): the artefact's TypeScript types are derived from it (`Static`),
 * ajv checks it. It fixes types, sizes, counts and value grammars of both formats, for the
 * operations of this version and those of 0.1.0 (upgraded at read time, see `artefact-schema.ts`).
 */
import { BEHAVIOURS, CONTROLS, HAT_NAME, PARAM_NAME } from '../hat/grammar.js';
import { Type, type Static, type TSchema } from '../hat/json-schema.js';
import {
  closed,
  commentOf,
  definitions,
  MAX_ARTEFACT_PARAMS,
  OPERATION_DEFS,
  operationSchemas,
  pairs,
  paramValue,
  RECORDED,
  str,
  tagged,
  target,
} from '../hat/operation-schema.js';
import { MAX_RECIPE_CHARS } from '../recipes/load.js';

export { MAX_ARTEFACT_PARAMS, MAX_ARTEFACT_SENDERS, MAX_OPERATION_TEXT, RECORDED } from '../hat/operation-schema.js';

/** Operations an artefact may hold at most. */
export const MAX_ARTEFACT_OPERATIONS = 10_000;
/** Edits an artefact may hold at most. */
export const MAX_ARTEFACT_EDITS = 10_000;
/** Listeners an artefact may name at most. */
export const MAX_ARTEFACT_LISTENERS = 1_000;
/** Characters of one edit's `delete` or `insert` at most (a whole HAT fits many times). */
export const MAX_EDIT_TEXT = 16 * 1024 * 1024;
/** Senders all operations of an artefact may hold at most together. */
export const MAX_ARTEFACT_TOTAL_SENDERS = 100_000;

/**
 * A change id (`--change-id`): a ticket number such as `CHG0012345` or `RFC-2026/118539`. One
 * word of printable ASCII, so it can stand in a commit comment, a file and a report as it is.
 */
export const CHANGE_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._:/#+-]{0,63}$';

/**
 * A listener's name, as the export gives it: for people only (a listener is found by its path)
 * and never written into a HAT, so any text the export can hold, even none; terminals get it escaped.
 */
const LISTENER = '^[\\s\\S]{0,65536}$';
/** 0.1.0: a group's policy as a name, with or without `$`. */
const LEGACY_POLICY = `^\\$?${HAT_NAME.slice(1)}`;
/** 0.1.0: a binding as `$NAME` or a bare behaviour keyword (what rollback reads; anything else it refuses). */
const LEGACY_BINDING = `^(\\$${HAT_NAME.slice(1, -1)}|${BEHAVIOURS.join('|')})$`;
/** An element path such as `config/listeners/listener[1]`. */
const PATH = `^[^\\s${CONTROLS}]{1,1024}$`;
/** Text of one character per byte (latin1). */
const BYTES = '^[\\x00-\\xff]*$';

const { defs, def } = definitions();
const either = <T extends TSchema[]>(branches: [...T], options: object = {}) => Type.OneOf(branches, options);

const sha256 = def('sha256', Type.String({ pattern: '^[0-9a-f]{64}$' }));
const bytes = def('bytes', Type.Integer({ minimum: 0, maximum: 4294967295 }));
const listener = def('listener', str(LISTENER, "A listener's name."));
const path = def('path', str(PATH, 'An element path, e.g. `config/listeners/listener[1]`.'));
const legacyParams = Type.Unsafe<Record<string, string>>({
  type: 'object',
  maxProperties: MAX_ARTEFACT_PARAMS,
  propertyNames: { pattern: PARAM_NAME },
  additionalProperties: paramValue,
  description: '0.1.0: parameters as an object.',
});
const params = def('params', either([pairs('The parameter, e.g. `tls`.', 'Ordered parameters: [key, value] pairs.'), legacyParams]));
const where = { listener, listenerPath: Type.Optional(path) };

/** The operations as this version records them, with their listener; {@link ArtefactOperation} is their type. */
const current = operationSchemas(where, {
  params: pairs('The parameter, e.g. `tls`.'),
  policy: target,
  comment: commentOf(''),
  position: Type.Integer({ minimum: 0, maximum: 1000000 }),
  binding: target,
});
/** As read: with the shapes of 0.1.0 (parameters as an object, policies as strings, no comment or position). */
const operation = def(
  'operation',
  tagged('op', [
    ...operationSchemas(where, {
      params,
      policy: either([target, str(LEGACY_POLICY, '0.1.0: the policy by name.')]),
      comment: Type.Optional(commentOf('Comment after the policy reference (0.1.0 may omit it).')),
      position: Type.Optional(
        Type.Integer({ minimum: 0, maximum: 1000000, description: 'Index among the entries (0.1.0 omits it: rollback finds it).' }),
      ),
      binding: either([target, str(LEGACY_BINDING, '0.1.0: `$NAME` or a bare behaviour keyword.')]),
    }),
  ]),
);

/** An operation as an artefact records it (0.1.0's shapes upgraded): a HAT operation and its listener. */
export type ArtefactOperation = Static<(typeof current)[number]>;
/** An operation as an artefact file may hold it (0.1.0's shapes too), before the upgrade. */
export type ArtefactOperationAsRead = Static<typeof operation>;

const recipeName = Type.String({ maxLength: 256, pattern: `^[^${CONTROLS}]{1,256}$` });
const recipe2 = Type.Object(
  {
    name: Type.String({
      maxLength: 256,
      pattern: `^[^${CONTROLS}]{1,256}$`,
      description: 'The recipe as the run named it (a built-in name or a file).',
    }),
    sha256: Type.Unsafe<string>({ $ref: '#/$defs/sha256', description: 'sha256 of the UTF-8 bytes of `text`.' }),
    text: Type.String({
      maxLength: MAX_RECIPE_CHARS,
      pattern: RECORDED,
      description:
        'The desired state applied, as a recipe file the recipe loader reads: the recipe file as read when the run changed nothing in it, else the effective recipe (file and command-line overrides) as canonical JSON.',
    }),
    source: Type.Optional(
      Type.Object(
        { name: recipeName, sha256 },
        {
          ...closed,
          description: 'When `text` is the effective recipe: the recipe file it was made from (the UTF-8 sha256 of its text).',
        },
      ),
    ),
  },
  { ...closed, description: 'The recipe applied. Rollback writes nothing from it; it must load as a recipe.' },
);
/** The recipe of a format-2 artefact: its name, and the recipe file's text that loads as exactly the recipe applied. */
export type ArtefactRecipe = Static<typeof recipe2>;

const recipe1 = Type.Unsafe<{ name: string } & Record<string, unknown>>({
  type: 'object',
  required: ['name'],
  maxProperties: 64,
  properties: { name: { type: 'string', maxLength: 64 } },
  description:
    'The recipe as planned (0.1.0: its flat settings). Rollback writes nothing from it; its strings are checked for control characters.',
});

const nullableText = Type.Unsafe<string | null>({ type: ['string', 'null'], maxLength: MAX_EDIT_TEXT });
/** Properties both formats share (all but `format` and `recipe`); `O`: the operations' schema. */
const body = <O extends TSchema>(op: O) => ({
  tool: Type.String({ maxLength: 256, description: 'The tool and version that wrote it.' }),
  created: Type.Optional(
    Type.String({
      pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?Z$',
      description: 'When apply wrote it (ISO 8601, UTC). Not in artefacts written before 0.3.0.',
    }),
  ),
  changeId: Type.Optional(
    Type.String({
      pattern: CHANGE_ID_PATTERN,
      description:
        "The change's id in the team's change process (`apply --change-id`), shown by show, the reports and a push's commit comment.",
    }),
  ),
  hatText: Type.Optional(
    Type.Unsafe<'characters'>({
      const: 'characters',
      description:
        "The operations record HAT text as characters (a UTF-8 export's bytes decoded). Absent (artefacts before 0.3.0): as the export's bytes, one character per byte.",
    }),
  ),
  direction: Type.Unsafe<'forward' | 'reverse'>({ enum: ['forward', 'reverse'] }),
  input: Type.Object(
    {
      // What the export says of itself: shown to people, compared, never written into a HAT.
      file: Type.String({ maxLength: 4096 }),
      sha256,
      bytes,
      hostname: nullableText,
      asyncos: nullableText,
      serial: Type.Optional(nullableText),
    },
    closed,
  ),
  output: Type.Object({ sha256, bytes }, closed),
  listeners: Type.Array(Type.Object({ name: listener, path }, closed), { maxItems: MAX_ARTEFACT_LISTENERS }),
  operations: Type.Array(op, { maxItems: MAX_ARTEFACT_OPERATIONS }),
  edits: Type.Array(
    Type.Object(
      {
        offset: bytes,
        delete: Type.String({ maxLength: MAX_EDIT_TEXT, pattern: BYTES }),
        insert: Type.String({ maxLength: MAX_EDIT_TEXT, pattern: BYTES }),
      },
      closed,
    ),
    { maxItems: MAX_ARTEFACT_EDITS, description: 'Byte edits of the input, sorted by offset, not overlapping.' },
  ),
});
const format2 = <O extends TSchema>(op: O) =>
  Type.Object(
    { format: Type.Literal('esa-patch/2'), recipe: recipe2, ...body(op) },
    { ...closed, description: 'Format `esa-patch/2`: the recipe as the exact text applied.' },
  );
const format1 = <O extends TSchema>(op: O) =>
  Type.Object(
    { format: Type.Literal('esa-patch/1'), recipe: recipe1, ...body(op) },
    { ...closed, description: 'Format `esa-patch/1` (0.1.0 to 0.x): the recipe as a value.' },
  );
// For the types only: the operations in the shape of this version.
const currentOperation = Type.Unsafe<ArtefactOperation>({});
/** An artefact of format `esa-patch/2` (operations in the shape of this version). */
export type PatchArtefact2 = Static<ReturnType<typeof format2<typeof currentOperation>>>;
/** An artefact of format `esa-patch/1` (0.1.0's operations upgraded): the recipe as planned, read and never relied on. */
export type PatchArtefact1 = Static<ReturnType<typeof format1<typeof currentOperation>>>;
/** The artefact, of either format, as the rest of the tool sees it. */
export type PatchArtefact = PatchArtefact2 | PatchArtefact1;
/** An artefact as a file may hold it (valid, before the upgrade of 0.1.0's shapes). */
export type PatchArtefactAsRead =
  | Static<ReturnType<typeof format2<typeof operation>>>
  | Static<ReturnType<typeof format1<typeof operation>>>;

const format2Def = format2(operation);
const format1Def = format1(operation);

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
  discriminator: { propertyName: 'format' },
  oneOf: [{ $ref: '#/$defs/format2' }, { $ref: '#/$defs/format1' }],
  $defs: { format2: format2Def, format1: format1Def, ...OPERATION_DEFS, ...defs },
};
