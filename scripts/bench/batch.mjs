// The fleet figure of the benchmark: `esa-patch apply DIR --out-dir OUT` over many exports of a
// few MB each, with --jobs 1, 2 and N, whole process, in paired rounds (each round runs every
// jobs count once, so that a burst of load on a shared machine hits them alike). Used by
// scripts/bench.mjs and scripts/bench-batch.mjs.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateExport } from './generate.mjs';
import { measure, median } from './measure.mjs';

/** The cached directory of `files` exports of about `mb` MB each (deterministic), generated on first use. */
export function batchInputs(benchDir, files, mb, log = (s) => process.stderr.write(s)) {
  const root = join(benchDir, `batch-${files}x${mb}mb`);
  const inputs = join(root, 'in');
  if (!existsSync(join(root, 'done.json'))) {
    rmSync(root, { recursive: true, force: true });
    mkdirSync(inputs, { recursive: true });
    log(`generating ${files} exports of ~${mb} MB in ${inputs} ...\n`);
    for (let k = 0; k < files; k++)
      generateExport(join(inputs, `esa-${String(k).padStart(4, '0')}.xml`), {
        bytes: mb * 1_000_000,
        members: 200 + (k % 7) * 50,
        seed: 1000 + (k % 25),
      });
    writeFileSync(join(root, 'done.json'), JSON.stringify({ files, mb }));
  }
  return { root, inputs };
}

/** The inputs cut in two directories (copies, made once): for two separate processes. */
function halves(root, inputs) {
  const dirs = [join(root, 'half-a'), join(root, 'half-b')];
  if (!existsSync(join(root, 'halves.json'))) {
    const files = readdirSync(inputs).sort();
    dirs.forEach((d, k) => {
      rmSync(d, { recursive: true, force: true });
      mkdirSync(d, { recursive: true });
      for (const f of files.filter((_, i) => i % 2 === k)) copyFileSync(join(inputs, f), join(d, f));
    });
    writeFileSync(join(root, 'halves.json'), '{}');
  }
  return dirs;
}

/** Wall time of `commands` run at once, each a separate process. */
function together(commands) {
  const t0 = process.hrtime.bigint();
  return Promise.all(
    commands.map(
      ([cmd, args]) =>
        new Promise((ok, no) =>
          spawn(cmd, args, { stdio: 'ignore' }).on('exit', (code) =>
            code === 0 ? ok() : no(new Error(`${args.join(' ')}: exit ${code}`)),
          ),
        ),
    ),
  ).then(() => Number(process.hrtime.bigint() - t0) / 1e9);
}

/**
 * Runs the batch `runs` rounds (plus a warm-up round, not counted) for every count of `jobs`.
 * Returns per jobs count { jobs, wall, cpu, rss (medians), walls }, and per jobs count the
 * median over rounds of the paired speed-up wall(1 job) / wall(this count). `machine`: the
 * same in each round for two separate processes of --jobs 1 on half the files each, at once:
 * what this machine gives any two-way split of the work (the ceiling of the pool's 2 jobs).
 */
export async function runBatch({ node, cli, benchDir, files, mb, runs, jobs, log = (s) => process.stderr.write(s) }) {
  const { root, inputs } = batchInputs(benchDir, files, mb, log);
  const out = join(root, 'out');
  const samples = new Map(jobs.map((j) => [j, []]));
  const split = halves(root, inputs);
  const twoProcesses = [];
  log(`batch: ${runs} rounds (plus one warm-up) of apply over ${files} exports with --jobs ${jobs.join(', ')} ...\n`);
  for (let round = 0; round <= runs; round++) {
    for (const j of jobs) {
      rmSync(out, { recursive: true, force: true });
      const r = await measure(node, [cli, 'apply', inputs, '--out-dir', out, '--quiet', '--jobs', String(j), '--jobs-max', String(j)]);
      if (r.status !== 0) throw new Error(`apply --jobs ${j} exited ${r.status}:\n${r.stderr.slice(-2000)}`);
      if (round > 0) samples.get(j).push(r);
    }
    split.forEach((_, k) => rmSync(`${out}-${k}`, { recursive: true, force: true }));
    const wall = await together(split.map((d, k) => [node, [cli, 'apply', d, '--out-dir', `${out}-${k}`, '--quiet', '--jobs', '1']]));
    if (round > 0) twoProcesses.push(wall);
  }
  split.forEach((_, k) => rmSync(`${out}-${k}`, { recursive: true, force: true }));
  rmSync(out, { recursive: true, force: true });
  const one = samples.get(jobs[0]);
  const machine = { wall: median(twoProcesses), speedup: median(twoProcesses.map((w, k) => one[k].wall / w)) };
  const rows = jobs.map((j) => {
    const s = samples.get(j);
    return {
      jobs: j,
      wall: median(s.map((r) => r.wall)),
      cpu: median(s.map((r) => r.cpu)),
      rss: median(s.map((r) => r.rss)),
      walls: s.map((r) => r.wall),
      speedup: median(s.map((r, k) => one[k].wall / r.wall)),
    };
  });
  return { rows, machine };
}
