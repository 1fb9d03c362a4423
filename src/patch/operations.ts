/**
 * Operations of a patch: the HAT language's operations (`src/hat/operations.ts`), each on one
 * listener, named by its element path (what identifies it) and its name (for people).
 */
import { reverseOperations, type HatOperation } from '../hat/operations.js';

export { describeOperation, reverseOperation, reverseOperations, type HatOperation } from '../hat/operations.js';

/** The operations that undo `ops`, in the order to run them, each keeping its listener. */
export function reverseOnListeners<T extends HatOperation>(ops: readonly T[]): T[] {
  // reverseOperation copies every field of an operation, the listener's too.
  return reverseOperations(ops) as T[];
}

/** The listener an operation belongs to. */
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

/** The HAT operation of an operation that names its listener (without the listener). */
export function hatOperation(op: HatOperation & { listener?: string; listenerPath?: string }): HatOperation {
  const { listener: _l, listenerPath: _p, ...rest } = op;
  return rest as HatOperation;
}
