/**
 * `esa-patch pull` refusing and failing against emulated appliances over real SSH: a masked
 * export, a prompt with control characters, a wrong host key among good ones, an interrupted run.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { cli } from '../cli/run.js';
import { CORPUS, ROOT, tempDir } from '../helpers.js';
import { oracleTest } from '../oracles/oracle.js';
import { EmulatedAppliance } from './emulator.js';
import { otherHostKey } from './server.js';
import { inventory, serve } from './fleet.js';
import { OPENSSH } from './ssh-oracle.js';

const STANDALONE = readFileSync(join(CORPUS, 'esa-standalone.xml'), 'latin1');
const MASKED = readFileSync(join(ROOT, 'test', 'fixtures', 'masked.xml'), 'latin1');

oracleTest('pull refuses a masked export (exit 3) and writes nothing', OPENSSH, async () => {
  const [srv] = await serve(new EmulatedAppliance(MASKED));
  try {
    const dir = tempDir();
    const inv = inventory(dir, [['gw', srv!]]);
    const r = await cli(['pull', '--inventory', inv, '--ssh-config', srv!.fixture.configFile], { cwd: dir });
    assert.is(r.code, 3, r.err);
    assert.match(r.err, /\[masked-secrets\]/);
    assert.not.ok(existsSync(join(dir, 'gw.xml')));
    assert.not.ok(existsSync(join(dir, 'gw.pull.json')));
  } finally {
    await srv!.stop();
  }
});

oracleTest('pull: a wrong host key fails that appliance (exit 1), nothing sent, the others still pulled', OPENSSH, async () => {
  const servers = await serve(new EmulatedAppliance(STANDALONE), new EmulatedAppliance(STANDALONE, { serial: 'S2' }));
  try {
    const dir = tempDir();
    const inv = inventory(dir, [
      ['good', servers[0]!],
      ['bad', servers[1]!],
    ]);
    const known = readFileSync(servers[0]!.fixture.knownHosts, 'utf8')
      .split('\n')
      .map((l) => (l.startsWith(`[127.0.0.1]:${servers[1]!.port} `) ? `[127.0.0.1]:${servers[1]!.port} ${otherHostKey()}` : l))
      .join('\n');
    for (const s of servers) writeFileSync(s.fixture.knownHosts, known);
    const r = await cli(['pull', '--inventory', inv, '--ssh-config', servers[0]!.fixture.configFile], { cwd: dir });
    assert.is(r.code, 1);
    assert.match(r.err, /bad: connect failed: .*\[ssh-failed\]/);
    assert.match(r.out, /1 pulled, 0 refused, 1 failed/);
    assert.equal(servers[1]!.execs, []);
    assert.ok(existsSync(join(dir, 'good.xml')));
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
});

oracleTest('SIGINT in the middle of a pull: exit 130, no ssh process and no private directory left', OPENSSH, async () => {
  const app = new EmulatedAppliance(STANDALONE);
  app.misbehave.neverAnswer = ['saveconfig'];
  const [srv] = await serve(app);
  try {
    const dir = tempDir();
    const tmp = join(dir, 'tmp');
    mkdirSync(tmp);
    const inv = inventory(dir, [['esa1', srv!]]);
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bin', 'esa-patch.js'), 'pull', '--inventory', inv, '--ssh-config', srv!.fixture.configFile],
      {
        cwd: dir,
        env: { ...process.env, TMPDIR: tmp },
        stdio: 'ignore',
      },
    );
    const code = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    for (let k = 0; k < 200 && !srv!.execs.includes('saveconfig'); k++) await new Promise((r) => setTimeout(r, 25));
    assert.ok(srv!.execs.includes('saveconfig'));
    child.kill('SIGINT');
    assert.is(await code, 130);
    assert.equal(
      readdirSync(tmp).filter((n) => n.startsWith('esa-patch-ssh-')),
      [],
    );
    const ps = spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).stdout;
    assert.not.ok(ps.includes(tmp), 'an ssh process of the interrupted run is still there');
  } finally {
    await srv!.stop();
  }
});

oracleTest(
  'pull: a prompt with control characters is an unknown prompt (exit 3); the terminal gets no control character',
  OPENSSH,
  async () => {
    const app = new EmulatedAppliance(STANDALONE);
    app.misbehave.controlChars = true;
    const [srv] = await serve(app);
    try {
      const dir = tempDir();
      const inv = inventory(dir, [['esa1', srv!]]);
      const r = await cli(['pull', '--inventory', inv, '--ssh-config', srv!.fixture.configFile, '--command-timeout', '8'], { cwd: dir });
      assert.is(r.code, 3, r.err);
      assert.match(r.err, /\[appliance-command\]/);
      assert.not.match(r.out + r.err, /[\x00-\x08\x0B-\x1F\x7F-\x9F\u202A-\u202E]/);
      // What the appliance printed is shown (it stopped a command), as visible escapes.
      assert.match(r.err, /esa1: saveconfig: unknown-prompt\n/);
      assert.ok(r.err.includes('\\x1b]52;c;'), r.err);
      assert.ok(r.err.includes('\\u202e'), r.err);
    } finally {
      await srv!.stop();
    }
  },
);

test.run();
