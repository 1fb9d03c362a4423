/**
 * Runs `esa-patch check` (declared in `./check.ts`): the rules (files or the built-in `cres`),
 * the exports (files, directories, `--inventory`), one job per export on the pool, the rules
 * that compare exports, then the text or JSON report and the CI files, written atomically.
 * Exit 0 when nothing reaches --fail-on, 1 otherwise (or on an error).
 */
import { relative, resolve } from 'node:path';
import type { CliIo } from '../io.js';
import { checkInputs, checkOutputPlan, expandInputs, jobsFor, readLatin1 } from '../fs/index.js';
import { usageError, type Args } from '../args.js';
import { outputOf } from '../output.js';
import { jsonOut } from '../job.js';
import { commitReports, utf8Bytes } from './common.js';
import { readInventory } from '../inventory.js';
import { runPool } from '../pool.js';
import { failedCheck, runCheckJob, type CheckJob } from '../check-job.js';
import { TOOL, TOOL_VERSION } from '../../version.js';
import type { Severity } from '../../findings.js';
import { CRES_RULES, type CheckRule } from '../../check/rules.js';
import { loadRules } from '../../check/rules-load.js';
import { judgeSameHat } from '../../check/run.js';
import { CHECK_SCHEMA_ID, formatCheck, summarise, type CheckDocument, type CheckedFile } from '../../report/check.js';
import { withMessage, refusalLine } from '../../report/messages.js';
import { decodeForTerminal } from '../../report/terminal.js';
import { Refused } from '../../findings.js';

/** Built-in rule sets. */
const BUILTIN: Readonly<Record<string, readonly CheckRule[]>> = { cres: CRES_RULES };

/** The rules `--rules` names; a rules file with errors stops the run (exit 1) with each error at file:line:col. */
function readRules(specs: readonly string[], io: CliIo): CheckRule[] {
  const out: CheckRule[] = [];
  for (const spec of specs) {
    const builtin = !/[\\/.]/.test(spec) ? BUILTIN[spec.toLowerCase()] : undefined;
    if (builtin) {
      out.push(...builtin);
      continue;
    }
    if (!/[\\/.]/.test(spec))
      throw usageError(
        `--rules ${spec}: no built-in rule set of that name (built in: ${Object.keys(BUILTIN).join(', ')}); or name a file`,
        'check',
      );
    let text: string;
    try {
      text = Buffer.from(readLatin1(resolve(io.cwd, spec)), 'latin1').toString('utf8');
    } catch (e) {
      throw e instanceof Refused ? new Refused({ ...e.finding, file: '--rules' }) : e;
    }
    const loaded = loadRules(text, spec);
    if (!loaded.rules) {
      // Every problem, in order: the last one is the refusal that stops the run.
      for (const f of loaded.findings.slice(0, -1)) io.err(`${refusalLine(f)}\n`);
      throw new Refused(loaded.findings.at(-1)!);
    }
    out.push(...loaded.rules);
  }
  const seen = new Set<string>();
  for (const r of out) {
    if (seen.has(r.id.toLowerCase()))
      throw usageError(`--rules: rule id ${r.id} is given twice (each rule id once across the rules files)`, 'check');
    seen.add(r.id.toLowerCase());
  }
  return out;
}

/** Runs `check`. */
export async function runCheckCommand(a: Args, io: CliIo): Promise<number> {
  const quiet = a.flag('quiet');
  const verbose = a.flag('verbose');
  if (quiet && verbose) a.fail('--quiet and --verbose contradict each other; give one of them');
  const failOnText = a.choice('fail-on', ['error', 'warning', 'note', 'info'] as const) ?? 'error';
  const failOn: Severity = failOnText === 'note' ? 'info' : failOnText;
  const json = a.flag('json');
  const outputs = (['junit', 'sarif', 'html'] as const)
    .map((k) => [k, a.outputFile(k, io.cwd)] as const)
    .filter(([, v]) => v !== undefined) as ['junit' | 'sarif' | 'html', string][];
  const jobsWanted = a.positiveInt('jobs');
  const jobsMax = a.positiveInt('jobs-max');
  const inventory = a.string('inventory');
  const given = a.positionals('exports');
  const rules = readRules(a.strings('rules'), io);
  const inputs = expandInputs(given, io.cwd);
  if (inventory) inputs.push(...readInventory(resolve(io.cwd, inventory)).map((e) => relative(io.cwd, e.path) || e.path));
  if (!inputs.length)
    throw usageError(
      given.length
        ? `no *.xml export found in ${given.join(', ')}`
        : 'name the export(s) to check: esa-patch check FILE.xml|DIR... (or --inventory FILE)',
      'check',
    );
  const unique = [...new Map(inputs.map((i) => [resolve(io.cwd, i), i] as const)).entries()];
  checkInputs(
    unique.map(([, i]) => i),
    io.cwd,
  );
  if (outputs.length)
    checkOutputPlan({
      inputs: [...unique.map(([path, name]) => ({ name, path })), ...(inventory ? [inventory] : [])],
      outputs: outputs.map(([k, v]) => ({ name: v, path: resolve(io.cwd, v), option: `--${k}` })),
      cwd: io.cwd,
    });
  const jobs: CheckJob[] = unique.map(([path, input]) => ({ input, path, rules, rulesOnly: a.flag('rules-only') }));
  const parallel = jobsFor(jobsWanted, jobsMax).jobs;
  const checks = await runPool(jobs, parallel, () => {}, { kind: 'check', local: runCheckJob, failed: failedCheck });
  judgeSameHat(rules, checks);
  const files: CheckedFile[] = checks.map(({ hats: _hats, ...c }) => ({
    ...c,
    findings: c.findings.map(withMessage),
    results: c.results.map((r) => ({ ...r, finding: r.finding && withMessage(r.finding) })),
  }));
  const summary = summarise(files, failOn);
  const doc: CheckDocument = {
    schema: CHECK_SCHEMA_ID,
    tool: TOOL,
    command: 'check',
    exitCode: summary.failing ? 1 : 0,
    failOn,
    rules: rules.map((r) => ({ id: r.id, kind: r.assertion.kind, severity: r.severity, description: r.description })),
    files,
    summary,
  };
  const out = outputOf(io, quiet ? 'quiet' : verbose ? 'verbose' : 'normal');
  let code = doc.exitCode;
  if (outputs.length) {
    const writes: { path: string; content: string }[] = [];
    for (const [kind, file] of outputs) {
      let text: string;
      if (kind === 'junit') text = (await import('../../report/check-junit.js')).renderJunit(doc);
      else if (kind === 'sarif')
        text = (await import('../../report/check-sarif.js')).renderSarif(doc, TOOL_VERSION, (f) => relative(io.cwd, resolve(io.cwd, f)));
      else text = (await import('../../report/html-check.js')).renderCheckHtml(doc);
      writes.push({ path: resolve(io.cwd, file), content: utf8Bytes(text) });
    }
    if (!commitReports(out, writes, a.flag('force'))) code = 1;
  }
  if (json) out.raw(jsonOut({ ...doc, exitCode: code }));
  else out.out(decodeForTerminal(formatCheck(doc, quiet ? 'quiet' : verbose ? 'verbose' : 'normal'), null));
  return code;
}
