/**
 * The HTML page of `esa-patch diff --html FILE`: one self-contained page (inline CSS, no
 * script, nothing loaded from the network) in the style of the plan report: a summary, each
 * group of identical difference with its changes listener by listener, and every export.
 * Pure; every string (already decoded from its export's encoding by the caller) is HTML-escaped.
 */
import { escapeHtml } from './html.js';
import { pageHead } from './html-parts.js';
import { trusted } from './html-template.js';
import { describeHatChange, describeIdentity } from './diff-report.js';
import type { DiffDocument, DriftGroup } from './diff-schema.js';
import { differingListeners } from './drift.js';
import type { ListenerDiff, SettingChange } from '../patch/diff-exports.js';

// The document holds decoded text (the CLI decodes each export in its own encoding).
const t = (s: string | null | undefined): string => escapeHtml(s ?? '');
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const EXIT_MEANING: Record<number, string> = {
  0: 'identical by meaning',
  1: 'error: an export could not be read or compared',
  2: 'differences found',
};

function settingRow(s: SettingChange): string {
  const mark = s.from === null ? 'add' : s.to === null ? 'del' : 'chg';
  return `<tr class="${mark}"><td><code>${t(s.key)}</code></td><td>${s.from === null ? '<span class="muted">(not set)</span>' : t(s.from)}</td><td>${s.to === null ? '<span class="muted">(not set)</span>' : t(s.to)}</td></tr>`;
}

function listenerBlock(l: ListenerDiff): string {
  const name = l.match === 'map' ? `${t(l.a!.name)} = ${t(l.b!.name)}` : t(l.listener);
  const path = t((l.a ?? l.b)!.path);
  if (l.match === 'only-a' || l.match === 'only-b') {
    return `<div class="listener" data-listener="${t(l.listener)}"><h4>listener ${name} <code>${path}</code></h4><p class="del">only in ${l.match === 'only-a' ? 'the baseline' : 'the compared export'}</p></div>`;
  }
  const how =
    l.match === 'name'
      ? ' <span class="muted">(paired by name)</span>'
      : l.match === 'map'
        ? ' <span class="muted">(paired by --map-listener)</span>'
        : '';
  const settings = l.settings.length
    ? `<table class="settings"><thead><tr><th>setting</th><th>baseline</th><th>compared</th></tr></thead><tbody>${l.settings.map(settingRow).join('')}</tbody></table>`
    : '';
  const hat = l.hat.length
    ? `<ul class="hat">${l.hat
        .map((c) => {
          const line = describeHatChange(c);
          const mark = line[0] === '+' ? 'add' : line[0] === '-' ? 'del' : line[0] === '~' ? 'chg' : 'fmt';
          return `<li class="${mark}" data-kind="${escapeHtml(c.kind)}">${escapeHtml(line)}</li>`;
        })
        .join('')}</ul>`
    : '';
  return `<div class="listener" data-listener="${t(l.listener)}"><h4>listener ${name} <code>${path}</code>${how}</h4>${settings}${hat || (settings ? '' : '<p class="muted">same</p>')}</div>`;
}

function groupBlock(g: DriftGroup): string {
  const members = g.files.map((f) => `<code>${t(f)}</code>`).join(' ');
  const body = g.outcome === 'identical' ? '<p class="muted">No difference by meaning.</p>' : g.listeners.map(listenerBlock).join('\n');
  return `<section class="card group g-${escapeHtml(g.outcome)}" id="group-${escapeHtml(g.id)}" data-group="${escapeHtml(g.id)}">
<h3>${escapeHtml(g.id)} <span class="badge o-${escapeHtml(g.outcome)}">${escapeHtml(g.outcome)}</span> <span class="muted">${plural(g.files.length, 'export')}</span></h3>
<p class="members">${members}</p>
${body}
</section>`;
}

/** Renders an `esa-patch/diff@1` document as one self-contained HTML page. Deterministic. */
export function renderDiffHtml(doc: DiffDocument): string {
  const count = (o: string) => doc.comparisons.filter((c) => c.outcome === o).length;
  const baseIdentity = doc.comparisons.find((c) => c.a)?.a ?? null;
  const failed = doc.comparisons.filter((c) => c.outcome === 'error');
  const rows = doc.comparisons
    .map(
      (c) =>
        `<tr data-file="${t(c.file)}"><td><code>${t(c.file)}</code></td><td>${t(describeIdentity(c.b))}</td><td><span class="badge o-${escapeHtml(c.outcome)}">${escapeHtml(c.outcome)}</span></td><td>${c.group ? `<a href="#group-${escapeHtml(c.group)}">${escapeHtml(c.group)}</a>` : '<span class="muted">none</span>'}</td><td class="num">${differingListeners(c.listeners).length}</td></tr>`,
    )
    .join('\n');
  const errors = failed.length
    ? `<section id="errors"><h2>Not compared</h2>${failed.map((c) => `<div class="card"><h3><code>${t(c.file)}</code></h3><ul>${c.findings.map((f) => `<li><code>${escapeHtml(f.code)}</code> ${t(f.message)}</li>`).join('')}</ul></div>`).join('\n')}</section>`
    : '';
  return `${pageHead(trusted(`esa-patch diff: ${escapeHtml(plural(doc.comparisons.length, 'export'))} against ${t(doc.baseline)}`), trusted(t(doc.tool)), [trusted(PAGE_CSS)])}
<body>
<header class="top"><div class="wrap">
<h1>esa-patch <span class="cmd">diff</span> report</h1>
<p class="sub">baseline <code>${t(doc.baseline)}</code>: ${t(describeIdentity(baseIdentity))} · ${t(doc.tool)} · <code>${escapeHtml(doc.schema)}</code>${doc.strict ? ' · --strict' : ''} · exit code <strong>${escapeHtml(String(doc.exitCode))}</strong>: ${escapeHtml(EXIT_MEANING[doc.exitCode] ?? 'unknown')}</p>
</div></header>
<main class="wrap">
<section id="summary"><h2>Summary</h2>
<div class="tiles">
<div class="tile t-total"><div class="n">${doc.comparisons.length}</div><div class="l">compared</div></div>
<div class="tile t-identical" data-outcome="identical"><div class="n">${count('identical')}</div><div class="l">identical</div></div>
<div class="tile t-different" data-outcome="different"><div class="n">${count('different')}</div><div class="l">different</div><div class="s">${plural(doc.groups.filter((g) => g.outcome === 'different').length, 'group')}</div></div>
<div class="tile t-error" data-outcome="error"><div class="n">${count('error')}</div><div class="l">not compared</div></div>
</div>
<p class="muted">Compared by meaning: the header's version and serial (shown), and every listener's settings and Host Access Table. Other sections of the export are not compared.</p>
</section>
${errors}
<section id="groups"><h2>Groups</h2>
${doc.groups.map(groupBlock).join('\n')}
</section>
<section id="exports"><h2>Every export</h2>
<div class="card"><table class="fleet"><thead><tr><th>export</th><th>appliance</th><th>outcome</th><th>group</th><th class="num">listeners differing</th></tr></thead><tbody>
${rows}
</tbody></table></div>
</section>
</main>
<footer class="wrap"><p class="muted">Generated by ${t(doc.tool)}. This page loads nothing from the network.</p></footer>
</body>
</html>
`;
}

const PAGE_CSS = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#f6f8fa;--card:#fff;--add:#1a7f37;--add-bg:#dafbe1;--del:#cf222e;--del-bg:#ffebe9;--chg:#9a6700;--chg-bg:#fff8c5;--info-bg:#eaeef2}
*{box-sizing:border-box}
body{margin:0;color:var(--fg);background:var(--bg);font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI","Noto Sans","DejaVu Sans",Helvetica,Arial,sans-serif}
a{color:#0969da;text-decoration:none}
code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;background:var(--info-bg);border-radius:4px;padding:1px 5px;overflow-wrap:anywhere}
.wrap{max-width:1280px;margin:0 auto;padding:0 28px}
header.top{background:#1f2937;color:#f9fafb;padding:22px 0 8px;margin-bottom:24px;border-bottom:4px solid #049fd9}
header.top h1{margin:0;font-size:24px;font-weight:600}
header.top .cmd{display:inline-block;background:#049fd9;color:#fff;border-radius:6px;padding:0 10px;font-size:20px}
header.top .sub{margin:6px 0 14px;color:#d1d5db}
header.top .sub code{background:#374151;color:#f9fafb}
h2{font-size:19px;margin:32px 0 12px;padding-bottom:6px;border-bottom:1px solid var(--line)}
h3{font-size:16px;margin:0 0 10px}
h4{font-size:14px;margin:14px 0 6px}
.muted{color:var(--muted);font-weight:normal}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:18px 20px;margin:0 0 16px}
.tiles{display:grid;grid-template-columns:repeat(4,minmax(0,1fr));gap:12px;margin-bottom:12px}
.tile{background:var(--card);border:1px solid var(--line);border-top-width:4px;border-radius:8px;padding:12px 16px}
.tile .n{font-size:30px;font-weight:600;line-height:1.1}
.tile .l{font-weight:600}
.tile .s{color:var(--muted);font-size:12px}
.t-total{border-top-color:#1f2937}.t-identical{border-top-color:var(--add)}.t-different{border-top-color:#d4a72c}.t-error{border-top-color:var(--del)}
.badge{display:inline-block;border-radius:999px;padding:0 9px;font-size:12px;font-weight:600;line-height:20px}
.o-identical{color:var(--add);background:var(--add-bg)}.o-different{color:var(--chg);background:var(--chg-bg)}.o-error{color:var(--del);background:var(--del-bg)}
ul.hat{list-style:none;margin:0;padding:0;font:12px/1.6 ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace}
ul.hat li{padding:1px 8px;border-left:3px solid transparent;white-space:pre-wrap}
li.add,tr.add td{background:var(--add-bg)}li.add{border-left-color:var(--add)}
li.del,tr.del td,p.del{background:var(--del-bg)}li.del{border-left-color:var(--del)}
li.chg,tr.chg td{background:var(--chg-bg)}li.chg{border-left-color:#d4a72c}
li.fmt{color:var(--muted)}
table{width:100%;border-collapse:collapse}
th{text-align:left;font-size:12px;font-weight:600;color:var(--muted);text-transform:uppercase;border-bottom:1px solid var(--line);padding:6px 10px}
td{border-bottom:1px solid #eaeef2;padding:6px 10px;vertical-align:top}
table.settings{margin-bottom:8px}
.num{text-align:right}
.members code{margin:0 4px 4px 0;display:inline-block}
@media print{header.top{background:none;color:#000}.card{break-inside:avoid}}
`;
