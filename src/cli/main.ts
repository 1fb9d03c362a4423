/**
 * The command line: parses arguments with yargs, runs a command, maps every outcome to the
 * documented exit code. The only layer (with ./files.ts) that touches files and streams.
 */
import yargs from 'yargs';
import { basename, join, resolve } from 'node:path';
import { TOOL, TOOL_VERSION } from '../version.js';
import { DEFAULT_RECIPE, withOverrides, type Recipe } from '../recipes/index.js';
import { finding } from '../findings.js';
import { messageOf, withMessage } from '../report/messages.js';
import type { PatchArtefact } from '../patch/artefact.js';
import { validateArtefact } from '../patch/artefact-schema.js';
import { rollbackExport } from '../patch/rollback.js';
import { colourDiff, unifiedDiff } from '../report/diff.js';
import { exitCodeOf, worstExitCode, type FileReport } from '../report/model.js';
import { groupReports } from '../report/groups.js';
import { formatBatch, formatFinding, formatSummary } from '../report/text.js';
import { formatInspect } from '../report/inspect.js';
import { inspectExport } from '../patch/inspect.js';
import { CliError, checkInputs, checkOutputPlan, commitOutputSet, expandInputs, jobsFor, readLatin1, refuseDirectory, type PendingWrite, type PlannedOutput } from './fs/index.js';
import { REPORT_SCHEMA_ID, type ReportDocument } from '../report/schema.js';
import { cliErrorFinding, jsonOut, recoveryFinding, withFile, type Job } from './job.js';
import { runJobs } from './pool.js';
import { readInventory } from './inventory.js';
import { createProgress } from './progress.js';
import type { CliIo } from './io.js';
import { recipeCommand, recipesCommand } from './commands/recipes.js';
import { diffCommand } from './commands/diff.js';
import { traceCommand } from './commands/trace.js';

/** Schema identifier of the JSON reports of plan, apply and rollback. */
export const REPORT_SCHEMA = REPORT_SCHEMA_ID;

interface PatchArgs {
  exports?: string[];
  inventory?: string;
  jobs?: number;
  jobsMax?: number;
  listener?: string[];
  groupName?: string;
  policyName?: string;
  tlsValue?: string;
  sender?: string[];
  replaceTlsValue?: boolean;
  force?: boolean;
  allowMasked?: boolean;
  json?: boolean;
  output?: string;
  outDir?: string;
  report?: string;
  html?: string;
}

function recipeOf(a: PatchArgs): Recipe {
  return withOverrides(DEFAULT_RECIPE, {
    group: a.groupName,
    policy: a.policyName,
    tls: a.tlsValue,
    senders: a.sender && a.sender.length ? a.sender : undefined,
    replaceUnknownTls: a.replaceTlsValue,
  });
}

function stemOf(path: string): string {
  return path.toLowerCase().endsWith('.xml') ? path.slice(0, -4) : path;
}

/** The JSON report: schema `esa-patch/report@1`, every file, and the groups of identical plans. */
function reportDocument(reports: FileReport[], verb: ReportDocument['command'], exitCode: number): ReportDocument {
  const files = reports.map((r) => ({ ...r, findings: r.findings.map(withMessage) }));
  return { schema: REPORT_SCHEMA, tool: TOOL, command: verb, exitCode, files, groups: groupReports(reports) };
}

function printReports(io: CliIo, reports: FileReport[], verb: 'plan' | 'apply' | 'rollback', json: boolean, showDiff: boolean, exitCode: number): void {
  if (json) {
    io.out(jsonOut(reportDocument(reports, verb, exitCode)));
    return;
  }
  for (const r of reports) for (const f of r.findings.filter((x) => x.severity === 'error')) io.err(formatFinding(f) + '\n');
  const colour = (d: string) => (io.stdoutIsTTY ? colourDiff(d) : d);
  if (reports.length > 1) {
    io.out(formatBatch(reports, groupReports(reports), verb, showDiff, colour));
    return;
  }
  for (const r of reports) {
    io.out(formatSummary({ ...r, findings: r.findings.filter((f) => f.severity !== 'error') }, verb));
    if (showDiff && r.diff) io.out(colour(r.diff));
  }
}

async function runPatch(verb: 'plan' | 'apply', a: PatchArgs, io: CliIo): Promise<number> {
  const base = recipeOf(a);
  const targets: { input: string; path: string; recipe: Recipe; listeners?: string[] }[] = expandInputs(a.exports ?? [], io.cwd).map((input) => ({
    input,
    path: resolve(io.cwd, input),
    recipe: base,
    listeners: a.listener,
  }));
  if (a.inventory) {
    for (const e of readInventory(resolve(io.cwd, a.inventory))) {
      const recipe = withOverrides(base, { group: e.groupName, policy: e.policyName, tls: e.tlsValue });
      targets.push({ input: e.file, path: e.path, recipe, listeners: e.listener ?? a.listener });
    }
  }
  if (!targets.length) throw new CliError(`no *.xml export found in ${(a.exports ?? []).join(', ') || '(no input)'}: name files, directories or --inventory FILE`, 'no-input');
  if (verb === 'apply') {
    if (a.output && a.outDir) throw new CliError('give either -o OUT.xml (one input) or --out-dir DIR, not both', 'bad-arguments');
    if (targets.length > 1 && !a.outDir) throw new CliError(`${targets.length} inputs: use --out-dir DIR (-o names the output of a single input)`, 'bad-arguments');
    if (!a.output && !a.outDir) throw new CliError('say where to write: -o OUT.xml (writes OUT.xml, OUT.diff, OUT.patch.json) or --out-dir DIR', 'bad-arguments');
  }
  if (a.jobs !== undefined && (!Number.isInteger(a.jobs) || a.jobs < 1)) throw new CliError(`--jobs must be a whole number of at least 1, not ${a.jobs}`, 'bad-arguments');
  if (a.jobsMax !== undefined && (!Number.isInteger(a.jobsMax) || a.jobsMax < 1)) throw new CliError(`--jobs-max must be a whole number of at least 1, not ${a.jobsMax}`, 'bad-arguments');
  if (verb === 'apply' && a.output) refuseDirectory(a.output, '-o', io.cwd);
  // Every path written is checked against every input and every other output by identity,
  // before anything is read or written.
  checkInputs(targets.map((t) => t.path), io.cwd);
  const planned: PlannedOutput[] = [];
  const jobs: Job[] = targets.map((t) => {
    let stem: string | null = null;
    if (verb === 'apply') {
      // Outputs are named after the input's base name only, so they stay inside --out-dir.
      const name = stemOf(a.outDir ? join(a.outDir, basename(t.input)) : a.output!);
      stem = stemOf(resolve(io.cwd, a.outDir ? join(a.outDir, basename(t.input)) : a.output!));
      for (const ext of ['.xml', '.diff', '.patch.json']) planned.push({ name: name + ext, path: stem + ext, option: a.outDir ? '--out-dir' : '-o' });
    }
    return { verb, input: t.input, path: t.path, stem, recipe: t.recipe, listeners: t.listeners, allowMasked: a.allowMasked, force: a.force };
  });
  if (a.report) planned.push({ name: a.report, path: resolve(io.cwd, a.report), option: '--report' });
  if (a.html) planned.push({ name: a.html, path: resolve(io.cwd, a.html), option: '--html' });
  checkOutputPlan({ inputs: [...targets.map((t) => ({ name: t.input, path: t.path })), ...(a.inventory ? [a.inventory] : [])], outputs: planned, cwd: io.cwd });
  const parallel = jobsFor(a.jobs, a.jobsMax);
  if (parallel.capped && a.jobs !== undefined) io.err(`esa-patch: warning: ${messageOf(finding('jobs-capped', 'warning', { requested: a.jobs, max: parallel.max }))} [jobs-capped]\n`);
  const progress = createProgress(io, jobs.length, !a.json);
  const reports = await runJobs(jobs, parallel.jobs, (n) => progress.tick(n));
  progress.end();
  let code = worstExitCode(reports.map((r) => exitCodeOf(r.outcome, verb === 'plan')));
  const writes: PendingWrite[] = [];
  if (a.report || a.html) {
    const doc = reportDocument(reports, verb, code);
    if (a.report) writes.push({ path: resolve(io.cwd, a.report), content: jsonOut(doc) });
    if (a.html) {
      const [{ renderHtmlReport }, { readHtmlReportAssets }] = await Promise.all([import('../report/html.js'), import('./html-assets.js')]);
      writes.push({ path: resolve(io.cwd, a.html), content: Buffer.from(renderHtmlReport(doc, readHtmlReportAssets()), 'utf8').toString('latin1') });
    }
  }
  if (writes.length) {
    try {
      for (const r of commitOutputSet(writes, { force: !!a.force }).recovered) {
        const f = recoveryFinding(r);
        io.err(`esa-patch: warning: ${messageOf(f)} [${f.code}]\n`);
      }
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      io.err(`esa-patch: ${e.message} [${e.code}]\n`);
      code = 1;
    }
  }
  printReports(io, reports, verb, !!a.json, verb === 'plan', code);
  return code;
}

interface RollbackArgs {
  patched: string;
  patch: string;
  output?: string;
  plan?: boolean;
  force?: boolean;
  json?: boolean;
}

/**
 * The artefact of `file` (its bytes as latin1): parsed and validated before anything uses it.
 * Anything else is exit 1 with `artefact-invalid`, naming the JSON path of the first problem.
 */
export function readArtefact(bytes: string, file: string): PatchArtefact {
  const invalid = (path: string, problem: string) => new CliError(messageOf(finding('artefact-invalid', 'error', { file, path, problem })), 'artefact-invalid');
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(bytes, 'latin1').toString('utf8')) as unknown;
  } catch (e) {
    throw invalid('$', `is not valid JSON (${e instanceof Error ? e.message.replace(/[^\x20-\x7e]/g, '?').slice(0, 200) : 'unreadable'})`);
  }
  const v = validateArtefact(raw);
  if (!v.ok) throw invalid(v.path, v.problem);
  return v.artefact;
}

async function runRollback(a: RollbackArgs, io: CliIo): Promise<number> {
  if (!a.plan && !a.output) throw new CliError('say where to write the restored export: -o RESTORED.xml (or --plan to only show the reverse diff)', 'bad-arguments');
  if (a.output) {
    refuseDirectory(a.output, '-o', io.cwd);
    checkOutputPlan({ inputs: [a.patched, a.patch], outputs: [{ name: a.output, path: resolve(io.cwd, a.output), option: '-o' }], cwd: io.cwd });
  }
  const text = readLatin1(resolve(io.cwd, a.patched));
  const artefact = readArtefact(readLatin1(resolve(io.cwd, a.patch)), a.patch);
  const result = rollbackExport(text, artefact);
  const report: FileReport = {
    file: a.patched,
    outcome: result.outcome,
    // The appliance as the artefact recorded it: no second parse of a large export.
    hostname: artefact.input.hostname,
    asyncos: artefact.input.asyncos,
    serial: artefact.input.serial ?? null,
    listeners: [],
    operations: result.operations,
    findings: [...result.findings.map((f) => withFile(f, a.patched))],
    diff: result.outcome === 'patched' ? unifiedDiff(text, result.edits, basename(a.patched)) : '',
  };
  if (!a.plan && (result.outcome === 'patched' || result.outcome === 'unchanged')) {
    try {
      const { recovered } = commitOutputSet([{ path: resolve(io.cwd, a.output!), content: result.output }], { force: !!a.force });
      for (const r of recovered) report.findings.push(withFile(recoveryFinding(r), a.patched));
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      report.outcome = 'error';
      report.findings.push(withFile(cliErrorFinding(e, a.output!), a.patched));
    }
  }
  const code = exitCodeOf(report.outcome, !!a.plan);
  printReports(io, [report], 'rollback', !!a.json, !!a.plan, code);
  if (!a.json && !a.plan && report.outcome !== 'error' && report.outcome !== 'refused') io.out(`  wrote ${a.output}\n`);
  return code;
}

async function runInspect(a: { exports: string[]; json?: boolean; allowMasked?: boolean }, io: CliIo): Promise<number> {
  const inputs = expandInputs(a.exports, io.cwd);
  if (!inputs.length) throw new CliError(`no *.xml export found in ${a.exports.join(', ')}`, 'no-input');
  checkInputs(inputs, io.cwd);
  const results = [];
  let code = 0;
  for (const input of inputs) {
    let text: string;
    try {
      text = readLatin1(resolve(io.cwd, input));
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      io.err(`${input}: error: ${e.message} [${e.code}]\n`);
      code = worstExitCode([code, 1]);
      continue;
    }
    const r = inspectExport(text, input, DEFAULT_RECIPE);
    results.push(r);
    if (r.error) {
      code = worstExitCode([code, 1]);
      if (!a.json) io.err(formatFinding(r.error) + '\n');
    } else if (!a.json) {
      io.out(formatInspect(r));
    }
  }
  if (a.json) {
    const files = results.map((r) => ({ ...r, findings: r.findings.map(withMessage), error: r.error && withMessage(r.error) }));
    io.out(jsonOut({ schema: 'esa-patch/inspect@1', tool: TOOL, files }));
  }
  return code;
}

function patchOptions<T>(y: import('yargs').Argv<T>) {
  return y
    .option('listener', { type: 'string', array: true, describe: 'listener to patch, by name or element path (repeatable; default: every public listener)' })
    .option('group-name', { type: 'string', describe: 'name of the CRES sender group', default: 'CRES' })
    .option('policy-name', { type: 'string', describe: 'name of the TLS-Required mail flow policy', default: 'CRES_TLS' })
    .option('tls-value', { type: 'string', describe: 'HAT token for TLS "Required" in your AsyncOS release', default: 'required' })
    .option('sender', { type: 'string', array: true, describe: 'a CRES sender (repeatable; replaces the default list)' })
    .option('replace-tls-value', { type: 'boolean', describe: 'replace a TLS value of the policy that esa-patch does not know' })
    .option('allow-masked', { type: 'boolean', describe: 'patch an export saved with masked passphrases (it cannot be loaded back as is)' })
    .option('json', { type: 'boolean', describe: 'print a machine-readable report instead' })
    .option('report', { type: 'string', describe: 'also write the JSON report (esa-patch/report@1) to FILE.json' })
    .option('inventory', { type: 'string', describe: 'JSON or YAML list of { file, listener?, groupName?, policyName?, tlsValue? }' })
    .option('jobs', { type: 'number', describe: 'files processed in parallel (default: the number of CPUs)' })
    .option('jobs-max', { type: 'number', describe: 'the cap on --jobs (default: the number of CPUs)' })
    .option('html', { type: 'string', describe: 'also write a self-contained HTML report for reviewers to FILE.html' });
}

function parser() {
  return yargs()
    .scriptName('esa-patch')
    .usage('$0 <command> [options]\n\nPlan, apply and roll back the Cisco RES TLS change (tech note 118539) on ESA configuration exports.')
    .command('plan [exports..]', 'show what would change (writes nothing but --report); exit 2 when changes are pending', (y) =>
      patchOptions(y).option('force', { type: 'boolean', describe: 'overwrite an existing --report file' }),
    )
    .command('apply [exports..]', 'write the patched export, its diff and its patch artefact', (y) =>
      patchOptions(y)
        .option('output', { alias: 'o', type: 'string', describe: 'patched export OUT.xml (also writes OUT.diff and OUT.patch.json)' })
        .option('out-dir', { type: 'string', describe: 'directory for DIR/<name>.xml, .diff and .patch.json of each input' })
        .option('force', { type: 'boolean', describe: 'overwrite existing output files' }),
    )
    .command('rollback <patched>', 'undo a patch with its artefact', (y) =>
      y
        .option('patch', { type: 'string', demandOption: true, describe: 'the OUT.patch.json that apply wrote' })
        .option('output', { alias: 'o', type: 'string', describe: 'restored export' })
        .option('plan', { type: 'boolean', describe: 'show the reverse diff only; exit 2 when changes are pending' })
        .option('force', { type: 'boolean', describe: 'overwrite an existing output file' })
        .option('json', { type: 'boolean', describe: 'print a machine-readable report' }),
    )
    .command('inspect <exports..>', 'list the appliance, its listeners, their policies (with TLS values) and sender groups', (y) =>
      y.option('json', { type: 'boolean', describe: 'print JSON' }),
    )
    .command('spf [records..]', "check an SPF record for Cisco RES (include:res.cisco.com) and propose the change; - reads one from standard input", (y) =>
      y
        .option('domain-file', { type: 'string', describe: 'file of domain<TAB>record lines' })
        .option('resolve', { type: 'boolean', default: false, describe: 'expand includes and redirects through DNS' })
        .option('dns-server', { type: 'string', describe: 'DNS server HOST:PORT for --resolve' })
        .option('max-queries', { type: 'number', describe: 'DNS queries one run sends at most with --resolve (default 50)' })
        .option('time-bound', { type: 'number', describe: 'ms all DNS lookups of one run may take with --resolve (default 10000)' })
        .option('json', { type: 'boolean', default: false, describe: 'print JSON' }),
    )
    .command(recipesCommand.command, recipesCommand.describe, recipesCommand.builder)
    .command(recipeCommand.command, recipeCommand.describe, recipeCommand.builder)
    .command(diffCommand.command, diffCommand.describe, diffCommand.builder)
    .command(traceCommand.command, traceCommand.describe, traceCommand.builder)
    .demandCommand(1, 'name a command: plan, apply, rollback, inspect, diff, trace or spf')
    .strict()
    .exitProcess(false)
    .help()
    .version(TOOL_VERSION)
    .wrap(100);
}

/** Stands for a lone '-' argument while yargs parses (it would drop it). */
const STDIN_MARK = '\u0000stdin';

/** Runs the command line `argv` (without node and script). Returns the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed: Record<string, unknown> | null = null;
  let failure: string | null = null;
  let output = '';
  // yargs drops a lone '-' (spf: standard input): carry it through as a marker.
  const marked = argv.includes('spf') ? argv.map((a) => (a === '-' ? STDIN_MARK : a)) : [...argv];
  parser().parse(marked, {}, (err: Error | undefined, args: Record<string, unknown>, out: string) => {
    if (err) failure = err.message;
    else parsed = args;
    output = out;
  });
  if (failure !== null) {
    io.err(`${output ? output + '\n\n' : ''}esa-patch: ${failure}\n`);
    return 1;
  }
  if (output) {
    io.out(output + '\n');
    return 0;
  }
  const args = parsed! as Record<string, unknown> & { _: (string | number)[] };
  const command = String(args._[0]);
  try {
    switch (command) {
      case 'plan':
      case 'apply':
        return await runPatch(command, args as unknown as PatchArgs, io);
      case 'rollback':
        return await runRollback(args as unknown as RollbackArgs, io);
      case 'inspect':
        return await runInspect(args as unknown as { exports: string[]; json?: boolean }, io);
      case 'spf': {
        const { runSpf } = await import('./spf.js');
        return await runSpf(
          {
            records: ((args['records'] as string[] | undefined) ?? []).map((r) => (String(r) === STDIN_MARK ? '-' : String(r))),
            domainFile: args['domainFile'] as string | undefined,
            resolve: !!args['resolve'],
            dnsServer: args['dnsServer'] as string | undefined,
            maxQueries: args['maxQueries'] as number | undefined,
            timeBoundMs: args['timeBound'] as number | undefined,
            json: !!args['json'],
          },
          io,
        );
      }
      case 'recipes':
        return await recipesCommand.handler(args as never, io);
      case 'recipe':
        return await recipeCommand.handler(args as never, io);
      case 'diff':
        return await diffCommand.handler(args as never, io);
      case 'trace':
        return await traceCommand.handler(args as never, io);
      default:
        io.err(`esa-patch: unknown command ${command}\n`);
        return 1;
    }
  } catch (e) {
    if (e instanceof CliError) {
      io.err(`esa-patch: ${e.message} [${e.code}]\n`);
      return e.exitCode;
    }
    io.err(`esa-patch: internal error: ${(e as Error).stack ?? String(e)}\nNothing was written. Please report this.\n`);
    return 1;
  }
}
