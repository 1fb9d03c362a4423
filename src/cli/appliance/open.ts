/**
 * The session `push` and `revert` open with an appliance when the caller gives none: the system
 * `ssh` and `scp` (src/cli/appliance/ssh.ts).
 */
import type { ApplianceSession, ApplianceTarget } from '../../appliance/session.js';
import { CliError } from '../fs/index.js';

/** Opens an SSH session with `target`. */
export async function openSsh(target: ApplianceTarget): Promise<ApplianceSession> {
  void target;
  throw new CliError('the ssh transport is not in this build yet: push needs src/cli/appliance/ssh.ts', 'push-no-transport');
}
