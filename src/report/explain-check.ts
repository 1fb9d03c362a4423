/** Explanations of the codes of `esa-patch check`: what a HAT does wrong, and the rules of a fleet. */
import { E, type Explanation } from './explanation.js';

/** Explanations of check codes. */
export const CHECK_EXPLANATIONS: Readonly<Record<string, Explanation>> = {
  'check-hat-unreadable': E(
    'a HAT that cannot be checked',
    'The HAT text of this listener cannot be read exactly (an unclosed block, two policy lines, a duplicate name, …), so no judgement is made about it: a check on a misread HAT could claim what the appliance does not do. Fix the line named, or export again. The run fails (exit 1).',
  ),
  'check-after-all': E(
    'an entry after ALL',
    'The appliance walks the HAT from the top and stops at the first entry that matches; ALL matches every host, so nothing after it is ever reached. The entry is dead configuration: move it above ALL if it is meant to apply, or remove it.',
  ),
  'check-entry-shadowed': E(
    'a sender group that is never used',
    'Every host the group names (by address range, host name or partial domain, or the same SBRS/DNS-list member) is certainly matched by entries above it, so the appliance never reaches it. Only entries that end the walk (ACCEPT, RELAY, REJECT, TCPREFUSE) count. The finding gives a host that shows it: esa-patch trace --host … lands on the earlier entry. Move the group up if its treatment is the one wanted, or remove it.',
  ),
  'check-member-shadowed': E(
    'a sender that is never used in its group',
    'Every host this member names is certainly matched by entries above its group (the union of their ranges or domains), so it never decides anything where it is. The finding names those entries and a host that shows it with esa-patch trace. Move the member to a group above them, or remove it.',
  ),
  'check-member-partly-shadowed': E(
    'a sender some of whose hosts are caught earlier',
    "Part of what this member names (an address range, or host names below a partial domain) is matched first by an earlier entry with another treatment: those hosts get the earlier treatment, the rest get this group's. Reported only when the treatments differ. Check which treatment the overlap should get; the finding gives a host of the overlap to trace.",
  ),
  'check-member-repeated': E(
    'a sender written twice',
    'The same sender (by meaning: the same range, the same host name, the same SBRS or DNS-list member) appears in two entries, or twice in one. Only the first one the walk meets decides; when the two entries treat it differently the second is a mistake waiting to be "fixed" in the wrong place. Keep one.',
  ),
  'check-member-never-matches': E(
    'a sender that can never match',
    'The member cannot name any connecting host: a range that ends before it starts (10.0.0.5-3), an octet over 255, a prefix longer than the address, a host name with an empty or over-long label, or an address that is never the source of a connection (multicast, reserved, 0.0.0.0/8). esa-patch trace lists members it cannot read as "may match"; this one matches nothing. Correct it; the appliance may also refuse it when the configuration is loaded.',
  ),
  'check-group-empty': E('an empty sender group', 'A sender group without members matches nothing. Add its senders, or remove it.'),
  'check-policy-undefined': E(
    'an entry whose policy is not defined',
    'The entry names a mail flow policy that this HAT does not define (names compared without case). What the appliance does with its senders is not known; a HAT like this may also be refused when loaded. Define the policy, or name an existing one.',
  ),
  'check-policy-unused': E(
    'a policy nobody uses',
    'The mail flow policy is defined but no entry of this HAT uses it. It does nothing; remove it, or give it to the group that was meant to use it.',
  ),
  'check-risky-order': E(
    'an allow entry below an SBRS or DNS-list based REJECT',
    'An ACCEPT or RELAY entry for specific senders (addresses, host names) comes after an entry that rejects or refuses hosts by their SenderBase score, SenderBase network or a DNS list. Whether it catches them depends on what is unknown offline (their score, the list), so esa-patch says "may": a partner, or Cisco RES with a poor score, may then be rejected. Put allow entries for known senders above reputation-based rejects, as the CRES tech note does (order 1).',
  ),
  'check-relay-public': E(
    'RELAY on a public listener',
    'A public listener takes mail from the Internet; an entry that relays there lets its members send mail anywhere. This is right for your own hosts on a one-listener setup, and a risk for anything else. Check that the group holds only your own hosts.',
  ),
  'check-all-relays': E(
    'ALL relays',
    'ALL matches every host not matched above it; with a RELAY policy, every such host may send mail to any destination through this listener: an open relay. Give ALL an ACCEPT (public) or REJECT policy, and relay only for named hosts.',
  ),
  'check-rule-broken': E(
    'a rule of the rules file does not hold',
    'An assertion of the rules file (--rules) was tried on this listener and failed: the result names the rule, the host tried, where it landed (the first-match walk, as esa-patch trace shows it) and what the rule expected. "may not hold" means the outcome depends on what is unknown offline (an SBRS score, a DNS list). The rule\'s severity decides the exit code with --fail-on.',
  ),
  'check-rules-syntax': E(
    'a rules file that is not YAML or JSON',
    'The rules file cannot be parsed; the position is file:line:col. Nothing was checked (exit 1).',
  ),
  'check-rules-invalid': E(
    'a rules file that breaks its schema',
    'A rule has an unknown key, a missing id, a wrong type or an invalid sender; the position is file:line:col. Nothing was checked (exit 1). The schema is in docs/check-rules-schema.json.',
  ),
};
