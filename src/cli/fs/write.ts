/**
 * Writing an output set (a patched export, its diff and its artefact; or a report) so that it
 * is whole or absent: every file is written to a temporary file beside it and fsynced; then a
 * journal beside the outputs (`.esa-patch-journal-HASH.json`) records the commit; the old
 * files are kept under backup names (hard links) and the new ones renamed into place; the
 * journal is marked committed, then the backups and the journal are removed. (A set that
 * replaces no file keeps no backup: removing its journal is its commit.)
 *
 * After an interruption at any step (a kill, a power loss, a failed rename) the journal tells
 * the next run that writes any of these outputs what to do: a commit not marked committed is
 * undone (the old set is put back, new files that replaced nothing are removed), a committed
 * one is finished. A failure inside a run is undone at once, and the message says what is
 * left. Outputs are written under their locks (see `lock.ts`); without `force`, an existing
 * output is refused and a file that appears meanwhile is never replaced (hard link, not
 * rename).
 *
 * The journal and recovery from it are in `journal.ts`; the durable file primitives (buffered
 * latin1 writes, directory fsync, the sweep of dead runs' temporary files) in `durable.ts`.
 */
import { closeSync, fstatSync, fsyncSync, linkSync, mkdirSync, openSync, renameSync, unlinkSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { fsyncDir, lexists, sweepTemps, writeDurably, writeLatin1 } from './durable.js';
import { errno, noHardLinks, reason } from './errors.js';
import { Refused, refused } from '../../findings.js';
import { messageOf } from '../../report/messages.js';
import { namePlace } from './identity.js';
import { holdsContent } from './same.js';
import { journalPath, readJournal, recover, settle, type Entry, type Journal, type Recovery } from './journal.js';
import { acquireLocks, OWNER } from './lock.js';
import { tempName, unlinkQuiet } from './names.js';
import { critical, track, untrack } from './signals.js';

/** One file of an output set. */
export interface OutputFile {
  path: string;
  /**
   * Content: one character per byte; or pieces written one after the other (say, slices of
   * the input and the inserted text, so that a large output is never built in memory).
   */
  content: string | readonly string[];
  /**
   * When an existing file at `path` is the same as `content` (read as one character per byte):
   * say, an artefact equal in meaning. Default: byte for byte.
   */
  same?: (existing: string) => boolean;
}

/** The former name of {@link OutputFile}. */
export type PendingWrite = OutputFile;

/** Options of {@link commitOutputSet}. */
export interface CommitOptions {
  /** Replace existing files (default: refuse them, `output-exists`). */
  force?: boolean;
  /**
   * Test hook, called at every step (`temp:I`, `journal`, `backup:I`, `place:I`, `committed`,
   * `drop:I`, `done`); it may throw to simulate a failure there, or kill the process.
   */
  step?: (name: string) => void;
  /** How long to wait for another run's lock. */
  lockWaitMs?: number;
}

/** What {@link commitOutputSet} did besides writing. */
export interface CommitResult {
  recovered: Recovery[];
  /** Files left as they were, as given: they already held what this set writes there. */
  kept: string[];
}

/**
 * The test hook from the environment: `ESA_PATCH_FS_TEST_HOOK=ACTION@STEP`, ACTION one of
 * `kill` (SIGKILL this process), `fail` (an EIO error), `pause` or `pause:MS` (hold this
 * thread, 60 s by default). Lets the tests interrupt a real run at an exact step.
 */
function envStep(): ((name: string) => void) | undefined {
  const spec = process.env['ESA_PATCH_FS_TEST_HOOK'];
  const m = spec ? /^(kill|fail|pause)(?::(\d+))?@(.+)$/.exec(spec) : null;
  if (!m) return undefined;
  const [, action, ms, at] = m;
  return (name) => {
    if (name !== at) return;
    if (action === 'kill') process.kill(process.pid, 'SIGKILL');
    if (action === 'fail') throw Object.assign(new Error('injected failure'), { code: 'EIO' });
    if (action === 'pause') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(ms ?? 60_000));
  };
}

/**
 * Writes every file of a set, or none (see the module comment). A file that already holds
 * exactly what the set writes there is left as it is (`kept`): a set found whole is up to date,
 * and a re-run converges. Refuses existing files with other content without `force`. Finishes or undoes an interrupted commit of an earlier run first (returned
 * in `recovered`). Throws a `Refused`: `output-exists`, `output-locked`, `write-failed` (the
 * message says exactly what was left), `commit-stuck`.
 */
export function commitOutputSet(files: readonly OutputFile[], options: CommitOptions = {}): CommitResult {
  if (!files.length) return { recovered: [], kept: [] };
  const step = options.step ?? envStep() ?? (() => {});
  const given = files.map((f) => f.path);
  try {
    for (const f of files) mkdirSync(dirname(resolve(f.path)), { recursive: true });
  } catch (e) {
    throw refused('write-failed', { paths: given, reason: reason(e), left: 'nothing-written', fresh: [], journal: null });
  }
  // Real places: a journal names each file once, however its directory was reached. A link
  // at the name itself is replaced, never written through.
  const paths = files.map((f) => namePlace(f.path));
  const release = acquireLocks(paths, options.lockWaitMs);
  const temps: string[] = [];
  try {
    const recovered = recover(paths, options.lockWaitMs);
    // Under the locks and after recovery: what is there now is a whole set or none.
    const keep = files.map((f, k) => lexists(paths[k]!) && holdsContent(paths[k]!, f.content, f.same));
    const kept = given.filter((_, k) => keep[k]);
    const todo = files.map((_, k) => k).filter((k) => !keep[k]);
    if (!todo.length) return { recovered, kept };
    if (!options.force) {
      const existing = todo.filter((k) => lexists(paths[k]!)).map((k) => given[k]!);
      if (existing.length) throw refused('output-exists', { path: existing.join(', ') });
    }
    const sub = { files: todo.map((k) => files[k]!), paths: todo.map((k) => paths[k]!), given: todo.map((k) => given[k]!) };
    for (const d of new Set(sub.paths.map((p) => dirname(p)))) sweepTemps(d);
    const inos: string[] = [];
    sub.files.forEach((f, k) => {
      const tmp = critical(() => {
        const t = tempName(sub.paths[k]!);
        const fd = openSync(t, 'wx', 0o644);
        track(t);
        temps.push(t);
        return { t, fd };
      });
      try {
        writeLatin1(tmp.fd, f.content);
        fsyncSync(tmp.fd);
        inos.push(String(fstatSync(tmp.fd, { bigint: true }).ino));
      } finally {
        closeSync(tmp.fd);
      }
      step(`temp:${k}`);
    });
    critical(() => commit(sub.paths, sub.given, temps, inos, !!options.force, step));
    return { recovered, kept };
  } catch (e) {
    if (e instanceof Refused || (e instanceof Error && e.name === 'Stopping')) throw e;
    throw refused('write-failed', { paths: given, reason: reason(e), left: 'nothing-written', fresh: [], journal: null });
  } finally {
    for (const t of temps) {
      unlinkQuiet(t);
      untrack(t);
    }
    release();
  }
}

/** The commit proper: journal, backups, placing, committed, cleanup. */
function commit(
  paths: readonly string[],
  given: readonly string[],
  temps: readonly string[],
  inos: readonly string[],
  force: boolean,
  step: (name: string) => void,
): void {
  const entries: Entry[] = paths.map((path, k) => ({
    path,
    temp: temps[k]!,
    ino: inos[k]!,
    backup: lexists(path) ? join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.old`) : null,
  }));
  const backups = entries.some((e) => e.backup);
  const dirs = [...new Set(paths.map((p) => dirname(p)))];
  const jfile = journalPath(paths);
  const journal: Journal = { format: 'esa-patch-journal/1', owner: OWNER, state: 'prepared', entries };
  try {
    writeDurably(jfile, JSON.stringify(journal, null, 2) + '\n');
  } catch (e) {
    throw refused('write-failed', { paths: given, reason: reason(e), left: 'nothing-written', fresh: [], journal: null });
  }
  let placed = 0;
  let committed = false;
  try {
    step('journal');
    entries.forEach((e, k) => {
      if (!e.backup) return;
      try {
        linkSync(e.path, e.backup);
      } catch (err) {
        if (!noHardLinks(err)) throw err;
        renameSync(e.path, e.backup); // no hard links here: the old name is empty until placed
      }
      step(`backup:${k}`);
    });
    if (backups) for (const d of dirs) fsyncDir(d);
    entries.forEach((e, k) => {
      if (force) {
        renameSync(e.temp, e.path);
      } else {
        try {
          linkSync(e.temp, e.path);
        } catch (err) {
          if (errno(err) === 'EEXIST') throw refused('output-exists', { path: given[k]! });
          if (!noHardLinks(err)) throw err;
          if (lexists(e.path)) throw refused('output-exists', { path: given[k]! });
          renameSync(e.temp, e.path);
        }
        unlinkQuiet(e.temp);
      }
      placed++;
      step(`place:${k}`);
    });
    for (const d of dirs) fsyncDir(d);
    // The commit point. With backups, the journal is marked committed (then backups and
    // journal go); without, there is nothing to keep: removing the journal commits.
    if (backups) {
      journal.state = 'committed';
      writeDurably(jfile, JSON.stringify(journal, null, 2) + '\n');
    } else {
      unlinkSync(jfile);
      fsyncDir(dirname(jfile));
    }
    committed = true;
    step('committed');
  } catch (err) {
    if (!committed) {
      // Undo now; if that fails too, the journal stays for the next run.
      let settled = false;
      try {
        const read = readJournal(jfile);
        settle(jfile, read && read !== 'gone' ? read : journal);
        settled = true;
      } catch {
        settled = false;
      }
      if (err instanceof Refused && settled) throw err;
      throw refused('write-failed', {
        paths: given,
        reason: err instanceof Refused ? messageOf(err.finding) : reason(err),
        left: settled ? 'unchanged' : 'incomplete',
        fresh: settled ? [] : given.slice(0, placed),
        journal: settled ? null : jfile,
      });
    }
  }
  // Committed: what remains is tidying; a failure here leaves a committed journal that the
  // next run finishes.
  try {
    entries.forEach((e, k) => {
      if (e.backup) unlinkSync(e.backup);
      step(`drop:${k}`);
    });
    if (backups) {
      unlinkSync(jfile);
      fsyncDir(dirname(jfile));
    }
    step('done');
  } catch {
    // finished by the next run
  }
}
