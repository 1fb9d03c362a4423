/** Shared by the file-layer tests: temporary directories and child processes running TypeScript. */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { Refused } from '../../../src/findings.js';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(HERE, '..', '..', '..');
export const SAMPLES = join(ROOT, 'samples');
export const BIN = join(ROOT, 'bin', 'esa-patch.js');

export { tempScope } from '../../stress/helpers.js';

/** The code of the refusal `fn` throws, or null when it returns. */
export function codeOf(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    if (e instanceof Refused) return e.finding.code;
    throw e;
  }
}

/** Result of a child process. */
export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

/**
 * Runs `args` with node, killing it after `timeoutMs` (then `signal` is SIGKILL and
 * `timedOut` true): no test ever hangs.
 */
export function run(
  args: string[],
  opts: { env?: Record<string, string>; cwd?: string; timeoutMs?: number; onSpawn?: (pid: number) => void } = {},
): Promise<ChildResult & { timedOut: boolean }> {
  const child = spawn(process.execPath, args, {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, opts.timeoutMs ?? 30_000);
  if (child.pid) opts.onSpawn?.(child.pid);
  return new Promise((ok) =>
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      ok({ code, signal, out, err, timedOut });
    }),
  );
}

/** Runs the built CLI (bin/esa-patch.js) as a child. */
export function cli(args: string[], opts: Parameters<typeof run>[1] = {}) {
  return run([BIN, ...args], opts);
}

/** Names in `dir` that are esa-patch's own working files: temporary files, locks, journals, backups. */
export function leftovers(dir: string): string[] {
  return readdirSync(dir).filter((n) => /\.tmp$|\.lock$|\.old$|takeover|esa-patch-journal/.test(n));
}

/** Waits until `check()` is true (polling), at most `ms`. */
export async function until(check: () => boolean, ms = 30_000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (check()) return true;
    await new Promise((ok) => setTimeout(ok, 20));
  }
  return check();
}
