// One test process of scripts/run-tests.mjs: started as `node --import tsx scripts/test-worker.mjs`
// with an IPC channel, it asks the runner for a test file, runs it with uvu as uvu's own CLI does
// (uvu/run: the file's suites queued, then exec), says so, and asks for the next, until the
// runner answers with no file. The modules the files share (src under tsx) load once per
// process, and the runner hands the next file to whichever process is free, so both cores stay
// busy to the end without balancing chunks in advance.
//
// Each file prints uvu's own summary block (Total, Passed, Skipped); the runner adds them up.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const TEST = join(fileURLToPath(import.meta.url), '..', '..', 'test');

// As uvu/run: tests are queued by the files and run by exec(), not when each file ends.
globalThis.UVU_DEFER = 1;
const uvu = await import('uvu');

/** CPU seconds of this process (every thread) and of the children it has reaped (Linux; else its own only). */
function cpuSeconds() {
  const own = process.cpuUsage();
  let children = 0;
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    children = (Number(f[13]) + Number(f[14])) / 100;
  } catch {
    // Not Linux: the children's time is not known.
  }
  return (own.user + own.system) / 1e6 + children;
}

let failed = false;
process.on('message', async (m) => {
  if (m.file === null) {
    process.exitCode = failed ? 1 : 0;
    process.disconnect();
    return;
  }
  const cpu = cpuSeconds();
  try {
    globalThis.UVU_QUEUE = [[m.file]];
    globalThis.UVU_INDEX = 0;
    await import(pathToFileURL(join(TEST, m.file)).href);
    await uvu.exec(false);
    // exec sets the exit code of each file; a later passing file must not clear an earlier failure.
    if (process.exitCode) failed = true;
    process.send({ done: m.file, cpu: cpuSeconds() - cpu });
  } catch (e) {
    // A file that does not load: said here, counted by the runner as a crashed file.
    console.error(`${m.file}: ${e?.stack ?? e}`);
    failed = true;
    process.send({ done: m.file, crashed: true, cpu: cpuSeconds() - cpu });
  }
});
process.send({ ready: true });
