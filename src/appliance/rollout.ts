/**
 * A rollout: the appliances in order, a canary wave of N and then waves of M, stopping at the
 * first appliance that is not verified (nothing after it is touched). Beyond the canary wave an
 * item whose TLS token has not been witnessed for its AsyncOS version is refused: a verified
 * push in this rollout (or the tokens file) must have read it back first. Cluster machines share
 * one load: the first of each cluster loads, the others are verified only.
 */
import { finding } from '../findings.js';
import { pushOne, revertOne, stateOf, type PushEnv } from './push.js';
import { stops, type ApplianceResult, type PushItem, type StepRecord } from './push-types.js';
import type { ApplianceSession } from './session.js';
import type { TokensFile } from './tokens.js';
import { isWitnessed, recordTokens } from './tokens.js';
import { transportOutcome } from './push-parts.js';

/** Options of a rollout. */
export interface RolloutOptions {
  /** Appliances of the canary wave (default 1). */
  canary: number;
  /** Appliances of each later wave. */
  wave: number;
}

/** The waves of `n` appliances: indices, canary first. */
export function wavesOf(n: number, o: RolloutOptions): number[][] {
  const out: number[][] = [];
  let at = 0;
  const take = (k: number) => {
    const w: number[] = [];
    for (; w.length < k && at < n; at++) w.push(at);
    if (w.length) out.push(w);
  };
  take(Math.max(1, o.canary));
  while (at < n) take(Math.max(1, o.wave));
  return out;
}

/** Marks the first machine of each cluster `loader`, the others `member` (in order). */
export function assignClusterRoles(items: PushItem[]): void {
  const seen = new Set<string>();
  for (const it of items) {
    const c = it.target.cluster?.name;
    if (!c) continue;
    it.clusterRole = seen.has(c) ? 'member' : 'loader';
    seen.add(c);
  }
}

/** What a rollout needs from its caller. */
export interface RolloutDeps {
  open(item: PushItem): Promise<ApplianceSession>;
  env: Omit<PushEnv, 'requireWitnessed' | 'witnessed'>;
  /** The journal's records of each appliance so far. */
  prior(name: string): readonly StepRecord[];
  /** The tokens known before the rollout (the tokens file, or empty). */
  tokens: TokensFile;
  /** Called as each appliance ends. */
  onResult?(r: ApplianceResult, wave: number): void;
}

/** The result of a rollout. */
export interface RolloutResult {
  results: ApplianceResult[];
  /** The appliance the rollout stopped at, or null when every appliance was verified. */
  stoppedAt: string | null;
  /** The tokens known after it (witnessed ones added). */
  tokens: TokensFile;
  waves: number[][];
}

/** Runs the rollout (or resumes it from the journal). */
export async function runRollout(items: PushItem[], o: RolloutOptions, deps: RolloutDeps): Promise<RolloutResult> {
  assignClusterRoles(items);
  const waves = wavesOf(items.length, o);
  let tokens = deps.tokens;
  // Witnesses of earlier runs of this rollout count: a resumed rollout is the same rollout.
  for (const it of items)
    for (const r of deps.prior(it.name))
      if (r.step === 'verified' && r.token && it.expect.asyncos) tokens = recordTokens(tokens, it.expect.asyncos, 'witnessed', [r.token]);
  const results: ApplianceResult[] = items.map((it) => ({ name: it.name, outcome: 'untouched', loaded: false }));
  let stoppedAt: string | null = null;
  for (let w = 0; w < waves.length && stoppedAt === null; w++) {
    for (const k of waves[w]!) {
      const it = items[k]!;
      const prior = deps.prior(it.name);
      const state = stateOf(prior);
      let r: ApplianceResult;
      // A rollout that stopped at a reverted appliance stays stopped there (the outcome stops it
      // again): retrying is a new rollout, a new decision.
      if (state === 'verified' || state === 'reverted') r = { name: it.name, outcome: state, loaded: true, resumed: true };
      else {
        const env: PushEnv = {
          ...deps.env,
          requireWitnessed: w > 0,
          witnessed: (version, token) => isWitnessed(tokens, version, token),
        };
        r = await withSession(deps, it, (s) => pushOne(it, s, env, prior));
      }
      results[k] = r;
      if (r.outcome === 'verified' && r.token && it.expect.asyncos)
        tokens = recordTokens(tokens, it.expect.asyncos, 'witnessed', [r.token]);
      deps.onResult?.(r, w);
      if (stops(r.outcome)) {
        stoppedAt = it.name;
        break;
      }
    }
  }
  return { results, stoppedAt, tokens, waves };
}

/** Reverts every appliance the journal shows touched, in reverse order. */
export async function runRevert(items: PushItem[], deps: RolloutDeps): Promise<ApplianceResult[]> {
  assignClusterRoles(items);
  const results: ApplianceResult[] = items.map((it) => ({ name: it.name, outcome: 'untouched', loaded: false }));
  const env: PushEnv = { ...deps.env, requireWitnessed: false, witnessed: () => true };
  for (let k = items.length - 1; k >= 0; k--) {
    const it = items[k]!;
    const prior = deps.prior(it.name);
    const state = stateOf(prior);
    if (state === 'fresh' || state === 'failed') continue;
    if (state === 'reverted') {
      results[k] = { name: it.name, outcome: 'reverted', loaded: true, resumed: true };
      continue;
    }
    results[k] = await withSession(deps, it, (s) => revertOne(it, s, env, prior));
    deps.onResult?.(results[k]!, 0);
  }
  return results;
}

async function withSession(
  deps: RolloutDeps,
  it: PushItem,
  f: (s: ApplianceSession) => Promise<ApplianceResult>,
): Promise<ApplianceResult> {
  let s: ApplianceSession;
  try {
    s = await deps.open(it);
  } catch (e) {
    const f0 = finding('push-connection', 'error', {
      appliance: it.name,
      command: 'ssh',
      outcome: transportOutcome(e),
    });
    deps.env.record({ appliance: it.name, step: 'failed', finding: f0 });
    return { name: it.name, outcome: stateOf(deps.prior(it.name)) === 'fresh' ? 'failed' : 'interrupted', finding: f0, loaded: false };
  }
  try {
    return await f(s);
  } finally {
    await s.close().catch(() => {});
  }
}
