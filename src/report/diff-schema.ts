/**
 * The document `esa-patch diff` prints with `--json`: `esa-patch/diff@1`, its JSON Schema
 * (draft 2020-12; `docs/diff-schema.json` is this constant written out, a test keeps them
 * identical; `docs/diff-schema.md` describes it for people). The grouping of a fleet's comparisons
 * is in `drift.ts`, the trace document in `trace-schema.ts`.
 *
 * Versioning as `esa-patch/report@1`: `@1` changes only by adding optional fields; renaming or
 * removing a field, or changing what a value means, makes `@2`.
 */
import type { Finding } from '../findings.js';
import type { ExportIdentity, ListenerDiff, SettingChange } from '../patch/diff-exports.js';
import { entry, entryKind, nstr, str } from './schema-parts.js';

/** The value of the document's `schema` field. */
export const DIFF_SCHEMA_ID = 'esa-patch/diff@1';

/** One export compared with the baseline (or `b` with `a`). */
export interface DiffComparison {
  /** The compared export, as the user named it. */
  file: string;
  /** `identical`: no difference by meaning; `different`; `error`: one of the two could not be read or compared. */
  outcome: 'identical' | 'different' | 'error';
  /** The drift group this comparison belongs to (`identical`, `d1`, `d2`, …); null on error. */
  group: string | null;
  a: ExportIdentity | null;
  b: ExportIdentity | null;
  /** Hostname, version and serial differences: shown, not counted as differences. */
  header: SettingChange[];
  listeners: ListenerDiff[];
  findings: (Finding & { message: string })[];
}

/** Comparisons with the same difference (or none), listed once. */
export interface DriftGroup {
  /** `identical`, or `d1`, `d2`, … in order of first appearance. */
  id: string;
  outcome: 'identical' | 'different';
  files: string[];
  /** The listeners that differ (those of its first file; the same for every member). */
  listeners: ListenerDiff[];
}

/** The document of `esa-patch diff --json`. */
export interface DiffDocument {
  schema: typeof DIFF_SCHEMA_ID;
  /** `esa-patch 0.1.0`. */
  tool: string;
  command: 'diff';
  /** 0 every export identical, 2 at least one differs, 1 an error. */
  exitCode: number;
  /** Formatting differences were reported too (`--strict`). */
  strict: boolean;
  /** The export everything is compared with (`a`, or `--baseline`). */
  baseline: string;
  comparisons: DiffComparison[];
  groups: DriftGroup[];
}

// ---------------------------------------------------------------------------------------------
// The JSON Schema
// ---------------------------------------------------------------------------------------------

const strings = (description: string) => ({ type: 'array', description, items: { type: 'string' } }) as const;
const index = (description: string) =>
  ({ type: 'integer', minimum: 0, description: `${description} 0-based: order 1 is index 0.` }) as const;
const where = str("Where the line stands: `$POLICY`, an entry's name, or `before the first entry`.");
const params = {
  type: 'array',
  description:
    "Parameters written in the policy block, `[key, value]` in file order, values unquoted; those equal to the listener's `$DEFAULT` (`hat_default_*`) are left out.",
  items: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'string' }], minItems: 2, maxItems: 2 },
} as const;

/** One HAT change of kind `kind` with `fields` (all required). */
const change = (kind: string, description: string, fields: Record<string, object>) =>
  ({
    type: 'object',
    description,
    required: ['kind', ...Object.keys(fields)],
    additionalProperties: false,
    properties: { kind: { const: kind }, ...fields },
  }) as const;

const policy = str('Mail flow policy name, without the `$`.');
const policyRef = str("What the entry's senders get: `$NAME`, or the behaviour written in the entry with its parameters.");

const identity = {
  type: 'object',
  description: 'The appliance as the export names it.',
  required: ['hostname', 'product', 'model', 'version', 'serial'],
  additionalProperties: false,
  properties: {
    hostname: nstr('`<hostname>`.'),
    product: nstr('Header comment `Product:`.'),
    model: nstr('Header comment `Model Number:`.'),
    version: nstr('Header comment `Version:` (the AsyncOS release).'),
    serial: nstr('Header comment `Serial Number:`.'),
  },
} as const;

const settingChange = {
  type: 'object',
  description: 'A key/value difference; `null`: absent on that side.',
  required: ['key', 'from', 'to'],
  additionalProperties: false,
  properties: {
    key: str('Setting name; nested elements as `parent/child[n]`.'),
    from: nstr('Value in the first export (the baseline).'),
    to: nstr('Value in the compared export.'),
  },
} as const;

/** The JSON Schema of `esa-patch/diff@1` (draft 2020-12). */
export const DIFF_JSON_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:esa-patch:schema:diff@1',
  title: 'esa-patch diff (esa-patch/diff@1)',
  description:
    'What `esa-patch diff --json` prints: exports compared by meaning with a baseline (`a`, or `--baseline`), and the comparisons grouped by identical difference. UTF-8; strings taken from an export hold one character per byte of the file (encode them as latin1 to get the bytes back). See docs/diff-schema.md.',
  type: 'object',
  required: ['schema', 'tool', 'command', 'exitCode', 'strict', 'baseline', 'comparisons', 'groups'],
  additionalProperties: false,
  properties: {
    schema: { const: DIFF_SCHEMA_ID, description: 'The format and its version.' },
    tool: { type: 'string', pattern: '^esa-patch \\S+$', description: 'The tool and its version, e.g. `esa-patch 0.1.0`.' },
    command: { const: 'diff', description: 'The command that printed the document.' },
    exitCode: {
      enum: [0, 1, 2],
      description:
        'The exit code: 0 every export identical by meaning, 2 at least one differs, 1 an error (an unreadable export, a HAT that cannot be read exactly, an unknown listener name).',
    },
    strict: { type: 'boolean', description: 'Formatting differences were reported too (`--strict`).' },
    baseline: str('The export every other is compared with, as the user named it.'),
    comparisons: { type: 'array', description: 'One per compared export, in the order given.', items: { $ref: '#/$defs/comparison' } },
    groups: {
      type: 'array',
      description:
        'Comparisons with the same difference, listed once: `identical` first (when there is one), then `d1`, `d2`, … Comparisons that failed are in no group.',
      items: { $ref: '#/$defs/group' },
    },
  },
  $defs: {
    identity,
    settingChange,
    comparison: {
      type: 'object',
      description: 'One export compared with the baseline.',
      required: ['file', 'outcome', 'group', 'a', 'b', 'header', 'listeners', 'findings'],
      additionalProperties: false,
      properties: {
        file: str('The compared export, as the user named it.'),
        outcome: {
          enum: ['identical', 'different', 'error'],
          description: '`identical` by meaning; `different`; `error`: an export could not be read or a HAT could not be read exactly.',
        },
        group: nstr('The id of its group; null on error.'),
        a: {
          oneOf: [{ $ref: '#/$defs/identity' }, { type: 'null' }],
          description: 'The baseline appliance; null when it could not be read.',
        },
        b: {
          oneOf: [{ $ref: '#/$defs/identity' }, { type: 'null' }],
          description: 'The compared appliance; null when it could not be read.',
        },
        header: {
          type: 'array',
          description: 'Hostname, version and serial differences: shown, not counted as differences.',
          items: { $ref: '#/$defs/settingChange' },
        },
        listeners: { type: 'array', description: 'Every listener of either export, paired.', items: { $ref: '#/$defs/listener' } },
        findings: { type: 'array', description: 'Errors and notes of the comparison.', items: { $ref: '#/$defs/finding' } },
      },
    },
    group: {
      type: 'object',
      description: 'Comparisons with one and the same difference.',
      required: ['id', 'outcome', 'files', 'listeners'],
      additionalProperties: false,
      properties: {
        id: {
          type: 'string',
          pattern: '^(identical|d[1-9][0-9]*)$',
          description: '`identical`, or `d1`, `d2`, … in order of first appearance.',
        },
        outcome: { enum: ['identical', 'different'], description: 'Whether the members are identical to the baseline.' },
        files: strings('The members, in the order given.'),
        listeners: {
          type: 'array',
          description: 'The listeners that differ, and how (empty for `identical`).',
          items: { $ref: '#/$defs/listener' },
        },
      },
    },
    listener: {
      type: 'object',
      description: 'One listener of the baseline paired with one of the compared export.',
      required: ['listener', 'a', 'b', 'match', 'settings', 'hat'],
      additionalProperties: false,
      properties: {
        listener: str('Its name in the baseline (in the compared export when only there).'),
        a: {
          oneOf: [{ $ref: '#/$defs/listenerRef' }, { type: 'null' }],
          description: 'The listener in the baseline; null when only in the compared export.',
        },
        b: {
          oneOf: [{ $ref: '#/$defs/listenerRef' }, { type: 'null' }],
          description: 'The listener in the compared export; null when only in the baseline.',
        },
        match: {
          enum: ['path', 'name', 'map', 'only-a', 'only-b'],
          description:
            'How they were paired: same element `path`; same `name` at another path; `map` (`--map-listener A=B`); `only-a` only in the baseline; `only-b` only in the compared export.',
        },
        settings: {
          type: 'array',
          description:
            'Listener settings outside the HAT that differ (`hat_default_*`, `certificate`, `interface`, `port`, `type`, nested elements).',
          items: { $ref: '#/$defs/settingChange' },
        },
        hat: { type: 'array', description: 'HAT differences by meaning.', items: { $ref: '#/$defs/hatChange' } },
      },
    },
    listenerRef: {
      type: 'object',
      description: 'A listener: its name and element path.',
      required: ['name', 'path'],
      additionalProperties: false,
      properties: { name: str('`<listener_name>`.'), path: str('Element path, e.g. `config/listeners/listener[1]`.') },
    },
    hatChange: {
      description:
        'One HAT difference by meaning (`HatChange` of src/hat/diff.ts). Indices are 0-based positions among the entries (index 0: order 1, the first sender group).',
      oneOf: [
        change('policy-added', 'A mail flow policy only in the compared export.', { policy, behaviour: str('Its behaviour.'), params }),
        change('policy-removed', 'A mail flow policy only in the baseline.', { policy, behaviour: str('Its behaviour.'), params }),
        change('policy-behaviour-changed', "A policy's behaviour changed.", { policy, from: str('Before.'), to: str('After.') }),
        change('policy-param-changed', 'A policy parameter set, changed or removed (`$TRUSTED: max_rcpts_per_hour -1 -> 5000`).', {
          policy,
          param: str('Parameter name.'),
          from: nstr('Before; null: not written (inherits `$DEFAULT`).'),
          to: nstr('After; null: not written (inherits `$DEFAULT`).'),
        }),
        change('policy-comment-changed', "A policy's comment changed.", { policy, from: nstr('Before.'), to: nstr('After.') }),
        change('entry-added', 'An entry only in the compared export.', {
          entry,
          entryKind,
          index: index('Its position in the compared export.'),
          members: strings('Its senders.'),
          policy: policyRef,
        }),
        change('entry-removed', 'An entry only in the baseline.', {
          entry,
          entryKind,
          index: index('Its position in the baseline.'),
          members: strings('Its senders.'),
          policy: policyRef,
        }),
        change('entry-renamed', 'An entry with the same senders and policy under another name.', {
          from: str('Name in the baseline.'),
          to: str('Name in the compared export.'),
        }),
        change('entry-moved', 'An entry that changed place relative to the others (`CRES: order 4 -> 1`).', {
          entry,
          from: index('Position in the baseline.'),
          to: index('Position in the compared export.'),
        }),
        change('members-added', 'Senders added to an entry.', { entry, members: strings('The senders added.') }),
        change('members-removed', 'Senders removed from an entry.', { entry, members: strings('The senders removed.') }),
        change('entry-policy-changed', 'An entry bound to another policy or behaviour.', { entry, from: policyRef, to: policyRef }),
        change('entry-comment-changed', "The comment of an entry's policy line changed.", {
          entry,
          from: nstr('Before.'),
          to: nstr('After.'),
        }),
        change('unknown-added', 'A line esa-patch does not understand, only in the compared export.', {
          text: str('The line, trimmed.'),
          where,
        }),
        change('unknown-removed', 'A line esa-patch does not understand, only in the baseline.', {
          text: str('The line, trimmed.'),
          where,
        }),
        change('format', '`--strict` only: a difference of spelling that changes nothing on the appliance.', {
          item: str('What it concerns: a policy (`$NAME`), an entry, or `HAT` for the whole text.'),
          detail: str('What differs, in words (`block bare -> empty`, `parameter order …`, `line endings`).'),
        }),
      ],
    },
    finding: {
      type: 'object',
      description: 'A finding: stable code, severity, typed arguments, message, and where.',
      required: ['code', 'severity', 'args', 'message'],
      properties: {
        code: str('Stable code (tests and scripts match on it).'),
        severity: { enum: ['error', 'warning', 'info'], description: '`error` makes the comparison fail (exit 1).' },
        args: { type: 'object', description: 'The arguments the message is made from.' },
        message: str('What, where, and what to do.'),
        file: str('The file it concerns.'),
        listener: str('The listener it concerns.'),
        listenerPath: str("That listener's element path."),
        line: { type: 'integer', description: 'Line in the file, 1-based.' },
        col: { type: 'integer', description: 'Column, 1-based.' },
        length: { type: 'integer', description: 'Length of the located text.' },
        path: str('Element path.'),
      },
      additionalProperties: false,
    },
  },
} as const;
