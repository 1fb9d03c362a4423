#!/usr/bin/env node
// npm run bench: the benchmark of issue 21's "Done when", every figure a whole process
// (`node bin/esa-patch.js ...` as a user runs it), in paired rounds: each round runs every tool
// once, one after the other, so that load on a shared machine hits them alike; a ratio is the
// median over the rounds of the ratio within each round.
//
// 1. The large export (59 MB by default): `xmllint --noout --huge` (libxml2's parse alone) and
//    a Node floor (read the file, sha256 it, write it and fsync: the least apply must do) on
//    the same file in the same round; then apply, plan, diff (the export and a drifted copy),
//    trace --cres and rollback, with their ratios to both. Targets: apply <= 0.5x xmllint,
//    apply's peak memory <= 2x the file; diff <= 2x the reference of both files (xmllint of
//    A plus xmllint of B, each in the same round).
// 2. Scaling: apply on exports whose HAT has 1k..500k members, and on exports of 1..100
//    listeners (each with a HAT of 200 members); CPU time of the whole process less that of a
//    tiny export (start-up), per member or listener. Linear when each step's cost per unit
//    is within 1.5x of the step before (steps whose smaller cost is under 0.1 s are shown, not
//    judged: too small to tell growth from noise).
// 3. Batch: apply over 200 exports of 2 MB with --jobs 1, 2 and N (paired rounds). Target: 2
//    jobs at least 1.7x as fast as 1.
//
//   node scripts/bench.mjs [--runs N] [--bytes N] [--members N] [--quick]
//        [--no-single] [--no-scaling] [--no-batch] [--batch-files N] [--batch-mb N] [--batch-runs N]
//        [--check] [--json] [--markdown]
//
// --quick: 3 rounds, a 20 MB export, scaling to 100k members and 30 listeners, 60 batch files
// (about 2 minutes). --check exits 1 when a target is missed or could not be measured.
// --markdown prints the table README's benchmark section shows. Generated files are cached
// in .bench/ (deterministic: same options, same bytes).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBatch } from './bench/batch.mjs';
import { GENERATOR_VERSION, generateExport } from './bench/generate.mjs';
import { measure, median, RSS_METHOD } from './bench/measure.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const QUICK = flag('--quick');
const option = (name, fallback) => {
  const k = args.indexOf(name);
  return k >= 0 && args[k + 1] !== undefined ? Number(args[k + 1]) : fallback;
};
const RUNS = Math.max(1, option('--runs', QUICK ? 3 : 5));
const BYTES = option('--bytes', QUICK ? 20_000_000 : 60_000_000);
const MEMBERS = option('--members', 20_000);
const BATCH_FILES = option('--batch-files', QUICK ? 60 : 200);
const BATCH_MB = option('--batch-mb', 2);
const BATCH_RUNS = Math.max(1, option('--batch-runs', RUNS));
const HAT_STEPS = QUICK ? [1_000, 10_000, 100_000] : [1_000, 10_000, 100_000, 500_000];
const LISTENER_STEPS = QUICK ? [1, 10, 30] : [1, 10, 100];
const TARGET = { apply: 0.5, rss: 2, diff: 2, linear: 1.5, batch2: 1.7 };

const fail = (message) => {
  console.error(`bench: ${message}`);
  process.exit(1);
};
const log = (s) => process.stderr.write(s);

if (!existsSync(join(root, 'dist/cli/main.js'))) fail('dist/ is missing: run `npm run build` first (npm run bench does)');
const HAVE_XMLLINT = spawnSync('xmllint', ['--version']).status === 0;
if (!HAVE_XMLLINT)
  log(
    'bench: xmllint is not installed (Debian/Ubuntu: apt-get install libxml2-utils): the ratios to xmllint are NOT measured and their targets are not met\n',
  );

const dir = join(root, '.bench');
mkdirSync(dir, { recursive: true });
const node = process.execPath;
const cli = join(root, 'bin/esa-patch.js');
const work = join(dir, 'run');
const mb = (bytes) => (bytes / 1e6).toFixed(1);
const mib = (bytes) => (bytes / 1048576).toFixed(0);
const x = (v) => (Number.isFinite(v) ? `${v.toFixed(2)}x` : 'n/a');
const verdict = (ok) => (ok === null ? 'not measured' : ok ? 'met' : 'MISSED');

/** The cached export for these options, generated on first use. */
function exportFile(bytes, members, listeners) {
  const tag = listeners === undefined ? '' : `-l${listeners}`;
  const path = join(dir, `export-${bytes}-${members}${tag}-v${GENERATOR_VERSION}.xml`);
  if (!existsSync(path) || !existsSync(`${path}.json`)) {
    log(`generating ${path} ...\n`);
    const stats = generateExport(path, { bytes, members, listeners });
    writeFileSync(`${path}.json`, JSON.stringify(stats, null, 2) + '\n');
  }
  return { path, stats: JSON.parse(readFileSync(`${path}.json`, 'utf8')) };
}

function fresh() {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
}

const xmllintVersion = HAVE_XMLLINT
  ? (/libxml version (\d+)/.exec(spawnSync('xmllint', ['--version'], { encoding: 'utf8' }).stderr)?.[1] ?? '?')
  : 'not installed';
const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${type()} ${release()}, Node ${process.version}, libxml2 ${xmllintVersion}`;
const loadBefore = loadavg()[0];
const result = { date: new Date().toISOString(), machine, runs: RUNS, targets: TARGET, checks: [] };
/** A target checked: `ok` null when it could not be measured. */
const check = (name, value, target, ok) => result.checks.push({ name, value, target, ok });

// ---- 1. the large export ---------------------------------------------------------------------
if (!flag('--no-single')) {
  const { path: input, stats } = exportFile(BYTES, MEMBERS);
  const size = statSync(input).size;
  // The drifted copy `diff` compares the export with: what an appliance re-exported a day later looks like.
  const drifted = join(dir, `drift-${BYTES}-${MEMBERS}-v${GENERATOR_VERSION}.xml`);
  if (!existsSync(drifted)) {
    const text = readFileSync(input, 'latin1');
    const changed = text
      .replace(/max_rcpts_per_hour = 20\n/g, 'max_rcpts_per_hour = 200\n')
      .replace(/Current Time: [^\n]*/, 'Current Time: Tue Mar 04 09:00:00 2025');
    if (changed === text) fail('could not make the drifted copy of the export');
    writeFileSync(drifted, changed, 'latin1');
  }
  const sizeB = statSync(drifted).size;
  // The floor: what any apply must do at least, in Node: read the bytes, hash them, write them durably.
  const floorScript =
    'const fs=require("fs"),c=require("crypto");const [i,o]=process.argv.slice(1);const b=fs.readFileSync(i);' +
    'c.createHash("sha256").update(b).digest("hex");const fd=fs.openSync(o,"w");fs.writeSync(fd,b);fs.fsyncSync(fd);fs.closeSync(fd);';
  // rollback's input: the patched export and its artefact, made once (not timed).
  const patched = join(dir, `patched-${BYTES}-${MEMBERS}-v${GENERATOR_VERSION}`);
  rmSync(`${patched}.xml`, { force: true });
  rmSync(`${patched}.diff`, { force: true });
  rmSync(`${patched}.patch.json`, { force: true });
  const made = spawnSync(node, [cli, 'apply', input, '-o', `${patched}.xml`, '--quiet'], { encoding: 'latin1' });
  if (made.status !== 0) fail(`apply exited ${made.status}:\n${made.stderr.slice(-2000)}`);
  const xmllint = (file) => (HAVE_XMLLINT ? measure('xmllint', ['--noout', '--huge', file]) : null);
  const tools = {
    xmllintA: () => xmllint(input),
    xmllintB: () => xmllint(drifted),
    floorA: () => measure(node, ['-e', floorScript, input, join(work, 'floor.xml')]),
    floorB: () => measure(node, ['-e', floorScript, drifted, join(work, 'floor.xml')]),
    apply: () => measure(node, [cli, 'apply', input, '-o', join(work, 'out.xml'), '--quiet']),
    plan: () => measure(node, [cli, 'plan', input, '--quiet']),
    diff: () => measure(node, [cli, 'diff', input, drifted, '--quiet']),
    trace: () => measure(node, [cli, 'trace', input, '--cres', '--quiet']),
    rollback: () =>
      measure(node, [cli, 'rollback', `${patched}.xml`, '--patch', `${patched}.patch.json`, '-o', join(work, 'back.xml'), '--quiet']),
  };
  // Exit statuses of a successful run: plan says "changes pending" (2), diff "different" (2).
  const OK_STATUS = { plan: [2], diff: [2] };
  const samples = Object.fromEntries(Object.keys(tools).map((k) => [k, []]));
  log(`running ${RUNS} rounds (plus one warm-up) of ${Object.keys(tools).join(', ')} on ${mb(size)} MB ...\n`);
  for (let round = 0; round <= RUNS; round++) {
    for (const [name, run] of Object.entries(tools)) {
      fresh();
      const r = await run();
      if (r === null) continue;
      if (!(OK_STATUS[name] ?? [0]).includes(r.status)) fail(`${name} exited ${r.status}:\n${r.stderr.slice(-2000)}`);
      if (round > 0) samples[name].push(r);
    }
  }
  // The last apply's output must be well-formed (an independent parser says so), and exactly
  // what plan says is compliant; rollback's must be the input, byte for byte.
  fresh();
  const last = await tools.apply();
  const out = join(work, 'out.xml');
  const wellFormed = HAVE_XMLLINT ? spawnSync('xmllint', ['--noout', '--huge', out]).status === 0 : null;
  const replan = spawnSync(node, [cli, 'plan', out, '--quiet']).status === 0;
  const back = await tools.rollback();
  const restored = back.status === 0 && readFileSync(join(work, 'back.xml')).equals(readFileSync(input));
  rmSync(work, { recursive: true, force: true });
  if (last.status !== 0 || wellFormed === false || !replan || !restored)
    fail(
      `the outputs are not right: apply exit ${last.status}, well-formed ${wellFormed}, re-plans compliant ${replan}, rollback restores the input ${restored}`,
    );

  const fig = {};
  for (const [k, v] of Object.entries(samples)) {
    if (!v.length) continue;
    fig[k] = {
      wall: median(v.map((r) => r.wall)),
      cpu: median(v.map((r) => r.cpu)),
      rss: median(v.map((r) => r.rss)),
      walls: v.map((r) => r.wall),
    };
  }
  /** Median over rounds of `samples[a]` / (sum of `samples[refs]`) within each round; NaN when a reference is missing. */
  const paired = (a, refs) =>
    refs.every((r) => samples[r].length)
      ? median(samples[a].map((s, k) => s.wall / refs.reduce((n, r) => n + samples[r][k].wall, 0)))
      : Number.NaN;
  const ratios = {};
  for (const k of ['apply', 'plan', 'trace', 'rollback']) ratios[k] = { xmllint: paired(k, ['xmllintA']), floor: paired(k, ['floorA']) };
  ratios.diff = { xmllint: paired('diff', ['xmllintA', 'xmllintB']), floor: paired('diff', ['floorA', 'floorB']) };
  ratios.floor = { xmllint: paired('floorA', ['xmllintA']) };
  const rss = fig.apply.rss / size;

  console.log(`esa-patch benchmark (${result.date.slice(0, 10)})`);
  console.log(`machine: ${machine}; load average ${loadBefore.toFixed(1)} at the start`);
  console.log(
    `input:   ${input.slice(root.length)}: ${mb(size)} MB, ${stats.elements} elements, a HAT sender group of ${stats.members} members; B (diff): a drifted copy, ${mb(sizeB)} MB`,
  );
  console.log(
    `checked: apply's output ${wellFormed === null ? 'not checked by xmllint (missing)' : 'well-formed (xmllint)'}, plan on it: nothing to do; rollback restores the input byte for byte`,
  );
  console.log(`median of ${RUNS} paired rounds, whole process; peak memory by ${RSS_METHOD}; ratios: median of the per-round ratios`);
  const row = (label, f, r, target = '') =>
    console.log(
      `  ${label.padEnd(34)} ${f ? `${f.wall.toFixed(2).padStart(6)} s ${f.cpu.toFixed(2).padStart(6)} s ${mib(f.rss).padStart(6)} MiB` : '     n/a'.padEnd(30)}  ${(r?.xmllint !== undefined ? x(r.xmllint) : '').padStart(7)} ${(r?.floor !== undefined ? x(r.floor) : '').padStart(7)}  ${target}`,
    );
  console.log(
    `  ${''.padEnd(34)} ${'wall'.padStart(8)} ${'cpu'.padStart(8)} ${'peak'.padStart(10)}  ${'/xmllint'.padStart(8)} ${'/floor'.padStart(7)}`,
  );
  row('xmllint --noout --huge A', fig.xmllintA);
  row('xmllint --noout --huge B', fig.xmllintB);
  row('node read+sha256+write A (floor)', fig.floorA, ratios.floor);
  row('node read+sha256+write B', fig.floorB);
  const applyOk = HAVE_XMLLINT ? ratios.apply.xmllint <= TARGET.apply : null;
  const diffOk = HAVE_XMLLINT ? ratios.diff.xmllint <= TARGET.diff : null;
  row('esa-patch apply', fig.apply, ratios.apply, `target <= ${TARGET.apply}x xmllint: ${verdict(applyOk)}`);
  row('esa-patch plan', fig.plan, ratios.plan);
  row('esa-patch diff A B', fig.diff, ratios.diff, `target <= ${TARGET.diff}x (A + B): ${verdict(diffOk)}`);
  row('esa-patch trace --cres', fig.trace, ratios.trace);
  row('esa-patch rollback', fig.rollback, ratios.rollback);
  console.log(`  diff's ratios are to the reference of both files: xmllint A + xmllint B, floor A + floor B (same round)`);
  console.log(`  apply peak memory / file size: ${x(rss)} (target <= ${TARGET.rss}x: ${verdict(rss <= TARGET.rss)})`);
  check('apply / xmllint', ratios.apply.xmllint, `<= ${TARGET.apply}x`, applyOk);
  check('apply peak memory / file', rss, `<= ${TARGET.rss}x`, rss <= TARGET.rss);
  check('diff / xmllint of both files', ratios.diff.xmllint, `<= ${TARGET.diff}x`, diffOk);
  result.single = { input: { path: input.slice(root.length), bytes: size, ...stats }, figures: fig, ratios, rss };
} else {
  console.log(`esa-patch benchmark (${result.date.slice(0, 10)})`);
  console.log(`machine: ${machine}; load average ${loadBefore.toFixed(1)} at the start`);
}

// ---- 2. scaling ------------------------------------------------------------------------------
if (!flag('--no-scaling')) {
  const R = 3;
  /** Median CPU time (user + system) of apply on `path`, whole process. */
  const applyCpu = async (path) => {
    const times = [];
    for (let k = 0; k < R; k++) {
      fresh();
      const r = await measure(node, [cli, 'apply', path, '-o', join(work, 'out.xml'), '--quiet']);
      if (r.status !== 0) fail(`apply ${path} exited ${r.status}:\n${r.stderr.slice(-2000)}`);
      times.push(Number.isFinite(r.cpu) ? r.cpu : r.wall);
    }
    return median(times);
  };
  const base = await applyCpu(exportFile(0, 10, 1).path);
  const series = async (label, unit, steps, fileOf) => {
    log(`scaling: ${label} ${steps.join(', ')} ...\n`);
    const rows = [];
    for (const n of steps) {
      const t = await applyCpu(fileOf(n));
      rows.push({ n, cpu: t, net: Math.max(0, t - base) });
    }
    return rows.map((r, k) => {
      const prev = rows[k - 1];
      const step = prev ? r.net / r.n / (prev.net / prev.n) : null;
      const judged = prev ? prev.net >= 0.1 : false;
      return { ...r, perUnit: r.net / r.n, step, judged, ok: judged ? step <= TARGET.linear : null, unit };
    });
  };
  const hat = await series('HAT of', 'member', HAT_STEPS, (n) => exportFile(0, n, 1).path);
  const listeners = await series('listeners', 'listener', LISTENER_STEPS, (n) => exportFile(0, 200, n).path);
  console.log(
    `scaling: apply, whole process, CPU time (median of ${R}) less ${base.toFixed(2)} s (apply on a tiny export: start-up); per-step growth of the cost per unit (1 = linear)`,
  );
  for (const [title, rows] of [
    ['HAT members', hat],
    ['listeners (HATs of 200 members)', listeners],
  ]) {
    console.log(`  ${title}:`);
    for (const r of rows)
      console.log(
        `    ${String(r.n).padStart(7)}  ${r.cpu.toFixed(2).padStart(7)} s  net ${r.net.toFixed(2).padStart(6)} s  ${((r.perUnit || 0) * 1e6).toFixed(1).padStart(9)} us/${r.unit}${r.step === null ? '' : `  step x${r.step.toFixed(2)} ${r.judged ? `(<= ${TARGET.linear}: ${verdict(r.ok)})` : '(too small to judge)'}`}`,
      );
    const judged = rows.filter((r) => r.judged);
    check(
      `${title}: linear`,
      judged.length ? Math.max(...judged.map((r) => r.step)) : Number.NaN,
      `steps <= ${TARGET.linear}`,
      judged.length ? judged.every((r) => r.ok) : null,
    );
  }
  result.scaling = { base, hat, listeners };
}

// ---- 3. batch --------------------------------------------------------------------------------
if (!flag('--no-batch')) {
  const cores = availableParallelism();
  // N: the default (one job per CPU), or 4 on a machine of 2 CPUs or fewer (more jobs than cores).
  const N = cores > 2 ? cores : 4;
  const { rows, machine: split } = await runBatch({
    node,
    cli,
    benchDir: dir,
    files: BATCH_FILES,
    mb: BATCH_MB,
    runs: BATCH_RUNS,
    jobs: [1, 2, N],
    log,
  });
  console.log(
    `batch: apply over ${BATCH_FILES} exports of ~${BATCH_MB} MB --out-dir, whole process, median of ${BATCH_RUNS} paired rounds; speed-up: median of wall(1 job) / wall(J jobs) per round`,
  );
  for (const r of rows)
    console.log(
      `  --jobs ${String(r.jobs).padEnd(3)} ${r.wall.toFixed(2).padStart(7)} s wall ${r.cpu.toFixed(2).padStart(7)} s cpu ${mib(r.rss).padStart(6)} MiB peak  speed-up x${r.speedup.toFixed(2)}${r.jobs === 2 ? `  (target >= ${TARGET.batch2}x: ${verdict(r.speedup >= TARGET.batch2)})` : ''}`,
    );
  console.log(
    `  two processes of --jobs 1, half the files each, at once: ${split.wall.toFixed(2)} s wall, speed-up x${split.speedup.toFixed(2)} (what this machine gives any two-way split: the ceiling of --jobs 2)`,
  );
  const two = rows.find((r) => r.jobs === 2);
  check('batch: 2 jobs / 1 job speed-up', two.speedup, `>= ${TARGET.batch2}x`, two.speedup >= TARGET.batch2);
  result.batch = { files: BATCH_FILES, mb: BATCH_MB, runs: BATCH_RUNS, rows, twoProcesses: split };
}

const loadAfter = loadavg()[0];
console.log(`load average ${loadBefore.toFixed(1)} at the start, ${loadAfter.toFixed(1)} at the end (${cpus().length} cores)`);
const missed = result.checks.filter((c) => c.ok !== true);
console.log(
  `targets: ${result.checks.length - missed.length} of ${result.checks.length} met${missed.length ? `; not met: ${missed.map((c) => c.name).join('; ')}` : ''}`,
);

if (flag('--markdown')) {
  const s = result.single;
  const lines = [
    `${result.date.slice(0, 10)}, ${machine}, median of ${RUNS} paired rounds (npm run bench):`,
    '',
    '| measure | figure | target | |',
    '|---|---:|---:|---|',
  ];
  if (s) {
    const r = s.ratios;
    const cell = (k) => `${x(r[k].xmllint)} xmllint, ${x(r[k].floor)} floor`;
    lines.push(
      `| apply, ${mb(s.input.bytes)} MB export (wall) | ${cell('apply')} | <= ${TARGET.apply}x xmllint | ${verdict(result.checks[0].ok)} |`,
    );
    lines.push(`| apply peak memory / file size | ${x(s.rss)} | <= ${TARGET.rss}x | ${verdict(result.checks[1].ok)} |`);
    lines.push(`| plan | ${cell('plan')} | | |`);
    lines.push(`| diff of two exports (to both files) | ${cell('diff')} | <= ${TARGET.diff}x xmllint | ${verdict(result.checks[2].ok)} |`);
    lines.push(`| trace --cres | ${cell('trace')} | | |`);
    lines.push(`| rollback | ${cell('rollback')} | | |`);
    lines.push(`| floor (read+sha256+write) / xmllint | ${x(r.floor.xmllint)} | | |`);
  }
  if (result.scaling) {
    for (const [title, rows] of [
      ['HAT members', result.scaling.hat],
      ['listeners', result.scaling.listeners],
    ]) {
      const c = result.checks.find((k) => k.name.startsWith(title));
      lines.push(
        `| scaling, ${title} ${rows.map((r) => r.n).join(' / ')} (apply CPU less start-up) | ${rows.map((r) => `${r.net.toFixed(2)} s`).join(' / ')} | linear (steps <= ${TARGET.linear}x) | ${verdict(c.ok)} |`,
      );
    }
  }
  if (result.batch) {
    const b = result.batch;
    lines.push(
      `| batch, ${b.files} x ${b.mb} MB, --jobs ${b.rows.map((r) => r.jobs).join(' / ')} | ${b.rows.map((r) => `${r.wall.toFixed(1)} s (x${r.speedup.toFixed(2)})`).join(' / ')}; two separate processes x${b.twoProcesses.speedup.toFixed(2)} | 2 jobs >= ${TARGET.batch2}x | ${verdict(b.rows[1].speedup >= TARGET.batch2)} |`,
    );
  }
  console.log();
  console.log(lines.join('\n'));
}
if (flag('--json')) console.log(JSON.stringify(result));
if (flag('--check') && missed.length) process.exit(1);
