/** The cluster levels of a clustered export: which level a listener sits at, and that level's name. */
import { childNamed, elementName, elementText } from '../xml/document.js';
import type { EsaExport, Listener } from './export.js';

/** Cluster levels, from the highest to the lowest (the lowest wins on the appliance). */
export const LEVELS = ['cluster', 'group', 'machine'] as const;
export type Level = (typeof LEVELS)[number];

/** The cluster level an element path names (`…/groups/group/…` is group level), or null. */
export function clusterLevelOf(path: string): Level | null {
  let level: Level | null = null;
  for (const raw of path.split('/')) {
    const seg = raw.replace(/\[\d+\]$/, '').toLowerCase();
    const found: Level | null = /^machines?$/.test(seg)
      ? 'machine'
      : /^groups?$/.test(seg)
        ? 'group'
        : /^cluster(?:s|_settings|_level)?$/.test(seg)
          ? 'cluster'
          : null;
    if (found && (!level || LEVELS.indexOf(found) > LEVELS.indexOf(level))) level = found;
  }
  return level;
}

/** The name of the cluster group or machine (or cluster) element a listener sits under at `level`, or null. */
export function clusterLevelName(exp: EsaExport, l: Listener, level: Level): string | null {
  const { parent } = exp.doc.elements;
  for (let j = parent[l.element]!; j >= 0; j = parent[j]!) {
    const name = elementName(exp.doc, j).toLowerCase();
    if (clusterLevelOf(name) !== level || (level !== 'cluster' && name.endsWith('s'))) continue;
    for (const child of [`${level}_name`, 'name', 'hostname']) {
      const c = childNamed(exp.doc, j, child);
      const value = c >= 0 ? (elementText(exp.doc, c) ?? '').trim() : '';
      if (value) return value;
    }
  }
  return null;
}
