/** Bytes once: apply reads its input file once and parses each HAT once (the input's, and the one it writes). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLES, tempDir } from '../helpers.js';
import { cli, fixture } from './run.js';
import { fileReads } from '../../src/cli/fs/read.js';
import { hatReads } from '../../src/hat/model.js';
import { readExport } from '../../src/esa/export.js';

for (const sample of ['multi-listener.xml', 'bom-utf8.xml', 'crlf-allowed-list.xml']) {
  test(`apply of ${sample} reads the input once and parses each HAT once`, async () => {
    const dir = tempDir();
    const text = readFileSync(join(SAMPLES, sample), 'latin1');
    const input = fixture(dir, 'esa1.xml', text);
    const hats = readExport(text)
      .export!.listeners.filter((l) => l.hat)
      .map((l) => l.hat!.text);
    const out = join(dir, 'esa1-patched.xml');
    const reads: string[] = [];
    const parsed: string[] = [];
    fileReads.paths = reads;
    hatReads.texts = parsed;
    let r;
    try {
      r = await cli(['apply', input, '-o', out]);
    } finally {
      fileReads.paths = null;
      hatReads.texts = null;
    }
    assert.is(r.code, 0, r.err);
    assert.is(reads.filter((p) => p === input).length, 1, 'the input is read once');
    // Every HAT of the input is parsed, and once; a changed HAT's new text once more, for the proof.
    const changed = JSON.parse(readFileSync(join(dir, 'esa1-patched.patch.json'), 'utf8')).listeners.length;
    assert.ok(changed > 0, 'the sample is changed');
    for (const h of hats) assert.is(parsed.filter((t) => t === h).length, 1, 'each input HAT parsed once');
    const written = readExport(readFileSync(out, 'latin1'))
      .export!.listeners.filter((l) => l.hat)
      .map((l) => l.hat!.text);
    const fresh = written.filter((t) => !hats.includes(t));
    assert.is(fresh.length, changed);
    for (const h of fresh) assert.is(parsed.filter((t) => t === h).length, 1, 'each written HAT parsed once');
    const exportHats = new Set([...hats, ...fresh]);
    assert.is(parsed.filter((t) => exportHats.has(t)).length, hats.length + changed, 'no HAT of the export parsed again');
    rmSync(dir, { recursive: true });
  });
}

test.run();
