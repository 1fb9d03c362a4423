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
  'xml-truncated': E(
    'the file ends inside an element',
    `${XML_TEXT} A truncated export is the most common cause: compare its size with the file on the appliance.`,
  ),
  'xml-no-root': E('the file holds no XML element', XML_TEXT),
  'xml-junk-after-root': E('text after the end of the document', XML_TEXT),
  'xml-bad-char': E('a character XML does not allow', XML_TEXT),
  'xml-bad-encoding': E(
    'bytes that are not valid in the declared encoding',
    `${XML_TEXT} An ESA export declares encoding="ISO-8859-1"; a file converted to UTF-8 by an editor but still declaring ISO-8859-1 (or the reverse) shows up here.`,
  ),
  'xml-bad-reference': E('a malformed character or entity reference', XML_TEXT),
  'xml-undefined-entity': E('an entity the document does not define', XML_TEXT),
  'xml-dtd-entities': E(
    'the DOCTYPE defines entities',
    'An ESA export has a DOCTYPE naming config.dtd and nothing more. Entities in an internal subset could change what the appliance reads without changing what a reviewer sees, so esa-patch refuses such a file. Export again from the appliance.',
  ),
  'xml-dtd-subset': E(
    'the DOCTYPE has an internal subset',
    'An ESA export has no internal DTD subset. esa-patch refuses what it cannot read exactly. Export again from the appliance.',
  ),
  'xml-too-deep': E(
    'elements nested deeper than any export',
    'The nesting is far deeper than any ESA export; the file is refused rather than read partly. Export again from the appliance.',
  ),
  'esa-hat-markup': E(
    'a <hat> element holds markup',
    'The Host Access Table is text inside <hat>; elements inside it mean the file was not written by AsyncOS. The listener cannot be patched exactly, so nothing is written.',
  ),
  'esa-not-export': E(
    'not an ESA configuration export',
    'The root element of an ESA configuration export is <config>. Check that you gave the export saved from the appliance (System Administration > Configuration File), not another XML file.',
  ),
  'esa-no-listeners': E(
    'no listener in the export',
    'The change is made in the Host Access Table of listeners; this export has none. An export of a cluster machine may keep listeners at cluster or group level: export from the level the listeners are configured at.',
  ),
  'masked-secrets': E(
    'the export has masked passphrases',
    'An export saved with "Mask passwords" holds ***** in place of secrets; loadconfig cannot load it back, or would set those secrets to the mask. Save the configuration again choosing "Encrypt passphrases" (or plain), and patch that file. --allow-masked patches a masked export for review only.',
  ),
  'unknown-listener': E(
    'no listener of that name',
    'A --listener (or an inventory "listener") names a listener the export does not have. Names are compared exactly, as the appliance shows them (listenerconfig). The message lists the listeners the export has.',
  ),
  'no-public-listener': E(
    'no public listener',
    'By default the change is made on every public (incoming) listener. This export has none; name the listener(s) to patch with --listener NAME.',
  ),
  'listener-without-hat': E(
    'a listener without a Host Access Table',
    'The listener element has no <hat>: there is nothing to patch. The export may be incomplete. Leave the listener out with --listener, or export again.',
  ),
  'cluster-path': E(
    'a listener outside config/listeners',
    'In a clustered export listeners can be configured at cluster, group or machine level. The patch is made where the listener is; a setting at a lower level may override it. Check with clusterconfig which level applies to each machine.',
  ),
  'cluster-level': E(
    'the level a listener is configured at',
    'The listener is configured at cluster or group level: loading the patched file changes every machine of that level.',
  ),
  'cluster-override': E(
    'a lower level may override the change',
    'A cluster export has the same listener at several levels; the level closest to a machine wins. Patch every level that defines the listener, or remove the override.',
  ),
  'appliance-version': E(
    'load on the same AsyncOS version',
    'loadconfig accepts only a file saved by the same AsyncOS version. Load the patched file on the appliance it came from before any upgrade; after an upgrade, export again and patch the new file. The serial number tells which appliance the file belongs to.',
  ),
  'version-unknown': E(
    'the export does not say its AsyncOS version',
    'The header comment of an export names the product, model, version and serial number. This one does not: load the patched file only on the appliance (and release) it came from.',
  ),
  'certificate-missing': E(
    'no TLS certificate on the listener',
    'CRES delivers secure replies over TLS. With TLS Required and no certificate assigned to the listener, those connections fail. Install a signed certificate and assign it to the listener (certconfig, listenerconfig).',
  ),
  'certificate-demo': E(
    'the listener uses the demo certificate',
    "The appliance's demonstration certificate fails CRES's TLS verification. Install a certificate signed by a public CA, with its intermediates, and assign it to the listener.",
  ),
  'certificate-absent': E(
    'the listener names a certificate the export lacks',
    'The listener refers to a certificate that is not in this export; it may be managed elsewhere, or the export is incomplete. Check certconfig on the appliance.',
  ),
  'hat-unknown-param': E(
    'a HAT parameter esa-patch does not know',
    'The text is kept byte for byte and never changed; it is reported so that a reviewer knows the tool did not judge it. The change does not depend on it.',
  ),
  'hat-unknown-line': E(
    'a HAT line esa-patch does not understand',
    'The line is kept byte for byte. If the change depended on it, the listener would be refused instead.',
  ),
  'hat-unknown-text': E(
    'HAT text esa-patch does not understand',
    'The text is kept byte for byte. If the change depended on it, the listener would be refused instead.',
  ),
  'hat-unknown-member': E(
    'a sender esa-patch does not understand',
    'Sender group members such as geo[...] or threat_feed[...] cannot be compared with the CRES addresses; the member is kept as is. Check by hand that it does not also match CRES hosts.',
  ),
  'hat-unclosed-block': E(
    "a '{' that is never closed",
    'The HAT text is cut or broken; the appliance would not read it as intended. The listener is refused; fix the HAT on the appliance and export again.',
  ),
  'hat-policy-without-behaviour': E(
    'a mail flow policy without a behaviour',
    'Every policy has ACCEPT, RELAY, REJECT, TCPREFUSE or CONTINUE; this one has none. The listener is refused.',
  ),
  'hat-orphan-line': E('an indented line outside any block', 'The line belongs to no policy or sender group. It is kept as is.'),
  'hat-entry-without-policy': E(
    'a sender group without a policy',
    'Every sender group refers to a policy ($NAME) or has a behaviour of its own. The listener is refused.',
  ),
  'hat-second-policy': E(
    'a sender group with two policies',
    'The appliance uses one policy per group; which one wins is not certain. The listener is refused.',
  ),
  'hat-duplicate-policy': E(
    'a mail flow policy defined twice',
    'Which definition the appliance uses is not certain, so the change is not made on this listener.',
  ),
  'hat-duplicate-group': E(
    'a sender group defined twice',
    'Which definition the appliance uses is not certain, so the change is not made on this listener.',
  ),
  'hat-empty-element': E(
    'an empty <hat/> element',
    'The HAT is written as an empty-element tag with no inside to write into; the listener is refused.',
  ),
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
  'cannot-lower': E(
    'the change cannot be written exactly',
    'The planned change cannot be written into this HAT text without touching text the tool does not understand. Nothing is written for this listener.',
  ),
  'internal-check': E(
    'an internal check failed',
    'Before writing, every change is checked again by meaning (the patched file is read back and compared). A failed check means a bug: nothing was written. Please report it with the export (masked if you must).',
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
    'an output file exists',
    'esa-patch never overwrites a file unless --force is given. Choose another -o or --out-dir, or pass --force.',
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
  // The HAT language, recipes and the fs layer (codes of the merged branches).
  'encoding-unsupported': E(
    'an export in an encoding esa-patch cannot write',
    'The export declares an encoding other than ISO-8859-1, US-ASCII or UTF-8, and the change would move or write text beyond ASCII. Writing it could turn characters into others on the appliance, so the listener is refused (exit 3). Export again in ISO-8859-1 (the appliance default), or make the change by hand.',
  ),
  'hat-multiple': E(
    'a listener with several <hat> elements',
    'Which Host Access Table the appliance uses is not certain, so the change is not made on this listener (exit 3). Export again; if it persists, check the listener with listenerconfig.',
  ),
  'hat-empty': E(
    'an empty Host Access Table',
    'The HAT holds no entry, not even ALL: there is nothing for the new sender group to stand before, and the appliance would read the result differently from a complete HAT. The listener is refused (exit 3).',
  ),
  'hat-no-column0-entry': E(
    'HAT text that starts no entry',
    'Every HAT entry starts in the first column; this text does not, and belongs to nothing before it. It is kept as is; if the change depends on it, the listener is refused.',
  ),
  'hat-stray-brace': E(
    "a '}' without its '{'",
    'The HAT text has a closing brace that opens nothing: the appliance may read it differently from what a reviewer sees. If the change depends on it, the listener is refused.',
  ),
  'hat-unterminated-quote': E(
    'a quoted value that never ends',
    'A value opened with a quote is not closed on its line. The appliance would read the rest differently; if the change depends on it, the listener is refused.',
  ),
  'hat-member-after-policy': E(
    'a sender after the policy of its group',
    'The group already named its policy; a member written after it may not belong to the group on the appliance. If the change depends on it, the listener is refused.',
  ),
  'hat-cannot-lower': E(
    'the change cannot be written exactly',
    'The planned change cannot be written into this HAT text without touching text the tool does not understand or would have to rewrite. Nothing is written for this listener (exit 3); make the change by hand on the appliance.',
  ),
  'hat-duplicate-param': E(
    'a parameter set twice in one policy',
    'Which value the appliance uses is not certain. If the change depends on it, the listener is refused; otherwise it is kept as is.',
  ),
  'hat-blocking': E(
    'a HAT line the change depends on cannot be read exactly',
    'esa-patch reads exactly or refuses: the line named cannot be read with certainty, and the change depends on what it means (it stands before the new group, or in an object the recipe changes). The listener is refused (exit 3); fix the line on the appliance and export again.',
  ),
  'treatment-change': E(
    'a host will be treated differently',
    "The HAT is read top-down and the first matching entry wins. After the change, the host named matches the recipe's group, so it gets that group's policy instead of what it got before (shown before -> after). Check that this is intended, especially when it was rejected or throttled before.",
  ),
  'sender-invalid': E(
    'a sender that cannot be written into a HAT',
    'A sender is an IP address, a CIDR, a range, a partial address or a hostname (.example.com). Correct the --sender or the recipe.',
  ),
  'sender-dropped': E(
    'a sender dropped from the list',
    'The sender is the same as another of the list, or covered by one (a host inside a CIDR): it adds nothing and is not written.',
  ),
  'tls-unknown': E(
    'a TLS value esa-patch does not know',
    "The policy has a tls value that is not off, preferred, required or one of their verified forms in this AsyncOS release. The tool does not replace what it does not understand. Check the value on the appliance; --replace-tls-value replaces it with the recipe's.",
  ),
  'policy-shared': E(
    'a policy other entries use too',
    'Changing the parameters of this mail flow policy would change how the other entries that use it treat their hosts. The listener is refused (exit 3): give the recipe its own policy name, or allow changing the shared policy in the recipe (shared: allow).',
  ),
  'published-outside-senders': E(
    'published hosts the recipe does not name',
    "The recipe's author publishes a table of hosts (for cres-tls, Cisco tech note 118539, marked \"subject to change\"), and the recipe's senders do not cover some of them: for cres-tls, res.cisco.com itself (184.94.241.74), which the partial name .res.cisco.com does not match, and the 184.94.241.x relays outside the two /26 ranges unless their reverse DNS verifies. They keep whatever treatment the HAT gives them today; nothing is widened silently. Add them with --sender (by address) if they must use the recipe's policy.",
  ),
  'published-uncovered': E(
    'published hosts that do not land on the group',
    'The recipe\'s author publishes a table of hosts (for cres-tls, Cisco tech note 118539, marked "subject to change"). After the change, the hosts named still match another entry first, or match the group only by a name that needs verified reverse DNS. Nothing is added; the plan report shows where each published host lands, today and after the change. Give the whole list with --sender to match them by address.',
  ),
  'recipe-syntax': E(
    'a recipe file that is not valid YAML or JSON',
    'Fix the file at the line and column named; esa-patch recipe check FILE checks it without planning.',
  ),
  'recipe-invalid': E(
    'a recipe that does not follow its schema',
    'The recipe file does not match docs/recipe-schema.json at the place named. esa-patch recipe check FILE checks it; esa-patch recipe show cres-tls prints a valid one.',
  ),
  'recipe-ambiguous-name': E(
    'a name that differs only by case',
    "The HAT has an object whose name differs from the recipe's only by case; the appliance may treat them as one. The listener is refused (exit 3): rename one of them.",
  ),
  'recipe-policy-behaviour': E(
    'a policy of that name exists with another behaviour',
    "esa-patch converges parameters, never a policy's behaviour (ACCEPT, REJECT, ...): that would change every entry that uses it. The listener is refused (exit 3); choose another policy name.",
  ),
  'recipe-unknown-policy': E(
    'a group bound to a policy the recipe lacks',
    'Each group of a recipe names a policy the recipe defines. Add the policy, or correct the name.',
  ),
  'recipe-policy-in-use': E(
    'a policy to remove is still used',
    'The recipe removes a policy only when no entry uses it. Remove or rebind the entries first, or drop the removal.',
  ),
  'recipe-group-emptied': E(
    'a removal would leave a group empty',
    'A sender group with no member means something else to the appliance; remove the whole group instead.',
  ),
  'recipe-sender-still-matched': E(
    'a removed sender still matches',
    'After the removal, the sender is still matched by another member of the group (a CIDR, a range, a hostname pattern). The treatment of that host does not change; remove the covering member too, or keep the sender.',
  ),
  'recipe-unstable': E(
    'a recipe that contradicts itself on this HAT',
    'Planning the recipe again on its own result finds more to do: two of its goals undo each other here (two groups claiming the same hosts, positions that conflict). Nothing is written for this listener (exit 3); fix the recipe.',
  ),
  'recipe-unknown-builtin': E(
    'no built-in recipe of that name',
    'esa-patch recipes lists the built-in recipes; give a file path for your own.',
  ),
  'recipe-extract': E(
    'a recipe could not be extracted',
    'recipe extract copies sender groups and their policies from one listener; the message says which one is missing or cannot be copied exactly.',
  ),
  'goal-sender-shadowed': E(
    'a sender still matches an earlier entry',
    "The group is placed where the recipe says, but an entry before it still matches the sender first, so the sender does not get the group's policy. Move that entry, or place the group before it.",
  ),
  'position-unknown': E(
    'a position names an entry the HAT lacks',
    'The recipe places a group before or after an entry this HAT does not have. The listener is refused (exit 3); correct the recipe or use first/last.',
  ),
  'rollback-ambiguous': E(
    'a rollback that cannot tell which object to undo',
    'The export has been changed since the patch so that the object the patch added cannot be identified with certainty. Nothing is written; roll back the file apply wrote, or undo by hand.',
  ),
  'rollback-tuned': E(
    'an object changed since the patch',
    'Something the patch added was changed afterwards (a parameter tuned on the appliance). Undoing it would lose that change, so the rollback is refused; undo by hand.',
  ),
  'rollback-listener-missing': E(
    'a listener of the artefact is missing',
    'The export has no listener at the path the artefact records: it was removed or moved. Nothing is written.',
  ),
  'artefact-invalid': E(
    'not a valid patch artefact',
    'rollback, show and verify take the OUT.patch.json that apply wrote beside OUT.xml (format esa-patch/1). It is validated before use; the message names the JSON path of the first problem. Do not edit an artefact by hand.',
  ),
  'input-not-regular': E(
    'an input that is not a regular file',
    'With several inputs, each must be a regular file: a pipe or a device could block the run. A single input may be a pipe (plan <(ssh ...)).',
  ),
  'output-is-directory': E(
    'an output names a directory',
    '-o, --report and --html name files. Name a file, or use --out-dir DIR for a directory of outputs.',
  ),
  'output-locked': E(
    'an output is being written by another run',
    'Another esa-patch run holds the lock of this output. Wait for it to finish; a lock left by a run that died is taken over after its process is gone.',
  ),
  'commit-recovered': E(
    'an interrupted run was finished or undone',
    'An earlier run stopped while writing its outputs. Its journal let this run finish the set or remove it, so that outputs are whole or absent; the files named were affected.',
  ),
  'commit-stuck': E(
    'an interrupted run could not be cleaned up',
    'An earlier run stopped while writing, and its journal could not be applied. The files named may be incomplete: check them, remove the journal named, and run again.',
  ),
  'jobs-capped': E(
    '--jobs above the cap',
    'Each job holds an export in memory; --jobs is capped at --jobs-max (default: the number of CPUs). Raise --jobs-max if the machine has the memory.',
  ),
  'diff-hat-unreadable': E(
    'a HAT that cannot be compared',
    'The HAT text of this listener cannot be read exactly, so it is compared as text only.',
  ),
  'diff-unknown-listener': E(
    'a listener of one export only',
    'Listeners are matched by path, then by name, or with --map-listener; this one has no counterpart.',
  ),
  'diff-listener-by-name': E(
    'listeners matched by name',
    'The listener is at another path in the other export and was matched by its name.',
  ),
  'trace-hat-unreadable': E(
    'a HAT that cannot be traced',
    'The HAT text of this listener cannot be read exactly, so no walk is shown for it.',
  ),
  unreadable: E(
    'an input that cannot be read',
    'The system refused to read the file (the message says why: missing, no permission, a directory). Check the path and its permissions; nothing was written for it.',
  ),
  'input-too-large': E(
    'an input larger than any export',
    'The file is refused from its size, before any byte is read: it is far larger than an ESA configuration export, so it is most likely the wrong file. Check the path.',
  ),
  'spf-syntax': E(
    'not a valid SPF record',
    'The text is not a record RFC 7208 accepts (it must start with v=spf1, and each term must be a mechanism or a modifier). Receivers treat such a record as a permanent error, so mail of the domain may fail SPF. Correct the record before adding include:res.cisco.com.',
  ),
  'spf-multiple-records': E(
    'several SPF records for one domain',
    'A domain may publish one v=spf1 TXT record. With several, receivers return permerror and SPF fails for all its mail. Merge them into one record, then add include:res.cisco.com to it.',
  ),
  'spf-lookup-limit': E(
    'more than 10 DNS lookups',
    'RFC 7208 limits a record to 10 terms that cause DNS lookups (include, a, mx, ptr, exists, redirect), counted through every include. Over the limit receivers return permerror. Adding include:res.cisco.com counts one more: remove unused includes or replace a, mx by ip4/ip6 first.',
  ),
  'spf-void-limit': E(
    'more than 2 lookups with no answer',
    'RFC 7208 allows at most two DNS lookups that return no record (NXDOMAIN or empty); beyond that receivers return permerror. Remove the includes and mechanisms that point at names which no longer exist.',
  ),
  'spf-loop': E(
    'an include or redirect loop',
    'An include: or redirect= chain comes back to a domain already on it. Receivers stop with permerror. Remove the include that closes the loop.',
  ),
  'spf-missing-record': E(
    'an include target without an SPF record',
    'A domain named by include: or redirect= publishes no v=spf1 record. For include, receivers return permerror; for redirect, the result is permerror too. Remove the term or ask the owner of that domain to publish a record.',
  ),
  'spf-include-invalid': E(
    'an include target with a malformed record',
    'The record an include: or redirect= target publishes is not valid SPF, so receivers return permerror when they reach it. Ask the owner of that domain to fix it, or remove the term.',
  ),
  'spf-dns-error': E(
    'a DNS lookup failed',
    'With --resolve a lookup timed out or was refused (SERVFAIL, REFUSED, no answer). The record could not be checked completely, so the run exits 1. Check --dns-server and the network, and run again.',
  ),
  'spf-resolve-bound': E(
    'the DNS budget of the run was reached',
    'With --resolve one run sends at most --max-queries queries and waits at most --time-bound milliseconds in all, so a hostile or huge include tree cannot hold it. The check is incomplete (exit 1); raise the bound if the record is legitimately large.',
  ),
  'spf-txt-size': E(
    'a record larger than a TXT record holds',
    'The proposed record would need more than 65,535 bytes of TXT data, which DNS cannot publish. The change is refused (exit 3): shorten the record (fewer ip4/ip6 terms, includes in place of lists).',
  ),
  'spf-depth-limit': E(
    'includes nested too deep',
    'Expansion stopped at the nesting bound: the terms below it were not checked. Receivers may still evaluate them; check the deeper records by hand or flatten the chain.',
  ),
  'spf-not-expanded': E(
    'an include counted without looking inside',
    'Without --resolve an include: or redirect= counts as one lookup; the lookups inside it are not counted. Run with --resolve to count the whole tree against the limit of 10.',
  ),
  'spf-ptr': E(
    'the ptr mechanism',
    'RFC 7208 says not to use ptr (or the %{p} macro): it is slow, unreliable, and many receivers skip it. Replace it by ip4/ip6 or a mechanisms.',
  ),
  'spf-permissive-all': E(
    'an all that lets any host pass',
    '+all (or all without a qualifier) authorises every host on the Internet to send as the domain, and ?all says nothing. Use -all or ~all once every legitimate sender, including include:res.cisco.com, is listed.',
  ),
  'spf-no-all': E(
    'no all and no redirect',
    'Without an all mechanism or a redirect= modifier, mail from hosts not listed gets neutral, as if there were no SPF. End the record with -all or ~all.',
  ),
  'spf-after-all': E(
    'terms after all',
    'Receivers stop at all: the terms after it are never evaluated. Move them before all (include:res.cisco.com must come before it to count).',
  ),
  'spf-redirect-ignored': E(
    'a redirect that is never followed',
    'redirect= is used only when no mechanism matches; with an all in the record something always matches, so the redirect is ignored. Remove one of the two.',
  ),
  'spf-include-qualifier': E(
    'include:res.cisco.com with a qualifier',
    'include:res.cisco.com is present with -, ~ or ?: mail Cisco RES sends then fails (or softfails) SPF instead of passing. Write it as include:res.cisco.com (the + qualifier).',
  ),
  'spf-unknown-modifier': E(
    'a modifier receivers ignore',
    'A term name=value that is not redirect or exp is ignored by receivers. It is often a typo such as include=res.cisco.com for include:res.cisco.com; correct it.',
  ),
  'spf-macro': E(
    'a macro letter only valid in explanations',
    'The macro letters c, r and t are only valid in the text of an exp= explanation. In a mechanism receivers return permerror. Remove the macro or use a valid letter.',
  ),
  'spf-too-long': E(
    'a record longer than 255 characters',
    'One TXT string holds at most 255 characters: the record must be published as several quoted strings in one TXT record, which receivers join. The proposed record is printed split that way; publish it as shown.',
  ),
  'spf-record-size': E(
    'an answer larger than 512 bytes',
    'A DNS answer over 512 bytes does not fit in a UDP packet without EDNS; some receivers then fall back to TCP or fail. RFC 7208 section 3.4 advises keeping records short: shorten the record or move parts into an include.',
  ),
  'spf-flatten-warning': E(
    'include:res.cisco.com cannot be flattened',
    'A flattener replaces includes by the addresses they hold at one moment. Cisco changes the addresses of res.cisco.com, so a flattened copy goes stale and RES mail fails SPF. Keep include:res.cisco.com as an include.',
  ),
  'spf-ignored-txt': E(
    'a TXT string that is not SPF',
    'In pasted dig output, TXT strings that do not start with v=spf1 (site verification tokens and the like) are skipped; only the SPF record is checked.',
  ),
  'spf-domain-file': E(
    'a malformed line in the domain file',
    'Each line of --domain-file is a domain, a tab, and its record (or a comment starting with #). The line named is not; correct it.',
  ),
  'spf-file': E('the domain file cannot be read', 'The --domain-file could not be read: check the path and its permissions.'),
  'spf-option': E(
    'a bad option of spf',
    'An option of esa-patch spf has a value it cannot use (the message names it); see esa-patch spf --help.',
  ),
  'fail-on': E('--fail-on', '--fail-on warning makes a run with any warning exit 1, for CI; --fail-on error the same for errors only.'),
};

/** The explanation of `code`, or undefined. */
export function explain(code: string): Explanation | undefined {
  return Object.prototype.hasOwnProperty.call(EXPLANATIONS, code) ? EXPLANATIONS[code] : undefined;
}
