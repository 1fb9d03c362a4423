/**
 * Fuzzing in `npm test`: a fixed seed and a bounded count (`npm run fuzz` runs longer, with
 * any seed). Laws F1-F6 are listed in fuzz-core.ts.
 */
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fuzz, fuzzCases, MUTATIONS } from './fuzz-core.js';
import { tempScope } from './helpers.js';
import { libxml2, libxml2Error } from '../oracles/libxml2.js';
import { oracleTest } from '../oracles/oracle.js';

const { tmp, cleanup } = tempScope();

const SEED = 118539;
const COUNT = Number(process.env['ESA_FUZZ_COUNT'] ?? 300);
let run: Awaited<ReturnType<typeof fuzz>> | undefined;

test('fuzz: the cases cover every mutation, and the same seed gives the same cases', () => {
  const names = new Set([...fuzzCases(SEED, COUNT)].flatMap((c) => c.mutations));
  assert.equal([...names].sort(), MUTATIONS.map((m) => m.name).sort());
  const a = [...fuzzCases(7, 5)].map((c) => c.text);
  const b = [...fuzzCases(7, 5)].map((c) => c.text);
  assert.equal(a, b);
});

test(`fuzz: ${COUNT} mutated exports: no crash, failures are findings with a code, nothing written on failure; outputs well-formed, compliant, reversible`, async () => {
  const root = tmp();
  run = await fuzz(root, SEED, COUNT);
  const { codes, failures } = run;
  const report = failures
    .slice(0, 5)
    .map((f) => `case ${f.c.id} (${f.c.source}, ${f.c.mutations.join(' + ')}):\n  ${f.violations.join('\n  ')}`);
  assert.is(failures.length, 0, `laws broken:\n${report.join('\n')}`);
  // Both kinds of outcome must be exercised, or the laws above say little.
  assert.ok((codes[0] ?? 0) >= COUNT / 10, `too few outputs written: ${JSON.stringify(codes)}`);
  assert.ok((codes[1] ?? 0) >= COUNT / 4, `too few errors: ${JSON.stringify(codes)}`);
});

oracleTest('fuzz: F4 every output of the fuzz run is well-formed for libxml2', libxml2, (lib) => {
  assert.ok(run !== undefined && run.outputs.length > 0, 'the fuzz run wrote outputs');
  const bad = run.outputs.filter((o) => libxml2Error(lib, readFileSync(o.path)) !== null);
  assert.equal(
    bad.map(({ c }) => `case ${c.id} (${c.source}, ${c.mutations.join(' + ')})`),
    [],
    'F4: outputs libxml2 rejects',
  );
});

test.after(cleanup);

test.run();
