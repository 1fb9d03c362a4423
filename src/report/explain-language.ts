/** Explanations of the codes of the HAT language, recipes, the file layer, diff and trace (added by later branches). */
import { E, type Explanation } from './explanation.js';

/** Explanations of HAT language, recipe, file, diff and trace codes. */
export const LANGUAGE_EXPLANATIONS: Readonly<Record<string, Explanation>> = {
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
    "The HAT is read top-down and the first matching entry wins; an entry whose behaviour is CONTINUE decides nothing (Cisco: the connection continues down the list to the next matching entry, or ALL), and its parameters are not applied. Members match as the appliance reads them, Cisco's short forms included (10.1 and 10.1. are 10.1.0.0/16, 10.1.1-5 is 10.1.1.0-10.1.5.255). After the change, the host named matches the recipe's group, so it gets that group's policy instead of what it got before (shown before -> after). Check that this is intended, especially when it was rejected or throttled before.",
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
    "The policy has a tls value that is not off, preferred, required or one of their verified forms (preferred_verify, required_verify). The tool cannot tell whether it is stricter or weaker than the goal, and does not replace what it does not understand. Check the value on the appliance. If it already requires TLS, name it as the token (--tls-value, or tlsValue in the inventory): the policy is then compliant as it is. Only if it is weaker, --replace-tls-value replaces it with the recipe's. A known stricter value (required_verify where the goal is required) is compliant and never rewritten.",
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
    'a recipe that breaks a rule of recipes',
    'The recipe does not follow docs/recipe-schema.md at the place named (file:line:col): an unknown or missing key, a value of the wrong form, or a rule across fields (a name given twice, two groups claiming one place, positions that name each other in a ring). The same rules hold for recipe check, recipe extract and plan. esa-patch recipe check FILE checks a file without planning; esa-patch recipe show cres-tls prints a valid one.',
  ),
  'recipe-param-unknown': E(
    'a parameter name one typo away from a known one',
    'A policy parameter of the recipe is not one esa-patch knows, and it is close to one it does (tsl for tls). The recipe is still used and the parameter written as given: correct it if it is a typo. The appliance may refuse a configuration file with a parameter it does not know.',
  ),
  'recipe-position-unmet': E(
    'a group not where the recipe says',
    "After the whole plan, a sender group the recipe added or moved does not stand where its position says (another step of the recipe moved it or the entry it is placed against). The listener is refused (exit 3): change the recipe's positions so that they agree.",
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
    'A group of a recipe names a policy the recipe defines, or one the HAT already holds (used as it is). This HAT holds neither: add the policy to the recipe, or correct the name.',
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
    "The recipe removes a sender the group does not hold as written, but another member of the group (a CIDR, a range, Cisco's short forms such as 10.1.1-5, a hostname pattern) still matches it: the host would keep the group's treatment whatever the tool removes. The listener is refused (exit 3) at that member: split or edit the covering member by hand, or drop the sender from the recipe's removals.",
  ),
  'recipe-sender-maybe-matched': E(
    'a removed sender may still match',
    'A member left in the group is in a form esa-patch reads only as text (10.1.3.7. with a trailing dot, 010.1.3.7 with a zero-padded octet) or is an IPv4-mapped IPv6 address (::ffff:10.1.3.7): whether the appliance matches the removed host through it is not known, so the listener is refused (exit 3) at that member rather than reporting a removal that may change nothing. Rewrite the member in a plain form, or remove it too.',
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
  'rollback-policy-in-use': E(
    'a policy the undo would change is used by entries added since',
    "Rollback by meaning sets a policy's parameters back or removes the policy the patch added; entries other than the patch's own sender groups (added on the appliance since) use it now, so the undo would change their treatment. The rollback is refused (exit 3), naming each entry and its line. Bind those entries to another policy, or keep the patch.",
  ),
  'artefact-unreadable': E(
    'apply would write an artefact the tool cannot read',
    'Before writing anything, apply reads the artefact it is about to write with the reader show, verify and rollback use. When it would not read back (a value the artefact cannot record), the input is refused (exit 3) and nothing is written: an apply whose artefact cannot undo it is never committed.',
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
  'inputs-skipped': E(
    'subdirectories not read',
    "A directory given as an input is read for its own *.xml files. Its subdirectories holding *.xml files are named here and not read; --recursive reads them too (their files in name order, after the directory's own; links to directories are not followed).",
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
    'The listener is at another path in the other export and was matched by its name. Where it lives is part of what it means: when its cluster level differs (cluster, group NAME, machine NAME; the lower level wins on the appliance), diff reports it as the setting "(cluster level)".',
  ),
  'trace-unknown-listener': E(
    'an export without the listener traced',
    'trace --listener NAME walks only that listener. An export without it is named with the listeners it has: in a fleet where other exports have that listener this is a warning (the others are traced, exit 0); when no export of the run has it, the name is likely wrong and it is an error (exit 1).',
  ),
  'trace-hat-unreadable': E(
    'a HAT that cannot be traced',
    'The HAT text of this listener cannot be read exactly (an unconfirmed head such as "CRES :", a # after a member, an unclosed block, ...), so no walk is shown for it: a guess could name the wrong entry. The walk itself follows the appliance: the first entry that matches decides, a CONTINUE entry decides nothing (the walk goes on below it), and a backslash in a parameter value is shown as written, not refused.',
  ),
  unreadable: E(
    'an input that cannot be read',
    'The system refused to read the file (the message says why: missing, no permission, a directory). Check the path and its permissions; nothing was written for it.',
  ),
  'input-too-large': E(
    'an input larger than any export',
    'The file is refused from its size, before any byte is read: it is far larger than an ESA configuration export, so it is most likely the wrong file. Check the path.',
  ),
};
