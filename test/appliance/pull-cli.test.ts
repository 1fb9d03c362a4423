/**
 * `esa-patch pull` end to end against emulated appliances over real SSH (two in parallel, from an
 * inventory), --dry-run, and its checks of hostile inventories and targets (pull-hostile.test.ts:
 * hostile appliances).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSidecar } from '../../src/appliance/sidecar.js';
import { readInventory } from '../../src/cli/inventory.js';
import { Refused } from '../../src/findings.js';
import { messageOf } from '../../src/report/messages.js';
import { cli } from '../cli/run.js';
import { CORPUS, tempDir } from '../helpers.js';
import { oracleTest } from '../oracles/oracle.js';
import { EmulatedAppliance } from './emulator.js';
import { inventory, serve } from './fleet.js';
import { OPENSSH } from './ssh-oracle.js';

const STANDALONE = readFileSync(join(CORPUS, 'esa-standalone.xml'), 'latin1');

oracleTest('pull --inventory: two appliances in parallel, each NAME.xml with its sidecar', OPENSSH, async () => {
  const a = new EmulatedAppliance(STANDALONE);
  const b = new EmulatedAppliance(STANDALONE, { serial: 'SERIAL-B', hostname: 'esa2.example.com' });
  const servers = await serve(a, b);
  try {
    const dir = tempDir();
    const inv = inventory(dir, [
      ['esa1', servers[0]!],
      ['esa2', servers[1]!],
    ]);
    const r = await cli(['pull', '--inventory', inv, '--out-dir', join(dir, 'out'), '--ssh-config', servers[0]!.fixture.configFile], {
      cwd: dir,
    });
    assert.is(r.code, 0, r.err + r.out);
    assert.match(r.out, /pull: 2 appliances: 2 pulled, 0 refused, 0 failed/);
    assert.is(r.err, '');
    for (const [name, app] of [
      ['esa1', a],
      ['esa2', b],
    ] as const) {
      const xml = readFileSync(join(dir, 'out', `${name}.xml`), 'latin1');
      const s = readSidecar(readFileSync(join(dir, 'out', `${name}.pull.json`), 'utf8'));
      assert.ok('sidecar' in s, JSON.stringify(s));
      if (!('sidecar' in s)) return;
      assert.is(xml, [...app.files.values()][0]);
      assert.is(s.sidecar.sha256, createHash('sha256').update(Buffer.from(xml, 'latin1')).digest('hex'));
      assert.is(s.sidecar.serial, app.serial);
      assert.is(s.sidecar.build, '14.2.0-620');
      assert.equal(s.sidecar.cluster, { name: 'c1', level: 'cluster' });
      assert.is(s.sidecar.bytes, xml.length);
    }
    assert.equal(
      servers.map((s) => s.connections),
      [1, 1],
    );
    // Again: the files are there, nothing is sent, nothing overwritten without --force.
    const again = await cli(['pull', '--inventory', inv, '--out-dir', join(dir, 'out'), '--ssh-config', servers[0]!.fixture.configFile], {
      cwd: dir,
    });
    assert.is(again.code, 1);
    assert.match(again.err, /\[output-exists\]/);
    assert.equal(
      servers.map((s) => s.execs.length),
      [3, 3],
    );
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
});

oracleTest('pull --dry-run prints the commands and sends nothing', OPENSSH, async () => {
  const [srv] = await serve(new EmulatedAppliance(STANDALONE));
  try {
    const dir = tempDir();
    const inv = inventory(dir, [['esa1', srv!]]);
    const r = await cli(['pull', '--dry-run', '--inventory', inv], { cwd: dir });
    assert.is(r.code, 0);
    assert.is(r.err, '');
    assert.match(r.out, /esa1: {3}send: version\n/);
    assert.match(r.out, /esa1: {3}send: saveconfig\n/);
    assert.match(r.out, /BatchMode=yes .*StrictHostKeyChecking=yes/);
    assert.is(srv!.connections, 0);
  } finally {
    await srv!.stop();
  }
});

test('inventory targets: hostile hosts, users, ports and options are refused', () => {
  const dir = tempDir();
  const bad: [string, RegExp][] = [
    ['host: "-oProxyCommand=touch /tmp/x"', /"host"/],
    ['host: "esa1\\nevil"', /"host"/],
    ['host: esa1\n  port: 70000', /"port"/],
    ['host: esa1\n  user: "-l root"', /"user"/],
    ['host: esa1\n  ssh: { options: { StrictHostKeyChecking: "no" } }', /StrictHostKeyChecking.*refused/],
    ['host: esa1\n  ssh: { options: { UserKnownHostsFile: /dev/null } }', /UserKnownHostsFile.*refused/],
    ['host: esa1\n  ssh: { options: { ProxyCommand: "nc %h %p" } }', /ProxyCommand.*refused/],
    ['host: esa1\n  ssh: { jump: "-oProxyCommand=x" }', /ssh\.jump/],
    ['host: esa1\n  ssh: { identityFile: "-F/etc/passwd" }', /ssh\.identityFile/],
    ['host: esa1\n  cluster: { name: c1, level: "everything" }', /cluster\.level/],
    ['host: esa1\n  ssh: { password: x }', /unknown key "ssh\.password"/],
    ['user: admin', /"user" needs a "host"/],
  ];
  for (const [entry, re] of bad) {
    const p = join(dir, 'inv.yaml');
    writeFileSync(p, `- ${entry}\n`);
    assert.throws(
      () => readInventory(p),
      (e: unknown) => e instanceof Refused && re.test(messageOf(e.finding)),
      entry,
    );
  }
  const p = join(dir, 'ok.yaml');
  writeFileSync(
    p,
    '- host: esa1.example.com\n  user: admin\n  port: 2222\n  ssh: { identityFile: keys/id, jump: "proxy@jump.example.com:22" }\n  cluster: { name: c1, level: "machine esa1.example.com" }\n',
  );
  const [e] = readInventory(p);
  assert.is(e!.file, 'esa1.example.com.xml');
  assert.equal(e!.target, {
    name: 'esa1.example.com',
    host: 'esa1.example.com',
    user: 'admin',
    port: 2222,
    ssh: { identityFile: join(dir, 'keys/id'), jump: 'proxy@jump.example.com:22', options: undefined },
    cluster: { name: 'c1', level: 'machine esa1.example.com' },
  });
});

test('pull: an inventory that weakens host-key checking is refused before anything runs', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'inv.yaml'), '- host: 127.0.0.1\n  port: 1\n  ssh: { options: { StrictHostKeyChecking: accept-new } }\n');
  const r = await cli(['pull', '--inventory', 'inv.yaml'], { cwd: dir });
  assert.is(r.code, 1);
  assert.match(r.err, /\[ssh-option-refused\]/);
});

test('pull: a target on the command line that is not [user@]host[:port] is a usage error', async () => {
  const ok = await cli(['pull', '--dry-run', '--', 'admin@[2001:db8::25]:2222']);
  assert.is(ok.code, 0, ok.err);
  assert.match(ok.out, /^2001-db8--25: would connect: ssh .* -p 2222 .*-- admin@2001:db8::25\n/);
  for (const spec of ['-oProxyCommand=x', 'admin@', 'a b', 'host:99999', 'admin@esa1;reboot']) {
    const r = await cli(['pull', '--dry-run', '--', spec]);
    assert.is(r.code, 1, spec);
    assert.match(r.err, /is not \[user@\]host\[:port\]/);
  }
});

test.run();
