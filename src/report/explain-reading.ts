/** Explanations of the codes of reading an export: XML, the export as a configuration, and its HAT. */
import { E, type Explanation } from './explanation.js';

const XML_TEXT =
  'esa-patch reads the export exactly or not at all: a file that is not well-formed XML is refused, and nothing is written. AsyncOS writes well-formed exports, so the file was most likely cut short in a copy, edited by hand, or saved by another tool. Export the configuration again from the appliance (System Administration > Configuration File, or saveconfig) and plan the new file.';

/** Explanations of XML, export and HAT reading codes. */
export const READING_EXPLANATIONS: Readonly<Record<string, Explanation>> = {
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
  'listener-ambiguous': E(
    'several listeners of that name',
    'The export has more than one listener of the name given, so which one is meant cannot be told. Rename one on the appliance, or use an export where the names are unique.',
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
    "The appliance's demonstration certificate fails CRES's TLS verification, so on a TLS-Required policy CRES's secure replies are refused rather than delivered. A listener that needs a change is therefore refused (exit 3) until a certificate signed by a public CA, with its intermediates, is installed and assigned to the listener (certconfig, listenerconfig); --accept-demo-certificate changes it anyway (for example when the certificate is replaced in the same maintenance window). A listener already compliant is only warned about.",
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
  'hat-value-escape': E(
    'a backslash in a quoted HAT value',
    'The format is known to escape a double quote inside a quoted value as \\"; no other escape is documented. A value such as "Mail\\tGate" or "requi\\red" is kept, shown and compared exactly as written, never read as MailtGate or required. Where the change or the compliance judgement reads the policy or group that holds it, the listener is refused (exit 3): write the value without the backslash on the appliance and export again.',
  ),
  'hat-head-unclear': E(
    'a column-0 HAT line that is no confirmed head',
    'At column 0 the format has $NAME (a policy), NAME: (a sender group, no space before the colon), ALL, and an inline entry that starts with one sender. "CRES :" is none of these: read as an inline entry it would be a sender "cres". Such a line, and a name with characters outside letters, digits, _, - and ., is not guessed at: where anything depends on it the listener is refused (exit 3). Fix the spelling on the appliance.',
  ),
  'hat-line-unclear': E(
    'a HAT line whose meaning is not certain',
    'A # starts a comment only at the start of a line; after a sender, a behaviour, a $POLICY (comment) or a brace it may be read as more senders ("208.90.57.0/26 # was mx.evil.example" would add mx.evil.example). A line of several senders is read only when every word is a sender, and a $NAME reference only with a plain name. Where the change or the judgement depends on the line, the listener is refused (exit 3) with the line: put the comment on its own line, one sender a line.',
  ),
  'hat-empty-element': E(
    'an empty <hat/> element',
    'The HAT is written as an empty-element tag with no inside to write into; the listener is refused.',
  ),
};
