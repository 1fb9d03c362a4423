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

const xmlMessage = (a: { detail: string }) => `${a.detail}. The file is not well-formed XML: export it again from the appliance, or fix it by hand`;

const XML: MessageTable<keyof XmlFindingArgs> = {
  'xml-syntax': xmlMessage,
  'xml-malformed': xmlMessage,
  'xml-bad-char': xmlMessage,
  'xml-bad-encoding': xmlMessage,
  'xml-bad-reference': xmlMessage,
  'xml-dtd-entities': xmlMessage,
  'xml-dtd-subset': xmlMessage,
  'xml-junk-after-root': xmlMessage,
  'xml-mismatched-tag': xmlMessage,
  'xml-no-root': xmlMessage,
  'xml-too-deep': xmlMessage,
  'xml-truncated': xmlMessage,
  'xml-undefined-entity': xmlMessage,
};

const NOTE = 'Cisco tech note 118539';
const STEP1 = (listener: string) =>
  `${NOTE} step 1: install a signed certificate with its intermediate certificate (Network > Certificates, or certconfig) and select it for this listener (Network > Listeners > ${listener} > Certificate, or listenerconfig > edit > certificate)`;

const EXPORT: MessageTable<keyof ExportFindingArgs> = {
  'esa-not-export': (a) => `not an ESA configuration export: the root element is <${a.root}>, not <config>`,
  'esa-no-listeners': () => 'not an ESA configuration export with listeners: no <listener> element with a <listener_name>',
  'esa-hat-markup': (a) => `the <hat> of listener ${a.listener} holds markup, not HAT text`,
  'masked-secrets': (a) =>
    `the export was saved with masked passphrases (${a.count} element(s), first ${a.first}); the appliance cannot load such a file back` +
    (a.allowed ? ': patched for review only' : '. Save it again choosing "Encrypt" (or "Plain"), or pass --allow-masked to patch it for review only'),
  'unknown-listener': (a) => `no listener named ${list(a.names)}; the export has: ${a.available}`,
  'no-public-listener': (a) => `no public listener to patch; the export has: ${a.available}. Name the listener(s) to patch with --listener`,
  'listener-without-hat': (a) => `listener ${a.listener} (${a.path}) has no <hat> element, so there is no Host Access Table to patch; check the export is complete, or leave this listener out with --listener`,
  'hat-multiple': (a) =>
    `listener ${a.listener} (${a.path}) has ${a.count} <hat> elements; which one the appliance reads is unknown, so nothing was written. Export the configuration again, or remove the extra <hat> by hand`,
  'cluster-path': (a) => `listener ${a.listener} is at ${a.path}, not config/listeners: a clustered export; the patch applies at that level, and a setting at a lower level may override it`,
  'cluster-level': (a) =>
    `listener ${a.listener} is configured at ${a.level} level${a.name ? ` (${a.level} ${a.name})` : ''} (${a.path}): the patch changes it there; ` +
    (a.lower.length
      ? `a setting at ${a.lower.join(' or ')} level overrides it: after loading, check each lower level (Centralized Management mode selector in the GUI, clustermode on the CLI) for its own ${a.listener} listener or Host Access Table`
      : 'machine level wins over group and cluster level, but the change applies to that machine only: patch the other machines of the cluster as well'),
  'cluster-override': (a) =>
    `listener ${a.listener} is also defined at ${a.otherLevel} level (${a.other}), which wins over the ${a.level}-level copy patched at ${a.patched} and is not patched by this run: on the machines it covers, the change has no effect. Select it as well (--listener ${a.listener} selects every listener of that name) or remove the override on the appliance`,
  'appliance-version': (a) =>
    `saved by AsyncOS ${a.version} (${a.model ? `${a.model}, ` : ''}${a.serial ? `serial number ${a.serial}` : 'serial number unknown'}). loadconfig accepts only a file saved by the same AsyncOS version: load the patched file on this appliance before any upgrade; after an upgrade, export again and patch the new file.` +
    (a.reviewOnly ? ' This copy has masked passphrases: it is for review only and cannot be loaded.' : ''),
  'version-unknown': (a) =>
    `the AsyncOS version cannot be read (${a.version ? `"Version: ${a.version}"` : 'no "Version:" line'} in the header comment; ${a.serial ? `serial number ${a.serial}` : 'serial number unknown'}). loadconfig needs a file saved by the same AsyncOS version: check by hand (System Administration > System Upgrade, or the CLI command version) that the appliance runs the version this file was saved by`,
  'certificate-missing': (a) =>
    `listener ${a.listener} names no TLS certificate (${a.element ? 'its <certificate> element is empty' : 'no <certificate> element; that element name is a guess, so check the listener on the appliance'}): with TLS Required, CRES's TLS connections will fail. ${STEP1(a.listener)}`,
  'certificate-demo': (a) =>
    `listener ${a.listener} uses the demo certificate "${a.certificate}": CRES's TLS verification fails with it, so CRES replies will not arrive over TLS. ${STEP1(a.listener)}`,
  'certificate-absent': (a) =>
    `listener ${a.listener} uses certificate "${a.certificate}", which is not among the export's certificates (${a.known.length ? `the export holds ${a.known.map((c) => `"${c}"`).join(', ')}` : 'the export holds no certificate (no <certificate_name>)'}${a.near ? `; "${a.near}" differs only by case` : ''}): loadconfig may reject the file, or TLS may not use the certificate you expect. Check Network > Certificates on the appliance; ${STEP1(a.listener)}`,
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
  'hat-empty': (a) => `listener ${a.listener}: its HAT is empty (not even ALL); the appliance would hold no sender group. Export the listener again, or leave it out with --listener`,
  'hat-no-column0-entry': (a) => `${a.listener}: every line of the HAT is indented (first at HAT line ${a.line}), so no policy or sender group starts at column 0; remove the indentation of the $NAME, NAME: and ALL lines`,
  'hat-stray-brace': (a) => `${a.listener}: HAT line ${a.line} closes or opens a block outside any policy: ${a.text}; fix the braces by hand`,
  'hat-unterminated-quote': (a) => `${a.listener}: HAT line ${a.line} has a quote or parenthesis that never closes: ${a.text}; fix it by hand`,
  'hat-member-after-policy': (a) => `${a.listener}: ${a.entry} lists sender ${a.member} after its policy line; move the sender above the policy line`,
  'hat-duplicate-param': (a) => `${a.listener}: ${a.policy} sets ${a.param} twice (block at HAT line ${a.line}); which value the appliance keeps is not known: remove one`,
  'hat-cannot-lower': (a) => `${a.listener}: the change cannot be written exactly at HAT line ${a.line}: ${a.detail}; make this change by hand on the appliance`,
};

const RECIPE: MessageTable<keyof RecipeFindingArgs> = {
  'bad-recipe': (a) => list(a.problems),
  'name-collision': (a) =>
    a.kind === 'sender'
      ? `listener ${a.listener}: the HAT has an inline entry for the sender ${a.existing}, the same word as the sender group ${a.wanted} the patch would add; a HAT that uses one name for a sender and a sender group is ambiguous. Choose another group name (--group-name)`
      : `listener ${a.listener}: ${a.kind === 'group' ? 'sender group' : 'mail flow policy'} ${a.existing} differs from ${a.wanted} only by case; the appliance may treat them as one. Choose another name (--${a.kind === 'group' ? 'group' : 'policy'}-name), or use ${a.existing}`,
  'policy-conflict': (a) => `listener ${a.listener}: mail flow policy $${a.policy}: ${a.detail}`,
  'cannot-lower': (a) => `listener ${a.listener}: ${a.detail}`,
  'internal-check': (a) =>
    `${a.listener ? `listener ${a.listener}: ` : ''}${a.detail}${a.differences?.length ? ` (${a.differences.join('; ')})` : ''}; nothing was written. Please report this with the export`,
  'treatment-change': (a) => `listener ${a.listener}: ${a.host}: ${a.before} -> ${a.after}; review that this host should be treated so`,
  'sender-invalid': (a) => `${JSON.stringify(a.value)} is not a HAT sender (${a.reason}); give an IP address, CIDR range, partial address, host name or .partial.host name`,
  'sender-dropped': (a) => `sender ${a.sender} dropped: ${a.reason === 'duplicate' ? 'the same as' : 'covered by'} ${a.by}`,
  'tls-unknown': (a) => `listener ${a.listener}: policy $${a.policy} has tls = "${a.value}", a value the tool does not know, where the goal is "${a.target}"; check it on the appliance, then pass --replace-tls-value to replace it`,
  'policy-shared': (a) => `listener ${a.listener}: policy $${a.policy} is also used by ${list(a.entries)}; changing ${list(a.params)} would change them too. Choose another policy name, or allow changing a shared policy`,
  'published-uncovered': (a) => `listener ${a.listener}: published hosts that do not land on ${a.group} after the change: ${list(a.hosts)}`,
  'goal-sender-shadowed': (a) => `listener ${a.listener}: sender ${a.sender} still matches ${a.entry} first (${a.treatment}); move that entry or choose another position`,
  'position-unknown': (a) => `listener ${a.listener}: sender group ${a.group} must stand next to ${a.entry}, which this HAT does not hold`,
  'hat-blocking': (a) => `listener ${a.listener}: HAT line ${a.line} cannot be read exactly (${a.problem}): ${a.text}; the change depends on it, so this listener is not patched. Fix the line by hand`,
};

const ARTEFACT: MessageTable<keyof ArtefactFindingArgs> = {
  'rollback-conflict': (a) => `listener ${a.listener}: cannot ${a.operation}: ${a.detail}. Undo this part by hand, or roll back from the exact file apply wrote`,
  'rollback-ambiguous': (a) =>
    `listener ${a.listener}: cannot undo the patch by meaning: ${
      a.reason === 'repeated-name'
        ? `the name ${a.name} stands for more than one entry of the HAT`
        : a.reason === 'group-named-all'
          ? `the HAT has a sender group named ${a.name}, which cannot be told from the final ALL entry`
          : `undoing ${a.name} would change nothing in this file`
    }; nothing was written. Use the exact rollback on the file apply wrote, or undo the change by hand`,
  'rollback-tuned': (a) =>
    `listener ${a.listener}: ${a.param} of $${a.policy} was ${a.was === null ? '(not set)' : `"${a.was}"`} when the patch added it and is now ${a.now === null ? '(not set)' : `"${a.now}"`}: it was changed since, so removing $${a.policy} would lose that change; nothing was written. Undo the patch by hand, or roll back from the exact file apply wrote`,
  'rollback-listener-missing': (a) => `listener ${a.listener} (${a.path}) of the patch is not in this export (or has no <hat>): the patch cannot be undone here`,
  'rollback-exact': () => 'the file is the one apply wrote: restoring the input byte for byte',
  'rollback-meaning': () => 'the file differs from the one apply wrote: undoing the patch by meaning',
  'nothing-to-undo': (a) => (a.reason === 'already-input' ? 'the file is already the input the patch was made from' : 'the patch changed nothing'),
  'artefact-corrupt': (a) => `the artefact was altered: ${a.detail}`,
  'artefact-invalid': (a) => `${a.file}: not an esa-patch artefact: ${a.problem}`,
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
};

const spfMessage = (a: { detail: string }) => a.detail;

const SPF: MessageTable<keyof SpfFindingArgs> = {
  'spf-syntax': spfMessage,
  'spf-multiple-records': spfMessage,
  'spf-lookup-limit': spfMessage,
  'spf-void-limit': spfMessage,
  'spf-loop': spfMessage,
  'spf-missing-record': spfMessage,
  'spf-include-invalid': spfMessage,
  'spf-dns-error': spfMessage,
  'spf-depth-limit': spfMessage,
  'spf-not-expanded': spfMessage,
  'spf-ptr': spfMessage,
  'spf-permissive-all': spfMessage,
  'spf-no-all': spfMessage,
  'spf-after-all': spfMessage,
  'spf-redirect-ignored': spfMessage,
  'spf-include-qualifier': spfMessage,
  'spf-unknown-modifier': spfMessage,
  'spf-macro': spfMessage,
  'spf-too-long': spfMessage,
  'spf-record-size': spfMessage,
  'spf-flatten-warning': spfMessage,
  'spf-ignored-txt': spfMessage,
  'spf-domain-file': spfMessage,
  'spf-file': spfMessage,
  'spf-option': spfMessage,
};

const MESSAGES: MessageTable<FindingCode> = { ...XML, ...EXPORT, ...HAT, ...RECIPE, ...ARTEFACT, ...FS, ...CLI, ...SPF };

/** The message of a finding: what, and what to do. */
export function messageOf(f: Finding): string {
  const make = MESSAGES[f.code] as ((a: unknown) => string) | undefined;
  // A finding made elsewhere without arguments (an old caller) still reads: its own message, else its code.
  if (!make || !f.args) return (f as { message?: string }).message ?? f.code;
  return make(f.args);
}

/** A finding as JSON and HTML carry it: code, arguments, and the message made from them. */
export function withMessage<F extends Finding>(f: F): F & { message: string } {
  return { ...f, message: messageOf(f) };
}
