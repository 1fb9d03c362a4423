import { SPF_LOOKUP_LIMIT, SPF_VOID_LIMIT } from './lookups.js';
import type { SpfExitCode, SpfPlan } from './plan.js';
import { formatTxtStrings } from './txt.js';
import type { SpfFinding } from './types.js';

/** Where a record came from: the n-th record argument (1-based), standard input (`-`), or a line of a domain file. */
export type SpfSource =
  | { kind: 'argument'; index: number }
  | { kind: 'stdin' }
  | { kind: 'file'; file: string; line: number; column: number };

/** One planned record and where it came from. */
export interface SpfReportEntry {
  source: SpfSource;
  plan: SpfPlan;
}

/** A problem outside any record (unreadable file, bad line, bad option), with its location if any. */
export interface SpfGlobalProblem extends SpfFinding {
  file?: string;
}

/** The `--json` document of the `spf` command. */
export interface SpfJsonReport {
  schema: 'esa-patch/spf@1';
  exitCode: SpfExitCode;
  records: (SpfPlan & { source: SpfSource; findings: (SpfFinding & { where: string })[] })[];
  errors: (SpfGlobalProblem & { where: string })[];
}

/**
 * Where a finding is, as users read it: `argument 1, column 8` for a record argument,
 * `file:line:col` for a domain-file record (the column counted in the file's line).
 */
export function spfWhere(source: SpfSource, f: Pick<SpfFinding, 'line' | 'column'>): string {
  if (source.kind === 'file') return `${source.file}:${source.line}:${source.column + (f.column ?? 1) - 1}`;
  const parts = [source.kind === 'stdin' ? 'stdin' : `argument ${source.index}`];
  if (f.line !== undefined) parts.push(`line ${f.line}`);
  if (f.column !== undefined) parts.push(`column ${f.column}`);
  return parts.join(', ');
}

/** Formats a problem outside any record: `file:line:col: severity code: message`. */
export function formatSpfGlobalProblem(p: SpfGlobalProblem): string {
  return `${globalWhere(p)}${p.severity} ${p.code}: ${p.message}\n`;
}

/**
 * The human report: per record a verdict line, the record, the proposal, the lookup counts
 * and the findings (errors on a record argument get the record with a caret line under the
 * offending term); a summary line when there are several records.
 */
export function formatSpfText(entries: readonly SpfReportEntry[]): string {
  let out = '';
  for (const [i, { source, plan }] of entries.entries()) {
    if (i > 0) out += '\n';
    out += `${label(source, plan)}: ${verdict(plan)}\n`;
    if (plan.record !== null) out += `  record:   ${plan.record}\n`;
    if (plan.proposed !== null) out += `  proposed: ${plan.proposed}\n`;
    else if (plan.candidate !== null && plan.exitCode === 3) out += `  would be: ${plan.candidate}\n`;
    if (plan.txt !== null && plan.txt.length > 1) {
      out += `  TXT:      ${plan.txt.map((s) => formatTxtStrings([s])).join('\n            ')}\n`;
    }
    const l = plan.lookups;
    if (l !== null) {
      const arrow = l.before === l.after ? `${l.before}` : `${l.before} -> ${l.after}`;
      const notes: string[] = [];
      if (l.expanded) notes.push('expanded through DNS');
      else if (l.unexpanded > 0)
        notes.push(`at least: ${l.unexpanded} include/redirect not expanded${l.voidAfter === undefined ? ', --resolve counts them' : ''}`);
      if (l.voidAfter !== undefined) notes.push(`void lookups ${l.voidAfter} of ${SPF_VOID_LIMIT}`);
      out += `  lookups:  ${arrow} of ${SPF_LOOKUP_LIMIT}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}\n`;
    }
    for (const f of plan.findings) {
      out += `  ${spfWhere(source, f)}: ${f.severity} ${f.code}: ${f.domain === undefined || plan.domain === f.domain ? '' : `[${f.domain}] `}${f.message}\n`;
      if (f.severity === 'error' && f.column !== undefined) out += caret(plan.input, f);
    }
  }
  if (entries.length > 1) out += `\n${summary(entries)}\n`;
  return out;
}

/** The `--json` document: schema, overall exit code, one object per record, problems outside records. */
export function formatSpfJson(entries: readonly SpfReportEntry[], exitCode: SpfExitCode, errors: readonly SpfGlobalProblem[] = []): string {
  const report: SpfJsonReport = {
    schema: 'esa-patch/spf@1',
    exitCode,
    records: entries.map(({ source, plan }) => ({
      source,
      ...plan,
      findings: plan.findings.map((f) => ({ ...f, where: spfWhere(source, f) })),
    })),
    errors: errors.map((e) => ({ ...e, where: globalWhere(e).replace(/: $/, '') })),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

function globalWhere(p: SpfGlobalProblem): string {
  if (p.file === undefined) return '';
  return `${p.file}${p.line === undefined ? '' : `:${p.line}${p.column === undefined ? '' : `:${p.column}`}`}: `;
}

function label(source: SpfSource, plan: SpfPlan): string {
  if (source.kind === 'file') return `${plan.domain ?? '?'} (${source.file}:${source.line})`;
  return plan.domain ?? (source.kind === 'stdin' ? 'stdin' : `argument ${source.index}`);
}

function verdict(plan: SpfPlan): string {
  switch (plan.exitCode) {
    case 0:
      return 'include:res.cisco.com is already there: nothing to do';
    case 2:
      return 'change proposed';
    case 3:
      return 'refused: fix the errors below first';
    case 1:
      return plan.findings.some((f) => f.code === 'spf-dns-error' || f.code === 'spf-resolve-bound')
        ? 'error: the DNS lookups could not be completed; nothing is proposed'
        : 'error: not a valid SPF record';
  }
}

function caret(input: string, f: SpfFinding): string {
  const lines = input.split('\n');
  const text = (lines[(f.line ?? 1) - 1] ?? '').replace(/\r$/, '');
  const col = f.column ?? 1;
  const indent = '    ';
  const pad = text.slice(0, col - 1).replace(/[^\t]/g, ' ');
  return `${indent}${text}\n${indent}${pad}${'^'.repeat(Math.max(1, f.length ?? 1))}\n`;
}

function summary(entries: readonly SpfReportEntry[]): string {
  const n = (code: SpfExitCode) => entries.filter((e) => e.plan.exitCode === code).length;
  const parts = [`${n(2)} change(s) proposed`, `${n(0)} already included`];
  if (n(3) > 0) parts.push(`${n(3)} refused`);
  if (n(1) > 0) parts.push(`${n(1)} invalid`);
  return `${entries.length} records: ${parts.join(', ')}`;
}
