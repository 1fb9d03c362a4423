/**
 * A fresh clone is enough: no test or test script reads outside the repository (the workspace's
 * shared folder beside the project is not in a user's clone) or calls a system program that npm does not install in
 * place of an oracle (test/oracles/).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT } from '../helpers.js';

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'fixtures') yield* files(p);
    } else if (/\.(ts|mts|mjs|js)$/.test(name)) yield p;
  }
}

const THIS = relative(ROOT, new URL(import.meta.url).pathname);
// The benchmark compares our speed with the xmllint binary on purpose; it is not a test.
const BENCH = /^scripts\/bench/;
const OUTSIDE: [RegExp, string] = [/\.\.\/shared\b|['"]\.\.['"],\s*['"]shared['"]|\/work\//, 'a path outside the repository'];
// The oracles themselves may name the programs they stand for.
const PROGRAMS: [RegExp, string][] = [
  [/['"`]xmllint\b/, 'the xmllint binary (use test/oracles/libxml2.ts)'],
  [/\/usr\/bin\/chromium|['"`]chromium['"`]\s*[,\]]/, 'a system Chromium (use test/oracles/browser.ts)'],
  [/['"`]patch['"`]\s*,\s*\[/, 'GNU patch called directly (use test/oracles/diff-tools.ts)'],
];
const RULES = [OUTSIDE, ...PROGRAMS];

test('self-contained: tests and scripts read nothing outside the repository and use the npm oracles', () => {
  const found: string[] = [];
  for (const file of [...files(join(ROOT, 'test')), ...files(join(ROOT, 'scripts'))]) {
    const rel = relative(ROOT, file);
    if (rel === THIS || BENCH.test(rel)) continue;
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, k) => {
        for (const [re, what] of rel.startsWith('test/oracles/') ? [OUTSIDE] : RULES)
          if (re.test(line)) found.push(`${rel}:${k + 1}: ${what}`);
      });
  }
  assert.equal(found, []);
});

test('self-contained: the rules see what they are for', () => {
  const hits = (line: string) => RULES.filter(([re]) => re.test(line)).map(([, what]) => what);
  assert.equal(hits("export const CORPUS = join(ROOT, '..', 'shared', 'corpus');").length, 1);
  // Built from pieces, so that this file does not itself hold what it looks for.
  assert.equal(hits(`  standalone: '..${'/'}shared${'/'}corpus/esa-standalone.xml',`).length, 1);
  assert.equal(hits("spawnSync('xmllint', ['--noout', p])").length, 1);
  assert.equal(hits(`const CHROMIUM = '/usr/bin${'/'}chromium';`).length, 1);
  assert.equal(hits("const run = spawnSync('patch', ['-p1', '-i', diff]);").length, 1);
  assert.equal(hits("import { chromium } from 'playwright-core';"), []);
});

test.run();
