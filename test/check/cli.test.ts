/** `esa-patch check` on the command line: bad input, exit codes, text and JSON agree, --inventory. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from '../helpers.js';
import { cli } from '../cli/run.js';
import type { CheckDocument } from '../../src/report/check.js';

test('a file that is not an export is an error at file:line:col, the others are still checked', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'not.xml'), '<?xml version="1.0"?>\n<root/>\n');
  writeFileSync(join(dir, 'broken.xml'), '<config>\n  <a>\n</config>\n');
  const r = await cli(['check', 'not.xml', 'broken.xml', join(ROOT, 'samples', 'multi-listener.xml')], { cwd: dir });
  assert.equal(r.code, 1);
  assert.match(r.out, /not\.xml:2:1: error: .*\[esa-not-export\]/);
  assert.match(r.out, /broken\.xml:\d+:\d+: error: .*\[xml-/);
  assert.match(r.out, 'check-member-shadowed');
});

test('exit 0 when nothing reaches --fail-on; the JSON document says the same as the text', async () => {
  const file = join(ROOT, 'samples', 'multi-listener.xml');
  const text = await cli(['check', file]);
  assert.equal(text.code, 0, text.out);
  const json = await cli(['check', file, '--json']);
  const doc = JSON.parse(json.out) as CheckDocument;
  assert.equal(doc.exitCode, 0);
  assert.equal(doc.summary.findings, { error: 0, warning: 0, info: 1 });
  assert.equal((await cli(['check', file, '--fail-on', 'note'])).code, 1);
  const bad = await cli(['check', file, '--fail-on', 'loud']);
  assert.equal(bad.code, 1);
  assert.match(bad.err, '--fail-on must be');
});

test('--inventory: the files it lists are checked once, relative to the inventory', async () => {
  const r = await cli(['check', '--inventory', join(ROOT, 'samples', 'fleet.yaml'), join(ROOT, 'samples', 'multi-listener.xml'), '--json']);
  const doc = JSON.parse(r.out) as CheckDocument;
  assert.equal(doc.files.length, 2);
  assert.equal(
    doc.files.map((f) => f.appliance),
    ['mx-gw1.example.net', 'smtp-zh.example.ch'],
  );
});

test('names from a hostile export reach no terminal, JUnit or SARIF as control characters', async () => {
  const { buildExport } = await import('../fixtures/difftrace.js');
  const dir = tempDir();
  const hat =
    '$A\n    ACCEPT\n$B\n    REJECT\nW\x9b31mIDE:\n    10.0.0.0/8\n    $B\nN\x9dARROW\u202e:\n    10.1.1.1\n    $A\nALL\n    $A\n';
  writeFileSync(join(dir, 'h.xml'), buildExport({ listeners: [{ name: 'In\x9b2J', hat }] }), 'latin1');
  const r = await cli(['check', 'h.xml', '--junit', 'h.junit.xml', '--sarif', 'h.sarif'], { cwd: dir });
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, 'check-entry-shadowed');
  const bad = /[\u0080-\u009f\u202e]/;
  assert.not.match(r.out, bad);
  const { readFileSync } = await import('node:fs');
  assert.not.match(readFileSync(join(dir, 'h.junit.xml'), 'utf8'), bad);
  assert.not.match(readFileSync(join(dir, 'h.sarif'), 'utf8'), bad);
});

test.run();
