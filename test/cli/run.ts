/** Running the command line in tests: through `main(argv, recordingIo)`, or through the real `bin`. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { main } from '../../src/cli/main.js';
import { recordingIo, type CliIo } from '../../src/cli/io.js';
import { ROOT } from '../helpers.js';

/** What a run printed (decoded from UTF-8) and its exit code. */
export interface Run {
  code: number;
  out: string;
  err: string;
}

/** Runs `esa-patch ARGS` in `cwd` with a recording io. */
export async function cli(
  args: readonly string[],
  opts: { cwd?: string } & Partial<Omit<CliIo, 'out' | 'err' | 'cwd'>> = {},
): Promise<Run> {
  const { cwd = ROOT, ...extra } = opts;
  const io = recordingIo(cwd, { now: () => new Date('2026-12-01T04:00:00Z'), ...extra });
  const code = await main(args, io);
  const utf8 = (s: string) => Buffer.from(s, 'latin1').toString('utf8');
  return { code, out: utf8(io.stdout), err: utf8(io.stderr) };
}

/** Runs the installed binary (`bin/esa-patch.js` over `dist/`). */
export function bin(args: readonly string[], cwd = ROOT, env: Record<string, string> = {}): Run {
  // uvu sets FORCE_COLOR=1 for its own output; the CLI honours it, so children run without it unless asked.
  const base: Record<string, string | undefined> = { ...process.env };
  delete base['FORCE_COLOR'];
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'esa-patch.js'), ...args], { cwd, encoding: 'utf8', env: { ...base, ...env } });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** Writes `text` (one character per byte) to `dir/name`; returns the path. */
export function fixture(dir: string, name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text, 'latin1');
  return p;
}

/** The widest line of `text`. */
export function widest(text: string): number {
  return Math.max(0, ...text.split('\n').map((l) => [...l.replace(/\x1b\[[0-9;]*m/g, '')].length));
}
