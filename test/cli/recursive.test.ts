/**
 * Directory inputs (issue 18): a directory is read for its own *.xml files; its subdirectories
 * holding *.xml files are named in one `inputs-skipped` line (not with -q), and `--recursive`
 * reads them too (never through a link to a directory).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLES, tempDir } from '../helpers.js';
import { cli, fixture } from './run.js';
import { expandInputTree } from '../../src/cli/fs/index.js';

const MULTI = readFileSync(join(SAMPLES, 'multi-listener.xml'), 'latin1');

function tree(): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'fleet', 'site-b', 'deep'), { recursive: true });
  mkdirSync(join(dir, 'fleet', 'empty'));
  mkdirSync(join(dir, 'fleet', 'notes'));
  fixture(join(dir, 'fleet'), 'esa1.xml', MULTI);
  fixture(join(dir, 'fleet', 'site-b'), 'esa2.xml', MULTI.replaceAll('mx-gw1.example.net', 'esa2.example.net'));
  fixture(join(dir, 'fleet', 'site-b', 'deep'), 'esa3.xml', MULTI.replaceAll('mx-gw1.example.net', 'esa3.example.net'));
  fixture(join(dir, 'fleet', 'notes'), 'readme.txt', 'not an export\n');
  // A link to a directory is never followed (a loop would be endless).
  symlinkSync(join(dir, 'fleet'), join(dir, 'fleet', 'loop'));
  return dir;
}

test('expandInputTree: own files, then subdirectories in name order with --recursive; else the skipped ones', () => {
  const dir = tree();
  assert.equal(expandInputTree(['fleet'], dir), { files: [join('fleet', 'esa1.xml')], skipped: [join('fleet', 'site-b')] });
  assert.equal(expandInputTree(['fleet'], dir, { recursive: true }), {
    files: [join('fleet', 'esa1.xml'), join('fleet', 'site-b', 'esa2.xml'), join('fleet', 'site-b', 'deep', 'esa3.xml')],
    skipped: [],
  });
  rmSync(dir, { recursive: true });
});

test('plan DIR names the subdirectories it did not read; --recursive reads them; -q says nothing', async () => {
  const dir = tree();
  const flat = await cli(['plan', 'fleet'], { cwd: dir });
  assert.is(flat.code, 2, flat.err);
  assert.match(flat.err, /^esa-patch: info: .*fleet\/site-b.*\[inputs-skipped\]$/m);
  assert.is(flat.err.split('\n').filter((l) => l.includes('[inputs-skipped]')).length, 1);
  assert.not.match(flat.err, /notes|empty|loop/);
  assert.match(flat.out, /^plan: 1 file: /m);
  const quiet = await cli(['plan', 'fleet', '-q'], { cwd: dir });
  assert.not.match(quiet.err, /inputs-skipped/);
  const deep = await cli(['plan', 'fleet', '--recursive', '--json'], { cwd: dir });
  assert.is(deep.code, 2, deep.err);
  assert.not.match(deep.err, /inputs-skipped/);
  assert.equal(
    JSON.parse(deep.out).files.map((f: { file: string }) => f.file),
    ['fleet/esa1.xml', 'fleet/site-b/esa2.xml', 'fleet/site-b/deep/esa3.xml'],
  );
  const traced = await cli(['trace', 'fleet', '--recursive', '--host', '192.0.2.10', '--json'], { cwd: dir });
  assert.is(JSON.parse(traced.out).files.length, 3);
  const inspected = await cli(['inspect', 'fleet'], { cwd: dir });
  assert.match(inspected.err, /\[inputs-skipped\]/);
  rmSync(dir, { recursive: true });
});

test.run();
