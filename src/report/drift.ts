/**
 * The grouping of a fleet's `diff` comparisons by identical difference (drift groups).
 */
import type { ListenerDiff } from '../patch/diff-exports.js';
import type { DiffComparison, DriftGroup } from './diff-schema.js';

/** The listeners of a comparison that differ: what drift groups and prints. */
export function differingListeners(listeners: readonly ListenerDiff[]): ListenerDiff[] {
  return listeners.filter((l) => l.match === 'only-a' || l.match === 'only-b' || l.settings.length > 0 || l.hat.length > 0);
}

/**
 * Groups comparisons by identical difference: every identical one in group `identical`, the
 * others in `d1`, `d2`, … by the listeners that differ and how (header fields, such as the
 * hostname and serial every appliance has its own, are left out). Sets each comparison's `group`.
 */
export function groupComparisons(comparisons: DiffComparison[]): DriftGroup[] {
  const byKey = new Map<string, DriftGroup>();
  const identical: DriftGroup = { id: 'identical', outcome: 'identical', files: [], listeners: [] };
  for (const c of comparisons) {
    if (c.outcome === 'error') {
      c.group = null;
      continue;
    }
    if (c.outcome === 'identical') {
      identical.files.push(c.file);
      c.group = identical.id;
      continue;
    }
    const listeners = differingListeners(c.listeners);
    const key = JSON.stringify(listeners);
    let g = byKey.get(key);
    if (!g) {
      g = { id: `d${byKey.size + 1}`, outcome: 'different', files: [], listeners };
      byKey.set(key, g);
    }
    g.files.push(c.file);
    c.group = g.id;
  }
  return [...(identical.files.length ? [identical] : []), ...byKey.values()];
}
