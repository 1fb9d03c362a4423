/**
 * File I/O for the commands: read inputs as latin1, expand directories, and write outputs
 * atomically (temporary file in the same directory, fsync, rename), never over an existing
 * file without --force, and all-or-nothing for the files of one input.
 *
 * Concurrency: the files of one output are written under a lock file (`OUT.xml.lock`, holding
 * the writer's pid), so two runs writing the same output at once leave the complete set of one
 * of them, never a mix; a lock or a temporary file left by a killed run (its pid is gone) is
 * removed by the next run. A run killed mid-write leaves no file under the output's name.
 */
import {
  closeSync,
  constants as fsConstants,
  existsSync,
  fstatSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { constants as bufferConstants } from 'node:buffer';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';

/** A user-facing I/O failure (exit 1). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: string = 'io-error',
    readonly exitCode: number = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/**
 * Largest input accepted (bytes): 512 MiB, far above any real export (a few MB), far below
 * memory trouble; never above the longest string the JavaScript engine can hold. A larger
 * file is refused from its size alone, before a byte of it is read.
 */
export const MAX_INPUT_BYTES = Math.min(512 * 1024 * 1024, bufferConstants.MAX_STRING_LENGTH);

/** Size of the pieces files are read from pipes and written in. */
const CHUNK = 1 << 20;

const REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many open files',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EIO: 'input/output error',
};

/** `CODE (what it means)` of a system error, for messages. */
function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code) return REASONS[code] ? `${code}: ${REASONS[code]}` : code;
  return (e as Error).message;
}

function unreadable(path: string, e: unknown): CliError {
  return new CliError(`${path}: cannot read (${reason(e)}); check the path and its permissions`, 'unreadable');
}

/**
 * Reads a file as latin1 (one character per byte): a regular file, or a pipe (`<(command)`,
 * a FIFO with a writer) read to its end. Refuses directories, devices and sockets (they could
 * never end), a file over {@link MAX_INPUT_BYTES} before reading it, and a pipe as soon as it
 * passes that size.
 */
export function readLatin1(path: string): string {
  let fd: number;
  let pipe: boolean;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new CliError(`${path}: is a directory, not a file; give the export file, or a directory to apply to its *.xml files`, 'not-a-file');
    if (!st.isFile() && !st.isFIFO()) throw new CliError(`${path}: is not a regular file (a device or a socket); save the export to a file and give that file`, 'not-a-file');
    pipe = st.isFIFO();
    // A regular file never blocks; O_NONBLOCK guards against one replaced by a FIFO meanwhile.
    fd = openSync(path, pipe ? fsConstants.O_RDONLY : fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw unreadable(path, e);
  }
  const tooLarge = (size: string) =>
    new CliError(
      `${path}: ${size} is over the limit for an export (${MAX_INPUT_BYTES} bytes, ${Math.round(MAX_INPUT_BYTES / 1048576)} MiB) and was not read; real exports are a few MB: check that this is an ESA configuration file`,
      'input-too-large',
    );
  try {
    const st = fstatSync(fd);
    if (pipe !== st.isFIFO() || (!pipe && !st.isFile())) throw new CliError(`${path}: changed while it was opened; give it again once nothing replaces it`, 'input-changed');
    if (pipe) {
      const chunks: Buffer[] = [];
      let total = 0;
      for (;;) {
        const chunk = Buffer.allocUnsafe(CHUNK);
        const got = readSync(fd, chunk, 0, CHUNK, null);
        if (got === 0) break;
        total += got;
        if (total > MAX_INPUT_BYTES) throw tooLarge(`the stream, past ${MAX_INPUT_BYTES} bytes,`);
        chunks.push(got === CHUNK ? chunk : chunk.subarray(0, got));
      }
      return Buffer.concat(chunks, total).toString('latin1');
    }
    if (st.size > MAX_INPUT_BYTES) throw tooLarge(`${st.size} bytes (${Math.round(st.size / 1048576)} MiB)`);
    const buf = Buffer.allocUnsafeSlow(st.size + 1);
    let n = 0;
    for (;;) {
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
      if (n > st.size) throw new CliError(`${path}: the file grew while it was read; read it again once nothing writes to it`, 'input-changed');
    }
    return buf.toString('latin1', 0, n);
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw unreadable(path, e);
  } finally {
    closeSync(fd);
  }
}

/** Expands inputs: files as given, directories to their `*.xml` files (sorted). */
export function expandInputs(inputs: readonly string[], cwd: string): string[] {
  const out: string[] = [];
  for (const item of inputs) {
    const full = resolve(cwd, item);
    let isDir = false;
    try {
      isDir = statSync(full).isDirectory();
    } catch {
      // a missing file is reported when it is read
    }
    if (isDir) {
      const names = readdirSync(full).filter((n) => n.toLowerCase().endsWith('.xml')).sort();
      for (const n of names) out.push(join(item, n));
    } else {
      out.push(item);
    }
  }
  return out;
}

/** One file to write. */
export interface PendingWrite {
  path: string;
  /**
   * Content: one character per byte; or pieces written one after the other (say, slices of
   * the input and the inserted text, so that a large output is never built in memory).
   */
  content: string | readonly string[];
}

/** How long a run waits for another run writing the same output before giving up. */
export const LOCK_WAIT_MS = 15_000;


function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Is process `pid` alive (on this machine)? */
function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tempName(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

const TEMP = /^\.(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/;
const swept = new Set<string>();

/**
 * Removes temporary files that a killed run left in `dir` (their pid is gone). Each directory
 * is listed once per process, so a batch stays linear in its number of outputs.
 */
function sweepTemps(dir: string): void {
  if (swept.has(dir)) return;
  swept.add(dir);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) {
    const m = TEMP.exec(n);
    if (m && !alive(Number(m[2]))) {
      try {
        unlinkSync(join(dir, n));
      } catch {
        // another run removed it, or it is not ours to remove
      }
    }
  }
}

/**
 * Takes the lock of output `path` (`path.lock`, holding our pid); waits for a live holder,
 * removes a dead one's. Returns the function that releases it.
 */
function lock(path: string): () => void {
  const file = `${path}.lock`;
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const fd = openSync(file, 'wx', 0o644);
      try {
        writeSync(fd, `${process.pid}\n`);
      } finally {
        closeSync(fd);
      }
      return () => {
        try {
          unlinkSync(file);
        } catch {
          // already gone
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new CliError(`cannot create the lock file ${file} (${reason(e)}); nothing was written`, 'write-failed');
    }
    let holder = NaN;
    try {
      const content = readFileSync(file, 'latin1').trim();
      // Empty: its writer is between creating it and writing its pid, or died right there.
      if (content || Date.now() - statSync(file).mtimeMs > 5000) holder = Number(content);
    } catch {
      continue; // released meanwhile: try again
    }
    if (!Number.isNaN(holder) && !alive(holder)) {
      try {
        unlinkSync(file);
      } catch {
        // another run removed it first
      }
      continue;
    }
    if (Date.now() > deadline) {
      throw new CliError(
        `${path}: another esa-patch run (pid ${Number.isNaN(holder) ? 'unknown' : holder}) is writing it (lock file ${file}); nothing was written. Wait for that run to finish, or delete the lock file if no such run exists`,
        'output-locked',
      );
    }
    sleep(25);
  }
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

/**
 * Writes every file or none: refuses existing targets without `force`, writes each to a
 * temporary file beside it (fsynced), then moves them into place: without `force` by hard
 * link, which fails rather than replace a file that appeared meanwhile; with `force` by
 * rename. Holds the lock of the first file throughout.
 */
export function writeAllAtomic(files: readonly PendingWrite[], force: boolean): void {
  if (!files.length) return;
  const where = files.map((f) => f.path).join(', ');
  try {
    for (const f of files) mkdirSync(dirname(f.path), { recursive: true });
  } catch (e) {
    throw new CliError(`cannot create the directory of ${where} (${reason(e)}); nothing was written`, 'write-failed');
  }
  const release = lock(files[0]!.path);
  const temps: { tmp: string; path: string }[] = [];
  const placed: string[] = [];
  try {
    if (!force) {
      const existing = files.filter((f) => existsSync(f.path));
      if (existing.length) {
        throw new CliError(`${existing.map((f) => f.path).join(', ')}: already exists; nothing was written. Pass --force to overwrite, or choose another output`, 'output-exists');
      }
    }
    for (const f of files) sweepTemps(dirname(f.path));
    for (const f of files) {
      const tmp = tempName(f.path);
      const fd = openSync(tmp, 'wx', 0o644);
      temps.push({ tmp, path: f.path });
      try {
        writeLatin1(fd, f.content);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    for (const t of temps) {
      if (force) {
        renameSync(t.tmp, t.path);
      } else {
        try {
          linkSync(t.tmp, t.path);
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code === 'EEXIST') {
            throw new CliError(`${t.path}: appeared while writing; nothing was written. Pass --force to overwrite`, 'output-exists');
          }
          // A file system without hard links (FAT, some network shares): check, then rename.
          if (!(code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS' || code === 'EMLINK')) throw e;
          if (existsSync(t.path)) throw new CliError(`${t.path}: appeared while writing; nothing was written. Pass --force to overwrite`, 'output-exists');
          renameSync(t.tmp, t.path);
        }
        placed.push(t.path);
      }
    }
    for (const dir of new Set(files.map((f) => dirname(f.path)))) fsyncDir(dir);
  } catch (e) {
    for (const p of placed) {
      try {
        unlinkSync(p);
      } catch {
        // nothing more can be done
      }
    }
    if (e instanceof CliError) throw e;
    throw new CliError(`cannot write ${where} (${reason(e)}); nothing was written`, 'write-failed');
  } finally {
    for (const t of temps) {
      try {
        unlinkSync(t.tmp);
      } catch {
        // renamed into place
      }
    }
    release();
  }
}
