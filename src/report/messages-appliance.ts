/** The words of the appliance loop's findings: pull, push, revert (a part of report/messages.ts). */
import type { ApplianceFindingArgs, PushFindingArgs } from '../findings.js';
import type { MessageTable } from './messages.js';

const list = (xs: readonly string[]) => xs.join(', ');
const orNone = (v: string | null) => v ?? '(none)';
const differs = (a: { listeners: readonly string[]; outside: string | null }) =>
  [a.listeners.length ? `listener(s) ${list(a.listeners)}` : '', a.outside ? `outside the listeners: ${a.outside}` : '']
    .filter(Boolean)
    .join('; ') || 'the comparison could not be made';

export const PUSH: MessageTable<keyof PushFindingArgs> = {
  'push-stale-base': (a) =>
    `${a.appliance}: the appliance changed since the export the plan was made from (${differs(a)}); nothing loaded: pull again, plan again and review`,
  'push-other-build': (a) =>
    `${a.appliance}: the appliance runs AsyncOS ${orNone(a.found)}, the plan was made for ${orNone(a.expected)}; nothing loaded (loadconfig takes only a file of the same version): pull again and plan again`,
  'push-other-serial': (a) =>
    `${a.appliance}: the appliance's serial number is ${orNone(a.found)}, the artefact names ${orNone(a.expected)}; nothing loaded: check the inventory`,
  'push-other-hostname': (a) =>
    `${a.appliance}: the appliance's hostname is ${orNone(a.found)}, the artefact names ${orNone(a.expected)}; nothing loaded: check the inventory`,
  'push-uncommitted-changes': (a) =>
    `${a.appliance}: uncommitted changes are pending on the appliance; nothing loaded and nothing cleared: whoever made them commits or clears them, then run again`,
  'push-masked-export': (a) =>
    `${a.appliance}: the appliance saved its configuration with ${a.count} masked passphrase(s); a masked export cannot be compared or loaded back: nothing loaded`,
  'push-unknown-prompt': (a) =>
    `${a.appliance}: "${a.command}" stopped at a prompt esa-patch does not know ("${a.prompt}"); nothing answered: add the prompt to the dialogue file, or run the step by hand`,
  'push-cluster-level': (a) =>
    `${a.appliance}: the CLI could not be set to the cluster level ${a.level} that owns the listeners ("${a.answer}"); nothing loaded`,
  'tls-token-unwitnessed': (a) =>
    `the TLS token "${a.token}" of policy ${a.policy} has not been witnessed on AsyncOS ${orNone(a.version)}: no verified push has read it back from an appliance of that version yet (push it to a canary first)`,
  'push-route-incomplete': (a) =>
    `${a.appliance}: the plan changes more than HATs (${list(a.settings)}); --via hat would load only part of it: use --via config`,
  'push-load-failed': (a) =>
    `${a.appliance}: "${a.command}" answered ${a.result}${a.line ? ` ("${a.line}")` : ''}; nothing committed: check the appliance for uncommitted changes (clear them on its CLI)`,
  'push-commit-failed': (a) =>
    `${a.appliance}: commit did not say it committed${a.line ? ` ("${a.line}")` : ''}; the load is pending on the appliance: check it on its CLI`,
  'push-verify-failed': (a) =>
    `${a.appliance}: the export read back after the commit differs from the one the plan promised (${differs(a)})`,
  'push-reverted': (a) => `${a.appliance}: the export taken just before the load was loaded back, committed and verified`,
  'push-revert-failed': (a) =>
    `${a.appliance}: the revert did not complete (${a.reason}); the appliance may hold the patched configuration: check it now`,
  'push-interrupted-load': (a) =>
    `${a.appliance}: an earlier run was interrupted while loading, and the appliance cannot be shown to be in either state (${a.reason}); nothing sent: check it on its CLI`,
  'push-connection': (a) => `${a.appliance}: "${a.command}" did not complete (${a.outcome})`,
  'push-no-target': (a) =>
    `${a.artefact}: no inventory target names this appliance (hostname ${orNone(a.hostname)}, serial ${orNone(a.serial)}): add it to the inventory`,
  'push-artefact-files': (a) => `${a.artefact}: ${a.problem}`,
  'hat-file-encoding': (a) =>
    `the HAT of listener ${a.listener} holds a character ${a.encoding} cannot write; import it through loadconfig instead`,
  'push-cluster-not-loaded': (a) =>
    `${a.appliance}: cluster ${a.cluster} was loaded on another machine, but this machine's export does not show the change`,
};

const OUTCOME: Record<string, string> = {
  timeout: 'did not finish within its time-out',
  cut: 'lost the connection before it ended',
  'too-long': 'printed more than the output cap',
  'unknown-prompt': 'stopped at a prompt the dialogue does not know',
  refused: 'asked a question the tool never answers',
};

export const APPLIANCE: MessageTable<keyof ApplianceFindingArgs> = {
  'appliance-command': (a) =>
    `${a.target}: "${a.command}" ${OUTCOME[a.outcome] ?? a.outcome}${a.rule ? ` (${a.rule})` : ''}${a.last ? `; last output: ${a.last}` : ''}; nothing more was sent to this appliance`,
  'appliance-unreadable': (a) =>
    `${a.target}: cannot read the ${a.what} in the output of "${a.command}"${a.last ? ` (last output: ${a.last})` : ''}; if your release prints it differently, give its text in a dialogue file (--dialogue)`,
  'appliance-file-mismatch': (a) =>
    `${a.target}: the export fetched says ${a.field} ${a.file ?? '(none)'} but the appliance says ${a.appliance}; the file was not kept`,
  'dialogue-inexact': (a) =>
    `${a.target}: no dialogue table for AsyncOS ${a.build}; using the table of family ${a.family} (check the prompts, or give a dialogue file)`,
  'dialogue-file': (a) => a.detail,
  'passphrase-unavailable': (a) =>
    a.reason === 'bad-variable'
      ? `${a.variable} holds a control character or is over ${a.max} characters`
      : a.reason === 'no-terminal'
        ? `the appliance asks for a passphrase: set ${a.variable}, or run on a terminal to type it`
        : 'no passphrase typed',
  'ssh-failed': (a) => `${a.target}: ${a.step} failed: ${a.detail}`,
  'ssh-option-refused': (a) => `${a.target}: SSH option ${a.option} refused: ${a.reason}`,
  'remote-remove-unknown': (a) =>
    `${a.target}: /configuration/${a.file} was left on the appliance: the dialogue has no command that removes a file (give "removeFile" in a dialogue file)`,
  'remote-remove-failed': (a) =>
    `${a.target}: /configuration/${a.file} is still on the appliance after the removeFile command${a.last ? ` (it said: ${a.last})` : ''}`,
  pulled: (a) =>
    `${a.target}: pulled AsyncOS ${a.build}${a.serial ? ` serial ${a.serial}` : ''} to ${a.file} (sha256 ${a.sha256.slice(0, 12)}…)`,
};
