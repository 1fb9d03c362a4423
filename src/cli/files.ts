/**
 * File I/O for the commands: read inputs as latin1, expand directories, and write outputs
 * atomically (temporary file in the same directory, fsync, rename), never over an existing
 * file without --force, and all-or-nothing for the files of one input.
 */
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync, existsSync, mkdirSync } from 'node:fs';
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

/** Largest input accepted (bytes): far above any real export, far below memory trouble. */
export const MAX_INPUT_BYTES = 512 * 1024 * 1024;

/** Reads a file as latin1 (one character per byte). */
export function readLatin1(path: string): string {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new CliError(`${path}: is a directory, not a file`, 'not-a-file');
    size = st.size;
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`${path}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'unreadable');
  }
  if (size > MAX_INPUT_BYTES) {
    throw new CliError(`${path}: ${size} bytes is over the ${MAX_INPUT_BYTES}-byte limit for an export; is this really an ESA configuration file?`, 'input-too-large');
  }
  try {
    return readFileSync(path, 'latin1');
  } catch (e) {
    throw new CliError(`${path}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'unreadable');
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
  /** Content: one character per byte. */
  content: string;
}

/**
 * Writes every file or none: refuses existing targets without `force`, writes each to a
 * temporary file beside it, then renames them into place.
 */
export function writeAllAtomic(files: readonly PendingWrite[], force: boolean): void {
  if (!force) {
    const existing = files.filter((f) => existsSync(f.path));
    if (existing.length) {
      throw new CliError(`${existing.map((f) => f.path).join(', ')}: already exists; nothing was written. Pass --force to overwrite, or choose another output`, 'output-exists');
    }
  }
  const temps: { tmp: string; path: string }[] = [];
  try {
    for (const f of files) {
      mkdirSync(dirname(f.path), { recursive: true });
      const tmp = join(dirname(f.path), `.${basename(f.path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
      const fd = openSync(tmp, 'wx', 0o644);
      temps.push({ tmp, path: f.path });
      try {
        const buf = Buffer.from(f.content, 'latin1');
        let off = 0;
        while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    if (!force) {
      const raced = temps.filter((t) => existsSync(t.path));
      if (raced.length) throw new CliError(`${raced.map((t) => t.path).join(', ')}: appeared while writing; nothing was written. Pass --force to overwrite`, 'output-exists');
    }
    for (const t of temps) renameSync(t.tmp, t.path);
  } catch (e) {
    for (const t of temps) {
      try {
        unlinkSync(t.tmp);
      } catch {
        // already renamed or never created
      }
    }
    if (e instanceof CliError) throw e;
    throw new CliError(`cannot write ${files.map((f) => f.path).join(', ')}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; nothing was written`, 'write-failed');
  }
}
