/** Human-readable summaries, in the appliance's words. */
import { describeOperation } from '../patch/operations.js';
import type { Finding } from '../findings.js';
import { messageOf } from './messages.js';
import type { FileReport } from './model.js';
import type { PlanGroup } from './groups.js';

/** `file:line:col: severity: message [code]`. */
export function formatFinding(f: Finding): string {
  const where = f.file ? `${f.file}${f.line ? `:${f.line}:${f.col ?? 1}` : ''}: ` : '';
  return `${where}${f.severity}: ${messageOf(f)} [${f.code}]`;
}

const VERDICT: Record<FileReport['outcome'], string> = {
  unchanged: 'nothing to do',
  patched: 'changes',
  refused: 'REFUSED',
  error: 'ERROR',
};

/** `file (hostname, AsyncOS x): verdict`. */
function heading(r: FileReport, verb: 'plan' | 'apply' | 'rollback'): string {
  const head = [r.hostname, r.asyncos ? `AsyncOS ${r.asyncos}` : null].filter(Boolean).join(', ');
  const verdict = r.outcome === 'patched' && verb !== 'plan' ? (verb === 'rollback' ? 'rolled back' : 'patched') : VERDICT[r.outcome];
  return `${r.file}${head ? ` (${head})` : ''}: ${verdict}`;
}

/** `"off" ($A, $B), "required" ($C)`: the TLS tokens a HAT uses, so users see their release's vocabulary. */
export function tlsVocabulary(tls: Record<string, string | null>): string {
  const byValue = new Map<string, string[]>();
  for (const [policy, value] of Object.entries(tls)) {
    const key = value === null ? '(inherited)' : `"${value}"`;
    byValue.set(key, [...(byValue.get(key) ?? []), `$${policy}`]);
  }
  return [...byValue].map(([v, ps]) => `${v} (${ps.join(', ')})`).join(', ');
}

/** The summary of one file: appliance, listeners and their operations, findings. */
export function formatSummary(r: FileReport, verb: 'plan' | 'apply' | 'rollback'): string {
  let out = `${heading(r, verb)}\n`;
  for (const l of r.listeners) {
    if (!l.selected) {
      out += `  listener ${l.name} (${l.type || 'no type'}): not selected\n`;
      continue;
    }
    const ops = r.operations.filter((o) => (o.listenerPath === undefined ? o.listener === l.name : o.listenerPath === l.path));
    out += `  listener ${l.name} (${l.type || 'no type'}, ${l.path}): ${ops.length ? `${ops.length} change(s)` : r.outcome === 'patched' || r.outcome === 'unchanged' ? 'already compliant' : 'not changed'}\n`;
    for (const op of ops) out += `    - ${describeOperation(op)}\n`;
    const vocabulary = tlsVocabulary(l.tls);
    if (vocabulary) out += `    TLS values in this HAT: ${vocabulary}\n`;
  }
  for (const f of r.findings) out += `  ${formatFinding(f)}\n`;
  if (r.written) out += `  wrote ${r.written.xml}, ${r.written.diff}, ${r.written.artefact}\n`;
  return out;
}

/**
 * The text report of a batch: one line per file (outcome, group, warnings and errors), then
 * each group of identical plans once, with its operations and one diff, then the counts.
 */
export function formatBatch(
  reports: readonly FileReport[],
  groups: readonly PlanGroup[],
  verb: 'plan' | 'apply' | 'rollback',
  showDiff: boolean,
  colour: (diff: string) => string,
): string {
  const groupOf = new Map<string, string>();
  for (const g of groups) for (const f of g.files) groupOf.set(f, g.id);
  let out = '';
  for (const r of reports) {
    const g = groupOf.get(r.file);
    out += `${heading(r, verb)}${g ? ` [group ${g}]` : ''}\n`;
    for (const f of r.findings) if (f.severity === 'warning') out += `  ${formatFinding(f)}\n`;
    const info = r.findings.filter((f) => f.severity === 'info').length;
    if (info) out += `  ${info} info finding(s) (--json or --html shows them)\n`;
  }
  for (const g of groups) {
    if (g.outcome !== 'patched') continue;
    out += `\ngroup ${g.id}: ${g.files.length} appliance(s): ${g.files.join(', ')}\n`;
    for (const op of g.operations) out += `  - ${op.listener}: ${describeOperation(op)}\n`;
    if (showDiff && g.diff) out += colour(g.diff);
  }
  const count = (o: FileReport['outcome']) => reports.filter((r) => r.outcome === o).length;
  out += `\n${reports.length} file(s): ${count('patched')} ${verb === 'plan' ? 'with changes' : 'patched'}, ${count('unchanged')} unchanged, ${count('refused')} refused, ${count('error')} failed; ${groups.length} group(s) of identical plans\n`;
  return out;
}
