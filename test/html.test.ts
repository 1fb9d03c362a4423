/**
 * The HTML report (src/report/html.ts): pure checks (escaping, decoding, self-containment), then
 * the page of a real batch opened in headless Chromium (test/oracles/browser.ts: playwright-core
 * and @sparticuz/chromium): what it shows, and that it loads nothing from the network.
 * UPDATE_SCREENSHOT=1 also copies the screenshot to docs/report-screenshot.png.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../src/cli/main.js';
import { recordingIo } from '../src/cli/io.js';
import { diff2htmlCssPath, readHtmlReportAssets } from '../src/cli/html-assets.js';
import { EXIT_MEANING } from '../src/cli/exit-codes.js';
import { displayText, escapeHtml, renderHtmlReport } from '../src/report/html.js';
import type { ReportDocument } from '../src/report/report-document.js';
import type { FileReport } from '../src/report/model.js';
import { CORPUS, ROOT, SAMPLES, tempDir } from './helpers.js';
import { browser, openPage } from './oracles/browser.js';
import { oracleTest } from './oracles/oracle.js';

const KNOWN_LINE = '$CRES_TLS (Cisco RES secure replies over TLS)';
const TWIN_HOST = 'esa7.example.com';

const assets = readHtmlReportAssets();

/**
 * A batch like a fleet: copies of samples/, a twin of multi-listener.xml (another
 * hostname, the same change: one group of two), a truncated export (error) and an export saved
 * with masked passphrases (refused). Paths are relative to the batch folder, so the page (and
 * the screenshot) shows stable names.
 */
async function batch(): Promise<{ dir: string; doc: ReportDocument; code: number }> {
  const dir = tempDir();
  for (const [from, to] of [[SAMPLES, 'samples']] as const) {
    mkdirSync(join(dir, to));
    for (const n of readdirSync(from).filter((f) => f.endsWith('.xml'))) copyFileSync(join(from, n), join(dir, to, n));
  }
  mkdirSync(join(dir, 'incoming'));
  const standalone = readFileSync(join(SAMPLES, 'multi-listener.xml'), 'latin1');
  assert.match(standalone, '<hostname>mx-gw1.example.net</hostname>');
  writeFileSync(
    join(dir, 'incoming', 'esa7-twin.xml'),
    standalone.replace('<hostname>mx-gw1.example.net</hostname>', `<hostname>${TWIN_HOST}</hostname>`),
    'latin1',
  );
  writeFileSync(join(dir, 'incoming', 'broken.xml'), standalone.slice(0, 4990), 'latin1');
  copyFileSync(join(ROOT, 'test', 'fixtures', 'masked.xml'), join(dir, 'incoming', 'masked.xml'));
  const io = recordingIo(dir);
  const code = await main(['plan', '--json', 'samples', 'incoming'], io);
  const doc = JSON.parse(Buffer.from(io.stdout, 'latin1').toString('utf8')) as ReportDocument;
  return { dir, doc, code };
}

function fileReport(over: Partial<FileReport>): FileReport {
  return {
    file: 'x.xml',
    outcome: 'unchanged',
    hostname: null,
    asyncos: null,
    serial: null,
    listeners: [],
    operations: [],
    findings: [],
    diff: '',
    ...over,
  };
}

function docOf(files: FileReport[], groups: ReportDocument['groups'] = []): ReportDocument {
  return { schema: 'esa-patch/report@1', tool: 'esa-patch 0.1.0', command: 'plan', exitCode: 2, files, groups };
}

const utf8AsBytes = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

test('diff2htmlCssPath() resolves the installed stylesheet', () => {
  const path = diff2htmlCssPath();
  assert.ok(path.endsWith('diff2html.min.css') && existsSync(path), path);
  assert.match(assets.css, '.d2h-ins');
});

test('displayText: UTF-8 bytes are decoded, other bytes are shown as latin1', () => {
  assert.is(displayText('plain ascii'), 'plain ascii');
  assert.is(displayText(utf8AsBytes('Zürich – Genève')), 'Zürich – Genève');
  assert.is(displayText('Z\xfcrich'), 'Zürich', 'ISO-8859-1 bytes stay latin1');
  assert.is(displayText('already → decoded'), 'already → decoded');
});

test('everything from the files is HTML-escaped, and the page is self-contained', () => {
  const evil = '<img src=x onerror=alert(1)>';
  const diff = `--- a/${evil}.xml\n+++ b/${evil}.xml\n@@ -1,2 +1,3 @@\n <hat>\n+${evil} </style><script>alert(2)</script> ${utf8AsBytes('café')}\n </hat>\n`;
  const doc = docOf(
    [
      fileReport({
        file: `${evil}.xml`,
        outcome: 'patched',
        hostname: `host${evil}`,
        diff,
        findings: [{ code: 'hat-unknown-line', severity: 'info', message: `kept ${evil}`, listener: `L${evil}`, path: `p${evil}` }],
        operations: [{ op: 'add-senders', listener: `L${evil}`, group: `G${evil}`, senders: [evil] }],
        listeners: [{ name: `L${evil}`, type: 'public', path: 'config', selected: true, operations: [], tls: { [`P${evil}`]: evil } }],
      }),
      fileReport({
        file: 'bad.xml',
        outcome: 'error',
        findings: [{ code: 'xml-truncated', severity: 'error', message: `unexpected end ${evil}`, line: 3, col: 1 }],
      }),
    ],
    [{ id: 'g1', outcome: 'patched', files: [`${evil}.xml`], operations: [], diff }],
  );
  const page = renderHtmlReport(doc, { css: '.x{} </style><script>alert(3)</script>' });
  assert.not.match(page, '<img');
  assert.not.match(page, '<script');
  assert.is(page.match(/<\/style>/g)!.length, 2, 'only the two style elements close');
  assert.match(page, 'café', 'UTF-8 bytes of the diff are decoded');
  assert.not.match(page, /\b(src|href)\s*=\s*["']?(https?:|\/\/)/i, 'no external resource');
  assert.not.match(page, /@import|url\(/i, 'no stylesheet import');
  assert.match(page, "default-src 'none'");
  assert.is(renderHtmlReport(doc, assets), renderHtmlReport(doc, assets), 'deterministic');
  assert.is(escapeHtml(`<a href="x">&'`), '&#60;a href=&#34;x&#34;&#62;&#38;&#39;');
});

test('a plan report carries the run, the recipe, the checksums, and findings beside the group diff', async () => {
  const io = recordingIo(ROOT, { now: () => new Date('2026-12-01T04:00:00Z') });
  assert.is(await main(['plan', '--json', join(SAMPLES, 'tabs-comments-inline.xml'), join(SAMPLES, 'multi-listener.xml')], io), 2);
  const doc = JSON.parse(Buffer.from(io.stdout, 'latin1').toString('utf8')) as ReportDocument;
  const page = renderHtmlReport(doc, { ...assets, exitMeaning: { 2: 'changes pending (plan)' } });
  assert.match(page, '2026-12-01T04:00:00.000Z');
  assert.match(page, `version ${doc.toolVersion}`);
  assert.match(page, 'cres-tls: sender group CRES (first) with mail flow policy $CRES_TLS');
  for (const f of doc.files) assert.match(page, f.input!.sha256);
  assert.match(page, 'changes pending (plan)');
  assert.not.match(page, />patched</i);
  assert.not.match(page, /<th>patched<\/th>/);
  const group = page.slice(page.indexOf('id="group-g1"'), page.indexOf('</section>', page.indexOf('id="group-g1"')));
  const at = group.indexOf('class="group-findings"');
  assert.ok(at > 0 && at < group.indexOf('class="diff"'), 'the findings come before the diff, inside the group');
  assert.match(group.slice(at), 'treatment-change');
});

test('the html template escapes by construction', async () => {
  const { html, trusted } = await import('../src/report/html-template.js');
  assert.is(html`<p>${'<b>&'}</p>`.text, '<p>&#60;b&#62;&#38;</p>');
  assert.is(html`<p>${trusted('<b>')}${['<', html`<i>`]}${null}${3}</p>`.text, '<p><b>&#60;<i>3</p>');
});

test('apply and rollback reports render: what was written, outcomes in their words', async () => {
  const dir = tempDir();
  const io = recordingIo(dir);
  assert.is(await main(['apply', '--json', SAMPLES, '--out-dir', join(dir, 'out')], io), 0, io.stderr);
  const applied = JSON.parse(Buffer.from(io.stdout, 'latin1').toString('utf8')) as ReportDocument;
  const page = renderHtmlReport(applied, assets);
  assert.match(page, '<title>esa-patch apply report: 7 appliances</title>');
  assert.match(page, escapeHtml(join(dir, 'out', 'multi-listener.patch.json')));
  const artefact = applied.files.find((f) => f.file.endsWith('multi-listener.xml'))!.outputs!.find((o) => o.kind === 'artefact')!;
  assert.match(page, artefact.sha256, 'the checksum of each output');
  assert.not.match(page, 'changes pending');
  assert.not.match(page, 'id="attention"', 'no refused or failed section when every file went through');
  const back = recordingIo(dir);
  const out = join(dir, 'out', 'half-patched.xml');
  assert.is(
    await main(['rollback', '--json', '--plan', out, '--patch', join(dir, 'out', 'half-patched.patch.json')], back),
    2,
    back.stderr,
  );
  const rolled = renderHtmlReport(JSON.parse(Buffer.from(back.stdout, 'latin1').toString('utf8')) as ReportDocument, assets);
  assert.match(rolled, 'remove from sender group CRES');
  assert.match(rolled, 'd2h-del');
});

oracleTest('a batch in headless Chromium: outcomes, groups, diffs, failures, no network', browser, async (chromium) => {
  const { dir, doc, code } = await batch();
  assert.is(code, 1, 'the broken export makes the run fail');
  assert.is(doc.schema, 'esa-patch/report@1');
  const count = (o: FileReport['outcome']) => doc.files.filter((f) => f.outcome === o).length;
  for (const o of ['patched', 'unchanged', 'refused', 'error'] as const) assert.ok(count(o) > 0, `the batch has no ${o} file`);
  const twinGroup = doc.groups.find((g) => g.files.includes('incoming/esa7-twin.xml'))!;
  assert.equal(twinGroup.files, ['samples/multi-listener.xml', 'incoming/esa7-twin.xml']);

  const htmlPath = join(dir, 'report.html');
  writeFileSync(htmlPath, renderHtmlReport(doc, { ...assets, exitMeaning: EXIT_MEANING }), 'utf8');

  const { context, page, requests, problems } = await openPage(chromium, dir, htmlPath, { width: 1280, height: 1240 });
  try {
    assert.is(await page.title(), `esa-patch plan report: ${doc.files.length} appliances`);
    // The summary: appliances per outcome.
    assert.is((await page.locator('[data-outcome="total"] .n').innerText()).trim(), String(doc.files.length));
    for (const o of ['patched', 'unchanged', 'refused', 'error'] as const) {
      assert.is((await page.locator(`[data-outcome="${o}"] .n`).innerText()).trim(), String(count(o)), `tile ${o}`);
    }
    assert.is(await page.locator('details.appliance').count(), doc.files.length, 'one line per appliance');
    assert.is(await page.locator('table.groups tbody tr').count(), doc.groups.length + 1, 'a row per group, and one for the files in none');

    // One heading per group, naming its appliances; the twin group names both.
    for (const g of doc.groups) {
      const heading = page.locator(`#group-${g.id} h3.group-heading`);
      assert.ok(await heading.isVisible(), `heading of ${g.id}`);
      const text = await heading.innerText();
      assert.match(text, g.id);
      for (const f of g.files) {
        const r = doc.files.find((x) => x.file === f)!;
        assert.match(text, r.hostname ?? f, `${g.id} heading names ${f}`);
      }
    }
    const twinHeading = await page.locator(`#group-${twinGroup.id} h3`).innerText();
    assert.match(twinHeading, 'mx-gw1.example.net');
    assert.match(twinHeading, TWIN_HOST);
    assert.match(await page.locator(`#group-${twinGroup.id}`).innerText(), '2 appliances');

    // The diffs: one per patched group, the known line inserted and highlighted.
    const patchedGroups = doc.groups.filter((g) => g.outcome === 'patched').length;
    assert.is(await page.locator('#changes .d2h-file-wrapper').count(), patchedGroups);
    const known = page.locator('#changes td.d2h-ins .d2h-code-line-ctn', { hasText: KNOWN_LINE });
    const addedGroups = doc.groups.flatMap((g) => g.operations.filter((o) => o.op === 'add-sender-group')).length;
    assert.ok(addedGroups >= 1);
    assert.is(await known.count(), addedGroups, `one inserted line ${KNOWN_LINE} per sender group added`);
    assert.ok(await known.first().isVisible());
    const insertBg = await page
      .locator('#changes td.d2h-ins')
      .first()
      .evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.not.equal(insertBg, 'rgba(0, 0, 0, 0)', 'inserted lines are highlighted');
    const deleted = page.locator('#changes td.d2h-del .d2h-code-line-ctn', { hasText: 'tls = "off"' });
    assert.ok((await deleted.count()) >= 1, 'the half-patched sample shows its TLS value replaced');

    // The appliances refused or failed, with why.
    const attention = page.locator('#attention');
    assert.ok(await attention.isVisible());
    const broken = await attention.locator('.failed', { hasText: 'incoming/broken.xml' }).innerText();
    assert.match(broken, 'error');
    assert.match(broken, 'the file may be truncated');
    assert.match(broken, 'xml-truncated');
    const masked = await attention.locator('.failed', { hasText: 'incoming/masked.xml' }).innerText();
    assert.match(masked, 'refused');
    assert.match(masked, 'masked passphrases');
    assert.is(await attention.locator('.failed').count(), count('refused') + count('error'));

    // Findings per appliance, with severity.
    const tabs = page.locator('details.appliance[data-file="samples/tabs-comments-inline.xml"]');
    assert.not.ok(await tabs.locator('table.findings').first().isVisible(), 'an appliance line is folded');
    await tabs.locator('> summary').click();
    assert.match(await tabs.locator('table.findings').first().innerText(), /WARNING\s+treatment-change/);
    await tabs.locator('> summary').click();

    // The header a change board signs: time, version, recipe; the checksum of every input.
    const header = await page.locator('header.top .header-facts').innerText();
    assert.match(header, doc.generatedAt!);
    assert.match(header, doc.toolVersion!);
    assert.match(header, 'sender group CRES');
    assert.match(header, '208.90.57.0/26');
    const filesText = await page.locator('#files').innerText();
    for (const f of doc.files.filter((x) => x.input)) assert.match(filesText, f.input!.sha256);
    const labels = await page.locator('.badge, .tile .l, table.listeners th').allInnerTexts();
    assert.not.ok(
      labels.some((l) => /patched/i.test(l)),
      `a plan never labels anything patched: ${labels.filter((l) => /patched/i.test(l)).join(', ')}`,
    );

    // Each group's findings stand next to its diff: the overlap warning of tabs-comments-inline above its diff.
    const tabsGroup = doc.groups.find((g) => g.files.includes('samples/tabs-comments-inline.xml'))!;
    const warn = page.locator(`#group-${tabsGroup.id} .group-findings`, { hasText: 'treatment-change' });
    assert.ok(await warn.isVisible(), 'the warning is in the group');
    const warnBox = (await warn.boundingBox())!;
    const diffBox = (await page.locator(`#group-${tabsGroup.id} .d2h-file-wrapper`).boundingBox())!;
    assert.ok(warnBox.y < diffBox.y && diffBox.y - (warnBox.y + warnBox.height) < 200, 'right above the diff');

    // No line wider than the page at 1280 px.
    const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: window.innerWidth }));
    assert.ok(widths.doc <= widths.view, `page ${widths.doc} px wide in a ${widths.view} px window`);
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
        .map((el) => el.tagName + '.' + el.className)
        .slice(0, 5),
    );
    assert.equal(wide, [], `elements past the right edge: ${wide.join(', ')}`);

    // Self-contained: nothing but the page itself was requested, and nothing was blocked.
    assert.ok(requests.length >= 1, 'the page request was seen');
    const remote = requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'));
    assert.equal(remote, [], `network requests: ${remote.join(', ')}`);
    assert.equal(problems, [], `console errors: ${problems.join('\n')}`);

    // The README's picture: from the top of the page to the end of the first group's diff.
    const shot = join(dir, 'report-screenshot.png');
    await page.evaluate(() => window.scrollTo(0, 0));
    const firstGroup = (await page.locator('#changes section.group').first().boundingBox())!;
    await page.screenshot({
      path: shot,
      fullPage: true,
      clip: { x: 0, y: 0, width: 1280, height: Math.min(firstGroup.y + firstGroup.height + 16, 2600) },
    });
    await page.screenshot({ path: join(dir, 'report-full.png'), fullPage: true });
    assert.ok(readFileSync(shot).subarray(1, 4).toString() === 'PNG');
    if (process.env['UPDATE_SCREENSHOT'] === '1') {
      mkdirSync(join(ROOT, 'docs'), { recursive: true });
      copyFileSync(shot, join(ROOT, 'docs', 'report-screenshot.png'));
    }
    console.log(`  HTML report and screenshots (${chromium.source}, Chromium ${chromium.version}): ${dir}`);
  } finally {
    await context.close();
  }
});

test.run();
