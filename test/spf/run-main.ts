// Runs `main` on this process's arguments with the real standard streams, for tests that pipe
// standard input (`esa-patch spf -`).
import { main } from '../../src/cli/main.js';

const io = {
  out: (t: string) => void process.stdout.write(t, 'latin1'),
  err: (t: string) => void process.stderr.write(t),
  stdoutIsTTY: false,
  stderrIsTTY: false,
  cwd: process.cwd(),
};
process.exitCode = await main(process.argv.slice(2), io);
