/**
 * The session `push` and `revert` open with an appliance when the caller gives none: the system
 * `ssh` and `scp` (src/cli/appliance/ssh.ts: BatchMode, one shared connection, strict host keys).
 */
import type { ApplianceSession, ApplianceTarget } from '../../appliance/session.js';
import { openSsh as openSystemSsh } from './ssh.js';

/** Opens an SSH session with `target`; `commandTimeoutMs` bounds every command; `configFile`: `ssh -F`. */
export function openSsh(target: ApplianceTarget, commandTimeoutMs?: number, configFile?: string): Promise<ApplianceSession> {
  return openSystemSsh(target, { ...(commandTimeoutMs ? { commandTimeoutMs } : {}), ...(configFile ? { configFile } : {}) });
}
