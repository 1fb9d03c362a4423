#!/usr/bin/env node
import { main } from '../dist/cli/main.js';

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
process.exitCode = await main(process.argv.slice(2), io);
