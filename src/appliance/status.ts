/**
 * Where each appliance of a rollout stands, from the journal alone: what `push --status` and the
 * rollout report say. An appliance whose load may have happened and that is not verified is
 * said to be so, never shown as done or untouched.
 */
import type { Finding } from '../findings.js';
import { stateOf } from './push.js';
import type { PushItem, StepRecord } from './push-types.js';

/** The status of one appliance. */
export type Status = 'untouched' | 'refused' | 'failed' | 'loaded-unverified' | 'verified' | 'verify-failed-unreverted' | 'reverted';

/** One appliance in the report. */
export interface ApplianceStatus {
  name: string;
  host: string;
  artefact: string;
  wave: number;
  status: Status;
  /** Gates: passed, refused (with the finding) or not reached. */
  gates: 'passed' | 'refused' | 'not reached';
  route: string | null;
  loadLine: string | null;
  commitLine: string | null;
  verify: 'identical' | 'differs' | 'not reached';
  reverted: boolean;
  token: string | null;
  hostsLanded: number | null;
  hostsTraced: number | null;
  /** The last refusal or failure. */
  finding: Finding | null;
  /** Differences by meaning of a stale base or a failed verify, as the journal holds them. */
  diff: StepRecord['diff'];
  started: string | null;
  ended: string | null;
  /** Loads sent to this appliance (load-started records), over every run of the rollout. */
  loads: number;
}

/** The status of each item from its journal records. */
export function statusOf(item: PushItem, wave: number, records: readonly StepRecord[]): ApplianceStatus {
  const state = stateOf(records);
  const last = <S extends StepRecord['step']>(step: S) => [...records].reverse().find((r) => r.step === step);
  const problem = [...records].reverse().find((r) => r.finding && r.step !== 'revert-verified');
  const verified = last('verified');
  let status: Status;
  switch (state) {
    case 'verified':
      status = 'verified';
      break;
    case 'reverted':
      status = 'reverted';
      break;
    case 'needs-revert':
    case 'reverting':
      status = 'verify-failed-unreverted';
      break;
    case 'may-be-loaded':
      status = 'loaded-unverified';
      break;
    case 'failed':
      status = 'failed';
      break;
    default:
      status = records.length === 0 ? 'untouched' : records[records.length - 1]!.step === 'refused' ? 'refused' : 'untouched';
  }
  const gatesPassed = records.some((r) => r.step === 'gates-passed' || r.step === 'load-confirmed');
  return {
    name: item.name,
    host: item.target.host,
    artefact: item.artefactFile,
    wave,
    status,
    gates: gatesPassed ? 'passed' : status === 'refused' ? 'refused' : 'not reached',
    route: last('load-started')?.route ?? null,
    loadLine: last('loaded')?.line ?? null,
    commitLine: records.find((r) => r.step === 'committed')?.line ?? null,
    verify: verified ? 'identical' : last('verify-failed') ? 'differs' : 'not reached',
    reverted: state === 'reverted',
    token: verified?.token ?? null,
    hostsLanded: verified?.hostsLanded ?? null,
    hostsTraced: verified?.hostsTraced ?? null,
    finding: status === 'verified' ? null : (problem?.finding ?? null),
    diff: last('verify-failed')?.diff ?? (status === 'refused' ? problem?.diff : undefined),
    started: records[0]?.at ?? null,
    ended: records[records.length - 1]?.at ?? null,
    loads: records.filter((r) => r.step === 'load-started').length,
  };
}
