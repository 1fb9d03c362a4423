/**
 * The patch engine: export text in, plan and patched text out. Pure: no files, no clock.
 */
import { readExport, NotAnExportError, type EsaExport, type Listener } from '../esa/export.js';
import { parseHat, paramValue, printHat } from '../esa/hat.js';
import { applyEdits, sortEdits, type TextEdit } from '../xml/edits.js';
import { lineIndex } from '../xml/position.js';
import { isUtf8, scanTextContent, XmlSyntaxError } from '../xml/scan.js';
import { decodeContent, documentKeepsBytes, toRawEdits } from '../xml/text.js';
import type { Finding } from './findings.js';
import { LoweringError, lowerListener } from './lower.js';
import type { Operation } from './operations.js';
import { hatCompliant, planListener } from './plan.js';
import { checkRecipe, type CresRecipe } from './recipe.js';
import { preflightFindings } from './preflight.js';
import { sha256 } from './artefact.js';

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
  const planned = new Map<Listener, string>();
  const chosen = new Set(selected);
  for (const l of exp.listeners) {
    const isSelected = chosen.has(l);
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
    planned.set(l, expected);
    result.operations.push(...plan.operations);
    edits.push(...toRawEdits(text, hatText, hatEdits));
  }
  if (!edits.length) return result;
  const sorted = sortEdits(edits);
  const check = verifyOutput(text, sorted, exp, selected, options.recipe, planned);
  if (check) return fail(check.code === 'hat-empty-element' ? 'refused' : 'error', check);
  result.edits = sorted;
  // Built on first use, once: a caller that writes and hashes the output from the input and
  // the edits (editedPieces) never holds a second copy of a large file.
  // From a copy of the edits: a caller changing result.edits later must not change it.
  let output: string | null = null;
  const own = sorted.map((e) => ({ ...e }));
  Object.defineProperty(result, 'output', {
    enumerable: true,
    configurable: true,
    get: () => (output ??= applyEdits(text, own)),
    set: (value: string) => {
      output = value;
    },
  });
  result.outcome = 'patched';
  return result;
}

/**
 * Checks the output before it exists, in time linear in the edits and the changed HATs, not
 * in the file: every edit lies inside the content of the `<hat>` of a selected listener and
 * inserts printable ASCII only (or bytes of the document's own, moved with their lines); the new content of each changed `<hat>` is re-scanned (text
 * and CDATA only, well-formed) and decoded: it must be the HAT text in `planned` when given
 * (the planner's, already parsed and found compliant), else it is re-parsed: compliant, and it
 * reprints.
 *
 * Why that proves the whole output well-formed: the input was scanned well-formed, and its
 * `<hat>` contents held character data only (readExport decoded them). The output differs from
 * it only inside those contents, which stay well-formed character data between the unchanged
 * `>` of the start tag and `<` of the end tag: no reference, CDATA section or `]]>` can span a
 * boundary, so every tag, every other text and every listener (name, path, and the HATs of
 * listeners not selected) is byte for byte where it was.
 */
function verifyOutput(
  text: string,
  edits: readonly TextEdit[],
  before: EsaExport,
  selected: Listener[],
  recipe: CresRecipe,
  planned: ReadonlyMap<Listener, string> = new Map(),
): Finding | null {
  const bad = (message: string): Finding => ({ code: 'internal-check', severity: 'error', message: `${message}; nothing was written. Please report this with the export` });
  const { openEnd, closeStart, end } = before.doc.elements;
  const hats = selected
    .filter((l) => l.hatElement >= 0)
    .map((l) => ({ l, from: openEnd[l.hatElement]!, to: closeStart[l.hatElement]!, empty: end[l.hatElement] === closeStart[l.hatElement], edits: [] as TextEdit[] }))
    .sort((a, b) => a.from - b.from);
  // Text the tool writes is ASCII; bytes it moves within a HAT of an ISO-8859-1 or UTF-8
  // document are written back as they were (see documentKeepsBytes).
  const keep = documentKeepsBytes(text);
  let k = 0;
  let last = 0;
  for (const e of edits) {
    if (e.offset < last) return bad(`edits overlap at offset ${e.offset}`);
    last = e.offset + e.delete.length;
    while (k < hats.length && hats[k]!.to < e.offset) k++;
    const h = hats[k];
    if (!h || e.offset < h.from || last > h.to) return bad(`an edit at offset ${e.offset} falls outside the <hat> of every selected listener`);
    if (h.empty) {
      // <hat/> has no inside: text "in" it would land after the tag.
      return {
        code: 'hat-empty-element',
        severity: 'error',
        listener: h.l.name,
        message: `listener ${h.l.name}: its HAT is written <hat/> (an empty-element tag), which has no inside to write the new policy and sender group into; nothing was written. Write it as <hat></hat> (or export the configuration again) and run again`,
      };
    }
    if ((keep ? /[^\t\n\r\x20-\x7E\x80-\xFF]/ : /[^\t\n\r\x20-\x7E]/).test(e.insert)) return bad(`an edit at offset ${e.offset} would insert a byte that is not printable ASCII or one of the document's own`);
    h.edits.push(e);
  }
  for (const { l, from, to, edits: own } of hats) {
    if (!own.length) {
      if (!(l.hat && hatCompliant(l.hat, recipe))) return bad(`listener ${l.name}'s patched HAT is not compliant`);
      continue;
    }
    let content: string;
    try {
      content = applyEdits(text.slice(from, to), own.map((e) => ({ offset: e.offset - from, delete: e.delete, insert: e.insert })));
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      return bad(`listener ${l.name}: ${e.message}`);
    }
    let hatText: string;
    try {
      scanTextContent(content, { utf8: isUtf8(before.doc.prolog) });
      hatText = decodeContent(content, 0, content.length).text;
    } catch (e) {
      if (!(e instanceof XmlSyntaxError)) throw e;
      return bad(`the patched file would not re-parse (the <hat> of listener ${l.name}: ${e.message})`);
    }
    const plan = planned.get(l);
    if (plan !== undefined) {
      // The HAT the planner produced, and already parsed and found compliant: being that
      // text is enough (and spares a parse of a possibly large HAT).
      if (hatText !== plan) return bad(`listener ${l.name}'s patched HAT is not the one planned (an escaping or offset error)`);
      continue;
    }
    const hat = parseHat(hatText);
    if (!hatCompliant(hat, recipe)) return bad(`listener ${l.name}'s patched HAT is not compliant`);
    if (printHat(hat) !== hatText) return bad(`listener ${l.name}'s HAT does not reprint`);
  }
  return null;
}
