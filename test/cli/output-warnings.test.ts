/**
 * Warnings and errors are never shortened in text output, whatever the terminal's width: each
 * one's whole message (as the JSON report has it) is in the text, wrapped to the width. Info
 * findings may be shortened to one line.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SAMPLES, tempDir } from '../helpers.js';
import type { ReportDocument } from '../../src/report/report-document.js';
import { cli, widest } from './run.js';

/** The text with no whitespace at all: wrapping may only move words to the next line. */
const squeeze = (s: string) => s.replace(/\s+/g, '');

/** A batch: samples/ and an export saved with masked passphrases (an error). */
function batch(): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'in'));
  for (const n of readdirSync(SAMPLES).filter((f) => f.endsWith('.xml'))) copyFileSync(join(SAMPLES, n), join(dir, 'in', n));
  copyFileSync(join(ROOT, 'test', 'fixtures', 'masked.xml'), join(dir, 'in', 'masked.xml'));
  return dir;
}

async function loudFindings(args: string[], cwd: string) {
  const r = await cli([...args, '--json'], { cwd });
  const doc = JSON.parse(r.out) as ReportDocument;
  return doc.files.flatMap((f) => f.findings).filter((f) => f.severity !== 'info');
}

for (const [what, args, cwd] of [
  ['one export', ['plan', 'samples/tabs-comments-inline.xml'], ROOT],
  ['a batch', ['plan', 'in'], batch()],
] as const) {
  test(`${what}: every warning and error in full at 80 and 200 columns`, async () => {
    const loud = await loudFindings([...args], cwd);
    assert.ok(
      loud.some((f) => f.code === 'treatment-change'),
      'the run has a treatment-change warning',
    );
    for (const columns of [80, 200]) {
      const run = await cli([...args], { cwd, columns, stdoutIsTTY: true, stderrIsTTY: true, env: { NO_COLOR: '1' } });
      // A terminal: the progress bar's control sequences go, the text stays.
      const plain = (s: string) => s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\[[#-]+\] \d+\/\d+ files\s*/g, '');
      const r = { out: plain(run.out), err: plain(run.err) };
      const text = squeeze(r.out + r.err);
      for (const f of loud) {
        const message = (f as { message?: string }).message;
        assert.type(message, 'string', `${f.code} has its message in the JSON report`);
        assert.ok(
          text.includes(squeeze(`${f.severity}: ${message} [${f.code}]`)),
          `at ${columns} columns, ${f.severity} ${f.code} is not printed in full: ${message}\n---\n${r.out}${r.err}`,
        );
      }
      const cut = (r.out + r.err).split('\n').filter((l) => /\b(warning|error): /.test(l) && l.includes('…'));
      assert.equal(cut, [], `at ${columns} columns, shortened warnings or errors`);
      assert.ok(widest(r.out) <= columns && widest(r.err) <= columns, `at ${columns} columns, a line is wider`);
    }
  });
}

test.run();
