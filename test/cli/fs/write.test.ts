/**
 * An output set is whole or absent: a failure injected at every step of a commit leaves the
 * old set (or, once committed, the new one), and a process killed at every step leaves a
 * journal from which the next run puts back the complete old set or finishes the new one,
 * never a mix.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commitOutputSet, recoverOutputs } from '../../../src/cli/fs/index.js';
import { Refused } from '../../../src/findings.js';
import { HERE, leftovers, run, tempScope } from './helpers.js';

const { tmp, cleanup } = tempScope();

const STEPS = ['temp:0', 'temp:1', 'journal', 'backup:0', 'backup:1', 'place:0', 'place:1', 'committed', 'drop:0', 'drop:1', 'done'];
const BEFORE_COMMITTED = new Set(STEPS.slice(0, STEPS.indexOf('committed')));

const set = (dir: string) => [
  { path: join(dir, 'gw.xml'), content: 'new xml' },
  { path: join(dir, 'gw.diff'), content: 'new diff' },
];

function withOld(): string {
  const dir = tmp();
  writeFileSync(join(dir, 'gw.xml'), 'old xml');
  writeFileSync(join(dir, 'gw.diff'), 'old diff');
  return dir;
}

/** 'old', 'new', 'none', or 'mixed: …' for the set in `dir`. */
function state(dir: string): string {
  const read = (n: string) => (existsSync(join(dir, n)) ? readFileSync(join(dir, n), 'latin1') : null);
  const xml = read('gw.xml');
  const diff = read('gw.diff');
  if (xml === 'old xml' && diff === 'old diff') return 'old';
  if (xml === 'new xml' && diff === 'new diff') return 'new';
  if (xml === null && diff === null) return 'none';
  return `mixed: ${xml} / ${diff}`;
}

function failure(fn: () => void): { code: string; args?: Record<string, unknown> } | null {
  try {
    fn();
    return null;
  } catch (e) {
    if (e instanceof Refused) return e.finding as { code: string; args: Record<string, unknown> };
    throw e;
  }
}

test('a commit writes the set, and refuses an existing file without force', () => {
  const dir = tmp();
  assert.equal(commitOutputSet(set(dir)).recovered, []);
  assert.is(state(dir), 'new');
  assert.equal(leftovers(dir), []);
  writeFileSync(join(dir, 'gw.diff'), 'old diff');
  assert.is(failure(() => commitOutputSet(set(dir)))?.code, 'output-exists');
  assert.is(readFileSync(join(dir, 'gw.diff'), 'latin1'), 'old diff');
  assert.equal(leftovers(dir), []);
});

test('a set already holding this content is kept as it is; a missing file is written; pieces and `same` are honoured', () => {
  const dir = tmp();
  commitOutputSet(set(dir));
  const ino = (n: string) => statSync(join(dir, n)).ino;
  const before = [ino('gw.xml'), ino('gw.diff')];
  const again = commitOutputSet(set(dir));
  assert.equal(again.kept, [join(dir, 'gw.xml'), join(dir, 'gw.diff')]);
  assert.equal([ino('gw.xml'), ino('gw.diff')], before, 'not replaced');
  // Content in pieces is compared as the bytes it makes.
  assert.is(commitOutputSet([{ path: join(dir, 'gw.xml'), content: ['new', ' ', 'xml'] }]).kept.length, 1);
  assert.is(failure(() => commitOutputSet([{ path: join(dir, 'gw.xml'), content: ['new', ' ', 'xmL'] }]))?.code, 'output-exists');
  unlinkSync(join(dir, 'gw.diff'));
  assert.equal(commitOutputSet(set(dir)).kept, [join(dir, 'gw.xml')]);
  assert.is(state(dir), 'new');
  // A comparison by meaning: other bytes judged the same are kept; without it they are refused.
  writeFileSync(join(dir, 'gw.diff'), 'NEW DIFF');
  const byMeaning = commitOutputSet([{ path: join(dir, 'gw.diff'), content: 'new diff', same: (old) => old.toLowerCase() === 'new diff' }]);
  assert.is(byMeaning.kept.length, 1);
  assert.is(readFileSync(join(dir, 'gw.diff'), 'latin1'), 'NEW DIFF');
  assert.is(failure(() => commitOutputSet(set(dir)))?.code, 'output-exists');
  // A link at the name is never "the same", whatever it points to.
  const link = tmp();
  writeFileSync(join(link, 'target'), 'new xml');
  symlinkSync(join(link, 'target'), join(link, 'gw.xml'));
  assert.is(failure(() => commitOutputSet([{ path: join(link, 'gw.xml'), content: 'new xml' }]))?.code, 'output-exists');
  assert.equal(leftovers(dir), []);
});

test('a failure injected at every step (--force over an old set): the old set, whole, or the new one once committed', () => {
  for (const at of STEPS) {
    const dir = withOld();
    const err = failure(() =>
      commitOutputSet(set(dir), {
        force: true,
        step: (name) => {
          if (name === at) throw Object.assign(new Error('injected'), { code: 'EIO' });
        },
      }),
    );
    if (BEFORE_COMMITTED.has(at)) {
      assert.is(err?.code, 'write-failed', at);
      assert.is(state(dir), 'old', at);
      assert.equal(leftovers(dir), [], `${at}: nothing left behind`);
      assert.is(err!.args?.['left'], at.startsWith('temp:') ? 'nothing-written' : 'unchanged', `${at}: says what was left`);
    } else {
      assert.is(err, null, at);
      assert.is(state(dir), 'new', at);
      recoverOutputs(set(dir).map((f) => f.path));
      assert.equal(leftovers(dir), [], `${at}: the next run tidies`);
    }
  }
});

test('a failure injected at every step of a new set (no --force): no file, or the whole new set once committed', () => {
  for (const at of STEPS.filter((x) => !x.startsWith('backup:'))) {
    const dir = tmp();
    const err = failure(() =>
      commitOutputSet(set(dir), {
        step: (name) => {
          if (name === at) throw Object.assign(new Error('injected'), { code: 'EIO' });
        },
      }),
    );
    assert.is(err?.code, BEFORE_COMMITTED.has(at) ? 'write-failed' : undefined, at);
    assert.is(state(dir), BEFORE_COMMITTED.has(at) ? 'none' : 'new', at);
    assert.equal(leftovers(dir), [], at);
  }
});

test('a failed rename of the second file: the first is put back; the error says the old set is unchanged', () => {
  const dir = withOld();
  const err = failure(() =>
    commitOutputSet(set(dir), {
      force: true,
      step: (name) => {
        // The second temporary file disappears: its rename fails with ENOENT.
        if (name === 'place:0')
          for (const n of readdirSync(dir)) if (n.startsWith('.gw.diff.') && n.endsWith('.tmp')) unlinkSync(join(dir, n));
      },
    }),
  );
  assert.is(err?.code, 'write-failed');
  assert.match(String(err!.args?.['reason']), /^ENOENT/);
  assert.is(err!.args?.['left'], 'unchanged');
  assert.is(state(dir), 'old');
  assert.equal(leftovers(dir), []);
});

test('a process killed at every step: the next run restores the old set, or finishes the new one', async () => {
  const scenarios: { at: string; force: boolean }[] = [
    ...STEPS.map((at) => ({ at, force: true })),
    ...['temp:1', 'journal', 'place:0', 'place:1', 'committed'].map((at) => ({ at, force: false })),
  ];
  const child = join(HERE, 'commit-child.mjs');
  // Two at a time: the machine is shared.
  for (let k = 0; k < scenarios.length; k += 2) {
    await Promise.all(
      scenarios.slice(k, k + 2).map(async ({ at, force }) => {
        const dir = force ? withOld() : tmp();
        const r = await run([child, dir, force ? 'force' : ''], { env: { ESA_PATCH_FS_TEST_HOOK: `kill@${at}` } });
        assert.is(r.signal, 'SIGKILL', `${at}: killed (${r.err})`);
        const recovered = recoverOutputs(
          set(dir).map((f) => f.path),
          5_000,
        );
        const want = BEFORE_COMMITTED.has(at) ? (force ? 'old' : 'none') : 'new';
        assert.is(state(dir), want, `killed at ${at}${force ? ' (--force)' : ''}`);
        assert.equal(leftovers(dir), [], `${at}: no journal, lock, backup or temporary file left`);
        // A set that replaces nothing commits by removing its journal.
        const journaled = force ? !['temp:0', 'temp:1', 'done'].includes(at) : ['journal', 'place:0', 'place:1'].includes(at);
        assert.is(recovered.length, journaled ? 1 : 0, `${at}: recovered by journal`);
        if (journaled) assert.is(recovered[0]!.outcome, want === 'new' ? 'new-set' : 'old-set', at);
      }),
    );
  }
});

test('the next commit of the same outputs recovers first, and reports it', async () => {
  const dir = withOld();
  const r = await run([join(HERE, 'commit-child.mjs'), dir, 'force'], { env: { ESA_PATCH_FS_TEST_HOOK: 'kill@place:0' } });
  assert.is(r.signal, 'SIGKILL');
  assert.is(state(dir), `mixed: new xml / old diff`, 'the kill left a mix');
  const again = commitOutputSet(
    [
      { path: join(dir, 'gw.xml'), content: 'third xml' },
      { path: join(dir, 'gw.diff'), content: 'third diff' },
    ],
    { force: true, lockWaitMs: 5_000 },
  );
  assert.equal(
    again.recovered.map((x) => x.outcome),
    ['old-set'],
  );
  assert.is(readFileSync(join(dir, 'gw.xml'), 'latin1'), 'third xml');
  assert.equal(leftovers(dir), []);
});

test.after(cleanup);
test.run();
