#!/usr/bin/env node
// npm run bench: times `esa-patch apply` on a large generated export, as a whole process
// (wall time and peak memory, median of several runs), against `xmllint --noout` on the same
// file (libxml2's parse alone: the best C parser) and against a plain read-and-write of the
// file in Node (the floor). Then checks that cost grows linearly with the file and the HAT.
//
//   node scripts/bench.mjs [--runs N] [--bytes N] [--members N] [--no-scaling] [--check] [--json]
//
// Targets on the 60 MB export: apply within 1.5x the wall time of xmllint --noout, and a peak
// memory under 4x the file's size; `diff` of the export and a drifted copy of it (a policy
// parameter changed in two listeners, another clock) within 2x the wall time of apply.
// --check exits 1 when one is missed.
// Generated files are cached in .bench/ (deterministic: same options, same bytes).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateExport, GENERATOR_VERSION } from './bench/generate.mjs';
import { measure, median, RSS_METHOD } from './bench/measure.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => {
  const k = args.indexOf(name);
  return k >= 0 && args[k + 1] !== undefined ? Number(args[k + 1]) : fallback;
};
const RUNS = option('--runs', 7);
const BYTES = option('--bytes', 60_000_000);
const MEMBERS = option('--members', 20_000);
const TARGET_WALL = 1.5;
const TARGET_RSS = 4;
const TARGET_DIFF = 2;

const fail = (message) => {
  console.error(`bench: ${message}`);
  process.exit(1);
};

if (!existsSync(join(root, 'dist/cli/main.js'))) fail('dist/ is missing: run `npm run build` first (npm run bench does)');
if (spawnSync('xmllint', ['--version']).status !== 0) fail('xmllint is not installed: `apt-get install libxml2-utils` (Debian/Ubuntu)');

const dir = join(root, '.bench');
mkdirSync(dir, { recursive: true });

/** The cached export for these options, generated on first use. */
function exportFile(bytes, members) {
  const path = join(dir, `export-${bytes}-${members}-v${GENERATOR_VERSION}.xml`);
  if (!existsSync(path) || !existsSync(`${path}.json`)) {
    process.stderr.write(`generating ${path} ...\n`);
    const stats = generateExport(path, { bytes, members });
    writeFileSync(`${path}.json`, JSON.stringify(stats, null, 2) + '\n');
  }
  return { path, stats: JSON.parse(readFileSync(`${path}.json`, 'utf8')) };
}

const mb = (bytes) => (bytes / 1e6).toFixed(1);
const mib = (bytes) => (bytes / 1048576).toFixed(1);
const node = process.execPath;
const cli = join(root, 'bin/esa-patch.js');
const work = join(dir, 'run');

const { path: input, stats } = exportFile(BYTES, MEMBERS);
const size = statSync(input).size;
const floorScript =
  'const fs=require("fs");const [i,o]=process.argv.slice(1);' +
  'const b=fs.readFileSync(i);const fd=fs.openSync(o,"w");fs.writeSync(fd,b);fs.fsyncSync(fd);fs.closeSync(fd);';

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

const tools = {
  xmllint: () => measure('xmllint', ['--noout', input]),
  floor: () => measure(node, ['-e', floorScript, input, join(work, 'floor.xml')]),
  apply: () => measure(node, [cli, 'apply', input, '-o', join(work, 'out.xml')]),
  diff: () => measure(node, [cli, 'diff', input, drifted]),
  // The HAT analyses and the built-in cres rules (exit 1 when a rule breaks, as it does on an unpatched export).
  check: () => measure(node, [cli, 'check', input, '--rules', 'cres', '--quiet']),
};
/** Exit statuses of a successful run: diff says "different" (2); check 0 or 1 (a finding reached --fail-on). */
const OK_STATUS = { diff: [2], check: [0, 1] };

function fresh() {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
}

const samples = { xmllint: [], floor: [], apply: [], diff: [], check: [] };
process.stderr.write(`running ${RUNS} rounds (plus one warm-up) of xmllint, the floor, apply, diff and check, interleaved ...\n`);
for (let round = 0; round <= RUNS; round++) {
  for (const [name, run] of Object.entries(tools)) {
    fresh();
    const r = await run();
    if (!(OK_STATUS[name] ?? [0]).includes(r.status)) fail(`${name} exited ${r.status}:\n${r.stderr.slice(-2000)}`);
    if (round > 0) samples[name].push(r);
  }
}

// The last apply's output must be well-formed (an independent parser says so), and exactly
// what plan says is compliant.
fresh();
const last = await tools.apply();
const wellFormed = spawnSync('xmllint', ['--noout', join(work, 'out.xml')]).status === 0;
const replan = spawnSync(node, [cli, 'plan', join(work, 'out.xml')], { encoding: 'latin1' }).status === 0;
const outSize = statSync(join(work, 'out.xml')).size;
rmSync(work, { recursive: true, force: true });
if (last.status !== 0 || !wellFormed || !replan)
  fail(`the patched export is not right: apply exit ${last.status}, well-formed ${wellFormed}, re-plans compliant ${replan}`);

const fig = Object.fromEntries(
  Object.entries(samples).map(([k, v]) => [
    k,
    { wall: median(v.map((r) => r.wall)), rss: median(v.map((r) => r.rss)), walls: v.map((r) => r.wall) },
  ]),
);
const wallRatio = fig.apply.wall / fig.xmllint.wall;
const rssRatio = fig.apply.rss / size;
const diffRatio = fig.diff.wall / fig.apply.wall;
const xmllintVersion = /libxml version (\d+)/.exec(spawnSync('xmllint', ['--version'], { encoding: 'utf8' }).stderr)?.[1] ?? '?';
const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, ${mib(totalmem() / 1024)} GiB RAM, ${type()} ${release()}, Node ${process.version}, libxml2 ${xmllintVersion}`;

const line = (label, f) =>
  `  ${label.padEnd(28)} ${f.wall.toFixed(3).padStart(7)} s ${mib(f.rss).padStart(9)} MiB   (runs: ${f.walls.map((w) => w.toFixed(2)).join(' ')})`;
console.log(`esa-patch benchmark (${new Date().toISOString().slice(0, 10)})`);
console.log(`machine: ${machine}`);
console.log(
  `input:   ${input.slice(root.length)}: ${mb(size)} MB (${size} bytes), ${stats.elements} elements, ${stats.outsideListeners} of them outside the listeners; a HAT with a sender group of ${stats.members} members`,
);
console.log(`output:  ${mb(outSize)} MB, well-formed (xmllint), plan on it: nothing to do`);
console.log(`median of ${RUNS} runs, whole process; peak memory by ${RSS_METHOD}`);
console.log(`  ${''.padEnd(28)} ${'wall'.padStart(9)} ${'peak RSS'.padStart(13)}`);
console.log(line('xmllint --noout', fig.xmllint));
console.log(line('node read + write (floor)', fig.floor));
console.log(line('esa-patch apply', fig.apply));
console.log(line('esa-patch diff (2 exports)', fig.diff));
console.log(line('esa-patch check --rules cres', fig.check));
const verdict = (ok) => (ok ? 'met' : 'MISSED');
console.log(`ratios:`);
console.log(
  `  apply / xmllint wall time      ${wallRatio.toFixed(2)}x   (target <= ${TARGET_WALL}x: ${verdict(wallRatio <= TARGET_WALL)})`,
);
console.log(`  apply peak memory / file size  ${rssRatio.toFixed(2)}x   (target < ${TARGET_RSS}x: ${verdict(rssRatio < TARGET_RSS)})`);
console.log(`  apply / floor wall time        ${(fig.apply.wall / fig.floor.wall).toFixed(2)}x`);
console.log(
  `  diff of two / apply of one     ${diffRatio.toFixed(2)}x   (target <= ${TARGET_DIFF}x: ${verdict(diffRatio <= TARGET_DIFF)})`,
);
console.log(
  `  check / apply wall time        ${(fig.check.wall / fig.apply.wall).toFixed(2)}x   (the HAT analyses and --rules cres; scaling: npm run bench:check)`,
);
console.log(`  xmllint peak memory / file     ${(fig.xmllint.rss / size).toFixed(2)}x`);

const result = {
  machine,
  input: { bytes: size, ...stats },
  runs: RUNS,
  figures: fig,
  ratios: { wall: wallRatio, rss: rssRatio, diff: diffRatio, check: fig.check.wall / fig.apply.wall },
};

if (!flag('--no-scaling')) {
  // Linear growth: the same core on a quarter, half and the whole file, and on HATs of a
  // quarter, the whole and four times the sender group (the rest of the file small).
  const sizes = [BYTES / 4, BYTES / 2, BYTES].map((b) => exportFile(Math.round(b), MEMBERS).path);
  const hats = [MEMBERS / 4, MEMBERS, MEMBERS * 4].map((m) => exportFile(0, Math.round(m)).path);
  const run = (files) => {
    const r = spawnSync(node, [join(root, 'scripts/bench/scaling.mjs'), ...files], { encoding: 'utf8' });
    if (r.status !== 0) fail(`scaling run failed:\n${r.stderr}`);
    return r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
  };
  const bySize = run(sizes);
  const byHat = run(hats);
  console.log('scaling (in process: read, plan with its checks, diff, artefact; median of 3):');
  for (const r of bySize)
    console.log(
      `  file ${mb(r.bytes).padStart(5)} MB            ${r.ms.toFixed(0).padStart(6)} ms   ${(r.ms / (r.bytes / 1e6)).toFixed(2)} ms/MB`,
    );
  for (const r of byHat)
    console.log(
      `  HAT group ${String(r.members).padStart(6)} members  ${r.ms.toFixed(0).padStart(6)} ms   ${((r.ms * 1000) / r.members).toFixed(1)} us/member`,
    );
  const growth = (a, b, unitA, unitB) => b.ms / a.ms / (unitB / unitA);
  const fileGrowth = growth(bySize[0], bySize[2], bySize[0].bytes, bySize[2].bytes);
  const hatGrowth = growth(byHat[0], byHat[2], byHat[0].members, byHat[2].members);
  console.log(
    `  cost per unit, largest / smallest: file ${fileGrowth.toFixed(2)}, HAT ${hatGrowth.toFixed(2)} (1 is linear; a quadratic step shows as about 4)`,
  );
  result.scaling = { bySize, byHat, fileGrowth, hatGrowth };
}

if (flag('--json')) console.log(JSON.stringify(result));
if (flag('--check') && !(wallRatio <= TARGET_WALL && rssRatio < TARGET_RSS && diffRatio <= TARGET_DIFF)) process.exit(1);
