/** Explanations of the codes of talking to an appliance over SSH (issue 19). */
import { E, type Explanation } from './explanation.js';

/** Explanations of appliance, dialogue and SSH codes. */
export const APPLIANCE_EXPLANATIONS: Readonly<Record<string, Explanation>> = {
  'appliance-command': E(
    'an appliance command did not end as expected',
    "esa-patch runs each CLI command in its own SSH exec and answers only the prompts of its dialogue table. A command that runs past its time-out, loses the connection, prints more than the output cap, stops at a prompt the table does not know, or asks a question the tool never answers (such as clearing someone else's uncommitted changes) is stopped, and nothing more is sent to that appliance. An unknown or refused prompt is a refusal (exit 3): read the transcript, and if the prompt is harmless on your release, give its answer in a dialogue file (--dialogue).",
  ),
  'appliance-unreadable': E(
    'the appliance printed something the tool cannot read',
    'The build, model and serial come from `version`; the file name from `saveconfig`; the outcome of a load or commit from its result text. When none of the texts of the dialogue table matches, or several contradict each other, the tool stops rather than guess. A release that prints these differently needs a dialogue file (--dialogue) with its texts.',
  ),
  'appliance-file-mismatch': E(
    "the fetched export is not the appliance's",
    'The export `saveconfig` wrote names the appliance (build, serial, model) in its header. When that differs from what `version` printed in the same session, the file is not what was asked for (another appliance behind the address, a file left over): it is not kept.',
  ),
  'dialogue-inexact': E(
    'no dialogue table for this release',
    "esa-patch carries one table of prompts and result texts per AsyncOS release family (14, 15, 16). For another family it uses the nearest table and says so. The tables imitate Cisco's CLI guide; the tool has not yet met a real appliance. Check a transcript, and give a dialogue file (--dialogue) when the texts differ.",
  ),
  'dialogue-file': E(
    'a dialogue file that cannot be used',
    'A dialogue file (--dialogue FILE, JSON or YAML) overrides prompt rules and result texts of the built-in tables by their ids: { "family": "15", "rules": { "loadconfig.file": { "prompt": "REGEX", "answer": "{file}" } }, "results": { "loadconfig.loaded": { "pattern": "REGEX" } }, "commands": { "removeFile": "COMMAND {file}" } }. The message says what is wrong and where (file:line:col).',
  ),
  'passphrase-unavailable': E(
    'no loadconfig passphrase',
    'The appliance asks for the passphrase of loadconfig. esa-patch reads it from ESA_PATCH_PASSPHRASE (one line of printable characters) or asks on a terminal with echo off; never from the command line or a file. Without one, a load that needs it is refused and nothing is loaded.',
  ),
  'ssh-failed': E(
    'ssh or scp failed',
    "esa-patch runs the system ssh with BatchMode (no password prompt), your own keys, agent, ~/.ssh/config and known_hosts. A connection that cannot be made, a host key that is unknown or changed, or a key the appliance does not accept stops that appliance. Check with `ssh -o BatchMode=yes USER@HOST version`. The tool never weakens host-key checking: add the appliance's key to known_hosts yourself, after checking its fingerprint.",
  ),
  'ssh-option-refused': E(
    'an SSH option the tool refuses',
    "Options that weaken host-key checking (StrictHostKeyChecking, UserKnownHostsFile=/dev/null, GlobalKnownHostsFile, CheckHostIP, VerifyHostKeyDNS, UpdateHostKeys), that let ssh ask for a password (BatchMode, PasswordAuthentication, KbdInteractiveAuthentication), that run local commands (ProxyCommand, LocalCommand, PermitLocalCommand, KnownHostsCommand, Match) or that the tool sets itself (ControlMaster, ControlPath, ControlPersist, ConnectTimeout) are refused in the inventory's ssh.options. Put what you need in ~/.ssh/config, where you own it.",
  ),
  'remote-remove-unknown': E(
    'the export was left on the appliance',
    'Cisco\'s guides document no CLI command that removes a file from /configuration, so the file saveconfig wrote stays there. When your release has one, name it in a dialogue file ("commands": { "removeFile": "COMMAND {file}" }).',
  ),
  'remote-remove-failed': E(
    'the export is still on the appliance',
    'The removeFile command of your dialogue file ran, but the file could still be fetched afterwards: the command did not remove it. Check the command text for your release.',
  ),
  pulled: E(
    'an export was pulled',
    'pull ran `version` and `saveconfig` (passphrases encrypted, never masked), fetched the file with scp -O, and wrote it with a sidecar NAME.pull.json recording host, build, serial, hostname, model, cluster, time and the sha256 of the file.',
  ),
};
