/**
 * The laws of a push on every bundled sample, both routes: push verifies (the appliance then
 * holds the planned export by meaning), a second push loads nothing, revert puts back the export
 * the plan was made from (by meaning). Against the emulated appliance (state on disk).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareExports } from '../../src/appliance/compare.js';
import { readExport } from '../../src/esa/export.js';
import { cli } from '../cli/run.js';
import { ROOT } from '../helpers.js';
import { createFake, fakeSession, PASSPHRASE, readState } from './fake-appliance.js';
import type { ApplianceTarget } from '../../src/appliance/session.js';

const SAMPLES = readdirSync(join(ROOT, 'samples')).filter((n) => n.endsWith('.xml'));

for (const sample of SAMPLES) {
  test(`${sample}: push (config, then hat on a fresh appliance) verifies, loads once, reverts`, async () => {
    const text = readFileSync(join(ROOT, 'samples', sample), 'latin1');
    const dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'esa-laws-'));
    writeFileSync(join(dir, 'esa.xml'), text, 'latin1');
    const ap = await cli(['apply', 'esa.xml', '-o', 'out/esa.xml'], { cwd: dir });
    if (!existsSync(join(dir, 'out', 'esa.patch.json'))) {
      assert.ok([0, 3].includes(ap.code), `${sample}: apply exit ${ap.code}`);
      return; // nothing to push (already compliant, or refused): no artefact
    }
    const planned = readFileSync(join(dir, 'out', 'esa.xml'), 'latin1');
    const hat = readExport(text).export!.listeners.every((l) => l.hat);
    for (const via of hat ? ['config', 'hat'] : ['config']) {
      const app = join(dir, `app-${via}`);
      createFake(app, text);
      writeFileSync(join(dir, 'fleet.json'), JSON.stringify([{ name: 'esa', host: '192.0.2.1', user: 'admin' }]));
      const io = {
        cwd: dir,
        env: { ESA_PATCH_PASSPHRASE: PASSPHRASE },
        openSession: async (t: ApplianceTarget) => fakeSession(t, app),
      };
      const args = ['out/esa.patch.json', '--inventory', 'fleet.json', '--via', via, '--rollout-dir', `rollout-${via}`, '--json'];
      const r = await cli(['push', ...args], io);
      const rep = JSON.parse(r.out);
      // A listener whose HAT the emulator cannot place, or a plan beyond HATs, is refused, never loaded.
      if (r.code === 3) {
        // Only the HAT route may refuse a plan apply accepted: a HAT text the export's encoding
        // cannot write as a file (crlf-allowed-list.xml holds one), or a change beyond HATs.
        assert.is(via, 'hat', `${sample}: ${r.out}`);
        assert.is(rep.appliances[0].finding.code, 'push-route-incomplete');
        assert.is(readState(app).loads, 0, `${sample} via ${via}: refused after a load`);
        continue;
      }
      assert.is(r.code, 0, `${sample} via ${via}: ${r.out}`);
      assert.is(rep.appliances[0].status, 'verified');
      const loads = readState(app).loads;
      // A plan that changes nothing is not loaded.
      if (compareExports(text, planned).identical) assert.is(loads, 0, `${sample}: loaded a plan that changes nothing`);
      else assert.ok(loads > 0);
      assert.ok(compareExports(planned, readState(app).committed).identical, `${sample} via ${via}: patched as planned`);
      const again = await cli(['push', ...args], io);
      assert.is(again.code, 0);
      assert.is(readState(app).loads, loads, `${sample} via ${via}: loaded twice`);
      const back = await cli(['revert', ...args], io);
      assert.is(back.code, 0, back.out);
      assert.ok(compareExports(text, readState(app).committed).identical, `${sample} via ${via}: back as before`);
    }
  });
}

test.run();
