/**
 * Operations applied to the semantic model (pure data): what the HAT must mean after them.
 * The prover compares this with the model read back from the lowered text.
 */
import type { HatModel } from './model.js';
import type { HatOperation } from './operations.js';

/** An operation that does not apply to the model (a missing group, a `from` that does not match). */
export class OperationError extends Error {
  constructor(
    readonly operation: HatOperation,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'OperationError';
  }
}

/** The model after `ops`, in order. Throws {@link OperationError}. Does not modify `model`. */
export function applyOperations(model: HatModel, ops: readonly HatOperation[]): HatModel {
  void model, ops;
  throw new Error('not implemented');
}
