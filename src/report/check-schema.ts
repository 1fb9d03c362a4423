/**
 * The JSON Schema (draft 2020-12) of `esa-patch/check@1`, the document `check --json` prints
 * (`src/report/check.ts` has its type; `docs/check-schema.json` is this, written out).
 */
import { DIFF_JSON_SCHEMA } from './diff-schema.js';
import { CHECK_SCHEMA_ID } from './check.js';
import { nstr, str } from './schema-parts.js';

const severity = { enum: ['error', 'warning', 'info'], description: '`info` is a note (SARIF `note`).' } as const;
const kind = { enum: ['lands', 'rejected', 'relay-only', 'same-hat', 'policy-param'], description: 'The kind of assertion.' } as const;
const finding = DIFF_JSON_SCHEMA.$defs.finding;

/** The schema of the check document. */
export const CHECK_JSON_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:esa-patch:schema:check@1',
  title: 'esa-patch check (esa-patch/check@1)',
  description: 'What `esa-patch check --json` prints: per export, the findings of its HATs and the rules tried on each listener.',
  type: 'object',
  required: ['schema', 'tool', 'command', 'exitCode', 'failOn', 'rules', 'files', 'summary'],
  additionalProperties: false,
  properties: {
    schema: { const: CHECK_SCHEMA_ID, description: 'The format and its version.' },
    tool: { type: 'string', pattern: '^esa-patch \\S+$', description: 'The tool and its version.' },
    command: { const: 'check', description: 'The command that printed the document.' },
    exitCode: { enum: [0, 1], description: '0 nothing reached --fail-on, 1 something did (or an error).' },
    failOn: severity,
    rules: {
      type: 'array',
      description: 'The rules given (--rules), in order.',
      items: {
        type: 'object',
        required: ['id', 'kind', 'severity', 'description'],
        additionalProperties: false,
        properties: { id: str('Rule id.'), kind, severity, description: nstr('What the rule is for.') },
      },
    },
    files: {
      type: 'array',
      description: 'One per export, in the order given.',
      items: {
        type: 'object',
        required: ['file', 'identity', 'appliance', 'listeners', 'findings', 'results'],
        additionalProperties: false,
        properties: {
          file: str('The export, as named.'),
          identity: { oneOf: [DIFF_JSON_SCHEMA.$defs.identity, { type: 'null' }], description: 'The appliance; null when unreadable.' },
          appliance: str('How results name the appliance: its hostname, else the file.'),
          listeners: {
            type: 'array',
            items: {
              type: 'object',
              required: ['name', 'path', 'type', 'checked'],
              additionalProperties: false,
              properties: {
                name: str('Listener name.'),
                path: str('Its element path.'),
                type: str('public, private, … as the export says.'),
                checked: { type: 'boolean', description: 'Its HAT was read exactly and analysed.' },
              },
            },
          },
          findings: { type: 'array', description: 'HAT findings and broken rules, in file order.', items: finding },
          results: {
            type: 'array',
            description: 'One per rule and listener (a JUnit test case).',
            items: {
              type: 'object',
              required: ['rule', 'kind', 'severity', 'description', 'listener', 'listenerPath', 'status', 'tried', 'finding'],
              additionalProperties: false,
              properties: {
                rule: str('Rule id.'),
                kind,
                severity,
                description: nstr('What the rule is for.'),
                listener: str('Listener name.'),
                listenerPath: str('Its element path.'),
                status: { enum: ['holds', 'breaks', 'may-break', 'not-checked'], description: 'The outcome.' },
                tried: { type: 'integer', minimum: 0, description: 'Hosts (or comparisons) tried.' },
                finding: { oneOf: [finding, { type: 'null' }], description: 'The finding when it does not hold.' },
              },
            },
          },
        },
      },
    },
    summary: {
      type: 'object',
      required: ['files', 'listeners', 'findings', 'rules', 'failing'],
      additionalProperties: false,
      properties: {
        files: { type: 'integer', minimum: 0 },
        listeners: { type: 'integer', minimum: 0, description: 'Listeners checked.' },
        findings: {
          type: 'object',
          required: ['error', 'warning', 'info'],
          additionalProperties: false,
          properties: { error: { type: 'integer' }, warning: { type: 'integer' }, info: { type: 'integer' } },
        },
        rules: {
          type: 'object',
          required: ['holds', 'breaks', 'mayBreak', 'notChecked'],
          additionalProperties: false,
          properties: {
            holds: { type: 'integer' },
            breaks: { type: 'integer' },
            mayBreak: { type: 'integer' },
            notChecked: { type: 'integer' },
          },
        },
        failing: { type: 'integer', minimum: 0, description: 'Findings at or above --fail-on.' },
      },
    },
  },
} as const;
