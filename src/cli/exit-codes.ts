/**
 * The exit codes of every command, in one place. With several inputs the worst outcome wins
 * (1 over 3 over 2 over 0) and every input is still processed.
 */
import type { Outcome } from '../patch/patch.js';

/** The documented exit codes. */
export const EXIT = {
  /** Done: nothing to do, or the files were written; `verify`: the files match. */
  ok: 0,
  /** Error: bad arguments, unreadable or malformed input, I/O failure; `verify`: a mismatch. */
  error: 1,
  /** `plan`, `rollback --plan`, `spf`: changes are pending. */
  pending: 2,
  /** Refused: a conflict the tool will not resolve on its own. */
  refused: 3,
} as const;

/** One exit code. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** What each exit code means, for `--help`, the man page and the HTML report. */
export const EXIT_MEANING: Record<ExitCode, string> = {
  0: 'done: nothing to do, or the files were written (verify: the files match)',
  1: 'error: bad arguments, unreadable or malformed input, I/O failure (verify: a mismatch; --fail-on: a finding at that severity)',
  2: 'changes pending (plan, rollback --plan, spf)',
  3: 'refused: a conflict the tool will not resolve on its own (a stale patch, an object it would have to break, a masked export, another appliance)',
};

/** Exit code of one file's outcome: 0 done, 1 error, 2 changes pending (plan), 3 refused. */
export function exitCodeOf(outcome: Outcome, pendingIsTwo: boolean): ExitCode {
  switch (outcome) {
    case 'error':
      return EXIT.error;
    case 'refused':
      return EXIT.refused;
    case 'patched':
      return pendingIsTwo ? EXIT.pending : EXIT.ok;
    case 'unchanged':
      return EXIT.ok;
  }
}

const RANK: Record<number, number> = { 0: 0, 2: 2, 3: 3, 1: 4 };

/** The worst of several exit codes: 1 over 3 over 2 over 0. */
export function worstExitCode(codes: readonly number[]): ExitCode {
  return codes.reduce<number>((a, b) => ((RANK[b] ?? 5) > (RANK[a] ?? 5) ? b : a), 0) as ExitCode;
}
