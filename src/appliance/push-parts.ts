/** The pieces of a push that are not its steps: the stop with its finding, kept exports, findings of comparisons. */
import { finding, type Finding } from '../findings.js';
import type { ListenerDiff } from '../patch/diff-exports.js';
import type { Comparison } from './compare.js';
import { commandText } from './dialogue.js';
import { hatFilesOf } from './hat-files.js';
import { preOf } from './journal-state.js';
import type { PushEnv } from './push.js';
import type { PushItem, StepRecord } from './push-types.js';

/** A stop of the procedure with its finding. */
export class Stop extends Error {
  constructor(
    readonly finding: Finding,
    readonly kind: 'refused' | 'failed' | 'interrupted',
    readonly diff?: ListenerDiff[],
  ) {
    super(finding.code);
  }
}

/** The export kept just before the load, from the journal (a Stop when it is gone). */
export function loadKept(env: PushEnv, prior: readonly StepRecord[], item: PushItem): string {
  const where = preOf(prior);
  const text = where ? env.kept(where) : null;
  if (text === null)
    throw new Stop(
      finding('push-interrupted-load', 'error', {
        appliance: item.name,
        reason: 'the export kept before the load is gone from the rollout directory',
      }),
      'interrupted',
    );
  return text;
}

/** The export a failed verify read back (kept on disk), or null. */
export function keptAfterLoad(env: PushEnv, prior: readonly StepRecord[]): string | null {
  const r = [...prior].reverse().find((x) => x.step === 'verify-failed' && x.kept);
  return r?.kept ? env.kept(r.kept) : null;
}

/** The HAT files that put back the changed listeners' HATs of `pre`. */
export function hatFilesFor(pre: string, item: PushItem): PushItem['hatFiles'] {
  return hatFilesOf(pre, item.changed, 'revert');
}

export function staleFinding(code: 'push-stale-base' | 'push-verify-failed', appliance: string, c: Comparison): Finding {
  return finding(code, 'error', { appliance, listeners: c.listeners.map((l) => l.listener), outside: c.outside });
}

/** Whether `v` can be a word of a command line (`commandText` takes it). */
export function commandWord(v: string): boolean {
  try {
    commandText({ command: '{v}', rules: [] }, { v });
    return true;
  } catch {
    return false;
  }
}
