/**
 * File identity: two names are the same file when they reach the same inode (device and inode
 * number, after following links), or, for a file that does not exist yet, when the real path
 * of its directory and its name are the same. Names are never compared as strings: a
 * directory alias (`exports/alias -> exports`), `..`, a symbolic or hard link all reach the
 * same identity.
 */
import { lstatSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { refused } from '../../findings.js';
import { isAuxiliaryName } from './names.js';
import { watchDirectory } from './signals.js';

/**
 * The identity of `path` (absolute): `inode:DEV:INO` when it exists, else `path:REAL` where
 * REAL is the real path of its nearest existing ancestor joined with the rest of the name.
 */
export function identityOf(path: string): string {
  try {
    const st = statSync(path, { bigint: true });
    return `inode:${st.dev}:${st.ino}`;
  } catch {
    // not there (or a dangling link, which a write replaces): its place is what counts
  }
  return `path:${realPlace(path)}`;
}

/** The real path `path` would have: the nearest existing ancestor resolved, the rest appended. */
export function realPlace(path: string): string {
  const rest: string[] = [];
  let dir = resolve(path);
  for (;;) {
    try {
      return join(realpathSync(dir), ...rest.reverse());
    } catch {
      const up = dirname(dir);
      if (up === dir) return join(dir, ...rest.reverse());
      rest.push(basename(dir));
      dir = up;
    }
  }
}

/**
 * Where writing `path` lands: the real path of its directory joined with its name. A link at
 * the name itself is not followed (a write replaces it).
 */
export function namePlace(path: string): string {
  const abs = resolve(path);
  return join(realPlace(dirname(abs)), basename(abs));
}

/** Is `path` an existing directory (after following links)? */
function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A file a run writes, as the user named it (for messages) and the option that named it. */
export interface PlannedOutput {
  /** The name as the user gave it (shown in messages). */
  name: string;
  /** Absolute path. */
  path: string;
  /** The option that named it, e.g. `-o`, `--out-dir`, `--report`, `--html`. */
  option: string;
}

/** The inputs and outputs of one run. */
export interface OutputPlan {
  /** Inputs: names resolved against `cwd`, or a name (shown) with its absolute path. */
  inputs: readonly (string | { name: string; path: string })[];
  /** Every file the run writes: plain paths (resolved against `cwd`) or described outputs. */
  outputs: readonly (string | PlannedOutput)[];
  /** Directory relative names resolve against (default: the process's). */
  cwd?: string;
}

/**
 * Checks, before anything is read or written (`--force` or not), that no output is an input
 * or another output by identity, that none is an existing directory, and that no input lies
 * where the run keeps its lock, temporary and journal files. Throws a `Refused`, exit 1:
 * `output-is-input`, `output-collision` or `output-is-directory`. Registers the output
 * directories for the cleanup on interruption (`signals.ts`).
 */
export function checkOutputPlan(plan: OutputPlan): void {
  const cwd = plan.cwd ?? process.cwd();
  // An input is known by its inode and by its real path (links followed).
  const inputs = new Map<string, string>();
  const inputPlaces: { name: string; dir: string; base: string }[] = [];
  for (const i of plan.inputs) {
    const name = typeof i === 'string' ? i : i.name;
    const path = typeof i === 'string' ? resolve(cwd, i) : i.path;
    for (const key of [identityOf(path), `path:${realPlace(path)}`]) if (!inputs.has(key)) inputs.set(key, name);
    inputPlaces.push({ name, dir: realPlace(dirname(path)), base: basename(path) });
  }
  // An output is written by replacing its name in its real directory (a link there is
  // replaced, not followed): outputs clash by that place, or by inode when one is a regular
  // file with several names (hard links). Against inputs every identity counts.
  const outputs = new Map<string, string>();
  const outputDirs = new Set<string>();
  for (const o of plan.outputs) {
    const out: PlannedOutput = typeof o === 'string' ? { name: o, path: resolve(cwd, o), option: 'output' } : o;
    if (isDirectory(out.path)) throw refused('output-is-directory', { path: out.name, option: out.option });
    const dir = realPlace(dirname(out.path));
    const place = `path:${namePlace(out.path)}`;
    const inode = identityOf(out.path);
    for (const key of [place, inode, `path:${realPlace(out.path)}`]) {
      const input = inputs.get(key);
      if (input !== undefined) throw refused('output-is-input', { output: out.name, input });
    }
    const keys = [place, ...(isRegularFile(out.path) && inode.startsWith('inode:') ? [inode] : [])];
    for (const key of keys) {
      const other = outputs.get(key);
      if (other !== undefined) throw refused('output-collision', { output: out.name, other });
    }
    for (const key of keys) outputs.set(key, out.name);
    const lock = `${out.path}.lock`;
    for (const key of [identityOf(lock), `path:${join(dir, basename(lock))}`]) {
      const input = inputs.get(key);
      if (input !== undefined) throw refused('output-is-input', { output: `${out.name}.lock`, input });
    }
    outputDirs.add(dir);
    watchDirectory(dir); // where an interrupted run's cleanup looks for its temporary files
  }
  for (const i of inputPlaces) {
    if (outputDirs.has(i.dir) && isAuxiliaryName(i.base)) throw refused('output-is-input', { output: i.name, input: i.name });
  }
}

/** Is `path` itself a regular file (not a link)? */
function isRegularFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}

/** Refuses `path` naming an existing directory where an option wants a file (`-o DIR`). */
export function refuseDirectory(path: string, option: string, cwd: string = process.cwd()): void {
  if (isDirectory(resolve(cwd, path))) throw refused('output-is-directory', { path, option });
}
