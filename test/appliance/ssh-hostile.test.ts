/**
 * A hostile appliance over real SSH (control characters, 100 MB of output, never answering, a
 * wrong or unknown host key, an unknown prompt, a dropped connection) cannot hold the tool past
 * its bounds or reach a transcript raw. Without an OpenSSH client the tests are skipped visibly
 * (a failure with ESA_PATCH_REQUIRE_ORACLES=1).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIALOGUES } from '../../src/appliance/dialogue.js';
import { openSsh } from '../../src/cli/appliance/ssh.js';
import { Refused } from '../../src/findings.js';

const sshFailed = (e: unknown) => e instanceof Refused && e.finding.code === 'ssh-failed';
import { CORPUS } from '../helpers.js';
import { oracleTest } from '../oracles/oracle.js';
import { OPENSSH, targetOf, withAppliance } from './ssh-oracle.js';
import { EmulatedAppliance, PASSPHRASE } from './emulator.js';
import { otherHostKey, serveAppliance } from './server.js';

const STANDALONE = readFileSync(join(CORPUS, 'esa-standalone.xml'), 'latin1');
const T = DIALOGUES['14']!;

oracleTest("a wrong host key: no connection, nothing sent, ssh's reason given", OPENSSH, async () => {
  const app = new EmulatedAppliance(STANDALONE);
  const srv = await serveAppliance(app, { lifeMs: 20_000 });
  try {
    writeFileSync(srv.fixture.knownHosts, `[127.0.0.1]:${srv.port} ${otherHostKey()}\n`);
    const e = await openSsh(targetOf(srv), { configFile: srv.fixture.configFile }).then(
      () => null,
      (x: unknown) => x,
    );
    assert.ok(sshFailed(e), String(e));
    assert.match(((e as Refused).finding.args as { detail: string }).detail, /host key|HOST IDENTIFICATION|verification failed/i);
    assert.equal(srv.execs, []);
    // An unknown host (empty known_hosts) is refused too: never trusted on first use.
    writeFileSync(srv.fixture.knownHosts, '');
    const u = await openSsh(targetOf(srv), { configFile: srv.fixture.configFile }).then(
      () => null,
      (x: unknown) => x,
    );
    assert.ok(sshFailed(u), String(u));
    assert.equal(srv.execs, []);
  } finally {
    await srv.stop();
  }
});

oracleTest('control characters in prompts never reach the transcript raw', OPENSSH, async () => {
  const app = new EmulatedAppliance(STANDALONE);
  app.misbehave.controlChars = true;
  await withAppliance(app, { idleMs: 300 }, async (s) => {
    const r = await s.run(T.commands.saveconfig.command, T.commands.saveconfig.rules);
    assert.not.match(r.transcript, /[\x00-\x08\x0B-\x1F\x7F-\x9F\u202A-\u202E]/);
    assert.ok(r.transcript.includes('\\x1b[2J'));
    assert.ok(r.transcript.includes('\\u202e'));
  });
});

oracleTest('100 MB of output: stopped at the cap, quickly', OPENSSH, async () => {
  const app = new EmulatedAppliance(STANDALONE);
  app.misbehave.hugeOutput = 100 * 1024 * 1024;
  await withAppliance(app, { maxBytes: 1024 * 1024 }, async (s) => {
    const t0 = Date.now();
    const r = await s.run('version', []);
    assert.is(r.outcome, 'too-long');
    assert.ok(r.transcript.length <= 1024 * 1024);
    assert.ok(Date.now() - t0 < 8000, `${Date.now() - t0} ms`);
  });
});

oracleTest('an appliance that never answers: the command times out, the session still works', OPENSSH, async () => {
  const app = new EmulatedAppliance(STANDALONE);
  app.misbehave.neverAnswer = ['saveconfig'];
  await withAppliance(app, { commandTimeoutMs: 700 }, async (s) => {
    const t0 = Date.now();
    const r = await s.run('saveconfig', T.commands.saveconfig.rules);
    assert.is(r.outcome, 'timeout');
    assert.ok(Date.now() - t0 < 3000);
    assert.is((await s.run('version', [])).outcome, 'done');
  });
});

oracleTest('an unknown prompt stops the command (refusal), nothing answered blindly', OPENSSH, async () => {
  const app = new EmulatedAppliance(STANDALONE);
  app.misbehave.unknownPrompt = true;
  await withAppliance(app, { idleMs: 300 }, async (s) => {
    await s.upload(Buffer.from(STANDALONE.replace('</config>', '<!--x-->\n</config>'), 'latin1'), 'p.xml');
    const lc = T.commands.loadconfig;
    const r = await s.run(lc.command, lc.rules, { values: { file: 'p.xml' }, secret: PASSPHRASE });
    assert.is(r.outcome, 'unknown-prompt');
    assert.equal(r.answered, []);
    assert.not.ok(app.pending);
  });
});

oracleTest('a connection dropped mid-load: cut, and the next command says the session is gone', OPENSSH, async () => {
  const app = new EmulatedAppliance(STANDALONE);
  app.misbehave.dropMidLoad = true;
  await withAppliance(app, {}, async (s) => {
    await s.upload(Buffer.from(STANDALONE.replace('</config>', '<!--x-->\n</config>'), 'latin1'), 'p.xml');
    const lc = T.commands.loadconfig;
    const r = await s.run(lc.command, lc.rules, { values: { file: 'p.xml' }, secret: PASSPHRASE });
    assert.is(r.outcome, 'cut');
    assert.not.ok(app.pending);
  });
});

test.run();
