/**
 * Interruption of a real `esa-patch apply` process in the middle of writing: SIGINT and
 * SIGTERM leave no temporary file and no lock, and exit 130 / 143. The run is held between
 * writing its temporary files and committing them by ESA_PATCH_FS_TEST_HOOK=pause@STEP.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cli, leftovers, SAMPLES, tempScope, until } from './helpers.js';

const { tmp, cleanup } = tempScope();

/** Two exports in `dir/in`. */
function inputs(dir: string): string {
  const d = join(dir, 'in');
  mkdirSync(d);
  copyFileSync(join(SAMPLES, 'multi-listener.xml'), join(d, 'esa1.xml'));
  copyFileSync(join(SAMPLES, 'cluster.xml'), join(d, 'esa2.xml'));
  return d;
}

for (const [signal, exit] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  test(`${signal} of a batch mid-write: no .tmp, no .lock left, exit ${exit}`, async () => {
    const dir = tmp();
    const out = join(dir, 'out');
    let pid = 0;
    const done = cli(['apply', inputs(dir), '--out-dir', out, '--jobs', '2'], {
      env: { ESA_PATCH_FS_TEST_HOOK: 'pause@temp:2' },
      onSpawn: (p) => (pid = p),
      timeoutMs: 60_000,
    });
    // Both workers hold their temporary files (and locks), paused before committing.
    const seen = await until(() => existsSync(out) && readdirSync(out).filter((f) => f.endsWith('.tmp')).length >= 6, 40_000);
    assert.ok(seen, `temporary files appeared: ${existsSync(out) ? readdirSync(out).join(', ') : 'no out dir'}`);
    assert.ok(
      readdirSync(out).some((f) => f.endsWith('.lock')),
      'locks held',
    );
    process.kill(pid, signal);
    const r = await done;
    assert.is(r.timedOut, false);
    assert.is(r.code, exit, r.err);
    assert.equal(leftovers(out), [], 'no temporary file, lock or journal left');
    assert.equal(readdirSync(out), [], 'nothing written: the set is absent');
    assert.match(r.err, /interrupted: 0 of 2 output sets written; run the same command again to finish/);
  });
}

// A single file is processed in the main thread, whose signal handler runs once the
// synchronous write is over: the set is then whole.
test('SIGINT of a single-file run mid-write: the set is whole or absent, nothing left, exit 130', async () => {
  const dir = tmp();
  const out = join(dir, 'out');
  let pid = 0;
  const done = cli(['apply', join(SAMPLES, 'multi-listener.xml'), '-o', join(out, 'gw.xml')], {
    env: { ESA_PATCH_FS_TEST_HOOK: 'pause:1500@temp:0' },
    onSpawn: (p) => (pid = p),
    timeoutMs: 60_000,
  });
  assert.ok(await until(() => existsSync(out) && readdirSync(out).some((f) => f.endsWith('.tmp')), 40_000));
  process.kill(pid, 'SIGINT');
  const r = await done;
  assert.is(r.code, 130, r.err);
  assert.equal(leftovers(out), []);
  const names = readdirSync(out).sort();
  assert.ok(names.length === 0 || names.join() === 'gw.diff,gw.patch.json,gw.xml', names.join(', '));
});

test.after(cleanup);
test.run();
