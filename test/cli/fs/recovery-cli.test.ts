/**
 * End to end: an `apply --force` killed between the renames of its output set leaves a mix
 * under the output names; the next `apply` of the same outputs puts the old set back first
 * (warning `commit-recovered`), then writes its own, whole.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, leftovers, SAMPLES, tempScope } from './helpers.js';

const { tmp, cleanup } = tempScope();

const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

test('a killed apply --force is recovered by the next run: old set back, then the new set whole', async () => {
  const dir = tmp();
  copyFileSync(join(SAMPLES, 'multi-listener.xml'), join(dir, 'a.xml'));
  copyFileSync(join(SAMPLES, 'cluster.xml'), join(dir, 'b.xml'));
  const first = await cli(['apply', 'a.xml', '-o', 'out/gw.xml'], { cwd: dir });
  assert.is(first.code, 0, first.err);
  const old = ['gw.xml', 'gw.diff', 'gw.patch.json'].map((n) => sha(join(dir, 'out', n)));
  const killed = await cli(['apply', 'b.xml', '-o', 'out/gw.xml', '--force'], {
    cwd: dir,
    env: { ESA_PATCH_FS_TEST_HOOK: 'kill@place:1' },
  });
  assert.is(killed.signal, 'SIGKILL');
  const mixed = ['gw.xml', 'gw.diff', 'gw.patch.json'].map((n) => sha(join(dir, 'out', n)));
  assert.ok(mixed[0] !== old[0] && mixed[2] === old[2], 'the kill left a mix under the output names');
  const again = await cli(['apply', 'a.xml', '-o', 'out/gw.xml', '--force', '--json'], { cwd: dir });
  assert.is(again.code, 0, again.err);
  const report = JSON.parse(again.out);
  assert.is(report.files[0].findings.filter((f: { code: string }) => f.code === 'commit-recovered').length, 1, 'the recovery is reported');
  assert.equal(
    ['gw.xml', 'gw.diff', 'gw.patch.json'].map((n) => sha(join(dir, 'out', n))),
    old,
    'the set of a.xml, whole',
  );
  assert.equal(leftovers(join(dir, 'out')), []);
});

test.after(cleanup);
test.run();
