/**
 * Grouping: appliances whose planned change is the same form one group, shown once with its
 * members. The same change is: the same operations on listeners with the same paths and names,
 * the same diff hunks (their removed, added and context lines, and the listener each is in; not
 * their line numbers or the file's name) and the same landing of the recipe's published hosts.
 * What the HAT holds outside the hunks (a per-site WHITELIST member, a hostname) does not split
 * a group: a fleet whose HATs differ only there is one review.
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
  /** The diff of its first file, for review (every member's has the same hunks, maybe at other line numbers). */
  diff: string;
}

/** A hunk header's line numbers, `@@ -187,7 +187,19 @@`: where the change is, not what it is. */
const HUNK_NUMBERS = /^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@/gm;

/**
 * The change a unified diff makes, without what differs by file only: the `---`/`+++` header
 * (the file's name) and the hunks' line numbers. Hunk lines and their section label stay.
 */
export function changeOfDiff(diff: string): string {
  let body = diff;
  // The header is the first two lines; a removed line reading `-- a/x` is `--- a/x` in a hunk, so only the head is dropped.
  if (body.startsWith('--- ')) {
    const second = body.indexOf('\n') + 1;
    const third = body.indexOf('\n', second) + 1;
    if (second > 0 && body.startsWith('+++ ', second)) body = third > 0 ? body.slice(third) : '';
  }
  return body.replace(HUNK_NUMBERS, '@@');
}

/** The grouping key of a file, or null for files that were refused or failed. */
export function planKey(r: FileReport): string | null {
  if (r.outcome !== 'patched' && r.outcome !== 'unchanged') return null;
  const selected = r.listeners.filter((l) => l.selected);
  return JSON.stringify([
    r.outcome,
    selected.map((l) => [l.path, l.name, l.operations]),
    changeOfDiff(r.diff),
    (r.published ?? []).map((p) => [p.listenerPath, p.rows]),
  ]);
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
