/**
 * Two HAT models compared by meaning. Formatting (indentation, line endings, blank lines,
 * `{}` vs bare, parameter order, comment spacing) is not a change unless `strict`.
 */
import type { HatModel, Param } from './model.js';
import type { HatOperation } from './operations.js';

/** One difference by meaning (or, with `strict`, of formatting). */
export type HatChange =
  | { kind: 'policy-added'; policy: string; behaviour: string; params: Param[] }
  | { kind: 'policy-removed'; policy: string; behaviour: string; params: Param[] }
  | { kind: 'policy-behaviour-changed'; policy: string; from: string; to: string }
  | { kind: 'policy-param-changed'; policy: string; param: string; from: string | null; to: string | null }
  | { kind: 'policy-comment-changed'; policy: string; from: string | null; to: string | null }
  | { kind: 'entry-added'; entry: string; entryKind: 'group' | 'inline' | 'all'; index: number; members: string[]; policy: string }
  | { kind: 'entry-removed'; entry: string; entryKind: 'group' | 'inline' | 'all'; index: number; members: string[]; policy: string }
  | { kind: 'entry-renamed'; from: string; to: string }
  | { kind: 'entry-moved'; entry: string; from: number; to: number }
  | { kind: 'members-added'; entry: string; members: string[] }
  | { kind: 'members-removed'; entry: string; members: string[] }
  | { kind: 'entry-policy-changed'; entry: string; from: string; to: string }
  | { kind: 'entry-comment-changed'; entry: string; from: string | null; to: string | null }
  | { kind: 'unknown-added'; text: string; where: string }
  | { kind: 'unknown-removed'; text: string; where: string }
  | { kind: 'format'; item: string; detail: string };

/** Options of {@link semanticDiff}. */
export interface DiffOptions {
  /** Also report formatting differences (`format` changes). */
  strict?: boolean;
  /** `$DEFAULT` parameters (from `hat_default_*`): a parameter spelled out equal to its default is no change. */
  defaults?: Readonly<Record<string, string>>;
}

/** The differences between two models, by meaning. Empty: they mean the same. */
export function semanticDiff(before: HatModel, after: HatModel, options: DiffOptions = {}): HatChange[] {
  void before, after, options;
  throw new Error('not implemented');
}

/** The differences between `applyOperations(before, ops)` and `after`; empty = proven. */
export function proveOperations(before: HatModel, after: HatModel, ops: readonly HatOperation[]): HatChange[] {
  void before, after, ops;
  throw new Error('not implemented');
}

/** A change in plain words, e.g. `$TRUSTED: max_rcpts_per_hour -1 -> 5000`. */
export function describeChange(c: HatChange): string {
  void c;
  throw new Error('not implemented');
}
