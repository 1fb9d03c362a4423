// In-process scaling check (run by scripts/bench.mjs in a fresh process): the core of apply
// (read, plan with its checks, diff, artefact) on exports of growing size and on HATs with a
// growing sender group. Prints one JSON line per measurement: linear cost keeps the time per
// MB and per member flat.
//   node scripts/bench/scaling.mjs FILE...   (each FILE with FILE.json from the generator)
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { planExport, unifiedDiff, buildArtefact, DEFAULT_RECIPE, TOOL_VERSION } = await import(`${root}/dist/index.js`);
const { readLatin1 } = await import(`${root}/dist/cli/fs/index.js`);

function once(path) {
  const t0 = process.hrtime.bigint();
  const text = readLatin1(path);
  const recipe = DEFAULT_RECIPE;
  const result = planExport(text, { recipe });
  if (result.outcome !== 'patched') throw new Error(`${path}: expected a patch, got ${result.outcome}`);
  unifiedDiff(text, result.edits, basename(path));
  buildArtefact(result, text, basename(path), `esa-patch ${TOOL_VERSION}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const files = process.argv.slice(2);
once(files[0]); // warm the JIT up, so that the first size is not charged for it
for (const f of files) {
  const stats = JSON.parse(readFileSync(`${f}.json`, 'utf8'));
  const times = [once(f), once(f), once(f)].sort((a, b) => a - b);
  process.stdout.write(JSON.stringify({ file: f, bytes: stats.bytes, members: stats.members, ms: times[1] }) + '\n');
}
