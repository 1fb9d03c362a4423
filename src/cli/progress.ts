/** A progress bar on standard error, for batch runs that take more than about a second. */
import type { CliIo } from './io.js';

/** Progress of a run over `total` files. */
export interface Progress {
  tick(done: number): void;
  end(): void;
}

/** A bar shown only on a terminal, never in JSON mode, and only once the run passes `delayMs`. */
export function createProgress(io: CliIo, total: number, enabled: boolean, delayMs = 1000, now: () => number = Date.now): Progress {
  const started = now();
  let shown = false;
  return {
    tick(done: number) {
      if (!enabled || !io.stderrIsTTY || now() - started < delayMs) return;
      const width = 30;
      const full = Math.round((done / total) * width);
      io.err(`\r[${'#'.repeat(full)}${'-'.repeat(width - full)}] ${done}/${total} files`);
      shown = true;
    },
    end() {
      if (shown) io.err(`\r${' '.repeat(50)}\r`);
    },
  };
}
