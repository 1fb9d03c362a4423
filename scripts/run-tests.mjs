#!/usr/bin/env node
// Runs the test files with uvu under tsx, in parallel, then prints the closing line CI reads:
// "N passed, N failed, N skipped".
//
//   node scripts/run-tests.mjs [--tier unit|system|all] [--jobs N] [--measure] [PATTERN]
//
// PATTERN (a regular expression on paths under test/, as uvu takes it) alone selects from every tier.
//
// Two tiers (issue 21): `unit` (npm test: units, laws, properties) and `system` (npm run
// test:system: fleets through worker pools, kills, Chromium, fuzzing, scaling, the emulated
// appliances); SYSTEM below says which files are system tests. The files of a tier are cut into
// chunks balanced by their measured time (test/timings.json, written by --measure) and the
// chunks run on --jobs processes at once (default: one per CPU), each chunk one uvu process, so
// both cores are busy and a file's modules load once per chunk.
//
// A test whose oracle cannot start on this machine (see test/oracles/oracle.ts) writes a skip
// record to ESA_PATCH_SKIP_LOG; it is listed here with the reason and counted as skipped, not
// passed. ESA_PATCH_REQUIRE_ORACLES=1 (.ci/run) makes such a test fail instead. uvu exits 0 when
// it finds no test, so zero tests is a failure here.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..');
const TEST = join(ROOT, 'test');
const TIMINGS = join(TEST, 'timings.json');

/** System tests: whole fleets, real processes killed, browsers, fuzzing, scaling, SSH appliances. */
export const SYSTEM = [
  /^batch\.test\.ts$/,
  /^html\.test\.ts$/,
  /^cli\/(fleet|recipe-fleet|diff-html|readme|package)\.test\.ts$/,
  /^cli\/fs\/(signals|recovery-cli|lock)\.test\.ts$/,
  /^stress\//,
  /^hat\/linear\.test\.ts$/,
  /^tools\/self-contained\.test\.ts$/,
  /^appliance\/(ssh|pull-hostile|pull-cli|pull-plan).*\.test\.ts$/,
  /^push\/(ssh-push|rollout|kill)\.test\.ts$/,
  /^check\/.*(fleet|scale|bench).*\.test\.ts$/,
];

function parseArgs(argv) {
  const o = { tier: null, jobs: availableParallelism(), measure: false, pattern: null };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    if (a === '--tier') o.tier = argv[++k];
    else if (a === '--jobs') o.jobs = Math.max(1, Number(argv[++k]) || 1);
    else if (a === '--measure') o.measure = true;
    else o.pattern = new RegExp(a);
  }
  // A PATTERN alone (as uvu takes one) selects from every tier.
  o.tier ??= o.pattern ? 'all' : 'unit';
  if (!['unit', 'system', 'all'].includes(o.tier)) throw new Error(`--tier ${o.tier}: unit, system or all`);
  return o;
}

/** Every test file (or, with a pattern, every .ts file it matches), as uvu names it (relative to test/, with /). */
function testFiles(pattern) {
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      const name = relative(TEST, p).split(sep).join('/');
      if (e.isDirectory()) walk(p);
      else if (pattern ? e.name.endsWith('.ts') && pattern.test(name) : e.name.endsWith('.test.ts')) out.push(name);
    }
  };
  walk(TEST);
  return out.sort();
}

const isSystem = (f) => SYSTEM.some((r) => r.test(f));

function readTimings() {
  try {
    return JSON.parse(readFileSync(TIMINGS, 'utf8'));
  } catch {
    return {};
  }
}

/** Cuts `files` into chunks of about equal measured time (longest first, greedy). */
function chunks(files, jobs, timings) {
  const weight = (f) => timings[f] ?? Math.max(0.5, statSync(join(TEST, f)).size / 4000);
  const total = files.reduce((n, f) => n + weight(f), 0);
  // Several chunks per process: a slow chunk does not leave the other core idle for long.
  const count = Math.min(files.length, Math.max(jobs, Math.ceil(total / 12)));
  const bins = Array.from({ length: count }, () => ({ files: [], time: 0 }));
  for (const f of [...files].sort((a, b) => weight(b) - weight(a))) {
    const bin = bins.reduce((m, b) => (b.time < m.time ? b : m));
    bin.files.push(f);
    bin.time += weight(f);
  }
  return bins.filter((b) => b.files.length).sort((a, b) => b.time - a.time);
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Runs one uvu process on `files`; resolves with its output, exit status and counts. */
function runChunk(files, skipLog) {
  const pattern = `^(?:${files.map(escape).join('|')})$`;
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', 'node_modules/uvu/bin.js', 'test', pattern], {
      cwd: ROOT,
      env: { ...process.env, FORCE_COLOR: '0', ESA_PATCH_SKIP_LOG: skipLog },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (status) => {
      const total = Number(/Total:\s+(\d+)/.exec(out)?.[1] ?? 0);
      const passed = Number(/Passed:\s+(\d+)/.exec(out)?.[1] ?? 0);
      resolve({ files, out, status, total, passed, seconds: (Date.now() - started) / 1000 });
    });
  });
}

async function pool(items, jobs, fn) {
  const results = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(jobs, items.length) }, async () => {
      while (next < items.length) {
        const k = next++;
        results[k] = await fn(items[k]);
      }
    }),
  );
  return results;
}

const o = parseArgs(process.argv.slice(2));
const files = testFiles(o.pattern).filter((f) => (o.tier === 'all' ? true : o.tier === 'system' ? isSystem(f) : !isSystem(f)));
const scratch = mkdtempSync(join(tmpdir(), 'esa-patch-run-'));
const skipLog = join(scratch, 'skips.jsonl');
const started = Date.now();

let results;
if (o.measure) {
  // One file a process, one at a time: each file's own time, for balancing the chunks.
  results = await pool(
    files.map((f) => [f]),
    1,
    (c) => runChunk(c, skipLog),
  );
  const timings = readTimings();
  for (const r of results) timings[r.files[0]] = Math.round(r.seconds * 10) / 10;
  writeFileSync(TIMINGS, `${JSON.stringify(Object.fromEntries(Object.entries(timings).sort()), null, 2)}\n`);
} else {
  results = await pool(chunks(files, o.jobs, readTimings()), o.jobs, (c) => runChunk(c.files, skipLog));
}

for (const r of results) process.stdout.write(r.out);

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

const t = results.reduce((n, r) => n + r.total, 0);
const p = results.reduce((n, r) => n + r.passed, 0);
// A chunk that failed without a failing test (a crash, a file that does not load) counts once.
const crashed = results.filter((r) => r.status !== 0 && r.total === r.passed);
const failed = t - p + crashed.length;
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
for (const r of crashed) console.log(`\na test process failed without a failing test (it crashed or did not load): ${r.files.join(', ')}`);
const wall = ((Date.now() - started) / 1000).toFixed(1);
console.log(`\n${o.tier} tier: ${files.length} files in ${results.length} processes on ${o.measure ? 1 : o.jobs} cores, ${wall} s`);
if (t === 0) {
  console.log('no test ran: treating as a failure');
  console.log('0 passed, 1 failed, 0 skipped');
  process.exit(1);
}
// A skipped test returned early, so uvu counted it as passed.
console.log(`${p - skips.length} passed, ${failed} failed, ${skips.length} skipped`);
process.exit(failed === 0 ? 0 : 1);
