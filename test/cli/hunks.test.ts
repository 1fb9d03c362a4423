/** The diff names its listener in each hunk header and still applies byte for byte with git apply and GNU patch. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { applyPatch } from 'diff';
import { SAMPLES, tempDir } from '../helpers.js';
import { cli } from './run.js';
import { gitApply, gnuPatch } from '../oracles/diff-tools.js';
import { optionalOracle } from '../oracles/oracle.js';

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
  const title = `${name}: OUT.diff applies byte for byte with jsdiff, git apply and GNU patch`;
  test(title, async () => {
    const dir = tempDir();
    const r = await cli(['apply', join(SAMPLES, name), '-o', join(dir, 'out.xml')]);
    assert.is(r.code, 0, r.err);
    const input = readFileSync(join(SAMPLES, name), 'latin1');
    const want = readFileSync(join(dir, 'out.xml'), 'latin1');
    const diff = readFileSync(join(dir, 'out.diff'), 'latin1');
    rmSync(dir, { recursive: true });
    if (diff.length === 0) {
      assert.ok(want === input);
      return;
    }
    // jsdiff always runs; git apply and GNU patch where the machine has them (noted otherwise,
    // required under ESA_PATCH_REQUIRE_ORACLES=1).
    assert.ok(applyPatch(input, diff) === want, 'jsdiff gave other bytes');
    for (const oracle of [gitApply, gnuPatch]) {
      const apply = await optionalOracle(title, oracle);
      if (apply) assert.ok(apply(input, diff, name) === want, `${oracle.name} gave other bytes`);
    }
  });
}

test.run();
