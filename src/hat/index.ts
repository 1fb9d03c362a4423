/** The HAT language: lossless syntax, semantic model, operations, lowering, diff, evaluation. */
export { BEHAVIOURS, isBehaviour, isGroupHead, isPolicyName } from './grammar.js';
export {
  parseHat,
  printHat,
  significant,
  splitLines,
  tokenize,
  type Eol,
  type HatSyntax,
  type LineKind,
  type SyntaxLine,
  type Token,
  type TokenKind,
} from './syntax.js';
export {
  blockingProblems,
  buildModel,
  findEntry,
  findPolicy,
  paramValue,
  readHat,
  resolvePolicy,
  type Behaviour,
  type BlockSpelling,
  type HatEntry,
  type HatMember,
  type HatModel,
  type HatPolicy,
  type HatProblem,
  type HatProblemCode,
  type Param,
  type PolicyRef,
  type UnknownLine,
} from './model.js';
export {
  describeOperation,
  describeTarget,
  formatValue,
  reverseOperation,
  reverseOperations,
  type AddPolicy,
  type AddSenderGroup,
  type AddSenders,
  type HatOperation,
  type MoveSenderGroup,
  type PolicyTarget,
  type RemovePolicy,
  type RemoveSenderGroup,
  type RemoveSenders,
  type SetGroupPolicy,
  type SetPolicyParam,
} from './operations.js';
export { applyOperations, notApplied, sameParams, sameTarget, targetOf } from './apply-model.js';
export { describeChange, proveOperations, semanticDiff, type DiffOptions, type HatChange } from './diff.js';
export {
  describeMatch,
  effectiveParams,
  evaluate,
  type Connection,
  type EffectiveParam,
  type EntryMatch,
  type Evaluation,
} from './evaluate.js';
export {
  applyHatEdits,
  lowerAndProve,
  lowerOperations,
  type HatEdit,
  type LowerResult,
} from './lower.js';
export { problemFinding } from './findings.js';
