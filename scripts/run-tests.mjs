#!/usr/bin/env node
// Runs every test/**/*.test.ts with uvu under tsx, then prints the closing line CI reads
// ("N passed, N failed"). uvu exits 0 when it finds no test, so zero tests is a failure here.
import { spawnSync } from 'node:child_process';

const pattern = process.argv[2] ?? '\\.test\\.ts$';
const run = spawnSync(
  process.execPath,
  ['--import', 'tsx', 'node_modules/uvu/bin.js', 'test', pattern],
  { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, FORCE_COLOR: '0' } },
);
process.stdout.write(run.stdout ?? '');
process.stderr.write(run.stderr ?? '');
const total = /Total:\s+(\d+)/.exec(run.stdout ?? '');
const passed = /Passed:\s+(\d+)/.exec(run.stdout ?? '');
const t = total ? Number(total[1]) : 0;
const p = passed ? Number(passed[1]) : 0;
const failed = t - p + (run.status !== 0 && t === p ? 1 : 0);
if (t === 0) {
  console.log('no test ran: treating as a failure');
  console.log(`0 passed, 1 failed`);
  process.exit(1);
}
console.log(`${p} passed, ${failed} failed`);
process.exit(run.status === 0 && failed === 0 ? 0 : 1);
