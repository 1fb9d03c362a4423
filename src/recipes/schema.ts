/**
 * The JSON Schema (draft 2020-12) of a recipe file, `esa-patch/recipe@1`. A recipe file (YAML
 * or JSON) is the {@link Recipe} type written out: the same keys, the same shapes (the types
 * are derived from this schema, `Static`, in `recipe.ts`).
 * `docs/recipe-schema.json` is this constant, written out (a test keeps them identical);
 * `docs/recipe-schema.md` describes it for people.
 *
 * The schema checks everything that can be checked on the file alone (names, sender and
 * comment characters, positions); the loader adds the checks across fields (a group named
 * twice, a position relative to itself, a sender the HAT grammar does not know).
 *
 * Versioning: `@1` changes only by accepting more; a key renamed or removed, or a value that
 * means something else, makes `esa-patch/recipe@2`.
 */

import { ALL_NAME, BEHAVIOURS, COMMENT, DEFAULT_NAME, PARAM_NAME, SENDER, WRITTEN_NAME, WRITTEN_VALUE } from '../hat/grammar.js';
import { Type } from '../hat/json-schema.js';

/** The value of a recipe file's optional `format` field. */
export const RECIPE_FORMAT = 'esa-patch/recipe@1';

const closed = { additionalProperties: false } as const;
const NOT_ALL = { not: { pattern: ALL_NAME } } as const;
// `$DEFAULT` is the listener's `hat_default_*` settings, not a policy of the HAT text.
const NOT_DEFAULT = { not: { pattern: DEFAULT_NAME } } as const;
const NAME = { title: "a name of letters, digits, '_', '.' or '-'", pattern: WRITTEN_NAME, minLength: 1, maxLength: 128 } as const;
const name = (description: string) => Type.String({ ...NAME, description });
const groupName = (description: string) => Type.String({ ...NAME, description, ...NOT_ALL });
const policyName = (description: string) => Type.String({ ...NAME, description, ...NOT_DEFAULT });
const senders = (description: string) =>
  Type.Array(
    Type.String({ title: `one HAT sender (no spaces and none of ( ) { } $ , = " ' \\ #)`, pattern: SENDER, minLength: 1, maxLength: 255 }),
    { minItems: 1, description },
  );

const position = Type.OneOf(
  [
    Type.Enum(['first', 'last'] as const),
    Type.Object({ before: name('Name of the entry the group must precede.') }, closed),
    Type.Object({ after: name('Name of the entry the group must follow.') }, closed),
  ],
  {
    title: 'first | last | {before: NAME} | {after: NAME}',
    description:
      'Where the group stands among the HAT entries: `first` (order 1), `last` (just before `ALL`), or right before / after the sender group or inline entry NAME.',
  },
);

/** A mail flow policy the HAT must hold: only the named parameters are converged, others kept. */
export const POLICY_SCHEMA = Type.Object(
  {
    name: policyName("Policy name without `$`, e.g. `PARTNER_TLS`; not `DEFAULT` (the listener's `hat_default_*` settings)."),
    behaviour: Type.Enum(BEHAVIOURS, { description: 'What the policy does with a connection.' }),
    params: Type.Optional(
      Type.Unsafe<Record<string, string>>({
        type: 'object',
        description:
          'Parameters to converge, as the HAT writes them (`tls: required`, `max_rcpts_per_hour: -1`). Only these are set; every other parameter of an existing policy is kept.',
        propertyNames: { pattern: PARAM_NAME, maxLength: 64 },
        additionalProperties: {
          title: 'a string without quotes, backslashes, braces or control characters, or an integer',
          oneOf: [{ type: 'string', pattern: WRITTEN_VALUE, maxLength: 255 }, { type: 'integer' }],
        },
      }),
    ),
    shared: Type.Optional(
      Type.Enum(['refuse', 'allow'] as const, {
        default: 'refuse',
        description: 'Changing a policy that entries outside the recipe also use is refused unless `allow`.',
      }),
    ),
  },
  closed,
);

/** A sender group the HAT must hold. */
export const GROUP_SCHEMA = Type.Object(
  {
    name: groupName('Sender group name, e.g. `PARTNER_TLS`.'),
    senders: senders('Senders (HAT member syntax) the group must cover.'),
    policy: policyName(
      'Name (without `$`) of the policy the group must be bound to: one of `policies`, or one the HAT already holds; not `DEFAULT`.',
    ),
    comment: Type.Optional(
      Type.String({
        title: 'text without parentheses or control characters',
        pattern: COMMENT,
        maxLength: 255,
        default: '',
        description: 'Comment written after the policy line when the group is added.',
      }),
    ),
    position,
  },
  closed,
);

const remove = Type.Object(
  {
    senders: Type.Optional(
      Type.Array(
        Type.Object(
          {
            group: Type.AnyOf([Type.Unsafe<'*'>({ const: '*' }), groupName('Sender group name.')], {
              title: "a sender group name, or '*'",
              description: 'A sender group name, or `*` for every group.',
            }),
            senders: senders('Senders to remove, as written in the group (compared by meaning).'),
          },
          closed,
        ),
        { minItems: 1, description: 'Senders to remove from a group, or (`group: "*"`) from every group that holds them.' },
      ),
    ),
    groups: Type.Optional(
      Type.Array(groupName('A sender group to remove whole.'), { minItems: 1, description: 'Sender groups to remove whole.' }),
    ),
    policies: Type.Optional(
      Type.Array(policyName('A policy to remove.'), {
        minItems: 1,
        description: 'Policies to remove; refused while an entry still uses one.',
      }),
    ),
  },
  {
    ...closed,
    minProperties: 1,
    description: 'What the HAT must no longer hold. Each removal records the removed text, so rollback restores it.',
  },
);

const host = Type.Object(
  {
    host: Type.String({ pattern: '^[A-Za-z0-9.-]+$', maxLength: 255 }),
    ip: Type.String({ pattern: '^[0-9A-Fa-f.:]+$', maxLength: 45 }),
    kind: Type.String({ pattern: '^[A-Za-z]+$', maxLength: 16 }),
  },
  closed,
);

/** The JSON Schema of a recipe file. */
export const RECIPE_JSON_SCHEMA = Type.Object(
  {
    format: Type.Optional(
      Type.Unsafe<typeof RECIPE_FORMAT>({ const: RECIPE_FORMAT, description: 'Optional: the schema this file follows.' }),
    ),
    name: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$', maxLength: 64, description: 'Recipe name, e.g. `partner-tls`.' }),
    description: Type.Optional(Type.String({ maxLength: 2000, description: 'What the recipe is for, for people.' })),
    listeners: Type.Optional(
      Type.AnyOf(
        [
          Type.Enum(['public', 'private', 'all'] as const),
          Type.Unsafe<readonly string[]>({
            type: 'array',
            minItems: 1,
            uniqueItems: true,
            items: { type: 'string', minLength: 1, maxLength: 128 },
          }),
        ],
        {
          title: 'public | private | all | [listener names]',
          description: 'Listeners the recipe touches: `public` (default), `private`, `all`, or a list of listener names.',
          default: 'public',
        },
      ),
    ),
    policies: Type.Optional(Type.Array(POLICY_SCHEMA, { default: [], description: 'Mail flow policies the HATs must hold.' })),
    groups: Type.Optional(
      Type.Array(GROUP_SCHEMA, { default: [], description: 'Sender groups the HATs must hold, converged in the order given.' }),
    ),
    remove: Type.Optional(remove),
    published: Type.Optional(
      Type.Object(
        {
          group: groupName('One of `groups`.'),
          hosts: Type.Array(host, { minItems: 1 }),
        },
        {
          ...closed,
          description: 'Hosts the recipe author publishes: after the change each must land on this group; reported, never added.',
        },
      ),
    ),
    replaceUnknownTls: Type.Optional(
      Type.Unsafe<boolean>({
        type: 'boolean',
        default: false,
        description: 'Overwrite a TLS value the tool does not know (as `--replace-tls-value`).',
      }),
    ),
  },
  {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://esa-patch.invalid/schema/recipe-1.json',
    title: 'esa-patch recipe',
    description:
      'The desired state of the Host Access Tables a recipe touches: policies converged parameter by parameter, sender groups at a position, removals.',
    ...closed,
  },
);
