/**
 * push and revert end to end over real SSH: the emulated appliance served on loopback
 * (test/appliance/server.ts), the system ssh and scp -O, the CLI's own transport. Without an
 * OpenSSH client the test is skipped visibly (a failure with ESA_PATCH_REQUIRE_ORACLES=1).
 */
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import { compareExports } from '../../src/appliance/compare.js';
import { oracleTest } from '../oracles/oracle.js';
import { EmulatedAppliance, PASSPHRASE } from '../appliance/emulator.js';
import { serveAppliance } from '../appliance/server.js';
import { OPENSSH, targetOf } from '../appliance/ssh-oracle.js';
import { cli } from '../cli/run.js';
import { exportOf, nm } from './world.js';

for (const via of ['config', 'hat'])
  oracleTest(`over SSH, via ${via}: pull -> plan -> apply -> push (verify) -> revert (verify), one appliance`, OPENSSH, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'esa-push-ssh-'));
    const base = exportOf(1);
    const app = new EmulatedAppliance(base);
    const srv = await serveAppliance(app, { lifeMs: 30_000 });
    try {
      const t = targetOf(srv, nm(1));
      writeFileSync(join(dir, 'fleet.json'), JSON.stringify([t]));
      const ssh = ['--ssh-config', srv.fixture.configFile];
      const pulled = await cli(['pull', '--inventory', 'fleet.json', '--out-dir', 'exports', ...ssh], { cwd: dir });
      assert.is(pulled.code, 0, pulled.out + pulled.err);
      const plan = await cli(['plan', `exports/${nm(1)}.xml`], { cwd: dir });
      assert.is(plan.code, 2, plan.out);
      const ap = await cli(['apply', `exports/${nm(1)}.xml`, '-o', `patched/${nm(1)}.xml`], { cwd: dir });
      assert.is(ap.code, 0, ap.out + ap.err);
      const io = { cwd: dir, env: { ESA_PATCH_PASSPHRASE: PASSPHRASE } };
      const dry = await cli(['push', 'patched', '--inventory', 'fleet.json', '--via', via, '--dry-run', ...ssh], io);
      assert.is(dry.code, 0);
      assert.is(srv.connections, 1, 'the dry run connected to nothing (the pull made the one connection)');
      const r = await cli(['push', 'patched', '--inventory', 'fleet.json', '--via', via, '--json', ...ssh], io);
      assert.is(r.code, 0, r.out + r.err);
      assert.is(JSON.parse(r.out).appliances[0].status, 'verified');
      assert.is(JSON.parse(r.out).appliances[0].route, via);
      const planned = readFileSync(join(dir, 'patched', `${nm(1)}.xml`), 'latin1');
      assert.ok(compareExports(planned, app.committed).identical);
      assert.match(app.commits.at(-1)!.comment, /^esa-patch push [0-9a-f]{64}$/);
      assert.is(srv.connections, 2, 'one TCP connection for the whole push');
      const back = await cli(['revert', 'patched', '--inventory', 'fleet.json', '--via', via, '--json', ...ssh], io);
      assert.is(back.code, 0, back.out + back.err);
      assert.is(JSON.parse(back.out).appliances[0].status, 'reverted');
      assert.ok(compareExports(base, app.committed).identical);
    } finally {
      await srv.stop();
    }
  });

test.run();
