/**
 * The planner: converges one HAT towards a sender group goal and its policy goal, emitting only
 * the operations still needed. Compliance is judged by meaning, with the first-match evaluator;
 * every sender whose treatment the change alters is reported.
 */
import type { Finding } from '../findings.js';
import type { HatModel } from '../hat/model.js';
import type { HatOperation } from '../hat/operations.js';
import type { GroupGoal, PolicyGoal, PublishedHost } from './recipe.js';

/** Options of {@link planGroupGoal}. */
export interface PlanOptions {
  /** Listener name, for findings. */
  listener: string;
  /** Listener element path, for findings. */
  listenerPath?: string;
  /** Overwrite a TLS value other than `off` and the goal's (`--replace-tls-value`). */
  replaceUnknownTls?: boolean;
  /** Hosts that must land on the goal after the change (reported when they do not). */
  published?: readonly PublishedHost[];
  /** `$DEFAULT` parameters (from `hat_default_*`). */
  defaults?: Readonly<Record<string, string>>;
}

/** The plan for one HAT. */
export interface GroupPlan {
  operations: HatOperation[];
  /** Info and warnings (dropped senders, uncovered published hosts, unknown lines, …). */
  findings: Finding[];
  /** Set when the tool will not decide on its own (exit 3); `operations` is then empty. */
  refusal: Finding | null;
  /** `treatment-change` warnings: hosts the change treats differently. */
  treatmentChanges: Finding[];
}

/** Plans the change of one HAT towards `group` bound to `policy`. */
export function planGroupGoal(model: HatModel, group: GroupGoal, policy: PolicyGoal, options: PlanOptions): GroupPlan {
  void model, group, policy, options;
  throw new Error('not implemented');
}
