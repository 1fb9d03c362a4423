/** The pieces the sections of the HTML report are made of: badges, findings tables, diffs, group members. */
import { html as diff2html, type Diff2HtmlConfig } from 'diff2html';
import type { ArtefactOperation } from '../patch/artefact.js';
import type { Finding, Severity } from '../findings.js';
import { messageOf } from './messages.js';
import { changeText } from './text.js';
import type { FileReport } from './model.js';
import type { PlanGroup } from './groups.js';
import type { ReportDocument } from './report-document.js';
import { displayText, html, join, trusted, type Html, type HtmlValue } from './html-template.js';

export type Outcome = FileReport['outcome'];
export type Command = ReportDocument['command'];

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The outcome in the words of the command: a plan has "changes pending", never "patched". */
export function outcomeLabel(o: Outcome, command: Command): string {
  if (o === 'patched') return command === 'plan' ? 'changes pending' : command === 'rollback' ? 'rolled back' : 'patched';
  if (o === 'unchanged') return 'nothing to do';
  return o;
}

export const badge = (o: Outcome, command: Command) =>
  html`<span class="badge o-${o}" title="outcome: ${o}">${outcomeLabel(o, command)}</span>`;
export const sevBadge = (s: Severity) => html`<span class="sev sev-${s}">${s}</span>`;
export const code = (c: string) => html`<code class="code">${c}</code>`;

/** `hostname`, or a muted placeholder when the export could not be read. */
export const applianceName = (r: FileReport) => (r.hostname ? html`${r.hostname}` : html`<span class="muted">(no hostname)</span>`);

export function location(f: Finding): Html {
  const parts: Html[] = [];
  if (f.line) parts.push(html`line ${f.line}${f.col ? html`, col ${f.col}` : ''}`);
  if (f.listener) parts.push(html`listener ${f.listener}`);
  if (f.path) parts.push(html`<code>${f.path}</code>`);
  return join(parts, trusted('<br>'));
}

export function findingRows(findings: readonly Finding[]): Html {
  return join(
    findings.map(
      (f) =>
        html`<tr class="finding f-${f.severity}"><td>${sevBadge(f.severity)}</td><td class="fcode">${code(f.code)}</td><td class="msg">${messageOf(f)}</td><td class="loc">${location(f)}</td></tr>`,
    ),
    '\n',
  );
}

export const FINDINGS_COLS = trusted('<colgroup><col class="c-sev"><col class="c-code"><col><col class="c-loc"></colgroup>');
export const FINDINGS_HEAD = trusted('<thead><tr><th>severity</th><th>code</th><th>message</th><th>where</th></tr></thead>');

/** Errors and warnings in a table; info findings folded (a click opens them; printed open). */
export function findingsBlock(findings: readonly Finding[]): Html {
  const sorted = [...findings].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
  const loud = sorted.filter((f) => f.severity !== 'info');
  const info = sorted.filter((f) => f.severity === 'info');
  const table = loud.length
    ? html`<table class="findings">${FINDINGS_COLS}${FINDINGS_HEAD}<tbody>\n${findingRows(loud)}\n</tbody></table>`
    : '';
  const folded = info.length
    ? html`\n<details class="info-findings"><summary>${plural(info.length, 'info finding')}: ${join([...new Set(info.map((f) => f.code))].map(code), ', ')}</summary>\n<table class="findings">${FINDINGS_COLS}${loud.length ? '' : FINDINGS_HEAD}<tbody>\n${findingRows(info)}\n</tbody></table></details>`
    : '';
  return html`${table}${folded}`;
}

export function severityCounts(findings: readonly Finding[]): Html {
  const cells = SEVERITIES.flatMap((s) => {
    const n = findings.filter((f) => f.severity === s).length;
    return n ? [html`<span class="count sev-${s}" title="${plural(n, `${s} finding`)}">${n} ${s}</span>`] : [];
  });
  return cells.length ? join(cells, ' ') : html`<span class="muted">none</span>`;
}

/** The operations of a group in words (those of its first file, `first`). */
export function operationList(ops: readonly ArtefactOperation[], first: FileReport | undefined): Html {
  if (!ops.length) return html`<p class="muted">No change: every selected listener is already compliant.</p>`;
  return html`<ol class="ops">\n${join(
    ops.map((op, i) => html`<li><span class="listener">${op.listener}</span> ${changeText(first, i)}</li>`),
    '\n',
  )}\n</ol>`;
}

export const DIFF_CONFIG: Diff2HtmlConfig = {
  outputFormat: 'line-by-line',
  drawFileList: false,
  matching: 'lines',
  diffStyle: 'word',
  colorScheme: 'light' as Diff2HtmlConfig['colorScheme'],
  renderNothingWhenEmpty: false,
};

/** The diff rendered by diff2html (which escapes file names and lines). */
export function renderDiff(diff: string): Html {
  if (!diff) return html`<p class="muted">Empty diff.</p>`;
  return html`<div class="diff">${trusted(diff2html(displayText(diff), DIFF_CONFIG))}</div>`;
}

/** Member names of a group for its heading: every hostname up to `max`, then how many more. */
export function memberNames(files: readonly string[], byFile: Map<string, FileReport>, max = 6): Html {
  const names = files.map((f) => byFile.get(f)?.hostname ?? f);
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? html`${shown} <span class="muted">and ${names.length - max} more</span>` : html`${shown}`;
}

export function memberList(files: readonly string[], byFile: Map<string, FileReport>, index: Map<string, number>): Html {
  const items = files.map((f) => {
    const r = byFile.get(f);
    const meta = [r?.asyncos ? `AsyncOS ${r.asyncos}` : '', r?.serial ? `serial ${r.serial}` : ''].filter(Boolean).join(' · ');
    return html`<li><a href="#file-${index.get(f) ?? 0}">${r ? applianceName(r) : f}</a> <code>${f}</code>${meta ? html` <span class="muted">${meta}</span>` : ''}</li>`;
  });
  return html`<ul class="members">\n${join(items, '\n')}\n</ul>`;
}

/** The findings of a group's members, folded (same severity, code and message), beside its diff. */
export function groupFindings(files: readonly string[], byFile: Map<string, FileReport>): Html {
  const folded = new Map<string, { f: Finding; hosts: string[] }>();
  for (const file of files) {
    const r = byFile.get(file);
    for (const f of r?.findings ?? []) {
      const key = `${f.severity}\0${f.code}\0${messageOf(f)}`;
      const hit = folded.get(key);
      if (hit) hit.hosts.push(r?.hostname ?? file);
      else folded.set(key, { f, hosts: [r?.hostname ?? file] });
    }
  }
  const list = [...folded.values()]
    .filter((x) => x.f.severity !== 'info')
    .sort((a, b) => SEVERITIES.indexOf(a.f.severity) - SEVERITIES.indexOf(b.f.severity));
  if (!list.length) return html``;
  const items = list.map(
    ({ f, hosts }) =>
      html`<li>${sevBadge(f.severity)} ${messageOf(f)} ${code(f.code)}${files.length > 1 ? html` <span class="muted">(${hosts.length === files.length ? 'every appliance of the group' : `${plural(hosts.length, 'appliance')}: ${hosts.slice(0, 4).join(', ')}${hosts.length > 4 ? ', …' : ''}`})</span>` : ''}</li>`,
  );
  return html`<div class="group-findings"><h4>Check before loading <span class="muted">(${plural(list.length, 'finding')})</span></h4><ul>\n${join(items, '\n')}\n</ul></div>`;
}

export const tile = (key: string, n: number, label: string, sub: string) =>
  html`<div class="tile t-${key}" data-outcome="${key}"><div class="n">${n}</div><div class="l">${label}</div><div class="s">${sub}</div></div>`;

/** Inline stylesheet text: `<` (only valid in CSS strings and comments) as the CSS escape `\3c `, so `</style` cannot end the element. */
export function styleText(css: string): Html {
  return trusted(css.replace(/</g, '\\3c '));
}

/** Everything a section needs to look things up. */
export interface Context {
  doc: ReportDocument;
  cmd: Command;
  byFile: Map<string, FileReport>;
  index: Map<string, number>;
  groupOf: Map<string, PlanGroup>;
  count: (o: Outcome) => number;
  failed: FileReport[];
  exitMeaning: Readonly<Record<number, string>>;
}

/**
 * The start of every report page, to `</head>`: UTF-8, a Content-Security-Policy that lets the
 * page load nothing, the viewport, the generator, the title and the stylesheets.
 */
export function pageHead(title: HtmlValue, generator: HtmlValue, styles: readonly Html[]): Html {
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${generator}">
<title>${title}</title>
${join(
  styles.map((s) => html`<style>${s}</style>`),
  '\n',
)}
</head>`;
}
