/** Text rendering of an inspect report. */
import type { InspectReport } from '../patch/inspect.js';
import { formatFinding } from './text.js';
import { oneLine } from './terminal.js';

/** Renders an inspect report for a terminal. */
export function formatInspect(r: InspectReport): string {
  const f1 = (s: string | null) => (s === null ? null : oneLine(s));
  let out = `${oneLine(r.file)}\n  appliance: ${f1(r.hostname) ?? '(no hostname)'}; ${f1(r.product) ?? 'product unknown'}${r.model ? ` (${oneLine(r.model)})` : ''}; AsyncOS ${f1(r.asyncos) ?? 'unknown'}; serial ${f1(r.serial) ?? 'unknown'}\n`;
  for (const l of r.listeners) {
    out += `  listener ${oneLine(l.name)}: ${oneLine(l.type || 'no type')}, at ${l.path}${l.certificate ? `, certificate ${oneLine(l.certificate)}` : ''}${l.hasHat ? '' : ', NO <hat>'}\n`;
    if (l.policies.length) out += '    mail flow policies:\n';
    for (const p of l.policies)
      out += `      $${p.name}: ${p.behaviour ?? '(no behaviour)'}, tls ${p.tls === null ? '(inherited from $DEFAULT)' : `"${p.tls}"`}\n`;
    if (l.entries.length) out += '    sender groups, in order:\n';
    for (const e of l.entries) {
      const what = e.kind === 'group' ? e.name : e.kind === 'all' ? 'ALL' : `${e.name} (inline entry)`;
      out += `      ${e.order}. ${oneLine(what)} -> ${oneLine(e.policy.split('\n')[0]!)}${e.behaviour ? ` (${e.behaviour})` : ''}${e.members.length ? `: ${oneLine(e.members.join(', '))}` : ''}\n`;
    }
  }
  for (const f of r.findings) out += `  ${formatFinding(f)}\n`;
  return out;
}
