/** Worker thread entry: runs jobs sent by the pool, one at a time. */
import { parentPort, workerData } from 'node:worker_threads';
import { runJob, errorReport, type Job } from './job.js';
import { attachSharedFsState } from './fs/index.js';

if (workerData?.fs) attachSharedFsState((workerData as { fs: SharedArrayBuffer }).fs);

parentPort!.on('message', (msg: { id: number; job: Job }) => {
  let report;
  try {
    report = runJob(msg.job);
  } catch (e) {
    report = errorReport(msg.job.input, { code: 'internal-error', severity: 'error', message: `internal error: ${(e as Error).message}; nothing was written for this file. Please report this` });
  }
  parentPort!.postMessage({ id: msg.id, report });
});
