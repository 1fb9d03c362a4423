/**
 * `esa-patch diff <a.xml> <b.xml>` and `esa-patch diff --baseline golden.xml <exports|dirs...>`:
 * exports compared by meaning (src/patch/diff-exports.ts), a fleet grouped by identical
 * difference. Exit 0 every export identical, 2 at least one differs, 1 an error.
 */
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import type { CommandModule } from './command.js';
import type { CliIo } from '../io.js';
import { CliError, checkInputs, checkOutputPlan, commitOutputSet, expandInputs, readLatin1, refuseDirectory } from '../fs/index.js';
import { messageOf } from '../../report/messages.js';
import { recoveryFinding } from '../job.js';
import { readInventory } from '../inventory.js';
import { jsonOut } from '../job.js';
import { TOOL } from '../../version.js';
import { diffExports, loadView, type ExportDiffOptions, type ExportView } from '../../patch/diff-exports.js';
import { DIFF_SCHEMA_ID, groupComparisons, type DiffComparison, type DiffDocument } from '../../report/diff-schema.js';
import { formatDiffDocument } from '../../report/diff-report.js';
import { withMessage } from '../../report/messages.js';
import { finding, type Finding } from '../../findings.js';

/** The arguments of `diff`. */
export interface DiffArgs {
  exports?: string[];
  baseline?: string;
  inventory?: string;
  strict?: boolean;
  json?: boolean;
  html?: string;
  force?: boolean;
  mapListener?: string[];
  listener?: string[];
}

function parseMap(pairs: readonly string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const p of pairs) {
    const k = p.indexOf('=');
    if (k <= 0 || k === p.length - 1) throw new CliError(`--map-listener ${p}: write BASELINE_NAME=OTHER_NAME`, 'bad-arguments');
    map[p.slice(0, k)] = p.slice(k + 1);
  }
  return map;
}

function read(io: CliIo, file: string): { view: ExportView } | { finding: Finding } {
  let text: string;
  try {
    text = readLatin1(resolve(io.cwd, file));
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    return { finding: finding('io-error', 'error', { path: file, reason: e.message }) };
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
    const d = diffExports(base.view, other.view, options);
    const error = d.findings.some((f) => f.severity === 'error');
    comparisons.push({
      file,
      outcome: error ? 'error' : d.identical ? 'identical' : 'different',
      group: null,
      a: d.a,
      b: d.b,
      header: d.header,
      listeners: d.listeners,
      findings: d.findings.map((f) => withMessage({ ...f, file })),
    });
  }
  const groups = groupComparisons(comparisons);
  const exitCode = comparisons.some((c) => c.outcome === 'error') ? 1 : comparisons.some((c) => c.outcome === 'different') ? 2 : 0;
  return { schema: DIFF_SCHEMA_ID, tool: TOOL, command: 'diff', exitCode, strict: !!options.strict, baseline, comparisons, groups };
}

/** Runs `diff`. */
export async function runDiff(a: DiffArgs, io: CliIo): Promise<number> {
  const positional = (a.exports ?? []).map(String);
  let baseline: string;
  let files: string[];
  if (a.baseline !== undefined) {
    baseline = a.baseline;
    files = expandInputs(positional, io.cwd);
    if (a.inventory) files.push(...readInventory(resolve(io.cwd, a.inventory)).map((e) => e.path));
    const basePath = resolve(io.cwd, baseline);
    files = files.filter((f) => resolve(io.cwd, f) !== basePath);
    if (!files.length) throw new CliError(`nothing to compare with the baseline: name exports, directories or --inventory FILE`, 'no-input');
  } else {
    if (a.inventory) throw new CliError('--inventory needs --baseline GOLDEN.xml to compare the fleet with', 'bad-arguments');
    if (positional.length !== 2) throw new CliError(`diff compares two exports (diff A.xml B.xml), or a fleet with --baseline GOLDEN.xml; ${positional.length} given`, 'bad-arguments');
    [baseline, files] = [positional[0]!, [positional[1]!]];
  }
  checkInputs([baseline, ...files], io.cwd);
  if (a.html) {
    // By identity, before anything is read: --html is never one of the exports compared.
    refuseDirectory(a.html, '--html', io.cwd);
    checkOutputPlan({ inputs: [baseline, ...files, ...(a.inventory ? [a.inventory] : [])], outputs: [{ name: a.html, path: resolve(io.cwd, a.html), option: '--html' }], cwd: io.cwd });
  }
  const options: ExportDiffOptions = { strict: !!a.strict, mapListeners: parseMap(a.mapListener ?? []), listeners: a.listener?.length ? a.listener : undefined };
  const doc = diffFiles(io, baseline, files, options);
  let code = doc.exitCode;
  if (a.html) {
    const { renderDiffHtml } = await import('../../report/diff-html.js');
    try {
      const { recovered } = commitOutputSet([{ path: resolve(io.cwd, a.html), content: Buffer.from(renderDiffHtml(doc), 'utf8').toString('latin1') }], { force: !!a.force });
      for (const r of recovered) {
        const f = recoveryFinding(r);
        io.err(`esa-patch: warning: ${messageOf(f)} [${f.code}]\n`);
      }
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      io.err(`esa-patch: ${e.message} [${e.code}]\n`);
      code = 1;
    }
  }
  io.out(a.json ? jsonOut({ ...doc, exitCode: code }) : formatDiffDocument(doc));
  return code;
}

/** The `diff` command. */
export const diffCommand: CommandModule<DiffArgs> = {
  command: 'diff [exports..]',
  describe: 'compare exports by meaning (A.xml B.xml, or --baseline GOLDEN.xml and a fleet); exit 2 when they differ',
  builder: (y: Argv) =>
    y
      .option('baseline', { type: 'string', describe: 'compare every export given with this one, grouped by identical difference' })
      .option('inventory', { type: 'string', describe: 'with --baseline: JSON or YAML list of { file } to compare' })
      .option('map-listener', { type: 'string', array: true, describe: 'BASELINE=OTHER: pair listeners the fleet names differently (repeatable)' })
      .option('listener', { type: 'string', array: true, describe: 'compare only this listener (baseline name; repeatable)' })
      .option('strict', { type: 'boolean', describe: 'report formatting differences too (indentation, line endings, parameter order, spelled-out defaults)' })
      .option('json', { type: 'boolean', describe: 'print the esa-patch/diff@1 document' })
      .option('html', { type: 'string', describe: 'also write a self-contained HTML page to FILE.html' })
      .option('force', { type: 'boolean', describe: 'overwrite an existing --html file' }),
  handler: runDiff,
};
