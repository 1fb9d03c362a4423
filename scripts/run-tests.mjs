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
// appliances); SYSTEM below says which files are system tests. The files of a tier run on --jobs
// test processes at once (default: one per CPU, scripts/test-worker.mjs), the costliest first by
// their measured CPU time (test/timings.json, written by --measure), each process taking the next
// file when it is free: both cores are busy to the end and the modules load once per process.
// --measure runs each file in its own uvu process, one at a time, and records its CPU time.
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
  /^html(-layout)?\.test\.ts$/,
  /^cli\/(fleet|fleet-sums|fleet-groups|trace-fleet|recipe-fleet|diff-html|readme|package)\.test\.ts$/,
  /^cli\/fs\/(signals|recovery-cli|lock|rerun|write-kill)\.test\.ts$/,
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

/** A file's expected cost: its measured CPU seconds, or a guess from its size. */
const weigher = (timings) => (f) => timings[f] ?? Math.max(0.5, statSync(join(TEST, f)).size / 4000);

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * CPU seconds (user + system) of the child processes this process has reaped, with their own
 * reaped children: on Linux from /proc/self/stat (cutime + cstime, in clock ticks of 1/100 s),
 * elsewhere null. With one process at a time the difference across it is that process's CPU time,
 * which, unlike its wall time, other work on the machine does not inflate.
 */
function childCpu() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of proc(5) (cutime, cstime) are 13 and 14 after the command name.
    return (Number(f[13]) + Number(f[14])) / 100;
  } catch {
    return null;
  }
}

/** Runs one uvu process on `files`; resolves with its output, exit status and counts. */
function runChunk(files, skipLog) {
  const pattern = `^(?:${files.map(escape).join('|')})$`;
  return new Promise((resolve) => {
    const started = Date.now();
    const cpu0 = childCpu();
    const child = spawn(process.execPath, ['--import', 'tsx', 'node_modules/uvu/bin.js', 'test', pattern], {
      cwd: ROOT,
      env: { ...process.env, FORCE_COLOR: '0', ESA_PATCH_SKIP_LOG: skipLog },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (status) => {
      const { total, passed } = counts(out);
      const cpu1 = childCpu();
      const cpu = cpu0 === null || cpu1 === null ? null : cpu1 - cpu0;
      const crashed = status !== 0 && total === passed ? [...files] : [];
      resolve({ files, out, status, total, passed, crashed, seconds: (Date.now() - started) / 1000, cpu });
    });
  });
}

/** Adds up the summary blocks uvu printed (one per file in a test process, one per uvu run). */
function counts(out) {
  const sum = (re) => [...out.matchAll(re)].reduce((n, m) => n + Number(m[1]), 0);
  return { total: sum(/^\s*Total:\s+(\d+)/gm), passed: sum(/^\s*Passed:\s+(\d+)/gm) };
}

/**
 * Runs `files` on `jobs` test processes (scripts/test-worker.mjs), the costliest first, each
 * process taking the next file when it is free: the cores stay busy to the end, and the modules
 * the files share load once per process. A process that dies during a file counts that file as
 * crashed, and a new one takes the files left.
 */
async function runQueue(files, jobs, weight, skipLog) {
  const queue = [...files].sort((a, b) => weight(b) - weight(a) || a.localeCompare(b));
  const one = () =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join('scripts', 'test-worker.mjs')], {
        cwd: ROOT,
        env: { ...process.env, FORCE_COLOR: '0', ESA_PATCH_SKIP_LOG: skipLog },
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      });
      let out = '';
      let current = null;
      const ran = [];
      const crashed = [];
      const cpu = {};
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      // A send to a process that has just died: its close says what happened.
      child.on('error', () => {});
      child.on('message', (m) => {
        if (m.crashed) crashed.push(m.done);
        if (m.done) cpu[m.done] = m.cpu;
        if (!m.ready && m.done !== current) return;
        current = queue.shift() ?? null;
        if (current !== null) ran.push(current);
        child.send({ file: current });
      });
      child.on('close', (status, signal) => {
        if (current !== null) {
          crashed.push(current);
          out += `\n${current}: the test process ended during this file (exit ${status ?? signal})\n`;
        }
        resolve({ files: ran, out, status: status ?? 1, crashed, fileCpu: cpu, ...counts(out) });
      });
    });
  const results = [];
  await Promise.all(
    Array.from({ length: Math.min(jobs, files.length) }, async () => {
      while (queue.length) results.push(await one());
    }),
  );
  return results;
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
const cpuStarted = childCpu();

let results;
if (o.measure) {
  // One file a process, one at a time: each file's own CPU time (its wall time where the CPU time
  // cannot be read), for ordering the files. CPU time, because the machine may be busy.
  results = await pool(
    files.map((f) => [f]),
    1,
    (c) => runChunk(c, skipLog),
  );
  const timings = readTimings();
  for (const r of results) timings[r.files[0]] = Math.round((r.cpu ?? r.seconds) * 10) / 10;
  for (const r of [...results].sort((a, b) => (b.cpu ?? b.seconds) - (a.cpu ?? a.seconds)))
    console.log(
      `measured: ${(r.cpu ?? NaN).toFixed(1).padStart(6)} s CPU ${r.seconds.toFixed(1).padStart(6)} s wall ${String(r.total).padStart(4)} tests  ${r.files[0]}`,
    );
  writeFileSync(TIMINGS, `${JSON.stringify(Object.fromEntries(Object.entries(timings).sort()), null, 2)}\n`);
} else {
  results = await runQueue(files, o.jobs, weigher(readTimings()), skipLog);
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
// A file that crashed or did not load counts once; so does a process that failed without a failing test.
const crashedFiles = results.flatMap((r) => r.crashed);
const unexplained = results.filter((r) => r.status !== 0 && r.total === r.passed && r.crashed.length === 0);
const failed = t - p + crashedFiles.length + unexplained.length;
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
if (crashedFiles.length) console.log(`\ntest files that crashed or did not load: ${crashedFiles.join(', ')}`);
for (const r of unexplained) console.log(`\na test process failed without a failing test: ${r.files.join(', ')}`);
// What each file cost in its test process (the first file of a process also loads the shared modules).
const fileCpu = Object.entries(Object.assign({}, ...results.map((r) => r.fileCpu ?? {}))).sort((a, b) => b[1] - a[1]);
if (fileCpu.length > 1)
  console.log(
    `\ncostliest files (CPU s): ${fileCpu
      .slice(0, 10)
      .map(([f, s]) => `${f} ${s.toFixed(1)}`)
      .join(', ')}`,
  );
const wall = ((Date.now() - started) / 1000).toFixed(1);
const cpuEnded = childCpu();
const cpu = cpuStarted === null || cpuEnded === null ? '' : `, ${(cpuEnded - cpuStarted).toFixed(1)} s CPU`;
console.log(`\n${o.tier} tier: ${files.length} files in ${results.length} processes on ${o.measure ? 1 : o.jobs} cores, ${wall} s${cpu}`);
if (t === 0) {
  console.log('no test ran: treating as a failure');
  console.log('0 passed, 1 failed, 0 skipped');
  process.exit(1);
}
// A skipped test returned early, so uvu counted it as passed.
console.log(`${p - skips.length} passed, ${failed} failed, ${skips.length} skipped`);
process.exit(failed === 0 ? 0 : 1);
