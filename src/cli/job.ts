/**
 * One input of a plan or apply run: read, plan, diff, check, write. Runs in the main thread or
 * in a worker; takes and returns plain data only.
 */
import { basename } from 'node:path';
import { TOOL } from '../version.js';
import { planExport } from '../patch/patch.js';
import { buildArtefact, sha256 } from '../patch/artefact.js';
import { describeOperation } from '../patch/operations.js';
import type { EsaExport } from '../esa/export.js';
import { isUtf8 } from '../xml/scan.js';
import type { Finding } from '../patch/findings.js';
import type { CresRecipe } from '../patch/recipe.js';
import { unifiedDiff, verifyDiffOfEdits, type DiffSection } from '../report/diff.js';
import { editedPieces } from '../xml/edits.js';
import type { FileReport } from '../report/model.js';
import { CliError, readLatin1, writeAllAtomic, type PendingWrite } from './files.js';

/** Everything one input needs. */
export interface Job {
  verb: 'plan' | 'apply';
  /** The input as the user named it (shown in reports). */
  input: string;
  /** Its absolute path. */
  path: string;
  /** Output stem (absolute, without `.xml`) for apply; null when the job writes nothing. */
  stem: string | null;
  recipe: CresRecipe;
  listeners?: string[];
  allowMasked?: boolean;
  force?: boolean;
}

/** A finding located in `file`. */
export function withFile(f: Finding, file: string): Finding {
  return { ...f, file };
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

/** The listeners of an export as the sections diff hunk headers name. */
export function listenerSections(exp: EsaExport | null): DiffSection[] {
  if (!exp) return [];
  const { start, end } = exp.doc.elements;
  return exp.listeners.map((l) => ({ from: start[l.element]!, to: end[l.element]!, label: `listener ${l.name}` }));
}

/** The encoding an export's text is in, for showing its strings. */
export function encodingOf(exp: EsaExport | null): string | null {
  if (!exp) return null;
  return isUtf8(exp.doc.prolog) ? 'UTF-8' : (exp.doc.prolog.encoding ?? 'UTF-8');
}

/** sha256 and size of a string of one character per byte. */
export function digestOf(text: string): { sha256: string; bytes: number } {
  return { sha256: sha256(text), bytes: text.length };
}

/** Runs one job. Never throws for bad input: the report says what happened. */
export function runJob(job: Job): FileReport {
  const { input } = job;
  let text: string;
  try {
    text = readLatin1(job.path);
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    return errorReport(input, { code: e.code, severity: 'error', message: e.message.replace(`${job.path}: `, '') });
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
    encoding: encodingOf(exp),
    listeners: result.listeners,
    operations: result.operations,
    changes: result.operations.map(describeOperation),
    findings: result.findings.map((f) => withFile(f, input)),
    diff: result.outcome === 'patched' ? unifiedDiff(text, result.edits, name, 3, listenerSections(exp)) : '',
  };
  if (job.verb !== 'apply') report.input = digestOf(text);
  if (!verifyDiffOfEdits(text, result.edits, report.diff)) {
    report.outcome = 'error';
    report.findings.push(withFile({ code: 'internal-check', severity: 'error', message: 'the diff does not reproduce the patched file (checked with jsdiff); nothing was written. Please report this with the export' }, input));
    return report;
  }
  if (job.verb !== 'apply' || !job.stem || result.outcome === 'refused' || result.outcome === 'error') return report;
  const stem = job.stem;
  const artefact = buildArtefact(result, text, name, job.recipe, TOOL);
  report.input = { sha256: artefact.input.sha256, bytes: artefact.input.bytes };
  const artefactText = jsonOut(artefact);
  const files: PendingWrite[] = [
    { path: `${stem}.xml`, content: editedPieces(text, result.edits) },
    { path: `${stem}.diff`, content: report.diff },
    { path: `${stem}.patch.json`, content: artefactText },
  ];
  try {
    writeAllAtomic(files, !!job.force);
    report.written = { xml: files[0]!.path, diff: files[1]!.path, artefact: files[2]!.path };
    report.outputs = [
      { kind: 'export', path: files[0]!.path, ...artefact.output },
      { kind: 'diff', path: files[1]!.path, ...digestOf(report.diff) },
      { kind: 'artefact', path: files[2]!.path, ...digestOf(artefactText) },
    ];
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    report.outcome = 'error';
    report.findings.push(withFile({ code: e.code, severity: 'error', message: e.message }, input));
  }
  return report;
}
