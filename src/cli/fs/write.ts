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
 */
import {
  closeSync,
  fstatSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { CliError, errno, fsError, noHardLinks, reason } from './errors.js';
import { namePlace } from './identity.js';
import { acquireLocks, OWNER } from './lock.js';
import { JOURNAL_NAME, listDir, TEMP_NAME, tempName, unlinkQuiet } from './names.js';
import { critical, track, untrack } from './signals.js';

/** One file of an output set. */
export interface OutputFile {
  path: string;
  /**
   * Content: one character per byte; or pieces written one after the other (say, slices of
   * the input and the inserted text, so that a large output is never built in memory).
   */
  content: string | readonly string[];
}

/** The former name of {@link OutputFile}. */
export type PendingWrite = OutputFile;

/** An interrupted commit an earlier run left, finished or undone by this one. */
export interface Recovery {
  journal: string;
  outcome: 'old-set' | 'new-set';
  paths: string[];
}

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
}

/** One file's part of a commit, as the journal records it. */
interface Entry {
  /** Real path of the output. */
  path: string;
  /** The new content, fsynced, until it is placed. */
  temp: string;
  /** Inode of the temporary file: tells our placed file from anyone else's. */
  ino: string;
  /** Where the old file is kept while the commit runs (when it existed). */
  backup: string | null;
}

interface Journal {
  format: 'esa-patch-journal/1';
  owner: string;
  state: 'prepared' | 'committed';
  entries: Entry[];
}

const CHUNK = 1 << 20;

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

/** Writes latin1 `content` to `fd` through one small buffer: no whole-file copy of it. */
function writeLatin1(fd: number, content: string | readonly string[]): void {
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

function fsyncDir(dir: string): void {
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

function lexists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
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
function sweepTemps(dir: string, again = false): void {
  if (swept.has(dir) && !again) return;
  swept.add(dir);
  for (const n of listDir(dir)) {
    const m = TEMP_NAME.exec(n);
    if (m && pidGone(Number(m[2]))) unlinkQuiet(join(dir, n));
  }
}

/** Writes a file atomically and durably (temporary file, fsync, rename, fsync of the directory). */
function writeDurably(path: string, text: string): void {
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

function journalPath(paths: readonly string[]): string {
  const hash = createHash('sha256').update(paths.join('\0')).digest('hex').slice(0, 16);
  return join(dirname(paths[0]!), `.esa-patch-journal-${hash}.json`);
}

/** The journal at `path`: null when it is not a journal, 'gone' when it no longer exists. */
function readJournal(path: string): Journal | null | 'gone' {
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

function inoOf(path: string): string | null {
  try {
    return String(lstatSync(path, { bigint: true }).ino);
  } catch {
    return null;
  }
}

/**
 * Undoes (state `prepared`) or finishes (state `committed`) the commit a journal records, then
 * removes the journal. Throws when a step fails; the journal then stays for the next run.
 */
function settle(journalFile: string, j: Journal): Recovery {
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
function recover(paths: readonly string[], lockWaitMs: number | undefined): Recovery[] {
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
      if (!j) throw fsError('commit-stuck', { journal: file, detail: 'it is not a journal esa-patch can read' });
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
        if (e instanceof CliError) throw e;
        throw fsError('commit-stuck', { journal: file, detail: reason(e) });
      } finally {
        release();
      }
    }
  }
  return done;
}

/**
 * Writes every file of a set, or none (see the module comment). Refuses existing files
 * without `force`. Finishes or undoes an interrupted commit of an earlier run first (returned
 * in `recovered`). Throws a CliError: `output-exists`, `output-locked`, `write-failed` (the
 * message says exactly what was left), `commit-stuck`.
 */
export function commitOutputSet(files: readonly OutputFile[], options: CommitOptions = {}): CommitResult {
  if (!files.length) return { recovered: [] };
  const step = options.step ?? envStep() ?? (() => {});
  const given = files.map((f) => f.path);
  try {
    for (const f of files) mkdirSync(dirname(resolve(f.path)), { recursive: true });
  } catch (e) {
    throw fsError('write-failed', { paths: given, reason: reason(e), left: 'nothing-written', fresh: [], journal: null });
  }
  // Real places: a journal names each file once, however its directory was reached. A link
  // at the name itself is replaced, never written through.
  const paths = files.map((f) => namePlace(f.path));
  const release = acquireLocks(paths, options.lockWaitMs);
  const temps: string[] = [];
  try {
    const recovered = recover(paths, options.lockWaitMs);
    if (!options.force) {
      const existing = given.filter((_, k) => lexists(paths[k]!));
      if (existing.length) throw fsError('output-exists', { path: existing.join(', ') });
    }
    for (const d of new Set(paths.map((p) => dirname(p)))) sweepTemps(d);
    const inos: string[] = [];
    files.forEach((f, k) => {
      const tmp = critical(() => {
        const t = tempName(paths[k]!);
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
    critical(() => commit(paths, given, temps, inos, !!options.force, step));
    return { recovered };
  } catch (e) {
    if (e instanceof CliError || (e instanceof Error && e.name === 'Stopping')) throw e;
    throw fsError('write-failed', { paths: given, reason: reason(e), left: 'nothing-written', fresh: [], journal: null });
  } finally {
    for (const t of temps) {
      unlinkQuiet(t);
      untrack(t);
    }
    release();
  }
}

/** The commit proper: journal, backups, placing, committed, cleanup. */
function commit(paths: readonly string[], given: readonly string[], temps: readonly string[], inos: readonly string[], force: boolean, step: (name: string) => void): void {
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
    throw fsError('write-failed', { paths: given, reason: reason(e), left: 'nothing-written', fresh: [], journal: null });
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
          if (errno(err) === 'EEXIST') throw fsError('output-exists', { path: given[k]! });
          if (!noHardLinks(err)) throw err;
          if (lexists(e.path)) throw fsError('output-exists', { path: given[k]! });
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
      if (err instanceof CliError && settled) throw err;
      throw fsError('write-failed', { paths: given, reason: err instanceof CliError ? err.message : reason(err), left: settled ? 'unchanged' : 'incomplete', fresh: settled ? [] : given.slice(0, placed), journal: settled ? null : jfile });
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
