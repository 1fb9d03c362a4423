/** What commands report about each file; shared by the text, JSON and HTML renderers. */
import type { Finding } from '../findings.js';
import type { ArtefactOperation } from '../patch/artefact.js';
import type { ListenerReport, Outcome } from '../patch/patch.js';

/** The report of one input file. */
export interface FileReport {
  file: string;
  outcome: Outcome;
  hostname: string | null;
  asyncos: string | null;
  serial: string | null;
  listeners: ListenerReport[];
  /** Operations (those of `rollback` may name their listener by name only: 0.1.0 artefacts). */
  operations: ArtefactOperation[];
  /** Findings as data; `--json` adds each one's message (`withMessage`). */
  findings: Finding[];
  /** The unified diff (one character per byte), empty when nothing changes. */
  diff: string;
  /** Files written, when the command wrote any. */
  written?: { xml: string; diff: string; artefact: string };
}

/** Exit code of one file's outcome: 0 done, 1 error, 2 changes pending (plan), 3 refused. */
export function exitCodeOf(outcome: Outcome, pendingIsTwo: boolean): number {
  switch (outcome) {
    case 'error':
      return 1;
    case 'refused':
      return 3;
    case 'patched':
      return pendingIsTwo ? 2 : 0;
    case 'unchanged':
      return 0;
  }
}

/** The worst of several exit codes: 1 over 3 over 2 over 0. */
export function worstExitCode(codes: readonly number[]): number {
  const rank = (c: number) => (c === 1 ? 4 : c === 3 ? 3 : c === 2 ? 2 : c === 0 ? 0 : 5);
  return codes.reduce((a, b) => (rank(b) > rank(a) ? b : a), 0);
}
