/**
 * A cluster: the load happens once, on the cluster's first machine, at the level that owns the
 * listeners (every command after `clustermode LEVEL`: each SSH exec is a new CLI session); the
 * other machine is verified only. The emulated machines share their configuration as a cluster
 * would (the test copies the first's to the second before each command).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApplianceTarget } from '../../src/appliance/session.js';
import { cli } from '../cli/run.js';
import { fakeSession, loadAppliance, PASSPHRASE, readState, saveAppliance, tamperFake } from './fake-appliance.js';
import { nm, world } from './world.js';

const as2 = (t: string) =>
  t
    .split(`${nm(1)}.example.net`)
    .join(`${nm(2)}.example.net`)
    .split('SERIAL0001')
    .join('SERIAL0002');

async function clusterWorld(level: string) {
  const w = await world(2);
  const inv = JSON.parse(readFileSync(w.inventory, 'utf8')) as object[];
  writeFileSync(w.inventory, JSON.stringify(inv.map((e) => ({ ...e, cluster: { name: 'c1', level } }))));
  for (const n of w.names)
    tamperFake(w.appliance(n), (app) => {
      app.cluster = { name: 'c1', groups: ['g1'], machines: [`${nm(1)}.example.net`, `${nm(2)}.example.net`] };
    });
  // The second machine shows the cluster's configuration: the first's.
  const open = async (t: ApplianceTarget) => {
    const s = fakeSession(t, w.appliance(t.name));
    if (t.name !== nm(2)) return s;
    const sync = () => {
      const a = loadAppliance(w.appliance(nm(1)));
      const b = loadAppliance(w.appliance(nm(2)));
      b.committed = as2(a.committed);
      b.candidate = as2(a.candidate);
      saveAppliance(w.appliance(nm(2)), b);
    };
    return { ...s, run: (c: string, r: Parameters<typeof s.run>[1], o?: Parameters<typeof s.run>[2]) => (sync(), s.run(c, r, o)) };
  };
  const push = (args: string[]) => cli(args, { cwd: w.dir, openSession: open, env: { ESA_PATCH_PASSPHRASE: PASSPHRASE } });
  return { w, push };
}

test('a cluster loads once, at the level that owns the listeners; the other machine is verified only', async () => {
  const { w, push } = await clusterWorld('cluster');
  const r = await push(['push', 'patched', '--inventory', 'fleet.json', '--json']);
  assert.is(r.code, 0, r.out + r.err);
  const rep = JSON.parse(r.out);
  assert.equal(
    rep.appliances.map((a: { status: string }) => a.status),
    ['verified', 'verified'],
  );
  const one = readState(w.appliance(nm(1)));
  const two = readState(w.appliance(nm(2)));
  assert.is(one.loads, 1);
  assert.is(two.loads, 0);
  assert.is(one.commits.length, 1);
  // Every command ran at the cluster level.
  for (const s of [one, two]) {
    const sent = s.log.filter((c) => c !== 'clustermode cluster');
    assert.ok(sent.length > 0);
    const at = s.log.filter((c) => c === 'clustermode cluster').length;
    assert.is(at, sent.length, 'one clustermode before each command');
  }
  // The dry run says so.
  const dry = await push(['push', 'patched', '--inventory', 'fleet.json', '--dry-run']);
  assert.match(dry.out, /cluster c1 \(loader\)/);
  assert.match(dry.out, /cluster c1 \(member\)/);
  assert.match(dry.out, /"clustermode cluster; COMMAND"/);
});

test('a level the CLI cannot reach refuses (push-cluster-level, exit 3) before anything is loaded', async () => {
  const { w, push } = await clusterWorld('group nosuch');
  const r = await push(['push', 'patched', '--inventory', 'fleet.json', '--json']);
  assert.is(r.code, 3, r.out + r.err);
  const a = JSON.parse(r.out).appliances[0];
  assert.is(a.finding.code, 'push-cluster-level');
  assert.is(a.finding.args.level, 'group nosuch');
  assert.is(readState(w.appliance(nm(1))).loads, 0);
});

test.run();
