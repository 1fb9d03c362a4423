/**
 * The HTML report: one self-contained page (inline CSS, no script, no external resource) a
 * reviewer opens in a browser. Pure: the caller passes diff2html's stylesheet in `assets.css`
 * (see src/cli/html-assets.ts) and writes the result where it wants.
 *
 * Strings taken from an export (diff, hostname, listener and group names, messages quoting the
 * file) hold one character per byte of the file; they are shown decoded as UTF-8 when they are
 * valid UTF-8, as latin1 otherwise. Everything is HTML-escaped.
 */
import { html as diff2html, type Diff2HtmlConfig } from 'diff2html';
import { describeOperation, type Operation } from '../patch/operations.js';
import type { Finding, Severity } from '../patch/findings.js';
import type { FileReport } from './model.js';
import type { PlanGroup } from './groups.js';
import type { ReportDocument } from './schema.js';

/** What the page needs besides the report: diff2html's stylesheet (`diff2html.min.css`). */
export interface HtmlReportAssets {
  css: string;
  /** What each exit code means (the CLI's table). */
  exitMeaning?: Readonly<Record<number, string>>;
}

type Outcome = FileReport['outcome'];

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

const EXIT_MEANING: Record<number, string> = {
  0: 'done: nothing to do, or the files were written',
  1: 'error: at least one file could not be read, parsed or written',
  2: 'changes pending',
  3: 'refused: a conflict the tool will not resolve on its own',
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A string read from a file (one character per byte) as a person should see it: decoded as
 * UTF-8 when its bytes are valid UTF-8, as is (latin1) otherwise. Strings holding characters
 * above U+00FF are not byte strings and are returned unchanged.
 */
export function displayText(s: string): string {
  if (!/[\u0080-\uffff]/.test(s)) return s;
  if (/[^\u0000-\u00ff]/.test(s)) return s;
  try {
    return utf8.decode(Buffer.from(s, 'latin1'));
  } catch {
    return s;
  }
}

/** HTML-escapes text for element content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Escaped display text of a string from the report. */
const t = (s: string | null | undefined): string => escapeHtml(displayText(s ?? ''));

/** A number from the document, escaped all the same (the document may come from a file). */
const num = (n: number): string => escapeHtml(String(n));

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function outcomeLabel(o: Outcome, command: ReportDocument['command']): string {
  if (o === 'patched') return command === 'plan' ? 'changes pending' : command === 'rollback' ? 'rolled back' : 'patched';
  if (o === 'unchanged') return 'nothing to do';
  return o;
}

function badge(o: Outcome, command: ReportDocument['command']): string {
  return `<span class="badge o-${escapeHtml(o)}" title="outcome: ${escapeHtml(o)}">${escapeHtml(outcomeLabel(o, command))}</span>`;
}

function sevBadge(s: Severity): string {
  return `<span class="sev sev-${escapeHtml(s)}">${escapeHtml(s)}</span>`;
}

/** `hostname` or the file name when the export could not be read. */
function applianceName(r: FileReport): string {
  return r.hostname ? t(r.hostname) : `<span class="muted">(no hostname)</span>`;
}

function location(f: Finding): string {
  const parts: string[] = [];
  if (f.line) parts.push(`line ${num(f.line)}${f.col ? `, col ${num(f.col)}` : ''}`);
  if (f.listener) parts.push(`listener ${t(f.listener)}`);
  if (f.path) parts.push(`<code>${t(f.path)}</code>`);
  return parts.join('<br>');
}

function findingRows(findings: readonly Finding[]): string {
  return findings
    .map(
      (f) =>
        `<tr class="finding f-${escapeHtml(f.severity)}"><td>${sevBadge(f.severity)}</td><td class="fcode"><code class="code">${escapeHtml(f.code)}</code></td><td class="msg">${t(f.message)}</td><td class="loc">${location(f)}</td></tr>`,
    )
    .join('\n');
}

const FINDINGS_COLS = '<colgroup><col class="c-sev"><col class="c-code"><col><col class="c-loc"></colgroup>';
const FINDINGS_HEAD = '<thead><tr><th>severity</th><th>code</th><th>message</th><th>where</th></tr></thead>';

/** Errors and warnings in a table; info findings folded (a click opens them; printed open). */
function findingsBlock(findings: readonly Finding[]): string {
  const sorted = [...findings].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
  const loud = sorted.filter((f) => f.severity !== 'info');
  const info = sorted.filter((f) => f.severity === 'info');
  let out = loud.length ? `<table class="findings">${FINDINGS_COLS}${FINDINGS_HEAD}<tbody>\n${findingRows(loud)}\n</tbody></table>` : '';
  if (info.length) {
    const codes = [...new Set(info.map((f) => f.code))].map((c) => `<code class="code">${escapeHtml(c)}</code>`).join(', ');
    out += `\n<details class="info-findings"><summary>${plural(info.length, 'info finding')}: ${codes}</summary>\n<table class="findings">${FINDINGS_COLS}${loud.length ? '' : FINDINGS_HEAD}<tbody>\n${findingRows(info)}\n</tbody></table></details>`;
  }
  return out;
}

function severityCounts(findings: readonly Finding[]): string {
  const cells = SEVERITIES.map((s) => {
    const n = findings.filter((f) => f.severity === s).length;
    return n ? `<span class="count sev-${s}" title="${plural(n, `${s} finding`)}">${n} ${s}</span>` : '';
  }).filter(Boolean);
  return cells.length ? cells.join(' ') : '<span class="muted">none</span>';
}

function operationList(ops: readonly Operation[]): string {
  if (!ops.length) return '<p class="muted">No change: every selected listener is already compliant.</p>';
  const items = ops.map((op) => `<li><span class="listener">${t(op.listener)}</span> ${t(describeOperation(op))}</li>`).join('\n');
  return `<ol class="ops">\n${items}\n</ol>`;
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
function renderDiff(diff: string): string {
  if (!diff) return '<p class="muted">Empty diff.</p>';
  return `<div class="diff">${diff2html(displayText(diff), DIFF_CONFIG)}</div>`;
}

/** Member names of a group for its heading: every hostname up to `max`, then how many more. */
function memberNames(files: readonly string[], byFile: Map<string, FileReport>, max = 6): string {
  const names = files.map((f) => {
    const r = byFile.get(f);
    return r?.hostname ? t(r.hostname) : t(f);
  });
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} <span class="muted">and ${names.length - max} more</span>` : shown;
}

function memberList(files: readonly string[], byFile: Map<string, FileReport>, index: Map<string, number>): string {
  const items = files
    .map((f) => {
      const r = byFile.get(f);
      const i = index.get(f);
      const name = r ? applianceName(r) : t(f);
      const meta = [r?.asyncos ? `AsyncOS ${t(r.asyncos)}` : '', r?.serial ? `serial ${t(r.serial)}` : ''].filter(Boolean).join(' · ');
      return `<li><a href="#file-${i ?? 0}">${name}</a> <code>${t(f)}</code>${meta ? ` <span class="muted">${meta}</span>` : ''}</li>`;
    })
    .join('\n');
  return `<ul class="members">\n${items}\n</ul>`;
}

function tile(key: string, n: number, label: string, sub: string): string {
  return `<div class="tile t-${key}" data-outcome="${key}"><div class="n">${n}</div><div class="l">${escapeHtml(label)}</div><div class="s">${escapeHtml(sub)}</div></div>`;
}

/** Inline stylesheet text: `<` (only valid in CSS strings and comments) as the CSS escape `\3c `, so `</style` cannot end the element. */
function styleText(css: string): string {
  return css.replace(/</g, '\\3c ');
}

/**
 * Renders a report document (`esa-patch/report@1`) as one self-contained HTML page: a summary
 * of the fleet by outcome and by group, the appliances refused or failed with why, each
 * group's diff (diff2html) under a heading naming its appliances, and every appliance's
 * listeners and findings. Deterministic: the same document gives the same page.
 */
export function renderHtmlReport(doc: ReportDocument, assets: HtmlReportAssets): string {
  const files = doc.files;
  const groups = doc.groups;
  const byFile = new Map(files.map((r) => [r.file, r] as const));
  const index = new Map(files.map((r, i) => [r.file, i] as const));
  const groupOf = new Map<string, PlanGroup>();
  for (const g of groups) for (const f of g.files) groupOf.set(f, g);
  const count = (o: Outcome) => files.filter((r) => r.outcome === o).length;
  const cmd = doc.command;
  const title = `esa-patch ${cmd} report: ${plural(files.length, 'appliance')}`;

  const tiles = [
    tile('total', files.length, files.length === 1 ? 'appliance' : 'appliances', `${plural(groups.length, 'group')} of identical plans`),
    tile('patched', count('patched'), 'patched', cmd === 'plan' ? 'changes pending' : cmd === 'rollback' ? 'rolled back' : 'written'),
    tile('unchanged', count('unchanged'), 'unchanged', 'already compliant'),
    tile('refused', count('refused'), 'refused', 'conflict: nothing done'),
    tile('error', count('error'), 'error', 'could not be processed'),
  ].join('\n');

  const applianceRows = files
    .map((r, i) => {
      const g = groupOf.get(r.file);
      return `<tr class="o-row-${escapeHtml(r.outcome)}"><td><a href="#file-${i}">${applianceName(r)}</a><div class="file"><code>${t(r.file)}</code></div></td><td>${t(r.asyncos) || '<span class="muted">?</span>'}</td><td>${badge(r.outcome, cmd)}</td><td>${g ? `<a href="#group-${escapeHtml(g.id)}">${escapeHtml(g.id)}</a>` : '<span class="muted">none</span>'}</td><td class="num">${r.operations.length}</td><td>${severityCounts(r.findings)}</td></tr>`;
    })
    .join('\n');

  const failed = files.filter((r) => r.outcome === 'refused' || r.outcome === 'error');
  const groupRows = groups
    .map(
      (g) =>
        `<tr><td><a href="#group-${escapeHtml(g.id)}">${escapeHtml(g.id)}</a></td><td>${badge(g.outcome, cmd)}</td><td class="num">${g.files.length}</td><td class="num">${g.operations.length}</td><td>${memberNames(g.files, byFile)}</td></tr>`,
    )
    .join('\n');

  const attention = failed.length
    ? `<section id="attention" class="card attention">
<h2>Refused and failed <span class="muted">(${failed.length})</span></h2>
<p class="lead">Nothing was ${cmd === 'plan' ? 'planned' : 'written'} for these appliances. The reason is given for each; fix it, then run again.</p>
${failed
  .map((r) => {
    const why = r.findings.filter((f) => f.severity === 'error');
    const shown = why.length ? why : r.findings;
    return `<div class="failed" data-file="${t(r.file)}"><h3>${badge(r.outcome, cmd)} <a href="#file-${index.get(r.file)}">${applianceName(r)}</a> <code>${t(r.file)}</code></h3>
<ul class="why">${shown.map((f) => `<li>${sevBadge(f.severity)} ${t(f.message)} <code class="code">${escapeHtml(f.code)}</code>${f.line ? ` <span class="muted">line ${num(f.line)}${f.col ? `:${num(f.col)}` : ''}</span>` : ''}</li>`).join('\n') || '<li class="muted">no reason recorded</li>'}</ul></div>`;
  })
  .join('\n')}
</section>`
    : '';

  const patchedGroups = groups.filter((g) => g.outcome === 'patched');
  const unchangedGroups = groups.filter((g) => g.outcome === 'unchanged');
  const changes = patchedGroups.length
    ? patchedGroups
        .map(
          (g) => `<section class="card group" id="group-${escapeHtml(g.id)}" data-group="${escapeHtml(g.id)}">
<h3 class="group-heading"><span class="gid">${escapeHtml(g.id)}</span> ${memberNames(g.files, byFile)}</h3>
<p class="group-meta">${plural(g.files.length, 'appliance')} · ${plural(g.operations.length, 'change')}${g.diff.includes('\r\n') ? ' · CRLF line endings (kept)' : ''} · ${badge(g.outcome, cmd)}</p>
${memberList(g.files, byFile, index)}
<h4>Changes</h4>
${operationList(g.operations)}
<h4>Diff${g.files.length > 1 ? ` <span class="muted">(of ${t(g.files[0])}; the others get the same changes)</span>` : ''}</h4>
${renderDiff(g.diff)}
</section>`,
        )
        .join('\n')
    : '<p class="muted">No change to review.</p>';

  const unchanged = unchangedGroups.length
    ? `<section id="unchanged" class="card">
<h2>Already compliant <span class="muted">(${plural(count('unchanged'), 'appliance')})</span></h2>
${unchangedGroups
  .map(
    (g) => `<div class="group" id="group-${escapeHtml(g.id)}" data-group="${escapeHtml(g.id)}"><h3 class="group-heading"><span class="gid">${escapeHtml(g.id)}</span> ${memberNames(g.files, byFile)}</h3>
${memberList(g.files, byFile, index)}</div>`,
  )
  .join('\n')}
</section>`
    : '';

  const appliances = files
    .map((r, i) => {
      const g = groupOf.get(r.file);
      const meta = [
        `<dt>file</dt><dd><code>${t(r.file)}</code></dd>`,
        `<dt>AsyncOS</dt><dd>${t(r.asyncos) || '<span class="muted">unknown</span>'}</dd>`,
        `<dt>serial</dt><dd>${t(r.serial) || '<span class="muted">unknown</span>'}</dd>`,
        `<dt>group</dt><dd>${g ? `<a href="#group-${escapeHtml(g.id)}">${escapeHtml(g.id)}</a>` : '<span class="muted">none</span>'}</dd>`,
        r.written ? `<dt>written</dt><dd><code>${t(r.written.xml)}</code>, <code>${t(r.written.diff)}</code>, <code>${t(r.written.artefact)}</code></dd>` : '',
      ].join('');
      const listeners = r.listeners.length
        ? `<table class="listeners"><thead><tr><th>listener</th><th>type</th><th>path</th><th>patched</th><th>changes</th><th>TLS of its policies</th></tr></thead><tbody>
${r.listeners
  .map((l) => {
    const tls = Object.entries(l.tls)
      .map(([p, v]) => `<span class="tls${v === null ? ' inherited' : ''}">$${t(p)} = ${v === null ? '<em>inherited</em>' : `&quot;${t(v)}&quot;`}</span>`)
      .join(' ');
    return `<tr${l.selected ? '' : ' class="unselected"'}><td>${t(l.name)}</td><td>${t(l.type) || '<span class="muted">none</span>'}</td><td><code>${t(l.path)}</code></td><td>${l.selected ? 'yes' : '<span class="muted">not selected</span>'}</td><td class="num">${l.operations.length}</td><td>${tls || '<span class="muted">no policy</span>'}</td></tr>`;
  })
  .join('\n')}
</tbody></table>`
        : '';
      return `<section class="card appliance" id="file-${i}" data-file="${t(r.file)}">
<h3>${applianceName(r)} ${badge(r.outcome, cmd)}</h3>
<dl class="meta">${meta}</dl>
${listeners}
${r.findings.length ? `<h4>Findings <span class="muted">(${r.findings.length})</span></h4>\n${findingsBlock(r.findings)}` : '<p class="muted">No finding.</p>'}
</section>`;
    })
    .join('\n');

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${t(doc.tool)}">
<title>${escapeHtml(title)}</title>
<style>${styleText(assets.css)}</style>
<style>${PAGE_CSS}</style>
</head>
<body>
<header class="top">
<div class="wrap">
<h1>esa-patch <span class="cmd">${escapeHtml(cmd)}</span> report</h1>
<p class="sub">Cisco RES TLS (tech note 118539) · ${t(doc.tool)} · <code>${escapeHtml(doc.schema)}</code> · exit code <strong>${num(doc.exitCode)}</strong>: ${escapeHtml(EXIT_MEANING[doc.exitCode] ?? 'unknown')}</p>
<nav><a href="#summary">Summary</a>${failed.length ? '<a href="#attention">Refused and failed</a>' : ''}<a href="#changes">Changes by group</a>${unchangedGroups.length ? '<a href="#unchanged">Already compliant</a>' : ''}<a href="#appliances">Appliances and findings</a></nav>
</div>
</header>
<main class="wrap">
<section id="summary">
<h2>Summary</h2>
<div class="tiles">
${tiles}
</div>
${groups.length ? `<div class="card">
<h3>Groups of identical plans</h3>
<table class="groups"><colgroup><col class="c-gid"><col class="c-outcome"><col class="c-n"><col class="c-n"><col></colgroup><thead><tr><th>group</th><th>outcome</th><th class="num">appliances</th><th class="num">changes</th><th>members</th></tr></thead><tbody>
${groupRows}${failed.length ? `\n<tr class="nogroup"><td><a href="#attention">none</a></td><td>${count('refused') ? badge('refused', cmd) : ''} ${count('error') ? badge('error', cmd) : ''}</td><td class="num">${failed.length}</td><td class="num">0</td><td>${failed.map((r) => (r.hostname ? t(r.hostname) : t(r.file))).join(', ')}</td></tr>` : ''}
</tbody></table>
</div>` : ''}
</section>
${attention}
<section id="changes">
<h2>Changes by group <span class="muted">(${plural(patchedGroups.length, 'group')}, ${plural(count('patched'), 'appliance')})</span></h2>
${changes}
</section>
${unchanged}
<section id="appliances">
<h2>Appliances and findings</h2>
<div class="card">
<h3>Every appliance</h3>
<table class="fleet"><thead><tr><th>appliance</th><th>AsyncOS</th><th>outcome</th><th>group</th><th class="num">changes</th><th>findings</th></tr></thead><tbody>
${applianceRows}
</tbody></table>
</div>
${appliances}
</section>
</main>
<footer class="wrap"><p class="muted">Generated by ${t(doc.tool)}. Diffs rendered with diff2html. This page loads nothing from the network.</p></footer>
</body>
</html>
`;
}

const PAGE_CSS = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#f6f8fa;--card:#fff;--link:#0969da;
--patched:#0969da;--patched-bg:#ddf4ff;--unchanged:#1a7f37;--unchanged-bg:#dafbe1;--refused:#9a6700;--refused-bg:#fff8c5;--error:#cf222e;--error-bg:#ffebe9;
--warning:#9a6700;--warning-bg:#fff8c5;--info:#59636e;--info-bg:#eaeef2}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;color:var(--fg);background:var(--bg);font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI","Noto Sans","DejaVu Sans",Helvetica,Arial,sans-serif}
a{color:var(--link);text-decoration:none}
a:hover{text-decoration:underline}
code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;background:var(--info-bg);border-radius:4px;padding:1px 5px;overflow-wrap:anywhere}
.wrap{max-width:1280px;margin:0 auto;padding:0 28px}
header.top{background:#1f2937;color:#f9fafb;padding:22px 0 0;margin-bottom:24px;border-bottom:4px solid #049fd9}
header.top h1{margin:0;font-size:24px;font-weight:600;letter-spacing:.2px}
header.top .cmd{display:inline-block;background:#049fd9;color:#fff;border-radius:6px;padding:0 10px;font-size:20px}
header.top .sub{margin:6px 0 14px;color:#d1d5db}
header.top .sub code{background:#374151;color:#f9fafb}
header.top nav{display:flex;gap:4px;flex-wrap:wrap}
header.top nav a{color:#e5e7eb;padding:8px 12px;border-radius:6px 6px 0 0}
header.top nav a:hover{background:#374151;text-decoration:none}
h2{font-size:19px;margin:32px 0 12px;padding-bottom:6px;border-bottom:1px solid var(--line)}
h3{font-size:16px;margin:0 0 10px}
h4{font-size:13px;text-transform:uppercase;letter-spacing:.6px;color:var(--muted);margin:18px 0 8px}
h4 .muted{text-transform:none;letter-spacing:0}
.muted{color:var(--muted);font-weight:normal}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:18px 20px;margin:0 0 16px;box-shadow:0 1px 2px rgba(31,35,40,.04)}
.tiles{display:grid;grid-template-columns:repeat(5,minmax(0,1fr));gap:12px;margin-bottom:16px}
.tile{background:var(--card);border:1px solid var(--line);border-top-width:4px;border-radius:8px;padding:12px 16px}
.tile .n{font-size:30px;font-weight:600;line-height:1.1}
.tile .l{font-weight:600;text-transform:capitalize}
.tile .s{color:var(--muted);font-size:12px}
.t-total{border-top-color:#1f2937}
.t-patched{border-top-color:var(--patched)}.t-patched .n{color:var(--patched)}
.t-unchanged{border-top-color:var(--unchanged)}.t-unchanged .n{color:var(--unchanged)}
.t-refused{border-top-color:#d4a72c}.t-refused .n{color:var(--refused)}
.t-error{border-top-color:var(--error)}.t-error .n{color:var(--error)}
table.fleet,table.groups,table.findings,table.listeners{width:100%;border-collapse:collapse}
table.fleet th,table.groups th,table.findings th,table.listeners th{text-align:left;font-size:12px;font-weight:600;color:var(--muted);text-transform:uppercase;letter-spacing:.4px;border-bottom:1px solid var(--line);padding:6px 10px}
table.fleet td,table.groups td,table.findings td,table.listeners td{border-bottom:1px solid #eaeef2;padding:7px 10px;vertical-align:top}
table.fleet tr:last-child td,table.groups tr:last-child td,table.findings tr:last-child td,table.listeners tr:last-child td{border-bottom:0}
table.fleet tbody tr:hover,table.groups tbody tr:hover{background:#f6f8fa}
table.groups{table-layout:fixed}
table.groups col.c-gid{width:80px}
table.groups col.c-outcome{width:210px}
table.groups col.c-n{width:120px}
table.groups tr.nogroup td{color:var(--muted);border-top:1px dashed var(--line)}
.num{text-align:right;font-variant-numeric:tabular-nums}
td .file{margin-top:2px}
td .file code{background:none;padding:0;color:var(--muted)}
.badge{display:inline-block;border-radius:999px;padding:0 9px;font-size:12px;font-weight:600;line-height:20px;white-space:nowrap;border:1px solid transparent;vertical-align:middle}
.o-patched{color:var(--patched);background:var(--patched-bg);border-color:#b6e3ff}
.o-unchanged{color:var(--unchanged);background:var(--unchanged-bg);border-color:#aceebb}
.o-refused{color:var(--refused);background:var(--refused-bg);border-color:#eed888}
.o-error{color:var(--error);background:var(--error-bg);border-color:#ffcecb}
.sev{display:inline-block;min-width:58px;text-align:center;border-radius:4px;padding:0 6px;font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.4px;line-height:18px}
.sev-error{color:#fff;background:var(--error)}
.sev-warning{color:#3b2300;background:#f5c542}
.sev-info{color:var(--info);background:var(--info-bg)}
.count{display:inline-block;font-size:12px;border-radius:4px;padding:0 6px;margin:1px 2px 1px 0;line-height:18px}
.count.sev-error{font-weight:600}
.attention{border-left:4px solid var(--error)}
.attention .lead{margin-top:-4px;color:var(--muted)}
.failed{border-top:1px solid #eaeef2;padding-top:10px;margin-top:10px}
.failed h3{font-size:15px;display:flex;gap:8px;align-items:center;flex-wrap:wrap}
.failed ul.why{margin:4px 0 0;padding-left:18px}
.failed ul.why li{margin:4px 0}
.group-heading{font-size:16px;display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}
.gid{display:inline-block;background:#1f2937;color:#fff;border-radius:6px;padding:0 8px;font-size:13px;font-family:ui-monospace,Menlo,Consolas,"DejaVu Sans Mono",monospace}
.group-meta{margin:-4px 0 8px;color:var(--muted)}
ul.members{margin:0;padding-left:18px}
ul.members li{margin:2px 0}
ol.ops{margin:0;padding-left:22px}
ol.ops li{margin:3px 0}
.listener{display:inline-block;font-weight:600;background:var(--info-bg);border-radius:4px;padding:0 6px;margin-right:4px;font-size:12px}
#unchanged .group{border-top:1px solid #eaeef2;padding-top:10px;margin-top:10px}
#unchanged .group:first-of-type{border-top:0;margin-top:0;padding-top:0}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0 0 10px}
dl.meta dt{color:var(--muted)}
dl.meta dd{margin:0}
.appliance h3{display:flex;gap:10px;align-items:center}
table.listeners tr.unselected td{color:var(--muted)}
.tls{display:inline-block;font:12px/1.4 ui-monospace,Menlo,Consolas,"DejaVu Sans Mono",monospace;margin:0 8px 2px 0;white-space:nowrap}
.tls.inherited{color:var(--muted)}
table.findings td.msg{overflow-wrap:anywhere}
table.findings{table-layout:fixed}
table.findings col.c-sev{width:96px}
table.findings col.c-code{width:210px}
table.findings col.c-loc{width:240px}
table.findings td.loc{font-size:12px;color:var(--muted);overflow-wrap:anywhere}
table.findings td.fcode{overflow-wrap:anywhere}
table.listeners td code{white-space:nowrap}
.card>h2:first-child{margin-top:0}
details.info-findings{margin-top:8px}
details.info-findings summary{cursor:pointer;color:var(--muted);padding:4px 0}
details.info-findings summary code.code{background:none;padding:0}
details.info-findings table.findings{margin-top:4px}
table.findings tr.f-error td{background:#fff5f5}
table.findings code.code,.failed code.code{background:none;padding:0;color:var(--muted)}
.diff{margin-top:8px}
.diff .d2h-file-wrapper{margin-bottom:0;border-radius:6px}
.diff .d2h-file-collapse{display:none}
.diff .d2h-code-line,.diff .d2h-code-side-line{font-size:12.5px}
footer{margin:24px auto 40px}
@media (max-width:900px){.tiles{grid-template-columns:repeat(2,minmax(0,1fr))}.wrap{padding:0 14px}}
@media print{body{background:#fff}details.info-findings>summary{list-style:none}header.top{background:#fff;color:#000;border-bottom:2px solid #000}header.top .sub{color:#000}header.top nav{display:none}.card{box-shadow:none;break-inside:avoid-page}.group{break-inside:auto}}
`;
