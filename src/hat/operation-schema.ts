/**
 * The operation vocabulary, once: the JSON Schema of each HAT operation (add a policy, add a
 * sender group, move it, tune a parameter, …), with the value grammars of `grammar.ts`. The
 * operation types (`operations.ts`) are derived from it; the artefact schema
 * (`patch/artefact-json-schema.ts`) records these operations with their listener and reads
 * those of 0.1.0 too. Leaf schemas are named (`$defs`), so that a schema holding them says each once.
 */
import { BEHAVIOURS, COMMENT, CONTROLS, HAT_GROUP, HAT_NAME, PARAM_NAME, PARAM_VALUE, RECORDED_CONTROLS, SENDER } from './grammar.js';
import { Type, type Static, type TProperties, type TSchema } from './json-schema.js';

/** Senders one operation may hold at most (a removed group records all of its members). */
export const MAX_ARTEFACT_SENDERS = 10_000;
/** Parameters one policy may hold at most. */
export const MAX_ARTEFACT_PARAMS = 64;
/** Characters of a removal's recorded `text` at most (one group or policy). */
export const MAX_OPERATION_TEXT = 1024 * 1024;
/** A removal's recorded text, or a recipe's: lines (tabs and line endings, no other control). */
export const RECORDED = `^[^${RECORDED_CONTROLS}]*$`;
/**
 * An entry's name as an operation locates it: a group, `ALL`, or an inline entry's first sender
 * (IPv6 holds colons). Only compared with the names of the HAT, never written: any name the HAT
 * reader reads (one word, up to 1024 characters), no control.
 */
const ENTRY = `^[^\\s${CONTROLS}]{1,1024}$`;

/** A record of named schemas (`$defs`), and `def`: a schema named in it, and a reference to it typed as it. */
export function definitions() {
  const defs: Record<string, TSchema> = {};
  const def = <T extends TSchema>(name: string, schema: T) => {
    defs[name] = schema;
    return Type.Unsafe<Static<T>>({ $ref: `#/$defs/${name}` });
  };
  return { defs, def };
}
/** A `oneOf` told apart by the property `tag` (ajv's `discriminator`): an error names that branch's own problem. */
export const tagged = <T extends TSchema[]>(tag: string, branches: [...T], options: object = {}) =>
  Type.Unsafe<Static<T[number]>>({ type: 'object', ...options, discriminator: { propertyName: tag }, oneOf: branches });
export const str = (pattern: string, description: string) => Type.String({ pattern, description });
export const nullable = (pattern: string, description: string) =>
  Type.Unsafe<string | null>({ type: ['string', 'null'], pattern, description });
export const closed = { additionalProperties: false } as const;

const { defs, def } = definitions();
/** The named schemas the operations refer to. */
export const OPERATION_DEFS = defs;
export const group = def(
  'group',
  str(
    HAT_GROUP,
    'A sender group name: one HAT word (no spaces, quotes, `:`, `$`, parentheses, braces, `=` or `,`; not starting with `#`); not ALL.',
  ),
);
export const name = def('name', str(HAT_NAME, 'A mail flow policy name without `$`: one HAT word.'));
const entry = def(
  'entry',
  nullable(ENTRY, "A HAT entry name (a group, ALL, or an inline entry's first sender); null: the end of the HAT."),
);
const sender = def('sender', str(SENDER, 'A sender: one HAT word that reads back as one member.'));
const behaviour = def('behaviour', Type.Unsafe<string>({ enum: [...BEHAVIOURS] }));
/** A parameter value. */
export const paramValue = def(
  'paramValue',
  str(PARAM_VALUE, 'A parameter value, unquoted (written bare when a number, else between quotes).'),
);
/** Ordered parameters as `[key, value]` pairs. */
export const pairs = (key: string, description?: string) =>
  Type.Unsafe<[key: string, value: string][]>({
    type: 'array',
    maxItems: MAX_ARTEFACT_PARAMS,
    items: { type: 'array', minItems: 2, maxItems: 2, prefixItems: [str(PARAM_NAME, key), paramValue], items: false },
    ...(description ? { description } : {}),
  });
/** What an entry is bound to: a named policy, or a behaviour of its own. */
export const target = def(
  'target',
  tagged(
    'kind',
    [
      Type.Object({ kind: Type.Literal('named'), name }, closed),
      Type.Object({ kind: Type.Literal('own'), behaviour, params: pairs('The parameter.') }, closed),
    ],
    { description: 'What an entry is bound to: a named policy, or a behaviour of its own.' },
  ),
);

/** How a schema writes the fields whose shape changed since 0.1.0. */
export interface Shapes<PS extends TSchema, P extends TSchema, C extends TSchema, N extends TSchema, B extends TSchema> {
  /** A policy's parameters. */
  params: PS;
  /** A sender group's policy. */
  policy: P;
  comment: C;
  position: N;
  /** What `set-group-policy` binds. */
  binding: B;
}

/** A comment after a policy reference. */
export const commentOf = (description: string) => Type.String({ pattern: COMMENT, maxLength: 1024, description });
const index = Type.Integer({ minimum: 0, maximum: 1000000 });

/** Each operation, its fields `where` first (an artefact's listener), its changed fields as `shapes` says. */
export function operationSchemas<
  W extends TProperties,
  PS extends TSchema,
  P extends TSchema,
  C extends TSchema,
  N extends TSchema,
  B extends TSchema,
>(where: W, shapes: Shapes<PS, P, C, N, B>) {
  const senders = Type.Array(sender, { minItems: 1, maxItems: MAX_ARTEFACT_SENDERS, description: 'Senders as written in the HAT.' });
  const text = Type.Optional(
    Type.String({
      maxLength: MAX_OPERATION_TEXT,
      pattern: RECORDED,
      description: 'The exact text removed (lines with their endings); it must read back as this one object.',
    }),
  );
  const { params, policy, comment, position, binding } = shapes;
  const policyOp = <Op extends string>(op: Op, description: string) =>
    Type.Object({ op: Type.Literal(op), ...where, policy: name, behaviour, params, text }, { description, ...closed });
  const groupOp = <Op extends string>(op: Op, description: string) =>
    Type.Object(
      { op: Type.Literal(op), ...where, group, senders, policy, comment, position, before: entry, text },
      { description, ...closed },
    );
  const sendersOp = <Op extends string>(op: Op, description: string) =>
    Type.Object({ op: Type.Literal(op), ...where, group, senders }, { description, ...closed });
  return [
    policyOp('add-policy', 'Add a mail flow policy.'),
    policyOp('remove-policy', 'Remove a mail flow policy (`text`: the exact definition removed).'),
    groupOp('add-sender-group', 'Add a sender group at `position`, before the entry `before`.'),
    groupOp('remove-sender-group', 'Remove a sender group (`text`: the exact group removed).'),
    Type.Object(
      { op: Type.Literal('move-sender-group'), ...where, group, from: index, to: index, fromBefore: entry, toBefore: entry },
      { description: 'Move a sender group.', ...closed },
    ),
    sendersOp('add-senders', 'Add senders to a sender group.'),
    sendersOp('remove-senders', 'Remove senders from a sender group.'),
    Type.Object(
      {
        op: Type.Literal('set-policy-param'),
        ...where,
        policy: name,
        param: str(PARAM_NAME, 'The parameter, e.g. `tls`.'),
        from: nullable(PARAM_VALUE, 'The former value; null: not set.'),
        to: nullable(PARAM_VALUE, 'The new value; null: removed.'),
      },
      { description: 'Set, or with null remove, one parameter of a mail flow policy.', ...closed },
    ),
    Type.Object(
      { op: Type.Literal('set-group-policy'), ...where, group, from: binding, to: binding },
      { description: 'Bind a sender group to another policy.', ...closed },
    ),
  ] as const;
}

/** The operations as this version writes them, without a listener: {@link HatOperation} is their type. */
export const HAT_OPERATIONS = operationSchemas(
  {},
  { params: pairs('The parameter, e.g. `tls`.'), policy: target, comment: commentOf(''), position: index, binding: target },
);
/** Any HAT operation. */
export type HatOperation = Static<(typeof HAT_OPERATIONS)[number]>;
