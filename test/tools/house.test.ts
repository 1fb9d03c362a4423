/**
 * House rules of the repository (issue 14): no source file under src/ is over 450 lines, so each
 * stays one cohesive module a reviewer can read at once. Split a file that grows past it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT } from '../helpers.js';

const MAX_LINES = 450;

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else yield p;
  }
}

/** Lines as `wc -l` counts them, plus a last line without its newline. */
function lineCount(text: string): number {
  if (text === '') return 0;
  const n = text.split('\n').length;
  return text.endsWith('\n') ? n - 1 : n;
}

test('lineCount counts lines as wc -l does, and a last line without a newline', () => {
  assert.is(lineCount(''), 0);
  assert.is(lineCount('a\n'), 1);
  assert.is(lineCount('a\nb'), 2);
  assert.is(lineCount('a\n\nb\n'), 3);
  assert.is(lineCount('\n'.repeat(451)), 451);
});

test(`no file under src/ has more than ${MAX_LINES} lines`, () => {
  const all = [...files(join(ROOT, 'src'))];
  assert.ok(
    all.some((f) => relative(ROOT, f) === join('src', 'index.ts')),
    'src/index.ts not found: the walk is wrong',
  );
  const over = all
    .map((f) => ({ file: relative(ROOT, f), lines: lineCount(readFileSync(f, 'latin1')) }))
    .filter((f) => f.lines > MAX_LINES)
    .map((f) => `${f.file}: ${f.lines} lines`);
  assert.equal(over, [], `split these files into cohesive modules of at most ${MAX_LINES} lines:\n${over.join('\n')}`);
});

/** The runtime names an `export { … } from` list gives (`type X` entries are types only). */
export function runtimeExports(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/export\s+(type\s+)?\{([^}]*)\}/g)) {
    if (m[1]) continue;
    for (const item of m[2]!
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean))
      if (!item.startsWith('type ')) out.push(item.split(/\s+as\s+/).pop()!);
  }
  return out;
}

test('runtimeExports reads export lists', () => {
  assert.equal(runtimeExports("export { a, type B, c as d } from './x.js';\nexport type { E } from './y.js';"), ['a', 'd']);
});

test('the library entry is curated (issue 21): no export *, nothing of the CLI, a few dozen runtime names, each once', () => {
  const index = readFileSync(join(ROOT, 'src', 'index.ts'), 'utf8');
  assert.not.match(index, /export\s*\*/, 'src/index.ts re-exports a whole module');
  assert.not.match(index, /from '\.\/cli\//, 'src/index.ts exports the CLI');
  const names = runtimeExports(index);
  assert.ok(names.length >= 20 && names.length <= 60, `${names.length} runtime names`);
  assert.is(new Set(names).size, names.length, 'a name exported twice');
});

test.run();
