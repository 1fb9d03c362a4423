/**
 * The patch use case: export text in, a plan out (`planExport`), then its edits
 * (`applyPlan`). Pure: no files, no clock. Listeners are identified by their element path.
 */
import {
  findingAt,
  hatDefaults,
  isUtf8Export,
  readExport,
  unsupportedEncodingOf,
  utf8Bytes,
  type EsaExport,
  type HatSource,
  type Listener,
} from '../esa/export.js';
import { describeChange } from '../hat/diff.js';
import { lowerAndProve } from '../hat/lower.js';
import { paramValue, type HatModel } from '../hat/model.js';
import { finding, ofListener, Refused, type Finding } from '../findings.js';
import { checkRecipe } from '../recipes/check.js';
import { planRecipe } from '../recipes/plan-recipe.js';
import type { HatSyntax } from '../hat/syntax.js';
import type { Recipe } from '../recipes/recipe.js';
import { sortEdits, type TextEdit } from '../esa/edits.js';
import { lineIndexOf, type LineIndex } from '../esa/position.js';
import { sha256 } from './artefact.js';
import { onListener, type HatOperation, type Operation } from './operations.js';
import { preflightFindings } from './preflight.js';
import { selectListeners } from './select.js';
import { verifyOutput } from '../esa/verify.js';

export { listenerList, selectListeners } from './select.js';
// The read model, for the commands that only read (the CLI reaches the core through patch).
export { hatDefaults, isUtf8Export, readExport } from '../esa/export.js';

/** What happened to one file. */
export type Outcome = 'unchanged' | 'patched' | 'refused' | 'error';

/** Options of a patch run. */
export interface PatchOptions {
  recipe: Recipe;
  /** Listener names (or paths) to patch; default every public listener. */
  listeners?: readonly string[];
  /** Patch an export saved with masked passphrases anyway. */
  allowMasked?: boolean;
  /**
   * Change a listener that uses the appliance's demo certificate anyway. Without it such a
   * listener's change is refused (`certificate-demo`, exit 3): CRES's TLS verification fails with
   * the demo certificate, so on a TLS-Required policy its replies would be refused.
   */
  acceptDemoCertificate?: boolean;
  /** The caller's line index of the text, to share with its diff (see {@link LineIndex}). */
  lines?: LineIndex;
}

/** One listener as the run saw it. */
export interface ListenerReport {
  name: string;
  type: string;
  /** Element path: what identifies the listener. */
  path: string;
  selected: boolean;
  operations: Operation[];
  /** TLS value of every policy of its HAT, so users see their release's vocabulary. */
  tls: Record<string, string | null>;
  /** sha256 of the listener's HAT text after the patch (selected listeners with a HAT). */
  hatSha256?: string;
}

/** The change of one listener's HAT. */
export interface ListenerChange {
  listener: string;
  listenerPath: string;
  source: HatSource;
  operations: HatOperation[];
  /** Edits of the HAT text (offsets into `source.text`). */
  hatEdits: TextEdit[];
  /** The HAT text after the change. */
  after: string;
  /** What `after` means: the model it was read back as for the proof (not to be read again). */
  afterModel: HatModel;
}

/** Result of {@link planExport}: plain data, nothing computed on access. */
export interface Plan {
  outcome: Outcome;
  /** The recipe as planned (after its checks: duplicate senders dropped). */
  recipe: Recipe;
  export: EsaExport | null;
  listeners: ListenerReport[];
  operations: Operation[];
  changes: ListenerChange[];
  /** Byte-offset edits of the input, sorted, non-overlapping, checked (empty unless `patched`). */
  edits: TextEdit[];
  findings: Finding[];
}

function tlsValues(l: Listener): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const p of l.hat?.model.policies ?? []) out[p.name] = paramValue(p.params, 'tls') ?? null;
  return out;
}

/**
 * Plans a recipe on one export, and checks the result before anything is written: by bytes
 * (every edit inside a selected `<hat>`, the output re-reads) and by meaning (each changed HAT
 * is its input with exactly the planned operations). Never throws on bad input: the outcome
 * and findings say what went wrong.
 */
export function planExport(text: string, options: PatchOptions): Plan {
  const checked = checkRecipe(options.recipe);
  const plan: Plan = {
    outcome: 'unchanged',
    recipe: checked.recipe,
    export: null,
    listeners: [],
    operations: [],
    changes: [],
    edits: [],
    findings: [],
  };
  const fail = (outcome: 'refused' | 'error', f: Finding): Plan => ({
    ...plan,
    outcome,
    operations: [],
    changes: [],
    edits: [],
    findings: [...plan.findings, f],
  });
  const recipeError = checked.findings.find((f) => f.severity === 'error');
  plan.findings.push(...checked.findings.filter((f) => f !== recipeError));
  if (recipeError) return fail('error', recipeError);
  const recipe = checked.recipe;

  const read = readExport(text);
  if (read.finding) return fail('error', read.finding);
  const exp = read.export;
  plan.export = exp;
  const at = lineIndexOf(text, options.lines);

  if (exp.masked.length) {
    const first = exp.masked[0]!;
    const f = findingAt(
      text,
      first.offset,
      finding(
        'masked-secrets',
        options.allowMasked ? 'warning' : 'error',
        { count: exp.masked.length, first: first.path, allowed: !!options.allowMasked },
        { path: first.path },
      ),
      at,
    );
    if (!options.allowMasked) return fail('refused', f);
    plan.findings.push(f);
  }

  const selected = selectListeners(exp, options.listeners, recipe.listeners);
  if (!Array.isArray(selected)) return fail(selected.code === 'unknown-listener' ? 'error' : 'refused', selected);

  const pre = preflightFindings(exp, selected, recipe, {
    allowMasked: options.allowMasked,
    acceptDemoCertificate: options.acceptDemoCertificate,
    lines: at,
  });
  const blocking = pre.find((f) => f.severity === 'error');
  plan.findings.push(...pre.filter((f) => f !== blocking));
  if (blocking) return fail('refused', blocking);

  const chosen = new Set(selected);
  // The HAT text of a UTF-8 export holds its bytes: the recipe's text is planned and written as those bytes.
  const inExport = isUtf8Export(exp) ? recipeAsUtf8Bytes(recipe) : recipe;
  for (const l of exp.listeners) {
    const report: ListenerReport = { name: l.name, type: l.type, path: l.path, selected: chosen.has(l), operations: [], tls: tlsValues(l) };
    plan.listeners.push(report);
    if (!report.selected) continue;
    const r = changeListener(text, exp, l, inExport, at);
    plan.findings.push(...r.findings);
    if (r.failure) return fail(r.failure.outcome, r.failure.finding);
    report.hatSha256 = r.hatSha256;
    if (!r.change) continue;
    // A change on a listener with the demo certificate blocks it: the TLS it requires would fail.
    const demo = pre.find((f) => f.code === 'certificate-demo' && f.listenerPath === l.path && !f.args.accepted);
    if (demo) {
      plan.findings = plan.findings.filter((f) => f !== demo);
      return fail('refused', { ...demo, severity: 'error', args: { ...demo.args, blocking: true } } as Finding);
    }
    report.operations = r.change.operations.map((op) => onListener(op, { listener: l.name, listenerPath: l.path }));
    plan.operations.push(...report.operations);
    plan.changes.push(r.change);
  }
  if (!plan.changes.length) return plan;
  let edits: TextEdit[];
  try {
    edits = sortEdits(plan.changes.flatMap((c) => c.source.toFileEdits(c.hatEdits)));
  } catch (e) {
    const refused = unsupportedEncodingOf(e);
    if (!refused) throw e;
    const c = plan.changes.find((x) => {
      try {
        x.source.toFileEdits(x.hatEdits);
        return false;
      } catch {
        return true;
      }
    });
    const f = finding(
      'encoding-unsupported',
      'error',
      { encoding: refused.encoding, listener: c?.listener ?? '' },
      c ? { listener: c.listener, listenerPath: c.listenerPath } : {},
    );
    // At the text the refused edit would move or write.
    return fail('refused', c ? findingAt(text, c.source.fileOffset(refused.offset), f, at) : f);
  }
  const check = verifyOutput(text, edits, exp, plan.changes);
  if (check) return fail('error', check);
  return { ...plan, outcome: 'patched', edits };
}

/** What planning one selected listener gives: its change (none when compliant), or why it fails. */
interface ListenerResult {
  findings: Finding[];
  failure?: { outcome: 'refused' | 'error'; finding: Finding };
  change?: ListenerChange;
  hatSha256?: string;
}

/**
 * Plans, lowers and proves the change of one selected listener's HAT: refusals for what cannot
 * be read or written exactly, `internal-check` when the text read back does not mean exactly the
 * operations or would not be compliant.
 */
/**
 * The recipe with every string as a UTF-8 export's HAT text holds it (its UTF-8 bytes, one
 * character per byte). A string with a lone surrogate is kept: the lowering refuses to write it.
 */
function recipeAsUtf8Bytes(recipe: Recipe): Recipe {
  const map = (v: unknown): unknown => {
    if (typeof v === 'string') return utf8Bytes(v) ?? v;
    if (Array.isArray(v)) return v.map(map);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [utf8Bytes(k) ?? k, map(x)]));
    return v;
  };
  return map(recipe) as Recipe;
}

function changeListener(
  text: string,
  exp: EsaExport,
  l: Listener,
  recipe: Recipe,
  at: (offset: number) => { line: number; col: number },
): ListenerResult {
  const findings: Finding[] = [];
  const failed = (outcome: 'refused' | 'error', finding: Finding): ListenerResult => ({ findings, failure: { outcome, finding } });
  const span = { listener: l.name, listenerPath: l.path };
  const listenerAt = exp.doc.elements.start[l.element]!;
  if (!l.path.startsWith('config/listeners/listener')) {
    findings.push(
      findingAt(text, listenerAt, finding('cluster-path', 'warning', { listener: l.name, path: l.path }, { ...span, path: l.path }), at),
    );
  }
  const source = l.hat;
  if (!source)
    return failed(
      'error',
      findingAt(
        text,
        listenerAt,
        finding('listener-without-hat', 'error', { listener: l.name, path: l.path }, { ...span, path: l.path }),
        at,
      ),
    );
  const hatPath = { ...span, path: `${l.path}/hat` };
  const hatStart = exp.doc.elements.start[source.element]!;
  if (l.hatCount > 1)
    return failed(
      'refused',
      findingAt(text, hatStart, finding('hat-multiple', 'error', { listener: l.name, path: l.path, count: l.hatCount }, hatPath), at),
    );
  // `<hat/>` and `<hat></hat>` alike: no ALL entry for the change to stand before.
  if (source.selfClosing || source.text.trim() === '')
    return failed('refused', findingAt(text, hatStart, finding('hat-empty', 'error', { listener: l.name }, hatPath), at));
  // A finding of the HAT language carries HAT-relative line and column, and the HAT lines of the
  // entries it names in its `lines` argument: locate them in the file.
  const fileLine = (hatLine: string) => (hatLine ? String(at(source.lineOffset(Number(hatLine))).line) : '');
  const locate = (f: Finding): Finding => {
    const { line, col, ...rest } = f;
    const lines = (f.args as { lines?: unknown }).lines;
    const args = Array.isArray(lines) ? { ...f.args, lines: lines.map((x) => fileLine(String(x))) } : f.args;
    return findingAt(text, line ? source.lineOffset(line, col ?? 1) : hatStart, { ...rest, args, ...hatPath } as Finding, at);
  };
  const planned = planHat(source.model, l, recipe, source.syntax);
  findings.push(...planned.findings.map(locate));
  if (planned.refusal) return failed('refused', locate(planned.refusal));
  const ops = planned.operations;
  if (!ops.length) return { findings, hatSha256: sha256(source.text) };
  // The proof by meaning finds policies and sender groups by name: a name defined twice, even
  // one the change does not use, leaves it nothing exact to compare.
  const duplicate = source.model.problems.find((p) => p.code === 'hat-duplicate-policy' || p.code === 'hat-duplicate-group');
  if (duplicate) {
    return failed(
      'refused',
      locate(
        finding(
          'hat-blocking',
          'error',
          { listener: l.name, problem: duplicate.code, line: duplicate.line, text: duplicate.text },
          { line: duplicate.line, col: duplicate.col },
        ),
      ),
    );
  }
  // Lower, read back, prove: the HAT text after the edits must mean exactly the operations.
  let lowered: ReturnType<typeof lowerAndProve>;
  try {
    lowered = lowerAndProve(source.syntax, ops, source.model, { utf8: isUtf8Export(exp) });
  } catch (e) {
    if (!(e instanceof Refused)) throw e;
    return failed('refused', locate(ofListener(e.finding, l.name)));
  }
  if (!lowered.ok) {
    const differences = lowered.differences.map(describeChange);
    return failed(
      'error',
      locate(
        finding('internal-check', 'error', {
          listener: l.name,
          detail: 'the patched HAT does not mean exactly the planned operations',
          differences,
        }),
      ),
    );
  }
  // Idempotency, checked before writing: planning the result again finds nothing to do.
  const again = planHat(lowered.after.model, l, recipe);
  if (again.refusal || again.operations.length) {
    return failed(
      'error',
      locate(
        finding('internal-check', 'error', {
          listener: l.name,
          detail: 'the patched HAT would not be compliant',
          differences: again.operations.map((o) => o.op),
        }),
      ),
    );
  }
  return {
    findings,
    hatSha256: sha256(lowered.text),
    change: {
      listener: l.name,
      listenerPath: l.path,
      source,
      operations: ops,
      hatEdits: lowered.edits,
      after: lowered.text,
      afterModel: lowered.after.model,
    },
  };
}

/**
 * The plan of one HAT for the whole recipe ({@link planRecipe}: removals, policies, every group
 * goal, each planned on the result of the previous steps). `syntax` lets removals record the
 * text they remove, for rollback.
 */
function planHat(
  model: HatModel,
  l: Listener,
  recipe: Recipe,
  syntax?: HatSyntax,
): { operations: HatOperation[]; findings: Finding[]; refusal: Finding | null } {
  const p = planRecipe(model, recipe, {
    listener: l.name,
    listenerPath: l.path,
    replaceUnknownTls: recipe.replaceUnknownTls ?? false,
    defaults: hatDefaults(l),
    ...(syntax ? { syntax } : {}),
  });
  return { operations: p.operations, findings: [...p.findings, ...p.treatmentChanges], refusal: p.refusal };
}

/**
 * The edits that carry out a plan on its input (none unless the plan is `patched`). The
 * patched text is `applyEdits(input, edits)`, or `editedPieces(input, edits)` to write or hash
 * a large file without building it.
 */
export function applyPlan(plan: Plan): { edits: TextEdit[] } {
  return { edits: plan.outcome === 'patched' ? plan.edits.map((e) => ({ ...e })) : [] };
}
