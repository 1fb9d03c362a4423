/**
 * Runs jobs on a pool of worker threads (or in this thread for a single job), each
 * independently: one failing file never stops the others. Results keep the input order.
 */
import { finding } from '../findings.js';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { FileReport } from '../report/model.js';
import { errorReport, runJob, type Job } from './job.js';
import { sharedFsState } from './fs/index.js';

function newWorker(): Worker {
  // Workers share the interruption state: on SIGINT no worker starts a commit, and the main
  // thread waits for one in progress before it removes this run's temporary files.
  const workerData = { fs: sharedFsState() };
  if (!fileURLToPath(import.meta.url).endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url), { workerData });
  // Under tsx (the tests) the worker is TypeScript too, and needs tsx's loader in its thread.
  const url = JSON.stringify(new URL('./worker.ts', import.meta.url).href);
  return new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${url}); })`, { eval: true, workerData });
}

/** Runs `jobs` with at most `parallel` workers (one job: in this thread); `onDone(count)` is told of each completion. */
export function runJobs(jobs: readonly Job[], parallel: number, onDone: (done: number) => void): Promise<FileReport[]> {
  return runPool(jobs, parallel, onDone, {
    kind: 'patch',
    local: runJob,
    failed: (job, why) =>
      errorReport(job.input, finding('internal-error', 'error', { detail: `the worker processing this file stopped (${why})` })),
  });
}

/** What the pool runs: the worker's kind of job, the same in this thread, and the result of a job whose worker died. */
export interface PoolTask<J, R> {
  kind: 'patch' | 'check';
  local: (job: J) => R;
  failed: (job: J, why: string) => R;
}

/** Runs `jobs` of any kind the worker knows, as {@link runJobs} does. */
export async function runPool<J, R>(
  jobs: readonly J[],
  parallel: number,
  onDone: (done: number) => void,
  task: PoolTask<J, R>,
): Promise<R[]> {
  const results: R[] = new Array(jobs.length);
  if (jobs.length === 0) return results;
  const n = Math.max(1, Math.min(parallel, jobs.length));
  // A single file runs in this thread. A batch runs on workers even with --jobs 1: measured on
  // 500 exports of 2 MB, one thread kept 1.1 GB of garbage-in-waiting where a worker peaked at
  // a third of that.
  if (jobs.length === 1) {
    jobs.forEach((job, k) => {
      results[k] = task.local(job);
      onDone(k + 1);
    });
    return results;
  }
  const { split, settingsOf } = splitter<J>();
  let next = 0;
  let done = 0;
  return new Promise<R[]>((resolveAll) => {
    const finish = (id: number, report: R) => {
      if (results[id] !== undefined) return;
      results[id] = report;
      done++;
      onDone(done);
      if (done === jobs.length) resolveAll(results);
    };
    const start = () => {
      const w = newWorker();
      let current = -1;
      const sent = new Set<number>();
      const feed = () => {
        if (next >= jobs.length) {
          current = -1;
          void w.terminate();
          return;
        }
        current = next++;
        const { settings, file } = split(jobs[current]!);
        // The settings (recipe, rules, flags) go to each worker once; a job is then its paths.
        if (!sent.has(settings)) {
          sent.add(settings);
          w.postMessage({ settings, value: settingsOf[settings] });
        }
        w.postMessage({ id: current, kind: task.kind, settings, file });
      };
      w.on('message', (msg: { id: number; report: R }) => {
        finish(msg.id, msg.report);
        feed();
      });
      const died = (why: string) => {
        if (current < 0) return;
        const id = current;
        current = -1;
        finish(id, task.failed(jobs[id]!, why));
        if (next < jobs.length) start();
      };
      w.on('error', (e) => died(e.message));
      w.on('exit', (code) => died(`exit ${code}`));
      feed();
    };
    for (let k = 0; k < n; k++) start();
  });
}

/** A job's own fields: what differs from one file to the next. */
const PER_FILE: ReadonlySet<string> = new Set(['input', 'path', 'stem']);

/**
 * Splits jobs into their own fields and their settings (every other field), numbering the
 * distinct settings: jobs made from the same values (by identity) share one number.
 */
function splitter<J>(): { split: (job: J) => { settings: number; file: Record<string, unknown> }; settingsOf: Record<string, unknown>[] } {
  const ids = new Map<unknown, number>();
  const byKey = new Map<string, number>();
  const settingsOf: Record<string, unknown>[] = [];
  const idOf = (v: unknown) => {
    let id = ids.get(v);
    if (id === undefined) ids.set(v, (id = ids.size));
    return id;
  };
  const split = (job: J) => {
    const file: Record<string, unknown> = {};
    const rest: Record<string, unknown> = {};
    const key: string[] = [];
    for (const [k, v] of Object.entries(job as Record<string, unknown>)) {
      if (PER_FILE.has(k)) file[k] = v;
      else {
        rest[k] = v;
        key.push(`${k}=${idOf(v)}`);
      }
    }
    const k = key.join(',');
    let settings = byKey.get(k);
    if (settings === undefined) {
      byKey.set(k, (settings = settingsOf.length));
      settingsOf.push(rest);
    }
    return { settings, file };
  };
  return { split, settingsOf };
}
