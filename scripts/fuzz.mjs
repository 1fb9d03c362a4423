#!/usr/bin/env node
// npm run fuzz: the fuzzer of test/stress/fuzz-core.ts for longer, with any seed.
//
//   node --import tsx scripts/fuzz.mjs [--count N] [--seed S]
//
// Defaults: 5000 cases, a seed from the clock (printed, so a run can be repeated). Each case
// mutates a sample or a corpus export and runs apply, then plan and rollback on the output,
// holding laws F1-F6 (see fuzz-core.ts). A case that breaks one is saved, with what it broke,
// to .bench/fuzz-findings/ (ignored by git). Exits 1 when any law broke.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const k = args.indexOf(name);
  return k >= 0 && args[k + 1] !== undefined ? Number(args[k + 1]) : fallback;
};
const count = option('--count', 5000);
const seed = option('--seed', Date.now() % 2 ** 31);
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(seed)) {
  console.error('usage: node --import tsx scripts/fuzz.mjs [--count N] [--seed S]');
  process.exit(1);
}

let core;
let helpers;
try {
  core = await import('../test/stress/fuzz-core.ts');
  helpers = await import('../test/stress/helpers.ts');
} catch (e) {
  console.error(`fuzz: cannot load the fuzzer (${e.message}); run it with tsx: node --import tsx scripts/fuzz.mjs`);
  process.exit(1);
}

const findings = join(root, '.bench', 'fuzz-findings');
console.log(`fuzz: ${count} cases, seed ${seed} (repeat with --seed ${seed})`);
const t0 = Date.now();
let done = 0;
const scope = helpers.tempScope();
const work = scope.tmp();
const result = await core.fuzz(work, seed, count, (c, r) => {
  done++;
  if (r.violations.length) {
    mkdirSync(findings, { recursive: true });
    const base = join(findings, `seed${seed}-case${c.id}`);
    writeFileSync(`${base}.xml`, c.text, 'latin1');
    writeFileSync(`${base}.txt`, `source: ${c.source}\nmutations: ${c.mutations.join(' + ')}\n\n${r.violations.join('\n\n')}\n`);
    console.log(`  case ${c.id} (${c.source}, ${c.mutations.join(' + ')}): ${r.violations.map((v) => v.split('\n')[0]).join('; ')}`);
  }
  if (done % 500 === 0) console.log(`  ${done}/${count} cases, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
});
const bad = await helpers.notWellFormed(result.outputs.map((o) => o.path));
for (const p of bad) {
  const c = result.outputs.find((o) => o.path === p).c;
  mkdirSync(findings, { recursive: true });
  writeFileSync(join(findings, `seed${seed}-case${c.id}.xml`), c.text, 'latin1');
  writeFileSync(
    join(findings, `seed${seed}-case${c.id}.txt`),
    `source: ${c.source}\nmutations: ${c.mutations.join(' + ')}\n\nF4 the output is not well-formed (libxml2)\n`,
  );
  console.log(`  case ${c.id} (${c.source}, ${c.mutations.join(' + ')}): F4 the output is not well-formed`);
}
scope.cleanup();
const broken = result.failures.length + bad.length;
console.log(
  `fuzz: ${count} cases in ${((Date.now() - t0) / 1000).toFixed(0)} s; exit codes ${JSON.stringify(result.codes)}; ${result.outputs.length} outputs checked well-formed, compliant and reversible; ${broken} case(s) broke a law${broken ? ` (saved in ${findings})` : ''}`,
);
process.exit(broken ? 1 : 0);
