/**
 * Visible skips: a test whose oracle cannot start is counted as skipped, with the reason, in the
 * closing line of scripts/run-tests.mjs; under ESA_PATCH_REQUIRE_ORACLES=1 it fails instead.
 */
import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT } from '../helpers.js';

function runDemo(require: boolean): { code: number | null; out: string; last: string } {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['ESA_PATCH_REQUIRE_ORACLES'];
  delete env['ESA_PATCH_SKIP_LOG'];
  if (require) env['ESA_PATCH_REQUIRE_ORACLES'] = '1';
  const r = spawnSync(process.execPath, ['scripts/run-tests.mjs', 'fixtures/oracles/skip-demo\\.ts$'], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
  });
  const lines = r.stdout.trim().split('\n');
  return { code: r.status, out: r.stdout, last: lines[lines.length - 1] ?? '' };
}

test('run-tests: an oracle that cannot start is a skip with its reason, not a pass', () => {
  const r = runDemo(false);
  assert.is(r.last, '2 passed, 0 failed, 1 skipped');
  assert.is(r.code, 0);
  assert.match(r.out, /demo: the absent oracle: absent-oracle: no such thing on this machine/);
  assert.match(r.out, /optional-oracle: no such thing on this machine/);
});

test('run-tests: ESA_PATCH_REQUIRE_ORACLES=1 turns every skip, and a missing optional oracle, into a failure', () => {
  const r = runDemo(true);
  assert.is(r.last, '1 passed, 2 failed, 0 skipped');
  assert.is(r.code, 1);
  assert.match(r.out, /absent-oracle cannot start and ESA_PATCH_REQUIRE_ORACLES=1 requires it/);
});

test.run();
