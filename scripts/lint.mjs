#!/usr/bin/env node
// npm run lint: the formatter check (Biome, configured in biome.json; `npm run format` writes) and
// the layer rules of src/ (scripts/check-deps.mjs). Checks only, never writes. Closes with
// "lint: N passed, N failed" (one per check), which .ci/run adds to the test counts.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkDeps } from './check-deps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const results = [];

console.log('== format (biome format; `npm run format` fixes)');
const biome = spawnSync(
  process.execPath,
  [join(root, 'node_modules', '@biomejs', 'biome', 'bin', 'biome'), 'format', '--reporter=summary', '.'],
  {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  },
);
process.stdout.write(biome.stdout ?? '');
process.stdout.write(biome.stderr ?? '');
if (biome.error) console.log(`biome did not run: ${biome.error.message}`);
results.push(biome.status === 0);

console.log('== dependency rules (scripts/check-deps.mjs)');
const problems = checkDeps(root);
for (const p of problems) console.log(`${p.file}:${p.line}: ${p.text} [${p.rule}]`);
console.log(problems.length ? `${problems.length} violation(s)` : 'ok');
results.push(problems.length === 0);

const failed = results.filter((ok) => !ok).length;
console.log(`lint: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
