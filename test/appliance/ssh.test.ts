/**
 * The system-ssh session against the emulated appliance over a real SSH server on loopback: the
 * pull end to end, one TCP connection per appliance, loadconfig and commit, a terminal, a jump
 * host, a slow appliance, the download cap (the hostile appliance: ssh-hostile.test.ts). Without
 * an OpenSSH client the tests are skipped visibly (a failure with ESA_PATCH_REQUIRE_ORACLES=1).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIALOGUES, parseResult } from '../../src/appliance/dialogue.js';
import { pullExport } from '../../src/appliance/pull.js';
import { probeUncommitted } from '../../src/appliance/probe.js';
import type { ApplianceSession } from '../../src/appliance/session.js';
import { openSsh } from '../../src/cli/appliance/ssh.js';
import { Refused } from '../../src/findings.js';

const sshFailed = (e: unknown) => e instanceof Refused && e.finding.code === 'ssh-failed';
import { CORPUS } from '../helpers.js';
import { oracleTest } from '../oracles/oracle.js';
import { OPENSSH, targetOf, withAppliance } from './ssh-oracle.js';
import { EmulatedAppliance, PASSPHRASE } from './emulator.js';
import { serveAppliance } from './server.js';

const STANDALONE = readFileSync(join(CORPUS, 'esa-standalone.xml'), 'latin1');
const T = DIALOGUES['14']!;

oracleTest('pull over SSH: version, saveconfig, scp -O; one TCP connection for everything', OPENSSH, async () => {
  const app = new EmulatedAppliance(STANDALONE);
  await withAppliance(app, {}, async (s, srv) => {
    const r = await pullExport(s);
    assert.ok(r.ok, JSON.stringify(r.findings));
    if (!r.ok) return;
    assert.is(Buffer.from(r.pulled.bytes).toString('latin1'), app.files.get(r.pulled.remoteName));
    await s.upload(Buffer.from('upload\n'), 'up.txt');
    assert.is(app.files.get('up.txt'), 'upload\n');
    assert.is(srv.connections, 1);
    assert.equal(srv.execs.slice(0, 2), ['version', 'saveconfig']);
    assert.match(srv.execs[2]!, /^scp .*-f .*\/configuration\/C300V-/);
    assert.match(srv.execs[3]!, /^scp .*-t .*\/configuration\/up\.txt$/);
  });
});

oracleTest('loadconfig and commit over SSH: the passphrase answered on stdin, never in the transcript', OPENSSH, async () => {
  const app = new EmulatedAppliance(STANDALONE);
  await withAppliance(app, {}, async (s) => {
    const patched = app.exportText(false).replace('</config>', '<!-- patched -->\n</config>');
    await s.upload(Buffer.from(patched, 'latin1'), 'p.xml');
    const lc = T.commands.loadconfig;
    const r = await s.run(lc.command, lc.rules, { values: { file: 'p.xml' }, secret: PASSPHRASE });
    assert.is(r.outcome, 'done', r.transcript);
    const res = parseResult(r.transcript, T.results.loadconfig);
    assert.ok(res.ok && res.outcome === 'loaded', r.transcript);
    assert.not.ok(r.transcript.includes(PASSPHRASE));
    const c = await s.run(T.commands.commit.command, T.commands.commit.rules, { values: { comment: 'esa-patch sha256 0123' } });
    assert.ok(parseResult(c.transcript, T.results.commit).ok, c.transcript);
    assert.is(app.commits.at(-1)!.comment, 'esa-patch sha256 0123');
    assert.is(app.committed, patched);
  });
});

oracleTest('with a terminal (-tt) the dialogue reads the same, and the echoed passphrase is redacted', OPENSSH, async () => {
  const app = new EmulatedAppliance(STANDALONE);
  await withAppliance(app, { tty: true }, async (s) => {
    const r = await pullExport(s);
    assert.ok(r.ok, JSON.stringify(r.findings));
    await s.upload(Buffer.from(app.exportText(false).replace('</config>', '<!--x-->\n</config>'), 'latin1'), 'p.xml');
    const lc = T.commands.loadconfig;
    const l = await s.run(lc.command, lc.rules, { values: { file: 'p.xml' }, secret: PASSPHRASE });
    assert.not.ok(l.transcript.includes(PASSPHRASE));
    assert.not.ok(l.transcript.includes('\r'));
    assert.ok(parseResult(l.transcript, T.results.loadconfig).ok, l.transcript);
  });
});

oracleTest('a CLI that keeps the exec session open at its prompt: the command ends there, not at a time-out', OPENSSH, async () => {
  const app = new EmulatedAppliance(STANDALONE);
  app.misbehave.trailingPrompt = true;
  await withAppliance(app, { idleMs: 5000, commandTimeoutMs: 8000 }, async (s) => {
    const t0 = Date.now();
    const r = await pullExport(s);
    assert.ok(r.ok, JSON.stringify(r.findings));
    assert.ok(Date.now() - t0 < 4000, `${Date.now() - t0} ms`);
  });
});

oracleTest('the uncommitted-changes probe over SSH: nothing answered, nothing loaded, the session still usable', OPENSSH, async () => {
  const app = new EmulatedAppliance(STANDALONE);
  await withAppliance(app, {}, async (s) => {
    const clean = await probeUncommitted(s, T);
    assert.ok(clean.ok && !clean.pending, JSON.stringify(clean));
    app.pendingChange();
    const before = app.candidate;
    const dirty = await probeUncommitted(s, T);
    assert.ok(dirty.ok && dirty.pending, JSON.stringify(dirty));
    assert.is(app.candidate, before);
    assert.is((await s.run('version', [])).outcome, 'done');
  });
});

oracleTest('a comment with a line end is refused before it is typed; the session still works', OPENSSH, async () => {
  const app = new EmulatedAppliance(STANDALONE);
  app.pendingChange();
  await withAppliance(app, {}, async (s) => {
    const c = T.commands.commit;
    const e = await s.run(c.command, c.rules, { values: { comment: 'ok\nY' } }).then(
      () => null,
      (x: unknown) => x,
    );
    assert.match((e as Error).message, /line end/);
    assert.equal(app.commits, []);
    assert.is((await s.run('version', [])).outcome, 'done');
  });
});

oracleTest('a slow appliance is waited for, within the time-out', OPENSSH, async () => {
  const app = new EmulatedAppliance(STANDALONE);
  app.misbehave.slowMs = 400;
  await withAppliance(app, { idleMs: 1500 }, async (s) => {
    const r = await pullExport(s);
    assert.ok(r.ok, JSON.stringify(r.findings));
  });
});

oracleTest('a file past the download cap is refused', OPENSSH, async () => {
  const app = new EmulatedAppliance(STANDALONE);
  await withAppliance(app, {}, async (s) => {
    app.files.set('big.xml', 'x'.repeat(200_000));
    const e = await s.download('big.xml', 100_000).then(
      () => null,
      (x: unknown) => x,
    );
    assert.ok(sshFailed(e), String(e));
    const m = await s.download('missing.xml', 100).then(
      () => null,
      (x: unknown) => x,
    );
    assert.ok(sshFailed(m), String(m));
  });
});

oracleTest('through a jump host: the hop gets the same strict options; one connection to each', OPENSSH, async () => {
  const app = new EmulatedAppliance(STANDALONE);
  const jumpApp = new EmulatedAppliance(STANDALONE);
  const srv = await serveAppliance(app, { lifeMs: 20_000 });
  const jump = await serveAppliance(jumpApp, { lifeMs: 20_000, forward: true });
  let s: ApplianceSession | null = null;
  try {
    const known = readFileSync(srv.fixture.knownHosts, 'utf8') + readFileSync(jump.fixture.knownHosts, 'utf8');
    writeFileSync(srv.fixture.knownHosts, known);
    const target = targetOf(srv);
    target.ssh!.jump = `hop@127.0.0.1:${jump.port}`;
    s = await openSsh(target, { configFile: srv.fixture.configFile });
    const r = await pullExport(s);
    assert.ok(r.ok, JSON.stringify(r.findings));
    assert.equal(jump.execs, [`forward 127.0.0.1:${srv.port}`]);
    assert.equal([jump.connections, srv.connections], [1, 1]);
    // The hop's host key is checked as strictly: unknown to known_hosts, no connection.
    await s.close();
    s = null;
    writeFileSync(srv.fixture.knownHosts, readFileSync(srv.fixture.knownHosts, 'utf8').split('\n')[0]! + '\n');
    const e = await openSsh(target, { configFile: srv.fixture.configFile }).then(
      () => null,
      (x: unknown) => x,
    );
    assert.ok(sshFailed(e), String(e));
    assert.is(jump.execs.length, 1);
  } finally {
    await s?.close();
    await Promise.all([srv.stop(), jump.stop()]);
  }
});

test.run();
