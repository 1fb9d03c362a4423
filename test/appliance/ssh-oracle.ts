/** The OpenSSH client as a test oracle, and the target of an emulator server. */
import type { ApplianceSession, ApplianceTarget } from '../../src/appliance/session.js';
import { openSsh, type SshSettings } from '../../src/cli/appliance/ssh.js';
import type { EmulatedAppliance } from './emulator.js';
import type { Oracle } from '../oracles/oracle.js';
import { serveAppliance, sshAvailable, type EmulatorServer } from './server.js';

/** The OpenSSH client, as an oracle: the tests need it and say so when it is missing. */
export const OPENSSH: Oracle<true> = {
  name: 'OpenSSH client (ssh, scp)',
  async start() {
    const why = sshAvailable();
    if (why) throw new Error(why);
    return true;
  },
};

/** The target of an emulator server, as an inventory would give it. */
export function targetOf(srv: EmulatorServer, name = 'esa1'): ApplianceTarget {
  return {
    name,
    host: '127.0.0.1',
    port: srv.port,
    user: 'admin',
    ssh: { identityFile: srv.fixture.identityFile, options: { UserKnownHostsFile: srv.fixture.knownHosts } },
  };
}

/** Serves `app` over SSH, opens the system-ssh session to it, runs `fn`, then closes both. */
export async function withAppliance(
  app: EmulatedAppliance,
  settings: SshSettings,
  fn: (s: ApplianceSession, srv: EmulatorServer) => Promise<void>,
): Promise<void> {
  const srv = await serveAppliance(app, { lifeMs: 20_000 });
  let s: ApplianceSession | null = null;
  const t0 = Date.now();
  try {
    s = await openSsh(targetOf(srv), { configFile: srv.fixture.configFile, ...settings });
    await fn(s, srv);
  } finally {
    await s?.close();
    await srv.stop();
    if (process.env['ESA_PATCH_TEST_TIMES']) console.log(`  ${Date.now() - t0} ms`);
  }
}
