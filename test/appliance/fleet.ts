/** Inventories of emulated appliances, for the pull tests. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EmulatedAppliance } from './emulator.js';
import { serveAppliance, type EmulatorServer } from './server.js';

/** Writes an inventory of `servers` (one known_hosts for all) in `dir`; returns its path. */
export function inventory(dir: string, servers: [string, EmulatorServer][]): string {
  const lines = servers.flatMap(([name, srv]) => [
    `- name: ${name}`,
    '  host: 127.0.0.1',
    `  port: ${srv.port}`,
    '  user: admin',
    '  ssh:',
    `    identityFile: ${srv.fixture.identityFile}`,
    '    options:',
    `      UserKnownHostsFile: ${srv.fixture.knownHosts}`,
    '  cluster: { name: c1, level: cluster }',
  ]);
  // One known_hosts for all: each server has its own host key and port.
  // Each line once, however often this is called on the same servers.
  const hostLines = new Set(servers.flatMap(([, srv]) => readFileSync(srv.fixture.knownHosts, 'utf8').split('\n').filter(Boolean)));
  const known = [...hostLines].map((l) => `${l}\n`).join('');
  for (const [, srv] of servers) writeFileSync(srv.fixture.knownHosts, known);
  const p = join(dir, 'fleet.yaml');
  writeFileSync(p, `${lines.join('\n')}\n`);
  return p;
}

/** Serves each appliance (20 s life at most). */
export async function serve(...apps: EmulatedAppliance[]): Promise<EmulatorServer[]> {
  return Promise.all(apps.map((a) => serveAppliance(a, { lifeMs: 20_000 })));
}
