/**
 * One input of a plan or apply run: read, plan, diff, check, write. Runs in the main thread or
 * in a worker; takes and returns plain data only.
 */
import { basename } from 'node:path';
import { TOOL } from '../version.js';
import { planExport } from '../patch/patch.js';
import { buildArtefact, type RecipeSource } from '../patch/artefact.js';
import { finding, type Finding } from '../findings.js';
import type { Recipe } from '../recipes/recipe.js';
import { unifiedDiff, verifyDiffOfEdits } from '../report/diff.js';
import { editedPieces } from '../xml/edits.js';
import type { FileReport } from '../report/model.js';
import { CliError, commitOutputSet, readLatin1, type PendingWrite, type Recovery } from './fs/index.js';

/** Everything one input needs. */
export interface Job {
  verb: 'plan' | 'apply';
  /** The input as the user named it (shown in reports). */
  input: string;
  /** Its absolute path. */
  path: string;
  /** Output stem (absolute, without `.xml`) for apply; null when the job writes nothing. */
  stem: string | null;
  recipe: Recipe;
  /**
   * The recipe file's text as read (a built-in's shipped file or `--recipe FILE`), named as the
   * user named it: recorded in the artefact as it is when `recipe` is exactly what it says.
   */
  recipeSource?: RecipeSource;
  listeners?: string[];
  allowMasked?: boolean;
  force?: boolean;
}

/** A finding located in `file`. */
export function withFile(f: Finding, file: string): Finding {
  return { ...f, file };
}

/** File-layer error codes whose message is made where they happen. */
type FsDetailCode = 'unreadable' | 'not-a-file' | 'input-changed' | 'input-too-large' | 'bad-inventory';
const FS_DETAIL_CODES: ReadonlySet<string> = new Set<FsDetailCode>(['unreadable', 'not-a-file', 'input-changed', 'input-too-large', 'bad-inventory']);

/**
 * A CliError as a finding: the file layer's own finding when it carries one, else its code with
 * the path and its message as arguments.
 */
export function cliErrorFinding(e: CliError, path: string): Finding {
  // Errors of the file layer carry the finding they were made from.
  if (e.args) return { code: e.code, severity: 'error', args: e.args } as Finding;
  if (FS_DETAIL_CODES.has(e.code)) return finding(e.code as FsDetailCode, 'error', { path, detail: e.message });
  if (e.code === 'output-exists') return finding('output-exists', 'error', { path: /^(.*) exists/.exec(e.message)?.[1] ?? path });
  return finding('io-error', 'error', { path, reason: e.message.startsWith(`${path}: `) ? e.message.slice(path.length + 2) : e.message });
}

/** The report of a file that could not be processed at all. */
export function errorReport(file: string, f: Finding): FileReport {
  return { file, outcome: 'error', hostname: null, asyncos: null, serial: null, listeners: [], operations: [], findings: [withFile(f, file)], diff: '' };
}

/**
 * JSON text for writing with one byte per character: strings read from a file hold one
 * character per byte, so the document is encoded as UTF-8 first.
 */
export function jsonOut(value: unknown): string {
  return Buffer.from(JSON.stringify(value, null, 2) + '\n', 'utf8').toString('latin1');
}

/** The warning that an earlier run's interrupted commit was finished or undone. */
export function recoveryFinding(r: Recovery): Finding {
  return finding('commit-recovered', 'warning', { journal: r.journal, outcome: r.outcome, paths: r.paths });
}

/** Runs one job. Never throws for bad input: the report says what happened. */
export function runJob(job: Job): FileReport {
  const { input } = job;
  let text: string;
  try {
    text = readLatin1(job.path);
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    return errorReport(input, cliErrorFinding(e, job.path));
  }
  const name = basename(input);
  const result = planExport(text, { recipe: job.recipe, listeners: job.listeners, allowMasked: job.allowMasked });
  const exp = result.export;
  const report: FileReport = {
    file: input,
    outcome: result.outcome,
    hostname: exp?.hostname ?? null,
    asyncos: exp?.header.version ?? null,
    serial: exp?.header.serial ?? null,
    listeners: result.listeners,
    operations: result.operations,
    findings: result.findings.map((f) => withFile(f, input)),
    diff: result.outcome === 'patched' ? unifiedDiff(text, result.edits, name) : '',
  };
  if (!verifyDiffOfEdits(text, result.edits, report.diff)) {
    report.outcome = 'error';
    report.findings.push(withFile(finding('internal-check', 'error', { listener: null, detail: 'the diff does not reproduce the patched file (checked with jsdiff)' }), input));
    return report;
  }
  if (job.verb !== 'apply' || !job.stem || result.outcome === 'refused' || result.outcome === 'error') return report;
  const stem = job.stem;
  const files: PendingWrite[] = [
    { path: `${stem}.xml`, content: editedPieces(text, result.edits) },
    { path: `${stem}.diff`, content: report.diff },
    { path: `${stem}.patch.json`, content: jsonOut(buildArtefact(result, text, name, TOOL, job.recipeSource)) },
  ];
  try {
    const { recovered } = commitOutputSet(files, { force: !!job.force });
    for (const r of recovered) report.findings.push(withFile(recoveryFinding(r), input));
    report.written = { xml: files[0]!.path, diff: files[1]!.path, artefact: files[2]!.path };
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    report.outcome = 'error';
    report.findings.push(withFile(cliErrorFinding(e, input), input));
  }
  return report;
}
