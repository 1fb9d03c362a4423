/**
 * Lock files: one per output (`OUT.xml.lock`), so that two runs never write the same file at
 * once. A lock is taken by an exclusive create of a file that already holds its owner's
 * identity (written to a temporary file, then hard-linked to the lock's name, so no one ever
 * sees an empty lock): the pid, the process's start time (Linux: field 22 of /proc/PID/stat)
 * and the boot id. A lock is taken over only from a provably dead owner: no such pid, or a pid
 * now running a process started at another time, or a lock from an earlier boot.
 *
 * Takeover is race-free: the run taking over a dead owner's lock first creates, exclusively,
 * a token named after that lock's exact content (`OUT.xml.lock.takeover-HASH`); only the token
 * holder re-reads the lock and, if it still holds the dead owner's content, removes it. Two
 * runs taking over at once: one holds the token, the other waits; neither removes a lock a
 * live run took meanwhile. Then every run competes for the exclusive create as usual.
 */
import { closeSync, linkSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { errno, noHardLinks, reason } from './errors.js';
import { Refused, refused } from '../../findings.js';
import { lockName, tempName } from './names.js';
import { critical, setOwnLockContent, track, untrack } from './signals.js';

/** How long a run waits for another run writing the same output before giving up. */
export const LOCK_WAIT_MS = 15_000;

/** A token of a dead takeover holder older than this is removed. */
const TOKEN_STALE_MS = 10_000;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function readOr(path: string, fallback: string | null): string | null {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return fallback;
  }
}

/** Start time of process `pid` in clock ticks since boot (Linux), or null when unknown. */
export function processStart(pid: number): string | null {
  const stat = readOr(`/proc/${pid}/stat`, null);
  if (stat === null) return null;
  // The command name (field 2) is in parentheses and may hold spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19] ?? null; // field 22 overall: 20th after the name and the state
}

const BOOT = (readOr('/proc/sys/kernel/random/boot_id', '-') ?? '-').trim() || '-';

/** This process's identity as a lock file holds it: `pid start boot`. */
export const OWNER = `${process.pid} ${processStart(process.pid) ?? '-'} ${BOOT}\n`;
setOwnLockContent(OWNER);

/** Is a process alive with this pid (on this machine)? */
function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errno(e) === 'EPERM';
  }
}

/**
 * Is the owner written in a lock provably dead? Content `pid start boot` (or the `pid` of
 * older versions). Unreadable or empty content is never judged dead.
 */
export function ownerIsDead(content: string): boolean {
  const [pidText, start, boot] = content.trim().split(' ');
  const pid = Number(pidText);
  if (!pidText || !Number.isInteger(pid) || pid <= 0) return false;
  if (boot && boot !== '-' && BOOT !== '-' && boot !== BOOT) return true;
  if (!pidAlive(pid)) return true;
  if (start && start !== '-') {
    const now = processStart(pid);
    if (now !== null && now !== start) return true; // the pid was reused
  }
  return false;
}

/**
 * Creates `path` exclusively, holding `content` from the start: written to a temporary file,
 * then hard-linked. Throws EEXIST when it exists. Falls back to an exclusive open (a window
 * where the file is empty) on file systems without hard links.
 */
export function createExclusive(path: string, content: string): void {
  critical(() => {
    const tmp = tempName(path);
    writeNew(tmp, content);
    try {
      linkSync(tmp, path);
      track(path);
    } catch (e) {
      if (!noHardLinks(e)) throw e;
      writeNew(path, content);
    } finally {
      try {
        unlinkSync(tmp);
      } catch {
        // nothing more to do
      }
      untrack(tmp);
    }
  });
}

/** Creates `path` exclusively (tracked for the cleanup on interruption) and writes `content`. */
function writeNew(path: string, content: string): void {
  const fd = openSync(path, 'wx', 0o644);
  track(path);
  try {
    writeSync(fd, content, null, 'latin1');
  } finally {
    closeSync(fd);
  }
}

/**
 * Removes the lock `file` of a dead owner whose lock held `content`, if no other run is doing
 * so and the lock still holds that content. Returns without removing otherwise. Exported for
 * the tests, which replay a late takeover (judged on a stale read) deterministically.
 */
export function takeOver(file: string, content: string): void {
  const token = `${file}.takeover-${createHash('sha256').update(content).digest('hex').slice(0, 16)}`;
  try {
    createExclusive(token, OWNER);
  } catch (e) {
    if (errno(e) !== 'EEXIST') throw e;
    // Another run is taking over; if it died doing so (its token is old and its owner gone), the
    // token goes, and the next round tries again.
    const holder = readOr(token, null);
    try {
      if (holder !== null && ownerIsDead(holder) && Date.now() - statSync(token).mtimeMs > TOKEN_STALE_MS) unlinkSync(token);
    } catch {
      // gone meanwhile
    }
    return;
  }
  try {
    // Only the token holder removes this content's lock, and its owner is dead: unchanged
    // between this read and the unlink.
    if (readOr(file, null) === content) unlinkSync(file);
  } catch {
    // gone meanwhile
  } finally {
    try {
      unlinkSync(token);
    } catch {
      // nothing more to do
    }
    untrack(token);
  }
}

/** Who holds a lock, for messages. */
function describeOwner(content: string | null): string {
  const pid = content?.trim().split(' ')[0];
  return pid ? `pid ${pid}` : 'pid unknown';
}

/** Releases a lock. */
export type Release = () => void;

/**
 * Takes the lock of output `path` (`path.lock`): waits (at most `waitMs`) for a live holder,
 * takes over from a dead one. Returns the function that releases it; releasing removes the
 * lock only while it still holds this process's identity. Throws a `Refused`
 * (`output-locked`) when the wait ends, (`write-failed`) when the lock cannot be created.
 */
export function acquireLock(path: string, waitMs = LOCK_WAIT_MS): Release {
  const file = lockName(path);
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      createExclusive(file, OWNER);
      return () => {
        try {
          if (readOr(file, null) === OWNER) unlinkSync(file);
        } catch {
          // already gone
        }
        untrack(file);
      };
    } catch (e) {
      if (e instanceof Refused || errno(e) !== 'EEXIST') {
        if (e instanceof Error && e.name === 'Stopping') throw e;
        throw refused('write-failed', { paths: [file], reason: reason(e), left: 'nothing-written', fresh: [], journal: null });
      }
    }
    const content = readOr(file, null);
    if (content === null) continue; // released meanwhile: try again
    if (content && ownerIsDead(content)) {
      takeOver(file, content);
      continue;
    }
    if (Date.now() > deadline) throw refused('output-locked', { path, lock: file, owner: describeOwner(content) });
    sleep(25);
  }
}

/**
 * Takes the locks of several outputs, in one order (sorted by path) so that two runs locking
 * overlapping sets never wait for each other in a circle. Releases all on failure.
 */
export function acquireLocks(paths: readonly string[], waitMs = LOCK_WAIT_MS): Release {
  const releases: Release[] = [];
  try {
    for (const p of [...new Set(paths)].sort()) releases.push(acquireLock(p, waitMs));
  } catch (e) {
    for (const r of releases.reverse()) r();
    throw e;
  }
  return () => {
    for (const r of releases.reverse()) r();
  };
}
