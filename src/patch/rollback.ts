/**
 * Rollback: undo a patch with its artefact. On the exact file apply wrote, the inverted edits
 * restore the input byte for byte. On a later export of the same appliance, undo by meaning:
 * check that what the patch left is still as it left it, and refuse, naming the object, where
 * it was changed since.
 */
import { findPolicy, paramValue, parseHat, type Hat } from '../esa/hat.js';
import { parseSender } from '../net/sender.js';
import { applyEdits, invertEdits, sortEdits, type TextEdit } from '../xml/edits.js';
import { toRawEdits } from '../xml/text.js';
import { sha256, type PatchArtefact } from './artefact.js';
import type { Finding } from './findings.js';
import { LoweringError, lowerListener } from './lower.js';
import { describeOperation, reverseOperations, type Operation } from './operations.js';
import { loadExport } from './patch.js';

/** Result of {@link rollbackExport}. */
export interface RollbackResult {
  outcome: 'unchanged' | 'patched' | 'refused' | 'error';
  /** `exact`: the file apply wrote; `meaning`: a later export; `none`: nothing to undo. */
  mode: 'exact' | 'meaning' | 'none';
  operations: Operation[];
  edits: TextEdit[];
  output: string;
  findings: Finding[];
}

function refusal(op: Operation, message: string): Finding {
  return { code: 'rollback-conflict', severity: 'error', listener: op.listener, message: `listener ${op.listener}: cannot ${describeOperation(op)}: ${message}. Undo this part by hand, or roll back from the exact file apply wrote` };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const x = a.map((s) => s.toLowerCase()).sort();
  const y = b.map((s) => s.toLowerCase()).sort();
  return x.length === y.length && x.every((v, k) => v === y[k]);
}

/** Checks that an undo operation still fits the HAT. Returns a problem or null. */
function precondition(hat: Hat, op: Operation, all: readonly Operation[]): string | null {
  const group = (name: string) => hat.entries.find((e) => e.kind === 'group' && e.name === name);
  switch (op.op) {
    case 'remove-policy': {
      const p = findPolicy(hat, op.policy);
      if (!p) return `mail flow policy $${op.policy} is no longer there`;
      if (p.behaviour?.keyword !== op.behaviour) return `$${op.policy} now has behaviour ${p.behaviour?.keyword ?? '(none)'}`;
      for (const [k, v] of Object.entries(op.params)) {
        if ((paramValue(p.behaviour, k) ?? '').toLowerCase() !== v.toLowerCase()) return `$${op.policy} now has ${k} = ${paramValue(p.behaviour, k) ?? '(inherited)'}`;
      }
      const removed = new Set(all.filter((o) => o.op === 'remove-sender-group').map((o) => (o as { group: string }).group));
      const users = hat.entries.filter((e) => e.policy?.kind === 'named' && e.policy.name === op.policy && !removed.has(e.name)).map((e) => e.name);
      if (users.length) return `$${op.policy} is now used by ${users.join(', ')}`;
      return null;
    }
    case 'remove-sender-group': {
      const g = group(op.group);
      if (!g) return `sender group ${op.group} is no longer there`;
      if (!sameSet(g.members.map((m) => m.text), op.senders)) return `sender group ${op.group} now holds ${g.members.map((m) => m.text).join(', ') || 'no sender'}`;
      if (!(g.policy?.kind === 'named' && g.policy.name === op.policy)) return `sender group ${op.group} is no longer bound to $${op.policy}`;
      return null;
    }
    case 'remove-senders': {
      const g = group(op.group);
      if (!g) return `sender group ${op.group} is no longer there`;
      const missing = op.senders.filter((s) => !g.members.some((m) => m.text.toLowerCase() === s.toLowerCase()));
      return missing.length ? `sender group ${op.group} no longer holds ${missing.join(', ')}` : null;
    }
    case 'move-sender-group': {
      const g = group(op.group);
      if (!g) return `sender group ${op.group} is no longer there`;
      const at = hat.entries.indexOf(g);
      return at !== op.from ? `sender group ${op.group} is now at order ${at + 1}, not ${op.from + 1}` : null;
    }
    case 'set-policy-param': {
      const p = findPolicy(hat, op.policy);
      if (!p) return `mail flow policy $${op.policy} is no longer there`;
      const now = paramValue(p.behaviour, op.param) ?? null;
      return (now ?? '').toLowerCase() !== (op.from ?? '').toLowerCase() ? `${op.param} of $${op.policy} is now ${now === null ? '(inherited)' : `"${now}"`}` : null;
    }
    case 'set-group-policy': {
      const g = group(op.group);
      if (!g) return `sender group ${op.group} is no longer there`;
      const now = g.policy?.kind === 'named' ? `$${g.policy.name}` : g.policy ? 'a behaviour of its own' : '(none)';
      return now !== op.from ? `sender group ${op.group} is now bound to ${now}` : null;
    }
    case 'add-policy':
      return findPolicy(hat, op.policy) ? `mail flow policy $${op.policy} already exists` : null;
    case 'add-sender-group':
      return group(op.group) ? `sender group ${op.group} already exists` : null;
    case 'add-senders': {
      const g = group(op.group);
      if (!g) return `sender group ${op.group} is no longer there`;
      const members = g.members.map((m) => m.sender);
      return op.senders.some((s) => members.some((m) => m.kind === parseSender(s).kind && m.text.toLowerCase() === s.toLowerCase())) ? `sender group ${op.group} already holds some of them` : null;
    }
  }
}

/** Undoes the patch described by `artefact` on `text` (the patched file, or a later export). */
export function rollbackExport(text: string, artefact: PatchArtefact): RollbackResult {
  const result: RollbackResult = { outcome: 'unchanged', mode: 'none', operations: [], edits: [], output: text, findings: [] };
  const digest = sha256(text);
  if (digest === artefact.input.sha256 || artefact.operations.length === 0) {
    result.findings.push({ code: 'nothing-to-undo', severity: 'info', message: digest === artefact.input.sha256 ? 'the file is already the input the patch was made from' : 'the patch changed nothing' });
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
      result.outcome = 'error';
      result.findings.push({ code: 'artefact-corrupt', severity: 'error', message: 'the file matches the artefact\'s output checksum but its edits do not restore the input checksum: the artefact was altered' });
      return result;
    }
    return { ...result, outcome: edits.length ? 'patched' : 'unchanged', mode: 'exact', operations: reverseOperations(artefact.operations), edits, output };
  }
  const loaded = loadExport(text);
  if ('finding' in loaded) return { ...result, outcome: 'error', findings: [loaded.finding] };
  const exp = loaded.export;
  result.mode = 'meaning';
  const undo = reverseOperations(artefact.operations);
  const byListener = new Map<string, Operation[]>();
  for (const op of undo) byListener.set(op.listener, [...(byListener.get(op.listener) ?? []), op]);
  const edits: TextEdit[] = [];
  for (const [name, ops] of byListener) {
    const l = exp.listeners.find((x) => x.name === name);
    if (!l || !l.hat || !l.hatText) {
      return { ...result, outcome: 'refused', findings: [{ code: 'rollback-conflict', severity: 'error', listener: name, message: `listener ${name} ${l ? 'has no <hat>' : 'is not in this export'}: the patch cannot be undone here` }] };
    }
    for (const op of ops) {
      const problem = precondition(l.hat, op, ops);
      if (problem) return { ...result, outcome: 'refused', findings: [refusal(op, problem)] };
    }
    try {
      const hatEdits = lowerListener(l.hat, ops);
      const after = parseHat(applyEdits(l.hatText.text, hatEdits));
      if (after.problems.some((p) => p.severity === 'error')) throw new LoweringError('the result would not parse', name);
      edits.push(...toRawEdits(text, l.hatText, hatEdits));
    } catch (e) {
      if (!(e instanceof LoweringError)) throw e;
      return { ...result, outcome: 'refused', findings: [{ code: 'rollback-conflict', severity: 'error', listener: name, message: `listener ${name}: ${e.message}` }] };
    }
  }
  const sorted = sortEdits(edits);
  const output = applyEdits(text, sorted);
  if ('finding' in loadExport(output)) {
    return { ...result, outcome: 'error', findings: [{ code: 'internal-check', severity: 'error', message: 'the rolled-back file would not re-parse; nothing was written' }] };
  }
  return { ...result, outcome: sorted.length ? 'patched' : 'unchanged', operations: undo, edits: sorted, output };
}
