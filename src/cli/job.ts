/**
 * One input of a plan or apply run: read, plan, diff, check, write. Runs in the main thread or
 * in a worker; takes and returns plain data only.
 */
import { basename } from 'node:path';
import { TOOL } from '../version.js';
import { hatDefaults, isUtf8Export, type Plan } from '../patch/patch.js';
import { patchExport } from '../patch/patch-export.js';
import { publishedHostsTable } from '../patch/trace.js';
import { buildArtefact, sameArtefact, sha256, type RecipeSource } from '../patch/artefact.js';
import { describeOperation } from '../patch/operations.js';
import type { EsaExport } from '../esa/export.js';
import { finding, Refused, type Finding } from '../findings.js';
import type { Recipe } from '../recipes/recipe.js';
import type { FileReport, PublishedHosts } from '../report/model.js';
import { parseArtefact } from './artefact-file.js';
import { commitOutputSet, countOutputSet, readBytes, readLatin1, type PendingWrite, type Recovery } from './fs/index.js';

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
  acceptDemoCertificate?: boolean;
  force?: boolean;
  /** When the run started (ISO 8601), recorded in the artefact. */
  created?: string;
  /** `--change-id`, recorded in the artefact. */
  changeId?: string;
}

/** A finding located in `file`. */
export function withFile(f: Finding, file: string): Finding {
  return { ...f, file };
}

/** The report of a file that could not be processed at all. */
export function errorReport(file: string, f: Finding): FileReport {
  return {
    file,
    outcome: 'error',
    hostname: null,
    asyncos: null,
    serial: null,
    listeners: [],
    operations: [],
    findings: [withFile(f, file)],
    diff: '',
  };
}

/**
 * JSON text for writing with one byte per character: strings read from a file hold one
 * character per byte, so the document is encoded as UTF-8 first.
 */
export function jsonOut(value: unknown): string {
  // Characters that would act on a terminal (C1 controls, bidi controls, line separators) are
  // written as \uXXXX escapes: the same JSON value, harmless when a `--json` lands on a screen.
  const safe = JSON.stringify(value, null, 2).replace(TERMINAL_ACTIVE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return Buffer.from(safe + '\n', 'utf8').toString('latin1');
}

/** DEL, C1, bidi embeddings, overrides, isolates and marks, line and paragraph separators (JSON escapes C0 itself). */
const TERMINAL_ACTIVE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** The warning that an earlier run's interrupted commit was finished or undone. */
export function recoveryFinding(r: Recovery): Finding {
  return finding('commit-recovered', 'warning', { journal: r.journal, outcome: r.outcome, paths: r.paths });
}

/** The encoding an export's text is in, for showing its strings. */
export function encodingOf(exp: EsaExport | null): string | null {
  if (!exp) return null;
  return isUtf8Export(exp) ? 'UTF-8' : (exp.doc.prolog.encoding ?? 'UTF-8');
}

/** sha256 and size of a string of one character per byte. */
export function digestOf(text: string): { sha256: string; bytes: number } {
  return { sha256: sha256(text), bytes: text.length };
}

/**
 * Where the recipe's published hosts land in each selected listener's HAT, before and after the
 * plan (none when the recipe publishes none, or the plan was refused).
 */
export function publishedOf(plan: Plan): PublishedHosts[] | undefined {
  const hosts = plan.recipe.published?.hosts;
  const exp = plan.export;
  if (!hosts?.length || !exp || (plan.outcome !== 'patched' && plan.outcome !== 'unchanged')) return undefined;
  const out: PublishedHosts[] = [];
  for (const report of plan.listeners) {
    if (!report.selected) continue;
    const l = exp.listeners.find((x) => x.path === report.path);
    if (!l?.hat) continue;
    const change = plan.changes.find((c) => c.listenerPath === l.path);
    const after = change ? change.afterModel : l.hat.model;
    out.push({ listener: l.name, listenerPath: l.path, rows: publishedHostsTable(l.hat.model, after, hosts, hatDefaults(l)) });
  }
  return out;
}

/** Runs one job. Never throws for bad input: the report says what happened. */
export function runJob(job: Job): FileReport {
  const { input } = job;
  let held: { bytes: Uint8Array | null };
  try {
    held = { bytes: readBytes(job.path) };
  } catch (e) {
    if (!(e instanceof Refused)) throw e;
    return errorReport(input, e.finding);
  }
  const patched = patchExport(held, {
    name: basename(input),
    recipe: job.recipe,
    listeners: job.listeners,
    allowMasked: job.allowMasked,
    acceptDemoCertificate: job.acceptDemoCertificate,
    write: job.verb === 'apply' && !!job.stem,
  });
  const { plan: result, text } = patched;
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
    diff: patched.diff,
  };
  const published = publishedOf(result);
  if (published) report.published = published;
  if (job.verb !== 'apply') report.input = patched.input;
  if (job.verb !== 'apply' || !job.stem || result.outcome === 'refused' || result.outcome === 'error') return report;
  const stem = job.stem;
  report.input = patched.input;
  const artefact = buildArtefact(result, text, basename(input), TOOL, job.recipeSource, {
    created: job.created,
    changeId: job.changeId,
    digests: { input: patched.input.sha256, output: patched.output!.sha256 },
  });
  const artefactText = jsonOut(artefact);
  // What apply writes, the tool reads: the artefact is read back as show, verify and rollback read it.
  const readBack = parseArtefact(artefactText);
  if (!readBack.ok) {
    report.outcome = 'refused';
    report.diff = '';
    report.findings.push(withFile(finding('artefact-unreadable', 'error', { path: readBack.path, problem: readBack.problem }), input));
    return report;
  }
  const files: PendingWrite[] = [
    { path: `${stem}.xml`, content: patched.pieces },
    { path: `${stem}.diff`, content: report.diff },
    // An artefact recording the same change (made by another version, say) is the same.
    {
      path: `${stem}.patch.json`,
      content: artefactText,
      same: (old) => sameArtefact(Buffer.from(old, 'latin1').toString('utf8'), artefact),
    },
  ];
  try {
    const { recovered, kept } = commitOutputSet(files, { force: !!job.force });
    countOutputSet();
    for (const r of recovered) report.findings.push(withFile(recoveryFinding(r), input));
    // A set found whole (a re-run) is up to date: nothing written, its files as they are.
    if (kept.length === files.length) report.upToDate = true;
    else report.written = { xml: files[0]!.path, diff: files[1]!.path, artefact: files[2]!.path };
    const keptArtefact = kept.includes(files[2]!.path) ? readLatin1(files[2]!.path) : artefactText;
    report.outputs = [
      { kind: 'export', path: files[0]!.path, ...artefact.output },
      { kind: 'diff', path: files[1]!.path, ...digestOf(report.diff) },
      { kind: 'artefact', path: files[2]!.path, ...digestOf(keptArtefact) },
    ];
  } catch (e) {
    if (!(e instanceof Refused)) throw e;
    report.outcome = 'error';
    report.findings.push(withFile(e.finding, input));
  }
  return report;
}
