/**
 * Cost grows linearly: with the file, the sender group, the number of groups, policies and
 * listeners, the diff's edits and a batch's inputs. Each case times the work at size n and
 * 4n (best of three, after a warm-up) and checks the cost per unit does not grow by more
 * than half as much again as it would if it were linear: a quadratic step multiplies it by 4.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateExport } from '../../scripts/bench/generate.mjs';
import { readHat } from '../../src/hat/model.js';
import { patch as planExport } from '../patch/run.js';
import { recipe as cresRecipe } from '../patch/run.js';
import { unifiedDiff } from '../../src/report/diff.js';
import { scanXml } from '../../src/xml/scan.js';
import type { TextEdit } from '../../src/xml/edits.js';
import { CORPUS, esa, tempScope } from './helpers.js';

const { tmp, cleanup } = tempScope();

const recipe = cresRecipe();
const LIMIT = 2.5;

/** Times `make(n)` then `run` at n and 4n; fails when the cost per unit grows by LIMIT or more. */
async function linear<T>(what: string, n: number, make: (n: number) => T, run: (x: T) => unknown | Promise<unknown>): Promise<void> {
  const small = make(n);
  const large = make(4 * n);
  const time = async (x: T) => {
    let min = Infinity;
    for (let k = 0; k < 3; k++) {
      const t = process.hrtime.bigint();
      await run(x);
      min = Math.min(min, Number(process.hrtime.bigint() - t) / 1e6);
    }
    return min;
  };
  await time(small); // warm-up: the JIT, caches
  const a = await time(small);
  const b = await time(large);
  const growth = b / 4 / a;
  assert.ok(growth < LIMIT, `${what}: ${a.toFixed(1)} ms at ${n}, ${b.toFixed(1)} ms at ${4 * n}: the cost per unit grew ${growth.toFixed(2)}x`);
}

const dir = tmp();
const generated = (bytes: number, members: number) => {
  const p = join(dir, `g-${bytes}-${members}.xml`);
  generateExport(p, { bytes, members });
  return readFileSync(p, 'latin1');
};

const standalone = readFileSync(join(CORPUS, 'esa-standalone.xml'), 'latin1');
const withHat = (hat: string) => standalone.replace(/<hat>[\s\S]*?<\/hat>/, `<hat>${hat}</hat>`);

test('linear in the file: scanning and planning a 3 MB and a 12 MB export', async () => {
  await linear('scan', 3_000_000, (n) => generated(n, 200), (t) => scanXml(t));
  await linear('plan', 3_000_000, (n) => generated(n, 200), (t) => planExport(t, { recipe }));
});

test('linear in the sender group: 5,000 and 20,000 members', async () => {
  await linear('plan', 5000, (n) => generated(0, n), (t) => planExport(t, { recipe }));
});

test('linear in the number of groups and of policies: 3,000 and 12,000', async () => {
  const groups = (n: number) =>
    `$ACCEPTED\n    ACCEPT {}\n\n${Array.from({ length: n }, (_, k) => `G${k}:\n    10.${(k >> 8) & 255}.${k & 255}.0/24\n    $ACCEPTED\n`).join('\n')}\nALL\n    $ACCEPTED\n`;
  const policies = (n: number) => `${Array.from({ length: n }, (_, k) => `$P${k}\n    ACCEPT {\n        tls = "off"\n    }\n`).join('')}G:\n    10.0.0.1\n    $P0\nALL\n    $P0\n`;
  await linear('parse groups', 3000, groups, (t) => readHat(t));
  await linear('parse policies', 3000, policies, (t) => readHat(t));
  await linear('plan groups', 3000, (n) => withHat(groups(n)), (t) => planExport(t, { recipe }));
});

test('linear in the number of listeners: 150 and 600', async () => {
  const listeners = (n: number) =>
    standalone.replace(
      /<listeners>[\s\S]*<\/listeners>/,
      `<listeners>\n${Array.from({ length: n }, (_, k) => `<listener><listener_name>L${k}</listener_name><type>public</type><hat>$ACCEPTED\n    ACCEPT {}\nWHITELIST:\n    10.0.0.${k & 255}\n    $ACCEPTED\nALL\n    $ACCEPTED\n</hat></listener>`).join('\n')}\n</listeners>`,
    );
  await linear('plan', 150, listeners, (t) => planExport(t, { recipe }));
});

test('linear in the edits of a diff: 1,000 and 4,000 edits', async () => {
  const text = Array.from({ length: 40_000 }, (_, k) => `line ${k}\n`).join('');
  const ends: number[] = [];
  for (let p = text.indexOf('\n'); p !== -1; p = text.indexOf('\n', p + 1)) ends.push(p);
  const edits = (n: number): TextEdit[] => Array.from({ length: n }, (_, k) => ({ offset: ends[Math.floor((k * ends.length) / n)]!, delete: '', insert: ' changed' }));
  await linear('diff', 1000, edits, (e) => unifiedDiff(text, e, 'x.xml'));
});

test('linear in a batch: planning 15 and 60 files in one run', async () => {
  const files = (n: number) =>
    Array.from({ length: n }, (_, k) => {
      const p = join(dir, `batch-${n}-${k}.xml`);
      writeFileSync(p, standalone.replace('esa1.example.com', `esa${k}.example.com`), 'latin1');
      return p;
    });
  await linear('batch plan', 15, files, async (paths) => {
    const r = await esa(['plan', '--jobs', '1', '--json', ...paths]);
    assert.is(r.code, 2);
  });
});

test.after(cleanup);
test.run();
