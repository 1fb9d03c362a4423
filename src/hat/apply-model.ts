/**
 * Operations applied to the semantic model (pure data): what the HAT must mean after them.
 * The prover compares this with the model read back from the lowered text.
 */
import { parseSender } from '../net/sender.js';
import { paramValue, type HatEntry, type HatModel, type Param, type PolicyRef } from './model.js';
import { describeOperation, type HatOperation, type PolicyTarget } from './operations.js';
import { finding, Refused, type ApplyProblem, type FindingOf, type ProblemAbout } from '../findings.js';

/** The `operation-not-applicable` finding of the refusal {@link applyOperations} throws; null for any other error. */
export function notApplied(e: unknown): FindingOf<'operation-not-applicable'> | null {
  return e instanceof Refused && e.finding.code === 'operation-not-applicable' ? e.finding : null;
}

/** An entry's policy as an operation names it. */
export function targetOf(ref: PolicyRef): PolicyTarget {
  return ref.kind === 'named'
    ? { kind: 'named', name: ref.name }
    : { kind: 'own', behaviour: ref.behaviour, params: ref.params.map(([k, v]) => [k, v]) };
}

/** Do two targets mean the same? (Parameter order does not matter; names compare exactly.) */
export function sameTarget(a: PolicyTarget, b: PolicyTarget): boolean {
  if (a.kind === 'named') return b.kind === 'named' && a.name === b.name;
  return b.kind === 'own' && a.behaviour === b.behaviour && sameParams(a.params, b.params);
}

/** Same parameters by meaning: the last value of each key, whatever the order. */
export function sameParams(a: readonly Param[], b: readonly Param[]): boolean {
  const ma = new Map(a);
  const mb = new Map(b);
  return ma.size === mb.size && [...ma].every(([k, v]) => mb.get(k) === v);
}

function refOf(t: PolicyTarget, comment: string | null): PolicyRef {
  return t.kind === 'named'
    ? { kind: 'named', name: t.name, comment, line: -1 }
    : {
        kind: 'own',
        behaviour: t.behaviour,
        params: t.params.map(([k, v]) => [k, v] as Param),
        spelling: t.params.length ? 'multiline' : 'bare',
        line: -1,
        lastLine: -1,
        comment,
      };
}

const sameText = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The model after `ops`, in order. Throws a {@link Refused} `operation-not-applicable` (see {@link notApplied}). Does not modify `model`. */
export function applyOperations(model: HatModel, ops: readonly HatOperation[]): HatModel {
  // Copy what operations change (lists, parameters); members and lines are never changed in place.
  const m: HatModel = {
    policies: model.policies.map((p) => ({ ...p, params: p.params.map(([k, v]): Param => [k, v]) })),
    entries: model.entries.map((e) => ({ ...e, members: [...e.members] })),
    unknown: [...model.unknown],
    problems: [...model.problems],
  };
  for (const op of ops) applyOne(m, op);
  return m;
}

function applyOne(m: HatModel, op: HatOperation): void {
  const fail = (problem: ApplyProblem, about: Partial<ProblemAbout> = {}): never => {
    const args = { name: null, param: null, value: null, expected: null, ...about };
    throw new Refused(finding('operation-not-applicable', 'error', { operation: describeOperation(op), problem, ...args }));
  };
  const policyIndex = (name: string) => m.policies.findIndex((p) => p.name === name);
  const entryIndex = (name: string) => m.entries.findIndex((e) => e.name === name);
  const nameAt = (i: number) => m.entries[i]?.name ?? null;
  // A HAT that names an undefined policy is one the appliance does not load.
  const defined = (t: PolicyTarget) => t.kind === 'own' || policyIndex(t.name) >= 0 || fail('undefined-policy', { name: t.name });
  switch (op.op) {
    case 'add-policy': {
      if (m.policies.some((p) => sameText(p.name, op.policy))) fail('policy-exists', { name: op.policy });
      m.policies.push({
        name: op.policy,
        behaviour: op.behaviour,
        params: op.params.map(([k, v]) => [k, v]),
        spelling: op.params.length ? 'multiline' : 'bare',
        line: -1,
        lastLine: -1,
        comment: null,
        headLine: -1,
      });
      return;
    }
    case 'remove-policy': {
      const i = policyIndex(op.policy);
      if (i < 0) return fail('no-policy', { name: op.policy });
      const p = m.policies[i]!;
      if (p.behaviour !== op.behaviour || !sameParams(p.params, op.params)) fail('policy-differs', { name: op.policy });
      const user = m.entries.find((e) => e.policy?.kind === 'named' && e.policy.name === op.policy);
      if (user) fail('policy-in-use', { name: op.policy, value: user.name });
      m.policies.splice(i, 1);
      return;
    }
    case 'set-policy-param': {
      const p = m.policies[policyIndex(op.policy)] ?? fail('no-policy', { name: op.policy });
      const now = paramValue(p.params, op.param) ?? null;
      if (now !== op.from) fail('param-differs', { name: op.policy, param: op.param, value: now, expected: op.from });
      if (op.to === null) p.params = p.params.filter(([k]) => k !== op.param);
      else if (now !== null) p.params = p.params.map(([k, v]) => [k, k === op.param ? op.to! : v]);
      else p.params.push([op.param, op.to]);
      return;
    }
    case 'add-sender-group': {
      if (m.entries.some((e) => e.kind !== 'inline' && sameText(e.name, op.group))) fail('group-exists', { name: op.group });
      if (op.position < 0 || op.position > m.entries.length || nameAt(op.position) !== op.before)
        fail('position-mismatch', { value: String(op.position), expected: op.before });
      defined(op.policy);
      const entry: HatEntry = {
        kind: 'group',
        name: op.group,
        members: op.senders.map((text) => ({ text, sender: parseSender(text), line: -1 })),
        policy: refOf(op.policy, op.comment === '' ? null : op.comment),
        line: -1,
        lastLine: -1,
      };
      m.entries.splice(op.position, 0, entry);
      return;
    }
    case 'remove-sender-group': {
      const i = entryIndex(op.group);
      if (i < 0 || m.entries[i]!.kind !== 'group') return fail('no-group', { name: op.group });
      if (i !== op.position || nameAt(i + 1) !== op.before) fail('not-at-position', { name: op.group, value: String(op.position) });
      m.entries.splice(i, 1);
      return;
    }
    case 'move-sender-group': {
      const i = entryIndex(op.group);
      if (i !== op.from || nameAt(i + 1) !== op.fromBefore) fail('not-at-position', { name: op.group, value: String(op.from) });
      const [e] = m.entries.splice(i, 1);
      if (op.to < 0 || op.to > m.entries.length || nameAt(op.to) !== op.toBefore)
        fail('position-mismatch', { value: String(op.to), expected: op.toBefore });
      m.entries.splice(op.to, 0, e!);
      return;
    }
    case 'add-senders': {
      const e = m.entries[entryIndex(op.group)] ?? fail('no-group', { name: op.group });
      for (const text of op.senders) {
        if (e.members.some((x) => sameText(x.text, text))) fail('member-present', { name: op.group, value: text });
        e.members.push({ text, sender: parseSender(text), line: -1 });
      }
      return;
    }
    case 'remove-senders': {
      const e = m.entries[entryIndex(op.group)] ?? fail('no-group', { name: op.group });
      for (const text of op.senders) {
        const i = e.members.findIndex((x) => sameText(x.text, text));
        if (i < 0) fail('member-absent', { name: op.group, value: text });
        e.members.splice(i, 1);
      }
      return;
    }
    case 'set-group-policy': {
      const e = m.entries[entryIndex(op.group)] ?? fail('no-entry', { name: op.group });
      if (!e.policy || !sameTarget(targetOf(e.policy), op.from)) fail('binding-differs', { name: op.group });
      defined(op.to);
      e.policy = refOf(op.to, e.policy!.comment);
      return;
    }
  }
}
