/**
 * What a command may touch besides files: its output streams and whether they are
 * terminals. `main()` receives one; tests pass a recording one.
 */
export interface CliIo {
  /** Writes to standard output. */
  out(text: string): void;
  /** Writes to standard error. */
  err(text: string): void;
  /** Standard output is a terminal (colour the diff). */
  stdoutIsTTY: boolean;
  /** Standard error is a terminal (progress bars). */
  stderrIsTTY: boolean;
  /** Directory relative paths resolve against. */
  cwd: string;
}

/** A CliIo that records everything, for tests. */
export function recordingIo(cwd: string = process.cwd()): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    stdoutIsTTY: false,
    stderrIsTTY: false,
    cwd,
    out(text: string) {
      io.stdout += text;
    },
    err(text: string) {
      io.stderr += text;
    },
  };
  return io;
}
