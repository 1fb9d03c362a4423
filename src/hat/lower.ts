/**
 * Lowering: HAT operations to minimal text edits. The HAT is a list of lines that remember
 * their original offsets; operations insert, remove or move runs of lines, or edit a token
 * within a line; the edits are derived from the list. Inserted text follows the HAT's style.
 * What cannot be written exactly is refused ({@link LoweringRefusal}), never approximated.
 */
import type { HatChange } from './diff.js';
import type { HatModel } from './model.js';
import type { HatOperation } from './operations.js';
import type { HatSyntax } from './syntax.js';

/** A text edit on the decoded HAT text (same shape as the XML layer's `TextEdit`). */
export interface HatEdit {
  offset: number;
  delete: string;
  insert: string;
}

/** Codes a lowering refuses with. */
export type LoweringRefusalCode = 'hat-cannot-lower' | 'hat-blocking-problem';

/** The lowering cannot write an operation exactly. */
export class LoweringRefusal extends Error {
  constructor(
    readonly code: LoweringRefusalCode,
    /** 1-based HAT line concerned (0: none). */
    readonly line: number,
    readonly detail: string,
    readonly operation: HatOperation | null = null,
  ) {
    super(detail);
    this.name = 'LoweringRefusal';
  }
}

/** The edits that perform `ops` on the HAT text. Throws {@link LoweringRefusal}. */
export function lowerOperations(syntax: HatSyntax, ops: readonly HatOperation[]): HatEdit[] {
  void syntax, ops;
  throw new Error('not implemented');
}

/** Result of {@link lowerAndProve}. */
export type LowerResult =
  | { ok: true; edits: HatEdit[]; text: string; after: { syntax: HatSyntax; model: HatModel } }
  | { ok: false; edits: HatEdit[]; text: string; differences: HatChange[] };

/**
 * Lower → apply edits → parse → model → prove. `ok: false` when the text read back does not
 * mean exactly the operations (an internal-check failure). Throws {@link LoweringRefusal}.
 */
export function lowerAndProve(syntax: HatSyntax, ops: readonly HatOperation[]): LowerResult {
  void syntax, ops;
  throw new Error('not implemented');
}
