#!/usr/bin/env node
// npm run bench:batch: the batch figure of `npm run bench` alone: `esa-patch apply DIR
// --out-dir OUT` over many exports of about 2 MB each, with --jobs 1, 2 and N, whole process,
// wall and CPU time and peak memory, median of paired rounds, and the speed-up over one job.
// Not a test: it prints figures.
//
//   node scripts/bench-batch.mjs [--files 200] [--mb 2] [--runs 3] [--jobs 1,2,4]
import { existsSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBatch } from './bench/batch.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name, def) => {
  const k = process.argv.indexOf(`--${name}`);
  return k > 0 ? process.argv[k + 1] : def;
};
const FILES = Number(arg('files', 200));
const MB = Number(arg('mb', 2));
const RUNS = Number(arg('runs', 3));
const cores = availableParallelism();
const JOBS = String(arg('jobs', `1,2,${cores > 2 ? cores : 4}`))
  .split(',')
  .map(Number);
if (!existsSync(join(root, 'dist/cli/main.js'))) {
  console.error('bench: dist/ is missing: run `npm run build` first (npm run bench:batch does)');
  process.exit(1);
}
const load = loadavg()[0];
const { rows, machine } = await runBatch({
  node: process.execPath,
  cli: join(root, 'bin/esa-patch.js'),
  benchDir: join(root, '.bench'),
  files: FILES,
  mb: MB,
  runs: RUNS,
  jobs: JOBS,
});
console.log(
  `machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cores} CPUs, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; node ${process.version}`,
);
console.log(`batch: ${FILES} exports of ~${MB} MB, apply --out-dir, median of ${RUNS} paired rounds`);
for (const r of rows)
  console.log(
    `  --jobs ${String(r.jobs).padEnd(3)} wall ${r.wall.toFixed(2)} s  cpu ${r.cpu.toFixed(2)} s  peak ${(r.rss / 1048576).toFixed(0)} MiB  speed-up over ${JOBS[0]} job(s) x${r.speedup.toFixed(2)}  (runs: ${r.walls.map((w) => w.toFixed(2)).join(' ')})`,
  );
console.log(
  `  two processes of --jobs 1 on half the files each, at once: wall ${machine.wall.toFixed(2)} s, speed-up x${machine.speedup.toFixed(2)} (the machine's ceiling for a two-way split)`,
);
console.log(`load average ${load.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end`);
