/**
 * Locks: taken by an exclusive create of a file holding the owner's pid, start time and boot;
 * taken over only from a provably dead owner, and race-free when several runs take over one
 * stale lock at once.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { acquireLock } from '../../../src/cli/fs/index.js';
import { Refused } from '../../../src/findings.js';
import { OWNER, ownerIsDead, processStart, takeOver } from '../../../src/cli/fs/lock.js';
import { HERE, run, tempScope, until } from './helpers.js';

const { tmp, cleanup } = tempScope();

/** The pid of a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

const [, , BOOT] = OWNER.trim().split(' ');

test('ownerIsDead: only a provably dead owner', () => {
  assert.is(ownerIsDead(OWNER), false, 'this process');
  assert.is(ownerIsDead(`${deadPid()} 1 ${BOOT}\n`), true, 'no such pid');
  assert.is(ownerIsDead(`${deadPid()}\n`), true, 'no such pid (a lock of an older version)');
  if (processStart(process.pid) !== null)
    assert.is(ownerIsDead(`${process.pid} 1 ${BOOT}\n`), true, 'the pid runs a process started at another time');
  if (BOOT !== '-') assert.is(ownerIsDead(`${process.pid} - another-boot\n`), true, 'a lock from an earlier boot');
  assert.is(ownerIsDead(''), false, 'empty: never judged dead');
  assert.is(ownerIsDead('garbage'), false);
});

test('a lock holds its owner from the start, is released, and a dead owner is taken over', () => {
  const dir = tmp();
  const target = join(dir, 'gw.xml');
  const release = acquireLock(target);
  assert.is(readFileSync(`${target}.lock`, 'latin1'), OWNER);
  release();
  assert.equal(readdirSync(dir), []);
  writeFileSync(`${target}.lock`, `${deadPid()} 1 ${BOOT}\n`);
  const again = acquireLock(target, 1_000);
  assert.is(readFileSync(`${target}.lock`, 'latin1'), OWNER, 'taken over');
  again();
  assert.equal(readdirSync(dir), [], 'no token left');
});

test('a live owner is waited for, then output-locked', async () => {
  const dir = tmp();
  const target = join(dir, 'gw.xml');
  let pid = 0;
  const holder = run(['-e', 'setTimeout(() => {}, 20000)'], { onSpawn: (p) => (pid = p), timeoutMs: 20_000 });
  await until(() => pid > 0 && processStart(pid) !== null, 5_000);
  writeFileSync(`${target}.lock`, `${pid} ${processStart(pid) ?? '-'} ${BOOT}\n`);
  let code: string | null = null;
  try {
    acquireLock(target, 200)();
  } catch (e) {
    code = e instanceof Refused ? e.finding.code : String(e);
  }
  process.kill(pid, 'SIGKILL');
  await holder;
  assert.is(code, 'output-locked');
  // Now its owner is dead: taken over.
  acquireLock(target, 1_000)();
  assert.equal(readdirSync(dir), []);
});

test('a late takeover, judged on a stale read of a dead owner, never removes the lock a run took meanwhile', () => {
  const dir = tmp();
  const target = join(dir, 'gw.xml');
  const stale = `${deadPid()} 1 ${BOOT}\n`;
  writeFileSync(`${target}.lock`, stale);
  // Runs A and B both read the dead owner's lock; A takes it over first and now holds it.
  const releaseA = acquireLock(target, 1_000);
  // B acts on its stale read: A's lock stays.
  takeOver(`${target}.lock`, stale);
  assert.is(readFileSync(`${target}.lock`, 'latin1'), OWNER, "A's lock is intact");
  // While another (live) run holds the takeover token of that dead owner, no one else removes its lock.
  releaseA();
  writeFileSync(`${target}.lock`, stale);
  const token = `${target}.lock.takeover-${createHash('sha256').update(stale).digest('hex').slice(0, 16)}`;
  writeFileSync(token, OWNER);
  takeOver(`${target}.lock`, stale);
  assert.is(readFileSync(`${target}.lock`, 'latin1'), stale, 'left to the token holder');
  unlinkSync(token);
  takeOver(`${target}.lock`, stale);
  assert.equal(readdirSync(dir), [], 'removed by the token holder, token released');
});

test('four runs taking over one stale lock at once: never two holders', async () => {
  const dir = tmp();
  const target = join(dir, 'gw.xml');
  const log = join(dir, 'log');
  const go = join(dir, 'go');
  writeFileSync(log, '');
  writeFileSync(`${target}.lock`, `${deadPid()} 1 ${BOOT}\n`);
  const n = 4;
  const children = Array.from({ length: n }, (_, k) =>
    run([join(HERE, 'lock-child.mjs'), target, log, join(dir, `ready${k}`), go], { timeoutMs: 60_000 }),
  );
  assert.ok(
    await until(() => Array.from({ length: n }, (_, k) => existsSync(join(dir, `ready${k}`))).every(Boolean), 50_000),
    'children ready',
  );
  writeFileSync(go, '');
  const results = await Promise.all(children);
  for (const r of results) assert.is(r.code, 0, r.err);
  const lines = readFileSync(log, 'latin1').trim().split('\n');
  assert.is(lines.length, 2 * n, lines.join(' '));
  for (let k = 0; k < lines.length; k += 2) {
    assert.ok(lines[k]!.startsWith('+') && lines[k + 1] === `-${lines[k]!.slice(1)}`, `one holder at a time: ${lines.join(' ')}`);
  }
  assert.ok(!existsSync(`${target}.lock`), 'released');
  assert.equal(
    readdirSync(dir).filter((f) => /lock|takeover|\.tmp$/.test(f)),
    [],
  );
});

test.after(cleanup);
test.run();
