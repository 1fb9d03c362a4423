/**
 * The document `esa-patch trace` prints with `--json`: `esa-patch/trace@1` and its JSON Schema
 * (draft 2020-12; `docs/diff-schema.md` describes it for people). Versioned as `esa-patch/diff@1`.
 */
import type { Finding } from '../findings.js';
import type { ExportIdentity } from '../patch/diff-exports.js';
import type { ListenerTrace, TraceHost } from '../patch/trace.js';
import type { TraceWalkGroup } from './trace-groups.js';
import { DIFF_JSON_SCHEMA } from './diff-schema.js';
import { entry, entryKind, nstr, str } from './schema-parts.js';

/** The value of the trace document's `schema` field. */
export const TRACE_SCHEMA_ID = 'esa-patch/trace@1';

/** The document `trace --json` prints. */
export interface TraceDocument {
  schema: typeof TRACE_SCHEMA_ID;
  tool: string;
  command: 'trace';
  exitCode: number;
  hosts: TraceHost[];
  files: { file: string; appliance: ExportIdentity | null; listeners: ListenerTrace[]; findings: (Finding & { message: string })[] }[];
  /** Identical walks: a host (or hosts) walking the same entries to the same outcome on several listeners and exports. */
  groups?: TraceWalkGroup[];
}

const traceStep = {
  type: 'object',
  description: 'An entry met on the walk: the certain match, or one that may match.',
  required: ['index', 'entry', 'entryKind', 'member', 'certain', 'behaviour', 'policy', 'params', 'memberKind', 'reason'],
  additionalProperties: false,
  properties: {
    index: { type: 'integer', minimum: 0, description: '0-based position of the entry (index 0: order 1).' },
    entry: entry,
    entryKind,
    member: str('The member that matches, or may match (`ALL` for ALL).'),
    certain: { type: 'boolean', description: 'A certain match; false: may match (not judged offline).' },
    behaviour: nstr("The behaviour in force; null when the entry's policy is not defined."),
    policy: nstr("The named policy, without `$`; null for a behaviour of the entry's own."),
    params: {
      type: 'array',
      description: 'The parameters in force.',
      items: {
        type: 'object',
        required: ['key', 'value', 'source'],
        additionalProperties: false,
        properties: {
          key: str('Parameter name.'),
          value: str('Its value.'),
          source: {
            enum: ['policy', 'default'],
            description: '`policy`: written in the policy (or the entry); `default`: `$DEFAULT` (`hat_default_*`).',
          },
        },
      },
    },
    memberKind: {
      enum: ['address', 'cidr', 'range', 'partial-address', 'ipv6', 'host', 'partial-host', 'sbrs', 'sbo', 'dnslist', 'all', 'unknown'],
      description: 'The kind of member.',
    },
    reason: {
      enum: [
        'address-inside',
        'ptr-equal',
        'ptr-below',
        'sbrs-inside',
        'sbrs-none',
        'all',
        'needs-sbrs',
        'needs-dns',
        'needs-senderbase',
        'unknown-member',
      ],
      description: 'Why it matches, or what would decide it.',
    },
  },
} as const;

/** The JSON Schema of `esa-patch/trace@1` (draft 2020-12), the document `trace --json` prints. */
export const TRACE_JSON_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:esa-patch:schema:trace@1',
  title: 'esa-patch trace (esa-patch/trace@1)',
  description:
    'What `esa-patch trace --json` prints: for each export, listener and host, the HAT entries that may match and the first that matches. See docs/diff-schema.md.',
  type: 'object',
  required: ['schema', 'tool', 'command', 'exitCode', 'hosts', 'files'],
  additionalProperties: false,
  properties: {
    schema: { const: TRACE_SCHEMA_ID, description: 'The format and its version.' },
    tool: { type: 'string', pattern: '^esa-patch \\S+$', description: 'The tool and its version.' },
    command: { const: 'trace', description: 'The command that printed the document.' },
    exitCode: { enum: [0, 1], description: '0 traced, 1 an error.' },
    hosts: {
      type: 'array',
      description: 'The hosts traced.',
      items: {
        type: 'object',
        required: ['ip'],
        additionalProperties: false,
        properties: {
          ip: str('IPv4 or IPv6 address.'),
          ptr: str('Verified PTR name.'),
          sbrs: {
            oneOf: [{ type: 'number', minimum: -10, maximum: 10 }, { const: 'none' }],
            description: 'SBRS score; `none`: SenderBase has no score for the host (`SBRS[none]` matches).',
          },
        },
      },
    },
    files: {
      type: 'array',
      description: 'One per export, in the order given.',
      items: {
        type: 'object',
        required: ['file', 'appliance', 'listeners', 'findings'],
        additionalProperties: false,
        properties: {
          file: str('The export, as named.'),
          appliance: {
            oneOf: [DIFF_JSON_SCHEMA.$defs.identity, { type: 'null' }],
            description: 'The appliance; null when the export could not be read.',
          },
          findings: { type: 'array', description: 'Errors of the export.', items: DIFF_JSON_SCHEMA.$defs.finding },
          listeners: {
            type: 'array',
            description: 'One per listener and host.',
            items: {
              type: 'object',
              required: ['listener', 'path', 'host', 'mayMatch', 'match', 'continued', 'findings'],
              additionalProperties: false,
              properties: {
                listener: str('Listener name.'),
                path: str('Its element path.'),
                host: { type: 'object', description: 'The host traced.' },
                mayMatch: {
                  type: 'array',
                  description: 'Entries before the match whose member cannot be judged offline.',
                  items: traceStep,
                },
                match: {
                  oneOf: [traceStep, { type: 'null' }],
                  description:
                    'The first certain match that decides; null when none (no ALL, ALL is CONTINUE), or when the HAT could not be read.',
                },
                continued: {
                  type: 'array',
                  description:
                    'Entries before the match whose behaviour is CONTINUE and that match (`certain`) or may match: they decide nothing, the walk goes on below them.',
                  items: traceStep,
                },
                findings: {
                  type: 'array',
                  description: 'Errors of this listener (`trace-hat-unreadable`).',
                  items: DIFF_JSON_SCHEMA.$defs.finding,
                },
              },
            },
          },
        },
      },
    },
    groups: {
      type: 'array',
      description:
        'Identical walks: the hosts that walk the same entries (may-match entries, match, behaviour and parameters) on the same listeners, shown once. Listeners whose HAT could not be traced are in no group.',
      items: {
        type: 'object',
        required: ['id', 'hosts', 'members', 'mayMatch', 'continued', 'match'],
        additionalProperties: false,
        properties: {
          id: str('`w1`, `w2`, … in order of first appearance.'),
          hosts: {
            type: 'array',
            description: 'The hosts (0-based indices into `hosts`) that walk this way on every member.',
            items: { type: 'integer', minimum: 0 },
          },
          members: {
            type: 'array',
            description: 'Where: one listener of one export each.',
            items: {
              type: 'object',
              required: ['file', 'listener', 'path'],
              additionalProperties: false,
              properties: { file: str('The export, as named.'), listener: str('Listener name.'), path: str('Its element path.') },
            },
          },
          mayMatch: { type: 'array', description: 'Entries before the match that may match.', items: traceStep },
          continued: {
            type: 'array',
            description: 'CONTINUE entries before the match that match or may match: they decide nothing.',
            items: traceStep,
          },
          match: { oneOf: [traceStep, { type: 'null' }], description: 'The first certain match; null when none.' },
        },
      },
    },
  },
} as const;
