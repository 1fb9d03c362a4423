/**
 * The inventory file: a JSON or YAML list of `{ file, listener?, groupName?, policyName?,
 * tlsValue?, recipe? }`, so per-appliance overrides live in one reviewed file. Paths are relative to
 * the inventory's own directory. An entry that names an appliance to reach (issue 19) adds
 * `host`, `name?`, `user?`, `port?`, `ssh?` ({ identityFile?, jump?, options? }) and `cluster?`
 * ({ name, level }); its `file` then defaults to `NAME.xml`.
 */
import { dirname, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type { ApplianceTarget } from '../appliance/session.js';
import { targetProblems } from './appliance/target.js';
import { readLatin1 } from './fs/index.js';
import { refused, type InventoryProblem, type Refused } from '../findings.js';

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
  /** How to reach the appliance, when the entry has a `host` (identityFile resolved against the inventory). */
  target?: ApplianceTarget;
}

const KEYS = new Set([
  'file',
  'listener',
  'groupName',
  'policyName',
  'tlsValue',
  'recipe',
  'host',
  'name',
  'user',
  'port',
  'ssh',
  'cluster',
]);
const SSH_KEYS = new Set(['identityFile', 'jump', 'options']);
const CLUSTER_KEYS = new Set(['name', 'level']);

type Bad = (problem: InventoryProblem, key: string | null, known?: readonly string[], said?: string) => Refused;

/** The `bad-inventory` refusals of `path`, at `entry` (1-based; null: the whole file). */
const badIn =
  (path: string, entry: number | null): Bad =>
  (problem, key, known = [], said) =>
    refused('bad-inventory', { path, entry, key, problem, known, said: said ?? null });

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** The entry's target, checked; throws a `Refused` (bad-inventory) naming the field. */
function targetOf(e: Record<string, unknown>, bad: Bad, base: string): ApplianceTarget | undefined {
  if (e['host'] === undefined) {
    for (const k of ['name', 'user', 'port', 'ssh', 'cluster']) if (e[k] !== undefined) throw bad('needs-host', k);
    return undefined;
  }
  const str = (v: unknown, key: string) => {
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || !v) throw bad('not-a-string', key);
    return v;
  };
  const host = str(e['host'], 'host')!;
  const port = e['port'];
  if (port !== undefined && typeof port !== 'number') throw bad('not-a-number', 'port');
  const t: ApplianceTarget = {
    name: str(e['name'], 'name') ?? host.replace(/:/g, '-'),
    host,
    user: str(e['user'], 'user'),
    port: port as number | undefined,
  };
  if (e['ssh'] !== undefined) {
    const ssh = e['ssh'];
    if (!isObject(ssh)) throw bad('not-an-object', 'ssh', [...SSH_KEYS]);
    for (const k of Object.keys(ssh)) if (!SSH_KEYS.has(k)) throw bad('unknown-key', `ssh.${k}`, [...SSH_KEYS]);
    const options = ssh['options'];
    if (
      options !== undefined &&
      (!isObject(options) || !Object.values(options).every((v) => typeof v === 'string' || typeof v === 'number'))
    )
      throw bad('not-an-option-map', 'ssh.options');
    const identity = str(ssh['identityFile'], 'ssh.identityFile');
    t.ssh = {
      identityFile:
        identity === undefined ? undefined : identity.startsWith('~/') || identity.startsWith('-') ? identity : resolve(base, identity),
      jump: str(ssh['jump'], 'ssh.jump'),
      options: options === undefined ? undefined : Object.fromEntries(Object.entries(options).map(([k, v]) => [k, String(v)])),
    };
  }
  if (e['cluster'] !== undefined) {
    const c = e['cluster'];
    if (!isObject(c)) throw bad('not-an-object', 'cluster', [...CLUSTER_KEYS]);
    for (const k of Object.keys(c)) if (!CLUSTER_KEYS.has(k)) throw bad('unknown-key', `cluster.${k}`, [...CLUSTER_KEYS]);
    t.cluster = { name: str(c['name'], 'cluster.name') ?? '', level: str(c['level'], 'cluster.level') ?? '' };
  }
  const problems = targetProblems(t);
  if (problems.length) {
    // An option refused for what it would weaken has its own code (explain says why).
    const weak = problems.find((p) => p.problem.startsWith('refused:'));
    if (weak) throw refused('ssh-option-refused', { target: t.name, option: weak.field, reason: weak.problem.replace(/^refused: */, '') });
    throw bad('target', problems[0]!.field, [], problems.map((p) => `"${p.field}": ${p.problem}`).join('; '));
  }
  return t;
}

/** Reads and checks an inventory file. Throws a `Refused` (exit 1) saying which entry is wrong. */
export function readInventory(path: string): InventoryEntry[] {
  const text = Buffer.from(readLatin1(path), 'latin1').toString('utf8');
  let data: unknown;
  try {
    data = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw badIn(path, null)('syntax', /\.json$/i.test(path) ? 'JSON' : 'YAML', [], (e as Error).message.split('\n')[0]);
  }
  if (!Array.isArray(data)) throw badIn(path, null)('not-a-list', null, [...KEYS]);
  return data.map((raw, k): InventoryEntry => {
    const bad = badIn(path, k + 1);
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw bad('not-an-object', null, [...KEYS]);
    const e = raw as Record<string, unknown>;
    for (const key of Object.keys(e)) if (!KEYS.has(key)) throw bad('unknown-key', key, [...KEYS]);
    const target = targetOf(e, bad, dirname(path));
    if (e['file'] === undefined && target) e['file'] = `${target.name}.xml`;
    if (typeof e['file'] !== 'string' || !e['file']) throw bad('not-a-path', 'file');
    const str = (key: string) => {
      const v = e[key];
      if (v === undefined) return undefined;
      if (typeof v !== 'string' || !v) throw bad('not-a-string', key);
      return v;
    };
    const recipe = str('recipe');
    const listener = e['listener'];
    let listeners: string[] | undefined;
    if (typeof listener === 'string') listeners = [listener];
    else if (Array.isArray(listener) && listener.every((x) => typeof x === 'string')) listeners = listener as string[];
    else if (listener !== undefined) throw bad('not-names', 'listener');
    return {
      file: e['file'],
      path: resolve(dirname(path), e['file']),
      listener: listeners,
      groupName: str('groupName'),
      policyName: str('policyName'),
      tlsValue: str('tlsValue'),
      ...(recipe !== undefined ? { recipe: /[\\/.]/.test(recipe) ? resolve(dirname(path), recipe) : recipe, recipeGiven: recipe } : {}),
      ...(target ? { target } : {}),
    };
  });
}
