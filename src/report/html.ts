/**
 * The HTML report: one self-contained page (inline CSS, no script, no external resource) a
 * reviewer opens in a browser, and a change board can sign: the time of the run, the tool's
 * version, the recipe, the checksum and size of every input and output, the changes in words,
 * and each group's findings next to its diff. Pure: the caller passes diff2html's stylesheet in
 * `assets.css` (see src/cli/html-assets.ts) and writes the result where it wants.
 *
 * Built with the `html` tagged template (./html-template.ts), which escapes by construction;
 * strings taken from an export (one character per byte) are shown decoded as UTF-8 when they
 * are valid UTF-8, as latin1 otherwise. Each section is a function of the document.
 */
import { html as diff2html, type Diff2HtmlConfig } from 'diff2html';
import type { ArtefactOperation } from '../patch/artefact.js';
import type { Finding, Severity } from '../findings.js';
import { messageOf } from './messages.js';
import { changeText } from './text.js';
import type { FileReport, PublishedHosts, WrittenFile } from './model.js';
import type { Landing } from '../patch/trace.js';
import type { PlanGroup } from './groups.js';
import type { ReportDocument } from './report-document.js';
import { describeRecipe } from './recipe-text.js';
import { PAGE_CSS } from './html-style.js';
import { displayText, html, join, trusted, type Html, type HtmlValue } from './html-template.js';

export { displayText, escapeHtml } from './html-template.js';

/** What the page needs besides the report: diff2html's stylesheet (`diff2html.min.css`). */
export interface HtmlReportAssets {
  css: string;
  /** What each exit code means (the CLI's table, `cli/exit-codes.ts`). */
  exitMeaning?: Readonly<Record<number, string>>;
}

type Outcome = FileReport['outcome'];
type Command = ReportDocument['command'];

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The outcome in the words of the command: a plan has "changes pending", never "patched". */
function outcomeLabel(o: Outcome, command: Command): string {
  if (o === 'patched') return command === 'plan' ? 'changes pending' : command === 'rollback' ? 'rolled back' : 'patched';
  if (o === 'unchanged') return 'nothing to do';
  return o;
}

const badge = (o: Outcome, command: Command) => html`<span class="badge o-${o}" title="outcome: ${o}">${outcomeLabel(o, command)}</span>`;
const sevBadge = (s: Severity) => html`<span class="sev sev-${s}">${s}</span>`;
const code = (c: string) => html`<code class="code">${c}</code>`;

/** `hostname`, or a muted placeholder when the export could not be read. */
const applianceName = (r: FileReport) => (r.hostname ? html`${r.hostname}` : html`<span class="muted">(no hostname)</span>`);

function location(f: Finding): Html {
  const parts: Html[] = [];
  if (f.line) parts.push(html`line ${f.line}${f.col ? html`, col ${f.col}` : ''}`);
  if (f.listener) parts.push(html`listener ${f.listener}`);
  if (f.path) parts.push(html`<code>${f.path}</code>`);
  return join(parts, trusted('<br>'));
}

function findingRows(findings: readonly Finding[]): Html {
  return join(
    findings.map(
      (f) =>
        html`<tr class="finding f-${f.severity}"><td>${sevBadge(f.severity)}</td><td class="fcode">${code(f.code)}</td><td class="msg">${messageOf(f)}</td><td class="loc">${location(f)}</td></tr>`,
    ),
    '\n',
  );
}

const FINDINGS_COLS = trusted('<colgroup><col class="c-sev"><col class="c-code"><col><col class="c-loc"></colgroup>');
const FINDINGS_HEAD = trusted('<thead><tr><th>severity</th><th>code</th><th>message</th><th>where</th></tr></thead>');

/** Errors and warnings in a table; info findings folded (a click opens them; printed open). */
function findingsBlock(findings: readonly Finding[]): Html {
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

function severityCounts(findings: readonly Finding[]): Html {
  const cells = SEVERITIES.flatMap((s) => {
    const n = findings.filter((f) => f.severity === s).length;
    return n ? [html`<span class="count sev-${s}" title="${plural(n, `${s} finding`)}">${n} ${s}</span>`] : [];
  });
  return cells.length ? join(cells, ' ') : html`<span class="muted">none</span>`;
}

/** The operations of a group in words (those of its first file, `first`). */
function operationList(ops: readonly ArtefactOperation[], first: FileReport | undefined): Html {
  if (!ops.length) return html`<p class="muted">No change: every selected listener is already compliant.</p>`;
  return html`<ol class="ops">\n${join(
    ops.map((op, i) => html`<li><span class="listener">${op.listener}</span> ${changeText(first, i)}</li>`),
    '\n',
  )}\n</ol>`;
}

const DIFF_CONFIG: Diff2HtmlConfig = {
  outputFormat: 'line-by-line',
  drawFileList: false,
  matching: 'lines',
  diffStyle: 'word',
  colorScheme: 'light' as Diff2HtmlConfig['colorScheme'],
  renderNothingWhenEmpty: false,
};

/** The diff rendered by diff2html (which escapes file names and lines). */
function renderDiff(diff: string): Html {
  if (!diff) return html`<p class="muted">Empty diff.</p>`;
  return html`<div class="diff">${trusted(diff2html(displayText(diff), DIFF_CONFIG))}</div>`;
}

/** Member names of a group for its heading: every hostname up to `max`, then how many more. */
function memberNames(files: readonly string[], byFile: Map<string, FileReport>, max = 6): Html {
  const names = files.map((f) => byFile.get(f)?.hostname ?? f);
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? html`${shown} <span class="muted">and ${names.length - max} more</span>` : html`${shown}`;
}

function memberList(files: readonly string[], byFile: Map<string, FileReport>, index: Map<string, number>): Html {
  const items = files.map((f) => {
    const r = byFile.get(f);
    const meta = [r?.asyncos ? `AsyncOS ${r.asyncos}` : '', r?.serial ? `serial ${r.serial}` : ''].filter(Boolean).join(' · ');
    return html`<li><a href="#file-${index.get(f) ?? 0}">${r ? applianceName(r) : f}</a> <code>${f}</code>${meta ? html` <span class="muted">${meta}</span>` : ''}</li>`;
  });
  return html`<ul class="members">\n${join(items, '\n')}\n</ul>`;
}

/** The findings of a group's members, folded (same severity, code and message), beside its diff. */
function groupFindings(files: readonly string[], byFile: Map<string, FileReport>): Html {
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

const tile = (key: string, n: number, label: string, sub: string) =>
  html`<div class="tile t-${key}" data-outcome="${key}"><div class="n">${n}</div><div class="l">${label}</div><div class="s">${sub}</div></div>`;

/** Inline stylesheet text: `<` (only valid in CSS strings and comments) as the CSS escape `\3c `, so `</style` cannot end the element. */
function styleText(css: string): Html {
  return trusted(css.replace(/</g, '\\3c '));
}

/** Everything a section needs to look things up. */
interface Context {
  doc: ReportDocument;
  cmd: Command;
  byFile: Map<string, FileReport>;
  index: Map<string, number>;
  groupOf: Map<string, PlanGroup>;
  count: (o: Outcome) => number;
  failed: FileReport[];
  exitMeaning: Readonly<Record<number, string>>;
}

/** The page header: what ran, when, with which tool and recipe, and the exit code. */
function headerSection(c: Context): Html {
  const { doc, cmd } = c;
  const r = doc.recipe;
  const facts: HtmlValue[] = [
    html`<dt>run</dt><dd>${doc.generatedAt ?? 'time not recorded'}</dd>`,
    html`<dt>tool</dt><dd>${doc.tool}${doc.toolVersion ? html` (version ${doc.toolVersion})` : ''} · <code>${doc.schema}</code></dd>`,
    r ? html`<dt>recipe</dt><dd>${describeRecipe(r)}</dd>` : '',
    html`<dt>exit code</dt><dd><strong>${doc.exitCode}</strong>${c.exitMeaning[doc.exitCode] ? html`: ${c.exitMeaning[doc.exitCode]}` : ''}</dd>`,
  ];
  const nav = [
    html`<a href="#summary">Summary</a>`,
    c.failed.length ? html`<a href="#attention">Refused and failed</a>` : '',
    html`<a href="#changes">Changes by group</a>`,
    doc.groups.some((g) => g.outcome === 'unchanged') ? html`<a href="#unchanged">Already compliant</a>` : '',
    html`<a href="#files">Files and checksums</a>`,
    html`<a href="#appliances">Appliances and findings</a>`,
  ];
  return html`<header class="top">
<div class="wrap">
<h1>esa-patch <span class="cmd">${cmd}</span> report</h1>
<p class="sub">Cisco RES TLS (tech note 118539)${cmd === 'plan' ? ' · a plan: nothing was written, the changes are pending' : ''}</p>
<dl class="header-facts">${facts}</dl>
<nav>${nav}</nav>
</div>
</header>`;
}

function summarySection(c: Context): Html {
  const { doc, cmd, byFile, count, failed } = c;
  const files = doc.files;
  const groups = doc.groups;
  const tiles = [
    tile('total', files.length, files.length === 1 ? 'appliance' : 'appliances', `${plural(groups.length, 'group')} of identical plans`),
    tile('patched', count('patched'), outcomeLabel('patched', cmd), cmd === 'plan' ? 'not written yet' : 'written'),
    tile('unchanged', count('unchanged'), 'nothing to do', 'already compliant'),
    tile('refused', count('refused'), 'refused', 'conflict: nothing done'),
    tile('error', count('error'), 'error', 'could not be processed'),
  ];
  const rows = groups.map(
    (g) =>
      html`<tr><td><a href="#group-${g.id}">${g.id}</a></td><td>${badge(g.outcome, cmd)}</td><td class="num">${g.files.length}</td><td class="num">${g.operations.length}</td><td>${memberNames(g.files, byFile)}</td></tr>`,
  );
  const none = failed.length
    ? html`\n<tr class="nogroup"><td><a href="#attention">none</a></td><td>${count('refused') ? badge('refused', cmd) : ''} ${count('error') ? badge('error', cmd) : ''}</td><td class="num">${failed.length}</td><td class="num">0</td><td>${failed.map((r) => r.hostname ?? r.file).join(', ')}</td></tr>`
    : '';
  const table = groups.length
    ? html`<div class="card">
<h3>Groups of identical plans</h3>
<table class="groups"><colgroup><col class="c-gid"><col class="c-outcome"><col class="c-n"><col class="c-n"><col></colgroup><thead><tr><th>group</th><th>outcome</th><th class="num">appliances</th><th class="num">changes</th><th>members</th></tr></thead><tbody>
${join(rows, '\n')}${none}
</tbody></table>
</div>`
    : '';
  return html`<section id="summary">
<h2>Summary</h2>
<div class="tiles">
${join(tiles, '\n')}
</div>
${table}
</section>`;
}

function attentionSection(c: Context): Html {
  const { cmd, failed, index } = c;
  if (!failed.length) return html``;
  const items = failed.map((r) => {
    const why = r.findings.filter((f) => f.severity === 'error');
    const shown = why.length ? why : r.findings;
    const lines = shown.map(
      (f) =>
        html`<li>${sevBadge(f.severity)} ${messageOf(f)} ${code(f.code)}${f.line ? html` <span class="muted">line ${f.line}${f.col ? html`:${f.col}` : ''}</span>` : ''}</li>`,
    );
    return html`<div class="failed" data-file="${r.file}"><h3>${badge(r.outcome, cmd)} <a href="#file-${index.get(r.file)}">${applianceName(r)}</a> <code>${r.file}</code></h3>
<ul class="why">${lines.length ? join(lines, '\n') : html`<li class="muted">no reason recorded</li>`}</ul></div>`;
  });
  return html`<section id="attention" class="card attention">
<h2>Refused and failed <span class="muted">(${failed.length})</span></h2>
<p class="lead">Nothing was ${cmd === 'plan' ? 'planned' : 'written'} for these appliances. The reason is given for each; fix it, then run again.</p>
${join(items, '\n')}
</section>`;
}

function landingCell(l: Landing): Html {
  if (!l.entry) return html`<span class="muted">no match</span>`;
  const may = l.may.length ? html`<br><span class="muted">may match first: ${l.may.join('; ')}</span>` : '';
  return html`<code>${l.entry}</code> #${(l.index ?? 0) + 1}${l.policy !== null ? html` <code>$${l.policy}</code>` : ''} ${l.behaviour ?? '?'}${l.tls !== null ? html`, tls <code>${l.tls}</code>` : ''}${may}`;
}

/** Where the recipe's published hosts land, today and after the change, in each listener the plan changes. */
function publishedSection(r: FileReport | undefined): Html {
  if (!r?.published?.length) return html``;
  const changed = new Set(r.operations.map((op) => op.listenerPath ?? op.listener));
  const tables = r.published.filter((p) => changed.has(p.listenerPath) || changed.has(p.listener));
  if (!tables.length) return html``;
  const table = (p: PublishedHosts) =>
    html`<table class="published" data-listener="${p.listener}"><thead><tr><th>published host</th><th>today</th><th>after the change</th><th></th></tr></thead><tbody>
${join(
  p.rows.map(
    (row) =>
      html`<tr${row.changed ? trusted(' class="changed"') : ''}><td>${row.host}<br><code>${row.ip}</code></td><td>${landingCell(row.before)}</td><td>${landingCell(row.after)}</td><td>${row.changed ? 'changed' : 'same'}</td></tr>`,
  ),
  '\n',
)}
</tbody></table>`;
  return html`<h4>Published hosts <span class="muted">(where they land, today and after the change)</span></h4>
${join(
  tables.map((p) => html`<p class="muted">listener ${p.listener}</p>\n${table(p)}`),
  '\n',
)}`;
}

function groupSection(g: PlanGroup, c: Context): Html {
  const { cmd, byFile, index } = c;
  const crlf = g.diff.includes('\r\n') ? ' · CRLF line endings (kept)' : '';
  return html`<section class="card group" id="group-${g.id}" data-group="${g.id}">
<h3 class="group-heading"><span class="gid">${g.id}</span> ${memberNames(g.files, byFile)}</h3>
<p class="group-meta">${plural(g.files.length, 'appliance')} · ${plural(g.operations.length, 'change')}${crlf} · ${badge(g.outcome, cmd)}</p>
${memberList(g.files, byFile, index)}
<h4>Changes</h4>
${operationList(g.operations, byFile.get(g.files[0]!))}
${publishedSection(byFile.get(g.files[0]!))}
${groupFindings(g.files, byFile)}
<h4>Diff${g.files.length > 1 ? html` <span class="muted">(of ${g.files[0]}; the others get the same changes)</span>` : ''}</h4>
${renderDiff(g.diff)}
</section>`;
}

function changesSection(c: Context): Html {
  const patched = c.doc.groups.filter((g) => g.outcome === 'patched');
  return html`<section id="changes">
<h2>Changes by group <span class="muted">(${plural(patched.length, 'group')}, ${plural(c.count('patched'), 'appliance')})</span></h2>
${
  patched.length
    ? join(
        patched.map((g) => groupSection(g, c)),
        '\n',
      )
    : html`<p class="muted">No change to review.</p>`
}
</section>`;
}

function unchangedSection(c: Context): Html {
  const groups = c.doc.groups.filter((g) => g.outcome === 'unchanged');
  if (!groups.length) return html``;
  const items = groups.map(
    (
      g,
    ) => html`<div class="group" id="group-${g.id}" data-group="${g.id}"><h3 class="group-heading"><span class="gid">${g.id}</span> ${memberNames(g.files, c.byFile)}</h3>
${memberList(g.files, c.byFile, c.index)}</div>`,
  );
  return html`<section id="unchanged" class="card">
<h2>Already compliant <span class="muted">(${plural(c.count('unchanged'), 'appliance')})</span></h2>
${join(items, '\n')}
</section>`;
}

/** Every input and output with its sha256 and size: what the board signs and the operator loads. */
function filesSection(c: Context): Html {
  const row = (kind: string, path: string, sha: string | undefined, bytes: number | undefined) =>
    html`<tr><td>${kind}</td><td><code>${path}</code></td><td class="num">${bytes ?? ''}</td><td>${sha ? html`<code class="sha">${sha}</code>` : html`<span class="muted">not read</span>`}</td></tr>`;
  const rows: Html[] = [];
  for (const r of c.doc.files) {
    rows.push(row('input', r.file, r.input?.sha256, r.input?.bytes));
    for (const o of r.outputs ?? []) rows.push(row(o.kind, o.path, o.sha256, o.bytes));
  }
  for (const w of c.doc.written ?? ([] as WrittenFile[])) rows.push(row(w.kind, w.path, w.sha256, w.bytes));
  return html`<section id="files" class="card">
<h2>Files and checksums</h2>
<p class="muted">Compare the sha256 of the file you load with the one here${c.cmd === 'plan' ? ' (a plan writes no export: apply writes it, and its .patch.json records the same checksums)' : ''}.</p>
<table class="files"><colgroup><col class="c-kind"><col><col class="c-bytes"><col></colgroup><thead><tr><th>file</th><th>path</th><th class="num">bytes</th><th>sha256</th></tr></thead><tbody>
${join(rows, '\n')}
</tbody></table>
</section>`;
}

function applianceSection(r: FileReport, i: number, c: Context): Html {
  const g = c.groupOf.get(r.file);
  const unknown = html`<span class="muted">unknown</span>`;
  const meta = [
    html`<dt>file</dt><dd><code>${r.file}</code></dd>`,
    html`<dt>AsyncOS</dt><dd>${r.asyncos ?? unknown}</dd>`,
    html`<dt>serial</dt><dd>${r.serial ?? unknown}</dd>`,
    html`<dt>group</dt><dd>${g ? html`<a href="#group-${g.id}">${g.id}</a>` : html`<span class="muted">none</span>`}</dd>`,
    r.written
      ? html`<dt>written</dt><dd><code>${r.written.xml}</code>, <code>${r.written.diff}</code>, <code>${r.written.artefact}</code></dd>`
      : '',
  ];
  const listenerRows = r.listeners.map((l) => {
    const tls = Object.entries(l.tls).map(
      ([p, v]) =>
        html`<span class="tls${v === null ? ' inherited' : ''}">$${p} = ${v === null ? html`<em>inherited</em>` : html`&quot;${v}&quot;`}</span>`,
    );
    return html`<tr${l.selected ? '' : trusted(' class="unselected"')}><td>${l.name}</td><td>${l.type || html`<span class="muted">none</span>`}</td><td><code>${l.path}</code></td><td>${l.selected ? 'yes' : html`<span class="muted">not selected</span>`}</td><td class="num">${l.operations.length}</td><td>${tls.length ? join(tls, ' ') : html`<span class="muted">no policy</span>`}</td></tr>`;
  });
  const listeners = r.listeners.length
    ? html`<table class="listeners"><thead><tr><th>listener</th><th>type</th><th>path</th><th>selected</th><th>changes</th><th>TLS of its policies</th></tr></thead><tbody>
${join(listenerRows, '\n')}
</tbody></table>`
    : '';
  return html`<section class="card appliance" id="file-${i}" data-file="${r.file}">
<h3>${applianceName(r)} ${badge(r.outcome, c.cmd)}</h3>
<dl class="meta">${meta}</dl>
${listeners}
${r.findings.length ? html`<h4>Findings <span class="muted">(${r.findings.length})</span></h4>\n${findingsBlock(r.findings)}` : html`<p class="muted">No finding.</p>`}
</section>`;
}

function appliancesSection(c: Context): Html {
  const rows = c.doc.files.map((r, i) => {
    const g = c.groupOf.get(r.file);
    return html`<tr class="o-row-${r.outcome}"><td><a href="#file-${i}">${applianceName(r)}</a><div class="file"><code>${r.file}</code></div></td><td>${r.asyncos ?? html`<span class="muted">?</span>`}</td><td>${badge(r.outcome, c.cmd)}</td><td>${g ? html`<a href="#group-${g.id}">${g.id}</a>` : html`<span class="muted">none</span>`}</td><td class="num">${r.operations.length}</td><td>${severityCounts(r.findings)}</td></tr>`;
  });
  return html`<section id="appliances">
<h2>Appliances and findings</h2>
<div class="card">
<h3>Every appliance</h3>
<table class="fleet"><thead><tr><th>appliance</th><th>AsyncOS</th><th>outcome</th><th>group</th><th class="num">changes</th><th>findings</th></tr></thead><tbody>
${join(rows, '\n')}
</tbody></table>
</div>
${join(
  c.doc.files.map((r, i) => applianceSection(r, i, c)),
  '\n',
)}
</section>`;
}

/**
 * Renders a report document (`esa-patch/report@1`) as one self-contained HTML page: the run
 * (time, tool, recipe, exit code), a summary of the fleet by outcome and by group, the
 * appliances refused or failed with why, each group's changes, findings and diff (diff2html),
 * the checksums of every file, and every appliance's listeners and findings. Deterministic:
 * the same document gives the same page.
 */
export function renderHtmlReport(doc: ReportDocument, assets: HtmlReportAssets): string {
  const groupOf = new Map<string, PlanGroup>();
  for (const g of doc.groups) for (const f of g.files) groupOf.set(f, g);
  const c: Context = {
    doc,
    cmd: doc.command,
    byFile: new Map(doc.files.map((r) => [r.file, r] as const)),
    index: new Map(doc.files.map((r, i) => [r.file, i] as const)),
    groupOf,
    count: (o) => doc.files.filter((r) => r.outcome === o).length,
    failed: doc.files.filter((r) => r.outcome === 'refused' || r.outcome === 'error'),
    exitMeaning: assets.exitMeaning ?? {},
  };
  const title = `esa-patch ${doc.command} report: ${plural(doc.files.length, 'appliance')}`;
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${doc.tool}">
<title>${title}</title>
<style>${styleText(assets.css)}</style>
<style>${styleText(PAGE_CSS)}</style>
</head>
<body>
${headerSection(c)}
<main class="wrap">
${summarySection(c)}
${attentionSection(c)}
${changesSection(c)}
${unchangedSection(c)}
${filesSection(c)}
${appliancesSection(c)}
</main>
<footer class="wrap"><p class="muted">Generated by ${doc.tool}${doc.generatedAt ? ` on ${doc.generatedAt}` : ''}. Diffs rendered with diff2html. This page loads nothing from the network.</p></footer>
</body>
</html>
`.text;
}
