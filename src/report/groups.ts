/**
 * Grouping: appliances whose planned change is the same (same operations on listeners with the
 * same paths and names, and the same resulting HAT text) form one group, shown once with its members.
 */
import type { FileReport } from './model.js';

/** One group of files with an identical plan. */
export interface PlanGroup {
  /** `g1`, `g2`, … in order of first appearance. */
  id: string;
  outcome: 'unchanged' | 'patched';
  files: string[];
  /** Operations of the group (those of its first file; identical for every member). */
  operations: FileReport['operations'];
  /** The diff of its first file, for review. */
  diff: string;
}

/** The grouping key of a file, or null for files that were refused or failed. */
export function planKey(r: FileReport): string | null {
  if (r.outcome !== 'patched' && r.outcome !== 'unchanged') return null;
  const selected = r.listeners.filter((l) => l.selected);
  return JSON.stringify([r.outcome, selected.map((l) => [l.path, l.name, l.operations, l.hatSha256 ?? null])]);
}

/** Groups files with identical plans; refused and failed files are in no group. */
export function groupReports(reports: readonly FileReport[]): PlanGroup[] {
  const byKey = new Map<string, PlanGroup>();
  for (const r of reports) {
    const key = planKey(r);
    if (key === null) continue;
    let g = byKey.get(key);
    if (!g) {
      g = { id: `g${byKey.size + 1}`, outcome: r.outcome as PlanGroup['outcome'], files: [], operations: r.operations, diff: r.diff };
      byKey.set(key, g);
    }
    g.files.push(r.file);
  }
  return [...byKey.values()];
}
