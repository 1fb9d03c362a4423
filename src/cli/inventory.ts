/**
 * The inventory file: a JSON or YAML list of `{ file, listener?, groupName?, policyName?,
 * tlsValue?, recipe? }`, so per-appliance overrides live in one reviewed file. Paths are relative to
 * the inventory's own directory.
 */
import { dirname, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { CliError, readLatin1 } from './fs/index.js';

/** yaml's parse(), loaded on first use (it costs every run tens of milliseconds otherwise). */
function parseYaml(text: string): unknown {
  return (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parse(text);
}

/** One appliance of the inventory. */
export interface InventoryEntry {
  file: string;
  /** Absolute path of `file`. */
  path: string;
  listener?: string[];
  groupName?: string;
  policyName?: string;
  tlsValue?: string;
  /** The appliance's recipe: a built-in's name, or a file (resolved against the inventory's directory). */
  recipe?: string;
  /** `recipe` as the inventory writes it (what the artefact names). */
  recipeGiven?: string;
}

const KEYS = new Set(['file', 'listener', 'groupName', 'policyName', 'tlsValue', 'recipe']);

/** Reads and checks an inventory file. Throws CliError (exit 1) saying which entry is wrong. */
export function readInventory(path: string): InventoryEntry[] {
  const text = Buffer.from(readLatin1(path), 'latin1').toString('utf8');
  let data: unknown;
  try {
    data = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new CliError(
      `${path}: not valid ${/\.json$/i.test(path) ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`,
      'bad-inventory',
    );
  }
  if (!Array.isArray(data))
    throw new CliError(
      `${path}: an inventory is a list of { file, listener?, groupName?, policyName?, tlsValue?, recipe? }`,
      'bad-inventory',
    );
  return data.map((raw, k): InventoryEntry => {
    const where = `${path}: entry ${k + 1}`;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw))
      throw new CliError(`${where}: expected an object with a "file"`, 'bad-inventory');
    const e = raw as Record<string, unknown>;
    for (const key of Object.keys(e))
      if (!KEYS.has(key)) throw new CliError(`${where}: unknown key "${key}" (known: ${[...KEYS].join(', ')})`, 'bad-inventory');
    if (typeof e['file'] !== 'string' || !e['file']) throw new CliError(`${where}: "file" must be a path`, 'bad-inventory');
    const str = (key: string) => {
      const v = e[key];
      if (v === undefined) return undefined;
      if (typeof v !== 'string' || !v) throw new CliError(`${where}: "${key}" must be a non-empty string`, 'bad-inventory');
      return v;
    };
    const recipe = str('recipe');
    const listener = e['listener'];
    let listeners: string[] | undefined;
    if (typeof listener === 'string') listeners = [listener];
    else if (Array.isArray(listener) && listener.every((x) => typeof x === 'string')) listeners = listener as string[];
    else if (listener !== undefined) throw new CliError(`${where}: "listener" must be a name or a list of names`, 'bad-inventory');
    return {
      file: e['file'],
      path: resolve(dirname(path), e['file']),
      listener: listeners,
      groupName: str('groupName'),
      policyName: str('policyName'),
      tlsValue: str('tlsValue'),
      ...(recipe !== undefined ? { recipe: /[\\/.]/.test(recipe) ? resolve(dirname(path), recipe) : recipe, recipeGiven: recipe } : {}),
    };
  });
}
