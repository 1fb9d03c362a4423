#!/usr/bin/env node
import { main } from '../dist/cli/main.js';
import { installSignalCleanup } from '../dist/cli/fs/index.js';
import { loadPrebuiltValidators } from '../dist/cli/validators.js';

// The schema validators compiled at build time: none is compiled at start-up.
loadPrebuiltValidators();

// Ctrl-C and SIGTERM remove this run's temporary files and locks, then exit 130 / 143.
installSignalCleanup();

// A reader that goes away (`esa-patch plan … | head`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

const io = {
  out: (text) => process.stdout.write(text, 'latin1'),
  err: (text) => process.stderr.write(text, 'latin1'),
  stdoutIsTTY: !!process.stdout.isTTY,
  stderrIsTTY: !!process.stderr.isTTY,
  cwd: process.cwd(),
  columns: process.stdout.columns,
  env: process.env,
  now: () => new Date(),
};
const code = await main(process.argv.slice(2), io);
// A signal that arrived during a synchronous write is delivered once the event loop polls:
// two turns of the loop make sure it passes a poll phase before the process ends.
for (let turn = 0; turn < 2; turn++) await new Promise((ok) => setImmediate(ok));
process.exitCode = code;
