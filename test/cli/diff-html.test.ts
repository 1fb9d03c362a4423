/**
 * The HTML page of `diff --html` in headless Chromium (test/oracles/browser.ts: playwright-core
 * and @sparticuz/chromium): summary tiles, one card per group with its changes, every export,
 * nothing loaded from the network. A browser that cannot start is a visible skip (a failure
 * under ESA_PATCH_REQUIRE_ORACLES=1).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { recordingIo } from '../../src/cli/io.js';
import type { DiffDocument } from '../../src/report/diff-schema.js';
import { renderDiffHtml } from '../../src/report/diff-html.js';
import { tempDir } from '../helpers.js';
import { driftFleet } from '../fixtures/difftrace.js';
import { browser, openPage } from '../oracles/browser.js';
import { oracleTest } from '../oracles/oracle.js';

async function fleetDoc(): Promise<{ dir: string; doc: DiffDocument }> {
  const dir = tempDir();
  const fleet = driftFleet(30);
  writeFileSync(join(dir, 'golden.xml'), fleet.baseline, 'latin1');
  mkdirSync(join(dir, 'fleet'));
  for (const e of fleet.exports) writeFileSync(join(dir, 'fleet', e.name), e.text, 'latin1');
  writeFileSync(join(dir, 'fleet', 'zz-broken.xml'), fleet.baseline.slice(0, 300), 'latin1');
  const io = recordingIo(dir);
  assert.is(await main(['diff', '--baseline', 'golden.xml', 'fleet', '--json'], io), 1);
  return { dir, doc: JSON.parse(io.stdout) as DiffDocument };
}

test('the page escapes what comes from an export and loads nothing', async () => {
  const { doc } = await fleetDoc();
  const evil = structuredClone(doc);
  evil.comparisons[0]!.file = '<img src=x onerror=alert(1)>.xml';
  const html = renderDiffHtml(evil);
  assert.not.match(html, '<img src=x');
  assert.not.match(html, /<script|<link|src="http/);
  assert.match(html, 'Content-Security-Policy" content="default-src \'none\'');
});

oracleTest('the diff page in headless Chromium: tiles, groups, changes, exports, no network', browser, async (b) => {
  const { dir, doc } = await fleetDoc();
  const htmlPath = join(dir, 'diff.html');
  writeFileSync(htmlPath, renderDiffHtml(doc), 'utf8');
  const { context, page, requests, problems } = await openPage(b, dir, htmlPath, { width: 1280, height: 1000 });
  try {
    assert.match(await page.title(), 'esa-patch diff: 31 exports against golden.xml');
    const count = (o: string) => doc.comparisons.filter((c) => c.outcome === o).length;
    for (const o of ['identical', 'different', 'error'])
      assert.is((await page.locator(`[data-outcome="${o}"] .n`).innerText()).trim(), String(count(o)), `tile ${o}`);
    assert.is(await page.locator('section.group').count(), doc.groups.length);
    for (const g of doc.groups) {
      const card = page.locator(`#group-${g.id}`);
      assert.ok(await card.isVisible(), g.id);
      assert.is(await card.locator('.members code').count(), g.files.length);
    }
    const changes = page.locator('#groups li[data-kind="policy-param-changed"]');
    assert.ok((await changes.count()) >= 1);
    assert.match(await page.locator('#groups').innerText(), '$THROTTLED: max_rcpts_per_hour 20 -> 200');
    assert.is(await page.locator('table.fleet tbody tr').count(), doc.comparisons.length);
    assert.match(await page.locator('#errors').innerText(), 'zz-broken.xml');
    assert.equal(
      requests.filter((u) => !u.startsWith('file:')),
      [],
    );
    assert.equal(problems, []);
  } finally {
    await context.close();
  }
});

test.run();
