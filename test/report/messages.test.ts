/** Findings carry code and args; prose is made in one place, and --json carries all three. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { recordingIo } from '../../src/cli/io.js';
import { messageOf, withMessage } from '../../src/report/messages.js';
import { ROOT } from '../helpers.js';
import { patch, recipe } from '../patch/run.js';

const FIXTURES = join(ROOT, 'test', 'fixtures');
const names = readdirSync(FIXTURES).filter((f) => f.endsWith('.xml'));

test('every finding of every fixture has args and a message made from them', () => {
  let seen = 0;
  for (const name of names) {
    const r = patch(readFileSync(join(FIXTURES, name), 'latin1'), { recipe: recipe() });
    for (const f of r.findings) {
      seen++;
      assert.ok(f.args && typeof f.args === 'object', `${name}: ${f.code} has args`);
      const m = messageOf(f);
      assert.ok(m.length > 10 && !/undefined|\[object Object\]/.test(m), `${name}: ${f.code}: ${m}`);
      assert.equal(withMessage(f), { ...f, message: m });
    }
  }
  assert.ok(seen > 30, `${seen} findings`);
});

test('plan --json: each finding carries code, args and message', async () => {
  const io = recordingIo(ROOT);
  const code = await main(['plan', '--json', join(FIXTURES, 'tls-unknown.xml')], io);
  assert.is(code, 3);
  const doc = JSON.parse(io.stdout);
  const f = doc.files[0].findings.find((x: { code: string }) => x.code === 'tls-unknown');
  assert.equal(f.args, { listener: 'IncomingMail', policy: 'CRES_TLS', value: 'mandatory', target: 'required' });
  assert.ok(typeof f.message === 'string' && f.message.includes('mandatory'));
  assert.is(f.listenerPath, 'config/listeners/listener');
});

test('a bad --sender: exit 1 naming the value', async () => {
  const io = recordingIo(ROOT);
  const code = await main(['plan', '--json', join(FIXTURES, 'fresh.xml'), '--sender', 'postmaster@res.cisco.com'], io);
  assert.is(code, 1);
  const f = JSON.parse(io.stdout).files[0].findings.find((x: { code: string }) => x.code === 'sender-invalid');
  assert.equal(f.args, { value: 'postmaster@res.cisco.com', reason: 'email-address' });
});

test.run();
