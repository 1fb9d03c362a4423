/**
 * The items of a push: each artefact (`NAME.patch.json`, or a directory of them) with the patched
 * export apply wrote beside it (checked against the artefact's sha256), the export the plan was
 * made from (rebuilt by undoing the artefact's edits, checked against its sha256 too), and the
 * inventory target it names (by name, hostname or serial number).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { Refused, refused } from '../../findings.js';
import { hatFilesOf } from '../../appliance/hat-files.js';
import type { PushItem } from '../../appliance/push-types.js';
import type { ApplianceTarget } from '../../appliance/session.js';
import { inputOfArtefact, sha256, type PatchArtefact } from '../../patch/artefact.js';
import { messageOf } from '../../report/messages.js';
import { artefactRecipe, readArtefact } from '../artefact-file.js';
import { readLatin1 } from '../fs/index.js';
import { readInventory } from '../inventory.js';
import { readSidecar } from '../../appliance/sidecar.js';

/** An inventory target as push reads it: how to reach it, and what names it. */
export interface PushTarget extends ApplianceTarget {
  hostname?: string;
  serial?: string;
  /** The export file the inventory names (its stem matches an artefact's). */
  file?: string;
}

/**
 * The targets of an inventory: its entries with a `host` (read and checked as `pull` reads them),
 * each with the hostname and serial number of its pull sidecar (`NAME.pull.json` beside the
 * entry's file) when there is one, so that an artefact is matched by serial, hostname or name.
 */
export function readTargets(path: string): PushTarget[] {
  return readInventory(path).flatMap((e): PushTarget[] => {
    if (!e.target) return [];
    const t: PushTarget = { ...e.target, file: e.path };
    try {
      const side = readSidecar(readFileSync(e.path.replace(/\.xml$/i, '') + '.pull.json', 'utf8'));
      if ('sidecar' in side) {
        if (side.sidecar.serial) t.serial = side.sidecar.serial;
        if (side.sidecar.hostname) t.hostname = side.sidecar.hostname;
      }
    } catch {
      // no sidecar: matched by name or host
    }
    return [t];
  });
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
      throw refused('push-artefact-files', { artefact: g, problem: 'no such artefact file or directory' });
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

const fail = (artefact: string, problem: string) => refused('push-artefact-files', { artefact, problem });

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
  const base = inputOfArtefact(planned, a);
  if (sha256(base) !== a.input.sha256) throw fail(shown, 'undoing its edits does not give the export the plan was made from');
  const recipe = artefactRecipe(a);
  const policy = recipe?.groups[0]?.policy ?? null;
  const token = (policy && recipe?.policies.find((p) => p.name === policy)?.params['tls']) || null;
  const name = basename(stem);
  const target = matchTarget(name, a, targets);
  if (!target) throw refused('push-no-target', { artefact: shown, hostname: a.input.hostname, serial: a.input.serial ?? null });
  let hatFiles: PushItem['hatFiles'] = [];
  let hatProblem: string | undefined;
  try {
    hatFiles = hatFilesOf(planned, a.listeners, name);
  } catch (e) {
    if (!(e instanceof Refused)) throw fail(shown, (e as Error).message);
    hatProblem = messageOf(e.finding);
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
    ...(hatProblem ? { hatProblem } : {}),
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
