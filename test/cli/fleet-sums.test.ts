/**
 * A fleet apply says what it wrote in one line, with paths relative to the working directory
 * (text and HTML), and leaves `SHA256SUMS` beside the outputs: every file written under the
 * output directory, in the format `sha256sum -c` reads, a pure function of the output set.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { SAMPLES, tempDir } from '../helpers.js';
import { SUMS_NAME, shownPath, sumsLine, sumsNames, sumsText, writeSums } from '../../src/cli/sums.js';
import { cli } from './run.js';

const SAMPLE_FILES = readdirSync(SAMPLES)
  .filter((n) => n.endsWith('.xml'))
  .sort();

function fleet(): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'fleet'));
  for (const n of SAMPLE_FILES) copyFileSync(join(SAMPLES, n), join(dir, 'fleet', n));
  return dir;
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const hasSha256sum = spawnSync('sha256sum', ['--version']).status === 0;

/** The entries of a checksum file (plain names only: the fleet's are). */
/** Temporary files left in `dir`. */
const leftovers = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.tmp') || f.startsWith('.'));

function entries(text: string): { sha: string; name: string }[] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(l);
      assert.ok(m, `not a sha256sum line: ${JSON.stringify(l)}`);
      return { sha: m![1]!, name: m![2]! };
    });
}

/** Checks `dir/SHA256SUMS` against the files of `dir`: by sha256sum -c when the machine has it, always by recomputing. */
function verifySums(dir: string): { sha: string; name: string }[] {
  const text = readFileSync(join(dir, SUMS_NAME), 'utf8');
  const list = entries(text);
  const names = list.map((e) => e.name);
  assert.equal(names, [...names].sort(), 'sorted by name');
  assert.equal(
    [...names].sort(),
    readdirSync(dir)
      .filter((n) => n !== SUMS_NAME)
      .sort(),
    'every file of the directory but itself, and nothing else',
  );
  for (const e of list) assert.is(sha256(join(dir, e.name)), e.sha, e.name);
  if (hasSha256sum) {
    const r = spawnSync('sha256sum', ['-c', '--strict', SUMS_NAME], { cwd: dir, encoding: 'utf8' });
    assert.is(r.status, 0, `sha256sum -c: ${r.stdout}${r.stderr}`);
  }
  return list;
}

test('fleet apply: one line for the writes, relative paths in text and HTML, a SHA256SUMS that checks', async () => {
  const dir = fleet();
  const r = await cli(['apply', 'fleet', '--out-dir', 'out', '--html', 'out/report.html', '--report', 'r.json'], { cwd: dir });
  assert.is(r.code, 0, r.err);
  const n = SAMPLE_FILES.length;
  const wrote = r.out.split('\n').filter((l) => l.startsWith('wrote '));
  assert.is(wrote.length, 3, `the set line and the two reports:\n${wrote.join('\n')}`);
  assert.match(wrote[0]!, new RegExp(`^wrote ${n} output sets \\(${3 * n} files\\) to out/; out/SHA256SUMS lists them`));
  assert.match(r.out, /^wrote the HTML report out\/report\.html \(\d+ bytes/m);
  assert.match(r.out, /^wrote the JSON report r\.json \(\d+ bytes/m);
  assert.not.match(r.out + r.err, dir, 'no absolute path printed');
  const page = readFileSync(join(dir, 'out', 'report.html'), 'utf8');
  assert.not.match(page, dir, 'no local directory in the page for the board');
  assert.match(page, '<code>out/multi-listener.patch.json</code>');
  assert.match(page, '<code>fleet/multi-listener.xml</code>');
  // The JSON report keeps absolute paths (its schema says so): machines resolve them.
  const doc = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
  assert.is(doc.files[0].outputs[0].path, join(dir, 'out', doc.files[0].file.replace(/^fleet\//, '')));

  const list = verifySums(join(dir, 'out'));
  assert.is(list.length, 3 * n + 1, 'three files per input, and the HTML report');
  assert.ok(
    list.some((e) => e.name === 'report.html'),
    'the report written under the output directory is listed',
  );
  assert.not.ok(
    readdirSync(join(dir, 'out')).some((x) => x.endsWith('.tmp')),
    'no temporary file left',
  );

  // -v lists every set, relative to the working directory.
  const v = await cli(['apply', 'fleet', '--out-dir', 'out-v', '-v'], { cwd: dir });
  assert.is(v.code, 0, v.err);
  for (const name of SAMPLE_FILES) {
    const stem = name.replace(/\.xml$/, '');
    assert.match(v.out, `wrote out-v/${stem}.xml, out-v/${stem}.diff, out-v/${stem}.patch.json\n`);
  }
  assert.not.match(v.out, dir);
  // A pure function of the output set: the same set elsewhere has the same SHA256SUMS, byte for byte.
  const w = await cli(['apply', 'fleet', '--out-dir', 'out-w'], { cwd: dir });
  assert.is(w.code, 0, w.err);
  assert.ok(readFileSync(join(dir, 'out-v', SUMS_NAME)).equals(readFileSync(join(dir, 'out-w', SUMS_NAME))), 'same set, same file');
  // rollback names what it wrote the same way.
  const back = await cli(
    ['rollback', 'out/multi-listener.xml', '--patch', 'out/multi-listener.patch.json', '-o', join(dir, 'restored.xml')],
    {
      cwd: dir,
    },
  );
  assert.is(back.code, 0, back.err);
  assert.match(back.out, /^wrote restored\.xml \(\d+ bytes/m);
  assert.not.match(back.out, dir);
  rmSync(dir, { recursive: true });
});

test('SHA256SUMS: the same set again is done; a file written anew (its own overwrite needed --force) is listed anew; written atomically', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'a.xml'), 'alpha');
  writeFileSync(join(dir, 'b.diff'), '');
  const files = ['a.xml', 'b.diff'].map((name) => ({ kind: 'export', path: join(dir, name), sha256: sha256(join(dir, name)), bytes: 0 }));
  assert.is(writeSums(dir, files).status, 'written');
  const first = readFileSync(join(dir, SUMS_NAME));
  assert.equal(writeSums(dir, [...files].reverse()), { path: join(dir, SUMS_NAME), status: 'same', count: 2, earlier: 0 });
  assert.ok(readFileSync(join(dir, SUMS_NAME)).equals(first));
  writeFileSync(join(dir, 'a.xml'), 'changed');
  const other = [{ ...files[0]!, sha256: sha256(join(dir, 'a.xml')) }];
  assert.equal(writeSums(dir, other), { path: join(dir, SUMS_NAME), status: 'written', count: 2, earlier: 1 });
  verifySums(dir);
  assert.equal(leftovers(dir), []);
  rmSync(dir, { recursive: true });
});

test('appliances added to an output directory in a later run: SHA256SUMS keeps the earlier sets and adds the new one; a SHA256SUMS that is not a checksum file needs --force', async () => {
  const dir = fleet();
  const first = await cli(['apply', 'fleet/multi-listener.xml', 'fleet/half-patched.xml', '--out-dir', 'out'], { cwd: dir });
  assert.is(first.code, 0, first.err);
  const earlier = entries(readFileSync(join(dir, 'out', SUMS_NAME), 'utf8'));
  const added = await cli(['apply', 'fleet/cluster.xml', '--out-dir', 'out'], { cwd: dir });
  assert.is(added.code, 0, added.err);
  assert.match(added.out, 'and 6 files of earlier runs');
  const now = entries(readFileSync(join(dir, 'out', SUMS_NAME), 'utf8'));
  assert.equal(
    now.map((e) => e.name),
    [...earlier.map((e) => e.name), 'cluster.diff', 'cluster.patch.json', 'cluster.xml'].sort(),
  );
  for (const e of earlier)
    assert.ok(
      now.some((n) => n.name === e.name && n.sha === e.sha),
      `${e.name} kept as it was`,
    );
  if (hasSha256sum) {
    const r = spawnSync('sha256sum', ['-c', '--strict', SUMS_NAME], { cwd: join(dir, 'out'), encoding: 'utf8' });
    assert.is(r.status, 0, r.stdout + r.stderr);
  }
  // A set removed by hand is no longer listed by the next run.
  rmSync(join(dir, 'out', 'half-patched.diff'));
  assert.is((await cli(['apply', 'fleet/cluster.xml', '--out-dir', 'out'], { cwd: dir })).code, 0);
  assert.not.ok(entries(readFileSync(join(dir, 'out', SUMS_NAME), 'utf8')).some((e) => e.name === 'half-patched.diff'));

  writeFileSync(join(dir, 'out', SUMS_NAME), 'my own notes\n');
  const before = readdirSync(join(dir, 'out')).sort();
  const other = await cli(['apply', 'fleet/multi-listener.xml', '--out-dir', 'out'], { cwd: dir });
  assert.is(other.code, 1, other.out);
  assert.match(other.err, '[output-exists]');
  assert.equal(readdirSync(join(dir, 'out')).sort(), before, 'nothing written');
  assert.is(readFileSync(join(dir, 'out', SUMS_NAME), 'utf8'), 'my own notes\n');
  const forced = await cli(['apply', 'fleet/multi-listener.xml', '--out-dir', 'out', '--force'], { cwd: dir });
  assert.is(forced.code, 0, forced.err);
  assert.ok(entries(readFileSync(join(dir, 'out', SUMS_NAME), 'utf8')).some((e) => e.name === 'multi-listener.xml'));
  rmSync(dir, { recursive: true });
});

test('SHA256SUMS names: relative to the directory, outside files left out, odd names escaped as sha256sum does', () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'sub'));
  const odd = 'back\\slash.xml';
  const utf = 'zürich-東京.xml';
  for (const name of [odd, utf, join('sub', 'r.html')]) writeFileSync(join(dir, name), name);
  const w = (path: string) => ({ kind: 'export', path, sha256: sha256(path), bytes: 1 });
  const outside = join(tempDir(), 'r.json');
  writeFileSync(outside, '{}');
  const text = sumsText(dir, [w(join(dir, odd)), w(join(dir, utf)), w(join(dir, 'sub', 'r.html')), w(outside)]);
  assert.match(text, `\\${sha256(join(dir, odd))}  back\\\\slash.xml\n`);
  assert.match(text, `  sub/r.html\n`);
  assert.not.match(text, 'r.json');
  assert.is(sumsLine('0'.repeat(64), 'a\nb'), `\\${'0'.repeat(64)}  a\\nb\n`);
  assert.equal(sumsNames(text + sumsLine('0'.repeat(64), 'a\nb\\c')), [odd, 'sub/r.html', utf, 'a\nb\\c'], 'read back, escapes undone');
  assert.is(sumsNames('not a checksum line\n'), null);
  writeSums(dir, [w(join(dir, odd)), w(join(dir, utf)), w(join(dir, 'sub', 'r.html'))]);
  if (hasSha256sum) {
    const r = spawnSync('sha256sum', ['-c', '--strict', SUMS_NAME], { cwd: dir, encoding: 'utf8' });
    assert.is(r.status, 0, `sha256sum -c: ${r.stdout}${r.stderr}`);
  }
  const cwd = join(dir, 'fleet');
  assert.is(shownPath(cwd, join(cwd, 'out', 'a.xml')), join('out', 'a.xml'));
  const elsewhere = join(tempDir(), 'out', 'a.xml');
  assert.is(shownPath(cwd, elsewhere), elsewhere, 'outside the working directory: in full');
  rmSync(dir, { recursive: true });
});

test.run();
