/**
 * The patch engine: export text in, plan and patched text out. Pure: no files, no clock.
 */
import { readExport, NotAnExportError, type EsaExport, type Listener } from '../esa/export.js';
import { parseHat, paramValue, printHat } from '../esa/hat.js';
import { applyEdits, sortEdits, type TextEdit } from '../xml/edits.js';
import { lineIndex } from '../xml/position.js';
import { XmlSyntaxError } from '../xml/scan.js';
import { toRawEdits } from '../xml/text.js';
import type { Finding } from './findings.js';
import { LoweringError, lowerListener } from './lower.js';
import type { Operation } from './operations.js';
import { hatCompliant, planListener } from './plan.js';
import { checkRecipe, type CresRecipe } from './recipe.js';
import { preflightFindings } from './preflight.js';
import { createHash } from 'node:crypto';

function sha256(text: string): string {
  return createHash('sha256').update(text, 'latin1').digest('hex');
}

/** What happened to one file. */
export type Outcome = 'unchanged' | 'patched' | 'refused' | 'error';

/** Options of a patch run. */
export interface PatchOptions {
  recipe: CresRecipe;
  /** Listener names to patch; default every public listener. */
  listeners?: readonly string[];
  /** Patch an export saved with masked passphrases anyway. */
  allowMasked?: boolean;
}

/** One listener as the run saw it. */
export interface ListenerReport {
  name: string;
  type: string;
  path: string;
  selected: boolean;
  operations: Operation[];
  /** TLS value of every policy of its HAT, so users see their release's vocabulary. */
  tls: Record<string, string | null>;
  /** sha256 of the listener's HAT text after the patch (selected listeners with a HAT). */
  hatSha256?: string;
}

/** Result of {@link planExport}. */
export interface PatchResult {
  outcome: Outcome;
  export: EsaExport | null;
  listeners: ListenerReport[];
  operations: Operation[];
  /** Byte-offset edits of the input, sorted, non-overlapping. */
  edits: TextEdit[];
  /** The patched text (equal to the input when nothing changes or on failure). */
  output: string;
  findings: Finding[];
}

/** A finding located at a byte offset of `text`. */
export function findingAt(text: string, offset: number, f: Omit<Finding, 'line' | 'col'>, at = lineIndex(text)): Finding {
  const { line, col } = at(offset);
  return { ...f, line, col };
}

/** Reads an export, turning malformed input into a finding instead of an exception. */
export function loadExport(text: string): { export: EsaExport } | { finding: Finding } {
  try {
    return { export: readExport(text) };
  } catch (e) {
    if (e instanceof XmlSyntaxError) {
      return { finding: findingAt(text, e.offset, { code: e.code, severity: 'error', message: `${e.message}. The file is not well-formed XML: re-export it from the appliance or fix it by hand` }) };
    }
    if (e instanceof NotAnExportError) {
      return { finding: findingAt(text, e.offset, { code: e.code, severity: 'error', message: e.message }) };
    }
    throw e;
  }
}

/** Findings that say which listeners exist, for messages that must list them. */
export function listenerList(exp: EsaExport): string {
  return exp.listeners.map((l) => `${l.name} (${l.type || 'no type'}, ${l.path})`).join(', ');
}

/** Selects listeners; returns them or a finding. */
export function selectListeners(exp: EsaExport, names: readonly string[] | undefined): Listener[] | Finding {
  if (names && names.length) {
    const missing = names.filter((n) => !exp.listeners.some((l) => l.name === n));
    if (missing.length) {
      return { code: 'unknown-listener', severity: 'error', message: `no listener named ${missing.join(', ')}; the export has: ${listenerList(exp)}` };
    }
    return exp.listeners.filter((l) => names.includes(l.name));
  }
  const pub = exp.listeners.filter((l) => l.type === 'public');
  if (!pub.length) {
    return {
      code: 'no-public-listener',
      severity: 'error',
      message: `no public listener to patch; the export has: ${listenerList(exp)}. Name the listener(s) to patch with --listener`,
    };
  }
  return pub;
}

function tlsValues(l: Listener): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const p of l.hat?.policies ?? []) out[p.name] = paramValue(p.behaviour, 'tls') ?? null;
  return out;
}

/**
 * Plans (and computes) the CRES patch of one export. Never throws on bad input: the outcome
 * and findings say what went wrong.
 */
export function planExport(text: string, options: PatchOptions): PatchResult {
  const result: PatchResult = { outcome: 'unchanged', export: null, listeners: [], operations: [], edits: [], output: text, findings: [] };
  const fail = (outcome: 'refused' | 'error', f: Finding): PatchResult => {
    result.outcome = outcome;
    result.findings.push(f);
    result.operations = [];
    result.edits = [];
    result.output = text;
    return result;
  };
  const recipeProblems = checkRecipe(options.recipe);
  if (recipeProblems.length) return fail('error', { code: 'bad-recipe', severity: 'error', message: recipeProblems.join('; ') });

  const loaded = loadExport(text);
  if ('finding' in loaded) return fail('error', loaded.finding);
  const exp = loaded.export;
  result.export = exp;
  const at = lineIndex(text);

  if (exp.masked.length) {
    const first = exp.masked[0]!;
    const f = findingAt(
      text,
      first.offset,
      {
        code: 'masked-secrets',
        severity: options.allowMasked ? 'warning' : 'error',
        path: first.path,
        message: `the export was saved with masked passphrases (${exp.masked.length} element(s), first ${first.path}); the appliance cannot load such a file back. Save it again choosing "Encrypt" (or "Plain"), or pass --allow-masked to patch it for review only`,
      },
      at,
    );
    if (!options.allowMasked) return fail('refused', f);
    result.findings.push(f);
  }

  const selected = selectListeners(exp, options.listeners);
  if (!Array.isArray(selected)) return fail(selected.code === 'unknown-listener' ? 'error' : 'refused', selected);

  const pre = preflightFindings(exp, selected, options.recipe, { allowMasked: options.allowMasked });
  const blocking = pre.find((f) => f.severity === 'error');
  result.findings.push(...pre.filter((f) => f !== blocking));
  if (blocking) return fail('refused', blocking);

  const edits: TextEdit[] = [];
  for (const l of exp.listeners) {
    const isSelected = selected.includes(l);
    const report: ListenerReport = { name: l.name, type: l.type, path: l.path, selected: isSelected, operations: [], tls: tlsValues(l) };
    result.listeners.push(report);
    if (!isSelected) continue;
    if (!l.path.startsWith('config/listeners/listener')) {
      result.findings.push(
        findingAt(text, exp.doc.elements.start[l.element]!, {
          code: 'cluster-path',
          severity: 'warning',
          listener: l.name,
          path: l.path,
          message: `listener ${l.name} is at ${l.path}, not config/listeners: this looks like a clustered export; the patch applies at that level, and a setting at a lower level (group or machine) may override it`,
        }, at),
      );
    }
    if (!l.hat || !l.hatText || l.hatElement < 0) {
      return fail('error', findingAt(text, exp.doc.elements.start[l.element]!, {
        code: 'listener-without-hat',
        severity: 'error',
        listener: l.name,
        path: l.path,
        message: `listener ${l.name} (${l.path}) has no <hat> element, so there is no Host Access Table to patch; check the export is complete, or leave this listener out with --listener`,
      }, at));
    }
    const hatText = l.hatText;
    const hatAt = (hatLine: number) => hatText.offsets[l.hat!.lines[Math.min(hatLine, l.hat!.lines.length) - 1]?.offset ?? 0]!;
    for (const p of l.hat.problems) {
      if (p.severity === 'error') continue;
      result.findings.push(findingAt(text, hatAt(p.line), { code: p.code, severity: p.severity, listener: l.name, path: `${l.path}/hat`, message: `${l.name}: ${p.message}` }, at));
    }
    const plan = planListener(l.hat, l.name, options.recipe);
    for (const f of plan.findings) {
      const loc = f.line ? hatAt(f.line) : exp.doc.elements.start[l.hatElement]!;
      result.findings.push(findingAt(text, loc, { ...f, path: `${l.path}/hat` }, at));
    }
    if (plan.refusal) {
      const loc = plan.refusal.line ? hatAt(plan.refusal.line) : exp.doc.elements.openEnd[l.hatElement]!;
      return fail('refused', findingAt(text, loc, { ...plan.refusal, message: `listener ${l.name}: ${plan.refusal.message}`, path: `${l.path}/hat` }, at));
    }
    if (!plan.operations.length) {
      report.hatSha256 = sha256(hatText.text);
      continue;
    }
    let hatEdits: TextEdit[];
    try {
      hatEdits = lowerListener(l.hat, plan.operations);
    } catch (e) {
      if (!(e instanceof LoweringError)) throw e;
      return fail('refused', { code: 'cannot-lower', severity: 'error', listener: l.name, message: `listener ${l.name}: ${e.message}` });
    }
    const expected = applyEdits(hatText.text, hatEdits);
    if (!hatCompliant(parseHat(expected), options.recipe)) {
      return fail('error', { code: 'internal-check', severity: 'error', listener: l.name, message: `listener ${l.name}: the planned HAT would not be compliant; nothing was written. Please report this with the export's HAT` });
    }
    report.operations = plan.operations;
    report.hatSha256 = sha256(expected);
    result.operations.push(...plan.operations);
    edits.push(...toRawEdits(text, hatText, hatEdits));
  }
  if (!edits.length) return result;
  const sorted = sortEdits(edits);
  const output = applyEdits(text, sorted);
  const check = verifyOutput(output, exp, selected, options.recipe);
  if (check) return fail('error', check);
  result.edits = sorted;
  result.output = output;
  result.outcome = 'patched';
  return result;
}

/** Re-reads the output: well-formed, same listeners, selected HATs compliant, others unchanged. */
function verifyOutput(output: string, before: EsaExport, selected: Listener[], recipe: CresRecipe): Finding | null {
  const bad = (message: string): Finding => ({ code: 'internal-check', severity: 'error', message: `${message}; nothing was written. Please report this with the export` });
  const loaded = loadExport(output);
  if ('finding' in loaded) return bad(`the patched file would not re-parse (${loaded.finding.message})`);
  const after = loaded.export;
  if (after.listeners.length !== before.listeners.length) return bad('the patched file has a different number of listeners');
  for (let k = 0; k < after.listeners.length; k++) {
    const a = after.listeners[k]!;
    const b = before.listeners[k]!;
    if (a.name !== b.name || a.path !== b.path) return bad(`listener ${b.name} moved`);
    const wasSelected = selected.includes(b);
    if (!wasSelected && a.hatText?.text !== b.hatText?.text) return bad(`listener ${b.name} was not selected but its HAT changed`);
    if (wasSelected && !(a.hat && hatCompliant(a.hat, recipe))) return bad(`listener ${b.name}'s patched HAT is not compliant`);
    if (wasSelected && a.hat && printHat(a.hat) !== a.hatText!.text) return bad(`listener ${b.name}'s HAT does not reprint`);
  }
  return null;
}
