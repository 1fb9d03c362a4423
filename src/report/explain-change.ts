/** Explanations of the codes of a change: recipes, the patch, rollback, artefacts, files and arguments. */
import { E, type Explanation } from './explanation.js';

/** Explanations of recipe, patch, rollback, artefact, file and argument codes. */
export const CHANGE_EXPLANATIONS: Readonly<Record<string, Explanation>> = {
  'bad-recipe': E(
    'a recipe value that cannot be written into a HAT',
    'Names (--group-name, --policy-name) use letters, digits, _, . and -; the TLS token (--tls-value) letters, digits, _ and -; senders are IP addresses, CIDRs, ranges or hostnames.',
  ),
  'name-collision': E(
    'a name that differs only by case',
    'The appliance may treat names that differ only by case as one. Choose another --group-name or --policy-name, or rename the existing object.',
  ),
  'policy-conflict': E(
    'a policy of that name exists and differs',
    'The mail flow policy the recipe would add already exists with another behaviour or TLS value. esa-patch does not overwrite an object it did not write: rename it, or choose another --policy-name. The listener is refused (exit 3).',
  ),
  'internal-check': E(
    'an internal check failed',
    'Before writing, every change is checked again by meaning (the patched file is read back and compared). A failed check means a bug: nothing was written. Please report it with the export (masked if you must).',
  ),
  'operation-not-applicable': E(
    'a planned operation does not apply',
    'Every planned operation is applied to the meaning of the HAT before anything is written; one that does not apply (a group that is not there, a parameter that differs from what was recorded) means a bug of the plan: nothing was written. Please report it with the export (masked if you must).',
  ),
  'internal-error': E(
    'an internal error',
    'Something esa-patch did not expect happened; nothing was written. Please report it with the command line and, if you can, the export.',
  ),
  'rollback-conflict': E(
    'the patch cannot be undone by meaning',
    'The export was changed since the patch in a way that touches what the patch added. Undo that part by hand, or roll back from the exact file apply wrote.',
  ),
  'rollback-exact': E(
    'rolling back the file apply wrote',
    'The file is byte for byte the one apply wrote (same sha256): its input is restored byte for byte.',
  ),
  'rollback-meaning': E(
    'rolling back a later export',
    'The file is not the one apply wrote (a later export of the same appliance): the operations are undone by meaning, each after checking that what it removes is still as the patch left it.',
  ),
  'nothing-to-undo': E('nothing to undo', 'The file is already the input of the patch, or the patch changed nothing.'),
  'artefact-corrupt': E(
    'the artefact was altered',
    "The artefact's edits do not turn its output into its input. Do not use it; roll back from a copy of the artefact that apply wrote.",
  ),
  'bad-artefact': E(
    'not a patch artefact',
    'rollback, show and verify take the OUT.patch.json that apply wrote beside OUT.xml (format esa-patch/1).',
  ),
  'other-appliance': E(
    "the export is another appliance's",
    "The export's hostname or serial number differs from the appliance the artefact was made for. Rolling back one appliance's change on another's export could remove objects that appliance had of its own. Use the artefact of this appliance; --other-appliance rolls back anyway.",
  ),
  'io-error': E(
    'a file could not be read or written',
    'Check the path and its permissions. Nothing else was written: outputs are written together or not at all.',
  ),
  'not-a-file': E('not a regular file', 'Give an export file, or a directory of *.xml exports.'),
  'write-failed': E(
    'writing failed',
    'The outputs of an input are written to temporary files and renamed together; on failure none is left behind. Check the disk space and permissions.',
  ),
  'input-changed': E(
    'the input changed while it was read',
    'Another program wrote to the file while esa-patch read it. Wait for it to finish and run again.',
  ),
  'output-exists': E(
    'an output file exists, with other content',
    'esa-patch never overwrites a file unless --force is given. An output that already holds exactly what the run writes (a re-run of the same command, after an interruption or not) is left as it is and counted as already up to date; only a file with other content is refused, one line per output set naming its differing files. Choose another -o or --out-dir, or pass --force.',
  ),
  'output-is-input': E(
    'an output would overwrite the input',
    'The input is never modified: the patched file, its diff and its artefact are new files. Choose another -o or --out-dir.',
  ),
  'output-collision': E(
    'two inputs would write the same output',
    'Outputs are named after the input file names; two inputs with the same name in different directories collide in --out-dir. Rename one, or run them separately.',
  ),
  'bad-arguments': E('a command-line mistake', 'esa-patch COMMAND --help shows the options of a command, with examples.'),
  'bad-tokens': E(
    'not a tokens file',
    'The --tokens file records the TLS tokens each AsyncOS build was seen to use (pull --tokens FILE writes it). This one cannot be read as such: give a file pull wrote, or remove it to start a new one.',
  ),
  'journal-damaged': E(
    'the rollout journal was changed by hand',
    'Every record of the rollout journal carries its checksum. A damaged record that is not the last (a torn last record is an interrupted write, and is dropped) means the journal was edited: nothing is done on its word. Restore it, or start a new rollout directory.',
  ),
  'bad-inventory': E(
    'an inventory entry is wrong',
    'An inventory is a JSON or YAML list of { file, listener?, groupName?, policyName?, tlsValue?, recipe? }; paths are relative to the inventory.',
  ),
  'no-input': E('no export given', 'Name export files, directories of *.xml exports, or --inventory FILE.'),
  'duplicate-input': E(
    'an export named twice',
    'The same file appears more than once on the command line or in the inventory; it is planned and written once. Remove the extra entries so that the inventory stays the one list of appliances.',
  ),
  'serial-repeated': E(
    'one serial number in several files',
    'Each appliance has its own serial number. Several files with one serial are copies, or exports of one appliance taken at different times; patching an older one and loading it would undo the changes made since. Keep one file per appliance: its latest export.',
  ),
  'artefact-mismatch': E(
    'a file does not match the artefact',
    "The file's sha256 or size differs from what the artefact records: it is not the file apply read or wrote. Do not load it as the reviewed change; plan and apply again, or find the right file.",
  ),
  'artefact-match': E('a file matches the artefact', 'The sha256 and size of the file are those the artefact records.'),
};
