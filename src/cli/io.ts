/**
 * What a command may touch besides files: its output streams, whether they are terminals,
 * the environment and the clock. `main()` receives one; tests pass a recording one.
 */
import type { ApplianceSession, ApplianceTarget } from '../appliance/session.js';
export interface CliIo {
  /** Writes to standard output; one character per byte (UTF-8 text is encoded by the caller). */
  out(text: string): void;
  /** Writes to standard error; one character per byte, as `out`. */
  err(text: string): void;
  /** Standard output is a terminal (colour, width). */
  stdoutIsTTY: boolean;
  /** Standard error is a terminal (progress bars, colour). */
  stderrIsTTY: boolean;
  /** Directory relative paths resolve against. */
  cwd: string;
  /** Width of the terminal in columns; absent when unknown (80 on a terminal, no wrapping in a pipe). */
  columns?: number;
  /** Environment variables the output honours (`NO_COLOR`, `FORCE_COLOR`, `COLUMNS`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** The clock, for the time of a run in reports. */
  now?: () => Date;
  /** Reads all of standard input (for `-`); absent when there is none. */
  readStdin?: () => Promise<string>;
  /** Opens a session with an appliance (`push`, `revert`); absent: the system `ssh`/`scp`. Tests pass an emulated appliance. */
  openSession?: (target: ApplianceTarget) => Promise<ApplianceSession>;
}

/** A CliIo that records everything, for tests. */
export function recordingIo(
  cwd: string = process.cwd(),
  extra: Partial<Omit<CliIo, 'out' | 'err'>> = {},
): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    stdoutIsTTY: false,
    stderrIsTTY: false,
    cwd,
    env: {},
    ...extra,
    out(text: string) {
      io.stdout += text;
    },
    err(text: string) {
      io.stderr += text;
    },
  };
  return io;
}
