/** Why the HAT layer cannot lower or apply an operation: the problem enums of its findings (src/findings.ts). */

/** Why the lowering cannot write an operation exactly (`hat-cannot-lower`). */
export type LowerProblem =
  | 'unwritable-text'
  | 'backslash'
  | 'comment-unreadable'
  | 'unknown-behaviour'
  | 'recorded-control'
  | 'own-params'
  | 'group-named-all'
  | 'policy-exists'
  | 'no-policy'
  | 'entry-exists'
  | 'no-group'
  | 'no-entry'
  | 'move-before-self'
  | 'sender-count'
  | 'binding-count'
  | 'rebind'
  | 'own-block'
  | 'no-behaviour'
  | 'unclosed-block'
  | 'unreadable-block'
  | 'param-count'
  | 'spans-lines';

/** The kinds of text an `unwritable-text` lowering problem names. */
export type LowerText = 'comment' | 'policy-name' | 'parameter' | 'value' | 'group-name' | 'sender';

/** Why an operation does not apply to a HAT model (`operation-not-applicable`; in a rollback, `rollback-conflict`). */
export type ApplyProblem =
  | 'undefined-policy'
  | 'policy-exists'
  | 'no-policy'
  | 'policy-differs'
  | 'policy-in-use'
  | 'param-differs'
  | 'group-exists'
  | 'position-mismatch'
  | 'no-group'
  | 'not-at-position'
  | 'member-present'
  | 'member-absent'
  | 'no-entry'
  | 'binding-differs';

/** Why an undo by meaning is refused: what the HAT lacks or holds otherwise now, or an old artefact it cannot read. */
export type RollbackProblem =
  | ApplyProblem
  | 'group-gone'
  | 'neighbour-gone'
  | 'moved'
  | 'members-changed'
  | 'binding-changed'
  | 'legacy-bytes';

/** What a problem of an operation is about: the group or policy `name`, a `param`, the `value` found and the one `expected`. */
export interface ProblemAbout {
  name: string | null;
  param: string | null;
  value: string | null;
  expected: string | null;
}
