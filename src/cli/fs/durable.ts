/**
 * Durable file primitives of the commit: writing through a small buffer, fsync of a directory,
 * atomic replacement of a small file, and the sweep of temporary files that killed runs left.
 */
import { closeSync, fsyncSync, lstatSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { errno } from './errors.js';
import { listDir, TEMP_NAME, tempName, unlinkQuiet } from './names.js';
import { critical, track, untrack } from './signals.js';

const CHUNK = 1 << 20;

/** Writes latin1 `content` to `fd` through one small buffer: no whole-file copy of it. */
export function writeLatin1(fd: number, content: string | readonly string[]): void {
  const pieces = typeof content === 'string' ? [content] : content;
  const buf = Buffer.allocUnsafeSlow(CHUNK);
  let used = 0;
  const flush = () => {
    let off = 0;
    while (off < used) off += writeSync(fd, buf, off, used - off);
    used = 0;
  };
  for (const piece of pieces) {
    for (let at = 0; at < piece.length; ) {
      const take = Math.min(piece.length - at, CHUNK - used);
      used += buf.write(take === piece.length ? piece : piece.slice(at, at + take), used, 'latin1');
      at += take;
      if (used === CHUNK) flush();
    }
  }
  flush();
}

/** Fsyncs directory `dir`, so that the names just created or renamed in it are durable. */
export function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // not supported on every file system; the files themselves were synced
  }
}

/** Something (a file, a directory, a dangling link) exists at `path`. */
export function lexists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** The inode of what is at `path` (as a string: a bigint does not go into JSON), null when nothing is. */
export function inoOf(path: string): string | null {
  try {
    return String(lstatSync(path, { bigint: true }).ino);
  } catch {
    return null;
  }
}

/** Is `pid` (from a temporary file's name) gone? */
function pidGone(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return errno(e) !== 'EPERM';
  }
}

const swept = new Set<string>();

/**
 * Removes temporary files that a killed run left in `dir` (their pid is gone). Each directory
 * is listed once per process, so a batch stays linear in its number of outputs.
 */
export function sweepTemps(dir: string, again = false): void {
  if (swept.has(dir) && !again) return;
  swept.add(dir);
  for (const n of listDir(dir)) {
    const m = TEMP_NAME.exec(n);
    if (m && pidGone(Number(m[2]))) unlinkQuiet(join(dir, n));
  }
}

/** Writes a file atomically and durably (temporary file, fsync, rename, fsync of the directory). */
export function writeDurably(path: string, text: string): void {
  const tmp = critical(() => {
    const t = tempName(path);
    track(t);
    return t;
  });
  try {
    const fd = openSync(tmp, 'wx', 0o644);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } finally {
    unlinkQuiet(tmp);
    untrack(tmp);
  }
  fsyncDir(dirname(path));
}
