/**
 * File identity: two names are the same file when they reach the same inode (device and inode
 * number, after following links), or, for a file that does not exist yet, when the real path
 * of its directory and its name are the same. Names are never compared as strings: a
 * directory alias (`exports/alias -> exports`), `..`, a symbolic or hard link all reach the
 * same identity.
 */
import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fsError } from './errors.js';
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
 * where the run keeps its lock, temporary and journal files. Throws a CliError, exit 1:
 * `output-is-input`, `output-collision` or `output-is-directory`. Registers the output
 * directories for the cleanup on interruption (`signals.ts`).
 */
export function checkOutputPlan(plan: OutputPlan): void {
  const cwd = plan.cwd ?? process.cwd();
  const inputs = new Map<string, string>();
  const inputPlaces: { name: string; dir: string; base: string }[] = [];
  for (const i of plan.inputs) {
    const name = typeof i === 'string' ? i : i.name;
    const path = typeof i === 'string' ? resolve(cwd, i) : i.path;
    const id = identityOf(path);
    if (!inputs.has(id)) inputs.set(id, name);
    inputPlaces.push({ name, dir: realPlace(dirname(path)), base: basename(path) });
  }
  const outputs = new Map<string, string>();
  const outputDirs = new Set<string>();
  for (const o of plan.outputs) {
    const out: PlannedOutput = typeof o === 'string' ? { name: o, path: resolve(cwd, o), option: 'output' } : o;
    if (isDirectory(out.path)) throw fsError('output-is-directory', { path: out.name, option: out.option });
    const id = identityOf(out.path);
    const input = inputs.get(id);
    if (input !== undefined) throw fsError('output-is-input', { output: out.name, input });
    const other = outputs.get(id);
    if (other !== undefined) throw fsError('output-collision', { output: out.name, other });
    outputs.set(id, out.name);
    const lockId = identityOf(`${out.path}.lock`);
    const lockInput = inputs.get(lockId);
    if (lockInput !== undefined) throw fsError('output-is-input', { output: `${out.name}.lock`, input: lockInput });
    const dir = realPlace(dirname(out.path));
    outputDirs.add(dir);
    watchDirectory(dir); // where an interrupted run's cleanup looks for its temporary files
  }
  for (const i of inputPlaces) {
    if (outputDirs.has(i.dir) && isAuxiliaryName(i.base)) throw fsError('output-is-input', { output: i.name, input: i.name });
  }
}

/** Refuses `path` naming an existing directory where an option wants a file (`-o DIR`). */
export function refuseDirectory(path: string, option: string, cwd: string = process.cwd()): void {
  if (isDirectory(resolve(cwd, path))) throw fsError('output-is-directory', { path, option });
}
