/**
 * Operations applied to the semantic model (pure data): what the HAT must mean after them.
 * The prover compares this with the model read back from the lowered text.
 */
import { parseSender } from '../net/sender.js';
import { paramValue, type HatEntry, type HatModel, type Param, type PolicyRef } from './model.js';
import { describeOperation, type HatOperation, type PolicyTarget } from './operations.js';
import { finding, Refused } from '../findings.js';

/**
 * The operation and reason of the refusal {@link applyOperations} throws for an operation that
 * does not apply to the model (a missing group, a `from` that does not match); null for any
 * other error.
 */
export function notApplied(e: unknown): { operation: string; reason: string } | null {
  if (!(e instanceof Refused) || e.finding.code !== 'internal-check' || e.finding.args.operation === undefined) return null;
  return { operation: e.finding.args.operation, reason: e.finding.args.detail };
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

/** The model after `ops`, in order. Throws a {@link Refused} `internal-check` (see {@link notApplied}). Does not modify `model`. */
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
  const fail = (reason: string): never => {
    throw new Refused(finding('internal-check', 'error', { listener: null, detail: reason, operation: describeOperation(op) }));
  };
  const policyIndex = (name: string) => m.policies.findIndex((p) => p.name === name);
  const entryIndex = (name: string) => m.entries.findIndex((e) => e.name === name);
  const nameAt = (i: number) => m.entries[i]?.name ?? null;
  // A HAT that names an undefined policy is one the appliance does not load.
  const defined = (t: PolicyTarget) => t.kind === 'own' || policyIndex(t.name) >= 0 || fail(`policy $${t.name} is not defined`);
  switch (op.op) {
    case 'add-policy': {
      if (m.policies.some((p) => sameText(p.name, op.policy))) fail(`policy $${op.policy} exists`);
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
      if (i < 0) return fail(`no policy $${op.policy}`);
      const p = m.policies[i]!;
      if (p.behaviour !== op.behaviour || !sameParams(p.params, op.params)) fail(`policy $${op.policy} is not what was recorded`);
      const user = m.entries.find((e) => e.policy?.kind === 'named' && e.policy.name === op.policy);
      if (user) fail(`policy $${op.policy} is still used by ${user.name}`);
      m.policies.splice(i, 1);
      return;
    }
    case 'set-policy-param': {
      const p = m.policies[policyIndex(op.policy)] ?? fail(`no policy $${op.policy}`);
      const now = paramValue(p.params, op.param) ?? null;
      if (now !== op.from) fail(`${op.param} of $${op.policy} is ${now ?? '(absent)'}, not ${op.from ?? '(absent)'}`);
      if (op.to === null) p.params = p.params.filter(([k]) => k !== op.param);
      else if (now !== null) p.params = p.params.map(([k, v]) => [k, k === op.param ? op.to! : v]);
      else p.params.push([op.param, op.to]);
      return;
    }
    case 'add-sender-group': {
      if (m.entries.some((e) => e.kind !== 'inline' && sameText(e.name, op.group))) fail(`sender group ${op.group} exists`);
      if (op.position < 0 || op.position > m.entries.length || nameAt(op.position) !== op.before)
        fail(`position ${op.position} is not before ${op.before ?? 'the end'}`);
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
      if (i < 0 || m.entries[i]!.kind !== 'group') return fail(`no sender group ${op.group}`);
      if (i !== op.position || nameAt(i + 1) !== op.before) fail(`sender group ${op.group} is not at position ${op.position}`);
      m.entries.splice(i, 1);
      return;
    }
    case 'move-sender-group': {
      const i = entryIndex(op.group);
      if (i !== op.from || nameAt(i + 1) !== op.fromBefore) fail(`sender group ${op.group} is not at position ${op.from}`);
      const [e] = m.entries.splice(i, 1);
      if (op.to < 0 || op.to > m.entries.length || nameAt(op.to) !== op.toBefore)
        fail(`position ${op.to} is not before ${op.toBefore ?? 'the end'}`);
      m.entries.splice(op.to, 0, e!);
      return;
    }
    case 'add-senders': {
      const e = m.entries[entryIndex(op.group)] ?? fail(`no sender group ${op.group}`);
      for (const text of op.senders) {
        if (e.members.some((x) => sameText(x.text, text))) fail(`${op.group} already holds ${text}`);
        e.members.push({ text, sender: parseSender(text), line: -1 });
      }
      return;
    }
    case 'remove-senders': {
      const e = m.entries[entryIndex(op.group)] ?? fail(`no sender group ${op.group}`);
      for (const text of op.senders) {
        const i = e.members.findIndex((x) => sameText(x.text, text));
        if (i < 0) fail(`${op.group} does not hold ${text}`);
        e.members.splice(i, 1);
      }
      return;
    }
    case 'set-group-policy': {
      const e = m.entries[entryIndex(op.group)] ?? fail(`no entry ${op.group}`);
      if (!e.policy || !sameTarget(targetOf(e.policy), op.from)) fail(`${op.group} is not bound to what was recorded`);
      defined(op.to);
      e.policy = refOf(op.to, e.policy!.comment);
      return;
    }
  }
}
