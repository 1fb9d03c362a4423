/** Text rendering of an inspect report. */
import type { InspectReport } from '../patch/inspect.js';
import { formatFinding } from './text.js';

/** Renders an inspect report for a terminal. */
export function formatInspect(r: InspectReport): string {
  let out = `${r.file}\n  appliance: ${r.hostname ?? '(no hostname)'}; ${r.product ?? 'product unknown'}${r.model ? ` (${r.model})` : ''}; AsyncOS ${r.asyncos ?? 'unknown'}; serial ${r.serial ?? 'unknown'}\n`;
  for (const l of r.listeners) {
    out += `  listener ${l.name}: ${l.type || 'no type'}, at ${l.path}${l.certificate ? `, certificate ${l.certificate}` : ''}${l.hasHat ? '' : ', NO <hat>'}\n`;
    if (l.policies.length) out += '    mail flow policies:\n';
    for (const p of l.policies)
      out += `      $${p.name}: ${p.behaviour ?? '(no behaviour)'}, tls ${p.tls === null ? '(inherited from $DEFAULT)' : `"${p.tls}"`}\n`;
    if (l.entries.length) out += '    sender groups, in order:\n';
    for (const e of l.entries) {
      const what = e.kind === 'group' ? e.name : e.kind === 'all' ? 'ALL' : `${e.name} (inline entry)`;
      out += `      ${e.order}. ${what} -> ${e.policy.split('\n')[0]}${e.behaviour ? ` (${e.behaviour})` : ''}${e.members.length ? `: ${e.members.join(', ')}` : ''}\n`;
    }
  }
  for (const f of r.findings) out += `  ${formatFinding(f)}\n`;
  return out;
}
