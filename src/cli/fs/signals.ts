/**
 * Interruption: on SIGINT or SIGTERM the run removes its temporary files and locks, then
 * exits 130 or 143. A commit in progress (the renames of an output set) is let finish first:
 * the handler waits until no thread is inside a critical section, and no thread enters one
 * after the handler started. Worker threads share that state through `SharedArrayBuffer`
 * (pass {@link sharedFsState} to each worker and call {@link attachSharedFsState} there).
 */
import { readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { listDir, TEMP_NAME, unlinkQuiet } from './names.js';

/** [0]: 1 once the process is stopping; [1]: threads inside a critical section; [2]: output sets done. */
let state = new Int32Array(new SharedArrayBuffer(12));
/** Output sets the run means to write (0: none, the interruption says nothing of them). */
let setsPlanned = 0;
const tracked = new Set<string>();
const directories = new Set<string>();
let ownLockContent = '';

/** The state to hand to worker threads. */
export function sharedFsState(): SharedArrayBuffer {
  return state.buffer as SharedArrayBuffer;
}

/** In a worker thread: share the main thread's state. */
export function attachSharedFsState(buffer: SharedArrayBuffer): void {
  state = new Int32Array(buffer);
}

/** Thrown inside a worker when the process is stopping: the work is abandoned. */
export class Stopping extends Error {
  constructor() {
    super('interrupted');
    this.name = 'Stopping';
  }
}

/**
 * Runs `fn` as a critical section: never interrupted by the signal handler's cleanup. Throws
 * {@link Stopping} instead of starting once the process is stopping.
 */
export function critical<T>(fn: () => T): T {
  Atomics.add(state, 1, 1);
  try {
    if (Atomics.load(state, 0)) throw new Stopping();
    return fn();
  } finally {
    Atomics.sub(state, 1, 1);
  }
}

/**
 * Tells the interruption how many output sets the run means to write: on SIGINT or SIGTERM it
 * then says how many of them are done (`interrupted: 3 of 10 output sets written; …`).
 */
export function expectOutputSets(n: number): void {
  setsPlanned = n;
  Atomics.store(state, 2, 0);
}

/** Counts one output set written whole (or found already up to date), in any thread. */
export function countOutputSet(): void {
  Atomics.add(state, 2, 1);
}

/** The line the interruption prints, or null when the run writes no output sets. */
export function interruptedLine(): string | null {
  if (!setsPlanned) return null;
  const done = Atomics.load(state, 2);
  return `esa-patch: interrupted: ${done} of ${setsPlanned} output sets written; run the same command again to finish${done ? ' (the sets written are kept; it writes the others)' : ''}\n`;
}

/** Remembers a temporary file or lock of this thread, removed on interruption. */
export function track(path: string): void {
  tracked.add(path);
}

/** Forgets a tracked file (renamed into place, or removed). */
export function untrack(path: string): void {
  tracked.delete(path);
}

/**
 * Remembers a directory where this process (any of its threads) may leave temporary files
 * and locks; the cleanup looks there for the ones of this process.
 */
export function watchDirectory(dir: string): void {
  directories.add(dir);
}

/** Tells the cleanup what this process's lock files hold (set by the lock module). */
export function setOwnLockContent(content: string): void {
  ownLockContent = content;
}

/**
 * Removes this process's temporary files and locks: the ones this thread tracked, and the
 * ones any thread left in a watched directory (temporary files named with this pid, lock
 * files holding this process's identity). Never touches another process's files.
 */
export function cleanupNow(): void {
  for (const p of tracked) unlinkQuiet(p);
  tracked.clear();
  for (const dir of directories) {
    for (const n of listDir(dir)) {
      const p = join(dir, n);
      const m = TEMP_NAME.exec(n);
      if ((m && Number(m[2]) === process.pid) || (n.endsWith('.lock') && ownLockContent && readOr(p) === ownLockContent)) unlinkQuiet(p);
    }
  }
}

function readOr(path: string): string | null {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return null;
  }
}

let installed = false;

/**
 * Installs the SIGINT and SIGTERM handlers (once; main thread only): stop new critical
 * sections, wait (at most `waitMs`) for running ones, remove this process's temporary files
 * and locks, say how many output sets were written (see {@link expectOutputSets}), exit 130
 * (SIGINT) or 143 (SIGTERM).
 */
export function installSignalCleanup(waitMs = 10_000): void {
  if (installed) return;
  installed = true;
  const handler = (signal: NodeJS.Signals) => {
    Atomics.store(state, 0, 1);
    const until = Date.now() + waitMs;
    while (Atomics.load(state, 1) > 0 && Date.now() < until) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    cleanupNow();
    const line = interruptedLine();
    if (line) {
      try {
        writeSync(2, line); // synchronous: the process exits next
      } catch {
        // stderr gone: the exit code still says it
      }
    }
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
