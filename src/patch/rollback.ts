/**
 * Rollback: undo a patch with its artefact. On the exact file apply wrote, the inverted edits
 * restore the input byte for byte. On a later export of the same appliance, undo by meaning,
 * exactly or not at all: every listener is found by its path (by name for artefacts of 0.1.0),
 * what the patch left must still be as it left it, every name the undo relies on must stand
 * for one entry, and the result must be the HAT with exactly the undo operations applied.
 */
import { findingAt, readExport, type Listener } from '../esa/export.js';
import { findPolicy, parseHat, type Hat } from '../esa/hat.js';
import { finding, type Finding } from '../findings.js';
import { parseSender } from '../net/sender.js';
import { applyEdits, invertEdits, sortEdits, type TextEdit } from '../xml/edits.js';
import { sha256, type ArtefactOperation, type PatchArtefact } from './artefact.js';
import { LoweringError, lowerListener } from './lower.js';
import { describeOperation, reverseOperations, type HatOperation } from './operations.js';
import { proveByMeaning } from './prove.js';

/** Result of {@link rollbackExport}. */
export interface RollbackResult {
  outcome: 'unchanged' | 'patched' | 'refused' | 'error';
  /** `exact`: the file apply wrote; `meaning`: a later export; `none`: nothing to undo. */
  mode: 'exact' | 'meaning' | 'none';
  operations: ArtefactOperation[];
  edits: TextEdit[];
  /** The restored text (the input when nothing is undone). */
  output: string;
  findings: Finding[];
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const x = a.map((s) => s.toLowerCase()).sort();
  const y = b.map((s) => s.toLowerCase()).sort();
  return x.length === y.length && x.every((v, k) => v === y[k]);
}

/** Checks that an undo operation still fits the HAT. Returns the refusal, or null. */
function precondition(hat: Hat, op: HatOperation, all: readonly HatOperation[], listener: string): Finding | null {
  const group = (name: string) => hat.entries.find((e) => e.kind === 'group' && e.name === name);
  const conflict = (detail: string) => finding('rollback-conflict', 'error', { listener, operation: describeOperation(op), detail });
  switch (op.op) {
    case 'remove-policy': {
      const p = findPolicy(hat, op.policy);
      if (!p) return conflict(`mail flow policy $${op.policy} is no longer there`);
      if (p.behaviour?.keyword !== op.behaviour) return conflict(`$${op.policy} now has behaviour ${p.behaviour?.keyword ?? '(none)'}`);
      const now = new Map((p.behaviour?.params ?? []).map((x) => [x.key, x.value]));
      for (const [k, v] of Object.entries(op.params)) {
        const value = now.get(k) ?? null;
        if ((value ?? '').toLowerCase() !== v.toLowerCase()) return finding('rollback-tuned', 'error', { listener, policy: op.policy, param: k, was: v, now: value });
      }
      for (const [k, v] of now) if (!(k in op.params)) return finding('rollback-tuned', 'error', { listener, policy: op.policy, param: k, was: null, now: v });
      const removed = new Set(all.filter((o) => o.op === 'remove-sender-group').map((o) => (o as { group: string }).group));
      const users = hat.entries.filter((e) => e.policy?.kind === 'named' && e.policy.name === op.policy && !removed.has(e.name)).map((e) => e.name);
      return users.length ? conflict(`$${op.policy} is now used by ${users.join(', ')}`) : null;
    }
    case 'remove-sender-group': {
      const g = group(op.group);
      if (!g) return conflict(`sender group ${op.group} is no longer there`);
      if (!sameSet(g.members.map((m) => m.text), op.senders)) return conflict(`sender group ${op.group} now holds ${g.members.map((m) => m.text).join(', ') || 'no sender'}`);
      if (!(g.policy?.kind === 'named' && g.policy.name === op.policy)) return conflict(`sender group ${op.group} is no longer bound to $${op.policy}`);
      return null;
    }
    case 'remove-senders': {
      const g = group(op.group);
      if (!g) return conflict(`sender group ${op.group} is no longer there`);
      const missing = op.senders.filter((s) => !g.members.some((m) => m.text.toLowerCase() === s.toLowerCase()));
      return missing.length ? conflict(`sender group ${op.group} no longer holds ${missing.join(', ')}`) : null;
    }
    case 'move-sender-group': {
      const g = group(op.group);
      if (!g) return conflict(`sender group ${op.group} is no longer there`);
      const at = hat.entries.indexOf(g);
      return at !== op.from ? conflict(`sender group ${op.group} is now at order ${at + 1}, not ${op.from + 1}`) : null;
    }
    case 'set-policy-param': {
      const p = findPolicy(hat, op.policy);
      if (!p) return conflict(`mail flow policy $${op.policy} is no longer there`);
      const value = p.behaviour?.params.filter((x) => x.key === op.param).pop()?.value ?? null;
      return (value ?? '').toLowerCase() !== (op.from ?? '').toLowerCase() ? conflict(`${op.param} of $${op.policy} is now ${value === null ? '(inherited)' : `"${value}"`}`) : null;
    }
    case 'set-group-policy': {
      const g = group(op.group);
      if (!g) return conflict(`sender group ${op.group} is no longer there`);
      const now = g.policy?.kind === 'named' ? `$${g.policy.name}` : g.policy ? 'a behaviour of its own' : '(none)';
      return now !== op.from ? conflict(`sender group ${op.group} is now bound to ${now}`) : null;
    }
    case 'add-policy':
      return findPolicy(hat, op.policy) ? conflict(`mail flow policy $${op.policy} already exists`) : null;
    case 'add-sender-group':
      return group(op.group) ? conflict(`sender group ${op.group} already exists`) : null;
    case 'add-senders': {
      const g = group(op.group);
      if (!g) return conflict(`sender group ${op.group} is no longer there`);
      const members = g.members.map((m) => m.sender);
      return op.senders.some((s) => members.some((m) => m.kind === parseSender(s).kind && m.text.toLowerCase() === s.toLowerCase()))
        ? conflict(`sender group ${op.group} already holds some of them`)
        : null;
    }
  }
}

/** Names the undo operations rely on. */
function namesOf(op: HatOperation): { entries: string[]; policies: string[] } {
  switch (op.op) {
    case 'add-policy':
    case 'remove-policy':
    case 'set-policy-param':
      return { entries: [], policies: [op.policy] };
    case 'add-sender-group':
    case 'remove-sender-group':
      return { entries: [op.group, ...(op.before === null ? [] : [op.before])], policies: [op.policy] };
    case 'move-sender-group':
      return { entries: [op.group, ...[op.fromBefore, op.toBefore].filter((x): x is string => x !== null)], policies: [] };
    default:
      return { entries: [op.group], policies: [] };
  }
}

/** A name the undo cannot place unambiguously in this HAT, or null. */
function ambiguity(hat: Hat, ops: readonly HatOperation[], listener: string): Finding | null {
  const all = hat.entries.find((e) => e.kind === 'group' && e.name.toUpperCase() === 'ALL');
  if (all) return finding('rollback-ambiguous', 'error', { listener, name: `${all.name}:`, reason: 'group-named-all' });
  const count = (xs: string[], name: string) => xs.filter((x) => x.toLowerCase() === name.toLowerCase()).length;
  const entryNames = hat.entries.map((e) => e.name);
  const policyNames = hat.policies.map((p) => p.name);
  for (const op of ops) {
    const names = namesOf(op);
    for (const n of names.entries) if (count(entryNames, n) > 1) return finding('rollback-ambiguous', 'error', { listener, name: n, reason: 'repeated-name' });
    for (const n of names.policies) if (count(policyNames, n) > 1) return finding('rollback-ambiguous', 'error', { listener, name: `$${n}`, reason: 'repeated-name' });
  }
  return null;
}

/** The listener an artefact's operation names: by path, else (0.1.0) by name when unique. */
function findListener(listeners: readonly Listener[], op: ArtefactOperation): Listener | Finding {
  if (op.listenerPath !== undefined) {
    return listeners.find((l) => l.path === op.listenerPath) ?? finding('rollback-listener-missing', 'error', { listener: op.listener, path: op.listenerPath });
  }
  const named = listeners.filter((l) => l.name === op.listener);
  if (named.length > 1) return finding('rollback-ambiguous', 'error', { listener: op.listener, name: op.listener, reason: 'repeated-name' });
  return named[0] ?? finding('rollback-listener-missing', 'error', { listener: op.listener, path: '(unknown)' });
}

/** Undoes the patch described by `artefact` on `text` (the patched file, or a later export). */
export function rollbackExport(text: string, artefact: PatchArtefact): RollbackResult {
  const result: RollbackResult = { outcome: 'unchanged', mode: 'none', operations: [], edits: [], output: text, findings: [] };
  const refuse = (f: Finding, outcome: 'refused' | 'error' = 'refused'): RollbackResult => ({ ...result, outcome, operations: [], edits: [], output: text, findings: [...result.findings, f] });
  const digest = sha256(text);
  if (digest === artefact.input.sha256 || artefact.operations.length === 0) {
    result.findings.push(finding('nothing-to-undo', 'info', { reason: digest === artefact.input.sha256 ? 'already-input' : 'empty-patch' }));
    return result;
  }
  if (digest === artefact.output.sha256) {
    const edits = invertEdits(artefact.edits);
    let output: string;
    try {
      output = applyEdits(text, edits);
    } catch {
      output = '';
    }
    if (sha256(output) !== artefact.input.sha256) {
      return refuse(finding('artefact-corrupt', 'error', { detail: "the file matches the artefact's output checksum but its edits do not restore the input checksum" }), 'error');
    }
    result.findings.push(finding('rollback-exact', 'info', {}));
    return { ...result, outcome: edits.length ? 'patched' : 'unchanged', mode: 'exact', operations: reverseOperations(artefact.operations), edits, output };
  }
  const read = readExport(text);
  if (read.finding) return refuse(read.finding, 'error');
  const exp = read.export;
  result.mode = 'meaning';
  result.findings.push(finding('rollback-meaning', 'info', {}));
  const undo = reverseOperations(artefact.operations);
  const byListener = new Map<Listener, ArtefactOperation[]>();
  for (const op of undo) {
    const l = findListener(exp.listeners, op);
    if ('code' in l) return refuse(l);
    byListener.set(l, [...(byListener.get(l) ?? []), op]);
  }
  const edits: TextEdit[] = [];
  for (const [l, ops] of byListener) {
    const span = { listener: l.name, listenerPath: l.path, path: `${l.path}/hat` };
    const at = (f: Finding) => findingAt(text, exp.doc.elements.start[l.hat?.element ?? l.element]!, { ...f, ...span });
    const source = l.hat;
    if (!source) return refuse(at(finding('rollback-listener-missing', 'error', { listener: l.name, path: l.path })));
    const hat = source.parsed;
    const problem = ambiguity(hat, ops, l.name) ?? ops.map((op) => precondition(hat, op, ops, l.name)).find((f) => f !== null) ?? null;
    if (problem) return refuse(at(problem));
    let hatEdits: TextEdit[];
    try {
      hatEdits = lowerListener(hat, ops);
    } catch (e) {
      if (!(e instanceof LoweringError)) throw e;
      return refuse(at(finding('rollback-conflict', 'error', { listener: l.name, operation: describeOperation(ops[0]!), detail: e.message })));
    }
    const afterText = applyEdits(source.text, hatEdits);
    if (afterText === source.text) return refuse(at(finding('rollback-ambiguous', 'error', { listener: l.name, name: describeOperation(ops[0]!), reason: 'no-effect' })));
    const difference = proveByMeaning(hat, parseHat(afterText), ops);
    if (difference !== null) return refuse(at(finding('internal-check', 'error', { listener: l.name, detail: `the rolled-back HAT differs from the undo by meaning: ${difference}` })), 'error');
    edits.push(...source.toFileEdits(hatEdits));
  }
  const sorted = sortEdits(edits);
  const output = applyEdits(text, sorted);
  if (readExport(output).finding) return refuse(finding('internal-check', 'error', { listener: null, detail: 'the rolled-back file would not re-parse' }), 'error');
  if (output === text) return refuse(finding('rollback-ambiguous', 'error', { listener: artefact.operations[0]!.listener, name: 'the patch', reason: 'no-effect' }));
  return { ...result, outcome: 'patched', operations: undo, edits: sorted, output };
}
