/**
 * Rollback: undo a patch with its artefact. On the exact file apply wrote, the inverted edits
 * restore the input byte for byte. On a later export of the same appliance, undo by meaning,
 * exactly or not at all: every listener is found by its path (by name for artefacts of 0.1.0),
 * what the patch left must still be as it left it, every name the undo relies on must stand
 * for one entry, and the result must be the HAT with exactly the undo operations applied.
 */
import { findingAt, isUtf8Export, readExport, unsupportedEncodingOf, type Listener } from '../esa/export.js';
import { describeChange } from '../hat/diff.js';
import { lowerAndProve } from '../hat/lower.js';
import type { HatModel } from '../hat/model.js';
import { finding, NOTHING, ofListener, Refused, type Finding, type RollbackProblem } from '../findings.js';
import { applyEdits, invertEdits, sortEdits, type TextEdit } from '../esa/edits.js';
import { sha256, type ArtefactOperation, type PatchArtefact } from './artefact.js';
import { describeOperation, reverseOnListeners, type HatOperation } from './operations.js';
import { rebaseUndo, type UndoProblem } from './rollback-checks.js';
import { lineIndex } from '../esa/position.js';
import { operationsAsUtf8Bytes } from './artefact-text.js';
import { loadRecipe } from '../recipes/load.js';

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

type Loose = Record<string, unknown>;

/**
 * An operation with the position it needs: artefacts of 0.1.0 recorded none (their shapes are
 * upgraded when the artefact is read), so it is taken from `model`, the HAT being rolled back.
 */
function place(op: ArtefactOperation, model: HatModel): ArtefactOperation {
  if ((op.op !== 'add-sender-group' && op.op !== 'remove-sender-group') || typeof op.position === 'number') return op;
  const removal = op.op === 'remove-sender-group';
  let position = model.entries.findIndex((e) => e.name === (removal ? op.group : op.before));
  if (position < 0) position = model.entries.length;
  return { ...op, position, before: removal ? (model.entries[position + 1]?.name ?? null) : op.before };
}

/** A refusal of the checks before the undo, with the 0-based HAT line it concerns (null: none). */
interface Located {
  finding: Finding;
  line: number | null;
}

/** A name the undo cannot place unambiguously in this HAT, or null: located at its second occurrence. */
function ambiguity(model: HatModel, ops: readonly HatOperation[], listener: string): Located | null {
  const allGroup = model.entries.find((e) => e.kind !== 'all' && e.name.replace(/:$/, '').toUpperCase() === 'ALL');
  const alls = model.entries.filter((e) => e.kind === 'all');
  if (allGroup || alls.length > 1) {
    return {
      finding: finding('rollback-ambiguous', 'error', { listener, name: 'ALL:', reason: 'group-named-all' }),
      line: (allGroup ?? alls[1])!.line,
    };
  }
  // Sender groups are named case-insensitively by the appliance; any entry can be a neighbour.
  const second = <T extends { line: number }>(items: readonly T[], same: (x: T) => boolean): number | null => {
    const hits = items.filter(same);
    return hits.length > 1 ? hits[1]!.line : null;
  };
  const repeated = (name: string, line: number): Located => ({
    finding: finding('rollback-ambiguous', 'error', { listener, name, reason: 'repeated-name' }),
    line,
  });
  const groups = model.entries.filter((e) => e.kind === 'group');
  const policies = model.policies.map((p) => ({ name: p.name, line: p.headLine }));
  for (const op of ops) {
    const o = op as unknown as Loose;
    const group = o['group'];
    if (typeof group === 'string') {
      const line = second(groups, (e) => e.name.toLowerCase() === group.toLowerCase());
      if (line !== null) return repeated(group, line);
    }
    for (const key of ['before', 'fromBefore', 'toBefore']) {
      const n = o[key];
      const line = typeof n === 'string' ? second(model.entries, (e) => e.name === n) : null;
      if (line !== null) return repeated(n as string, line);
    }
    const policy = o['policy'];
    const pname =
      typeof policy === 'string'
        ? policy
        : policy && typeof policy === 'object' && (policy as Loose)['kind'] === 'named'
          ? String((policy as Loose)['name'])
          : null;
    const line = pname === null ? null : second(policies, (p) => p.name.toLowerCase() === pname.toLowerCase());
    if (line !== null) return repeated(`$${pname}`, line);
  }
  return null;
}

/** A sender group the undo removes that holds other senders, or another binding, than the patch gave it. */
function groupChanged(model: HatModel, ops: readonly HatOperation[], listener: string): Located | null {
  for (const op of ops) {
    if (op.op !== 'remove-sender-group') continue;
    const g = model.entries.find((e) => e.kind === 'group' && e.name === op.group);
    if (!g) continue;
    const now = g.members.map((m) => m.text.toLowerCase()).sort();
    const was = op.senders.map((x) => x.toLowerCase()).sort();
    const conflict = (problem: RollbackProblem, value: string | null, line: number) => ({
      finding: finding('rollback-conflict', 'error', {
        listener,
        operation: describeOperation(op),
        problem,
        ...NOTHING,
        name: op.group,
        value,
      }),
      line,
    });
    if (now.length !== was.length || now.some((x, k) => x !== was[k]))
      return conflict('members-changed', g.members.map((m) => m.text).join(', ') || null, g.line);
    const bound = g.policy?.kind === 'named' ? g.policy.name : null;
    if (op.policy.kind !== 'named' || bound !== op.policy.name)
      return conflict(
        'binding-changed',
        op.policy.kind === 'named' ? op.policy.name : null,
        g.policy && g.policy.line >= 0 ? g.policy.line : g.line,
      );
  }
  return null;
}

/** A policy the patch added whose parameters were changed since: the first such parameter, or null. */
function tuned(model: HatModel, ops: readonly HatOperation[], listener: string): Located | null {
  for (const op of ops) {
    if (op.op !== 'remove-policy') continue;
    const p = model.policies.find((x) => x.name === op.policy);
    if (!p) continue;
    const was = new Map(op.params);
    const now = new Map(p.params);
    const at = (f: Finding) => ({ finding: f, line: p.headLine });
    for (const [k, v] of was) {
      const n = now.get(k) ?? null;
      if (n === null || n.toLowerCase() !== v.toLowerCase())
        return at(finding('rollback-tuned', 'error', { listener, policy: op.policy, param: k, was: v, now: n }));
    }
    for (const [k, v] of now)
      if (!was.has(k)) return at(finding('rollback-tuned', 'error', { listener, policy: op.policy, param: k, was: null, now: v }));
  }
  return null;
}

/**
 * The sender groups the patch is about: the recipe's (format 2: its recorded text; format 1:
 * the recipe value, 0.1.0 its `group`) and every group its operations name. Only these may use
 * a policy whose parameters the undo sets back.
 */
function patchGroups(artefact: PatchArtefact, ops: readonly HatOperation[]): Set<string> {
  const names = new Set<string>();
  for (const op of ops) if ('group' in op && typeof op.group === 'string') names.add(op.group);
  const r = artefact.recipe as unknown as Loose;
  const recipe =
    artefact.format === 'esa-patch/2' ? (loadRecipe(artefact.recipe.text.replace(/^\uFEFF/, '')).recipe as unknown as Loose | null) : r;
  const groups = recipe?.['groups'];
  if (Array.isArray(groups))
    for (const g of groups) if (g && typeof (g as Loose)['name'] === 'string') names.add((g as Loose)['name'] as string);
  if (typeof recipe?.['group'] === 'string') names.add(recipe['group'] as string);
  return names;
}

/** The finding of an undo problem; `hatLine` turns a 0-based HAT line into the file's line. */
function undoFinding(p: UndoProblem, listener: string, hatLine: (line: number) => number): Finding {
  if (p.kind === 'conflict')
    return finding('rollback-conflict', 'error', { listener, operation: describeOperation(p.operation), problem: p.problem, ...p.about });
  return finding('rollback-policy-in-use', 'error', {
    listener,
    operation: describeOperation(p.operation),
    policy: p.policy,
    users: p.users.map((u) => u.name),
    lines: p.users.map((u) => String(hatLine(u.line))),
  });
}

/** The listener an artefact's operation names: by path, else (0.1.0) by name when unique. */
function findListener(listeners: readonly Listener[], op: ArtefactOperation): Listener | Finding {
  if (op.listenerPath !== undefined) {
    return (
      listeners.find((l) => l.path === op.listenerPath) ??
      finding('rollback-listener-missing', 'error', { listener: op.listener, path: op.listenerPath })
    );
  }
  const named = listeners.filter((l) => l.name === op.listener);
  if (named.length > 1)
    return finding('rollback-ambiguous', 'error', { listener: op.listener, name: op.listener, reason: 'repeated-name' });
  return named[0] ?? finding('rollback-listener-missing', 'error', { listener: op.listener, path: '(unknown)' });
}

/** Undoes the patch described by `artefact` on `text` (the patched file, or a later export). */
export function rollbackExport(text: string, artefact: PatchArtefact): RollbackResult {
  const result: RollbackResult = { outcome: 'unchanged', mode: 'none', operations: [], edits: [], output: text, findings: [] };
  const refuse = (f: Finding, outcome: 'refused' | 'error' = 'refused'): RollbackResult => ({
    ...result,
    outcome,
    operations: [],
    edits: [],
    output: text,
    findings: [...result.findings, f],
  });
  const digest = sha256(text);
  if (digest === artefact.input.sha256 || artefact.operations.length === 0) {
    result.findings.push(
      finding('nothing-to-undo', 'info', { reason: digest === artefact.input.sha256 ? 'already-input' : 'empty-patch' }),
    );
    return result;
  }
  if (digest === artefact.output.sha256) {
    const edits = invertEdits(artefact.edits);
    let output: string;
    try {
      output = applyEdits(text, edits);
    } catch (e) {
      // Overlapping edits, or edits of another file: the artefact was altered.
      if (!(e instanceof RangeError)) throw e;
      return refuse(finding('artefact-corrupt', 'error', { reason: 'edits-do-not-apply' }), 'error');
    }
    if (sha256(output) !== artefact.input.sha256) {
      return refuse(finding('artefact-corrupt', 'error', { reason: 'input-checksum' }), 'error');
    }
    result.findings.push(finding('rollback-exact', 'info', {}));
    return {
      ...result,
      outcome: edits.length ? 'patched' : 'unchanged',
      mode: 'exact',
      operations: reverseOnListeners(artefact.operations),
      edits,
      output,
    };
  }
  const read = readExport(text);
  if (read.finding) return refuse(read.finding, 'error');
  const lines = lineIndex(text);
  const exp = read.export;
  result.mode = 'meaning';
  result.findings.push(finding('rollback-meaning', 'info', {}));
  const utf8 = isUtf8Export(exp);
  let undo = reverseOnListeners(artefact.operations);
  if (utf8 && artefact.hatText === 'characters') undo = operationsAsUtf8Bytes(undo);
  else if (utf8 && undo.some((op) => /[^\x00-\x7f]/.test(JSON.stringify({ ...op, listener: '' })))) {
    // Before 0.3.0 artefacts recorded a UTF-8 export's text as its bytes: which characters they
    // are cannot be told from text recorded as characters, so nothing beyond ASCII is guessed.
    const op = undo.find((o) => /[^\x00-\x7f]/.test(JSON.stringify({ ...o, listener: '' })))!;
    return refuse(
      finding('rollback-conflict', 'error', {
        listener: op.listener,
        operation: describeOperation(op),
        problem: 'legacy-bytes',
        ...NOTHING,
      }),
    );
  }
  const byListener = new Map<Listener, ArtefactOperation[]>();
  for (const op of undo) {
    const l = findListener(exp.listeners, op);
    if ('code' in l) return refuse(l);
    byListener.set(l, [...(byListener.get(l) ?? []), op]);
  }
  const edits: TextEdit[] = [];
  for (const [l, ops] of byListener) {
    const span = { listener: l.name, listenerPath: l.path, path: `${l.path}/hat` };
    const at = (f: Finding) => findingAt(text, exp.doc.elements.start[l.hat?.element ?? l.element]!, { ...f, ...span }, lines);
    // At the HAT line (0-based) of what the finding is about; the <hat> element's start only when there is none.
    const atLine = (f: Finding, line: number | null) =>
      line === null || !l.hat ? at(f) : findingAt(text, l.hat.lineOffset(line + 1), { ...f, ...span }, lines);
    const hatLine = (line: number) => (l.hat ? lines(l.hat.lineOffset(line + 1)).line : line + 1);
    const source = l.hat;
    if (!source) return refuse(at(finding('rollback-listener-missing', 'error', { listener: l.name, path: l.path })));
    const model = source.model;
    const upgradedOps = ops.map((op) => place(op, model));
    const problem = ambiguity(model, upgradedOps, l.name) ?? tuned(model, upgradedOps, l.name) ?? groupChanged(model, upgradedOps, l.name);
    if (problem) return refuse(atLine(problem.finding, problem.line));
    const rebased = rebaseUndo(model, upgradedOps, patchGroups(artefact, upgradedOps));
    if ('problem' in rebased) return refuse(atLine(undoFinding(rebased.problem, l.name, hatLine), rebased.problem.line));
    // Every rebased operation is its artefact operation with positions of this HAT (its listener kept).
    const undoOps = rebased.ops as ArtefactOperation[];
    let lowered: ReturnType<typeof lowerAndProve>;
    try {
      lowered = lowerAndProve(source.syntax, undoOps, model, { utf8 });
    } catch (e) {
      if (!(e instanceof Refused)) throw e;
      return refuse(atLine(ofListener(e.finding, l.name), e.finding.line ? e.finding.line - 1 : null));
    }
    if (!lowered.ok) {
      return refuse(
        at(
          finding('internal-check', 'error', {
            listener: l.name,
            detail: 'the rolled-back HAT does not mean exactly the undo',
            differences: lowered.differences.map(describeChange),
          }),
        ),
        'error',
      );
    }
    if (lowered.text === source.text)
      return refuse(
        at(finding('rollback-ambiguous', 'error', { listener: l.name, name: describeOperation(undoOps[0]!), reason: 'no-effect' })),
      );
    try {
      edits.push(...source.toFileEdits(lowered.edits));
    } catch (e) {
      const refused = unsupportedEncodingOf(e);
      if (!refused) throw e;
      return refuse(
        findingAt(
          text,
          source.fileOffset(refused.offset),
          { ...finding('encoding-unsupported', 'error', { encoding: refused.encoding, listener: l.name }), ...span },
          lines,
        ),
      );
    }
  }
  const sorted = sortEdits(edits);
  let output: string;
  try {
    output = applyEdits(text, sorted);
  } catch (e) {
    // Two undo operations that touch the same text (an artefact that repeats a change).
    if (!(e instanceof RangeError)) throw e;
    return refuse(finding('artefact-corrupt', 'error', { reason: 'overlapping-undo' }), 'error');
  }
  if (readExport(output).finding)
    return refuse(finding('internal-check', 'error', { listener: null, detail: 'the rolled-back file would not re-parse' }), 'error');
  if (output === text)
    return refuse(
      finding('rollback-ambiguous', 'error', { listener: artefact.operations[0]!.listener, name: 'the patch', reason: 'no-effect' }),
    );
  return { ...result, outcome: 'patched', operations: undo, edits: sorted, output };
}
