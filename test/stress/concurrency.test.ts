/**
 * Concurrency and interruption, with real processes: two `apply` runs writing the same
 * output at once leave the complete, consistent set of files of one of them, never a mix; a
 * run killed in the middle of writing leaves no file under the output's name, and the next
 * run cleans up after it.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateExport } from '../../scripts/bench/generate.mjs';
import { patch as planExport } from '../patch/run.js';
import { recipe as cresRecipe } from '../patch/run.js';
import { esaChild, esaSpawn, tempScope } from './helpers.js';

const { tmp, cleanup } = tempScope();

const sha = (data: Buffer | string) =>
  createHash('sha256')
    .update(typeof data === 'string' ? Buffer.from(data, 'latin1') : data)
    .digest('hex');

/** Two different large exports (about `bytes` each) and the outputs apply must write for them. */
function pair(dir: string, bytes: number) {
  const a = join(dir, 'a.xml');
  const b = join(dir, 'b.xml');
  generateExport(a, { bytes, members: 2000, seed: 1 });
  generateExport(b, { bytes, members: 3000, seed: 2 });
  const expected = new Map<string, string>();
  for (const p of [a, b]) {
    const text = readFileSync(p, 'latin1');
    expected.set(sha(text), planExport(text, { recipe: cresRecipe() }).output);
  }
  return { a, b, expected };
}

/** The set written at `stem` is complete and one run's: xml, diff and artefact agree. */
function consistent(stem: string, expected: Map<string, string>): string {
  const xml = readFileSync(`${stem}.xml`);
  const artefact = JSON.parse(readFileSync(`${stem}.patch.json`, 'utf8')) as {
    input: { sha256: string };
    output: { sha256: string; bytes: number };
  };
  const want = expected.get(artefact.input.sha256);
  assert.ok(want !== undefined, 'the artefact names one of the two inputs');
  assert.is(xml.length, artefact.output.bytes, 'the xml is whole');
  assert.is(sha(xml), artefact.output.sha256, 'the xml is the one the artefact describes');
  assert.ok(xml.equals(Buffer.from(want!, 'latin1')), 'byte for byte the output of that input');
  const diff = readFileSync(`${stem}.diff`, 'latin1');
  assert.match(diff, /^--- a\/[ab]\.xml\n/, 'a diff');
  assert.ok(diff.includes(artefact.input.sha256 === [...expected.keys()][0] ? 'a.xml' : 'b.xml'), 'the diff is of the same input');
  return artefact.input.sha256;
}

const exited = (child: ReturnType<typeof esaSpawn>) => {
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  return new Promise<{ code: number | null; err: string }>((ok) => child.on('exit', (code) => ok({ code, err })));
};

test('two runs writing the same output at once: one complete set, never a mix (with and without --force)', async () => {
  const dir = tmp();
  const { a, b, expected } = pair(dir, 4_000_000);
  const out = join(dir, 'out', 'gw.xml');
  const winners = new Set<string>();
  for (let round = 0; round < 3; round++) {
    const [ra, rb] = await Promise.all([
      exited(esaSpawn(['apply', a, '-o', out, '--force'])),
      exited(esaSpawn(['apply', b, '-o', out, '--force'])),
    ]);
    assert.is(ra.code, 0, ra.err);
    assert.is(rb.code, 0, rb.err);
    winners.add(consistent(join(dir, 'out', 'gw'), expected));
  }
  assert.ok(winners.size >= 1);
  // Without --force, exactly one run writes; the other is refused and writes nothing.
  for (let round = 0; round < 3; round++) {
    const outDir = join(dir, `fresh${round}`);
    const results = await Promise.all([
      exited(esaSpawn(['apply', a, '-o', join(outDir, 'gw.xml')])),
      exited(esaSpawn(['apply', b, '-o', join(outDir, 'gw.xml')])),
    ]);
    const codes = results.map((r) => r.code).sort();
    assert.equal(codes, [0, 1], results.map((r) => r.err).join('\n'));
    const loser = results.find((r) => r.code === 1)!;
    assert.match(loser.err, /already exists|appeared while writing/);
    assert.match(loser.err, /\[output-exists\]/);
    consistent(join(outDir, 'gw'), expected);
    assert.equal(readdirSync(outDir).sort(), ['gw.diff', 'gw.patch.json', 'gw.xml'], 'no temporary file or lock is left');
  }
});

test('a run killed in the middle of writing leaves no output; the next run cleans up and writes it', async () => {
  const dir = tmp();
  const input = join(dir, 'big.xml');
  generateExport(input, { bytes: 40_000_000, members: 2000, seed: 3 });
  const want = planExport(readFileSync(input, 'latin1'), { recipe: cresRecipe() }).output;
  let caughtMidWrite = 0;
  for (let attempt = 0; attempt < 4 && caughtMidWrite < 1; attempt++) {
    const outDir = join(dir, `out${attempt}`);
    const child = esaSpawn(['apply', input, '-o', join(outDir, 'big.xml')]);
    const done = exited(child);
    // Kill it as soon as its temporary file appears.
    let seen: string[] = [];
    for (const until = Date.now() + 30_000; Date.now() < until && child.exitCode === null; ) {
      seen = existsSync(outDir) ? readdirSync(outDir) : [];
      if (seen.some((f) => f.endsWith('.tmp'))) {
        child.kill('SIGKILL');
        break;
      }
      await new Promise((ok) => setImmediate(ok));
    }
    await done;
    const left = readdirSync(outDir);
    const final = left.filter((f) => !f.startsWith('.') && !f.endsWith('.lock'));
    if (final.length) {
      // Too late: the run had finished. Whatever is there must be complete.
      assert.ok(readFileSync(join(outDir, 'big.xml')).equals(Buffer.from(want, 'latin1')));
      continue;
    }
    caughtMidWrite++;
    assert.ok(
      left.every((f) => f.endsWith('.tmp') || f.endsWith('.lock')),
      `only a hidden temporary file and the lock: ${left.join(', ')}`,
    );
    // The next run removes the dead run's lock and temporary file, and writes the output.
    const again = esaChild(['apply', input, '-o', join(outDir, 'big.xml')]);
    assert.is(again.status, 0, again.stderr);
    assert.equal(readdirSync(outDir).sort(), ['big.diff', 'big.patch.json', 'big.xml']);
    assert.ok(readFileSync(join(outDir, 'big.xml')).equals(Buffer.from(want, 'latin1')));
  }
  assert.ok(caughtMidWrite >= 1, 'a run was killed while writing');
});

test.after(cleanup);
test.run();
