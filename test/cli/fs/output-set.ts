/** The output set of the commit tests (write.test.ts, write-kill.test.ts): gw.xml and gw.diff, old or new. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The steps of a commit, in order, as ESA_PATCH_FS_TEST_HOOK and the `step` option name them. */
export const STEPS = ['temp:0', 'temp:1', 'journal', 'backup:0', 'backup:1', 'place:0', 'place:1', 'committed', 'drop:0', 'drop:1', 'done'];
export const BEFORE_COMMITTED = new Set(STEPS.slice(0, STEPS.indexOf('committed')));

/** The new set in `dir`. */
export const set = (dir: string) => [
  { path: join(dir, 'gw.xml'), content: 'new xml' },
  { path: join(dir, 'gw.diff'), content: 'new diff' },
];

/** Writes the old set into `dir`; returns `dir`. */
export function oldSetIn(dir: string): string {
  writeFileSync(join(dir, 'gw.xml'), 'old xml');
  writeFileSync(join(dir, 'gw.diff'), 'old diff');
  return dir;
}

/** 'old', 'new', 'none', or 'mixed: …' for the set in `dir`. */
export function state(dir: string): string {
  const read = (n: string) => (existsSync(join(dir, n)) ? readFileSync(join(dir, n), 'latin1') : null);
  const xml = read('gw.xml');
  const diff = read('gw.diff');
  if (xml === 'old xml' && diff === 'old diff') return 'old';
  if (xml === 'new xml' && diff === 'new diff') return 'new';
  if (xml === null && diff === null) return 'none';
  return `mixed: ${xml} / ${diff}`;
}
