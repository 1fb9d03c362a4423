/** Bounds on the resources of one run. */
import { availableParallelism } from 'node:os';

/**
 * The number of files processed at once: `requested` (default: the number of CPUs), capped at
 * `max` (default: the number of CPUs); each worker holds a whole export in memory, so more
 * workers than CPUs only cost memory. `capped` tells the caller to say so.
 */
export function jobsFor(
  requested: number | undefined,
  max: number | undefined,
  cpus: number = availableParallelism(),
): { jobs: number; max: number; capped: boolean } {
  const limit = Math.max(1, max ?? cpus);
  const want = requested ?? Math.min(cpus, limit);
  return { jobs: Math.min(want, limit), max: limit, capped: want > limit };
}
