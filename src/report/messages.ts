/**
 * The prose of every finding, in one place: a message function per code, made from the
 * finding's typed arguments. The core never writes prose; text, JSON and HTML reports all call
 * {@link messageOf}. Each area has its own table; add a code's message to its area's table
 * (the types make a missing message a compile error).
 */
import type {
  ArtefactFindingArgs,
  DiffFindingArgs,
  ExportFindingArgs,
  Finding,
  FindingArgs,
  FindingCode,
  HatFindingArgs,
  LowerProblem,
  LowerText,
  ProblemAbout,
  RollbackProblem,
  RecipeFindingArgs,
  XmlFindingArgs,
} from '../findings.js';
import { oneLine } from './terminal.js';
import { CHECK } from './messages-check.js';
import { APPLIANCE, PUSH } from './messages-appliance.js';
import { CLI, FS, SPF } from './messages-cli.js';

/** Message functions for the codes `K`. */
export type MessageTable<K extends FindingCode> = { [C in K]: (a: FindingArgs[C]) => string };

const list = (xs: readonly string[]) => xs.join(', ');
/** Names, each with its line: `PARTNER (line 40), ALL (line 52)`. */
const withLines = (names: readonly string[], lines: readonly string[]) =>
  names.map((n, i) => (lines[i] ? `${n} (line ${lines[i]})` : n)).join(', ');

/** A recipe place from its JSON pointer, as people read it: `groups[0].position`. */
function placeOf(pointer: string): string {
  if (!pointer) return 'the recipe';
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s, i) => (/^(0|[1-9][0-9]*)$/.test(s) ? `[${s}]` : i ? `.${s}` : s))
    .join('');
}

/** Rules about the form of one value (schema keywords, the sender grammar, numbers). */
const SHAPE_RULES = new Set(['type', 'enum', 'const', 'not', 'pattern', 'oneOf', 'anyOf', 'sender', 'number']);

function recipeInvalid(a: FindingArgs['recipe-invalid']): string {
  const mean = a.suggestion !== undefined ? `; did you mean ${a.suggestion}?` : '';
  const where = placeOf(a.pointer);
  switch (a.rule) {
    case 'additionalProperties': {
      const at = placeOf(a.pointer.replace(/\/[^/]*$/, ''));
      return `unknown key ${a.key} in ${at}${mean} (the keys there: ${a.expected})`;
    }
    case 'required':
      return `${where} lacks the key ${a.key}`;
    case 'propertyNames':
      return `${where}: ${a.got} is not a parameter name: use ${a.expected}${mean}`;
    default:
      // A value of the wrong form "is not" what the place takes; a rule across fields says what it expects.
      return SHAPE_RULES.has(a.rule) && a.got !== undefined
        ? `${where}: ${a.got} is not ${a.expected}${mean}`
        : `${where}${a.got !== undefined ? ` (${a.got})` : ''}: expected ${a.expected}${mean}`;
  }
}

const xmlMessage = (a: { detail: string }) =>
  `${a.detail}. The file is not well-formed XML: export it again from the appliance, or fix it by hand`;

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
  'encoding-unsupported': (a) =>
    `listener ${a.listener}: the change would move or write text beyond ASCII, and the export is encoded in ${a.encoding}, which esa-patch reads byte for byte as ISO-8859-1 (its letters would change); nothing was written. Export the configuration again as ISO-8859-1 or UTF-8, or rename the sender groups and policies concerned to ASCII`,
  'esa-not-export': (a) => `not an ESA configuration export: the root element is <${a.root}>, not <config>`,
  'esa-no-listeners': () => 'not an ESA configuration export with listeners: no <listener> element with a <listener_name>',
  'esa-hat-markup': (a) => `the <hat> of listener ${a.listener} holds markup, not HAT text`,
  'masked-secrets': (a) =>
    `the export was saved with masked passphrases (${a.count} element(s), first ${a.first}); the appliance cannot load such a file back` +
    (a.allowed
      ? ': patched for review only'
      : '. Save it again choosing "Encrypt" (or "Plain"), or pass --allow-masked to patch it for review only'),
  'unknown-listener': (a) => `no listener named ${list(a.names)}; the export has: ${a.available}`,
  'listener-ambiguous': (a) => `${a.count} listeners are named ${a.listener}; the export has: ${a.available}`,
  'no-public-listener': (a) => `no public listener to patch; the export has: ${a.available}. Name the listener(s) to patch with --listener`,
  'listener-without-hat': (a) =>
    `listener ${a.listener} (${a.path}) has no <hat> element, so there is no Host Access Table to patch; check the export is complete, or leave this listener out with --listener`,
  'hat-multiple': (a) =>
    `listener ${a.listener} (${a.path}) has ${a.count} <hat> elements; which one the appliance reads is unknown, so nothing was written. Export the configuration again, or remove the extra <hat> by hand`,
  'cluster-path': (a) =>
    `listener ${a.listener} is at ${a.path}, not config/listeners: a clustered export; the patch applies at that level, and a setting at a lower level may override it`,
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
    `listener ${a.listener} uses the demo certificate "${a.certificate}": CRES's TLS verification fails with it, so on a TLS-Required policy CRES replies will be refused. ${STEP1(a.listener)}${a.accepted ? ' (changed anyway: --accept-demo-certificate)' : a.blocking ? '; the listener is not changed until then (or pass --accept-demo-certificate to change it anyway)' : ''}`,
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
  'hat-empty': (a) =>
    `listener ${a.listener}: its HAT is empty (not even ALL); the appliance would hold no sender group. Export the listener again, or leave it out with --listener`,
  'hat-no-column0-entry': (a) =>
    `${a.listener}: every line of the HAT is indented (first at HAT line ${a.line}), so no policy or sender group starts at column 0; remove the indentation of the $NAME, NAME: and ALL lines`,
  'hat-stray-brace': (a) =>
    `${a.listener}: HAT line ${a.line} closes or opens a block outside any policy: ${a.text}; fix the braces by hand`,
  'hat-unterminated-quote': (a) =>
    `${a.listener}: HAT line ${a.line} has a quote or parenthesis that never closes: ${a.text}; fix it by hand`,
  'hat-member-after-policy': (a) =>
    `${a.listener}: ${a.entry} lists sender ${a.member} after its policy line; move the sender above the policy line`,
  'hat-duplicate-param': (a) =>
    `${a.listener}: ${a.policy} sets ${a.param} twice (block at HAT line ${a.line}); which value the appliance keeps is not known: remove one`,
  'hat-value-escape': (a) =>
    `${a.listener}: HAT line ${a.line} has a backslash in a quoted value other than \\" (the one escape the format is known to have): ${a.text}; what the appliance reads there is not known. Write the value without a backslash on the appliance and export again`,
  'hat-head-unclear': (a) =>
    `${a.listener}: HAT line ${a.line} starts at column 0 but is none of $NAME, NAME:, ALL or a sender: ${a.text}; its meaning is not certain. Fix the spelling by hand (a group head is NAME: with no space before the colon)`,
  'hat-line-unclear': (a) =>
    `${a.listener}: HAT line ${a.line} holds text whose meaning is not certain: ${a.text}; a # comment belongs on a line of its own, and a line of several senders holds only senders. Fix the line by hand`,
  'hat-cannot-lower': (a) =>
    `${a.listener}: the change cannot be written exactly${a.line ? ` at HAT line ${a.line}` : ''}: ${LOWER_PROBLEM[a.problem](a)}; make this change by hand on the appliance`,
};

const TEXT_KIND: Record<LowerText, string> = {
  comment: 'comment',
  'policy-name': 'policy name',
  parameter: 'parameter',
  value: 'value',
  'group-name': 'sender group name',
  sender: 'sender',
};

/** Why a lowering refuses, in words. */
const LOWER_PROBLEM: { [P in LowerProblem]: (a: FindingArgs['hat-cannot-lower']) => string } = {
  'unwritable-text': (a) => `${TEXT_KIND[a.name as LowerText] ?? a.name} ${JSON.stringify(a.value)} cannot be written into a HAT`,
  backslash: (a) => `value ${JSON.stringify(a.value)} holds a backslash, which the HAT format is not known to escape`,
  'comment-unreadable': (a) => `comment ${JSON.stringify(a.value)} does not read back as one comment`,
  'unknown-behaviour': (a) => `behaviour ${a.value} is not one the HAT knows`,
  'recorded-control': () => 'the recorded text holds control characters',
  'own-params': () => 'binding a group to a behaviour with parameters of its own is not supported; use a named policy',
  'group-named-all': () => 'a sender group cannot be named ALL',
  'policy-exists': (a) => `policy $${a.name} exists`,
  'no-policy': (a) => `no policy $${a.name}`,
  'entry-exists': (a) => `entry ${a.name} exists`,
  'no-group': (a) => `no sender group ${a.name}`,
  'no-entry': (a) => `no entry ${a.name}`,
  'move-before-self': () => 'a group cannot move before itself',
  'sender-count': (a) => `sender ${a.value} is written ${a.count} times in ${a.name}`,
  'binding-count': (a) => `${a.value} is written ${a.count} times in ${a.name}`,
  rebind: () => 'only a named policy or a bare behaviour can be rebound in place',
  'own-block': (a) => `${a.name} has a behaviour block of its own`,
  'no-behaviour': (a) => `$${a.name} has no behaviour to hold ${a.value}`,
  'unclosed-block': (a) => `the block of $${a.name} never closes`,
  'unreadable-block': (a) => `the block of $${a.name} holds text that cannot be read exactly`,
  'param-count': (a) => `${a.value} is set ${a.count} times in $${a.name}`,
  'spans-lines': (a) => `${a.value} spans lines`,
};

/** What an operation found instead of what it expected, in words. */
const OP_PROBLEM: { [P in RollbackProblem]: (a: ProblemAbout) => string } = {
  'undefined-policy': (a) => `policy $${a.name} is not defined`,
  'policy-exists': (a) => `policy $${a.name} exists`,
  'no-policy': (a) => `no policy $${a.name}`,
  'policy-differs': (a) => `policy $${a.name} is not what was recorded`,
  'policy-in-use': (a) => `policy $${a.name} is still used by ${a.value}`,
  'param-differs': (a) => `${a.param} of $${a.name} is ${a.value ?? '(absent)'}, not ${a.expected ?? '(absent)'}`,
  'group-exists': (a) => `sender group ${a.name} exists`,
  'position-mismatch': (a) => `position ${a.value} is not before ${a.expected ?? 'the end'}`,
  'no-group': (a) => `no sender group ${a.name}`,
  'not-at-position': (a) => `sender group ${a.name} is not at position ${a.value}`,
  'member-present': (a) => `${a.name} already holds ${a.value}`,
  'member-absent': (a) => `${a.name} does not hold ${a.value}`,
  'no-entry': (a) => `no entry ${a.name}`,
  'binding-differs': (a) => `${a.name} is not bound to what was recorded`,
  'group-gone': (a) => `there is no sender group ${a.name} any more`,
  'neighbour-gone': (a) => `the entry ${a.name} it stood before is no longer in the HAT`,
  moved: (a) => `${a.name} was moved since: it no longer stands before ${a.value}`,
  'members-changed': (a) => `sender group ${a.name} now holds ${a.value ?? 'no sender'}`,
  'binding-changed': (a) => `sender group ${a.name} is no longer bound to ${a.value === null ? 'its own behaviour' : `$${a.value}`}`,
  'legacy-bytes': () =>
    'the artefact (written before 0.3.0) records text beyond ASCII of a UTF-8 export as bytes; undo by meaning cannot tell its characters',
};

const RECIPE: MessageTable<keyof RecipeFindingArgs> = {
  'operation-not-applicable': (a) =>
    `planned operation "${a.operation}" does not apply: ${OP_PROBLEM[a.problem](a)}; nothing was written. Please report this with the export`,
  'bad-recipe': (a) => list(a.problems),
  'name-collision': (a) =>
    a.kind === 'sender'
      ? `listener ${a.listener}: the HAT has an inline entry for the sender ${a.existing}, the same word as the sender group ${a.wanted} the patch would add; a HAT that uses one name for a sender and a sender group is ambiguous. Choose another group name (--group-name)`
      : `listener ${a.listener}: ${a.kind === 'group' ? 'sender group' : 'mail flow policy'} ${a.existing} differs from ${a.wanted} only by case; the appliance may treat them as one. Choose another name (--${a.kind === 'group' ? 'group' : 'policy'}-name), or use ${a.existing}`,
  'policy-conflict': (a) =>
    `listener ${a.listener}: mail flow policy $${a.policy}: behaviour ${a.behaviour || '(none)'}, not ${a.wanted}${a.users.length ? `; used by ${withLines(a.users, a.lines)}` : ''}`,
  'internal-check': (a) =>
    `${a.listener ? `listener ${a.listener}: ` : ''}${a.detail}${a.differences?.length ? ` (${a.differences.join('; ')})` : ''}; nothing was written. Please report this with the export`,
  'treatment-change': (a) => `listener ${a.listener}: ${a.host}: ${a.before} -> ${a.after}; review that this host should be treated so`,
  'sender-invalid': (a) =>
    `${JSON.stringify(a.value)} is not a HAT sender (${a.reason}); give an IP address, CIDR range, partial address, host name or .partial.host name`,
  'sender-dropped': (a) => `sender ${a.sender} dropped: ${a.reason === 'duplicate' ? 'the same as' : 'covered by'} ${a.by}`,
  'tls-unknown': (a) =>
    `listener ${a.listener}: policy $${a.policy} has tls = "${a.value}", a value the tool does not know, where the goal is "${a.target}": it cannot tell whether it is stricter or weaker, so it changes nothing. Check it on the appliance: if it already requires TLS, give it as the token (--tls-value ${JSON.stringify(a.value)}, or tlsValue in the inventory); only if it is weaker, --replace-tls-value replaces it with "${a.target}"`,
  'policy-shared': (a) =>
    `listener ${a.listener}: policy $${a.policy} is also used by ${withLines(a.entries, a.lines)}; changing ${list(a.params)} would change them too. Choose another policy name, or allow changing a shared policy`,
  'published-uncovered': (a) => `listener ${a.listener}: published hosts that do not land on ${a.group} after the change: ${list(a.hosts)}`,
  'published-outside-senders': (a) =>
    `listener ${a.listener}: the recipe's senders do not name these published hosts, so they keep their current treatment: ${list(a.hosts)}; add them with --sender if they must land on ${a.group}`,
  'goal-sender-shadowed': (a) =>
    `listener ${a.listener}: sender ${a.sender} still matches ${a.entry} first (${a.treatment}); move that entry or choose another position`,
  'position-unknown': (a) => `listener ${a.listener}: sender group ${a.group} must stand next to ${a.entry}, which this HAT does not hold`,
  'hat-blocking': (a) =>
    `listener ${a.listener}: HAT line ${a.line} cannot be read exactly (${a.problem}): ${a.text}; the change depends on it, so this listener is not patched. Fix the line by hand`,
  'recipe-syntax': (a) => `the recipe is not valid YAML or JSON: ${a.detail}`,
  'recipe-invalid': (a) => recipeInvalid(a),
  'recipe-param-unknown': (a) =>
    `${placeOf(a.pointer)}: parameter ${a.name} is not one esa-patch knows; did you mean ${a.suggestion}? (a parameter the HAT does not know may make the appliance refuse the file)`,
  'recipe-position-unmet': (a) =>
    `listener ${a.listener}: sender group ${a.group} must stand ${a.position}, but after the recipe's changes it stands ${a.standing}; another step of the recipe moved it or its neighbour: fix the recipe`,
  'recipe-ambiguous-name': (a) =>
    `listener ${a.listener}: the recipe's ${a.kind === 'group' ? 'sender group' : 'mail flow policy'} ${a.name} matches ${list(a.matches)} (names differ only by case); the appliance may treat them as one. Rename one, or name it exactly in the recipe`,
  'recipe-policy-behaviour': (a) =>
    `listener ${a.listener}: mail flow policy $${a.policy} is ${a.current}, the recipe wants ${a.wanted}; the tool does not change a policy's behaviour: choose another policy name`,
  'recipe-unknown-policy': (a) =>
    `listener ${a.listener}: sender group ${a.group} must use $${a.policy}, which neither the recipe nor the HAT defines; add it to the recipe's policies`,
  'recipe-policy-in-use': (a) =>
    `listener ${a.listener}: mail flow policy $${a.policy} cannot be removed: ${withLines(a.users, a.lines)} still use it; rebind or remove them first`,
  'recipe-group-emptied': (a) =>
    `listener ${a.listener}: removing those senders would leave sender group ${a.group} empty; remove the whole group with remove.groups instead`,
  'recipe-sender-still-matched': (a) =>
    `listener ${a.listener}: ${a.sender} is not a member of ${a.group} as written, but its member ${a.member} still matches it, so removing it changes nothing; nothing is changed: edit that member (or drop ${a.sender} from the recipe's removals)`,
  'recipe-sender-maybe-matched': (a) =>
    `listener ${a.listener}: removing ${a.sender} from ${a.group} may change nothing: its member ${a.member} is in a form esa-patch cannot read exactly (or an IPv4-mapped IPv6 address), and the appliance may still match ${a.sender} through it; nothing is changed: rewrite that member in a plain form (n.n.n.n, n.n.n.n/c, a host name) or remove it too`,
  'recipe-unstable': (a) =>
    `listener ${a.listener}: the recipe contradicts itself on this HAT: after its changes it would still want: ${list(a.operations)}. Two of its groups probably claim the same senders, or one's position undoes another's; fix the recipe`,
  'recipe-unknown-builtin': (a) => `no built-in recipe named ${a.name}; built-ins: ${list(a.available)}`,
  'recipe-extract': (a) =>
    a.reason === 'missing'
      ? `listener ${a.listener}: no ${a.kind === 'group' ? 'sender group' : a.kind === 'policy' ? 'mail flow policy' : 'listener'} named ${a.name}`
      : a.reason === 'own-behaviour'
        ? `listener ${a.listener}: sender group ${a.name} writes its own behaviour instead of a $POLICY; a recipe binds groups to named policies: give it a named policy first`
        : a.reason === 'empty'
          ? `listener ${a.listener}: sender group ${a.name} has no member; a recipe group holds at least one sender: leave it out`
          : a.reason === 'member'
            ? `listener ${a.listener}: sender group ${a.name} holds ${a.member}, which a recipe cannot write (recipes add IP addresses, ranges and host names only); leave the group out, or recreate it by hand`
            : `listener ${a.listener}: ${a.name} cannot be read exactly; nothing was extracted`,
};

const ARTEFACT: MessageTable<keyof ArtefactFindingArgs> = {
  'rollback-conflict': (a) =>
    `listener ${a.listener}: cannot ${a.operation}: ${OP_PROBLEM[a.problem](a)}. Undo this part by hand, or roll back from the exact file apply wrote`,
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
  'rollback-policy-in-use': (a) =>
    `listener ${a.listener}: cannot ${a.operation}: $${a.policy} is now used by ${a.users.map((u, i) => `${u} (line ${a.lines[i] ?? '?'})`).join(', ')}, which the patch did not add; undoing it would change how their senders are treated, so nothing was written. Bind those entries to another policy first, or keep the patch`,
  'rollback-listener-missing': (a) =>
    `listener ${a.listener} (${a.path}) of the patch is not in this export (or has no <hat>): the patch cannot be undone here`,
  'artefact-unreadable': (a) =>
    `the patch artefact this change needs would not read back (${a.path} ${a.problem}): show, verify and rollback would refuse it, so nothing was written. Change the recipe text or the names it writes (no control, line-separator or bidi characters), or make this change by hand`,
  'rollback-exact': () => 'the file is the one apply wrote: restoring the input byte for byte',
  'rollback-meaning': () => 'the file differs from the one apply wrote: undoing the patch by meaning',
  'nothing-to-undo': (a) =>
    a.reason === 'already-input' ? 'the file is already the input the patch was made from' : 'the patch changed nothing',
  'artefact-corrupt': (a) =>
    `the artefact was altered: ${
      a.reason === 'overlapping-undo'
        ? 'its operations undo overlapping parts of the file'
        : `the file matches the artefact's output checksum but its edits ${a.reason === 'edits-do-not-apply' ? 'do not apply to it' : 'do not restore the input checksum'}`
    }`,
  'artefact-invalid': (a) =>
    `${a.file}: not an esa-patch artefact this version can use: ${a.path === '$' ? 'the file' : a.path} ${a.problem}; nothing was written. Use the .patch.json that apply wrote beside the patched export, unchanged`,
};

const DIFF: MessageTable<keyof DiffFindingArgs> = {
  'diff-hat-unreadable': (a) =>
    `listener ${a.listener}: the HAT of ${a.side === 'a' ? 'the first' : 'the second'} export cannot be read exactly (${a.problem} at HAT line ${a.line}), so it was not compared; fix that line (or export again) and run again`,
  'diff-unknown-listener': (a) =>
    `no listener named ${a.listener} in ${a.side === 'a' ? 'the first (baseline)' : 'the second'} export; it has: ${list(a.available)}`,
  'diff-listener-by-name': (a) => `listener ${a.listener} is at ${a.pathA} in one export and ${a.pathB} in the other: paired by name`,
  'trace-unknown-listener': (a) =>
    `no listener named ${a.listener} in this export, so no host was traced on it; it has: ${list(a.available)}${a.elsewhere ? ' (traced on the exports that have it)' : ' (no export of this run has it: check the name, esa-patch inspect lists the listeners)'}`,
  'trace-hat-unreadable': (a) =>
    `listener ${a.listener}: the HAT cannot be read exactly (${a.problem} at HAT line ${a.line}), so the host was not traced there; fix that line (or export again) and run again`,
};

const MESSAGES: MessageTable<FindingCode> = {
  ...XML,
  ...EXPORT,
  ...HAT,
  ...RECIPE,
  ...ARTEFACT,
  ...FS,
  ...CLI,
  ...SPF,
  ...DIFF,
  ...CHECK,
  ...APPLIANCE,
  ...PUSH,
};

/** Every finding code (the keys of the `FindingCode` union: the message table has one entry per code). */
export const FINDING_CODES = Object.keys(MESSAGES) as readonly FindingCode[];

/** The message of a finding: what, and what to do. */
export function messageOf(f: Finding): string {
  const make = MESSAGES[f.code] as ((a: unknown) => string) | undefined;
  // A finding made elsewhere without arguments (an old caller) still reads: its own message, else its code.
  if (!make || !f.args) return oneLine((f as { message?: string }).message ?? f.code);
  // Arguments come from exports, artefacts and the command line: none may break the line.
  const args = Object.fromEntries(
    Object.entries(f.args).map(([k, v]) => [
      k,
      typeof v === 'string' ? oneLine(v) : Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? oneLine(x) : x)) : v,
    ]),
  );
  return make(args);
}

/** A finding as JSON and HTML carry it: code, arguments, and the message made from them. */
export function withMessage<F extends Finding>(f: F): F & { message: string } {
  return { ...f, message: messageOf(f) };
}

/** The line a command prints for a refusal that stops it: `esa-patch: [FILE[:LINE:COL: SEVERITY]: ]MESSAGE [code]`. */
export function refusalLine(f: Finding): string {
  const at = f.file ? `${f.file}${f.line ? `:${f.line}:${f.col ?? 1}: ${f.severity}` : ''}: ` : '';
  return `esa-patch: ${at}${messageOf(f)} [${f.code}]`;
}
