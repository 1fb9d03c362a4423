#!/usr/bin/env node
// Runs every test/**/*.test.ts with uvu under tsx, then prints the closing line CI reads:
// "N passed, N failed, N skipped". A test whose oracle cannot start on this machine (see
// test/oracles/oracle.ts) writes a skip record to ESA_PATCH_SKIP_LOG; it is listed here with the
// reason and counted as skipped, not passed. ESA_PATCH_REQUIRE_ORACLES=1 (.ci/run) makes such a
// test fail instead. uvu exits 0 when it finds no test, so zero tests is a failure here.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const pattern = process.argv[2] ?? '\\.test\\.ts$';
const scratch = mkdtempSync(join(tmpdir(), 'esa-patch-run-'));
const skipLog = join(scratch, 'skips.jsonl');
const run = spawnSync(process.execPath, ['--import', 'tsx', 'node_modules/uvu/bin.js', 'test', pattern], {
  encoding: 'utf8',
  maxBuffer: 256 * 1024 * 1024,
  env: { ...process.env, FORCE_COLOR: '0', ESA_PATCH_SKIP_LOG: skipLog },
});
process.stdout.write(run.stdout ?? '');
process.stderr.write(run.stderr ?? '');

let records = [];
try {
  records = readFileSync(skipLog, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
} catch {
  // No oracle was missing: no log was written.
}
rmSync(scratch, { recursive: true, force: true });

const total = /Total:\s+(\d+)/.exec(run.stdout ?? '');
const passed = /Passed:\s+(\d+)/.exec(run.stdout ?? '');
const t = total ? Number(total[1]) : 0;
const p = passed ? Number(passed[1]) : 0;
const failed = t - p + (run.status !== 0 && t === p ? 1 : 0);
const skips = records.filter((r) => r.kind === 'skip');
const notes = records.filter((r) => r.kind === 'note');
if (notes.length) {
  console.log(`\noptional oracles not on this machine (their cross-checks did not run):`);
  for (const [oracle, reason] of new Map(notes.map((r) => [r.oracle, r.reason]))) console.log(`  ${oracle}: ${reason}`);
}
if (skips.length) {
  console.log(`\nskipped (an oracle cannot start on this machine; ESA_PATCH_REQUIRE_ORACLES=1 makes this a failure):`);
  for (const r of skips) console.log(`  ${r.test}: ${r.oracle}: ${r.reason}`);
}
if (t === 0) {
  console.log('no test ran: treating as a failure');
  console.log('0 passed, 1 failed, 0 skipped');
  process.exit(1);
}
// A skipped test returned early, so uvu counted it as passed.
console.log(`${p - skips.length} passed, ${failed} failed, ${skips.length} skipped`);
process.exit(run.status === 0 && failed === 0 ? 0 : 1);
