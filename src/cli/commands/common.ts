/**
 * What several commands share: reading the output options (`--json`, `--quiet`, `--verbose`,
 * `--fail-on`; declared in `./options.ts`), printing a run's reports, and the JSON report document.
 */
import { TOOL, TOOL_VERSION } from '../../version.js';
import { finding, Refused, type Finding, type FindingArgs, type FindingCode, type Severity, type Span } from '../../findings.js';
import { messageOf, refusalLine, withMessage } from '../../report/messages.js';
import { commitOutputSet, expandInputTree, type CommitResult, type Recovery } from '../fs/index.js';
import type { FileReport } from '../../report/model.js';
import { groupReports } from '../../report/groups.js';
import { renderRun, wrapText, type TextOptions, type Verb } from '../../report/text.js';
import { REPORT_SCHEMA_ID, type ReportDocument } from '../../report/report-document.js';
import type { Recipe } from '../../recipes/recipe.js';
import { EXIT } from '../exit-codes.js';
import { jsonOut, recoveryFinding } from '../job.js';
import { outputOf, type Detail, type Output } from '../output.js';
import type { Args } from '../args.js';
import type { CliIo } from '../io.js';

/** The output settings the options ask for. */
export interface OutputSettings {
  json: boolean;
  detail: Detail;
  failOn: 'warning' | 'error' | undefined;
}

/** Reads the output options. */
export function readOutputSettings(a: Args): OutputSettings {
  const quiet = a.flag('quiet');
  const verbose = a.flag('verbose');
  if (quiet && verbose) a.fail('--quiet and --verbose contradict each other; give one of them');
  return {
    json: a.flag('json'),
    detail: quiet ? 'quiet' : verbose ? 'verbose' : 'normal',
    failOn: a.choice('fail-on', ['warning', 'error'] as const),
  };
}

/** A finding of the CLI's own codes, in the shape reports carry. */
export function cliFinding<C extends FindingCode>(code: C, severity: Severity, args: FindingArgs[C], span: Span = {}): Finding {
  return finding(code, severity, args, span) as Finding;
}

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** The exit code after `--fail-on`: 1 when a finding reaches the threshold (a refusal stays 3). */
export function applyFailOn(
  code: number,
  reports: readonly FileReport[],
  failOn: OutputSettings['failOn'],
): { code: number; count: number } {
  if (!failOn) return { code, count: 0 };
  const count = reports.reduce((n, r) => n + r.findings.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]).length, 0);
  return { code: count && (code === EXIT.ok || code === EXIT.pending) ? EXIT.error : code, count };
}

/** What the run is about, for the report header. */
export interface RunHeader {
  command: ReportDocument['command'];
  exitCode: number;
  recipe: Recipe | null;
  generatedAt: Date;
  /** `--change-id`. */
  changeId?: string;
  /** Reports and pages written besides the per-file outputs. */
  written?: ReportDocument['written'];
}

/** The JSON report: schema `esa-patch/report@1`, every file, and the groups of identical plans. */
export function reportDocument(reports: FileReport[], h: RunHeader): ReportDocument {
  return {
    schema: REPORT_SCHEMA_ID,
    tool: TOOL,
    toolVersion: TOOL_VERSION,
    generatedAt: h.generatedAt.toISOString(),
    ...(h.changeId ? { changeId: h.changeId } : {}),
    command: h.command,
    exitCode: h.exitCode,
    ...(h.recipe ? { recipe: h.recipe } : {}),
    files: reports.map((r) => ({ ...r, findings: r.findings.map(withMessage) })),
    groups: groupReports(reports),
    ...(h.written?.length ? { written: h.written } : {}),
  };
}

/** Prints a run: the JSON document, or the text report with errors last and the summary. */
export function printRun(
  io: CliIo,
  reports: FileReport[],
  verb: Verb,
  s: OutputSettings,
  h: RunHeader,
  extra: string[] = [],
  runErrors: string[] = [],
  writes: Pick<TextOptions, 'shown' | 'listWrites'> = {},
): Output {
  const out = outputOf(io, s.detail);
  if (s.json) {
    out.raw(jsonOut(reportDocument(reports, h)));
    for (const e of runErrors) out.err(`${e}\n`);
    return out;
  }
  const text = renderRun(reports, groupReports(reports), {
    verb,
    width: out.width,
    detail: s.detail,
    showDiff: verb === 'plan' || verb === 'rollback-plan',
    ...writes,
  });
  if (text.body) out.out(text.body);
  if (s.detail !== 'quiet') for (const line of extra) out.out(`${wrapText(line, out.width)}\n`);
  if (text.notes) out.out(`${text.body ? '\n' : ''}${text.notes}`);
  if (text.errors) out.err(text.errors);
  for (const e of runErrors) out.err(`${e}\n`);
  out.out(text.summary);
  return out;
}

/**
 * The inputs named (files, directories: `--recursive` reads their subdirectories too), and,
 * unless `quiet`, one line on standard error naming the subdirectories with `*.xml` files that
 * were not read (`inputs-skipped`).
 */
export function expandNamedInputs(io: CliIo, given: readonly string[], o: { recursive: boolean; quiet: boolean }): string[] {
  const { files, skipped } = expandInputTree(given, io.cwd, { recursive: o.recursive });
  if (skipped.length && !o.quiet) {
    const f = cliFinding('inputs-skipped', 'info', { dirs: skipped });
    outputOf(io).err(`esa-patch: info: ${messageOf(f)} [${f.code}]\n`);
  }
  return files;
}

/** Warns of an earlier run's interrupted commit that this one finished or undid. */
export function warnRecovered(out: Output, recovered: readonly Recovery[]): void {
  for (const r of recovered) {
    const f = recoveryFinding(r);
    out.err(`esa-patch: warning: ${messageOf(f)} [${f.code}]\n`);
  }
}

/** UTF-8 text (a report, a recipe) as the writer takes it: one character per byte. */
export const utf8Bytes = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');

/**
 * Writes a command's report files (`--html`, `--junit`, `--sarif`) as one output set. A refused
 * write (a file that exists, say) is printed and gives null: the command then exits 1.
 */
export function commitReports(out: Output, files: { path: string; content: string }[], force: boolean): CommitResult | null {
  try {
    const result = commitOutputSet(files, { force });
    warnRecovered(out, result.recovered);
    return result;
  } catch (e) {
    if (!(e instanceof Refused)) throw e;
    out.err(`${refusalLine(e.finding)}\n`);
    return null;
  }
}
