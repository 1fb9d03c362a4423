/** push and revert against emulated appliances (state on disk): one appliance, both routes; the gates. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareExports } from '../../src/appliance/compare.js';
import { PASSPHRASE, readState } from './fake-appliance.js';
import { exportOf, nm, tamper, world } from './world.js';

for (const via of ['config', 'hat'] as const) {
  test(`push --via ${via} then revert: patched as planned and verified, then back as before and verified`, async () => {
    const w = await world(1);
    const planned = readFileSync(join(w.dir, 'patched', `${nm(1)}.xml`), 'latin1');
    const r = await w.push(['push', 'patched', '--inventory', 'fleet.json', '--via', via, '--json']);
    assert.is(r.code, 0, r.out + r.err);
    const rep = JSON.parse(r.out);
    assert.is(rep.appliances[0].status, 'verified');
    assert.is(rep.appliances[0].verify, 'identical');
    assert.is(rep.appliances[0].route, via);
    const s = readState(w.appliance(nm(1)));
    assert.is(s.loads, via === 'config' ? 1 : 2); // the sample changes two listeners: two imports
    assert.is(s.commits.length, 1);
    assert.ok(compareExports(planned, s.committed).identical);
    assert.match(s.commits[0]!.comment, /^esa-patch push [0-9a-f]{64}$/);
    // Again: nothing is loaded twice.
    const again = await w.push(['push', 'patched', '--inventory', 'fleet.json', '--via', via]);
    assert.is(again.code, 0);
    assert.is(readState(w.appliance(nm(1))).loads, s.loads);
    const back = await w.push(['revert', 'patched', '--inventory', 'fleet.json', '--via', via, '--json']);
    assert.is(back.code, 0, back.out + back.err);
    assert.is(JSON.parse(back.out).appliances[0].status, 'reverted');
    const after = readState(w.appliance(nm(1)));
    assert.ok(compareExports(exportOf(1), after.committed).identical);
    assert.not.ok(compareExports(planned, after.committed).identical);
  });
}

const gates: [string, string, (w: Awaited<ReturnType<typeof world>>) => void][] = [
  ['stale base', 'push-stale-base', (w) => tamper(w, nm(1), (app) => app.colleagueCommit())],
  ['another build', 'push-other-build', (w) => tamper(w, nm(1), (app) => (app.build = '15.0.0-104'))],
  ['another serial', 'push-other-serial', (w) => tamper(w, nm(1), (app) => (app.serial = 'OTHER'))],
  ['uncommitted changes', 'push-uncommitted-changes', (w) => tamper(w, nm(1), (app) => app.pendingChange())],
  [
    'masked export',
    'push-masked-export',
    (w) =>
      tamper(w, nm(1), (app) => {
        app.committed = app.committed.replace('</config>', '<admin_passphrase>*****</admin_passphrase>\n</config>');
        app.candidate = app.committed;
      }),
  ],
  ['unknown prompt', 'push-unknown-prompt', (w) => tamper(w, nm(1), (app) => (app.misbehave.unknownPrompt = true))],
];
for (const [what, code, make] of gates) {
  test(`gate: ${what} refuses with exit 3 and ${code}, nothing committed`, async () => {
    const w = await world(1);
    make(w);
    const before = readState(w.appliance(nm(1)));
    const r = await w.push(['push', 'patched', '--inventory', 'fleet.json', '--json']);
    assert.is(r.code, 3, r.out + r.err);
    const a = JSON.parse(r.out).appliances[0];
    assert.is(a.finding.code, code);
    assert.is(a.finding.args.appliance, nm(1));
    const after = readState(w.appliance(nm(1)));
    assert.is(after.commits.length, before.commits.length);
    assert.is(after.committed, before.committed);
    assert.is(after.pending, before.pending);
    // one line of reason in the text report
    const t = await w.push(['push', 'patched', '--inventory', 'fleet.json', '--status']);
    assert.match(t.out, new RegExp(`error: .*\\[${code}\\]`));
  });
}

test('stale base outside the listeners: refused, the element named, a secret never shown', async () => {
  const w = await world(1);
  tamper(w, nm(1), (app) => {
    app.committed = app.committed.replace('</config>', '<smtp_auth_passphrase>ENC(other)</smtp_auth_passphrase>\n</config>');
    app.candidate = app.committed;
  });
  const r = await w.push(['push', 'patched', '--inventory', 'fleet.json']);
  assert.is(r.code, 3);
  assert.match(r.out, /push-stale-base/);
  assert.match(r.out, /smtp_auth_passphrase>\(secret\)/);
  assert.not.ok(r.out.includes('ENC(other)'));
});

test('an appliance already as the plan promised (patched earlier, or by hand): verified without a load; revert leaves it', async () => {
  const w = await world(1);
  const planned = readFileSync(join(w.dir, 'patched', `${nm(1)}.xml`), 'latin1');
  tamper(w, nm(1), (app) => {
    app.committed = planned;
    app.candidate = planned;
  });
  const r = await w.push(['push', 'patched', '--inventory', 'fleet.json', '--json']);
  assert.is(r.code, 0, r.out);
  assert.is(JSON.parse(r.out).appliances[0].status, 'verified');
  assert.is(readState(w.appliance(nm(1))).loads, 0);
  const back = await w.push(['revert', 'patched', '--inventory', 'fleet.json', '--json']);
  assert.is(back.code, 0);
  assert.is(readState(w.appliance(nm(1))).loads, 0);
  assert.ok(compareExports(planned, readState(w.appliance(nm(1))).committed).identical);
});

test('stale base: the difference is shown by meaning', async () => {
  const w = await world(1);
  tamper(w, nm(1), (app) => app.colleagueCommit());
  const r = await w.push(['push', 'patched', '--inventory', 'fleet.json']);
  assert.is(r.code, 3);
  assert.match(r.out, /\+ sender group COLLEAGUE .*192\.0\.2\.99/);
});

test('a revert cut off (the upload of the earlier export fails): said so; the same command again re-checks and reverts', async () => {
  const w = await world(1, { misbehave: { 1: { respellTls: { from: 'required', to: 'REQUIRED' } } } });
  let uploads = 0;
  const flaky = async (t: Parameters<typeof w.open>[0]) => {
    const s = await w.open(t);
    return {
      ...s,
      upload: async (b: Uint8Array, n: string) => {
        if (++uploads === 2) throw new Error('scp: lost connection');
        return s.upload(b, n);
      },
    };
  };
  const { cli } = await import('../cli/run.js');
  const env = { ESA_PATCH_PASSPHRASE: PASSPHRASE };
  const r = await cli(['push', 'patched', '--inventory', 'fleet.json', '--json'], { cwd: w.dir, openSession: flaky, env });
  assert.is(r.code, 1, r.out);
  const a = JSON.parse(r.out).appliances[0];
  assert.is(a.status, 'verify-failed-unreverted');
  assert.is(a.finding.code, 'push-revert-failed');
  assert.is(readState(w.appliance(nm(1))).loads, 1);
  const again = await w.push(['push', 'patched', '--inventory', 'fleet.json', '--json']);
  assert.is(again.code, 1);
  assert.is(JSON.parse(again.out).appliances[0].status, 'reverted');
  const s = readState(w.appliance(nm(1)));
  assert.is(s.loads, 2);
  assert.ok(compareExports(exportOf(1), s.committed).identical);
});

test('a hostile appliance: one that never answers is cut off by --timeout, 100 MB of output by the cap (exit 1, nothing loaded); control characters never reach the output raw', async () => {
  const w = await world(1);
  tamper(w, nm(1), (app) => (app.misbehave.neverAnswer = ['loadconfig']));
  const t0 = Date.now();
  const r = await w.push(['push', 'patched', '--inventory', 'fleet.json', '--timeout', '1', '--json']);
  assert.ok(Date.now() - t0 < 8000);
  assert.is(r.code, 1, r.out);
  const a = JSON.parse(r.out).appliances[0];
  assert.is(a.finding.code, 'push-connection');
  assert.is(a.finding.args.outcome, 'timeout');
  assert.is(a.status, 'failed');
  // 100 MB of output: cut at the session's cap.
  const w3 = await world(1);
  tamper(w3, nm(1), (app) => (app.misbehave.hugeOutput = 100_000_000));
  const r3 = await w3.push(['push', 'patched', '--inventory', 'fleet.json', '--json']);
  assert.is(r3.code, 1);
  assert.is(JSON.parse(r3.out).appliances[0].finding.args.outcome, 'too-long');
  assert.is(readState(w3.appliance(nm(1))).loads, 0);
  const w2 = await world(1);
  tamper(w2, nm(1), (app) => {
    app.misbehave.controlChars = true;
    app.misbehave.unknownPrompt = true;
  });
  const r2 = await w2.push(['push', 'patched', '--inventory', 'fleet.json']);
  assert.is(r2.code, 3);
  assert.match(r2.out, /push-unknown-prompt/);
  assert.match(r2.out, /\\x1b/);
  assert.not.ok(/[\x1b\x07\u202e]/.test(r2.out + r2.err));
});

test('--dialogue: a changed result text is what push reads (an appliance answering otherwise fails the load)', async () => {
  const w = await world(1);
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(w.dir, 'dialogue.yaml'), "results:\n  loadconfig.loaded: { pattern: 'Values were taken' }\n");
  const r = await w.push(['push', 'patched', '--inventory', 'fleet.json', '--dialogue', 'dialogue.yaml', '--json']);
  assert.is(r.code, 1, r.out + r.err);
  const a = JSON.parse(r.out).appliances[0];
  assert.is(a.finding.code, 'push-load-failed');
  assert.is(a.finding.args.result, 'unrecognised');
  const bad = await w.push(['push', 'patched', '--inventory', 'fleet.json', '--dialogue', 'dialogue.yaml', '--dry-run']);
  assert.is(bad.code, 0);
});

test.run();
