/** A 40-appliance rollout with canary and waves where appliance 7 fails its verify; the token gate beyond the canary; dry-run. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareExports } from '../../src/appliance/compare.js';
import { readState } from './fake-appliance.js';
import { exportOf, nm, tamper, world } from './world.js';

test('40 appliances, canary 1 then waves of 5; 7 fails its verify: stopped, 7 reverted and verified, 1-6 verified, 8-40 untouched', async () => {
  const w = await world(40, { misbehave: { 7: { respellTls: { from: 'required', to: 'REQUIRED' } } } });
  const r = await w.push(['push', 'patched', '--inventory', 'fleet.json', '--canary', '1', '--wave', '5', '--json']);
  assert.is(r.code, 1, r.err);
  const rep = JSON.parse(r.out);
  assert.is(rep.stoppedAt, nm(7));
  const by = new Map(rep.appliances.map((a: { name: string }) => [a.name, a]));
  for (let k = 1; k <= 40; k++) {
    const a = by.get(nm(k)) as {
      status: string;
      verify: string;
      reverted: boolean;
      wave: number;
      finding: { code: string } | null;
      loads: number;
    };
    const s = readState(w.appliance(nm(k)));
    const planned = readFileSync(join(w.dir, 'patched', `${nm(k)}.xml`), 'latin1');
    if (k < 7) {
      assert.is(a.status, 'verified', nm(k));
      assert.is(a.verify, 'identical');
      assert.is(s.loads, 1);
      assert.ok(compareExports(planned, s.committed).identical, `${nm(k)} patched`);
    } else if (k === 7) {
      assert.is(a.status, 'reverted');
      assert.is(a.verify, 'differs');
      assert.ok(a.reverted);
      assert.is(a.finding!.code, 'push-verify-failed');
      assert.is(a.loads, 1);
      assert.is(s.loads, 2); // the load and the revert's load
      assert.ok(compareExports(exportOf(7), s.committed).identical, 'esa07 back as before');
      assert.is(s.pending, false);
    } else {
      assert.is(a.status, 'untouched', nm(k));
      assert.equal(s.log, [], `${nm(k)} was sent nothing`);
    }
  }
  assert.is((by.get(nm(1)) as { wave: number }).wave, 0);
  assert.is((by.get(nm(2)) as { wave: number }).wave, 1);
  assert.is((by.get(nm(7)) as { wave: number }).wave, 2);
  // The report files say the same.
  const text = readFileSync(join(rep.directory, 'report.txt'), 'utf8');
  assert.match(text, /40 appliance\(s\): 6 verified, 1 reverted, 0 refused, 0 failed, 0 left unverified, 33 untouched; stopped at esa07/);
  assert.match(readFileSync(join(rep.directory, 'report.html'), 'utf8'), /<td>esa07<\/td>/);
  // The same command again stays stopped: nothing is sent to anyone.
  const logs = w.names.map((n) => readState(w.appliance(n)).log.length);
  const again = await w.push(['push', 'patched', '--inventory', 'fleet.json', '--canary', '1', '--wave', '5']);
  assert.is(again.code, 1);
  assert.equal(
    w.names.map((n) => readState(w.appliance(n)).log.length),
    logs,
  );
});

test('tls-token-unwitnessed: beyond the canary, a version no verify has witnessed the token on is refused (exit 3)', async () => {
  const w = await world(3);
  // esa3 runs another AsyncOS version, in its export and on the appliance.
  const other = exportOf(3).replace('Version: 14.0.2-020', 'Version: 15.0.0-104');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(w.dir, 'exports', `${nm(3)}.xml`), other, 'latin1');
  const { cli } = await import('../cli/run.js');
  const ap = await cli(['apply', `exports/${nm(3)}.xml`, '-o', `patched/${nm(3)}.xml`, '--force'], { cwd: w.dir });
  assert.is(ap.code, 0, ap.out + ap.err);
  tamper(w, nm(3), (app) => {
    app.committed = other;
    app.candidate = other;
    app.build = '15.0.0-104';
  });
  const r = await w.push(['push', 'patched', '--inventory', 'fleet.json', '--canary', '1', '--wave', '5', '--json']);
  assert.is(r.code, 3, r.err);
  const rep = JSON.parse(r.out);
  const a3 = rep.appliances.find((a: { name: string }) => a.name === nm(3));
  assert.is(a3.status, 'refused');
  assert.is(a3.finding.code, 'tls-token-unwitnessed');
  assert.is(a3.finding.args.version, '15.0.0-104');
  assert.is(rep.appliances[1].status, 'verified'); // esa2: 14.0.2-020, witnessed by the canary
  assert.is(readState(w.appliance(nm(3))).loads, 0);
  // Once witnessed (the tokens file), the same rollout goes on.
  writeFileSync(
    join(w.dir, 'tokens.json'),
    JSON.stringify({ format: 'esa-patch-tokens/1', versions: { '15.0.0-104': { witnessed: ['required'], seen: [] } } }),
  );
  const r2 = await w.push(['push', 'patched', '--inventory', 'fleet.json', '--canary', '1', '--wave', '5', '--tokens', 'tokens.json']);
  assert.is(r2.code, 0, r2.out);
  const tokens = JSON.parse(readFileSync(join(w.dir, 'tokens.json'), 'utf8'));
  assert.ok(tokens.versions['14.0.2-020'].witnessed.includes('required'));
  assert.ok(tokens.versions['14.0.2-020'].seen.includes('off'));
});

test('--dry-run prints every command per appliance and sends nothing', async () => {
  const w = await world(2);
  for (const via of ['config', 'hat']) {
    const r = await w.push(['push', 'patched', '--inventory', 'fleet.json', '--dry-run', '--via', via]);
    assert.is(r.code, 0);
    assert.match(r.out, /esa01 \(admin@10\.0\.0\.1\)/);
    assert.match(r.out, /^ {2}version /m);
    assert.match(r.out, /^ {2}saveconfig /m);
    assert.match(r.out, via === 'config' ? /^ {2}loadconfig /m : /^ {2}listenerconfig edit \S+ hostaccess import /m);
    assert.match(r.out, /comment "esa-patch push [0-9a-f]{64}"/);
  }
  for (const n of w.names) assert.equal(readState(w.appliance(n)).log, []);
});

test.run();
