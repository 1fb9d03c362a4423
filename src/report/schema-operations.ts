/** Pieces of the report's JSON Schema: the HAT operations of a plan (`add-policy`, `add-sender-group`, …). */
import { str } from './schema-parts.js';

export const listenerName = str('Name of the listener the operation applies to (`<listener_name>`).');
export const listenerPath = str(
  'Element path of the listener (`config/listeners/listener[1]`): what identifies it (absent in undo operations of 0.1.0 artefacts).',
);
export const groupName = str('Name of the sender group.');
export const policyName = str('Name of the mail flow policy, without the `$`.');
export const senders = {
  type: 'array',
  description: 'Sender group members: IP addresses, CIDRs, ranges, partial IPs, hostnames, partial hostnames (`.example.com`).',
  items: { type: 'string' },
} as const;

export const paramPair = {
  type: 'array',
  description: '`[key, value]`, the value unquoted.',
  prefixItems: [{ type: 'string' }, { type: 'string' }],
  minItems: 2,
  maxItems: 2,
} as const;

/** The fields add-policy and remove-policy share. */
export const policyOp = (op: string, description: string) =>
  ({
    type: 'object',
    description,
    required: ['op', 'listener', 'policy', 'behaviour', 'params'],
    additionalProperties: false,
    properties: {
      op: { const: op },
      listener: listenerName,
      listenerPath,
      policy: policyName,
      behaviour: str('The policy behaviour: `ACCEPT`, `RELAY`, `REJECT`, `TCPREFUSE`, `CONTINUE`.'),
      params: {
        type: 'array',
        description:
          'The parameters written in the policy block, in order, as `[key, value]` (`tls`: the TLS value); the others are inherited from `$DEFAULT`.',
        items: paramPair,
      },
      text: str('The exact text of the definition, when recorded (a removal records it so that its reverse restores it).'),
    },
  }) as const;

/** The fields add-sender-group and remove-sender-group share. */
export const senderGroupOp = (op: string, description: string) =>
  ({
    type: 'object',
    description,
    required: ['op', 'listener', 'group', 'senders', 'policy', 'comment', 'position', 'before'],
    additionalProperties: false,
    properties: {
      op: { const: op },
      listener: listenerName,
      listenerPath,
      group: groupName,
      senders,
      policy: { $ref: '#/$defs/policyTarget' },
      comment: str('The comment written after the policy reference.'),
      position: {
        type: 'integer',
        minimum: 0,
        description: '0-based index among the HAT entries the group has once added (had before being removed).',
      },
      before: {
        type: ['string', 'null'],
        description: 'The HAT entry the group precedes (a group name, or the text of an inline entry); null: the end of the HAT.',
      },
      text: str('The exact text of the group, when recorded.'),
    },
  }) as const;

export const sendersOp = (op: string, description: string) =>
  ({
    type: 'object',
    description,
    required: ['op', 'listener', 'group', 'senders'],
    additionalProperties: false,
    properties: { op: { const: op }, listener: listenerName, listenerPath, group: groupName, senders },
  }) as const;
