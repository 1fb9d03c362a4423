/**
 * Inputs that are not regular files are refused from their type, before they are opened: a
 * FIFO in an input directory never blocks a run; a FIFO is read only as the single input.
 * And `--jobs` is capped.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expandInputs, checkInputs, jobsFor } from '../../../src/cli/fs/index.js';
import { main } from '../../../src/cli/main.js';
import { recordingIo } from '../../../src/cli/io.js';
import { cli, codeOf, run, SAMPLES, tempScope } from './helpers.js';

const { tmp, cleanup } = tempScope();

const errCode = (err: string) => /\[([a-z-]+)\]\s*$/.exec(err)?.[1];

/** `dir/in` with one export and a FIFO named `pipe.xml`. */
function withFifo(): { dir: string; fifo: string } {
  const dir = join(tmp(), 'in');
  mkdirSync(dir);
  copyFileSync(join(SAMPLES, 'multi-listener.xml'), join(dir, 'esa1.xml'));
  const fifo = join(dir, 'pipe.xml');
  execFileSync('mkfifo', [fifo]);
  return { dir, fifo };
}

test('a FIFO in an input directory: plan and inspect refuse it at once (no hang)', async () => {
  const { dir } = withFifo();
  for (const verb of ['plan', 'inspect']) {
    const r = await cli([verb, dir], { timeoutMs: 20_000 });
    assert.is(r.timedOut, false, `${verb} did not hang`);
    assert.is(r.code, 1, r.err);
    assert.is(errCode(r.err), 'input-not-regular', r.err);
  }
  assert.is(
    codeOf(() => expandInputs([dir], '/')),
    'input-not-regular',
  );
});

test('a FIFO among several named inputs is refused; as the single input it is read', async () => {
  const { dir, fifo } = withFifo();
  const r = await cli(['plan', join(dir, 'esa1.xml'), fifo], { timeoutMs: 20_000 });
  assert.is(r.timedOut, false);
  assert.is(errCode(r.err), 'input-not-regular', r.err);
  assert.is(
    codeOf(() => checkInputs([join(dir, 'esa1.xml'), fifo], '/')),
    'input-not-regular',
  );
  assert.is(
    codeOf(() => checkInputs([fifo], '/')),
    null,
  );
  // A writer feeds the pipe; the single-input run reads it to its end.
  const writer = run(
    ['-e', `require('fs').writeFileSync(${JSON.stringify(fifo)}, require('fs').readFileSync(${JSON.stringify(join(dir, 'esa1.xml'))}))`],
    { timeoutMs: 20_000 },
  );
  const single = await cli(['plan', fifo], { timeoutMs: 20_000 });
  await writer;
  assert.is(single.timedOut, false);
  assert.is(single.code, 2, single.err);
});

test('--jobs is capped at the CPU count unless --jobs-max says more', async () => {
  assert.equal(jobsFor(1000, undefined, 4), { jobs: 4, max: 4, capped: true });
  assert.equal(jobsFor(1000, 16, 4), { jobs: 16, max: 16, capped: true });
  assert.equal(jobsFor(3, undefined, 4), { jobs: 3, max: 4, capped: false });
  assert.equal(jobsFor(undefined, undefined, 4), { jobs: 4, max: 4, capped: false });
  assert.equal(jobsFor(undefined, 2, 4), { jobs: 2, max: 2, capped: false });
  const io = recordingIo();
  const code = await main(['plan', join(SAMPLES, 'multi-listener.xml'), join(SAMPLES, 'cluster.xml'), '--jobs', '1000'], io);
  assert.is(code, 2, io.stderr);
  assert.match(io.stderr, /\[jobs-capped\]/);
  const bad = recordingIo();
  assert.is(await main(['plan', join(SAMPLES, 'multi-listener.xml'), '--jobs-max', '0'], bad), 1);
});

test.after(cleanup);
test.run();
