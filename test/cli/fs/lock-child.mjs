/**
 * (Plain JavaScript on the built dist/, which starts in a tenth of the time tsx takes: run
 * `npm run build` first; `npm test` does.)
 *
 * Child process of the stale-lock race test: says it is ready, waits for the go file, takes
 * the lock of TARGET, logs "+PID", holds it a moment, logs "-PID", releases it.
 * argv: TARGET LOG READY GO
 */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { acquireLock } from '../../../dist/cli/fs/index.js';

const [target, log, ready, go] = process.argv.slice(2);
const pause = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
writeFileSync(ready, '');
while (!existsSync(go)) pause(2);
const release = acquireLock(target, 20_000);
appendFileSync(log, `+${process.pid}\n`);
pause(100);
appendFileSync(log, `-${process.pid}\n`);
release();
