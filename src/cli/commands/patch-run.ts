/**
 * `plan` and `apply`: the targets (files, directories, inventory entries), the jobs, the pool,
 * the reports, and what was written where.
 */
import type { Argv } from 'yargs';
import { availableParallelism } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { cresRecipe, type CresRecipe } from '../../patch/recipe.js';
import type { FileReport, WrittenFile } from '../../report/model.js';
import { EXIT, exitCodeOf, worstExitCode } from '../exit-codes.js';
import { CliError, expandInputs, writeAllAtomic, type PendingWrite } from '../files.js';
import { digestOf, errorReport, jsonOut, type Job } from '../job.js';
import { runJobs } from '../pool.js';
import { readInventory } from '../inventory.js';
import { createProgress } from '../progress.js';
import { UsageError, type Args } from '../args.js';
import type { CliIo } from '../io.js';
import { applyFailOn, cliFinding, outputOptions, printRun, readOutputSettings, reportDocument } from './common.js';

/** Declares the options plan and apply share. */
export function patchOptions(y: Argv): Argv {
  return outputOptions(
    y
      .positional('exports', { describe: 'export files (*.xml), or directories of them', type: 'string' })
      .option('listener', { type: 'string', array: true, requiresArg: true, describe: 'a listener to patch; repeat for several (default: every public listener)' })
      .option('group-name', { type: 'string', requiresArg: true, describe: 'name of the CRES sender group (default CRES)' })
      .option('policy-name', { type: 'string', requiresArg: true, describe: 'name of the TLS-Required mail flow policy (default CRES_TLS)' })
      .option('tls-value', { type: 'string', requiresArg: true, describe: 'HAT token for TLS "Required" in your AsyncOS release (default required)' })
      .option('sender', { type: 'string', array: true, requiresArg: true, describe: 'a CRES sender; repeat for several (replaces the default list)' })
      .option('allow-masked', { type: 'boolean', describe: 'patch an export saved with masked passphrases, for review only (it cannot be loaded back)' })
      .option('inventory', { type: 'string', requiresArg: true, describe: 'JSON or YAML list of { file, listener?, groupName?, policyName?, tlsValue? }' })
      .option('jobs', { alias: 'j', type: 'string', requiresArg: true, describe: 'files processed in parallel (default: the number of CPUs)' })
      .option('report', { type: 'string', requiresArg: true, describe: 'also write the JSON report (esa-patch/report@1) to this file' })
      .option('html', { type: 'string', requiresArg: true, describe: 'also write a self-contained HTML report for reviewers to this file' }),
  );
}

function stemOf(path: string): string {
  return path.toLowerCase().endsWith('.xml') ? path.slice(0, -4) : path;
}

interface Target {
  input: string;
  path: string;
  recipe: CresRecipe;
  listeners?: string[];
  /** The recipe differs from the run's (inventory overrides). */
  ownRecipe: boolean;
}

/** Runs plan or apply. */
export async function runPatch(verb: 'plan' | 'apply', a: Args, io: CliIo): Promise<number> {
  const settings = readOutputSettings(a);
  const senders = a.strings('sender');
  for (const s of senders) if (!/^[\x21-\x7E]+$/.test(s) || /[(){}$,]/.test(s)) a.fail(`--sender "${s}" cannot be written into a HAT: give an IP address, CIDR, range or hostname`);
  const listeners = a.strings('listener');
  const tls = a.string('tls-value');
  if (tls !== undefined && !/^[A-Za-z0-9_-]+$/.test(tls)) a.fail(`--tls-value "${tls}" is not a HAT token: use letters, digits, '_' or '-' (esa-patch inspect shows the values your export uses)`);
  const base = cresRecipe({ group: a.hatName('group-name'), policy: a.hatName('policy-name'), tls, senders: senders.length ? senders : undefined });
  const jobsWanted = a.positiveInt('jobs');
  const output = verb === 'apply' ? a.outputFile('output', io.cwd) : undefined;
  const outDir = verb === 'apply' ? a.string('out-dir') : undefined;
  const reportPath = a.outputFile('report', io.cwd);
  const htmlPath = a.outputFile('html', io.cwd);
  const inventory = a.string('inventory');
  const given = a.positionals('exports');
  const targets: Target[] = expandInputs(given, io.cwd).map((input) => ({ input, path: resolve(io.cwd, input), recipe: base, listeners: listeners.length ? listeners : undefined, ownRecipe: false }));
  if (inventory) {
    let entries: ReturnType<typeof readInventory>;
    try {
      entries = readInventory(resolve(io.cwd, inventory));
    } catch (e) {
      if (e instanceof CliError && e.code !== 'bad-inventory') throw new CliError(`--inventory: ${e.message}`, e.code, e.exitCode);
      throw e;
    }
    for (const e of entries) {
      const recipe = cresRecipe({ ...base, group: e.groupName ?? base.group, policy: e.policyName ?? base.policy, tls: e.tlsValue ?? base.tls });
      const own = recipe.group !== base.group || recipe.policy !== base.policy || recipe.tls !== base.tls;
      targets.push({ input: e.file, path: e.path, recipe, listeners: e.listener ?? (listeners.length ? listeners : undefined), ownRecipe: own });
    }
  }
  if (!targets.length) {
    throw new UsageError(given.length ? `no *.xml export found in ${given.join(', ')}` : `name the export(s) to ${verb}: esa-patch ${verb} FILE.xml|DIR... (or --inventory FILE)`, verb);
  }
  // The same file twice would be planned twice and, for apply, written twice: with the same
  // settings it is processed once (a warning); with other settings the later entry is refused,
  // as there is no telling which was meant.
  const settingsOf = (t: Target) => JSON.stringify([t.recipe, t.listeners ?? null]);
  const seen = new Map<string, { first: Target; times: number }>();
  const conflicting: Target[] = [];
  const unique: Target[] = [];
  for (const t of targets) {
    const hit = seen.get(t.path);
    if (!hit) {
      seen.set(t.path, { first: t, times: 1 });
      unique.push(t);
    } else if (settingsOf(hit.first) === settingsOf(t)) hit.times++;
    else conflicting.push(t);
  }
  if (verb === 'apply') {
    if (output && outDir) a.fail('give either -o OUT.xml (one input) or --out-dir DIR, not both');
    if (unique.length > 1 && !outDir) a.fail(`${unique.length} inputs: use --out-dir DIR (-o names the output of a single input)`);
    if (!output && !outDir) a.fail('say where to write: -o OUT.xml (writes OUT.xml, OUT.diff, OUT.patch.json) or --out-dir DIR');
  }
  const taken = new Set<string>();
  const collisions = new Map<number, FileReport>();
  const jobs: Job[] = [];
  unique.forEach((t, k) => {
    let stem: string | null = null;
    if (verb === 'apply') {
      // Outputs are named after the input's base name only, so they stay inside --out-dir.
      stem = stemOf(resolve(io.cwd, outDir ? join(outDir, basename(t.input)) : output!));
      if ([`${stem}.xml`, `${stem}.diff`, `${stem}.patch.json`].includes(t.path)) {
        collisions.set(k, errorReport(t.input, cliFinding('output-is-input', 'error', { output: `${stem}.xml`, input: t.input })));
        stem = null;
      } else if (taken.has(stem)) {
        collisions.set(k, errorReport(t.input, cliFinding('output-collision', 'error', { output: `${stem}.xml` })));
        stem = null;
      }
      if (stem) taken.add(stem);
    }
    jobs.push({ verb, input: t.input, path: t.path, stem, recipe: t.recipe, listeners: t.listeners, allowMasked: a.flag('allow-masked'), force: a.flag('force') });
  });
  const runnable = jobs.filter((_, k) => !collisions.has(k));
  const progress = createProgress(io, runnable.length, !settings.json);
  const done = await runJobs(runnable, jobsWanted ?? availableParallelism(), (n) => progress.tick(n));
  progress.end();
  let r = 0;
  const reports = jobs.map((_, k) => collisions.get(k) ?? done[r++]!);
  unique.forEach((t, k) => {
    const { times } = seen.get(t.path)!;
    if (times > 1) reports[k]!.findings.push(cliFinding('duplicate-input', 'warning', { path: t.input, times, conflicting: false }, { file: t.input }));
  });
  for (const t of conflicting) reports.push(errorReport(t.input, cliFinding('duplicate-input', 'error', { path: t.input, times: 2, conflicting: true })));
  flagRepeatedSerials(reports);
  let code = worstExitCode(reports.map((x) => exitCodeOf(x.outcome, verb === 'plan')));
  const generatedAt = (io.now ?? (() => new Date()))();
  const header = { command: verb, exitCode: code, recipe: base, generatedAt } as const;
  const wrote: string[] = [];
  const runErrors: string[] = [];
  const documents: WrittenFile[] = [];
  if (reportPath || htmlPath) {
    const doc = reportDocument(reports, header);
    const writes: (PendingWrite & { kind: string; shown: string })[] = [];
    if (reportPath) writes.push({ kind: 'report', shown: reportPath, path: resolve(io.cwd, reportPath), content: jsonOut(doc) });
    if (htmlPath) {
      const [{ renderHtmlReport }, { readHtmlReportAssets }, { EXIT_MEANING }] = await Promise.all([import('../../report/html.js'), import('../html-assets.js'), import('../exit-codes.js')]);
      const page = renderHtmlReport(doc, { ...readHtmlReportAssets(), exitMeaning: EXIT_MEANING });
      writes.push({ kind: 'html', shown: htmlPath, path: resolve(io.cwd, htmlPath), content: Buffer.from(page, 'utf8').toString('latin1') });
    }
    try {
      writeAllAtomic(writes, a.flag('force'));
      for (const w of writes) {
        const d = digestOf(w.content as string);
        documents.push({ kind: w.kind, path: w.path, ...d });
        wrote.push(`wrote ${w.kind === 'html' ? 'the HTML report' : 'the JSON report'} ${w.shown} (${d.bytes} bytes, sha256 ${d.sha256})`);
      }
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      runErrors.push(`esa-patch: ${e.message} [${e.code}]`);
      code = EXIT.error;
    }
  }
  const failed = applyFailOn(code, reports, settings.failOn);
  if (failed.count) wrote.push(`--fail-on ${settings.failOn}: ${failed.count} finding(s) at that severity or worse: exit ${failed.code}`);
  printRun(io, reports, verb, settings, { ...header, exitCode: failed.code, written: documents }, wrote, runErrors);
  return failed.code;
}

/** One serial number in several files: a warning on each of them. */
function flagRepeatedSerials(reports: FileReport[]): void {
  const bySerial = new Map<string, FileReport[]>();
  for (const r of reports) if (r.serial) bySerial.set(r.serial, [...(bySerial.get(r.serial) ?? []), r]);
  for (const [serial, rs] of bySerial) {
    if (rs.length < 2) continue;
    const files = rs.map((x) => x.file);
    for (const x of rs) x.findings.push(cliFinding('serial-repeated', 'warning', { serial, files }, { file: x.file }));
  }
}
