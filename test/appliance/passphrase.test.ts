/** The loadconfig passphrase: from the environment, or typed at a terminal with echo off; never otherwise. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PASSPHRASE_ENV, readPassphrase, type PassphraseTerminal } from '../../src/cli/appliance/passphrase.js';
import { Refused } from '../../src/findings.js';

const unavailable = (e: unknown) => (e instanceof Refused && e.finding.code === 'passphrase-unavailable' ? e.finding.args.reason : null);

function fakeTerminal(typed: string[], isTTY = true) {
  const listeners: ((b: Buffer) => void)[] = [];
  const log = { written: '', raw: [] as boolean[] };
  const t: PassphraseTerminal = {
    isTTY,
    setRawMode: (on) => log.raw.push(on),
    on: (_e, fn) => listeners.push(fn),
    off: (_e, fn) => listeners.splice(listeners.indexOf(fn), 1),
    resume: () => setImmediate(() => typed.forEach((c) => listeners.forEach((l) => l(Buffer.from(c))))),
    pause: () => {},
    write: (s) => {
      log.written += s;
    },
  };
  return { t, log };
}

test('the environment variable wins; a control character in it is refused', async () => {
  assert.is(await readPassphrase({ [PASSPHRASE_ENV]: 'from-env' }, null), 'from-env');
  await readPassphrase({ [PASSPHRASE_ENV]: 'a\nb' }, null).then(
    () => assert.unreachable(),
    (e: unknown) => assert.is(unavailable(e), 'bad-variable'),
  );
});

test('typed at a terminal: raw mode (no echo) on and off again, backspace, nothing echoed', async () => {
  const { t, log } = fakeTerminal(['se', 'cx\x7f', 'ret\r']);
  assert.is(await readPassphrase({}, t), 'secret');
  assert.equal(log.raw, [true, false]);
  assert.not.ok(log.written.includes('sec'));
});

test('Ctrl-C at the prompt, or no terminal and no variable: no passphrase', async () => {
  const { t, log } = fakeTerminal(['ab\x03']);
  await readPassphrase({}, t).then(
    () => assert.unreachable(),
    (e: unknown) => assert.is(unavailable(e), 'not-typed'),
  );
  assert.equal(log.raw, [true, false]);
  await readPassphrase({}, fakeTerminal([], false).t).then(
    () => assert.unreachable(),
    (e: unknown) =>
      assert.equal(
        [unavailable(e), (e as Refused).finding.args],
        ['no-terminal', { reason: 'no-terminal', variable: PASSPHRASE_ENV, max: 1024 }],
      ),
  );
});

test.run();
