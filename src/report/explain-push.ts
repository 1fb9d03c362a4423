/** Explanations of the codes of `push` and `revert`: the gates before a load, the load, the verify, the revert, the TLS token. */
import { E, type Explanation } from './explanation.js';

/** Explanations of push, revert and TLS-token codes. */
export const PUSH_EXPLANATIONS: Readonly<Record<string, Explanation>> = {
  'push-stale-base': E(
    'the appliance changed since the export the plan was made from',
    'Before loading, push saves the configuration again and compares it by meaning with the export the plan was made from (the artefact binds the plan to it). Any difference means a colleague (or a script) changed the appliance since: loading the patched file would silently revert their work. As Terraform refuses a stale saved plan, the appliance is refused (exit 3) with the difference shown. Pull again, plan again, review, push.',
  ),
  'push-other-build': E(
    'another AsyncOS build',
    'loadconfig accepts only a file saved by the same AsyncOS version. The appliance now runs another build than the export the plan was made from (an upgrade since, or the wrong appliance). Nothing is loaded (exit 3): pull again and plan again.',
  ),
  'push-other-serial': E(
    'another appliance (serial number)',
    "The appliance answering at the inventory's address has another serial number than the export the artefact was made from: the wrong host, a replaced appliance, or a swapped inventory line. Nothing is loaded (exit 3). Check the inventory's host for this appliance.",
  ),
  'push-other-hostname': E(
    'another appliance (hostname)',
    "The appliance's configuration names another hostname than the export the artefact was made from. Nothing is loaded (exit 3). Check the inventory.",
  ),
  'push-uncommitted-changes': E(
    'uncommitted changes pending on the appliance',
    "Someone has changes pending on the appliance that are not committed. A commit by esa-patch would sweep them in; loadconfig offers to clear them, which would throw away someone's work. esa-patch does neither: it refuses the appliance (exit 3). Whoever made the changes commits or clears them; then run push again.",
  ),
  'push-masked-export': E(
    'the appliance saved a masked export',
    'saveconfig was asked to encrypt passphrases but the file holds masked ones (only *): it cannot be loaded back, and a revert from it would lose every passphrase. Nothing is loaded (exit 3). Check the dialogue table for saveconfig.',
  ),
  'push-unknown-prompt': E(
    'a prompt esa-patch does not know',
    "The appliance stopped at a question no rule of the dialogue matches. esa-patch never guesses an answer on a production gateway: the command is abandoned and the appliance refused (exit 3). The dialogue is data (one table per release family): add the prompt and its answer, or do this step by hand. The appliance's text is shown with control characters made visible.",
  ),
  'push-cluster-level': E(
    'the CLI could not be set to the level that owns the listeners',
    "In a cluster, listener settings live at cluster, group or machine level, and a load must happen once, at the level that owns them (the inventory's cluster.level). clustermode did not answer as expected, so nothing is loaded (exit 3).",
  ),
  'tls-token-unwitnessed': E(
    'a TLS token not yet seen on an appliance of that version',
    "Nobody has seen how an appliance spells TLS Required in its HAT text. A verified push settles it: the export read back after the load shows what the appliance kept, and the token is then recorded as witnessed for that AsyncOS version in the tokens file (--tokens). plan and apply warn when the token they write is not witnessed (with --tokens); push refuses it beyond the canary wave until the canary's verify has witnessed it (exit 3), so a wrong spelling is found on one appliance, not forty.",
  ),
  'push-route-incomplete': E(
    'the HAT route cannot carry this change',
    "push --via hat imports only the changed listeners' HAT texts (hostaccess import replaces a listener's whole HAT and touches nothing else). This plan also changes settings outside a HAT, which that route would leave out. Use --via config (loadconfig of the whole patched export). Refused (exit 3), nothing loaded.",
  ),
  'push-load-failed': E(
    'the load did not succeed',
    'loadconfig (or hostaccess import) answered something other than that it loaded the values: Parsing failed, No data to load, No changes detected, or a text esa-patch does not recognise (an unrecognised answer is a failure). Nothing was committed; the rollout stops. The appliance may hold uncommitted changes from the attempt: check and clear them on its CLI.',
  ),
  'push-commit-failed': E(
    'commit did not confirm',
    'After the load, commit did not say the changes were committed. The load may be pending on the appliance: the rollout stops; check the appliance on its CLI.',
  ),
  'push-verify-failed': E(
    'the appliance kept something other than the plan promised',
    'After the commit, push saves the configuration again and compares it by meaning with the patched export the plan promised: they must be identical. A difference (the appliance spelled a value its own way, dropped or changed a setting) fails the verify: push loads back the export it took just before the load (kept on disk in the rollout directory), commits, verifies that too, and stops the rollout.',
  ),
  'push-reverted': E(
    'the appliance was put back as it was before the load',
    "A failed verify is followed by a revert: the export saved just before the load is loaded back, committed, and compared by meaning with that export again. AsyncOS has no commit-confirm; this is esa-patch's own.",
  ),
  'push-revert-failed': E(
    'the revert did not complete',
    'Loading back the export taken before the load failed, or the appliance does not show it afterwards. The appliance may still hold the patched configuration: check it now. The kept export is in the rollout directory (pre/NAME.xml); esa-patch revert tries again.',
  ),
  'push-interrupted-load': E(
    'an interrupted load that cannot be settled automatically',
    'An earlier run stopped (killed, lost connection) after it started a load. Before anything else, push pulls the appliance and compares: patched as planned, it goes on to verify; as before the load, it starts over; anything else (uncommitted changes pending, another configuration) is for a person to look at. Nothing is sent (exit 3).',
  ),
  'push-connection': E(
    'a command did not complete',
    'The connection dropped, the appliance did not answer within the time-out, or its output passed the size cap. Before a load nothing has changed; during a load the next run re-checks the appliance before anything else.',
  ),
  'push-no-target': E(
    'no inventory entry for this appliance',
    'push matches each artefact to an inventory target by name, hostname or serial number. None matches: add the appliance (host, user, …) to the inventory given with --inventory.',
  ),
  'hat-file-encoding': E(
    "a HAT cannot be written in the export's encoding",
    "The HAT holds a character (written as a reference in the export) that the export's declared encoding cannot write as plain text, so no HAT file for hostaccess import can hold it. Import the change through loadconfig instead (push --via loadconfig).",
  ),
  'push-artefact-files': E(
    "the artefact's files are missing or changed",
    "push loads the patched export apply wrote beside the artefact (NAME.xml beside NAME.patch.json) and checks it against the artefact's sha256; the export the plan was made from is rebuilt from it by the artefact's edits and checked against its sha256 too. A missing or changed file is an error (exit 1): nothing is sent.",
  ),
  'push-cluster-not-loaded': E(
    "a cluster machine's export does not show the cluster's load",
    'In a cluster the load happens once, on the first machine, at the level that owns the listeners; the other machines are verified only. This machine still shows its old configuration: the change did not reach it. The rollout stops.',
  ),
};
