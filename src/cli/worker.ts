/**
 * Worker thread entry: runs jobs sent by the pool, one at a time. The pool sends each distinct
 * set of settings once (`{ settings, value }`), then jobs as their own fields (`{ id, kind,
 * settings, file }`: the paths); a job is the settings and its fields together.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runJob, errorReport, type Job } from './job.js';
import { finding } from '../findings.js';
import { attachSharedFsState } from './fs/index.js';
import { loadPrebuiltValidators } from './validators.js';

loadPrebuiltValidators();

if (workerData?.fs) attachSharedFsState((workerData as { fs: SharedArrayBuffer }).fs);

const settings = new Map<number, Record<string, unknown>>();

type Message =
  | { settings: number; value: Record<string, unknown> }
  | { id: number; kind: 'patch' | 'check'; settings: number; file: Record<string, unknown> };

parentPort!.on('message', async (msg: Message) => {
  if (!('id' in msg)) {
    settings.set(msg.settings, msg.value);
    return;
  }
  const job = { ...settings.get(msg.settings), ...msg.file };
  let report;
  if (msg.kind === 'check') {
    // check's own job, loaded on first use (a plan worker never loads it).
    const { runCheckJob, failedCheck } = await import('./check-job.js');
    const checkJob = job as unknown as import('./check-job.js').CheckJob;
    try {
      report = runCheckJob(checkJob);
    } catch (e) {
      report = failedCheck(checkJob, (e as Error).message);
    }
  } else {
    const patchJob = job as unknown as Job;
    try {
      report = runJob(patchJob);
    } catch (e) {
      report = errorReport(patchJob.input, finding('internal-error', 'error', { detail: (e as Error).message }));
    }
  }
  parentPort!.postMessage({ id: msg.id, report });
});
