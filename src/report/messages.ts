/**
 * The prose of every finding, in one place: a message function per code, made from the
 * finding's typed arguments. The core never writes prose; text, JSON and HTML reports all call
 * {@link messageOf}. Each area has its own table; add a code's message to its area's table
 * (the types make a missing message a compile error).
 */
import type {
  ArtefactFindingArgs,
  CliFindingArgs,
  ExportFindingArgs,
  Finding,
  FindingArgs,
  FindingCode,
  FsFindingArgs,
  HatFindingArgs,
  RecipeFindingArgs,
  SpfFindingArgs,
  XmlFindingArgs,
} from '../findings.js';

/** Message functions for the codes `K`. */
export type MessageTable<K extends FindingCode> = { [C in K]: (a: FindingArgs[C]) => string };

const list = (xs: readonly string[]) => xs.join(', ');

const XML: MessageTable<keyof XmlFindingArgs> = {
  'xml-syntax': (a) => `${a.detail}. The file is not well-formed XML: export it again from the appliance, or fix it by hand`,
  'esa-hat-markup': (a) => `the <hat> of listener ${a.listener} holds markup, not HAT text`,
};

const EXPORT: MessageTable<keyof ExportFindingArgs> = {
  'esa-not-export': (a) => `not an ESA configuration export: the root element is <${a.root}>, not <config>`,
  'esa-no-listeners': () => 'not an ESA configuration export with listeners: no <listener> element with a <listener_name>',
  'masked-secrets': (a) =>
    `the export was saved with masked passphrases (${a.count} element(s), first ${a.first}); the appliance cannot load such a file back` +
    (a.allowed ? '' : '. Save it again choosing "Encrypt", or pass --allow-masked to patch it for review only'),
  'unknown-listener': (a) => `no listener named ${list(a.names)}; the export has: ${a.available}`,
  'no-public-listener': (a) => `no public listener to patch; the export has: ${a.available}. Name the listener(s) to patch with --listener`,
  'listener-without-hat': (a) => `listener ${a.listener} (${a.path}) has no <hat> element, so there is no Host Access Table to patch; check the export is complete, or leave this listener out with --listener`,
  'cluster-path': (a) => `listener ${a.listener} is at ${a.path}, not config/listeners: a clustered export; the patch applies at that level, and a setting at a lower level may override it`,
  'cluster-level': (a) => `listener ${a.listener} is configured at ${a.level} level`,
  'cluster-override': (a) => `listener ${a.listener}: ${a.detail}`,
  'appliance-version': (a) => `AsyncOS ${a.version}${a.serial ? `, serial ${a.serial}` : ''}: ${a.detail}`,
  'version-unknown': () => 'the export does not say its AsyncOS version: load the patched file only on the appliance (and release) it came from',
  'certificate-missing': (a) => `listener ${a.listener} names no TLS certificate: CRES cannot deliver over TLS until one is installed and assigned`,
  'certificate-demo': (a) => `listener ${a.listener} uses the demo certificate ${a.certificate}: CRES's TLS verification fails with it; install a signed certificate with its intermediate`,
  'certificate-absent': (a) => `listener ${a.listener} names certificate ${a.certificate}, which this export does not hold`,
};

const HAT: MessageTable<keyof HatFindingArgs> = {
  'hat-unknown-param': (a) => `${a.listener}: parameter text not understood, kept as is: ${a.text}`,
  'hat-unknown-line': (a) => `${a.listener}: line kept as is, not understood: ${a.text}`,
  'hat-unknown-text': (a) => `${a.listener}: text kept as is, not understood: ${a.text}`,
  'hat-unknown-member': (a) => `${a.listener}: sender not understood, kept as is: ${a.member}`,
  'hat-unclosed-block': (a) => `${a.listener}: the '{' on HAT line ${a.line} is never closed`,
  'hat-policy-without-behaviour': (a) => `${a.listener}: policy $${a.policy} has no behaviour`,
  'hat-orphan-line': (a) => `${a.listener}: indented line outside any policy or group, kept as is: ${a.text}`,
  'hat-entry-without-policy': (a) => `${a.listener}: ${a.entry} names no policy or behaviour`,
  'hat-second-policy': (a) => `${a.listener}: ${a.entry} names a second policy`,
  'hat-duplicate-policy': (a) => `${a.listener}: policy $${a.policy} is defined twice`,
  'hat-duplicate-group': (a) => `${a.listener}: sender group ${a.group} is defined twice`,
  'hat-empty-element': (a) => `listener ${a.listener}: its HAT is written <hat/>, which has no inside to write into; nothing was written`,
};

const RECIPE: MessageTable<keyof RecipeFindingArgs> = {
  'bad-recipe': (a) => list(a.problems),
  'name-collision': (a) => `listener ${a.listener}: ${a.kind === 'group' ? 'sender group' : 'mail flow policy'} ${a.existing} differs from ${a.wanted} only by case; the appliance may treat them as one. Choose another name or rename it`,
  'policy-conflict': (a) => `listener ${a.listener}: mail flow policy $${a.policy}: ${a.detail}`,
  'cres-sender-overlap': (a) => `listener ${a.listener}: ${a.entry} also matches ${a.sender} (member ${a.member}, policy ${a.policy}); it is left unchanged, and these connections now match ${a.group} first`,
  'cres-sender-before': (a) => `listener ${a.listener}: ${a.detail}`,
  'cres-published-uncovered': (a) => `listener ${a.listener}: hosts the note publishes that the senders do not cover: ${list(a.hosts)}`,
  'cannot-lower': (a) => `listener ${a.listener}: ${a.detail}`,
  'internal-check': (a) => `${a.listener ? `listener ${a.listener}: ` : ''}${a.detail}; nothing was written. Please report this with the export`,
};

const ARTEFACT: MessageTable<keyof ArtefactFindingArgs> = {
  'rollback-conflict': (a) => `listener ${a.listener}: cannot ${a.operation}: ${a.detail}. Undo this part by hand, or roll back from the exact file apply wrote`,
  'rollback-exact': () => 'the file is the one apply wrote: restoring the input byte for byte',
  'rollback-meaning': () => 'the file differs from the one apply wrote: undoing the patch by meaning',
  'nothing-to-undo': (a) => (a.reason === 'already-input' ? 'the file is already the input the patch was made from' : 'the patch changed nothing'),
  'artefact-corrupt': (a) => `the artefact was altered: ${a.detail}`,
};

const FS: MessageTable<keyof FsFindingArgs> = {
  'io-error': (a) => `${a.path}: ${a.reason}`,
  'output-is-input': (a) => `the output ${a.output} would overwrite the input ${a.input}; the input is never modified: choose another output`,
  'output-collision': (a) => `another input already writes ${a.output}; rename one of the inputs`,
  'output-exists': (a) => `${a.path} exists; pass --force to replace it`,
};

const CLI: MessageTable<keyof CliFindingArgs> = {
  'bad-arguments': (a) => a.detail,
  'no-input': (a) => `no *.xml export found in ${a.given}: name files, directories or --inventory FILE`,
  'internal-error': (a) => `internal error: ${a.detail}. Nothing was written. Please report this`,
  'duplicate-input': (a) =>
    a.conflicting
      ? `${a.path} is named again with other settings (listener, names or TLS token); this entry is not processed, as there is no telling which was meant. Keep one entry per export`
      : `${a.path} is named ${a.times} times (command line and --inventory); it is processed once. Remove the extra entries`,
  'serial-repeated': (a) => `serial number ${a.serial} is in ${a.files.length} files (${a.files.join(', ')}): one appliance exported twice, or a copied file. Patch each appliance from its own latest export`,
  'other-appliance': (a) =>
    `this export is from ${a.hostname ?? '(no hostname)'}${a.serial ? `, serial ${a.serial}` : ''}, but the patch artefact was made for ${a.artefactHostname ?? '(no hostname)'}${a.artefactSerial ? `, serial ${a.artefactSerial}` : ''}` +
    (a.allowed ? '; rolling back anyway (--other-appliance)' : '. Roll back with the artefact of this appliance, or pass --other-appliance if the change really is the same'),
  'artefact-mismatch': (a) => `${a.role} ${a.path}: ${a.found}, but the artefact records ${a.expected}`,
  'artefact-match': (a) => `${a.role} ${a.path} matches the artefact (sha256 and size)`,
  'fail-on': (a) => `${a.count} finding(s) at severity ${a.severity} or worse, and --fail-on ${a.severity} was given`,
};

const SPF: MessageTable<keyof SpfFindingArgs> = {
  'spf-syntax': (a) => a.detail,
};

const MESSAGES: MessageTable<FindingCode> = { ...XML, ...EXPORT, ...HAT, ...RECIPE, ...ARTEFACT, ...FS, ...CLI, ...SPF };

/** The message of a finding: what, and what to do. */
export function messageOf(f: Finding): string {
  return (MESSAGES[f.code] as (a: unknown) => string)(f.args);
}

/** A finding as JSON and HTML carry it: code, arguments, and the message made from them. */
export function withMessage<F extends Finding>(f: F): F & { message: string } {
  return { ...f, message: messageOf(f) };
}
