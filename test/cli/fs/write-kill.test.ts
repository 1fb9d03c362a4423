/**
 * An output set is whole or absent when its process dies: a process killed at every step of a
 * commit leaves a journal from which the next run puts back the complete old set or finishes the
 * new one, never a mix. (Failures injected in this process: write.test.ts.)
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commitOutputSet, recoverOutputs } from '../../../src/cli/fs/index.js';
import { HERE, leftovers, run, tempScope } from './helpers.js';
import { BEFORE_COMMITTED, STEPS, oldSetIn, set, state } from './output-set.js';

const { tmp, cleanup } = tempScope();
const withOld = () => oldSetIn(tmp());

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
