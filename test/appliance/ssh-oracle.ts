/** The OpenSSH client as a test oracle, and the target of an emulator server. */
import type { ApplianceTarget } from '../../src/appliance/session.js';
import type { Oracle } from '../oracles/oracle.js';
import { sshAvailable, type EmulatorServer } from './server.js';

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
