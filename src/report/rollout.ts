/**
 * The rollout report of `push` and `revert` (text, JSON `esa-patch/rollout@1`, HTML): each
 * appliance with its gates, route, result text, verify, revert and times, and where the rollout
 * stopped. Pure: the statuses in, text out. Every string from an appliance or an export passes
 * through `shown` (text) or the escaping HTML template.
 */
import type { ApplianceStatus } from '../appliance/status.js';
import { describeHatChange, shown } from './diff-report.js';
import { html, join, trusted } from './html-template.js';
import { PAGE_CSS } from './html-style.js';
import { messageOf } from './messages.js';

/** The JSON report of a rollout. */
export interface RolloutReport {
  format: 'esa-patch/rollout@1';
  command: 'push' | 'revert' | 'status';
  rollout: string;
  directory: string;
  route: string;
  canary: number;
  wave: number;
  generatedAt: string;
  stoppedAt: string | null;
  exitCode: number;
  appliances: ApplianceStatus[];
}

const WORDS: Record<ApplianceStatus['status'], string> = {
  untouched: 'untouched (nothing sent)',
  refused: 'refused (nothing loaded)',
  failed: 'failed before any load (nothing loaded)',
  'loaded-unverified': 'LOADED, NOT VERIFIED: run the same push again to re-check and verify, or esa-patch revert',
  verified: 'patched and verified',
  'verify-failed-unreverted': 'VERIFY FAILED, NOT REVERTED: run esa-patch revert',
  reverted: 'verify failed: reverted to the export taken before the load, and verified',
};

/** What a status means, in words. */
export function statusWords(s: ApplianceStatus['status']): string {
  return WORDS[s];
}

function diffLines(a: ApplianceStatus): string[] {
  return (a.diff ?? []).flatMap((l) => [
    `listener ${shown(l.listener)}:`,
    ...l.settings.map((s) => `  ~ setting ${shown(s.key)}: ${shown(s.from ?? '(not set)')} -> ${shown(s.to ?? '(not set)')}`),
    ...l.hat.map((c) => `  ${describeHatChange(c)}`),
  ]);
}

/** The report as text. */
export function formatRolloutText(r: RolloutReport): string {
  const out: string[] = [`rollout ${r.rollout} (${r.command}, via ${r.route}, canary ${r.canary}, waves of ${r.wave}): ${r.directory}`];
  for (const a of r.appliances) {
    out.push(`${shown(a.name)} [wave ${a.wave + 1}] ${shown(a.host)}: ${statusWords(a.status)}`);
    const bits = [
      `gates ${a.gates}`,
      a.route ? `route ${a.route}` : '',
      a.loadLine ? `load "${shown(a.loadLine)}"` : '',
      a.commitLine ? `commit "${shown(a.commitLine)}"` : '',
      `verify ${a.verify}`,
      a.token ? `token ${shown(a.token)} witnessed` : '',
      a.hostsTraced ? `${a.hostsLanded}/${a.hostsTraced} CRES host(s) on the policy` : '',
      a.reverted ? 'reverted and verified' : '',
      a.loads > 1 ? `LOADED ${a.loads} TIMES` : '',
      a.started ? `${a.started}${a.ended && a.ended !== a.started ? ` .. ${a.ended}` : ''}` : '',
    ].filter(Boolean);
    if (a.status !== 'untouched') out.push(`  ${bits.join('; ')}`);
    if (a.finding) out.push(`  ${a.finding.severity}: ${shown(messageOf(a.finding))} [${a.finding.code}]`);
    for (const l of diffLines(a)) out.push(`    ${l}`);
  }
  const n = (s: ApplianceStatus['status']) => r.appliances.filter((a) => a.status === s).length;
  out.push(
    `${r.appliances.length} appliance(s): ${n('verified')} verified, ${n('reverted')} reverted, ${n('refused')} refused, ${n('failed')} failed, ${n('loaded-unverified') + n('verify-failed-unreverted')} left unverified, ${n('untouched')} untouched${r.stoppedAt ? `; stopped at ${shown(r.stoppedAt)}` : ''}`,
  );
  return `${out.join('\n')}\n`;
}

/** The report as a self-contained HTML page. */
export function renderRolloutHtml(r: RolloutReport): string {
  const rows = r.appliances.map(
    (a) => html`<tr>
<td>${a.name}</td><td>${a.wave + 1}</td><td>${a.host}</td><td>${statusWords(a.status)}</td><td>${a.gates}</td><td>${a.route ?? ''}</td>
<td>${a.loadLine ?? ''}</td><td>${a.verify}</td><td>${a.reverted ? 'yes' : ''}</td><td>${a.token ?? ''}</td>
<td>${a.started ?? ''}</td><td>${a.ended ?? ''}</td>
<td>${a.finding ? html`<code class="code">${a.finding.code}</code> ${messageOf(a.finding)}` : ''}${
      a.diff?.length ? html`<pre>${diffLines(a).join('\n')}</pre>` : ''
    }</td></tr>`,
  );
  return `<!DOCTYPE html>
${html`<html lang="en"><head><meta charset="utf-8"><title>esa-patch rollout ${r.rollout}</title><style>${trusted(PAGE_CSS)}</style></head>
<body><main><h1>Rollout ${r.rollout}</h1>
<p>${r.command}, via ${r.route}, canary ${r.canary}, waves of ${r.wave}; ${r.stoppedAt ? `stopped at ${r.stoppedAt}` : 'not stopped'}; exit ${r.exitCode}; ${r.generatedAt}</p>
<table><thead><tr><th>appliance</th><th>wave</th><th>host</th><th>status</th><th>gates</th><th>route</th><th>result text</th><th>verify</th><th>reverted</th><th>token</th><th>started</th><th>ended</th><th>finding</th></tr></thead>
<tbody>${join(rows, '\n')}</tbody></table></main></body></html>`}
`;
}
