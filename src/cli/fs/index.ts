/**
 * The file layer of the command line: everything the commands do with files goes through
 * here.
 *
 * - Reading: {@link readInput} (latin1, size-bounded, pipes as a single input only),
 *   {@link expandInputs} (directories to their `*.xml` regular files), {@link checkInputs}.
 * - Before anything is read or written: {@link checkOutputPlan} (no output is an input or
 *   another output, by file identity; no output is a directory), {@link refuseDirectory}.
 * - Writing: {@link commitOutputSet} (a set of files whole or absent, under locks, with a
 *   journal that the next run uses to finish or undo an interrupted commit).
 * - {@link installSignalCleanup}: SIGINT/SIGTERM remove this run's temporary files and locks,
 *   say how many output sets were written ({@link expectOutputSets}, {@link countOutputSet}),
 *   exit 130/143. Worker threads get {@link sharedFsState} and call {@link attachSharedFsState}.
 * - {@link jobsFor}: the number of parallel jobs, capped.
 */
export { reason } from './errors.js';
export {
  MAX_INPUT_BYTES,
  readBytes,
  fileReads,
  readLatin1,
  readInput,
  expandInputs,
  expandInputTree,
  checkInputs,
  type InputExpansion,
} from './read.js';
export { checkOutputPlan, refuseDirectory, identityOf, type OutputPlan, type PlannedOutput } from './identity.js';
export { commitOutputSet, type OutputFile, type PendingWrite, type CommitOptions, type CommitResult } from './write.js';
export { recoverOutputs, type Recovery } from './journal.js';
export { acquireLock, acquireLocks, LOCK_WAIT_MS, type Release } from './lock.js';
export {
  installSignalCleanup,
  sharedFsState,
  attachSharedFsState,
  watchDirectory,
  expectOutputSets,
  countOutputSet,
  interruptedLine,
} from './signals.js';
export { jobsFor } from './limits.js';
