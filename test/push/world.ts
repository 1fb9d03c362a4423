/** A fleet of emulated appliances for the push tests: exports, `apply`'s outputs, an inventory, sessions. */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cli, type Run } from '../cli/run.js';
import { ROOT } from '../helpers.js';
import { createFake, fakeSession, tamperFake, PASSPHRASE } from './fake-appliance.js';
import type { EmulatedAppliance, Misbehaviour } from '../appliance/emulator.js';
import type { ApplianceTarget } from '../../src/appliance/session.js';

export const SAMPLE = readFileSync(join(ROOT, 'samples', 'multi-listener.xml'), 'latin1');

/** The name of appliance k: `esa01` .. `esa99` (one width, so that the exports of the fleet differ in those bytes only). */
export const nm = (k: number) => `esa${String(k).padStart(2, '0')}`;

/** The sample as appliance k (its own hostname and serial). */
export function exportOf(k: number, text = SAMPLE): string {
  return text
    .replace('<hostname>mx-gw1.example.net</hostname>', `<hostname>${nm(k)}.example.net</hostname>`)
    .replace(/Serial Number: \S+/, `Serial Number: SERIAL${String(k).padStart(4, '0')}`);
}

const sha = (t: string) => createHash('sha256').update(Buffer.from(t, 'latin1')).digest('hex');

/**
 * Appliance k's apply outputs made from appliance 1's: the exports differ only in the hostname
 * and serial (same lengths, outside every HAT), so the patched file, the diff and the artefact's
 * edits are appliance 1's with those bytes replaced, and the artefact's checksums recomputed.
 * push checks both checksums against the files (a wrong derivation fails every test).
 */
function deriveOutputs(dir: string, k: number): void {
  const swap = (t: string) =>
    t
      .split(`${nm(1)}.example.net`)
      .join(`${nm(k)}.example.net`)
      .split('SERIAL0001')
      .join(`SERIAL${String(k).padStart(4, '0')}`);
  const at = (n: number, ext: string) => join(dir, 'patched', `${nm(n)}${ext}`);
  const patched = swap(readFileSync(at(1, '.xml'), 'latin1'));
  writeFileSync(at(k, '.xml'), patched, 'latin1');
  writeFileSync(at(k, '.diff'), swap(readFileSync(at(1, '.diff'), 'latin1')), 'latin1');
  const a = JSON.parse(readFileSync(at(1, '.patch.json'), 'utf8'));
  a.input = {
    ...a.input,
    file: `${nm(k)}.xml`,
    hostname: `${nm(k)}.example.net`,
    serial: `SERIAL${String(k).padStart(4, '0')}`,
    sha256: sha(exportOf(k)),
  };
  a.output = { ...a.output, sha256: sha(patched) };
  writeFileSync(at(k, '.patch.json'), `${JSON.stringify(a, null, 2)}\n`, 'utf8');
}

export interface World {
  dir: string;
  names: string[];
  inventory: string;
  appliance(name: string): string;
  open: (t: ApplianceTarget) => Promise<ReturnType<typeof fakeSession>>;
  push(args: string[]): Promise<Run>;
}

/** Memory-backed when the machine has it: the journal fsyncs every record, which a disk makes slow to test. */
const TMP = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();

const templates = new Map<string, string>();

/** The exports, `apply`'s outputs and the inventory of `n` appliances, made once per run and copied. */
async function template(n: number, applyArgs: string[]): Promise<string> {
  const key = JSON.stringify([n, applyArgs]);
  const have = templates.get(key);
  if (have) return have;
  const dir = mkdtempSync(join(TMP, 'esa-push-template-'));
  mkdirSync(join(dir, 'exports'));
  const inv: object[] = [];
  for (let k = 1; k <= n; k++) {
    writeFileSync(join(dir, 'exports', `${nm(k)}.xml`), exportOf(k), 'latin1');
    inv.push({ name: nm(k), host: `10.0.0.${k}`, user: 'admin' });
  }
  writeFileSync(join(dir, 'fleet.json'), JSON.stringify(inv), 'utf8');
  const r = await cli(['apply', `exports/${nm(1)}.xml`, '-o', `patched/${nm(1)}.xml`, ...applyArgs], { cwd: dir });
  if (r.code !== 0) throw new Error(`apply failed: ${r.out}${r.err}`);
  for (let k = 2; k <= n; k++) deriveOutputs(dir, k);
  templates.set(key, dir);
  return dir;
}

/** `n` appliances pulled into `exports/`, applied into `patched/`, each emulated with its state on disk. */
export async function world(n: number, opts: { misbehave?: Record<number, Misbehaviour>; applyArgs?: string[] } = {}): Promise<World> {
  const dir = mkdtempSync(join(TMP, 'esa-push-'));
  cpSync(await template(n, opts.applyArgs ?? []), dir, { recursive: true });
  const names: string[] = [];
  for (let k = 1; k <= n; k++) {
    names.push(nm(k));
    createFake(join(dir, 'appliances', nm(k)), exportOf(k), opts.misbehave?.[k] ?? {});
  }
  const appliance = (name: string) => join(dir, 'appliances', name);
  const open = async (t: ApplianceTarget) => fakeSession(t, appliance(t.name));
  return {
    dir,
    names,
    inventory: join(dir, 'fleet.json'),
    appliance,
    open,
    push: (args) => cli(args, { cwd: dir, openSession: open, env: { ESA_PATCH_PASSPHRASE: PASSPHRASE } }),
  };
}

/** Changes appliance `name` (on disk). */
export function tamper(w: World, name: string, f: (app: EmulatedAppliance) => void): void {
  tamperFake(w.appliance(name), f);
}
