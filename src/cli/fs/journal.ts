/**
 * The journal of a commit (`.esa-patch-journal-HASH.json` beside the outputs) and recovery
 * from it: a commit an interrupted run did not mark committed is undone, a committed one is
 * finished (see `write.ts` for the commit itself).
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { errno, reason } from './errors.js';
import { Refused, refused } from '../../findings.js';
import { namePlace } from './identity.js';
import { acquireLocks } from './lock.js';
import { fsyncDir, inoOf, lexists, sweepTemps } from './durable.js';
import { JOURNAL_NAME, listDir, unlinkQuiet } from './names.js';

/** An interrupted commit an earlier run left, finished or undone by this one. */
export interface Recovery {
  journal: string;
  outcome: 'old-set' | 'new-set';
  paths: string[];
}

/** One file's part of a commit, as the journal records it. */
export interface Entry {
  /** Real path of the output. */
  path: string;
  /** The new content, fsynced, until it is placed. */
  temp: string;
  /** Inode of the temporary file: tells our placed file from anyone else's. */
  ino: string;
  /** Where the old file is kept while the commit runs (when it existed). */
  backup: string | null;
}

/** A journal: the files of one commit, and whether it reached its commit point. */
export interface Journal {
  format: 'esa-patch-journal/1';
  owner: string;
  state: 'prepared' | 'committed';
  entries: Entry[];
}

/** Where the journal of a commit of `paths` is kept: beside the first, named by a hash of all. */
export function journalPath(paths: readonly string[]): string {
  const hash = createHash('sha256').update(paths.join('\0')).digest('hex').slice(0, 16);
  return join(dirname(paths[0]!), `.esa-patch-journal-${hash}.json`);
}

/** The journal at `path`: null when it is not a journal, 'gone' when it no longer exists. */
export function readJournal(path: string): Journal | null | 'gone' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return errno(e) === 'ENOENT' ? 'gone' : null;
  }
  try {
    const j = JSON.parse(text) as Journal;
    if (j.format !== 'esa-patch-journal/1' || !Array.isArray(j.entries)) return null;
    return j;
  } catch {
    return null;
  }
}

/**
 * Journals found in each directory, listed once per thread: a journal written later is a
 * live run's (or this run's own) and is settled by its writer, so a batch of n outputs in one
 * directory stays linear. Names are dropped once settled or gone.
 */
const journalsSeen = new Map<string, Set<string>>();

function journalsIn(dir: string): Set<string> {
  let seen = journalsSeen.get(dir);
  if (!seen) {
    seen = new Set(listDir(dir).filter((n) => JOURNAL_NAME.test(n)));
    journalsSeen.set(dir, seen);
  }
  return seen;
}

/**
 * Undoes (state `prepared`) or finishes (state `committed`) the commit a journal records, then
 * removes the journal. Throws when a step fails; the journal then stays for the next run.
 */
export function settle(journalFile: string, j: Journal): Recovery {
  if (j.state === 'prepared') {
    for (const e of j.entries) {
      if (e.backup && lexists(e.backup)) {
        // Put the old file back (atomically over ours), and drop the backup name (rename
        // leaves both names when they are links of one file). A file another run wrote
        // there since is newer than both: it stays.
        const now = inoOf(e.path);
        if (now === null || now === e.ino || now === inoOf(e.backup)) renameSync(e.backup, e.path);
        unlinkQuiet(e.backup);
      } else if (!e.backup && inoOf(e.path) === e.ino) {
        unlinkSync(e.path); // ours, and there was no old file
      }
    }
  } else {
    for (const e of j.entries) if (e.backup) unlinkQuiet(e.backup);
  }
  for (const e of j.entries) unlinkQuiet(e.temp);
  for (const d of new Set(j.entries.map((e) => dirname(e.path)))) fsyncDir(d);
  unlinkSync(journalFile);
  fsyncDir(dirname(journalFile));
  return { journal: journalFile, outcome: j.state === 'prepared' ? 'old-set' : 'new-set', paths: j.entries.map((e) => e.path) };
}

/**
 * Finds the journals of interrupted commits that name any of `paths` in their directories
 * (the caller holds the locks of `paths`), and settles each under the locks of all the files
 * it names.
 */
export function recover(paths: readonly string[], lockWaitMs: number | undefined): Recovery[] {
  const wanted = new Set(paths);
  const done: Recovery[] = [];
  for (const dir of new Set(paths.map((p) => dirname(p)))) {
    const seen = journalsIn(dir);
    for (const n of [...seen]) {
      const file = join(dir, n);
      const j = readJournal(file);
      if (j === 'gone') {
        seen.delete(n);
        continue;
      }
      if (!j) throw refused('commit-stuck', { journal: file, reason: null });
      if (!j.entries.some((e) => wanted.has(e.path))) continue;
      // A run commits under the locks of every file it names: holding them all, no commit of
      // these files is in progress, whoever wrote the journal.
      const extra = j.entries.map((e) => e.path).filter((p) => !wanted.has(p));
      const release = extra.length ? acquireLocks(extra, lockWaitMs) : () => {};
      try {
        const again = readJournal(file);
        if (again && again !== 'gone') done.push(settle(file, again));
        seen.delete(n);
      } catch (e) {
        if (e instanceof Refused) throw e;
        throw refused('commit-stuck', { journal: file, reason: reason(e) });
      } finally {
        release();
      }
    }
  }
  return done;
}

/**
 * Finishes or undoes the interrupted commits (of dead runs) that name any of `paths`, under
 * their locks, and removes dead runs' temporary files beside them: what every commit does
 * first, for a caller that only wants the files settled.
 */
export function recoverOutputs(paths: readonly string[], lockWaitMs?: number): Recovery[] {
  const places = paths.map((p) => namePlace(p));
  const release = acquireLocks(places, lockWaitMs);
  try {
    for (const d of new Set(places.map((p) => dirname(p)))) journalsSeen.delete(d);
    const recovered = recover(places, lockWaitMs);
    for (const d of new Set(places.map((p) => dirname(p)))) sweepTemps(d, true);
    return recovered;
  } finally {
    release();
  }
}
