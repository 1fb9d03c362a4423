/**
 * An output set is whole or absent: a failure injected at every step of a commit leaves the
 * old set (or, once committed, the new one). (A process killed at every step: write-kill.test.ts,
 * a system test.)
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commitOutputSet, recoverOutputs } from '../../../src/cli/fs/index.js';
import { Refused } from '../../../src/findings.js';
import { leftovers, tempScope } from './helpers.js';
import { BEFORE_COMMITTED, STEPS, oldSetIn, set, state } from './output-set.js';

const { tmp, cleanup } = tempScope();

const withOld = () => oldSetIn(tmp());

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

test.after(cleanup);
test.run();
