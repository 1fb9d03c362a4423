/** Every `npx esa-patch …` example of the README runs from a fresh clone, in order, with a documented exit code. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from '../helpers.js';
import { cli } from './run.js';

/** Splits a shell line into words (single and double quotes, no expansion). */
function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

/** The `npx esa-patch` lines of the README's sh blocks, in order. */
function examples(): string[][] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks.flatMap((b) =>
    b
      .split('\n')
      .filter((l) => l.startsWith('npx esa-patch '))
      .map((l) => words(l).slice(2)),
  );
}

test('the README examples run, in order, in a copy of the repository (no path outside it)', async () => {
  const list = examples();
  assert.ok(list.length >= 10, `${list.length} examples`);
  const dir = tempDir();
  cpSync(join(ROOT, 'samples'), join(dir, 'samples'), { recursive: true });
  for (const args of list) {
    assert.not.ok(
      args.some((a) => a.startsWith('..') || a.startsWith('/')),
      `${args.join(' ')} reaches outside the clone`,
    );
    const r = await cli(args, { cwd: dir });
    assert.ok([0, 2].includes(r.code), `esa-patch ${args.join(' ')}: exit ${r.code}\n${r.err}`);
  }
  rmSync(dir, { recursive: true });
});

test('the inventory example uses the Required token', () => {
  const inventory = readFileSync(join(ROOT, 'samples', 'fleet.yaml'), 'utf8');
  assert.match(inventory, 'tlsValue: required');
  assert.not.match(readFileSync(join(ROOT, 'README.md'), 'utf8'), 'tlsValue: "on"');
});

test.run();
