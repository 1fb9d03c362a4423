/**
 * The data of a push: one appliance's item (what to load, what to expect), the journal's
 * records, and the outcome of each appliance. Pure types.
 */
import type { Finding } from '../findings.js';
import type { ListenerDiff } from '../patch/diff-exports.js';
import type { HatFile } from './hat-files.js';
import type { ApplianceTarget } from './session.js';

/** How the change reaches the appliance. */
export type Route = 'config' | 'hat';

/** One appliance of a rollout: its target, its artefact and the two exports the artefact binds. */
export interface PushItem {
  /** The inventory's name of the appliance: the journal's key. */
  name: string;
  target: ApplianceTarget;
  artefactFile: string;
  /** sha256 of the artefact file: named in the commit comment. */
  artefactSha256: string;
  changeId: string | null;
  /** What the artefact says the appliance is. */
  expect: { hostname: string | null; serial: string | null; asyncos: string | null };
  /** The export the plan was made from (latin1). */
  base: string;
  /** The patched export the plan promised (latin1). */
  planned: string;
  /** Listeners the plan changes. */
  changed: { name: string; path: string }[];
  /** The recipe's TLS-Required policy and the token it writes (null: the recipe writes none). */
  policy: string | null;
  token: string | null;
  /** The recipe's published (CRES) hosts, traced at verify. */
  hosts: { host: string; ip: string }[];
  /** The new HAT texts of the changed listeners (route `hat`). */
  hatFiles: HatFile[];
  /** Why the HAT texts cannot be files (a character the export's encoding cannot write): route `hat` refuses. */
  hatProblem?: string;
  /** In a cluster: `loader` loads once for the cluster; `member` is verified only. */
  clusterRole?: 'loader' | 'member';
}

/** Every step the journal records for an appliance. */
export type Step =
  | 'refused'
  | 'failed'
  | 'gates-passed'
  | 'load-started'
  | 'load-absent'
  | 'load-confirmed'
  | 'loaded'
  | 'committed'
  | 'verified'
  | 'verify-failed'
  | 'revert-started'
  | 'reverted'
  | 'revert-verified'
  | 'revert-failed';

/** One journal record. */
export interface StepRecord {
  appliance: string;
  step: Step;
  /** When it was recorded (ISO). */
  at?: string;
  /** Why (refused, failed, verify-failed, revert-failed). */
  finding?: Finding;
  /** The route of a load. */
  route?: Route;
  /** The appliance's result line of a load or commit, made visible. */
  line?: string | null;
  /** Build and serial the appliance reported (gates-passed). */
  version?: string | null;
  serial?: string | null;
  /** The token read back by a verify (verified). */
  token?: string | null;
  /** Published hosts that landed on the policy / traced (verified). */
  hostsLanded?: number;
  hostsTraced?: number;
  /** Where the kept export is (gates-passed: the export just before the load). */
  kept?: string;
  /** The differences by meaning (stale base, failed verify). */
  diff?: ListenerDiff[];
}

/** How an appliance ended in this run. */
export type Outcome = 'verified' | 'refused' | 'failed' | 'reverted' | 'revert-failed' | 'interrupted' | 'untouched';

/** An appliance's result. */
export interface ApplianceResult {
  name: string;
  outcome: Outcome;
  finding?: Finding;
  /** A load was sent in this run or an earlier one. */
  loaded: boolean;
  /** Verified in an earlier run (nothing sent now). */
  resumed?: boolean;
  token?: string | null;
}

/** Outcomes that stop a rollout. */
export function stops(o: Outcome): boolean {
  return o !== 'verified' && o !== 'untouched';
}
