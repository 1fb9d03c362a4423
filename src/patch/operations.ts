/**
 * Operations of a patch: the HAT language's operations (`src/hat/operations.ts`), each on one
 * listener, named by its element path (what identifies it) and its name (for people).
 */
import { describeOperation as describeHatOperation, reverseOperations, type HatOperation, type PolicyTarget } from '../hat/operations.js';

export { reverseOperation, reverseOperations, type HatOperation } from '../hat/operations.js';

function target(v: unknown): PolicyTarget {
  if (v && typeof v === 'object') return v as PolicyTarget;
  const text = String(v ?? '');
  return /^\$?[^\s$]+$/.test(text) && !/^[A-Z]+$/.test(text)
    ? { kind: 'named', name: text.replace(/^\$/, '') }
    : { kind: 'own', behaviour: text.split(/\s/)[0] ?? text, params: [] };
}

/**
 * One line describing an operation, in the appliance's words. Also reads the operations of
 * 0.1.0 artefacts (parameters as an object, policies as names, no position), which rollback
 * reports as they were recorded.
 */
export function describeOperation(op: HatOperation): string {
  const o = op as unknown as Record<string, unknown>;
  const params = o['params'];
  const legacy =
    (params !== undefined && !Array.isArray(params)) ||
    ('policy' in o && typeof o['policy'] === 'string' && (op.op === 'add-sender-group' || op.op === 'remove-sender-group')) ||
    (op.op === 'set-group-policy' && (typeof o['from'] === 'string' || typeof o['to'] === 'string')) ||
    ((op.op === 'add-sender-group' || op.op === 'remove-sender-group') && typeof o['position'] !== 'number');
  if (!legacy) return describeHatOperation(op);
  const fixed: Record<string, unknown> = { ...o };
  if (params !== undefined && !Array.isArray(params)) fixed['params'] = Object.entries(params as Record<string, string>);
  if (op.op === 'add-sender-group' || op.op === 'remove-sender-group') {
    fixed['policy'] = target(o['policy']);
    const text = describeHatOperation({ ...(fixed as unknown as HatOperation), position: 0 } as HatOperation);
    return typeof o['position'] === 'number' ? text : text.replace(/ at order 1| \(order 1\)/, '');
  }
  if (op.op === 'set-group-policy') {
    fixed['from'] = target(o['from']);
    fixed['to'] = target(o['to']);
  }
  return describeHatOperation(fixed as unknown as HatOperation);
}

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
