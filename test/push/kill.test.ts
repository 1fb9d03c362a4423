/**
 * SIGKILL at random moments of a rollout (a child process), then `push --status` and the same
 * command again: no appliance is loaded twice, and none is left unverified without saying so.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareExports } from '../../src/appliance/compare.js';
import { parseJournal } from '../../src/cli/appliance/rollout-journal.js';
import { ROOT } from '../helpers.js';
import { readState } from './fake-appliance.js';
import { exportOf, nm, world } from './world.js';

/** A small PRNG (mulberry32), so a failing seed can be run again. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = Number(process.env['ESA_PATCH_KILL_SEED'] ?? Date.now() % 100000);
const N = 4;
const ARGS = ['push', 'patched', '--inventory', 'fleet.json', '--canary', '1', '--wave', '2'];

function journalLines(dir: string): number {
  const d = readdirSync(join(dir, 'patched')).find((n) => n.startsWith('rollout-'));
  if (!d || !existsSync(join(dir, 'patched', d, 'journal.jsonl'))) return 0;
  return parseJournal(readFileSync(join(dir, 'patched', d, 'journal.jsonl'), 'utf8')).records.length;
}

/** Runs the rollout in a child and SIGKILLs it once the journal holds `after` records; resolves whether it was killed. */
function runAndKill(dir: string, after: number): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test', 'push', 'child.ts'), dir, ...ARGS], {
      cwd: ROOT,
      stdio: 'ignore',
    });
    let killed = false;
    const poll = setInterval(() => {
      if (journalLines(dir) >= after) {
        killed = child.kill('SIGKILL');
        clearInterval(poll);
      }
    }, 3);
    child.on('exit', () => {
      clearInterval(poll);
      resolve(killed);
    });
  });
}

const rand = prng(SEED);
// About 9 records per appliance: the kills land across the whole rollout.
const moments = [1 + Math.floor(rand() * 6), 7 + Math.floor(rand() * 12), 19 + Math.floor(rand() * 16)];

for (const after of moments) {
  test(`SIGKILL after ${after} journal records (seed ${SEED}): status says where each appliance stands; resuming loads none twice`, async () => {
    const w = await world(N);
    await runAndKill(w.dir, after);
    // The child ran the rollout (it runs the built CLI: npm run build first).
    assert.ok(journalLines(w.dir) > 0, 'the child wrote no journal record: is dist/ built?');
    const planned = (k: number) => readFileSync(join(w.dir, 'patched', `${nm(k)}.xml`), 'latin1');
    const status = await w.push([...ARGS, '--status', '--json']);
    assert.is(status.code, 0);
    const check = (rep: { appliances: { name: string; status: string }[] }, when: string) => {
      for (let k = 1; k <= N; k++) {
        const a = rep.appliances.find((x) => x.name === nm(k))!;
        const s = readState(w.appliance(nm(k)));
        const where = `${when}: ${nm(k)} is ${a.status}, ${s.loads} load(s) (seed ${SEED})`;
        assert.ok(s.loads <= 1, where);
        if (a.status === 'verified') assert.ok(compareExports(planned(k), s.committed).identical, where);
        if (a.status === 'untouched' || a.status === 'refused' || a.status === 'failed') {
          assert.is(s.loads, 0, where);
          assert.ok(compareExports(exportOf(k), s.committed).identical, where);
        }
        // Loaded, not verified, is said so.
        if (s.loads > 0 && a.status !== 'verified') assert.is(a.status, 'loaded-unverified', where);
        if (!compareExports(exportOf(k), s.app.candidate).identical && a.status !== 'verified')
          assert.is(a.status, 'loaded-unverified', where);
      }
    };
    check(JSON.parse(status.out), 'after the kill');
    const resumed = await w.push([...ARGS, '--json']);
    const rep = JSON.parse(resumed.out);
    check(rep, 'after resuming');
    if (resumed.code === 0) for (const a of rep.appliances) assert.is(a.status, 'verified');
    else {
      // The one case a resume cannot settle alone: killed between the load and the commit,
      // the appliance holds uncommitted changes; it says so and sends nothing more.
      assert.is(resumed.code, 3, resumed.out);
      const stopped = rep.appliances.find((a: { name: string }) => a.name === rep.stoppedAt);
      assert.is(stopped.finding.code, 'push-interrupted-load');
      assert.is(stopped.status, 'loaded-unverified');
    }
  });
}

test.run();
