/**
 * `esa-patch diff <a.xml> <b.xml>` and `esa-patch diff --baseline golden.xml <exports|dirs...>`:
 * exports compared by meaning (src/patch/diff-exports.ts), a fleet grouped by identical
 * difference. Exit 0 every export identical, 2 at least one differs, 1 an error.
 */
import { resolve } from 'node:path';
import type { CliIo } from '../io.js';
import { checkInputs, checkOutputPlan, readLatin1 } from '../fs/index.js';
import { usageError, type Args } from '../args.js';
import { outputOf, type Detail } from '../output.js';
import { commitReports, expandNamedInputs, readOutputSettings, utf8Bytes } from './common.js';
import { decodeExportStrings, encodeForExport } from '../../report/terminal.js';
import { messageOf } from '../../report/messages.js';
import { readInventory } from '../inventory.js';
import { jsonOut } from '../job.js';
import { TOOL } from '../../version.js';
import { diffExports, loadView, type ExportDiffOptions, type ExportView } from '../../patch/diff-exports.js';
import { DIFF_SCHEMA_ID, type DiffComparison, type DiffDocument } from '../../report/diff-schema.js';
import { groupComparisons } from '../../report/drift.js';
import { formatDiffDocument, shown } from '../../report/diff-report.js';
import { withMessage } from '../../report/messages.js';
import { Refused, refused, type Finding } from '../../findings.js';

/** The arguments of `diff`, read and checked. */
export interface DiffArgs {
  exports: string[];
  baseline?: string;
  inventory?: string;
  strict: boolean;
  json: boolean;
  html?: string;
  force: boolean;
  mapListener: Record<string, string>;
  listener: string[];
  detail: Detail;
  /** With --baseline: read directories' subdirectories too. */
  recursive?: boolean;
}

/** `--map-listener BASELINE=OTHER` pairs, each side a listener name. */
function readMap(a: Args): Record<string, string> {
  // No prototype: a listener may be named `constructor` or `__proto__`.
  const map: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const p of a.strings('map-listener')) {
    const k = p.indexOf('=');
    if (k <= 0 || k === p.length - 1) a.fail(`--map-listener "${p}" must be BASELINE_NAME=OTHER_NAME`);
    const [from, to] = [p.slice(0, k), p.slice(k + 1)];
    if (from in map) a.fail(`--map-listener pairs ${from} twice (${from}=${map[from]}, ${p}); give each baseline listener once`);
    map[from] = to;
  }
  return map;
}

/** Reads and checks the arguments of `diff`. */
export function readDiffArgs(a: Args, cwd: string): DiffArgs {
  const s = readOutputSettings(a);
  const html = a.outputFile('html', cwd);
  if (a.flag('force') && !html) a.fail('--force overwrites the --html page: give --html FILE.html too');
  const inventory = a.string('inventory');
  const baseline = a.string('baseline');
  if (inventory && baseline === undefined) a.fail('--inventory needs --baseline GOLDEN.xml to compare the fleet with');
  return {
    exports: a.positionals('exports'),
    baseline,
    inventory,
    strict: a.flag('strict'),
    json: s.json,
    html,
    force: a.flag('force'),
    mapListener: readMap(a),
    listener: a.strings('listener'),
    detail: s.detail,
    recursive: a.flag('recursive'),
  };
}

function read(io: CliIo, file: string): { view: ExportView } | { finding: Finding } {
  let text: string;
  try {
    text = readLatin1(resolve(io.cwd, file));
  } catch (e) {
    if (!(e instanceof Refused)) throw e;
    // Named as the user named it, as the report's other lines name the file.
    const args = e.finding.args as { path?: unknown };
    return { finding: (typeof args.path === 'string' ? { ...e.finding, args: { ...args, path: file } } : e.finding) as Finding };
  }
  return loadView(text);
}

function failed(file: string, f: Finding): DiffComparison {
  return { file, outcome: 'error', group: null, a: null, b: null, header: [], listeners: [], findings: [withMessage({ ...f, file })] };
}

/**
 * Compares `files` with `baseline` and builds the `esa-patch/diff@1` document. Exports are read
 * one at a time (a fleet of large exports never sits in memory at once).
 */
export function diffFiles(io: CliIo, baseline: string, files: readonly string[], options: ExportDiffOptions): DiffDocument {
  const base = read(io, baseline);
  const comparisons: DiffComparison[] = [];
  for (const file of files) {
    if ('finding' in base) {
      comparisons.push(failed(baseline, base.finding));
      break;
    }
    const other = read(io, file);
    if ('finding' in other) {
      comparisons.push(failed(file, other.finding));
      continue;
    }
    const [encA, encB] = [base.view.encoding, other.view.encoding];
    // Names from the command line are matched as each export holds its names: in its encoding.
    const map: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [from, to] of Object.entries(options.mapListeners ?? {})) map[encodeForExport(from, encA)] = encodeForExport(to, encB);
    const d = diffExports(base.view, other.view, {
      ...options,
      mapListeners: map,
      listeners: options.listeners?.map((n) => encodeForExport(n, encA)),
    });
    const error = d.findings.some((f) => f.severity === 'error');
    // What the exports say is shown decoded in their own encoding (text, JSON and HTML alike).
    const both = encA === encB || (encA ?? '').toLowerCase() === (encB ?? '').toLowerCase() ? encA : encB;
    comparisons.push({
      file,
      outcome: error ? 'error' : d.identical ? 'identical' : 'different',
      group: null,
      a: decodeExportStrings(d.a, encA),
      b: decodeExportStrings(d.b, encB),
      header: decodeExportStrings(d.header, both),
      listeners: decodeExportStrings(d.listeners, both),
      findings: d.findings.map((f) => withMessage({ ...f, args: decodeExportStrings(f.args, both), file } as Finding)),
    });
  }
  const groups = groupComparisons(comparisons);
  const exitCode = comparisons.some((c) => c.outcome === 'error') ? 1 : comparisons.some((c) => c.outcome === 'different') ? 2 : 0;
  return { schema: DIFF_SCHEMA_ID, tool: TOOL, command: 'diff', exitCode, strict: !!options.strict, baseline, comparisons, groups };
}

/** Runs `diff`. */
export async function runDiff(a: DiffArgs, io: CliIo): Promise<number> {
  const positional = a.exports;
  let baseline: string;
  let files: string[];
  if (a.baseline !== undefined) {
    baseline = a.baseline;
    files = expandNamedInputs(io, positional, { recursive: !!a.recursive, quiet: a.detail === 'quiet' });
    if (a.inventory) files.push(...readInventory(resolve(io.cwd, a.inventory)).map((e) => e.path));
    const basePath = resolve(io.cwd, baseline);
    files = files.filter((f) => resolve(io.cwd, f) !== basePath);
    if (!files.length) throw refused('no-input', { given: 'the inputs beside the baseline' });
  } else {
    if (positional.length !== 2)
      throw usageError(
        `diff compares two exports (diff A.xml B.xml), or a fleet with --baseline GOLDEN.xml; ${positional.length} given`,
        'diff',
      );
    [baseline, files] = [positional[0]!, [positional[1]!]];
  }
  checkInputs([baseline, ...files], io.cwd);
  if (a.html) {
    // By identity, before anything is read: --html is never one of the exports compared.
    checkOutputPlan({
      inputs: [baseline, ...files, ...(a.inventory ? [a.inventory] : [])],
      outputs: [{ name: a.html, path: resolve(io.cwd, a.html), option: '--html' }],
      cwd: io.cwd,
    });
  }
  const options: ExportDiffOptions = {
    strict: a.strict,
    mapListeners: a.mapListener,
    listeners: a.listener.length ? a.listener : undefined,
  };
  const out = outputOf(io, a.detail);
  const doc = diffFiles(io, baseline, files, options);
  let code = doc.exitCode;
  if (a.html) {
    const { renderDiffHtml } = await import('../../report/diff-html.js');
    if (!commitReports(out, [{ path: resolve(io.cwd, a.html), content: utf8Bytes(renderDiffHtml(doc)) }], a.force)) code = 1;
  }
  if (a.json) out.raw(jsonOut({ ...doc, exitCode: code }));
  else if (a.detail === 'quiet') out.out(quietDiff(doc));
  else {
    // The document holds decoded text: out.out makes it safe for the terminal and writes UTF-8.
    out.out(formatDiffDocument(doc));
    // A fleet's report ends, as the other commands' do, with its one-line summary.
    if (doc.comparisons.length > 1) out.out(`\n${summaryLine(doc)}`);
  }
  return code;
}

/** `--quiet`: the findings of every export not compared, then one verdict line. */
function quietDiff(doc: DiffDocument): string {
  const failed = doc.comparisons.filter((c) => c.outcome === 'error');
  let text = failed.flatMap((c) => c.findings.map((f) => `${shown(c.file)}: ${f.severity}: ${shown(messageOf(f))} [${f.code}]\n`)).join('');
  return text + summaryLine(doc);
}

/** `N compared with BASELINE: a identical, b different, c not compared`. */
function summaryLine(doc: DiffDocument): string {
  const count = (o: DiffComparison['outcome']) => doc.comparisons.filter((c) => c.outcome === o).length;
  return `${doc.comparisons.length} compared with ${shown(doc.baseline)}: ${count('identical')} identical, ${count('different')} different, ${count('error')} not compared\n`;
}

/** Runs `diff` (declared in `./diff.ts`). */
export async function runDiffCommand(a: Args, io: CliIo): Promise<number> {
  return runDiff(readDiffArgs(a, io.cwd), io);
}
