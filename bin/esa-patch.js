#!/usr/bin/env node
import { main } from '../dist/cli/main.js';

const io = {
  out: (text) => process.stdout.write(text, 'latin1'),
  err: (text) => process.stderr.write(text),
  stdoutIsTTY: !!process.stdout.isTTY,
  stderrIsTTY: !!process.stderr.isTTY,
  cwd: process.cwd(),
};
process.exitCode = await main(process.argv.slice(2), io);
