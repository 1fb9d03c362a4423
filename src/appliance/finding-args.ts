/** The arguments of the appliance loop's findings: pull, push, revert (areas of the one `Finding` type in src/findings.ts). */

/** Pushing to appliances, their gates, waves and revert (`src/appliance/push*.ts`, issue 19). */
export interface PushFindingArgs {
  /** The appliance changed since the export the plan was made from (by meaning). */
  'push-stale-base': { appliance: string; listeners: readonly string[]; outside: string | null };
  'push-other-build': { appliance: string; expected: string | null; found: string | null };
  'push-other-serial': { appliance: string; expected: string | null; found: string | null };
  'push-other-hostname': { appliance: string; expected: string | null; found: string | null };
  'push-uncommitted-changes': { appliance: string };
  'push-masked-export': { appliance: string; count: number };
  'push-unknown-prompt': { appliance: string; command: string; prompt: string };
  'push-cluster-level': { appliance: string; level: string; answer: string };
  /** The TLS token the plan writes has not been witnessed for that AsyncOS version. */
  'tls-token-unwitnessed': { token: string; version: string | null; policy: string };
  'push-route-incomplete': { appliance: string; settings: readonly string[] };
  'push-load-failed': { appliance: string; command: string; result: string; line: string | null };
  'push-commit-failed': { appliance: string; line: string | null };
  'push-verify-failed': { appliance: string; listeners: readonly string[]; outside: string | null };
  'push-reverted': { appliance: string };
  'push-revert-failed': { appliance: string; reason: string };
  'push-interrupted-load': { appliance: string; reason: string };
  'push-connection': { appliance: string; command: string; outcome: string };
  'push-no-target': { artefact: string; hostname: string | null; serial: string | null };
  'push-artefact-files': { artefact: string; problem: string };
  /** The HAT of a listener holds a character its export's encoding cannot write as a HAT file. */
  'hat-file-encoding': { listener: string; encoding: string };
  'push-cluster-not-loaded': { appliance: string; cluster: string };
}

/**
 * Talking to an appliance (`src/appliance`, `src/cli/appliance`; issue 19). `target` is the
 * inventory's name of the appliance; `last` the last line it printed (visible text).
 */
export interface ApplianceFindingArgs {
  /** A command did not end as the dialogue expects: `outcome` is the session's (timeout, cut, too-long, unknown-prompt, refused). */
  'appliance-command': { target: string; command: string; outcome: string; rule: string | null; last: string };
  /** The appliance's answer cannot be read: `what` (`version`, `saved-name`, `result`). */
  'appliance-unreadable': { target: string; command: string; what: string; last: string };
  /** The export fetched does not match what `version` said (`field`: build, serial, model). */
  'appliance-file-mismatch': { target: string; field: string; appliance: string; file: string | null };
  /** No dialogue table for this build's family: the nearest one (`family`) is used. */
  'dialogue-inexact': { target: string; build: string; family: string };
  /** A dialogue override file that cannot be used (`detail` says what, the span where). */
  'dialogue-file': { detail: string };
  /** `ssh` or `scp` failed before the command ran (connection, host key, authentication). */
  'ssh-failed': { target: string; step: string; detail: string };
  /** No loadconfig passphrase: `variable` is malformed (control characters, over `max`), no terminal to ask on, or none typed. */
  'passphrase-unavailable': { reason: 'bad-variable' | 'no-terminal' | 'not-typed'; variable: string; max: number };
  /** An SSH option that would weaken host-key checking or reach past the tool's controls. */
  'ssh-option-refused': { target: string; option: string; reason: string };
  /** The export was left in /configuration: the dialogue knows no command that removes a file. */
  'remote-remove-unknown': { target: string; file: string };
  /** The removeFile command ran but the file is still in /configuration (a second fetch found it). */
  'remote-remove-failed': { target: string; file: string; last: string };
  /** `pull` wrote an export (`file`) and its sidecar. */
  pulled: { target: string; file: string; build: string; serial: string | null; sha256: string };
}
