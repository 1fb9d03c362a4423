/**
 * Operations on one HAT, in the appliance's terms, without any listener (the patch layer adds
 * it). Each records what it replaces, so `reverseOperation` needs no document and
 * `reverseOperation(reverseOperation(op))` deep-equals `op`.
 */
import type { HatOperation } from './operation-schema.js';

export type { HatOperation } from './operation-schema.js';
type Op<K extends HatOperation['op']> = Extract<HatOperation, { op: K }>;
/** What an entry is bound to: a named policy, or a behaviour of its own. */
export type PolicyTarget = Op<'add-sender-group'>['policy'];
/** Add a mail flow policy definition (after the last policy); `text`: its exact text when known. */
export type AddPolicy = Op<'add-policy'>;
/** Remove a mail flow policy definition (`text`: the exact text removed, so the reverse can restore it). */
export type RemovePolicy = Op<'remove-policy'>;
/** Set (`to`), change or remove (`to: null`) one parameter; `from: null` = absent before. */
export type SetPolicyParam = Op<'set-policy-param'>;
/** Add a sender group at `position` (0-based among the entries), before the entry `before` (null: none). */
export type AddSenderGroup = Op<'add-sender-group'>;
/** Remove a sender group (`text`: its exact text, so the reverse can restore it). */
export type RemoveSenderGroup = Op<'remove-sender-group'>;
/** Move a sender group: `from` is its index before, `to` its index after the move. */
export type MoveSenderGroup = Op<'move-sender-group'>;
/** Add senders to a sender group (at its end). */
export type AddSenders = Op<'add-senders'>;
/** Remove senders from a sender group. */
export type RemoveSenders = Op<'remove-senders'>;
/** Bind an entry to another policy. */
export type SetGroupPolicy = Op<'set-group-policy'>;

/** The operation that undoes `op`. */
export function reverseOperation(op: HatOperation): HatOperation {
  switch (op.op) {
    case 'add-policy':
      return { ...op, op: 'remove-policy' };
    case 'remove-policy':
      return { ...op, op: 'add-policy' };
    case 'set-policy-param':
      return { ...op, from: op.to, to: op.from };
    case 'add-sender-group':
      return { ...op, op: 'remove-sender-group' };
    case 'remove-sender-group':
      return { ...op, op: 'add-sender-group' };
    case 'move-sender-group':
      return { ...op, from: op.to, to: op.from, fromBefore: op.toBefore, toBefore: op.fromBefore };
    case 'add-senders':
      return { ...op, op: 'remove-senders' };
    case 'remove-senders':
      return { ...op, op: 'add-senders' };
    case 'set-group-policy':
      return { ...op, from: op.to, to: op.from };
  }
}

/** The operations that undo `ops`, in the order to run them. */
export function reverseOperations(ops: readonly HatOperation[]): HatOperation[] {
  return ops.map(reverseOperation).reverse();
}

/**
 * A parameter value as the HAT writes it: numbers bare, everything else quoted with `"` escaped
 * as `\"`, the one escape the format is known to have (a value holding a backslash is never
 * written: the lowering refuses it).
 */
export function formatValue(value: string): string {
  return /^-?[0-9]+$/.test(value) ? value : `"${value.replace(/"/g, '\\"')}"`;
}

/** A policy target in words: `$NAME`, or `ACCEPT { tls = "required" }`. */
export function describeTarget(t: PolicyTarget): string {
  if (t.kind === 'named') return `$${t.name}`;
  return t.params.length ? `${t.behaviour} { ${t.params.map(([k, v]) => `${k} = ${formatValue(v)}`).join(' ')} }` : t.behaviour;
}

const order = (i: number) => `order ${i + 1}`;
const beforeName = (b: string | null) => (b === null ? 'at the end' : `before ${b}`);

/** One line describing an operation, in the appliance's words, with its real position. */
export function describeOperation(op: HatOperation): string {
  switch (op.op) {
    case 'add-policy':
      return `add mail flow policy $${op.policy} (${op.behaviour}${op.params.length ? `, ${op.params.map(([k, v]) => `${k} = ${formatValue(v)}`).join(', ')}` : ''})`;
    case 'remove-policy':
      return `remove mail flow policy $${op.policy}`;
    case 'set-policy-param':
      return `set ${op.param} of $${op.policy}: ${op.from === null ? '(inherited)' : formatValue(op.from)} -> ${op.to === null ? '(inherited)' : formatValue(op.to)}`;
    case 'add-sender-group':
      return `add sender group ${op.group} at ${order(op.position)} (${beforeName(op.before)}) with ${op.senders.join(', ')} using ${describeTarget(op.policy)}`;
    case 'remove-sender-group':
      return `remove sender group ${op.group} (${order(op.position)})`;
    case 'move-sender-group':
      return `move sender group ${op.group} from ${order(op.from)} to ${order(op.to)} (${beforeName(op.toBefore)})`;
    case 'add-senders':
      return `add to sender group ${op.group}: ${op.senders.join(', ')}`;
    case 'remove-senders':
      return `remove from sender group ${op.group}: ${op.senders.join(', ')}`;
    case 'set-group-policy':
      return `bind sender group ${op.group} to ${describeTarget(op.to)} (was ${describeTarget(op.from)})`;
  }
}
