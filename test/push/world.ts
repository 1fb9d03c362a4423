/** A fleet of emulated appliances for the push tests: exports, `apply`'s outputs, an inventory, sessions. */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, type Run } from '../cli/run.js';
import { ROOT } from '../helpers.js';
import { createFake, fakeSession, readState, writeState, type Misbehaviour } from './fake-appliance.js';
import type { ApplianceTarget } from '../../src/appliance/session.js';

export const SAMPLE = readFileSync(join(ROOT, 'samples', 'multi-listener.xml'), 'latin1');

/** The sample as appliance k (its own hostname and serial). */
export function exportOf(k: number, text = SAMPLE): string {
  return text
    .replace('<hostname>mx-gw1.example.net</hostname>', `<hostname>esa${k}.example.net</hostname>`)
    .replace(/Serial Number: \S+/, `Serial Number: SERIAL${String(k).padStart(4, '0')}`);
}

export interface World {
  dir: string;
  names: string[];
  inventory: string;
  appliance(name: string): string;
  open: (t: ApplianceTarget) => Promise<ReturnType<typeof fakeSession>>;
  push(args: string[]): Promise<Run>;
}

const templates = new Map<string, string>();

/** The exports, `apply`'s outputs and the inventory of `n` appliances, made once per run and copied. */
async function template(n: number, applyArgs: string[]): Promise<string> {
  const key = JSON.stringify([n, applyArgs]);
  const have = templates.get(key);
  if (have) return have;
  const dir = mkdtempSync(join(tmpdir(), 'esa-push-template-'));
  mkdirSync(join(dir, 'exports'));
  const inv: object[] = [];
  for (let k = 1; k <= n; k++) {
    writeFileSync(join(dir, 'exports', `esa${k}.xml`), exportOf(k), 'latin1');
    inv.push({ name: `esa${k}`, host: `10.0.0.${k}`, user: 'admin', hostname: `esa${k}.example.net` });
  }
  writeFileSync(join(dir, 'fleet.json'), JSON.stringify(inv), 'utf8');
  const r = await cli(['apply', 'exports', '--out-dir', 'patched', '--jobs', '1', ...applyArgs], { cwd: dir });
  if (r.code !== 0) throw new Error(`apply failed: ${r.out}${r.err}`);
  templates.set(key, dir);
  return dir;
}

/** `n` appliances pulled into `exports/`, applied into `patched/`, each emulated with its state on disk. */
export async function world(n: number, opts: { misbehave?: Record<number, Misbehaviour>; applyArgs?: string[] } = {}): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'esa-push-'));
  cpSync(await template(n, opts.applyArgs ?? []), dir, { recursive: true });
  const names: string[] = [];
  for (let k = 1; k <= n; k++) {
    names.push(`esa${k}`);
    createFake(join(dir, 'appliances', `esa${k}`), exportOf(k), opts.misbehave?.[k] ?? {});
  }
  const appliance = (name: string) => join(dir, 'appliances', name);
  const open = async (t: ApplianceTarget) => fakeSession(t, appliance(t.name));
  return {
    dir,
    names,
    inventory: join(dir, 'fleet.json'),
    appliance,
    open,
    push: (args) => cli(args, { cwd: dir, openSession: open }),
  };
}

/** Changes appliance `name`'s fake state. */
export function tamper(w: World, name: string, f: (s: ReturnType<typeof readState>) => void): void {
  const s = readState(w.appliance(name));
  f(s);
  writeState(w.appliance(name), s);
}
