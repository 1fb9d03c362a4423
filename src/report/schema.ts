/**
 * The JSON Schema (draft 2020-12) of the report `plan`, `apply` and `rollback` print with
 * `--json` and write with `--report FILE.json`: `esa-patch/report@1`. `docs/report-schema.json`
 * is this constant, written out (a test keeps them identical); `docs/report-schema.md` describes
 * it for people.
 *
 * Versioning: `@1` changes only by adding optional fields (the schema of a release describes
 * exactly what that release prints, so its objects are closed); renaming or removing a field,
 * or changing what a value means, makes `esa-patch/report@2`.
 */
import { REPORT_SCHEMA_ID } from './report-document.js';
import { str } from './schema-parts.js';
import { groupName, listenerName, listenerPath, paramPair, policyName, policyOp, senderGroupOp, sendersOp } from './schema-operations.js';

/** The JSON Schema of `esa-patch/report@1` (draft 2020-12). */
export const REPORT_JSON_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:esa-patch:schema:report@1',
  title: 'esa-patch report (esa-patch/report@1)',
  description:
    "What `esa-patch plan`, `apply` and `rollback` did or would do, file by file, and the groups of appliances with an identical plan. Printed by `--json`, written by `--report FILE.json`; UTF-8. Strings taken from an export (diff, hostname, names, messages quoting the file) hold one character per byte of the file: encode them as latin1 to get the file's bytes back. See docs/report-schema.md.",
  type: 'object',
  required: ['schema', 'tool', 'command', 'exitCode', 'files', 'groups'],
  additionalProperties: false,
  properties: {
    schema: { const: REPORT_SCHEMA_ID, description: 'The format and its version; a breaking change gets a new version.' },
    tool: { type: 'string', pattern: '^esa-patch \\S+$', description: 'The tool and its version, e.g. `esa-patch 0.1.0`.' },
    toolVersion: { type: 'string', description: 'The version of the tool alone, e.g. `0.1.0`.' },
    generatedAt: {
      type: 'string',
      pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z$',
      description: 'When the run happened (ISO 8601, UTC).',
    },
    changeId: { type: 'string', description: "`--change-id`: the change's id in the team's change process." },
    command: { enum: ['plan', 'apply', 'rollback'], description: 'The command that produced the report.' },
    recipe: { $ref: '#/$defs/recipe' },
    written: {
      type: 'array',
      description: 'Reports the run wrote besides this one (`--report`, `--html`), with their checksums.',
      items: { $ref: '#/$defs/writtenFile' },
    },
    exitCode: {
      enum: [0, 1, 2, 3],
      description:
        'The exit code of the run, the worst over the files (1 over 3 over 2 over 0): 0 done or nothing to do, 1 error, 2 changes pending (`plan`, `rollback --plan`), 3 refused.',
    },
    files: { type: 'array', description: 'One entry per input file, in the order processed.', items: { $ref: '#/$defs/fileReport' } },
    groups: {
      type: 'array',
      description:
        'Files with an identical plan (same operations on listeners of the same names, same diff hunks: their lines and listener, not their line numbers; and the same landing of published hosts). Files refused or failed are in no group; every other file is in exactly one.',
      items: { $ref: '#/$defs/planGroup' },
    },
  },
  $defs: {
    recipe: {
      type: 'object',
      description:
        "The recipe of the run as planned (`src/recipes`, `docs/recipe-schema.json`): the policies and sender groups the HATs must hold, removals, the hosts it publishes (inventory entries may name their own recipe; each file's artefact records its recipe).",
      required: ['name', 'listeners', 'policies', 'groups'],
      additionalProperties: true,
      properties: {
        name: str("The recipe's name, e.g. `cres-tls` (Cisco tech note 118539)."),
        listeners: { description: 'The listeners it touches by default: `public`, `private`, `all` or a list of names.' },
        policies: { type: 'array', description: 'Mail flow policies the HAT must hold.', items: { type: 'object' } },
        groups: { type: 'array', description: 'Sender groups the HAT must hold.', items: { type: 'object' } },
      },
    },
    publishedHosts: {
      type: 'object',
      description: "Where the recipe's published hosts land in one listener's HAT, today and after the change.",
      required: ['listener', 'listenerPath', 'rows'],
      additionalProperties: false,
      properties: {
        listener: listenerName,
        listenerPath: str('Element path of the listener.'),
        rows: {
          type: 'array',
          description: 'One row per published host.',
          items: {
            type: 'object',
            required: ['host', 'ip', 'before', 'after', 'changed'],
            additionalProperties: false,
            properties: {
              host: str('The published host name (its verified PTR when traced).'),
              ip: str('Its address.'),
              before: { $ref: '#/$defs/landing' },
              after: { $ref: '#/$defs/landing' },
              changed: {
                type: 'boolean',
                description:
                  'The treatment changed: another entry, policy, behaviour or parameter in force (a shifted position alone is no change).',
              },
            },
          },
        },
      },
    },
    landing: {
      type: 'object',
      description: 'Where a host lands: the first HAT entry that matches it for certain, and the entries before it that may match.',
      required: ['entry', 'index', 'member', 'policy', 'behaviour', 'tls', 'may'],
      additionalProperties: false,
      properties: {
        entry: { type: ['string', 'null'], description: 'The sender group (or entry) that matches; null when none does.' },
        index: { type: ['integer', 'null'], minimum: 0, description: '0-based position of the entry.' },
        member: { type: ['string', 'null'], description: 'The member that matches.' },
        policy: { type: ['string', 'null'], description: 'The mail flow policy, without `$`; null for an entry with its own behaviour.' },
        behaviour: { type: ['string', 'null'], description: 'ACCEPT, REJECT, RELAY, TCPREFUSE or CONTINUE.' },
        tls: { type: ['string', 'null'], description: 'The TLS value in force.' },
        may: { type: 'array', items: { type: 'string' }, description: 'Entries before it that may match (`NAME (member)`).' },
      },
    },
    digest: {
      type: 'object',
      description: "A file's checksum and size, to tie the report to the file that is loaded.",
      required: ['sha256', 'bytes'],
      additionalProperties: false,
      properties: {
        sha256: { type: 'string', pattern: '^[0-9a-f]{64}$', description: "sha256 of the file's bytes." },
        bytes: { type: 'integer', minimum: 0, description: 'Size in bytes.' },
      },
    },
    writtenFile: {
      type: 'object',
      description: 'A file the run wrote.',
      required: ['kind', 'path', 'sha256', 'bytes'],
      additionalProperties: false,
      properties: {
        kind: { enum: ['export', 'diff', 'artefact', 'restored', 'report', 'html'], description: 'What the file is.' },
        path: str('Its absolute path.'),
        sha256: { type: 'string', pattern: '^[0-9a-f]{64}$', description: 'sha256 of its bytes.' },
        bytes: { type: 'integer', minimum: 0, description: 'Size in bytes.' },
      },
    },
    outcome: {
      enum: ['unchanged', 'patched', 'refused', 'error'],
      description:
        '`unchanged`: nothing to do (already compliant); `patched`: changes (pending for `plan`, written for `apply`); `refused`: a conflict the tool will not resolve on its own (exit 3); `error`: the file could not be read, parsed or written (exit 1).',
    },
    fileReport: {
      type: 'object',
      description: 'The report of one input file.',
      required: ['file', 'outcome', 'hostname', 'asyncos', 'serial', 'listeners', 'operations', 'findings', 'diff'],
      additionalProperties: false,
      properties: {
        file: str('The input path as given (or as found in a directory given).'),
        outcome: { $ref: '#/$defs/outcome' },
        hostname: {
          type: ['string', 'null'],
          description: 'The appliance hostname from the export; null when the file could not be read as an export.',
        },
        asyncos: { type: ['string', 'null'], description: 'The AsyncOS version from the header comment (`14.2.0-620`); null when absent.' },
        serial: { type: ['string', 'null'], description: 'The serial number from the header comment; null when absent.' },
        encoding: {
          type: ['string', 'null'],
          description: "The export's encoding (`ISO-8859-1`, `UTF-8`) as its XML declaration says; null when it could not be read.",
        },
        input: { $ref: '#/$defs/digest', description: 'Checksum and size of the input as read.' },
        changes: { type: 'array', items: { type: 'string' }, description: 'The operations in words, one per operation, in order.' },
        outputs: {
          type: 'array',
          description: 'The files written for this input, with their checksums.',
          items: { $ref: '#/$defs/writtenFile' },
        },
        published: {
          type: 'array',
          description:
            'For recipes that publish hosts (cres-tls: the CRES relays and MX of the note): per selected listener, where each host lands in its HAT today and after the change.',
          items: { $ref: '#/$defs/publishedHosts' },
        },
        listeners: {
          type: 'array',
          description: 'Every listener of the export (empty when it could not be read, and for `rollback`).',
          items: { $ref: '#/$defs/listener' },
        },
        operations: {
          type: 'array',
          description: 'Every operation, in order, over all listeners (empty unless `patched`).',
          items: { $ref: '#/$defs/operation' },
        },
        findings: {
          type: 'array',
          description: 'Problems and observations about the file, in the order found.',
          items: { $ref: '#/$defs/finding' },
        },
        diff: str(
          'Unified diff (3 lines of context, `--- a/NAME` / `+++ b/NAME`) of the change, one character per byte of the file; empty when nothing changes.',
        ),
        upToDate: {
          type: 'boolean',
          description:
            '`apply`: the outputs already held exactly what this run writes (a re-run: the export and diff byte for byte, the artefact in meaning); nothing was written, `written` is absent.',
        },
        written: {
          type: 'object',
          description: 'The files `apply` wrote for this input (absent when nothing was written).',
          required: ['xml', 'diff', 'artefact'],
          additionalProperties: false,
          properties: {
            xml: str('The patched export.'),
            diff: str('The diff, as in `diff`.'),
            artefact: str('The patch artefact (`esa-patch/2`), for `rollback`.'),
          },
        },
      },
    },
    listener: {
      type: 'object',
      description: 'One listener of the export.',
      required: ['name', 'type', 'path', 'selected', 'operations', 'tls'],
      additionalProperties: false,
      properties: {
        name: str('`<listener_name>`.'),
        type: str('`<type>` in lower case: `public`, `private`; empty when absent.'),
        path: str("The listener element's path in the document, e.g. `config/listeners/listener[1]`."),
        selected: {
          type: 'boolean',
          description: 'Whether the recipe applies to it (every public listener, or those named by `--listener`).',
        },
        operations: { type: 'array', description: 'The operations on this listener.', items: { $ref: '#/$defs/operation' } },
        tls: {
          type: 'object',
          description:
            'Every mail flow policy of its HAT as read (before the patch), by name (without `$`), with its `tls` value; null when the policy does not set it (inherited).',
          additionalProperties: { type: ['string', 'null'] },
        },
        hatSha256: {
          type: 'string',
          pattern: '^[0-9a-f]{64}$',
          description: 'sha256 of the HAT text after the patch (selected listeners with a HAT); part of the grouping key.',
        },
      },
    },
    operation: {
      description: "One change to a listener's HAT, in the appliance's terms; each records what it replaces so that it can be undone.",
      oneOf: [
        policyOp('add-policy', 'Add a mail flow policy definition after the last policy.'),
        policyOp('remove-policy', 'Remove a mail flow policy definition (rollback of add-policy).'),
        senderGroupOp('add-sender-group', 'Add a sender group before the entry `before`.'),
        senderGroupOp('remove-sender-group', 'Remove a sender group (rollback of add-sender-group).'),
        {
          type: 'object',
          description: 'Move a sender group.',
          required: ['op', 'listener', 'group', 'from', 'to', 'fromBefore', 'toBefore'],
          additionalProperties: false,
          properties: {
            op: { const: 'move-sender-group' },
            listener: listenerName,
            listenerPath,
            group: groupName,
            from: { type: 'integer', minimum: 0, description: '0-based position among the HAT entries before the move.' },
            to: { type: 'integer', minimum: 0, description: '0-based position after the move (0: order 1).' },
            fromBefore: { type: ['string', 'null'], description: 'The entry the group preceded; null: the end.' },
            toBefore: { type: ['string', 'null'], description: 'The entry the group now precedes; null: the end.' },
          },
        },
        sendersOp('add-senders', 'Add members to a sender group (members it has are kept).'),
        sendersOp('remove-senders', 'Remove members from a sender group (rollback of add-senders).'),
        {
          type: 'object',
          description: 'Set, or with `to: null` remove, one parameter of a mail flow policy.',
          required: ['op', 'listener', 'policy', 'param', 'from', 'to'],
          additionalProperties: false,
          properties: {
            op: { const: 'set-policy-param' },
            listener: listenerName,
            listenerPath,
            policy: policyName,
            param: str('The parameter, e.g. `tls`.'),
            from: { type: ['string', 'null'], description: 'The former value; null: not set (inherited).' },
            to: { type: ['string', 'null'], description: 'The new value; null: removed (inherited).' },
          },
        },
        {
          type: 'object',
          description: 'Bind a sender group to another policy.',
          required: ['op', 'listener', 'group', 'from', 'to'],
          additionalProperties: false,
          properties: {
            op: { const: 'set-group-policy' },
            listener: listenerName,
            listenerPath,
            group: groupName,
            from: { $ref: '#/$defs/policyTarget' },
            to: { $ref: '#/$defs/policyTarget' },
          },
        },
      ],
    },
    policyTarget: {
      description: 'What an entry is bound to: a named policy, or a behaviour of its own with its parameters.',
      oneOf: [
        {
          type: 'object',
          description: 'A `$NAME` reference to a mail flow policy.',
          required: ['kind', 'name'],
          additionalProperties: false,
          properties: { kind: { const: 'named', description: '`named`.' }, name: policyName },
        },
        {
          type: 'object',
          description: 'A behaviour written in the entry itself.',
          required: ['kind', 'behaviour', 'params'],
          additionalProperties: false,
          properties: {
            kind: { const: 'own', description: '`own`.' },
            behaviour: str('`ACCEPT`, `REJECT`, …'),
            params: { type: 'array', description: 'Its parameters, in order, as `[key, value]`.', items: paramPair },
          },
        },
      ],
    },
    finding: {
      type: 'object',
      description:
        'A problem or an observation: a stable code, its arguments, a message a person can act on (made from code and arguments), and where.',
      required: ['code', 'severity', 'message'],
      additionalProperties: false,
      properties: {
        code: {
          type: 'string',
          pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$',
          description: "Stable kebab-case code (`masked-secrets`, `xml-truncated`, …; see the README's table of findings).",
        },
        severity: {
          enum: ['error', 'warning', 'info'],
          description: '`error`: caused the outcome `error` or `refused`; `warning`: check before loading; `info`: for the record.',
        },
        message: str('What is wrong and what to do.'),
        file: str('The input file.'),
        line: { type: 'integer', minimum: 1, description: '1-based line in the file.' },
        col: { type: 'integer', minimum: 1, description: '1-based column (in bytes) in the line.' },
        path: str('Element path in the document, e.g. `config/listeners/listener[1]/hat`.'),
        listener: str('The listener concerned (its name).'),
        listenerPath: str('The element path of the listener concerned: what identifies it.'),
        length: { type: 'integer', minimum: 0, description: 'Length of the located text.' },
        args: {
          type: 'object',
          description: "The arguments the message is made from, by name (per code: see the README's table of findings).",
        },
      },
    },
    planGroup: {
      type: 'object',
      description: 'Appliances with an identical plan, listed once.',
      required: ['id', 'outcome', 'files', 'operations', 'diff'],
      additionalProperties: false,
      properties: {
        id: { type: 'string', pattern: '^g[1-9][0-9]*$', description: '`g1`, `g2`, … in order of first appearance in `files`.' },
        outcome: { enum: ['unchanged', 'patched'], description: 'The outcome shared by its files.' },
        files: { type: 'array', minItems: 1, items: { type: 'string' }, description: 'The `file` of each member.' },
        operations: {
          type: 'array',
          description: 'The operations (those of its first file; identical for every member).',
          items: { $ref: '#/$defs/operation' },
        },
        diff: str(
          'The diff of its first file (other members have the same changes; their diffs may differ in context lines and line numbers); empty when `unchanged`.',
        ),
      },
    },
  },
} as const;
