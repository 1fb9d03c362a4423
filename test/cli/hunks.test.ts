/** The diff names its listener in each hunk header and still applies byte for byte with git apply and GNU patch. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { SAMPLES, tempDir } from '../helpers.js';
import { cli } from './run.js';

const NAMES = readdirSync(SAMPLES)
  .filter((n) => n.endsWith('.xml'))
  .sort();

test('hunk headers name the listener: @@ -a,b +c,d @@ listener NAME', async () => {
  const r = await cli(['plan', '--json', join(SAMPLES, 'multi-listener.xml')]);
  const diff: string = JSON.parse(r.out).files[0].diff;
  const headers = diff.split('\n').filter((l) => l.startsWith('@@'));
  assert.equal(
    headers.map((h) => h.replace(/^@@ -\d+(,\d+)? \+\d+(,\d+)? @@/, '')),
    [' listener InboundMail', ' listener PartnerMX'],
  );
  const cluster = JSON.parse((await cli(['plan', '--json', join(SAMPLES, 'cluster.xml')])).out).files[0].diff as string;
  assert.match(cluster, /^@@ [^\n]* @@ listener EdgeInbound$/m);
});

for (const name of NAMES) {
  test(`${name}: OUT.diff applies byte for byte with git apply and GNU patch`, async () => {
    const dir = tempDir();
    const r = await cli(['apply', join(SAMPLES, name), '-o', join(dir, 'out.xml')]);
    assert.is(r.code, 0, r.err);
    const want = readFileSync(join(dir, 'out.xml'), 'latin1');
    const diff = join(dir, 'out.diff');
    if (readFileSync(diff).length === 0) {
      assert.ok(want === readFileSync(join(SAMPLES, name), 'latin1'));
      rmSync(dir, { recursive: true });
      return;
    }
    for (const [tool, args] of [
      ['git', ['apply', diff]],
      ['patch', ['-p1', '--quiet', '-i', diff]],
    ] as const) {
      const work = join(dir, tool);
      mkdirSync(work);
      copyFileSync(join(SAMPLES, name), join(work, name));
      const run = spawnSync(tool, [...args], { cwd: work, encoding: 'utf8' });
      assert.is(run.status, 0, `${tool}: ${run.stderr}`);
      assert.ok(readFileSync(join(work, name), 'latin1') === want, `${tool} gave other bytes`);
    }
    rmSync(dir, { recursive: true });
  });
}

test.run();
