/**
 * The emulated appliance of test/appliance/emulator.ts with its state on disk: each command
 * loads the appliance from `DIR/state.json`, runs through the in-process session (the product's
 * Conversation), and writes the state back atomically, so that the appliance outlives a tool
 * killed mid-rollout as a real one would. `loads` counts the loadconfig and hostaccess import
 * commands that changed the configuration being edited, written with that change: a test of
 * "never loaded twice" reads it.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApplianceSession, ApplianceTarget } from '../../src/appliance/session.js';
import { EmulatedAppliance, type Misbehaviour } from '../appliance/emulator.js';
import { localSession } from '../appliance/local-session.js';

export { PASSPHRASE } from '../appliance/emulator.js';

const FIELDS = [
  'build',
  'model',
  'serial',
  'hostname',
  'committed',
  'candidate',
  'commits',
  'log',
  'cluster',
  'loginMode',
  'misbehave',
  'clock',
  'loads',
] as const;

/** The appliance in `dir`. */
export function loadAppliance(dir: string): EmulatedAppliance {
  const s = JSON.parse(readFileSync(join(dir, 'state.json'), 'latin1')) as Record<string, unknown>;
  const app = new EmulatedAppliance(s['committed'] as string);
  const any = app as unknown as Record<string, unknown>;
  for (const f of FIELDS) if (f !== 'commits' && f !== 'log') any[f] = s[f];
  app.commits.push(...(s['commits'] as EmulatedAppliance['commits']));
  app.log.push(...(s['log'] as string[]));
  for (const [k, v] of Object.entries(s['files'] as Record<string, string>)) app.files.set(k, v);
  return app;
}

/** Writes the appliance's state to `dir`, atomically. */
export function saveAppliance(dir: string, app: EmulatedAppliance): void {
  mkdirSync(dir, { recursive: true });
  const any = app as unknown as Record<string, unknown>;
  const s: Record<string, unknown> = { files: Object.fromEntries(app.files) };
  for (const f of FIELDS) s[f] = any[f];
  const tmp = join(dir, `state.json.${process.pid}.tmp`);
  writeFileSync(tmp, JSON.stringify(s), 'latin1');
  renameSync(tmp, join(dir, 'state.json'));
}

/** A new appliance in `dir` running `exportText`. */
export function createFake(dir: string, exportText: string, misbehave: Misbehaviour = {}): EmulatedAppliance {
  const app = new EmulatedAppliance(exportText);
  app.misbehave = misbehave;
  saveAppliance(dir, app);
  return app;
}

/** What a test reads of the appliance in `dir`. */
export function readState(dir: string) {
  const app = loadAppliance(dir);
  const loads = (app as unknown as { loads?: number }).loads ?? 0;
  return { app, committed: app.committed, pending: app.pending, commits: app.commits, log: app.log, loads };
}

/** Changes the appliance in `dir`. */
export function tamperFake(dir: string, f: (app: EmulatedAppliance) => void): void {
  const app = loadAppliance(dir);
  f(app);
  saveAppliance(dir, app);
}

/** A session on the appliance in `dir`; every call loads it and writes it back. */
export function fakeSession(target: ApplianceTarget, dir: string): ApplianceSession {
  const on = async <T>(f: (s: ApplianceSession) => Promise<T>, command = ''): Promise<T> => {
    const app = loadAppliance(dir);
    const before = app.candidate;
    try {
      return await f(localSession(app, target, { idleMs: 30 }));
    } finally {
      if (app.candidate !== before && /(^|; )(loadconfig|listenerconfig edit \S+ hostaccess import )/.test(command)) {
        const a = app as unknown as { loads?: number };
        a.loads = (a.loads ?? 0) + 1;
      }
      saveAppliance(dir, app);
    }
  };
  return {
    target,
    run: (command, rules, options) => on((s) => s.run(command, rules, options), command),
    upload: (bytes, name) => on((s) => s.upload(bytes, name)),
    download: (name, max) => on((s) => s.download(name, max)),
    async close() {},
  };
}
