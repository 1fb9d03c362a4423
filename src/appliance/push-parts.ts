/** The pieces of a push that are not its steps: the stop with its finding, kept exports, findings of comparisons. */
import { finding, Refused, type Finding } from '../findings.js';
import type { ListenerDiff } from '../patch/diff-exports.js';
import type { Comparison } from './compare.js';
import { commandText } from './dialogue.js';
import { hatFilesOf } from './hat-files.js';
import { preOf } from './journal-state.js';
import type { PushEnv } from './push.js';
import type { PushItem, StepRecord } from './push-types.js';

/** How a stop ends an appliance's procedure. */
export type StopKind = 'refused' | 'failed' | 'interrupted';

/** A stop with its kind and the differences found (for the journal). */
export interface Stop {
  finding: Finding;
  kind: StopKind;
  diff?: ListenerDiff[];
}

const stops = new WeakMap<Refused, Stop>();

/** A stop of the procedure: a `Refused` carrying `f`, remembered with its kind (see {@link stopOf}). */
export function stop(f: Finding, kind: StopKind, diff?: ListenerDiff[]): Refused {
  const e = new Refused(f);
  stops.set(e, { finding: f, kind, ...(diff ? { diff } : {}) });
  return e;
}

/** The stop `e` is, or null for any other error. */
export function stopOf(e: unknown): Stop | null {
  return (e instanceof Refused && stops.get(e)) || null;
}

/** What a transport error says (an `ssh-failed` refusal: what ssh said), visible and bounded. */
export function transportOutcome(e: unknown): string {
  const text = e instanceof Refused && e.finding.code === 'ssh-failed' ? e.finding.args.detail : e instanceof Error ? e.message : String(e);
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 200);
}

/** The export kept just before the load, from the journal (a Stop when it is gone). */
export function loadKept(env: PushEnv, prior: readonly StepRecord[], item: PushItem): string {
  const where = preOf(prior);
  const text = where ? env.kept(where) : null;
  if (text === null)
    throw stop(
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
