/**
 * `plan` and `apply`: the targets (files, directories, inventory entries), the jobs, the pool,
 * the reports, and what was written where.
 */
import { CHANGE_ID_PATTERN } from '../../patch/artefact-json-schema.js';
import { SENDER_RE } from '../../recipes/validate.js';
import { basename, join, resolve, sep } from 'node:path';
import type { Recipe, RecipeOverrides } from '../../recipes/recipe.js';
import { DEFAULT_RECIPE_NAME } from '../../recipes/builtin.js';
import type { RecipeSource } from '../../patch/artefact.js';
import { finding, Refused } from '../../findings.js';
import { messageOf, refusalLine } from '../../report/messages.js';
import type { FileReport, WrittenFile } from '../../report/model.js';
import { EXIT, exitCodeOf, worstExitCode } from '../exit-codes.js';
import {
  checkInputs,
  checkOutputPlan,
  commitOutputSet,
  expectOutputSets,
  jobsFor,
  type PendingWrite,
  type PlannedOutput,
} from '../fs/index.js';
import { digestOf, errorReport, jsonOut, recoveryFinding, type Job } from '../job.js';
import { outputOf } from '../output.js';
import { SUMS_NAME, checkSums, shownDocument, shownPath, writeSums } from '../sums.js';
import { resolveRecipe } from './recipes-run.js';
import { runJobs } from '../pool.js';
import { readInventory } from '../inventory.js';
import { createProgress } from '../progress.js';
import { usageError, type Args } from '../args.js';
import type { CliIo } from '../io.js';
import { applyFailOn, cliFinding, expandNamedInputs, printRun, readOutputSettings, reportDocument, utf8Bytes } from './common.js';

const plural = (n: number, one: string) => `${n} ${n === 1 ? one : `${one}s`}`;

function stemOf(path: string): string {
  return path.toLowerCase().endsWith('.xml') ? path.slice(0, -4) : path;
}

interface Target {
  input: string;
  path: string;
  recipe: Recipe;
  /** The recipe file's text as read, recorded in the artefact. */
  recipeSource: RecipeSource;
  listeners?: string[];
  /** The recipe differs from the run's (inventory overrides). */
  ownRecipe: boolean;
}

/** Runs plan or apply. */
export async function runPatch(verb: 'plan' | 'apply', a: Args, io: CliIo): Promise<number> {
  const settings = readOutputSettings(a);
  const senders = a.strings('sender');
  for (const s of senders)
    if (!/^[\x21-\x7E]+$/.test(s) || !SENDER_RE.test(s))
      a.fail(`--sender "${s}" cannot be written into a HAT: give an IP address, CIDR, range or hostname`);
  const listeners = a.strings('listener');
  const startedAt = (io.now ?? (() => new Date()))();
  const changeId = a.string('change-id');
  if (changeId !== undefined && !new RegExp(CHANGE_ID_PATTERN).test(changeId))
    a.fail(
      `--change-id "${changeId}" must be one word of letters, digits and . _ : / # + - (at most 64 characters, starting with a letter or digit), e.g. CHG0012345`,
    );
  const tls = a.string('tls-value');
  if (tls !== undefined && !/^[A-Za-z0-9_-]+$/.test(tls))
    a.fail(
      `--tls-value "${tls}" is not a HAT token: use letters, digits, '_' or '-' (esa-patch inspect shows the values your export uses)`,
    );
  const overrides: RecipeOverrides = {
    group: a.hatName('group-name'),
    policy: a.hatName('policy-name'),
    tls,
    senders: senders.length ? senders : undefined,
    replaceUnknownTls: a.flag('replace-tls-value') || undefined,
  };
  const recipeSpec = a.string('recipe');
  const baseFile = resolveRecipe({ recipe: recipeSpec, overrides }, io.cwd);
  const base = baseFile.recipe;
  const baseSource: RecipeSource = { name: recipeSpec ?? DEFAULT_RECIPE_NAME, text: baseFile.text };
  const jobsWanted = a.positiveInt('jobs');
  const jobsMax = a.positiveInt('jobs-max');
  const output = verb === 'apply' ? a.outputFile('output', io.cwd) : undefined;
  const outDir = verb === 'apply' ? a.string('out-dir') : undefined;
  const reportPath = a.outputFile('report', io.cwd);
  const htmlPath = a.outputFile('html', io.cwd);
  const inventory = a.string('inventory');
  const given = a.positionals('exports');
  const targets: Target[] = expandNamedInputs(io, given, { recursive: a.flag('recursive'), quiet: settings.detail === 'quiet' }).map(
    (input) => ({
      input,
      path: resolve(io.cwd, input),
      recipe: base,
      recipeSource: baseSource,
      listeners: listeners.length ? listeners : undefined,
      ownRecipe: false,
    }),
  );
  if (inventory) {
    let entries: ReturnType<typeof readInventory>;
    try {
      entries = readInventory(resolve(io.cwd, inventory));
    } catch (e) {
      throw e instanceof Refused && e.finding.code !== 'bad-inventory' ? new Refused({ ...e.finding, file: '--inventory' }) : e;
    }
    const byRecipe = new Map<string, { recipe: Recipe; source: RecipeSource }>();
    for (const e of entries) {
      // The entry's recipe (or the run's), then the command line's overrides, then the entry's.
      const entryOverrides: RecipeOverrides = {
        ...overrides,
        group: e.groupName ?? overrides.group,
        policy: e.policyName ?? overrides.policy,
        tls: e.tlsValue ?? overrides.tls,
      };
      const own = e.recipe !== undefined || e.groupName !== undefined || e.policyName !== undefined || e.tlsValue !== undefined;
      const key = JSON.stringify([e.recipe ?? recipeSpec ?? null, entryOverrides]);
      let resolved = byRecipe.get(key);
      if (!resolved) {
        const spec = e.recipe ?? recipeSpec;
        const file = own ? resolveRecipe({ recipe: spec, overrides: entryOverrides }, io.cwd) : baseFile;
        const named = e.recipe !== undefined ? (e.recipeGiven ?? e.recipe) : (recipeSpec ?? DEFAULT_RECIPE_NAME);
        resolved = { recipe: file.recipe, source: own ? { name: named, text: file.text } : baseSource };
        byRecipe.set(key, resolved);
      }
      targets.push({
        input: e.file,
        path: e.path,
        recipe: resolved.recipe,
        recipeSource: resolved.source,
        listeners: e.listener ?? (listeners.length ? listeners : undefined),
        ownRecipe: own,
      });
    }
  }
  if (!targets.length) {
    throw usageError(
      given.length
        ? `no *.xml export found in ${given.join(', ')}`
        : `name the export(s) to ${verb}: esa-patch ${verb} FILE.xml|DIR... (or --inventory FILE)`,
      verb,
    );
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
  checkInputs(
    unique.map((t) => t.path),
    io.cwd,
  );
  // A tokens file that is not one is refused before anything is written.
  if (a.string('tokens')) (await import('../appliance/tokens-file.js')).readTokensFile(resolve(io.cwd, a.string('tokens')!));
  const planned: PlannedOutput[] = [];
  const stemFor = (t: Target): string | null => {
    if (verb !== 'apply') return null;
    // Outputs are named after the input's base name only, so they stay inside --out-dir.
    const given = outDir ? join(outDir, basename(t.input)) : output!;
    const stem = stemOf(resolve(io.cwd, given));
    for (const ext of ['.xml', '.diff', '.patch.json'])
      planned.push({ name: stemOf(given) + ext, path: stem + ext, option: outDir ? '--out-dir' : '-o' });
    return stem;
  };
  const jobs: Job[] = unique.map((t) => ({
    verb,
    input: t.input,
    path: t.path,
    stem: stemFor(t),
    recipe: t.recipe,
    recipeSource: t.recipeSource,
    listeners: t.listeners,
    allowMasked: a.flag('allow-masked'),
    acceptDemoCertificate: a.flag('accept-demo-certificate'),
    force: a.flag('force'),
    created: startedAt.toISOString(),
    ...(changeId ? { changeId } : {}),
  }));
  // apply: an entry naming a file again with other settings would write the same outputs, so
  // the whole run is refused (output-collision) before anything is written.
  for (const t of verb === 'apply' ? conflicting : []) stemFor(t);
  if (reportPath) planned.push({ name: reportPath, path: resolve(io.cwd, reportPath), option: '--report' });
  if (htmlPath) planned.push({ name: htmlPath, path: resolve(io.cwd, htmlPath), option: '--html' });
  if (verb === 'apply' && outDir)
    planned.push({ name: join(outDir, SUMS_NAME), path: resolve(io.cwd, outDir, SUMS_NAME), option: '--out-dir' });
  // Every path written is checked against every input and every other output by identity
  // (links, other names), before anything is read or written.
  checkOutputPlan({
    inputs: [...unique.map((t) => ({ name: t.input, path: t.path })), ...(inventory ? [inventory] : []), ...recipeFiles(recipeSpec)],
    outputs: planned,
    cwd: io.cwd,
  });
  if (verb === 'apply' && outDir) {
    const dir = resolve(io.cwd, outDir);
    checkSums(dir, a.flag('force'), shownPath(io.cwd, join(dir, SUMS_NAME)));
  }
  const parallel = jobsFor(jobsWanted, jobsMax);
  const out = outputOf(io);
  if (parallel.capped && jobsWanted !== undefined) {
    const f = finding('jobs-capped', 'warning', { requested: jobsWanted, max: parallel.max });
    out.err(`esa-patch: warning: ${messageOf(f)} [${f.code}]\n`);
  }
  // An interruption says how many output sets are done: the same command again finishes.
  expectOutputSets(jobs.filter((j) => j.stem !== null).length);
  const progress = createProgress(io, jobs.length, !settings.json);
  const reports = await runJobs(jobs, parallel.jobs, (n) => progress.tick(n));
  progress.end();
  expectOutputSets(0);
  unique.forEach((t, k) => {
    const { times } = seen.get(t.path)!;
    if (times > 1)
      reports[k]!.findings.push(cliFinding('duplicate-input', 'warning', { path: t.input, times, conflicting: false }, { file: t.input }));
  });
  for (const t of conflicting)
    reports.push(errorReport(t.input, cliFinding('duplicate-input', 'error', { path: t.input, times: 2, conflicting: true })));
  flagRepeatedSerials(reports);
  const tokensPath = a.string('tokens');
  const hatDir = verb === 'apply' ? a.string('hat-files') : undefined;
  const extras = tokensPath || hatDir ? await import('../appliance/plan-extras.js') : null;
  if (extras && tokensPath) extras.witnessTokens(resolve(io.cwd, tokensPath), unique, reports);
  let code = worstExitCode(reports.map((x) => exitCodeOf(x.outcome, verb === 'plan')));
  const generatedAt = startedAt;
  const header = { command: verb, exitCode: code, recipe: base, generatedAt, ...(changeId ? { changeId } : {}) } as const;
  const wrote: string[] = [];
  const runErrors: string[] = [];
  const runWarnings: string[] = [];
  const documents: WrittenFile[] = [];
  if (reportPath || htmlPath) {
    const doc = reportDocument(reports, header);
    const writes: (PendingWrite & { kind: string; shown: string })[] = [];
    if (reportPath) writes.push({ kind: 'report', shown: reportPath, path: resolve(io.cwd, reportPath), content: jsonOut(doc) });
    if (htmlPath) {
      const [{ renderHtmlReport }, { readHtmlReportAssets }, { EXIT_MEANING }] = await Promise.all([
        import('../../report/html.js'),
        import('../html-assets.js'),
        import('../exit-codes.js'),
      ]);
      // A page for a change board names no local directory: paths relative to the working directory.
      const page = renderHtmlReport(shownDocument(doc, io.cwd), { ...readHtmlReportAssets(), exitMeaning: EXIT_MEANING });
      writes.push({
        kind: 'html',
        shown: htmlPath,
        path: resolve(io.cwd, htmlPath),
        content: utf8Bytes(page),
      });
    }
    try {
      for (const rec of commitOutputSet(writes, { force: a.flag('force') }).recovered) {
        const f = recoveryFinding(rec);
        runWarnings.push(`esa-patch: warning: ${messageOf(f)} [${f.code}]`);
      }
      for (const w of writes) {
        const d = digestOf(w.content as string);
        documents.push({ kind: w.kind, path: w.path, ...d });
        wrote.push(
          `wrote ${w.kind === 'html' ? 'the HTML report' : 'the JSON report'} ${shownPath(io.cwd, w.path)} (${d.bytes} bytes, sha256 ${d.sha256})`,
        );
      }
    } catch (e) {
      if (!(e instanceof Refused)) throw e;
      runErrors.push(refusalLine(e.finding));
      code = EXIT.error;
    }
  }
  if (verb === 'apply' && outDir) {
    const sets = reports.filter((r) => r.outputs?.length);
    const files = sets.reduce((n, r) => n + r.outputs!.length, 0);
    const dir = resolve(io.cwd, outDir);
    if (sets.length) {
      const to = `${shownPath(io.cwd, dir)}${sep}`;
      try {
        const sums = writeSums(dir, [...sets.flatMap((r) => r.outputs!), ...documents]);
        wrote.unshift(
          `wrote ${plural(sets.length, 'output set')} (${plural(files, 'file')}) to ${to}; ${shownPath(io.cwd, sums.path)} ${sums.status === 'same' ? 'already lists them' : 'lists them'}${sums.earlier ? ` and ${plural(sums.earlier, 'file')} of earlier runs` : ''} (check: cd ${to} && sha256sum -c ${SUMS_NAME})`,
        );
      } catch (e) {
        if (!(e instanceof Refused)) throw e;
        wrote.unshift(`wrote ${plural(sets.length, 'output set')} (${plural(files, 'file')}) to ${to}`);
        runErrors.push(refusalLine(e.finding));
        code = EXIT.error;
      }
    }
  }
  if (extras && hatDir) {
    try {
      wrote.push(...extras.writeHatFiles(reports, resolve(io.cwd, hatDir), a.flag('force')));
    } catch (e) {
      if (!(e instanceof Refused)) throw e;
      runErrors.push(refusalLine(e.finding));
      code = EXIT.error;
    }
  }
  const failed = applyFailOn(code, reports, settings.failOn);
  if (failed.count) wrote.push(`--fail-on ${settings.failOn}: ${failed.count} finding(s) at that severity or worse: exit ${failed.code}`);
  for (const w of runWarnings) out.err(`${w}\n`);
  printRun(io, reports, verb, settings, { ...header, exitCode: failed.code, written: documents }, wrote, runErrors, {
    shown: (p) => shownPath(io.cwd, p),
    listWrites: !outDir,
  });
  return failed.code;
}

/** The recipe file a run reads (never one of its outputs); none for a built-in's name. */
function recipeFiles(spec: string | undefined): string[] {
  return spec !== undefined && /[\\/.]/.test(spec) ? [spec] : [];
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
