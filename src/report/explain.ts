/**
 * The long explanation of each finding code, for `esa-patch explain CODE` (and beside a
 * finding in the HTML report): why it matters on an appliance and what to do. The one-line
 * message of a finding (report/messages.ts) says what and where; this says why.
 */

/** One explanation: a title and paragraphs. */
export interface Explanation {
  title: string;
  text: string;
}

const E = (title: string, text: string): Explanation => ({ title, text });

const XML_TEXT =
  'esa-patch reads the export exactly or not at all: a file that is not well-formed XML is refused, and nothing is written. AsyncOS writes well-formed exports, so the file was most likely cut short in a copy, edited by hand, or saved by another tool. Export the configuration again from the appliance (System Administration > Configuration File, or saveconfig) and plan the new file.';

/** Explanations by finding code. */
export const EXPLANATIONS: Readonly<Record<string, Explanation>> = {
  'xml-syntax': E('the file is not well-formed XML', XML_TEXT),
  'xml-malformed': E('the file is not well-formed XML', XML_TEXT),
  'xml-mismatched-tag': E('an end tag does not match its start tag', XML_TEXT),
  'xml-truncated': E('the file ends inside an element', `${XML_TEXT} A truncated export is the most common cause: compare its size with the file on the appliance.`),
  'xml-no-root': E('the file holds no XML element', XML_TEXT),
  'xml-junk-after-root': E('text after the end of the document', XML_TEXT),
  'xml-bad-char': E('a character XML does not allow', XML_TEXT),
  'xml-bad-encoding': E('bytes that are not valid in the declared encoding', `${XML_TEXT} An ESA export declares encoding="ISO-8859-1"; a file converted to UTF-8 by an editor but still declaring ISO-8859-1 (or the reverse) shows up here.`),
  'xml-bad-reference': E('a malformed character or entity reference', XML_TEXT),
  'xml-undefined-entity': E('an entity the document does not define', XML_TEXT),
  'xml-dtd-entities': E('the DOCTYPE defines entities', 'An ESA export has a DOCTYPE naming config.dtd and nothing more. Entities in an internal subset could change what the appliance reads without changing what a reviewer sees, so esa-patch refuses such a file. Export again from the appliance.'),
  'xml-dtd-subset': E('the DOCTYPE has an internal subset', 'An ESA export has no internal DTD subset. esa-patch refuses what it cannot read exactly. Export again from the appliance.'),
  'xml-too-deep': E('elements nested deeper than any export', 'The nesting is far deeper than any ESA export; the file is refused rather than read partly. Export again from the appliance.'),
  'esa-hat-markup': E('a <hat> element holds markup', 'The Host Access Table is text inside <hat>; elements inside it mean the file was not written by AsyncOS. The listener cannot be patched exactly, so nothing is written.'),
  'esa-not-export': E('not an ESA configuration export', 'The root element of an ESA configuration export is <config>. Check that you gave the export saved from the appliance (System Administration > Configuration File), not another XML file.'),
  'esa-no-listeners': E('no listener in the export', 'The change is made in the Host Access Table of listeners; this export has none. An export of a cluster machine may keep listeners at cluster or group level: export from the level the listeners are configured at.'),
  'masked-secrets': E('the export has masked passphrases', 'An export saved with "Mask passwords" holds ***** in place of secrets; loadconfig cannot load it back, or would set those secrets to the mask. Save the configuration again choosing "Encrypt passphrases" (or plain), and patch that file. --allow-masked patches a masked export for review only.'),
  'unknown-listener': E('no listener of that name', 'A --listener (or an inventory "listener") names a listener the export does not have. Names are compared exactly, as the appliance shows them (listenerconfig). The message lists the listeners the export has.'),
  'no-public-listener': E('no public listener', 'By default the change is made on every public (incoming) listener. This export has none; name the listener(s) to patch with --listener NAME.'),
  'listener-without-hat': E('a listener without a Host Access Table', 'The listener element has no <hat>: there is nothing to patch. The export may be incomplete. Leave the listener out with --listener, or export again.'),
  'cluster-path': E('a listener outside config/listeners', "In a clustered export listeners can be configured at cluster, group or machine level. The patch is made where the listener is; a setting at a lower level may override it. Check with clusterconfig which level applies to each machine."),
  'cluster-level': E('the level a listener is configured at', 'The listener is configured at cluster or group level: loading the patched file changes every machine of that level.'),
  'cluster-override': E('a lower level may override the change', 'A cluster export has the same listener at several levels; the level closest to a machine wins. Patch every level that defines the listener, or remove the override.'),
  'appliance-version': E('load on the same AsyncOS version', 'loadconfig accepts only a file saved by the same AsyncOS version. Load the patched file on the appliance it came from before any upgrade; after an upgrade, export again and patch the new file. The serial number tells which appliance the file belongs to.'),
  'version-unknown': E('the export does not say its AsyncOS version', 'The header comment of an export names the product, model, version and serial number. This one does not: load the patched file only on the appliance (and release) it came from.'),
  'certificate-missing': E('no TLS certificate on the listener', 'CRES delivers secure replies over TLS. With TLS Required and no certificate assigned to the listener, those connections fail. Install a signed certificate and assign it to the listener (certconfig, listenerconfig).'),
  'certificate-demo': E('the listener uses the demo certificate', "The appliance's demonstration certificate fails CRES's TLS verification. Install a certificate signed by a public CA, with its intermediates, and assign it to the listener."),
  'certificate-absent': E('the listener names a certificate the export lacks', 'The listener refers to a certificate that is not in this export; it may be managed elsewhere, or the export is incomplete. Check certconfig on the appliance.'),
  'hat-unknown-param': E('a HAT parameter esa-patch does not know', 'The text is kept byte for byte and never changed; it is reported so that a reviewer knows the tool did not judge it. The change does not depend on it.'),
  'hat-unknown-line': E('a HAT line esa-patch does not understand', 'The line is kept byte for byte. If the change depended on it, the listener would be refused instead.'),
  'hat-unknown-text': E('HAT text esa-patch does not understand', 'The text is kept byte for byte. If the change depended on it, the listener would be refused instead.'),
  'hat-unknown-member': E('a sender esa-patch does not understand', 'Sender group members such as geo[...] or threat_feed[...] cannot be compared with the CRES addresses; the member is kept as is. Check by hand that it does not also match CRES hosts.'),
  'hat-unclosed-block': E("a '{' that is never closed", 'The HAT text is cut or broken; the appliance would not read it as intended. The listener is refused; fix the HAT on the appliance and export again.'),
  'hat-policy-without-behaviour': E('a mail flow policy without a behaviour', 'Every policy has ACCEPT, RELAY, REJECT, TCPREFUSE or CONTINUE; this one has none. The listener is refused.'),
  'hat-orphan-line': E('an indented line outside any block', 'The line belongs to no policy or sender group. It is kept as is.'),
  'hat-entry-without-policy': E('a sender group without a policy', 'Every sender group refers to a policy ($NAME) or has a behaviour of its own. The listener is refused.'),
  'hat-second-policy': E('a sender group with two policies', 'The appliance uses one policy per group; which one wins is not certain. The listener is refused.'),
  'hat-duplicate-policy': E('a mail flow policy defined twice', 'Which definition the appliance uses is not certain, so the change is not made on this listener.'),
  'hat-duplicate-group': E('a sender group defined twice', 'Which definition the appliance uses is not certain, so the change is not made on this listener.'),
  'hat-empty-element': E('an empty <hat/> element', 'The HAT is written as an empty-element tag with no inside to write into; the listener is refused.'),
  'bad-recipe': E('a recipe value that cannot be written into a HAT', 'Names (--group-name, --policy-name) use letters, digits, _, . and -; the TLS token (--tls-value) letters, digits, _ and -; senders are IP addresses, CIDRs, ranges or hostnames.'),
  'name-collision': E('a name that differs only by case', 'The appliance may treat names that differ only by case as one. Choose another --group-name or --policy-name, or rename the existing object.'),
  'policy-conflict': E('a policy of that name exists and differs', 'The mail flow policy the recipe would add already exists with another behaviour or TLS value. esa-patch does not overwrite an object it did not write: rename it, or choose another --policy-name. The listener is refused (exit 3).'),
  'cres-sender-overlap': E('another sender group also matches CRES hosts', 'The HAT is read top-down and the first matching sender group wins. The CRES group is placed at order 1, so CRES connections now get $CRES_TLS instead of what this group gave them. The other group is left unchanged. Check that this is intended, especially when the group rejected or throttled these hosts.'),
  'cres-sender-before': E('CRES connections were treated differently before', 'Before the patch, connections from CRES hosts matched an earlier entry of the HAT (which may have rejected them). After the patch they match the CRES group at order 1. If the earlier treatment was intended, review it before loading the file.'),
  'cres-published-uncovered': E('published CRES hosts the senders do not cover', 'Cisco tech note 118539 publishes a table of CRES hosts, marked "subject to change". Some of its hosts are not covered by the sender list by address; they match the sender group by hostname only when their reverse DNS verifies. This is information: nothing is added. To match them by address as well, give the whole list with --sender (it replaces the default list).'),
  'cannot-lower': E('the change cannot be written exactly', 'The planned change cannot be written into this HAT text without touching text the tool does not understand. Nothing is written for this listener.'),
  'internal-check': E('an internal check failed', 'Before writing, every change is checked again by meaning (the patched file is read back and compared). A failed check means a bug: nothing was written. Please report it with the export (masked if you must).'),
  'internal-error': E('an internal error', 'Something esa-patch did not expect happened; nothing was written. Please report it with the command line and, if you can, the export.'),
  'rollback-conflict': E('the patch cannot be undone by meaning', 'The export was changed since the patch in a way that touches what the patch added. Undo that part by hand, or roll back from the exact file apply wrote.'),
  'rollback-exact': E('rolling back the file apply wrote', 'The file is byte for byte the one apply wrote (same sha256): its input is restored byte for byte.'),
  'rollback-meaning': E('rolling back a later export', 'The file is not the one apply wrote (a later export of the same appliance): the operations are undone by meaning, each after checking that what it removes is still as the patch left it.'),
  'nothing-to-undo': E('nothing to undo', 'The file is already the input of the patch, or the patch changed nothing.'),
  'artefact-corrupt': E('the artefact was altered', "The artefact's edits do not turn its output into its input. Do not use it; roll back from a copy of the artefact that apply wrote."),
  'bad-artefact': E('not a patch artefact', 'rollback, show and verify take the OUT.patch.json that apply wrote beside OUT.xml (format esa-patch/1).'),
  'other-appliance': E("the export is another appliance's", "The export's hostname or serial number differs from the appliance the artefact was made for. Rolling back one appliance's change on another's export could remove objects that appliance had of its own. Use the artefact of this appliance; --other-appliance rolls back anyway."),
  'io-error': E('a file could not be read or written', 'Check the path and its permissions. Nothing else was written: outputs are written together or not at all.'),
  'not-a-file': E('not a regular file', 'Give an export file, or a directory of *.xml exports.'),
  'write-failed': E('writing failed', 'The outputs of an input are written to temporary files and renamed together; on failure none is left behind. Check the disk space and permissions.'),
  'input-changed': E('the input changed while it was read', 'Another program wrote to the file while esa-patch read it. Wait for it to finish and run again.'),
  'output-exists': E('an output file exists', 'esa-patch never overwrites a file unless --force is given. Choose another -o or --out-dir, or pass --force.'),
  'output-is-input': E('an output would overwrite the input', 'The input is never modified: the patched file, its diff and its artefact are new files. Choose another -o or --out-dir.'),
  'output-collision': E('two inputs would write the same output', 'Outputs are named after the input file names; two inputs with the same name in different directories collide in --out-dir. Rename one, or run them separately.'),
  'bad-arguments': E('a command-line mistake', 'esa-patch COMMAND --help shows the options of a command, with examples.'),
  'bad-inventory': E('an inventory entry is wrong', 'An inventory is a JSON or YAML list of { file, listener?, groupName?, policyName?, tlsValue? }; paths are relative to the inventory.'),
  'no-input': E('no export given', 'Name export files, directories of *.xml exports, or --inventory FILE.'),
  'duplicate-input': E('an export named twice', 'The same file appears more than once on the command line or in the inventory; it is planned and written once. Remove the extra entries so that the inventory stays the one list of appliances.'),
  'serial-repeated': E('one serial number in several files', 'Each appliance has its own serial number. Several files with one serial are copies, or exports of one appliance taken at different times; patching an older one and loading it would undo the changes made since. Keep one file per appliance: its latest export.'),
  'artefact-mismatch': E('a file does not match the artefact', "The file's sha256 or size differs from what the artefact records: it is not the file apply read or wrote. Do not load it as the reviewed change; plan and apply again, or find the right file."),
  'artefact-match': E('a file matches the artefact', 'The sha256 and size of the file are those the artefact records.'),
  'fail-on': E('--fail-on', '--fail-on warning makes a run with any warning exit 1, for CI; --fail-on error the same for errors only.'),
};

/** The explanation of `code`, or undefined. */
export function explain(code: string): Explanation | undefined {
  return Object.prototype.hasOwnProperty.call(EXPLANATIONS, code) ? EXPLANATIONS[code] : undefined;
}
