/** Worker thread entry: runs jobs sent by the pool, one at a time. */
import { parentPort, workerData } from 'node:worker_threads';
import { runJob, errorReport, type Job } from './job.js';
import { finding } from '../findings.js';
import { attachSharedFsState } from './fs/index.js';
import { loadPrebuiltValidators } from './validators.js';

loadPrebuiltValidators();

if (workerData?.fs) attachSharedFsState((workerData as { fs: SharedArrayBuffer }).fs);

parentPort!.on('message', async (msg: { id: number; kind?: 'patch' | 'check'; job: Job }) => {
  let report;
  if (msg.kind === 'check') {
    // check's own job, loaded on first use (a plan worker never loads it).
    const { runCheckJob, failedCheck } = await import('./check-job.js');
    const job = msg.job as unknown as import('./check-job.js').CheckJob;
    try {
      report = runCheckJob(job);
    } catch (e) {
      report = failedCheck(job, (e as Error).message);
    }
  } else
    try {
      report = runJob(msg.job);
    } catch (e) {
      report = errorReport(msg.job.input, finding('internal-error', 'error', { detail: (e as Error).message }));
    }
  parentPort!.postMessage({ id: msg.id, report });
});
