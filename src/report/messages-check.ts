/** The prose of `esa-patch check` findings (src/check): what the HAT does wrong, and which rule broke. */
import type { CheckFindingArgs } from '../findings.js';
import type { MessageTable } from './messages.js';

const list = (xs: readonly string[]) => xs.join(', ');

/** ` (esa-patch trace --host H --ptr P: lands on E)`, or nothing when no host demonstrates it. */
function proof(a: { host: string | null; ptr: string | null; landed?: string | null }): string {
  if (!a.host) return '';
  const landed = a.landed ? `: lands on ${a.landed}` : '';
  return ` (esa-patch trace --host ${a.host}${a.ptr ? ` --ptr ${a.ptr}` : ''}${landed})`;
}

const NEVER: Record<CheckFindingArgs['check-member-never-matches']['reason'], string> = {
  'reversed-range': 'its range ends before it starts',
  'bad-octet': 'an octet is over 255',
  'bad-prefix': 'its prefix is longer than the address',
  'empty-label': 'the host name has an empty label',
  'long-label': 'a label of the host name is longer than 63 characters',
  'not-a-source': 'no connection comes from that address (multicast, reserved or "this network")',
};

const KIND: Record<CheckFindingArgs['check-rule-broken']['kind'], string> = {
  lands: 'lands',
  rejected: 'rejected',
  'relay-only': 'relay only',
  'same-hat': 'same HAT',
  'policy-param': 'policy parameter',
};

/** Messages of the check codes. */
export const CHECK: MessageTable<keyof CheckFindingArgs> = {
  'check-hat-unreadable': (a) =>
    `listener ${a.listener}: the HAT cannot be read exactly (${a.problem} at HAT line ${a.line}), so it was not checked; fix that line (or export again) and run again`,
  'check-after-all': (a) =>
    `listener ${a.listener}: entry ${a.entry} comes after ALL (HAT line ${a.allLine}), which matches every host: it is never used${proof(a)}; move it above ALL or remove it`,
  'check-entry-shadowed': (a) =>
    `listener ${a.listener}: sender group ${a.entry} is never used: every host it names is matched earlier by ${list(a.by)}${proof(a)}; move it up or remove it`,
  'check-member-shadowed': (a) =>
    `listener ${a.listener}: ${a.member} in ${a.entry} is never used: every host it names is matched earlier by ${list(a.by)}${proof(a)}; move it up or remove it`,
  'check-member-partly-shadowed': (a) =>
    `listener ${a.listener}: some hosts of ${a.member} in ${a.entry} are matched earlier by ${a.by}, which treats them differently${proof(a)}; check which treatment they should get`,
  'check-member-repeated': (a) =>
    a.other === a.entry
      ? `listener ${a.listener}: ${a.member} is written twice in ${a.entry} (first at HAT line ${a.otherLine}); remove one`
      : `listener ${a.listener}: ${a.member} in ${a.entry} is already in ${a.other} (HAT line ${a.otherLine})${a.sameTreatment ? ', with the same treatment' : ', which treats it differently and comes first'}: this one is never used; remove one`,
  'check-member-never-matches': (a) =>
    `listener ${a.listener}: ${a.member} in ${a.entry} can never match a connecting host: ${NEVER[a.reason]}; correct it (the appliance may also refuse it)`,
  'check-group-empty': (a) =>
    `listener ${a.listener}: sender group ${a.entry} has no member, so it matches nothing; add its senders or remove it`,
  'check-policy-undefined': (a) =>
    `listener ${a.listener}: entry ${a.entry} uses $${a.policy}, which this HAT does not define; define it or name another policy`,
  'check-policy-unused': (a) => `listener ${a.listener}: mail flow policy $${a.policy} is defined but no entry uses it`,
  'check-risky-order': (a) =>
    `listener ${a.listener}: ${a.entry} (${a.behaviour}) comes after ${a.by}, which may ${a.byBehaviour} its senders on ${a.byMember} (a score or list esa-patch cannot know offline)${a.host ? ` (esa-patch trace --host ${a.host}${a.ptr ? ` --ptr ${a.ptr}` : ''}: may match ${a.by})` : ''}; move ${a.entry} above ${a.by}`,
  'check-relay-public': (a) =>
    `listener ${a.listener}: ${a.entry} relays mail on a public listener (${a.member}, …): make sure only your own hosts are in it`,
  'check-all-relays': (a) =>
    `listener ${a.listener} (${a.listenerType || 'no type'}): ALL relays: every host that reaches this listener may relay mail through it (an open relay); give ALL an ACCEPT or REJECT policy`,
  'check-rule-broken': (a) =>
    `rule ${a.rule} (${KIND[a.kind]}) ${a.certain ? 'does not hold' : 'may not hold'} on ${a.appliance}, listener ${a.listener}: expected ${a.expected}, found ${a.found}${proof(a)}`,
  'check-rules-syntax': (a) => `${a.detail}: the rules file is not valid YAML or JSON`,
  'check-rules-invalid': (a) => `${a.pointer || '/'}: expected ${a.expected} [${a.rule}]`,
};
