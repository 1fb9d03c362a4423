/** Where an appliance stands after its journal records: the one reading of the journal that push, revert and the report share. */
import type { StepRecord } from './push-types.js';

/** Where an appliance stands after the journal's records. */
export type JournalState = 'fresh' | 'may-be-loaded' | 'verified' | 'needs-revert' | 'reverting' | 'reverted' | 'failed';

/** The state the records of one appliance leave it in. */
export function stateOf(records: readonly StepRecord[]): JournalState {
  let s: JournalState = 'fresh';
  for (const r of records) {
    switch (r.step) {
      case 'load-started':
        s = 'may-be-loaded';
        break;
      case 'load-absent':
        s = 'fresh';
        break;
      case 'verified':
        s = 'verified';
        break;
      case 'verify-failed':
        s = 'needs-revert';
        break;
      case 'revert-started':
        s = 'reverting';
        break;
      case 'revert-verified':
        s = 'reverted';
        break;
      case 'failed':
      case 'revert-failed':
        // A failure after a load may have left the load done: the next run re-checks.
        if (s === 'fresh') s = 'failed';
        break;
      default:
        break;
    }
  }
  return s;
}

/** The export kept just before the load, from the journal. */
export function preOf(records: readonly StepRecord[]): string | null {
  for (let i = records.length - 1; i >= 0; i--) if (records[i]!.step === 'gates-passed' && records[i]!.kept) return records[i]!.kept!;
  return null;
}
