/**
 * The items of a push: each artefact (`NAME.patch.json`, or a directory of them) with the patched
 * export apply wrote beside it (checked against the artefact's sha256), the export the plan was
 * made from (rebuilt by undoing the artefact's edits, checked against its sha256 too), and the
 * inventory target it names (by name, hostname or serial number).
 */
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { finding } from '../../findings.js';
import { hatFilesOf, HatFileError } from '../../appliance/hat-files.js';
import type { PushItem } from '../../appliance/push-types.js';
import type { ApplianceTarget } from '../../appliance/session.js';
import { reverseArtefact, sha256, type PatchArtefact } from '../../patch/artefact.js';
import { messageOf } from '../../report/messages.js';
import { applyEdits } from '../../xml/edits.js';
import { artefactRecipe, readArtefact } from '../artefact-file.js';
import { CliError, readLatin1 } from '../fs/index.js';
import { targetProblems } from './target.js';

/** An inventory target as push reads it: how to reach it, and what names it. */
export interface PushTarget extends ApplianceTarget {
  hostname?: string;
  serial?: string;
  /** The export file the inventory names (its stem matches an artefact's). */
  file?: string;
}

const TARGET_KEYS = new Set([
  'name',
  'host',
  'user',
  'port',
  'ssh',
  'cluster',
  'hostname',
  'serial',
  'file',
  'listener',
  'groupName',
  'policyName',
  'tlsValue',
  'recipe',
]);

/** Reads the targets of an inventory (JSON or YAML list); throws CliError naming the entry that is wrong. */
export function readTargets(path: string): PushTarget[] {
  const text = Buffer.from(readLatin1(path), 'latin1').toString('utf8');
  let data: unknown;
  try {
    data = /\.json$/i.test(path) ? JSON.parse(text) : (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parse(text);
  } catch (e) {
    throw new CliError(`${path}: not valid JSON or YAML: ${(e as Error).message.split('\n')[0]}`, 'bad-inventory');
  }
  if (!Array.isArray(data)) throw new CliError(`${path}: an inventory is a list of targets`, 'bad-inventory');
  return data.map((raw, k) => {
    const where = `${path}: entry ${k + 1}`;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new CliError(`${where}: expected an object`, 'bad-inventory');
    const e = raw as Record<string, unknown>;
    for (const key of Object.keys(e)) if (!TARGET_KEYS.has(key)) throw new CliError(`${where}: unknown key "${key}"`, 'bad-inventory');
    const str = (key: string, pattern = /^[\x21-\x7e]{1,253}$/) => {
      const v = e[key];
      if (v === undefined) return undefined;
      if (typeof v !== 'string' || !pattern.test(v)) throw new CliError(`${where}: "${key}" must be a plain name`, 'bad-inventory');
      return v;
    };
    const host = str('host', /^[A-Za-z0-9_.:[\]-]{1,253}$/);
    if (!host) throw new CliError(`${where}: "host" (name or address) is required to reach the appliance`, 'bad-inventory');
    const file = str('file');
    const name = str('name', /^[A-Za-z0-9_.-]{1,64}$/) ?? (file ? basename(file).replace(/\.xml$/i, '') : host);
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) throw new CliError(`${where}: give a "name" (letters, digits, . _ -)`, 'bad-inventory');
    const port = e['port'];
    if (port !== undefined && (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535))
      throw new CliError(`${where}: "port" must be 1-65535`, 'bad-inventory');
    const cluster = e['cluster'];
    let c: ApplianceTarget['cluster'];
    if (cluster !== undefined) {
      const cc = cluster as Record<string, unknown>;
      if (
        !cc ||
        typeof cc !== 'object' ||
        typeof cc['name'] !== 'string' ||
        typeof cc['level'] !== 'string' ||
        !/^(cluster|group [\w.-]+|machine [\w.-]+)$/.test(cc['level'])
      )
        throw new CliError(`${where}: "cluster" is { name, level: cluster | group NAME | machine NAME }`, 'bad-inventory');
      c = { name: cc['name'], level: cc['level'] };
    }
    const t: PushTarget = {
      name,
      host,
      ...(str('user') ? { user: str('user') } : {}),
      ...(port !== undefined ? { port: port as number } : {}),
      ...(e['ssh'] && typeof e['ssh'] === 'object' ? { ssh: sshOf(e['ssh'] as NonNullable<ApplianceTarget['ssh']>, dirname(path)) } : {}),
      ...(c ? { cluster: c } : {}),
      ...(str('hostname') ? { hostname: str('hostname') } : {}),
      ...(str('serial') ? { serial: str('serial') } : {}),
      ...(file ? { file } : {}),
    };
    // The checks pull makes too: no option injection, no weakened host-key checking.
    const problems = targetProblems(t);
    if (problems.length) throw new CliError(`${where}: ${problems.map((p) => `${p.field}: ${p.problem}`).join('; ')}`, 'bad-inventory');
    return t;
  });
}

/** The `ssh` block with its identity file resolved against the inventory's directory. */
function sshOf(ssh: NonNullable<ApplianceTarget['ssh']>, dir: string): ApplianceTarget['ssh'] {
  return typeof ssh.identityFile === 'string' && !ssh.identityFile.startsWith('-')
    ? { ...ssh, identityFile: resolve(dir, ssh.identityFile) }
    : ssh;
}

/** The artefact files named: files as given, directories to their `*.patch.json` (sorted). */
export function expandArtefacts(given: readonly string[], cwd: string): string[] {
  const out: string[] = [];
  for (const g of given) {
    const p = resolve(cwd, g);
    let dir = false;
    try {
      dir = statSync(p).isDirectory();
    } catch {
      throw new CliError(`${g}: no such artefact file or directory`, 'push-artefact-files');
    }
    if (!dir) out.push(p);
    else
      for (const n of readdirSync(p)
        .filter((x) => x.endsWith('.patch.json'))
        .sort())
        out.push(join(p, n));
  }
  return out;
}

const fail = (artefact: string, problem: string) =>
  new CliError(messageOf(finding('push-artefact-files', 'error', { artefact, problem })), 'push-artefact-files');

/** One artefact as a push item, matched to its target. */
export function loadItem(path: string, targets: readonly PushTarget[] | null): PushItem {
  const shown = basename(path);
  const bytes = readLatin1(path);
  const a: PatchArtefact = readArtefact(bytes, shown);
  if (a.direction !== 'forward') throw fail(shown, 'it undoes a change (direction reverse): push takes what apply wrote');
  const stem = path.replace(/\.patch\.json$/i, '');
  const xmlPath = `${stem}.xml`;
  let planned: string;
  try {
    planned = readLatin1(xmlPath);
  } catch {
    throw fail(shown, `the patched export ${basename(xmlPath)} apply wrote beside it is missing`);
  }
  if (sha256(planned) !== a.output.sha256)
    throw fail(shown, `${basename(xmlPath)} is not the file apply wrote (sha256 differs): nothing sent`);
  const base = applyEdits(planned, reverseArtefact(a).edits);
  if (sha256(base) !== a.input.sha256) throw fail(shown, 'undoing its edits does not give the export the plan was made from');
  const recipe = artefactRecipe(a);
  const policy = recipe?.groups[0]?.policy ?? null;
  const token = (policy && recipe?.policies.find((p) => p.name === policy)?.params['tls']) || null;
  const name = basename(stem);
  const target = matchTarget(name, a, targets);
  if (!target)
    throw new CliError(
      messageOf(finding('push-no-target', 'error', { artefact: shown, hostname: a.input.hostname, serial: a.input.serial ?? null })),
      'push-no-target',
    );
  let hatFiles: PushItem['hatFiles'] = [];
  try {
    hatFiles = hatFilesOf(planned, a.listeners, name);
  } catch (e) {
    if (!(e instanceof HatFileError)) throw fail(shown, (e as Error).message);
  }
  const changeId = (a as unknown as { change?: { id?: unknown } }).change?.id;
  return {
    name: target.name,
    target,
    artefactFile: path,
    artefactSha256: createHash('sha256').update(Buffer.from(bytes, 'latin1')).digest('hex'),
    changeId: typeof changeId === 'string' ? changeId : null,
    expect: { hostname: a.input.hostname, serial: a.input.serial ?? null, asyncos: a.input.asyncos },
    base,
    planned,
    changed: a.listeners,
    policy,
    token,
    hosts: recipe?.published?.hosts.map((h) => ({ host: h.host, ip: h.ip })) ?? [],
    hatFiles,
  };
}

function matchTarget(name: string, a: PatchArtefact, targets: readonly PushTarget[] | null): PushTarget | null {
  if (!targets) return a.input.hostname ? { name, host: a.input.hostname } : null;
  const by = (f: (t: PushTarget) => boolean) => targets.find(f) ?? null;
  return (
    (a.input.serial ? by((t) => t.serial === a.input.serial) : null) ??
    (a.input.hostname ? by((t) => t.hostname === a.input.hostname) : null) ??
    by((t) => t.name === name || (t.file !== undefined && basename(t.file).replace(/\.xml$/i, '') === name)) ??
    (a.input.hostname ? by((t) => t.host === a.input.hostname) : null)
  );
}

/** The rollout's id: the route and the artefacts' checksums. */
export function rolloutId(items: readonly PushItem[], route: string): string {
  return createHash('sha256')
    .update([route, ...items.map((i) => i.artefactSha256)].join('\n'))
    .digest('hex')
    .slice(0, 12);
}

/** The default rollout directory: beside the first artefact. */
export function defaultRolloutDir(items: readonly PushItem[], id: string): string {
  return join(dirname(items[0]!.artefactFile), `rollout-${id}`);
}
