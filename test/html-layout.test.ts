/**
 * The HTML report of a 51-appliance plan, measured in headless Chromium (test/oracles/browser.ts):
 * every diff line is one text line tall and has the width of the diff (diff2html's layout, not
 * squeezed), a line longer than the page wraps inside the diff instead of widening the page, and
 * the whole page stays short enough to review (under 15,000 px at 1280 px wide).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../src/cli/main.js';
import { recordingIo } from '../src/cli/io.js';
import { readHtmlReportAssets } from '../src/cli/html-assets.js';
import { renderHtmlReport } from '../src/report/html.js';
import type { ReportDocument } from '../src/report/report-document.js';
import { SAMPLES, tempDir } from './helpers.js';
import { browser, openPage } from './oracles/browser.js';
import { oracleTest } from './oracles/oracle.js';

const FILES = 51;
// A HAT comment longer than any page, with a token longer than a line: it must wrap in the diff.
const LONG_MARK = 'LONG-COMMENT-MARK';
const LONG_LINE = `    # ${LONG_MARK} ${'reviewed by the mail team, '.repeat(12)}${'x'.repeat(260)}`;

/** 51 exports made from samples/: each its own file name, hostname and serial; the copies of multi-listener.xml with a long HAT line in their diff's context. */
function fleet(dir: string): void {
  const names = readdirSync(SAMPLES)
    .filter((f) => f.endsWith('.xml'))
    .sort();
  mkdirSync(join(dir, 'fleet'));
  for (let i = 0; i < FILES; i++) {
    const n = names[i % names.length]!;
    const site = `site${String(i + 1).padStart(2, '0')}`;
    let text = readFileSync(join(SAMPLES, n), 'latin1')
      .replace(/<hostname>([^<]*)<\/hostname>/, `<hostname>${site}-$1</hostname>`)
      .replace(/Serial Number: (\S+)/, (_, s: string) => `Serial Number: ${s.slice(0, -3)}${String(i).padStart(3, '0')}`);
    if (n === 'multi-listener.xml') {
      assert.match(text, '\nWHITELIST:\n');
      text = text.replace('\nWHITELIST:\n', `\nWHITELIST:\n${LONG_LINE}\n`);
    }
    writeFileSync(join(dir, 'fleet', `${site}-${n}`), text, 'latin1');
  }
}

oracleTest(
  'a 51-appliance plan report in Chromium: diff lines one line tall, full width, no overflow, under 15,000 px',
  browser,
  async (chromium) => {
    const dir = tempDir();
    fleet(dir);
    const io = recordingIo(dir);
    assert.is(await main(['plan', '--json', 'fleet'], io), 2, io.stderr);
    const doc = JSON.parse(Buffer.from(io.stdout, 'latin1').toString('utf8')) as ReportDocument;
    assert.is(doc.files.length, FILES);
    assert.ok(
      doc.groups.some((g) => g.diff.includes(LONG_MARK)),
      'the long line is in a diff',
    );
    const htmlPath = join(dir, 'report.html');
    writeFileSync(htmlPath, renderHtmlReport(doc, readHtmlReportAssets()), 'utf8');

    const { context, page, problems } = await openPage(chromium, dir, htmlPath, { width: 1280, height: 1000 });
    try {
      const m = await page.evaluate((mark) => {
        const rows = [...document.querySelectorAll('#changes .d2h-diff-tbody tr')].map((tr) => {
          const ctn = tr.querySelector('.d2h-code-line-ctn');
          const code = tr.querySelector('.d2h-code-line');
          const wrapper = tr.closest('.d2h-file-wrapper')!;
          return {
            text: (ctn?.textContent ?? tr.textContent ?? '').slice(0, 80),
            long: (tr.textContent ?? '').includes(mark),
            height: tr.getBoundingClientRect().height,
            lineHeight: ctn ? parseFloat(getComputedStyle(ctn).lineHeight) : NaN,
            codeWidth: code ? code.getBoundingClientRect().width : NaN,
            wrapperWidth: wrapper.getBoundingClientRect().width,
            ctnOverflow: ctn ? ctn.scrollWidth - ctn.clientWidth : 0,
            right: Math.max(...[...tr.querySelectorAll('*')].map((e) => e.getBoundingClientRect().right)),
          };
        });
        return {
          rows,
          height: document.documentElement.scrollHeight,
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth: window.innerWidth,
        };
      }, LONG_MARK);
      const lines = m.rows.filter((r) => !r.long && !Number.isNaN(r.lineHeight));
      assert.ok(lines.length > 100, `diff lines measured: ${lines.length}`);
      for (const r of lines) {
        assert.ok(
          r.height <= 1.5 * r.lineHeight,
          `a diff line ${r.height} px tall for a ${r.lineHeight} px text line: ${JSON.stringify(r.text)}`,
        );
        assert.ok(
          r.codeWidth >= 0.8 * r.wrapperWidth,
          `the code of ${JSON.stringify(r.text)} is ${r.codeWidth} px of a ${r.wrapperWidth} px diff`,
        );
      }
      const long = m.rows.filter((r) => r.long);
      assert.ok(long.length >= 1, 'the long line is on the page');
      for (const r of long) {
        assert.ok(r.height > 2 * r.lineHeight, `the long line wraps (${r.height} px)`);
        assert.ok(
          r.ctnOverflow <= 1 && r.right <= m.innerWidth,
          `the long line stays inside the diff (overflow ${r.ctnOverflow} px, right edge ${r.right})`,
        );
      }
      assert.ok(m.scrollWidth <= m.innerWidth, `page ${m.scrollWidth} px wide in a ${m.innerWidth} px window`);
      assert.ok(m.height < 15_000, `the ${FILES}-appliance report is ${m.height} px long`);
      // An appliance's details are a click away, and open when printed.
      const first = page.locator('details.appliance').first();
      assert.not.ok(await first.locator('table.listeners').isVisible());
      await page.emulateMedia({ media: 'print' });
      assert.ok(await first.locator('table.listeners').isVisible(), 'printed open');
      assert.equal(problems, [], `console errors: ${problems.join('\n')}`);
      console.log(`  ${FILES}-appliance report: ${m.height} px, ${m.rows.length} diff lines (${chromium.source}): ${htmlPath}`);
    } finally {
      await context.close();
    }
  },
);

oracleTest(
  'a 51-appliance apply report in Chromium: under 15,000 px, every checksum a click away on screen and printed in full',
  browser,
  async (chromium) => {
    const dir = tempDir();
    fleet(dir);
    const io = recordingIo(dir);
    assert.is(await main(['apply', '--json', 'fleet', '--out-dir', 'out'], io), 0, io.stderr);
    const doc = JSON.parse(Buffer.from(io.stdout, 'latin1').toString('utf8')) as ReportDocument;
    const rows = doc.files.reduce((n, f) => n + 1 + (f.outputs?.length ?? 0), 0);
    assert.ok(rows > 150, `${rows} checksum rows`);
    const htmlPath = join(dir, 'report.html');
    writeFileSync(htmlPath, renderHtmlReport(doc, readHtmlReportAssets()), 'utf8');
    const { context, page, problems } = await openPage(chromium, dir, htmlPath, { width: 1280, height: 1000 });
    try {
      const screen = await page.evaluate(() => ({
        height: document.documentElement.scrollHeight,
        rows: document.querySelectorAll('#files table.files tbody tr').length,
      }));
      assert.is(screen.rows, rows, 'every file is in the table');
      assert.ok(screen.height < 15_000, `the apply report is ${screen.height} px long`);
      const table = page.locator('#files table.files');
      assert.not.ok(await table.isVisible(), 'folded on screen');
      await page.emulateMedia({ media: 'print' });
      assert.ok(await table.isVisible(), 'printed in full');
      assert.equal(problems, [], `console errors: ${problems.join('\n')}`);
      console.log(`  ${FILES}-appliance apply report: ${screen.height} px, ${rows} checksum rows`);
    } finally {
      await context.close();
    }
  },
);

test.run();
