/** Human-readable summaries, in the appliance's words. */
import { describeOperation } from '../patch/operations.js';
import type { Finding } from '../patch/findings.js';
import type { FileReport } from './model.js';

/** `file:line:col: severity: message [code]`. */
export function formatFinding(f: Finding): string {
  const where = f.file ? `${f.file}${f.line ? `:${f.line}:${f.col ?? 1}` : ''}: ` : '';
  return `${where}${f.severity}: ${f.message} [${f.code}]`;
}

const VERDICT: Record<FileReport['outcome'], string> = {
  unchanged: 'nothing to do',
  patched: 'changes',
  refused: 'REFUSED',
  error: 'ERROR',
};

/** The summary of one file: appliance, listeners and their operations, findings. */
export function formatSummary(r: FileReport, verb: 'plan' | 'apply' | 'rollback'): string {
  const head = [r.hostname, r.asyncos ? `AsyncOS ${r.asyncos}` : null].filter(Boolean).join(', ');
  let out = `${r.file}${head ? ` (${head})` : ''}: ${r.outcome === 'patched' && verb !== 'plan' ? (verb === 'rollback' ? 'rolled back' : 'patched') : VERDICT[r.outcome]}\n`;
  for (const l of r.listeners) {
    if (!l.selected) {
      out += `  listener ${l.name} (${l.type || 'no type'}): not selected\n`;
      continue;
    }
    const ops = r.operations.filter((o) => o.listener === l.name);
    out += `  listener ${l.name} (${l.type || 'no type'}, ${l.path}): ${ops.length ? `${ops.length} change(s)` : r.outcome === 'patched' || r.outcome === 'unchanged' ? 'already compliant' : 'not changed'}\n`;
    for (const op of ops) out += `    - ${describeOperation(op)}\n`;
  }
  for (const f of r.findings) out += `  ${formatFinding(f)}\n`;
  if (r.written) out += `  wrote ${r.written.xml}, ${r.written.diff}, ${r.written.artefact}\n`;
  return out;
}
