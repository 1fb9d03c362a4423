/**
 * The planner of one listener's HAT for one sender-group goal and its policy goal: emits only
 * the operations still needed (the group at its position, covering every sender, bound to a
 * policy with the goal's behaviour and parameters). Compliance is judged by meaning, not text.
 * Stands in for the recipe planner of `src/recipes` until it lands.
 */
import { findPolicy, paramValue, resolveBehaviour, type Hat, type HatEntry, type HatPolicyRef } from '../esa/hat.js';
import { finding } from '../findings.js';
import { coveredBy, overlaps, parseSender } from '../net/sender.js';
import type { GroupGoal, PolicyGoal } from '../recipes/recipe.js';
import { hatProblemFinding, type HatLocated } from './hat-findings.js';
import type { HatOperation } from './operations.js';

/** A sender group goal with the policy goal it is bound to. */
export interface Goal {
  group: GroupGoal;
  policy: PolicyGoal;
  /** Overwrite a TLS value the tool does not know. */
  replaceUnknownTls?: boolean;
}

/** The plan for one listener. */
export interface ListenerPlan {
  operations: HatOperation[];
  findings: HatLocated[];
  /** Set when the tool will not resolve a conflict on its own (exit 3). */
  refusal: HatLocated | null;
}

function sameToken(a: string | undefined, b: string): boolean {
  return a !== undefined && a.toLowerCase() === b.toLowerCase();
}

/** Does `entry` satisfy the goal: covers every sender, has the behaviour, every parameter set? */
export function entryCompliant(hat: Hat, entry: HatEntry, goal: Goal): boolean {
  if (entry.kind !== 'group') return false;
  const members = entry.members.map((m) => m.sender);
  if (!goal.group.senders.every((s) => coveredBy(parseSender(s), members))) return false;
  const b = resolveBehaviour(hat, entry);
  return !!b && b.keyword === goal.policy.behaviour && Object.entries(goal.policy.params).every(([k, v]) => sameToken(paramValue(b, k), v));
}

/** Is the HAT already in the goal state (a compliant group at order 1)? */
export function hatCompliant(hat: Hat, goal: Goal): boolean {
  const first = hat.entries[0];
  return !!first && entryCompliant(hat, first, goal);
}

/** How an entry's policy reference reads, for operations and messages. */
export function describeRef(hat: Hat, ref: HatPolicyRef | null): string {
  if (!ref) return '(none)';
  if (ref.kind === 'named') return `$${ref.name}`;
  const b = ref.behaviour;
  return hat.lines
    .slice(b.line, b.lastLine + 1)
    .map((l) => l.body)
    .join('\n');
}

function usesPolicy(entry: HatEntry, policy: string): boolean {
  return entry.policy?.kind === 'named' && entry.policy.name === policy;
}

/** Other entries that also match a sender of the goal: reported, never changed. */
export function overlapFindings(hat: Hat, goal: Goal, listener: string, skip: HatEntry | undefined): HatLocated[] {
  const wanted = goal.group.senders.map(parseSender);
  const out: HatLocated[] = [];
  for (const e of hat.entries) {
    if (e === skip || e.kind === 'all') continue;
    for (const m of e.members) {
      const hit = wanted.find((w) => overlaps(m.sender, w));
      if (!hit) continue;
      const b = resolveBehaviour(hat, e);
      const what = b ? `${describeRef(hat, e.policy).split('\n')[0]} (${b.keyword})` : describeRef(hat, e.policy);
      out.push({
        finding: finding('cres-sender-overlap', 'warning', { listener, entry: e.name, member: m.text, sender: hit.text, policy: what, group: goal.group.name }),
        line: m.line + 1,
      });
    }
  }
  return out;
}

const KNOWN_TLS = ['off'];

/** Plans one goal on one listener's HAT. */
export function planListener(hat: Hat, listener: string, goal: Goal): ListenerPlan {
  const findings: HatLocated[] = [];
  const refuse = (r: HatLocated): ListenerPlan => ({ operations: [], findings, refusal: r });
  const { group: groupGoal, policy: policyGoal } = goal;

  const blocking = hat.problems.find((p) => p.severity === 'error');
  if (blocking) return refuse({ finding: { ...hatProblemFinding(hat, blocking, listener), severity: 'error' }, line: blocking.line });
  if (groupGoal.position !== 'first') {
    return refuse({ finding: finding('cannot-lower', 'error', { listener, detail: `sender group ${groupGoal.name}: only the position "first" is supported` }) });
  }
  const first = hat.entries[0];
  const ours = hat.entries.filter((e) => e.kind === 'group' && e.name === groupGoal.name);
  const compliantFirst = first && entryCompliant(hat, first, goal) ? first : undefined;
  findings.push(...overlapFindings(hat, goal, listener, compliantFirst ?? ours[0]));
  if (compliantFirst) return { operations: [], findings, refusal: null };

  const clash = hat.entries.find((e) => e.kind === 'group' && e.name !== groupGoal.name && e.name.toLowerCase() === groupGoal.name.toLowerCase());
  if (clash) {
    return refuse({ finding: finding('name-collision', 'error', { listener, existing: clash.name, wanted: groupGoal.name, kind: 'group' }), line: clash.firstLine + 1 });
  }
  const group = ours[0];
  if (!group) {
    const word = groupGoal.name.toLowerCase();
    const inline = hat.entries.find((e) => e.kind === 'inline' && e.members.some((m) => m.line === e.firstLine && m.text.toLowerCase() === word));
    if (inline) {
      return refuse({ finding: finding('name-collision', 'error', { listener, existing: inline.name, wanted: groupGoal.name, kind: 'sender' }), line: inline.firstLine + 1 });
    }
  }
  const operations: HatOperation[] = [];
  const policy = findPolicy(hat, policyGoal.name);
  if (!policy) {
    const near = hat.policies.find((p) => p.name.toLowerCase() === policyGoal.name.toLowerCase());
    if (near) {
      return refuse({ finding: finding('name-collision', 'error', { listener, existing: near.name, wanted: policyGoal.name, kind: 'policy' }), line: near.firstLine + 1 });
    }
    operations.push({ op: 'add-policy', policy: policyGoal.name, behaviour: policyGoal.behaviour, params: { ...policyGoal.params } });
  } else {
    const b = policy.behaviour;
    const users = hat.entries.filter((e) => e !== group && usesPolicy(e, policyGoal.name)).map((e) => e.name);
    const at = policy.firstLine + 1;
    if (!b || b.keyword !== policyGoal.behaviour) {
      return refuse({
        finding: finding('policy-conflict', 'error', {
          listener,
          policy: policyGoal.name,
          detail: `it exists with behaviour ${b?.keyword ?? '(none)'}, not ${policyGoal.behaviour}${users.length ? `, and is used by ${users.join(', ')}` : ''}; changing it would change how those senders are treated. Choose another policy name`,
        }),
        line: at,
      });
    }
    for (const [param, wanted] of Object.entries(policyGoal.params)) {
      const current = paramValue(b, param);
      if (sameToken(current, wanted)) continue;
      if (users.length && policyGoal.shared !== 'allow') {
        return refuse({
          finding: finding('policy-conflict', 'error', {
            listener,
            policy: policyGoal.name,
            detail: `it has ${param} = ${current === undefined ? '(inherited)' : `"${current}"`} and is also used by ${users.join(', ')}; setting ${param} = "${wanted}" would change those entries too. Choose another policy name`,
          }),
          line: at,
        });
      }
      if (param === 'tls' && current !== undefined && !KNOWN_TLS.includes(current.toLowerCase()) && !goal.replaceUnknownTls) {
        return refuse({ finding: finding('tls-value-unknown', 'error', { listener, policy: policyGoal.name, current, wanted }), line: at });
      }
      operations.push({ op: 'set-policy-param', policy: policyGoal.name, param, from: current ?? null, to: wanted });
    }
  }
  const head = hat.entries[0];
  if (!group) {
    operations.push({
      op: 'add-sender-group',
      group: groupGoal.name,
      senders: [...groupGoal.senders],
      policy: policyGoal.name,
      comment: groupGoal.comment,
      before: head ? head.name : null,
    });
  } else {
    const index = hat.entries.indexOf(group);
    if (index !== 0) {
      operations.push({
        op: 'move-sender-group',
        group: group.name,
        from: index,
        to: 0,
        fromBefore: hat.entries[index + 1]?.name ?? null,
        toBefore: head!.name,
      });
    }
    const members = group.members.map((m) => m.sender);
    const missing = groupGoal.senders.filter((s) => !coveredBy(parseSender(s), members));
    if (missing.length) operations.push({ op: 'add-senders', group: group.name, senders: missing });
    if (!usesPolicy(group, policyGoal.name)) {
      operations.push({ op: 'set-group-policy', group: group.name, from: describeRef(hat, group.policy), to: `$${policyGoal.name}` });
    }
  }
  return { operations, findings, refusal: null };
}
