/**
 * GNU patch and git apply as oracles for our unified diffs: each applies a diff to a copy of the
 * input in a temporary directory and returns what it wrote. They are system programs (CI installs
 * them; macOS and Windows may lack GNU patch) and cross-check jsdiff, which always runs: a test
 * takes them with optionalOracle (noted where missing, required under ESA_PATCH_REQUIRE_ORACLES=1),
 * or declares one with oracleTest (skipped, with the reason, where missing).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Oracle } from './oracle.js';

/** Applies a unified diff (latin1 text) to `input` (latin1), as the file `name`; returns the result. */
export type DiffApplier = (input: string, diff: string, name: string) => string;

function inTempDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'esa-patch-oracle-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function version(cmd: string, args: string[], want: RegExp): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) throw new Error(`${cmd} is not installed (${r.error.message})`);
  if (r.status !== 0 || !want.test(r.stdout))
    throw new Error(`${cmd} ${args.join(' ')} did not answer as expected: ${(r.stdout + r.stderr).trim().split('\n')[0]}`);
}

/** GNU patch (`patch --binary`, so CRLF files stay as they are). */
export const gnuPatch: Oracle<DiffApplier> = {
  name: 'GNU patch',
  optional: true,
  start: async () => {
    version('patch', ['--version'], /GNU patch/);
    return (input, diff, name) =>
      inTempDir((dir) => {
        writeFileSync(join(dir, name), input, 'latin1');
        writeFileSync(join(dir, 'x.diff'), diff, 'latin1');
        execFileSync('patch', ['--quiet', '--binary', join(dir, name), join(dir, 'x.diff')]);
        return readFileSync(join(dir, name), 'latin1');
      });
  },
};

/** git apply, in a fresh repository. */
export const gitApply: Oracle<DiffApplier> = {
  name: 'git apply',
  optional: true,
  start: async () => {
    version('git', ['--version'], /^git version/);
    return (input, diff, name) =>
      inTempDir((dir) => {
        writeFileSync(join(dir, name), input, 'latin1');
        writeFileSync(join(dir, 'x.diff'), diff, 'latin1');
        execFileSync('git', ['init', '-q'], { cwd: dir });
        const r = spawnSync('git', ['apply', '--whitespace=nowarn', 'x.diff'], { cwd: dir, encoding: 'utf8' });
        if (r.status !== 0) throw new Error(`git apply refused the diff: ${r.stderr}`);
        return readFileSync(join(dir, name), 'latin1');
      });
  },
};
