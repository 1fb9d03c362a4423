/**
 * The names of the files a run keeps beside its outputs while writing: temporary files
 * (`.NAME.PID.RANDOM.tmp`), lock files (`NAME.lock`), takeover tokens and commit journals
 * (`.esa-patch-journal-HASH.json`). One place, so that cleanup, recovery and the identity
 * check agree on them.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** A temporary file of this process for `path`, in the same directory. */
export function tempName(path: string, pid: number = process.pid): string {
  return join(dirname(path), `.${basename(path)}.${pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Matches a temporary file name; group 2 is the writer's pid. */
export const TEMP_NAME = /^\.(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/s;

/** The lock file of output `path`. */
export const lockName = (path: string): string => `${path}.lock`;

/** Matches a commit journal name. */
export const JOURNAL_NAME = /^\.esa-patch-journal-[0-9a-f]{16}\.json$/;

/** Is `base` a name esa-patch uses for its own files beside the outputs? */
export function isAuxiliaryName(base: string): boolean {
  return TEMP_NAME.test(base) || JOURNAL_NAME.test(base) || /\.lock(\.takeover-[0-9a-f]+)?$/.test(base);
}

/** The names in `dir`; none when it cannot be listed (gone, not a directory). */
export function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Removes `path` if it is there; a file already gone is what was wanted. */
export function unlinkQuiet(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // gone already, or not ours to remove
  }
}
