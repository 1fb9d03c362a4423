#!/usr/bin/env node
// npm run bench:check: times `esa-patch check` as a whole process (wall time, median of several
// runs) on exports whose HAT has N members, against the same command on a HAT of 20 members
// (start-up and reading: the reference run), and shows how the rest grows with N: size x10 ->
// time x~10 (the analysis sweeps sorted intervals; pairwise comparison would be x100). Then a
// fleet: 200 exports with --jobs 1 and with the default.
//
//   node scripts/bench-check.mjs [--runs N] [--members N] [--fleet N] [--json]
//
// The HATs are generated (deterministic): groups of 100 members, /32s, ranges, CIDRs that
// cover some earlier members, host names and partial domains, an SBRS REJECT group, ALL;
// about 5% of the members are shadowed, so the findings are not empty.
import { mkdirSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure, median } from './bench/measure.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const k = args.indexOf(name);
  return k >= 0 && args[k + 1] !== undefined ? Number(args[k + 1]) : fallback;
};
const RUNS = option('--runs', 5);
const MEMBERS = option('--members', 20_000);
const FLEET = option('--fleet', 200);
const json = args.includes('--json');
if (!existsSync(join(root, 'dist/cli/main.js'))) {
  console.error('bench: dist/ is missing: run `npm run build` first (npm run bench:check does)');
  process.exit(1);
}
const dir = join(root, '.bench', 'check');
mkdirSync(dir, { recursive: true });

/** A deterministic PRNG (mulberry32). */
function prng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A HAT of about `members` members. */
function hat(members, seed = 1) {
  const rnd = prng(seed);
  const r = (n) => Math.floor(rnd() * n);
  let out = '$ACCEPTED\n    ACCEPT\n$TRUSTED\n    ACCEPT {\n        tls = "required"\n    }\n$BLOCKED\n    REJECT\n';
  const groups = Math.max(1, Math.round(members / 100));
  for (let g = 0; g < groups; g++) {
    out += `G${g}:\n`;
    for (let k = 0; k < 100; k++) {
      const kind = r(20);
      const a = `${10 + r(100)}.${r(256)}.${r(256)}`;
      if (kind === 0) out += `    ${a}.0/24\n`;
      else if (kind === 1) out += `    ${a}.${r(100)}-${100 + r(100)}\n`;
      else if (kind === 2) out += `    host${r(5000)}.d${r(500)}.example\n`;
      else if (kind === 3) out += `    .d${r(2000)}.example\n`;
      else out += `    ${a}.${r(256)}\n`;
    }
    out += `    ${['$ACCEPTED', '$TRUSTED', '$BLOCKED'][g % 3]}\n`;
    if (g === Math.floor(groups / 2)) out += 'BLACKLIST:\n    sbrs[-10.0:-3.0]\n    $BLOCKED\n';
  }
  return `${out}ALL\n    $ACCEPTED\n`;
}

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
function exportText(h, host = 'bench.example.net') {
  return `<?xml version="1.0" encoding="ISO-8859-1"?>\n<!--\n  Product: Cisco C395 Email Security Appliance\n  Version: 14.0.2-020\n  Serial Number: BENCH\n-->\n<config>\n  <hostname>${host}</hostname>\n  <listeners>\n    <listener>\n      <listener_name>InboundMail</listener_name>\n      <type>public</type>\n      <hat_default_tls>off</hat_default_tls>\n      <hat>${esc(h)}</hat>\n    </listener>\n  </listeners>\n</config>\n`;
}

function file(name, text) {
  const p = join(dir, name);
  if (!existsSync(p)) writeFileSync(p, text, 'latin1');
  return p;
}

const bin = join(root, 'bin', 'esa-patch.js');
async function time(argv) {
  const walls = [];
  let last;
  for (let k = 0; k < RUNS; k++) {
    last = await measure(process.execPath, [bin, 'check', ...argv], { cwd: root });
    if (last.status !== 0 && last.status !== 1) throw new Error(`esa-patch check ${argv.join(' ')}: exit ${last.status}\n${last.stderr}`);
    walls.push(last.wall);
  }
  return { wall: median(walls), rss: last.rss, out: last.stdout };
}

const sizes = [20, MEMBERS, MEMBERS * 10];
const rows = [];
for (const n of sizes) {
  const p = file(`hat-${n}.xml`, exportText(hat(n)));
  const t = await time([p, '--quiet']);
  const summary = /(\d+) errors?, (\d+) warnings?, (\d+) notes?/.exec(t.out);
  rows.push({ members: n, wall: t.wall, rss: t.rss, findings: summary ? summary.slice(1).map(Number) : null });
}
// The analysis alone, in this process, on the HAT already read: what "well under a second" is about.
const { readExport } = await import('../dist/esa/export.js');
const { checkHat } = await import('../dist/check/hat-check.js');
const { readFileSync } = await import('node:fs');
for (const r of rows) {
  const model = readExport(readFileSync(join(dir, `hat-${r.members}.xml`), 'latin1')).export.listeners[0].hat.model;
  const times = [];
  for (let k = 0; k < RUNS; k++) {
    const t0 = process.hrtime.bigint();
    checkHat(model, { listener: 'InboundMail', type: 'public', defaults: {} });
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  r.analysis = median(times);
}
const ref = rows[0].wall;
const net = rows.map((r) => Math.max(0.001, r.wall - ref));
const ratio = net[2] / net[1];

const fleetDir = join(dir, `fleet-${FLEET}`);
mkdirSync(fleetDir, { recursive: true });
for (let k = 0; k < FLEET; k++)
  file(join(`fleet-${FLEET}`, `esa${String(k).padStart(3, '0')}.xml`), exportText(hat(500, k + 7), `esa${k}.example.net`));
const one = await time([fleetDir, '--quiet', '--rules', 'cres', '--jobs', '1']);
const dflt = await time([fleetDir, '--quiet', '--rules', 'cres']);

const result = {
  runs: RUNS,
  hat: rows.map((r, k) => ({ ...r, netOfReference: k ? net[k] : 0 })),
  scaling: { sizeRatio: 10, timeRatio: ratio, analysisRatio: rows[2].analysis / rows[1].analysis },
  fleet: { exports: FLEET, jobs1: one.wall, default: dflt.wall, speedup: one.wall / dflt.wall },
};
if (json) console.log(JSON.stringify(result, null, 2));
else {
  console.log(`esa-patch check, whole process, median of ${RUNS} runs`);
  for (const [k, r] of rows.entries())
    console.log(
      `  HAT of ${String(r.members).padStart(7)} members: ${r.wall.toFixed(3)} s${k ? ` (${net[k].toFixed(3)} s beyond the 20-member reference)` : ' (reference)'}, peak ${(r.rss / 1048576).toFixed(0)} MiB, findings e/w/n ${r.findings?.join('/') ?? '?'}`,
    );
  console.log(`  members x10 (${sizes[1]} -> ${sizes[2]}): time beyond the reference x${ratio.toFixed(1)} (linear: ~10, pairwise: ~100)`);
  for (const r of rows)
    console.log(`  analysis alone (in process, HAT already read), ${r.members} members: ${(r.analysis * 1000).toFixed(0)} ms`);
  console.log(`  analysis x${(rows[2].analysis / rows[1].analysis).toFixed(1)} for members x10`);
  console.log(
    `  fleet of ${FLEET} exports (500 members each, --rules cres): --jobs 1 ${one.wall.toFixed(2)} s, default ${dflt.wall.toFixed(2)} s (x${(one.wall / dflt.wall).toFixed(2)})`,
  );
}
