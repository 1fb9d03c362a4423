/**
 * The report of `esa-patch check`: the `esa-patch/check@1` document (`--json`) and its text.
 * Findings are printed `file:line:col: severity: message [code]`, the export's own lines.
 */
import type { Finding, Severity } from '../findings.js';
import type { ExportCheck, RuleResult } from '../check/run.js';
import type { CheckRule } from '../check/rules.js';
import { formatFinding } from './text.js';

/** The schema id of the check document. */
export const CHECK_SCHEMA_ID = 'esa-patch/check@1';

/** One export of the document: its check without the HAT texts. */
export type CheckedFile = Omit<ExportCheck, 'hats' | 'findings' | 'results'> & {
  findings: (Finding & { message: string })[];
  results: (Omit<RuleResult, 'finding'> & { finding: (Finding & { message: string }) | null })[];
};

/** The `esa-patch/check@1` document. */
export interface CheckDocument {
  schema: typeof CHECK_SCHEMA_ID;
  tool: string;
  command: 'check';
  exitCode: number;
  /** The severity at which a finding fails the run. */
  failOn: Severity;
  rules: { id: string; kind: CheckRule['assertion']['kind']; severity: Severity; description: string | null }[];
  files: CheckedFile[];
  summary: CheckSummary;
}

/** Counts of a run. */
export interface CheckSummary {
  files: number;
  listeners: number;
  findings: Record<Severity, number>;
  rules: { holds: number; breaks: number; mayBreak: number; notChecked: number };
  /** Findings at or above the --fail-on severity. */
  failing: number;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** Is `s` at or above `threshold`? */
export const atLeast = (s: Severity, threshold: Severity) => RANK[s] >= RANK[threshold];

/** The counts of a run's files. */
export function summarise(files: readonly CheckedFile[], failOn: Severity): CheckSummary {
  const findings: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const rules = { holds: 0, breaks: 0, mayBreak: 0, notChecked: 0 };
  let failing = 0;
  let listeners = 0;
  for (const f of files) {
    listeners += f.listeners.filter((l) => l.checked).length;
    for (const x of f.findings) {
      findings[x.severity]++;
      if (atLeast(x.severity, failOn)) failing++;
    }
    for (const r of f.results) {
      if (r.status === 'holds') rules.holds++;
      else if (r.status === 'breaks') rules.breaks++;
      else if (r.status === 'may-break') rules.mayBreak++;
      else rules.notChecked++;
    }
  }
  return { files: files.length, listeners, findings, rules, failing };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The summary line. */
export function summaryLine(s: CheckSummary, failOn: Severity): string {
  const f = s.findings;
  const r = s.rules;
  const rules = r.holds + r.breaks + r.mayBreak + r.notChecked;
  const ruleText = rules
    ? `; rules: ${r.holds} held, ${r.breaks} broken, ${r.mayBreak} may break${r.notChecked ? `, ${r.notChecked} not checked` : ''}`
    : '';
  const verdict = s.failing ? `FAILED (--fail-on ${failOn === 'info' ? 'note' : failOn}: ${s.failing})` : 'passed';
  return `${plural(s.files, 'export')}, ${plural(s.listeners, 'listener')} checked: ${plural(f.error, 'error')}, ${plural(f.warning, 'warning')}, ${plural(f.info, 'note')}${ruleText}: ${verdict}\n`;
}

/** The text report: per export a head line, then its findings (`quiet`: only those that fail the run). */
export function formatCheck(doc: CheckDocument, detail: 'quiet' | 'normal' | 'verbose'): string {
  let out = '';
  for (const f of doc.files) {
    const shown = detail === 'quiet' ? f.findings.filter((x) => atLeast(x.severity, doc.failOn)) : f.findings;
    if (detail !== 'quiet') out += `${f.file}: ${f.appliance === f.file ? '(no hostname)' : f.appliance}\n`;
    for (const x of shown) out += `${formatFinding(x)}\n`;
    if (detail === 'verbose')
      for (const r of f.results)
        if (r.status === 'holds') out += `${f.file}: rule ${r.rule} holds on listener ${r.listener} (${plural(r.tried, 'host')} tried)\n`;
  }
  return out + summaryLine(doc.summary, doc.failOn);
}
