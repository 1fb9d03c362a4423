/**
 * Domain operations on one listener's HAT, named in the appliance's terms. Each records what
 * it replaces, so that reverse() needs no document and reverse(reverse(op)) equals op. In the
 * patch layer every operation also names its listener, by path (what identifies it) and by
 * name (for people).
 */

/** What adding or removing a mail flow policy records. */
interface PolicyFields {
  policy: string;
  behaviour: string;
  params: Record<string, string>;
}

/** Add a mail flow policy definition. */
export interface AddPolicy extends PolicyFields {
  op: 'add-policy';
}

/** Remove a mail flow policy definition (the reverse of add-policy). */
export interface RemovePolicy extends PolicyFields {
  op: 'remove-policy';
}

/** What adding or removing a sender group records; `before`: the entry it precedes (null: the end). */
interface SenderGroupFields {
  group: string;
  senders: string[];
  policy: string;
  comment: string;
  before: string | null;
}

/** Add a sender group before the entry named `before`. */
export interface AddSenderGroup extends SenderGroupFields {
  op: 'add-sender-group';
}

/** Remove a sender group (the reverse of add-sender-group). */
export interface RemoveSenderGroup extends SenderGroupFields {
  op: 'remove-sender-group';
}

/** Move a sender group from before entry `fromBefore` to before entry `toBefore`. */
export interface MoveSenderGroup {
  op: 'move-sender-group';
  group: string;
  /** 0-based position among the HAT's entries, before and after. */
  from: number;
  to: number;
  fromBefore: string | null;
  toBefore: string | null;
}

/** Add senders to a sender group. */
export interface AddSenders {
  op: 'add-senders';
  group: string;
  senders: string[];
}

/** Remove senders from a sender group (the reverse of add-senders). */
export interface RemoveSenders {
  op: 'remove-senders';
  group: string;
  senders: string[];
}

/** Set (or, with `to: null`, remove) one parameter of a mail flow policy. */
export interface SetPolicyParam {
  op: 'set-policy-param';
  policy: string;
  param: string;
  from: string | null;
  to: string | null;
}

/**
 * Bind a sender group to another policy. `from`/`to` are `$NAME` references or, for a
 * behaviour written in the group itself, the text of those lines.
 */
export interface SetGroupPolicy {
  op: 'set-group-policy';
  group: string;
  from: string;
  to: string;
}

/** Any operation on one HAT. */
export type HatOperation =
  | AddPolicy
  | RemovePolicy
  | AddSenderGroup
  | RemoveSenderGroup
  | MoveSenderGroup
  | AddSenders
  | RemoveSenders
  | SetPolicyParam
  | SetGroupPolicy;

/** The listener an operation belongs to: its element path identifies it, the name is for people. */
export interface ListenerRef {
  listener: string;
  listenerPath: string;
}

/** An operation of a patch: a HAT operation on one listener. */
export type Operation = HatOperation & ListenerRef;

/** `op` on `listener`. */
export function onListener(op: HatOperation, listener: ListenerRef): Operation {
  return { ...op, listener: listener.listener, listenerPath: listener.listenerPath };
}

/** The HAT operation of `op` (without its listener). */
export function hatOperation(op: Operation): HatOperation {
  const { listener: _l, listenerPath: _p, ...rest } = op;
  return rest as HatOperation;
}

/** The operation that undoes `op` (keeps every other field, such as the listener). */
export function reverseOperation<T extends HatOperation>(op: T): T;
export function reverseOperation(op: HatOperation): HatOperation {
  switch (op.op) {
    case 'add-policy':
      return { ...op, op: 'remove-policy' };
    case 'remove-policy':
      return { ...op, op: 'add-policy' };
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
    case 'set-policy-param':
      return { ...op, from: op.to, to: op.from };
    case 'set-group-policy':
      return { ...op, from: op.to, to: op.from };
  }
}

/** The operations that undo `ops`, in the order to run them. */
export function reverseOperations<T extends HatOperation>(ops: readonly T[]): T[] {
  return ops.map((o) => reverseOperation(o)).reverse();
}

/** One line describing an operation, in the appliance's words. */
export function describeOperation(op: HatOperation): string {
  switch (op.op) {
    case 'add-policy':
      return `add mail flow policy $${op.policy} (${op.behaviour}, ${Object.entries(op.params).map(([k, v]) => `${k} = "${v}"`).join(', ')})`;
    case 'remove-policy':
      return `remove mail flow policy $${op.policy}`;
    case 'add-sender-group':
      return `add sender group ${op.group} ${op.before === null ? 'after every entry' : `before ${op.before}`} (${op.senders.join(', ')}) using $${op.policy}`;
    case 'remove-sender-group':
      return `remove sender group ${op.group}`;
    case 'move-sender-group':
      return `move sender group ${op.group} from order ${op.from + 1} to order ${op.to + 1}`;
    case 'add-senders':
      return `add to sender group ${op.group}: ${op.senders.join(', ')}`;
    case 'remove-senders':
      return `remove from sender group ${op.group}: ${op.senders.join(', ')}`;
    case 'set-policy-param':
      return `set ${op.param} of $${op.policy}: ${op.from === null ? '(inherited)' : `"${op.from}"`} -> ${op.to === null ? '(inherited)' : `"${op.to}"`}`;
    case 'set-group-policy':
      return `bind sender group ${op.group} to ${op.to} (was ${op.from})`;
  }
}
