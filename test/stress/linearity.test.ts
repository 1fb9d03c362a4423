/**
 * Cost grows linearly: with the file, the sender group, the number of groups, policies and
 * listeners, the diff's edits and a batch's inputs. Each case measures the work at size n and
 * 4n and checks the cost per unit does not grow by LIMIT or more: linear work keeps it near 1,
 * a quadratic step multiplies it by 4. The cost is CPU time of this process (process.cpuUsage:
 * what other programs on a loaded machine take is not counted), the median of several samples
 * after a warm-up; a case over the limit is measured once more and fails only when it is over
 * again (a quadratic step is over every time, a burst of load rarely twice).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateExport } from '../../scripts/bench/generate.mjs';
import { readHat } from '../../src/hat/model.js';
import { patch as planExport } from '../patch/run.js';
import { recipe as cresRecipe } from '../patch/run.js';
import { unifiedDiff } from '../../src/patch/unified-diff.js';
import { scanXml } from '../../src/xml/scan.js';
import type { TextEdit } from '../../src/esa/edits.js';
import { CORPUS, esa, tempScope } from './helpers.js';

const { tmp, cleanup } = tempScope();

const recipe = cresRecipe();
/** Growth of the cost per unit from n to 4n that fails: linear is ~1, quadratic ~4. */
const LIMIT = 2.5;
/** Samples per size; the median is kept. */
const SAMPLES = 3;
/** CPU milliseconds one sample of the small size takes at least (short runs are repeated). */
const MIN_SAMPLE_MS = 20;

/** CPU milliseconds (user + system) of this process while `fn` runs. */
async function cpuMs(fn: () => unknown | Promise<unknown>): Promise<number> {
  const before = process.cpuUsage();
  await fn();
  const d = process.cpuUsage(before);
  return (d.user + d.system) / 1000;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** The growth of the cost per unit from `small` (size n) to `large` (size 4n). */
async function growthOf<T>(
  small: T,
  large: T,
  run: (x: T) => unknown | Promise<unknown>,
): Promise<{ a: number; b: number; growth: number }> {
  const repeat = (x: T, times: number) => async () => {
    for (let k = 0; k < times; k++) await run(x);
  };
  // Warm-up (the JIT, caches), which also says how often a short run is repeated per sample.
  const once = Math.max(await cpuMs(repeat(small, 1)), await cpuMs(repeat(small, 1)), 0.01);
  const times = Math.max(1, Math.ceil(MIN_SAMPLE_MS / once));
  await cpuMs(repeat(large, 1));
  const as: number[] = [];
  const bs: number[] = [];
  // Interleaved, so a stretch of load weighs on both sizes alike.
  for (let k = 0; k < SAMPLES; k++) {
    as.push((await cpuMs(repeat(small, times))) / times);
    bs.push((await cpuMs(repeat(large, times))) / times);
  }
  const a = median(as);
  const b = median(bs);
  return { a, b, growth: b / 4 / a };
}

/** Measures `run` at n and 4n; fails when the cost per unit grows by LIMIT or more, twice. */
async function linear<T>(what: string, n: number, make: (n: number) => T, run: (x: T) => unknown | Promise<unknown>): Promise<void> {
  const small = make(n);
  const large = make(4 * n);
  let m = await growthOf(small, large, run);
  if (m.growth >= LIMIT) m = await growthOf(small, large, run);
  assert.ok(
    m.growth < LIMIT,
    `${what}: ${m.a.toFixed(1)} ms CPU at ${n}, ${m.b.toFixed(1)} ms CPU at ${4 * n}: the cost per unit grew ${m.growth.toFixed(2)}x`,
  );
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
  await linear(
    'scan',
    3_000_000,
    (n) => generated(n, 200),
    (t) => scanXml(t),
  );
  await linear(
    'plan',
    3_000_000,
    (n) => generated(n, 200),
    (t) => planExport(t, { recipe }),
  );
});

test('linear in the sender group: 5,000 and 20,000 members', async () => {
  await linear(
    'plan',
    5000,
    (n) => generated(0, n),
    (t) => planExport(t, { recipe }),
  );
});

test('linear in the number of groups and of policies: 3,000 and 12,000', async () => {
  const groups = (n: number) =>
    `$ACCEPTED\n    ACCEPT {}\n\n${Array.from({ length: n }, (_, k) => `G${k}:\n    10.${(k >> 8) & 255}.${k & 255}.0/24\n    $ACCEPTED\n`).join('\n')}\nALL\n    $ACCEPTED\n`;
  const policies = (n: number) =>
    `${Array.from({ length: n }, (_, k) => `$P${k}\n    ACCEPT {\n        tls = "off"\n    }\n`).join('')}G:\n    10.0.0.1\n    $P0\nALL\n    $P0\n`;
  await linear('parse groups', 3000, groups, (t) => readHat(t));
  await linear('parse policies', 3000, policies, (t) => readHat(t));
  await linear(
    'plan groups',
    3000,
    (n) => withHat(groups(n)),
    (t) => planExport(t, { recipe }),
  );
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
  const edits = (n: number): TextEdit[] =>
    Array.from({ length: n }, (_, k) => ({ offset: ends[Math.floor((k * ends.length) / n)]!, delete: '', insert: ' changed' }));
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
