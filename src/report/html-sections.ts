/** The sections of the HTML report, each a function of the document (`Context`). */
import type { FileReport, PublishedHosts, WrittenFile } from './model.js';
import type { Landing, PublishedHostRow } from '../patch/trace.js';
import type { PlanGroup } from './groups.js';
import { describeRecipe } from './recipe-text.js';
import { messageOf } from './messages.js';
import { html, join, trusted, type Html, type HtmlValue } from './html-template.js';
import {
  applianceName,
  badge,
  code,
  type Context,
  findingsBlock,
  groupFindings,
  memberList,
  memberNames,
  operationList,
  outcomeLabel,
  plural,
  renderDiff,
  severityCounts,
  sevBadge,
  tile,
} from './html-parts.js';

/** The page header: what ran, when, with which tool and recipe, and the exit code. */
export function headerSection(c: Context): Html {
  const { doc, cmd } = c;
  const r = doc.recipe;
  const facts: HtmlValue[] = [
    html`<dt>run</dt><dd>${doc.generatedAt ?? 'time not recorded'}</dd>`,
    doc.changeId ? html`<dt>change</dt><dd><strong>${doc.changeId}</strong></dd>` : '',
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

export function summarySection(c: Context): Html {
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
      html`<tr><td><a href="#group-${g.id}">${g.id}</a></td><td>${badge(g.outcome, cmd)}</td><td class="num">${g.files.length}</td><td class="num">${g.operations.length}</td><td>${memberNames(g.files, byFile, 3)}</td></tr>`,
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

export function attentionSection(c: Context): Html {
  const { cmd, failed, index } = c;
  if (!failed.length) return html``;
  const items = failed.map((r) => {
    const why = r.findings.filter((f) => f.severity !== 'info');
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

/** The rows of hosts that land alike today and after the change, as one row each (in the order first seen): a dozen relays in one line, not a dozen. */
function sameLanding(rows: readonly PublishedHostRow[]): { row: PublishedHostRow; hosts: PublishedHostRow[] }[] {
  const byKey = new Map<string, { row: PublishedHostRow; hosts: PublishedHostRow[] }>();
  for (const row of rows) {
    const key = `${row.changed}\0${landingCell(row.before).text}\0${landingCell(row.after).text}`;
    const hit = byKey.get(key);
    if (hit) hit.hosts.push(row);
    else byKey.set(key, { row, hosts: [row] });
  }
  return [...byKey.values()];
}

/** Where the recipe's published hosts land, today and after the change, in each listener the plan changes. */
function publishedSection(r: FileReport | undefined): Html {
  if (!r?.published?.length) return html``;
  const changed = new Set(r.operations.map((op) => op.listenerPath ?? op.listener));
  const tables = r.published.filter((p) => changed.has(p.listenerPath) || changed.has(p.listener));
  if (!tables.length) return html``;
  const table = (p: PublishedHosts) =>
    html`<table class="published" data-listener="${p.listener}"><colgroup><col class="c-hosts"><col><col><col class="c-same"></colgroup><thead><tr><th>published hosts <span class="listener">${p.listener}</span></th><th>today</th><th>after the change</th><th></th></tr></thead><tbody>
${join(
  sameLanding(p.rows).map(
    ({ row, hosts }) =>
      html`<tr${row.changed ? trusted(' class="changed"') : ''}><td><div class="hosts">${join(
        hosts.map((h) => html`<span class="host">${h.host} <code>${h.ip}</code></span>`),
        ' ',
      )}</div></td><td>${landingCell(row.before)}</td><td>${landingCell(row.after)}</td><td>${row.changed ? 'changed' : 'same'}</td></tr>`,
  ),
  '\n',
)}
</tbody></table>`;
  return html`<h4>Published hosts <span class="muted">(where they land, today and after the change)</span></h4>
${join(
  tables.map((p) => table(p)),
  '\n',
)}`;
}

function groupSection(g: PlanGroup, c: Context): Html {
  const { cmd, byFile, index } = c;
  const crlf = g.diff.includes('\r\n') ? ' · CRLF line endings (kept)' : '';
  return html`<section class="card group" id="group-${g.id}" data-group="${g.id}">
<h3 class="group-heading"><span class="gid">${g.id}</span> ${memberNames(g.files, byFile, 3)}</h3>
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

export function changesSection(c: Context): Html {
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

export function unchangedSection(c: Context): Html {
  const groups = c.doc.groups.filter((g) => g.outcome === 'unchanged');
  if (!groups.length) return html``;
  const items = groups.map(
    (
      g,
    ) => html`<div class="group" id="group-${g.id}" data-group="${g.id}"><h3 class="group-heading"><span class="gid">${g.id}</span> ${memberNames(g.files, c.byFile)}</h3>
${memberList(g.files, c.byFile, c.index)}
${groupFindings(g.files, c.byFile)}</div>`,
  );
  return html`<section id="unchanged" class="card">
<h2>Already compliant <span class="muted">(${plural(c.count('unchanged'), 'appliance')})</span></h2>
${join(items, '\n')}
</section>`;
}

/** Rows of the checksum table shown unfolded. */
const FILES_SHOWN = 30;

/** Every input and output with its sha256 and size: what the board signs and the operator loads. */
export function filesSection(c: Context): Html {
  const row = (kind: string, path: string, sha: string | undefined, bytes: number | undefined) =>
    html`<tr><td>${kind}</td><td><code>${path}</code></td><td class="num">${bytes ?? ''}</td><td>${sha ? html`<code class="sha">${sha}</code>` : html`<span class="muted">not read</span>`}</td></tr>`;
  const rows: Html[] = [];
  for (const r of c.doc.files) {
    rows.push(row('input', r.file, r.input?.sha256, r.input?.bytes));
    for (const o of r.outputs ?? []) rows.push(row(o.kind, o.path, o.sha256, o.bytes));
  }
  for (const w of c.doc.written ?? ([] as WrittenFile[])) rows.push(row(w.kind, w.path, w.sha256, w.bytes));
  const table = html`<table class="files"><colgroup><col class="c-kind"><col><col class="c-bytes"><col></colgroup><thead><tr><th>file</th><th>path</th><th class="num">bytes</th><th>sha256</th></tr></thead><tbody>
${join(rows, '\n')}
</tbody></table>`;
  // A fleet's table (hundreds of rows) is folded on screen, one click away, and printed in full:
  // the signed document keeps every checksum.
  const body =
    rows.length > FILES_SHOWN
      ? html`<details class="files-all"><summary>${rows.length} files with their size and sha256 (printed in full)</summary>${table}</details>`
      : table;
  return html`<section id="files" class="card">
<h2>Files and checksums</h2>
<p class="muted">Compare the sha256 of the file you load with the one here${c.cmd === 'plan' ? ' (a plan writes no export: apply writes it, and its .patch.json records the same checksums)' : ''}.</p>
${body}
</section>`;
}

function applianceSection(r: FileReport, i: number, c: Context): Html {
  const g = c.groupOf.get(r.file);
  const unknown = html`<span class="muted">unknown</span>`;
  const meta = [
    html`<dt>serial</dt><dd>${r.serial ?? unknown}</dd>`,
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
  // One line per appliance, its details a click away: 50 appliances must not bury the diffs.
  // Errors and warnings are never only in here: the group's "Check before loading" and the
  // refused-and-failed section show them; the summary line counts them.
  return html`<details class="appliance" id="file-${i}" data-file="${r.file}">
<summary><span class="a-name">${applianceName(r)}<span class="file"><code>${r.file}</code></span></span><span class="a-os">${r.asyncos ?? html`<span class="muted">?</span>`}</span><span class="a-outcome">${badge(r.outcome, c.cmd)}</span><span class="a-group">${g ? html`<a href="#group-${g.id}">${g.id}</a>` : html`<span class="muted">none</span>`}</span><span class="a-n num">${r.operations.length}</span><span class="a-findings">${severityCounts(r.findings)}</span></summary>
<div class="a-body">
<dl class="meta">${meta}</dl>
${listeners}
${r.findings.length ? findingsBlock(r.findings) : html`<p class="muted">No finding.</p>`}
</div>
</details>`;
}

export function appliancesSection(c: Context): Html {
  return html`<section id="appliances">
<h2>Appliances and findings</h2>
<div class="card">
<p class="muted">Every appliance on one line; click it for its listeners, the TLS of their policies, and every finding.</p>
<div class="appliance-head" aria-hidden="true"><span class="a-name">appliance</span><span class="a-os">AsyncOS</span><span class="a-outcome">outcome</span><span class="a-group">group</span><span class="a-n num">changes</span><span class="a-findings">findings</span></div>
${join(
  c.doc.files.map((r, i) => applianceSection(r, i, c)),
  '\n',
)}
</div>
</section>`;
}
