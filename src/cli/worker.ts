/** Worker thread entry: runs jobs sent by the pool, one at a time. */
import { parentPort, workerData } from 'node:worker_threads';
import { runJob, errorReport, type Job } from './job.js';
import { finding } from '../findings.js';
import { attachSharedFsState } from './fs/index.js';

if (workerData?.fs) attachSharedFsState((workerData as { fs: SharedArrayBuffer }).fs);

parentPort!.on('message', (msg: { id: number; job: Job }) => {
  let report;
  try {
    report = runJob(msg.job);
  } catch (e) {
    report = errorReport(msg.job.input, finding('internal-error', 'error', { detail: (e as Error).message }));
  }
  parentPort!.postMessage({ id: msg.id, report });
});
