/** Shared by the stress tests: temporary directories, the CLI in process and as a child, an independent XML check. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import { recordingIo } from '../../src/cli/io.js';

// uvu sets FORCE_COLOR=1 for its own output, and the CLI honours FORCE_COLOR: the child
// processes whose stderr these tests read run without it.
delete process.env['FORCE_COLOR'];

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SAMPLES = join(ROOT, 'samples');
export const CORPUS = join(ROOT, 'test', 'fixtures', 'corpus');
export const BIN = join(ROOT, 'bin', 'esa-patch.js');

/** Every sample and corpus export: name and latin1 text. */
export function exportsUnderTest(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  for (const dir of [SAMPLES, CORPUS]) {
    for (const n of readdirSync(dir)
      .filter((f) => f.endsWith('.xml'))
      .sort())
      out.push({ name: n, text: readFileSync(join(dir, n), 'latin1') });
  }
  if (out.length < 8) throw new Error(`expected the samples and the corpus, found ${out.length} files`);
  return out;
}

/**
 * Temporary directories of one test file: `tmp()` makes one, `cleanup()` removes them all
 * (each test file has its own scope, as uvu loads every file before running any).
 */
export function tempScope(): { tmp: () => string; cleanup: () => void } {
  const made: string[] = [];
  return {
    tmp: () => {
      const d = mkdtempSync(join(tmpdir(), 'esa-patch-stress-'));
      made.push(d);
      return d;
    },
    cleanup: () => {
      while (made.length) rmSync(made.pop()!, { recursive: true, force: true });
    },
  };
}

/** Writes latin1 `text` to `dir/name` and returns the path. */
export function put(dir: string, name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text, 'latin1');
  return p;
}

/** Runs the CLI in this process. A throw from main() would be a crash: it is let through. */
export async function esa(args: string[], cwd = ROOT): Promise<{ code: number; out: string; err: string }> {
  const io = recordingIo(cwd);
  const code = await main(args, io);
  return { code, out: io.stdout, err: io.stderr };
}

/** Runs the built CLI as a child process. */
export function esaChild(args: string[], cwd = ROOT): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'latin1', maxBuffer: 64 << 20 });
}

/** Starts the built CLI as a child process, without waiting. */
export function esaSpawn(args: string[], cwd = ROOT) {
  return spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A stack trace or an internal error in the output of a run: a crash, whatever the exit code. */
export function crashed(err: string): boolean {
  return /internal error|^\s+at .*:\d+:\d+\)?$/m.test(err);
}

/**
 * Every error line has the documented form `FILE[:LINE:COL]: error: MESSAGE [code]` and says
 * what to do; returns the codes, or throws naming the first line that does not.
 */
export function errorCodes(err: string): string[] {
  const codes: string[] = [];
  for (const line of err.split('\n').filter((l) => /(^|: )error: /.test(l))) {
    const m = /\[([a-z0-9-]+)\]$/.exec(line);
    if (!m) throw new Error(`an error without a code: ${line}`);
    codes.push(m[1]!);
  }
  return codes;
}

/** Files libxml2 (WebAssembly, test/oracles/libxml2.ts) rejects as not well-formed. */
export { notWellFormed } from '../oracles/libxml2.js';
