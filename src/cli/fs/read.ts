/**
 * Reading inputs: an export as latin1 (one character per byte, so a string index is a byte
 * offset), and the expansion of directories to their `*.xml` files. Anything that is not a
 * regular file (a FIFO, a device, a socket) is refused from its type, before it is opened,
 * unless it is the single input named on the command line (`plan <(ssh esa1 ...)`).
 */
import { closeSync, constants as fsConstants, fstatSync, lstatSync, openSync, readdirSync, readSync, statSync, type Stats } from 'node:fs';
import { constants as bufferConstants } from 'node:buffer';
import { join, resolve } from 'node:path';
import { Refused, refused } from '../../findings.js';
import { reason } from './errors.js';

/**
 * Largest input accepted (bytes): 512 MiB, far above any real export (a few MB), far below
 * memory trouble; never above the longest string the JavaScript engine can hold. A larger
 * file is refused from its size alone, before a byte of it is read.
 */
export const MAX_INPUT_BYTES = Math.min(512 * 1024 * 1024, bufferConstants.MAX_STRING_LENGTH);

/** Size of the pieces files are read from pipes and written in. */
const CHUNK = 1 << 20;

const unreadable = (path: string, e: unknown) => (e instanceof Refused ? e : refused('unreadable', { path, reason: reason(e) }));

/**
 * Reads a file as latin1 (one character per byte), as {@link readBytes} reads it.
 */
export function readLatin1(path: string): string {
  return readBytes(path).toString('latin1');
}

/**
 * Every path {@link readBytes} has read in this process, in order, while `paths` is set: for
 * tests that count how often a run reads its input.
 */
export const fileReads: { paths: string[] | null } = { paths: null };

/**
 * Reads a file's bytes: a regular file, or a pipe (`<(command)`, a FIFO with a writer) read to
 * its end. Refuses directories, devices and sockets (they could never end), a file over
 * {@link MAX_INPUT_BYTES} before reading it, and a pipe as soon as it passes that size.
 */
export function readBytes(path: string): Buffer {
  fileReads.paths?.push(path);
  let fd: number;
  let pipe: boolean;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw refused('not-a-file', { path, kind: 'directory' });
    if (!st.isFile() && !st.isFIFO()) throw refused('not-a-file', { path, kind: 'special' });
    pipe = st.isFIFO();
    // A regular file never blocks; O_NONBLOCK guards against one replaced by a FIFO meanwhile.
    fd = openSync(path, pipe ? fsConstants.O_RDONLY : fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
  } catch (e) {
    throw unreadable(path, e);
  }
  const tooLarge = (size: number | null) => refused('input-too-large', { path, size, max: MAX_INPUT_BYTES });
  try {
    const st = fstatSync(fd);
    if (pipe !== st.isFIFO() || (!pipe && !st.isFile())) throw refused('input-changed', { path, how: 'replaced' });
    if (pipe) {
      const chunks: Buffer[] = [];
      let total = 0;
      for (;;) {
        const chunk = Buffer.allocUnsafe(CHUNK);
        const got = readSync(fd, chunk, 0, CHUNK, null);
        if (got === 0) break;
        total += got;
        if (total > MAX_INPUT_BYTES) throw tooLarge(null);
        chunks.push(got === CHUNK ? chunk : chunk.subarray(0, got));
      }
      return Buffer.concat(chunks, total);
    }
    if (st.size > MAX_INPUT_BYTES) throw tooLarge(st.size);
    const buf = Buffer.allocUnsafeSlow(st.size + 1);
    let n = 0;
    for (;;) {
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
      if (n > st.size) throw refused('input-changed', { path, how: 'grew' });
    }
    return buf.subarray(0, n);
  } catch (e) {
    throw unreadable(path, e);
  } finally {
    closeSync(fd);
  }
}

/** What kind of file system object `st` is, in the appliance administrator's words. */
export function kindOf(st: Stats): 'file' | 'directory' | 'fifo' | 'device' | 'socket' | 'other' {
  if (st.isFile()) return 'file';
  if (st.isDirectory()) return 'directory';
  if (st.isFIFO()) return 'fifo';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'device';
  if (st.isSocket()) return 'socket';
  return 'other';
}

/** What {@link expandInputTree} found. */
export interface InputExpansion {
  files: string[];
  /** Subdirectories (as named from the input) holding `*.xml` files that were not read: without `recursive`. */
  skipped: string[];
}

/** Subdirectories deeper than this are neither read nor looked into. */
const MAX_DEPTH = 16;

/**
 * Expands inputs: files as given, directories to their `*.xml` files (sorted); with
 * `recursive`, their subdirectories' too (after the directory's own files, in name order;
 * links to directories are not followed, so a loop cannot be). Without it, the subdirectories
 * holding `*.xml` files are returned as `skipped`. A directory entry that is not a regular file
 * (after following links: a FIFO, a device, a socket, a directory named `x.xml`) is refused
 * from its type, without opening it: a FIFO would block the run forever. Throws a `Refused`
 * (`input-not-regular`, exit 1).
 */
export function expandInputTree(inputs: readonly string[], cwd: string, options: { recursive?: boolean } = {}): InputExpansion {
  const out: InputExpansion = { files: [], skipped: [] };
  for (const item of inputs) {
    const full = resolve(cwd, item);
    let isDir = false;
    try {
      isDir = statSync(full).isDirectory();
    } catch {
      // a missing file is reported when it is read
    }
    if (!isDir) {
      out.files.push(item);
      continue;
    }
    expandDirectory(item, full, !!options.recursive, 0, out);
  }
  return out;
}

function expandDirectory(item: string, full: string, recursive: boolean, depth: number, out: InputExpansion): void {
  const entries = readdirSync(full).sort();
  for (const n of entries.filter((e) => e.toLowerCase().endsWith('.xml'))) {
    let kind: ReturnType<typeof kindOf> | 'missing';
    try {
      kind = kindOf(statSync(join(full, n)));
    } catch {
      kind = 'missing'; // a dangling link: reported when it is read
    }
    if (kind !== 'file' && kind !== 'missing') throw refused('input-not-regular', { path: join(item, n), kind, inDirectory: true });
    out.files.push(join(item, n));
  }
  for (const n of entries) {
    const sub = join(full, n);
    if (n.toLowerCase().endsWith('.xml') || !realDirectory(sub)) continue;
    if (recursive && depth < MAX_DEPTH) expandDirectory(join(item, n), sub, true, depth + 1, out);
    else if (holdsXml(sub, depth + 1)) out.skipped.push(join(item, n));
  }
}

/** A directory itself, not a link to one. */
function realDirectory(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Whether a directory, or one below it (not through links, at most {@link MAX_DEPTH} deep), holds a `*.xml` name. */
function holdsXml(dir: string, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return false;
  }
  if (entries.some((e) => e.toLowerCase().endsWith('.xml'))) return true;
  return entries.some((e) => realDirectory(join(dir, e)) && holdsXml(join(dir, e), depth + 1));
}

/** The files of {@link expandInputTree}, for callers that need no more. */
export function expandInputs(inputs: readonly string[], cwd: string, options: { recursive?: boolean } = {}): string[] {
  return expandInputTree(inputs, cwd, options).files;
}

/**
 * Checks the types of the inputs of one run, before any is opened: when there are several,
 * anything but a regular file is refused (a FIFO could block the whole run). A single input
 * is left to {@link readLatin1}, which reads a pipe (`plan <(ssh esa1 ...)`) and refuses a
 * device or a socket. Missing files pass (they are reported when read). Throws a `Refused`
 * (`input-not-regular`, exit 1).
 */
export function checkInputs(paths: readonly string[], cwd: string): void {
  if (paths.length < 2) return;
  for (const p of paths) {
    let st: Stats;
    try {
      st = statSync(resolve(cwd, p));
    } catch {
      continue;
    }
    const kind = kindOf(st);
    if (paths.length > 1 && kind !== 'file' && kind !== 'directory')
      throw refused('input-not-regular', { path: p, kind, inDirectory: false });
  }
}

/** Reads one input (see {@link readLatin1}): the name the commands use. */
export const readInput = (path: string): string => readLatin1(path);
