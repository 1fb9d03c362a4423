/**
 * Proof by meaning (issue 8.4), on the line parser's model until the HAT language's
 * `proveOperations` lands: the model of the HAT after the edits must be the model before with
 * the planned operations applied, and nothing else (no parameter lost or changed, no entry
 * moved, no member lost, no unknown line dropped).
 */
import { type Hat, type HatEntry } from '../esa/hat.js';
import { describeRef } from './plan.js';
import type { HatOperation } from './operations.js';

interface PolicyModel {
  name: string;
  behaviour: string | null;
  params: [string, string][];
}

interface EntryModel {
  kind: string;
  name: string;
  members: string[];
  policy: string;
}

/** The meaning of a HAT, as far as the line parser reads it. */
export interface HatModel {
  policies: PolicyModel[];
  entries: EntryModel[];
}

function refText(hat: Hat, e: HatEntry): string {
  if (e.policy?.kind === 'named') return `$${e.policy.name}`;
  // A behaviour of the entry's own: its keyword and parameters, spacing aside.
  return describeRef(hat, e.policy).replace(/\s+/g, ' ').trim();
}

/** The model of a parsed HAT. */
export function hatModel(hat: Hat): HatModel {
  return {
    policies: hat.policies.map((p) => ({
      name: p.name,
      behaviour: p.behaviour?.keyword ?? null,
      params: (p.behaviour?.params ?? []).map((x): [string, string] => [x.key, x.value]),
    })),
    entries: hat.entries.map((e) => ({ kind: e.kind, name: e.name, members: e.members.map((m) => m.text), policy: refText(hat, e) })),
  };
}

function applyOne(m: HatModel, op: HatOperation): string | null {
  const group = (name: string) => m.entries.find((e) => e.kind === 'group' && e.name === name);
  switch (op.op) {
    case 'add-policy':
      m.policies.push({ name: op.policy, behaviour: op.behaviour, params: Object.entries(op.params) });
      return null;
    case 'remove-policy': {
      const k = m.policies.findIndex((p) => p.name === op.policy);
      if (k < 0) return `$${op.policy} is not there to remove`;
      m.policies.splice(k, 1);
      return null;
    }
    case 'add-sender-group': {
      const at = op.before === null ? m.entries.length : m.entries.findIndex((e) => e.name === op.before);
      if (at < 0) return `entry ${op.before} is not there`;
      m.entries.splice(at, 0, { kind: 'group', name: op.group, members: [...op.senders], policy: `$${op.policy}` });
      return null;
    }
    case 'remove-sender-group': {
      const g = group(op.group);
      if (!g) return `sender group ${op.group} is not there to remove`;
      m.entries.splice(m.entries.indexOf(g), 1);
      return null;
    }
    case 'move-sender-group': {
      const g = group(op.group);
      if (!g) return `sender group ${op.group} is not there to move`;
      m.entries.splice(m.entries.indexOf(g), 1);
      const at = op.toBefore === null ? m.entries.length : m.entries.findIndex((e) => e.name === op.toBefore);
      m.entries.splice(at < 0 ? Math.min(op.to, m.entries.length) : at, 0, g);
      return null;
    }
    case 'add-senders': {
      const g = group(op.group);
      if (!g) return `sender group ${op.group} is not there`;
      g.members.push(...op.senders);
      return null;
    }
    case 'remove-senders': {
      const g = group(op.group);
      if (!g) return `sender group ${op.group} is not there`;
      for (const s of op.senders) {
        const k = g.members.findIndex((x) => x.toLowerCase() === s.toLowerCase());
        if (k < 0) return `sender group ${op.group} does not hold ${s}`;
        g.members.splice(k, 1);
      }
      return null;
    }
    case 'set-policy-param': {
      const p = m.policies.find((x) => x.name === op.policy);
      if (!p) return `$${op.policy} is not there`;
      let last = -1;
      p.params.forEach(([k], i) => {
        if (k === op.param) last = i;
      });
      if (op.to === null) {
        if (last >= 0) p.params.splice(last, 1);
      } else if (last >= 0) p.params[last] = [op.param, op.to];
      else p.params.push([op.param, op.to]);
      return null;
    }
    case 'set-group-policy': {
      const g = group(op.group);
      if (!g) return `sender group ${op.group} is not there`;
      g.policy = op.to.startsWith('$') ? op.to : op.to.replace(/\s+/g, ' ').trim();
      return null;
    }
  }
}

function sameModel(a: HatModel, b: HatModel): string | null {
  const pa = new Map(a.policies.map((p) => [p.name, p]));
  for (const p of b.policies) {
    const q = pa.get(p.name);
    if (!q) return `policy $${p.name} appears`;
    if (q.behaviour !== p.behaviour) return `the behaviour of $${p.name} changes from ${q.behaviour} to ${p.behaviour}`;
    const x = JSON.stringify(q.params);
    const y = JSON.stringify(p.params);
    if (x !== y) return `the parameters of $${p.name} change from ${x} to ${y}`;
    pa.delete(p.name);
  }
  for (const name of pa.keys()) return `policy $${name} disappears`;
  if (a.entries.length !== b.entries.length) return `the HAT has ${b.entries.length} entries instead of ${a.entries.length}`;
  for (let k = 0; k < a.entries.length; k++) {
    const x = a.entries[k]!;
    const y = b.entries[k]!;
    if (x.kind !== y.kind || x.name !== y.name) return `entry ${k + 1} is ${y.name} instead of ${x.name}`;
    if (JSON.stringify(x.members) !== JSON.stringify(y.members)) return `the senders of ${x.name} are ${y.members.join(', ')} instead of ${x.members.join(', ')}`;
    if (x.policy !== y.policy) return `${x.name} uses ${y.policy} instead of ${x.policy}`;
  }
  return null;
}

/**
 * The difference between `after` and `before` with `ops` applied, described, or null when
 * there is none: the edits did exactly the operations, and nothing else.
 */
export function proveByMeaning(before: Hat, after: Hat, ops: readonly HatOperation[]): string | null {
  const expected = hatModel(before);
  for (const op of ops) {
    const problem = applyOne(expected, op);
    if (problem) return problem;
  }
  if (after.problems.length !== before.problems.length && after.problems.some((p) => p.severity === 'error')) return 'the result has a HAT that does not parse';
  return sameModel(expected, hatModel(after));
}
