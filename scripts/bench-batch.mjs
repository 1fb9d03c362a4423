#!/usr/bin/env node
// npm run bench:batch — a fleet run: 500 exports of about 2 MB each, `esa-patch apply` over the
// whole directory with --jobs 1 and with the default (the number of CPUs), whole process, wall
// time and peak memory, median of several runs, and their ratio. Not a test: it prints figures.
//
//   node scripts/bench-batch.mjs [--files 500] [--mb 2] [--runs 3]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { generateExport } from './bench/generate.mjs';

const arg = (name, def) => {
  const k = process.argv.indexOf(`--${name}`);
  return k > 0 ? Number(process.argv[k + 1]) : def;
};
const FILES = arg('files', 500);
const MB = arg('mb', 2);
const RUNS = arg('runs', 3);
const root = join(process.cwd(), '.bench', `batch-${FILES}x${MB}mb`);
const inputs = join(root, 'in');
const stamp = join(root, 'done.json');

if (!existsSync(stamp)) {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(inputs, { recursive: true });
  process.stderr.write(`generating ${FILES} exports of ~${MB} MB in ${inputs} ...\n`);
  for (let k = 0; k < FILES; k++) {
    generateExport(join(inputs, `esa-${String(k).padStart(4, '0')}.xml`), {
      bytes: MB * 1_000_000,
      members: 200 + (k % 7) * 50,
      seed: 1000 + (k % 25),
    });
  }
  writeFileSync(stamp, JSON.stringify({ files: FILES, mb: MB }));
}
const bytes = readdirSync(inputs).length;
void bytes;

const hasTime = existsSync('/usr/bin/time');
function measure(args) {
  const out = join(root, 'out');
  rmSync(out, { recursive: true, force: true });
  const cmd = hasTime
    ? ['/usr/bin/time', ['-f', '%e %M', process.execPath, 'bin/esa-patch.js', ...args]]
    : [process.execPath, ['bin/esa-patch.js', ...args]];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd[0], cmd[1], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`esa-patch exited ${r.status}: ${r.stderr.slice(-500)}`);
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const rssKb = hasTime ? Number(last.split(' ')[1]) : NaN;
  return { wall, rssMb: rssKb / 1024 };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function series(label, extra) {
  const runs = [];
  for (let k = 0; k < RUNS; k++) runs.push(measure(['apply', inputs, '--out-dir', join(root, 'out'), '--json', ...extra]));
  const r = { label, wall: median(runs.map((x) => x.wall)), rssMb: median(runs.map((x) => x.rssMb)) };
  console.log(
    `${label.padEnd(22)} wall ${r.wall.toFixed(2)} s   peak RSS ${Number.isNaN(r.rssMb) ? 'n/a (no /usr/bin/time)' : `${r.rssMb.toFixed(0)} MB`}   (median of ${RUNS})`,
  );
  return r;
}

console.log(
  `machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} CPUs, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; node ${process.version}`,
);
console.log(`batch: ${FILES} exports of ~${MB} MB (${((FILES * MB) / 1000).toFixed(2)} GB) in ${inputs}`);
const one = series('apply --jobs 1', ['--jobs', '1']);
const all = series(`apply (default, ${availableParallelism()} jobs)`, []);
console.log(
  `ratio default / --jobs 1: wall ${(all.wall / one.wall).toFixed(2)}x (speed-up ${(one.wall / all.wall).toFixed(2)}x), peak RSS ${(all.rssMb / one.rssMb).toFixed(2)}x`,
);
void readFileSync;
