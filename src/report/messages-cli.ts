/** The words of the file layer's, the command line's and SPF's findings (a part of report/messages.ts). */
import type { CliFindingArgs, FindingArgs, FsFindingArgs, InventoryProblem, SpfFindingArgs } from '../findings.js';
import type { MessageTable } from './messages.js';

const list = (xs: readonly string[]) => xs.join(', ');

export const FS: MessageTable<keyof FsFindingArgs> = {
  unreadable: (a) => `${a.path}: cannot read (${a.reason}); check the path and its permissions`,
  'not-a-file': (a) =>
    a.kind === 'directory'
      ? `${a.path}: is a directory, not a file; give the export file, or a directory to apply to its *.xml files`
      : `${a.path}: is not a regular file (a device or a socket); save the export to a file and give that file`,
  'input-changed': (a) =>
    a.how === 'replaced'
      ? `${a.path}: changed while it was opened; give it again once nothing replaces it`
      : `${a.path}: the file grew while it was read; read it again once nothing writes to it`,
  'input-too-large': (a) =>
    `${a.path}: ${a.size === null ? `the stream, past ${a.max} bytes,` : `${a.size} bytes (${Math.round(a.size / 1048576)} MiB)`} is over the limit for an export (${a.max} bytes, ${Math.round(a.max / 1048576)} MiB) and was not read; real exports are a few MB: check that this is an ESA configuration file`,
  'bad-inventory': (a) => `${a.path}: ${a.entry === null ? '' : `entry ${a.entry}: `}${INVENTORY_PROBLEM[a.problem](a)}`,
  'bad-tokens': (a) => `${a.path}: not a tokens file: ${a.problem}`,
  'journal-damaged': (a) =>
    a.reason === 'changed'
      ? `the rollout journal has a damaged record at byte ${a.at}: it was changed by hand; nothing was done`
      : `the rollout journal record at byte ${a.at} is not ${a.format}`,
  'io-error': (a) => `${a.path}: ${a.reason}`,
  'output-is-input': (a) =>
    `the output ${a.output} would overwrite the input ${a.input}; the input is never modified: choose another output`,
  'output-collision': (a) =>
    `${a.output} and ${a.other} are the same file; each output is written once: rename one of the inputs, or choose other output names`,
  'output-exists': (a) =>
    `${a.path}: already exists, with other content than this run writes; nothing was written. Pass --force to overwrite, or choose another output`,
  'input-not-regular': (a) =>
    `${a.path}: is a ${a.kind}, not a regular file${a.inDirectory ? ' (found in a directory given as input)' : ' (only a single input may be a pipe)'}; it was not opened. Save the export to a file and give that file`,
  'output-is-directory': (a) =>
    `${a.option} ${a.path}: is an existing directory; name a file (or use --out-dir DIR for a directory of outputs)`,
  'output-locked': (a) =>
    `${a.path}: another esa-patch run (${a.owner}) is writing it (lock file ${a.lock}); nothing was written. Wait for that run to finish; if no such run exists, delete the lock file`,
  'write-failed': (a) =>
    `cannot write ${list(a.paths)} (${a.reason}); ` +
    (a.left === 'nothing-written'
      ? 'nothing was written'
      : a.left === 'unchanged'
        ? 'nothing was changed: the files that were there before are in place, unchanged'
        : `the set is incomplete: new: ${a.fresh.length ? list(a.fresh) : 'none'}, the others as before. The journal ${a.journal} records it: the next esa-patch run writing these files puts the old set back`),
  'commit-recovered': (a) =>
    `an earlier run was interrupted while replacing ${list(a.paths)}; its journal ${a.journal} was used to put back the ${a.outcome === 'old-set' ? 'complete old set of files' : 'complete new set of files it wrote'}`,
  'commit-stuck': (a) =>
    `an earlier run was interrupted while replacing files, and its journal ${a.journal} could not be completed (${a.reason ?? 'it is not a journal esa-patch can read'}); nothing was written. Check the files it lists, then delete it`,
  'inputs-skipped': (a) =>
    `${a.dirs.length === 1 ? 'a subdirectory' : `${a.dirs.length} subdirectories`} with *.xml files not read: ${a.dirs.slice(0, 3).join(', ')}${a.dirs.length > 3 ? ` and ${a.dirs.length - 3} more` : ''}; add --recursive to include them`,
  'jobs-capped': (a) =>
    `--jobs ${a.requested} is more than the ${a.max} this machine runs at once; using ${a.max} (raise the cap with --jobs-max N)`,
};

/** What is wrong with an inventory, in words. */
const INVENTORY_PROBLEM: { [P in InventoryProblem]: (a: FindingArgs['bad-inventory']) => string } = {
  syntax: (a) => `not valid ${a.key}: ${a.said}`,
  'not-a-list': (a) => `an inventory is a list of { ${list(a.known)} }`,
  'not-an-object': (a) => (a.key === null ? 'expected an object with a "file"' : `"${a.key}" must be an object { ${list(a.known)} }`),
  'unknown-key': (a) => `unknown key "${a.key}" (known: ${list(a.known)})`,
  'needs-host': (a) => `"${a.key}" needs a "host"`,
  'no-host': () => 'no "host": pull needs to know where the appliance is',
  'not-a-string': (a) => `"${a.key}" must be a non-empty string`,
  'not-a-number': (a) => `"${a.key}" must be a number`,
  'not-a-path': (a) => `"${a.key}" must be a path`,
  'not-names': (a) => `"${a.key}" must be a name or a list of names`,
  'not-an-option-map': (a) => `"${a.key}" must map ssh_config keywords to values`,
  target: (a) => a.said ?? `"${a.key}" is not a target the tool reaches`,
};

export const CLI: MessageTable<keyof CliFindingArgs> = {
  'bad-arguments': (a) => a.detail,
  'no-input': (a) => `no *.xml export found in ${a.given}: name files, directories or --inventory FILE`,
  'internal-error': (a) => `internal error: ${a.detail}. Nothing was written. Please report this`,
  'duplicate-input': (a) =>
    a.conflicting
      ? `${a.path} is named again with other settings (listener, names or TLS token); this entry is not processed, as there is no telling which was meant. Keep one entry per export`
      : `${a.path} is named ${a.times} times (command line and --inventory); it is processed once. Remove the extra entries`,
  'serial-repeated': (a) =>
    `serial number ${a.serial} is in ${a.files.length} files (${a.files.join(', ')}): one appliance exported twice, or a copied file. Patch each appliance from its own latest export`,
  'other-appliance': (a) =>
    `this export is from ${a.hostname ?? '(no hostname)'}${a.serial ? `, serial ${a.serial}` : ''}, but the patch artefact was made for ${a.artefactHostname ?? '(no hostname)'}${a.artefactSerial ? `, serial ${a.artefactSerial}` : ''}` +
    (a.allowed
      ? '; rolling back anyway (--other-appliance)'
      : '. Roll back with the artefact of this appliance, or pass --other-appliance if the change really is the same'),
  'artefact-mismatch': (a) => `${a.role} ${a.path}: ${a.found}, but the artefact records ${a.expected}`,
  'artefact-match': (a) => `${a.role} ${a.path} matches the artefact (sha256 and size)`,
  'fail-on': (a) => `${a.count} finding(s) at severity ${a.severity} or worse, and --fail-on ${a.severity} was given`,
};

export const SPF: MessageTable<keyof SpfFindingArgs> = {
  'spf-syntax': (a) => a.detail,
  'spf-multiple-records': (a) => a.detail,
  'spf-lookup-limit': (a) => a.detail,
  'spf-void-limit': (a) => a.detail,
  'spf-loop': (a) => a.detail,
  'spf-missing-record': (a) => a.detail,
  'spf-include-invalid': (a) => a.detail,
  'spf-dns-error': (a) => a.detail,
  'spf-resolve-bound': (a) => a.detail,
  'spf-txt-size': (a) => a.detail,
  'spf-depth-limit': (a) => a.detail,
  'spf-not-expanded': (a) => a.detail,
  'spf-ptr': (a) => a.detail,
  'spf-permissive-all': (a) => a.detail,
  'spf-no-all': (a) => a.detail,
  'spf-after-all': (a) => a.detail,
  'spf-redirect-ignored': (a) => a.detail,
  'spf-include-qualifier': (a) => a.detail,
  'spf-unknown-modifier': (a) => a.detail,
  'spf-macro': (a) => a.detail,
  'spf-too-long': (a) => a.detail,
  'spf-record-size': (a) => a.detail,
  'spf-flatten-warning': (a) => a.detail,
  'spf-ignored-txt': (a) => a.detail,
  'spf-domain-file': (a) => a.detail,
  'spf-file': (a) => a.detail,
  'spf-option': (a) => a.detail,
};
