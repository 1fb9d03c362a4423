/**
 * The JSON Schema (draft 2020-12) of a recipe file, `esa-patch/recipe@1`. A recipe file (YAML
 * or JSON) is the {@link Recipe} type written out: the same keys, the same shapes.
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

/** The value of a recipe file's optional `format` field. */
export const RECIPE_FORMAT = 'esa-patch/recipe@1';

const NOT_ALL = { not: { pattern: ALL_NAME } } as const;
const name = (description: string) =>
  ({
    type: 'string',
    title: "a name of letters, digits, '_', '.' or '-'",
    pattern: WRITTEN_NAME,
    minLength: 1,
    maxLength: 128,
    description,
  }) as const;
const groupName = (description: string) => ({ ...name(description), ...NOT_ALL }) as const;
// `$DEFAULT` is the listener's `hat_default_*` settings, not a policy of the HAT text.
const NOT_DEFAULT = { not: { pattern: DEFAULT_NAME } } as const;
const policyName = (description: string) => ({ ...name(description), ...NOT_DEFAULT }) as const;
const senders = (description: string) =>
  ({
    type: 'array',
    minItems: 1,
    items: {
      type: 'string',
      title: `one HAT sender (no spaces and none of ( ) { } $ , = " ' \\ #)`,
      pattern: SENDER,
      minLength: 1,
      maxLength: 255,
    },
    description,
  }) as const;

const position = {
  title: 'first | last | {before: NAME} | {after: NAME}',
  description:
    'Where the group stands among the HAT entries: `first` (order 1), `last` (just before `ALL`), or right before / after the sender group or inline entry NAME.',
  oneOf: [
    { enum: ['first', 'last'] },
    {
      type: 'object',
      additionalProperties: false,
      required: ['before'],
      properties: { before: name('Name of the entry the group must precede.') },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['after'],
      properties: { after: name('Name of the entry the group must follow.') },
    },
  ],
} as const;

const policy = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'behaviour'],
  properties: {
    name: policyName("Policy name without `$`, e.g. `PARTNER_TLS`; not `DEFAULT` (the listener's `hat_default_*` settings)."),
    behaviour: { enum: BEHAVIOURS, description: 'What the policy does with a connection.' },
    params: {
      type: 'object',
      description:
        'Parameters to converge, as the HAT writes them (`tls: required`, `max_rcpts_per_hour: -1`). Only these are set; every other parameter of an existing policy is kept.',
      propertyNames: { pattern: PARAM_NAME, maxLength: 64 },
      additionalProperties: {
        title: 'a string without quotes, backslashes, braces or control characters, or an integer',
        oneOf: [{ type: 'string', pattern: WRITTEN_VALUE, maxLength: 255 }, { type: 'integer' }],
      },
    },
    shared: {
      enum: ['refuse', 'allow'],
      default: 'refuse',
      description: 'Changing a policy that entries outside the recipe also use is refused unless `allow`.',
    },
  },
} as const;

const group = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'senders', 'policy', 'position'],
  properties: {
    name: groupName('Sender group name, e.g. `PARTNER_TLS`.'),
    senders: senders('Senders (HAT member syntax) the group must cover.'),
    policy: policyName(
      'Name (without `$`) of the policy the group must be bound to: one of `policies`, or one the HAT already holds; not `DEFAULT`.',
    ),
    comment: {
      type: 'string',
      title: 'text without parentheses or control characters',
      pattern: COMMENT,
      maxLength: 255,
      default: '',
      description: 'Comment written after the policy line when the group is added.',
    },
    position,
  },
} as const;

const remove = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  description: 'What the HAT must no longer hold. Each removal records the removed text, so rollback restores it.',
  properties: {
    senders: {
      type: 'array',
      minItems: 1,
      description: 'Senders to remove from a group, or (`group: "*"`) from every group that holds them.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['group', 'senders'],
        properties: {
          group: {
            title: "a sender group name, or '*'",
            anyOf: [{ const: '*' }, groupName('Sender group name.')],
            description: 'A sender group name, or `*` for every group.',
          },
          senders: senders('Senders to remove, as written in the group (compared by meaning).'),
        },
      },
    },
    groups: {
      type: 'array',
      minItems: 1,
      items: groupName('A sender group to remove whole.'),
      description: 'Sender groups to remove whole.',
    },
    policies: {
      type: 'array',
      minItems: 1,
      items: policyName('A policy to remove.'),
      description: 'Policies to remove; refused while an entry still uses one.',
    },
  },
} as const;

/** The JSON Schema of a recipe file. */
export const RECIPE_JSON_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://esa-patch.invalid/schema/recipe-1.json',
  title: 'esa-patch recipe',
  description:
    'The desired state of the Host Access Tables a recipe touches: policies converged parameter by parameter, sender groups at a position, removals.',
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    format: { const: RECIPE_FORMAT, description: 'Optional: the schema this file follows.' },
    name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$', maxLength: 64, description: 'Recipe name, e.g. `partner-tls`.' },
    description: { type: 'string', maxLength: 2000, description: 'What the recipe is for, for people.' },
    listeners: {
      title: 'public | private | all | [listener names]',
      description: 'Listeners the recipe touches: `public` (default), `private`, `all`, or a list of listener names.',
      default: 'public',
      anyOf: [
        { enum: ['public', 'private', 'all'] },
        { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', minLength: 1, maxLength: 128 } },
      ],
    },
    policies: { type: 'array', items: policy, default: [], description: 'Mail flow policies the HATs must hold.' },
    groups: { type: 'array', items: group, default: [], description: 'Sender groups the HATs must hold, converged in the order given.' },
    remove,
    published: {
      type: 'object',
      additionalProperties: false,
      required: ['group', 'hosts'],
      description: 'Hosts the recipe author publishes: after the change each must land on this group; reported, never added.',
      properties: {
        group: groupName('One of `groups`.'),
        hosts: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['host', 'ip', 'kind'],
            properties: {
              host: { type: 'string', pattern: '^[A-Za-z0-9.-]+$', maxLength: 255 },
              ip: { type: 'string', pattern: '^[0-9A-Fa-f.:]+$', maxLength: 45 },
              kind: { type: 'string', pattern: '^[A-Za-z]+$', maxLength: 16 },
            },
          },
        },
      },
    },
    replaceUnknownTls: {
      type: 'boolean',
      default: false,
      description: 'Overwrite a TLS value the tool does not know (as `--replace-tls-value`).',
    },
  },
} as const;
