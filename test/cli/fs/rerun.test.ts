/**
 * Re-runs converge (issue 18, 4): an interrupted `apply` says how many output sets it wrote;
 * the same command again writes the others and counts the whole ones as already up to date
 * (exit 0, one summary line with -q); only an existing file with other content needs --force,
 * and is reported once per output set, naming the differing files only.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, leftovers, SAMPLES, tempScope, until } from './helpers.js';

const { tmp, cleanup } = tempScope();

/** Three exports in `dir/in`. */
function inputs(dir: string): string {
  const d = join(dir, 'in');
  mkdirSync(d);
  copyFileSync(join(SAMPLES, 'multi-listener.xml'), join(d, 'esa1.xml'));
  copyFileSync(join(SAMPLES, 'cluster.xml'), join(d, 'esa2.xml'));
  copyFileSync(join(SAMPLES, 'half-patched.xml'), join(d, 'esa3.xml'));
  return d;
}

const SETS = ['esa1', 'esa2', 'esa3'];
const FILES = SETS.flatMap((s) => ['.xml', '.diff', '.patch.json'].map((e) => s + e)).sort();
const snapshot = (out: string) => FILES.map((n) => `${n} ${statSync(join(out, n)).ino} ${statSync(join(out, n)).mtimeMs}`);

test('Ctrl-C mid-batch says how many sets were written; the same command again finishes, then converges', async () => {
  const dir = tmp();
  const out = join(dir, 'out');
  const args = ['apply', inputs(dir), '--out-dir', out, '--jobs', '1'];
  let pid = 0;
  // Every set waits 2 s between its temporary files and its commit: the first is written
  // while the second waits, and the interruption comes then.
  const done = cli(args, { env: { ESA_PATCH_FS_TEST_HOOK: 'pause:2000@temp:2' }, onSpawn: (p) => (pid = p), timeoutMs: 60_000 });
  const seen = await until(
    () => existsSync(join(out, 'esa1.patch.json')) && readdirSync(out).filter((f) => f.endsWith('.tmp')).length >= 3,
    40_000,
  );
  assert.ok(seen, `first set written, second pending: ${existsSync(out) ? readdirSync(out).join(', ') : 'no out dir'}`);
  process.kill(pid, 'SIGINT');
  const r = await done;
  assert.is(r.code, 130, r.err);
  assert.match(r.err, /interrupted: 1 of 3 output sets written; run the same command again to finish/);
  assert.equal(leftovers(out), []);
  assert.equal(readdirSync(out).sort(), ['esa1.diff', 'esa1.patch.json', 'esa1.xml']);

  const again = await cli([...args, '-q']);
  assert.is(again.code, 0, again.err);
  assert.is(again.err, '', 'no "already exists" for the set written before the interruption');
  assert.match(again.out, /^apply: 3 files: 2 patched, 1 already up to date; /);
  // SHA256SUMS, written last, lists every set: the one kept as well as the two written.
  assert.equal(readdirSync(out).sort(), ['SHA256SUMS', ...FILES]);
  const sums = readFileSync(join(out, 'SHA256SUMS'), 'utf8');
  assert.equal(
    sums
      .trim()
      .split('\n')
      .map((l) => l.slice(66)),
    FILES,
  );

  const before = snapshot(out);
  const third = await cli([...args, '-q']);
  assert.is(third.code, 0, third.err);
  assert.is(third.err, '');
  assert.equal(third.out.trimEnd().split('\n').length, 1, third.out);
  assert.match(third.out, /^apply: 3 files: 3 already up to date; /);
  assert.equal(snapshot(out), before, 'sets already up to date are not touched');
  const json = JSON.parse((await cli([...args.slice(0, -2), '--json'])).out);
  assert.equal(
    json.files.map((f: { upToDate?: boolean; written?: unknown }) => [f.upToDate, f.written]),
    SETS.map(() => [true, undefined]),
  );
  assert.equal(
    json.files[0].outputs.map((o: { kind: string }) => o.kind),
    ['export', 'diff', 'artefact'],
  );
});

test('an existing file with other content needs --force: one line per set, naming only the differing files', async () => {
  const dir = tmp();
  const out = join(dir, 'out');
  const args = ['apply', inputs(dir), '--out-dir', out];
  assert.is((await cli(args)).code, 0);
  appendFileSync(join(out, 'esa2.diff'), 'edited\n');
  writeFileSync(join(out, 'esa3.xml'), 'not the patched export\n');
  const r = await cli([...args, '-q']);
  assert.is(r.code, 1);
  // What each error names, after `in/esaN.xml: error: ` (the input).
  const errors = r.err
    .split('\n')
    .filter((l) => /\berror: /.test(l))
    .map((l) => l.slice(l.indexOf('error: ')));
  assert.is(errors.length, 2, r.err);
  assert.match(errors[0]!, /esa2\.diff/);
  assert.not.match(errors[0]!, /esa2\.(xml|patch\.json)/);
  assert.match(errors[1]!, /esa3\.xml/);
  assert.not.match(errors[1]!, /esa3\.(diff|patch\.json)/);
  assert.ok(
    r.err.split('\n').every((l) => !l || /\[output-exists\]$/.test(l) || /^ /.test(l)),
    r.err,
  );
  assert.match(r.out, /^apply: 3 files: 2 ERROR, 1 already up to date; /);
  assert.match(readFileSync(join(out, 'esa2.diff'), 'latin1'), /edited\n$/, 'a differing file is kept without --force');
  const forced = await cli([...args, '--force', '-q']);
  assert.is(forced.code, 0, forced.err);
  assert.match(forced.out, /^apply: 3 files: 2 patched, 1 already up to date; /);
  assert.not.match(readFileSync(join(out, 'esa2.diff'), 'latin1'), /edited/);
  assert.match(readFileSync(join(out, 'esa3.xml'), 'latin1'), /<\?xml/);
  // A missing file of a set whose other files are this run's is written back, without --force.
  const { rmSync } = await import('node:fs');
  rmSync(join(out, 'esa1.diff'));
  const refill = await cli([...args, '-q']);
  assert.is(refill.code, 0, refill.err);
  assert.match(refill.out, /^apply: 3 files: 1 patched, 2 already up to date; /);
  assert.ok(existsSync(join(out, 'esa1.diff')));
});

test('an artefact that records the same change in other words (another tool version) is up to date', async () => {
  const dir = tmp();
  const out = join(dir, 'out');
  copyFileSync(join(SAMPLES, 'multi-listener.xml'), join(dir, 'gw.xml'));
  const args = ['apply', join(dir, 'gw.xml'), '-o', join(out, 'gw.xml'), '-q'];
  assert.is((await cli(args)).code, 0);
  const file = join(out, 'gw.patch.json');
  const artefact = JSON.parse(readFileSync(file, 'utf8'));
  writeFileSync(file, JSON.stringify({ ...artefact, tool: 'esa-patch 0.1.9' }));
  const same = await cli(args);
  assert.is(same.code, 0, same.err);
  assert.match(same.out, /1 already up to date/);
  // Another change recorded (an operation less) is not.
  writeFileSync(file, JSON.stringify({ ...artefact, operations: artefact.operations.slice(1) }));
  const other = await cli(args);
  assert.is(other.code, 1);
  assert.match(other.err, /gw\.patch\.json: .*\[output-exists\]/);
});

test.after(cleanup);
test.run();
