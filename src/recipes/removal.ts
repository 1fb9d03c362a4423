/** How a sender to remove relates to the members of a group: the same, or still matched by one left behind. */
import { knownMember } from '../hat/reading.js';
import { covers, overlaps, parseSender, type Sender } from '../net/sender.js';

const lower = (s: string) => s.toLowerCase();

/** Are two senders the same (match exactly the same hosts)? */
export function sameSender(a: string, b: string): boolean {
  if (lower(a) === lower(b)) return true;
  const x = parseSender(a);
  const y = parseSender(b);
  return x.kind !== 'other' && covers(x, y) && covers(y, x);
}

/** The IPv4 range an IPv4-mapped IPv6 member (`::ffff:a.b.c.d`) names, or null. */
function mappedV4(m: Sender): Sender | null {
  if (m.kind !== 'ip' || m.version !== 6 || m.lo >> 32n !== 0xffffn || m.hi >> 32n !== 0xffffn) return null;
  return { kind: 'ip', version: 4, lo: m.lo & 0xffffffffn, hi: m.hi & 0xffffffffn, text: m.text };
}

/**
 * Does a member left in a group still match `sender`? `certain` when it covers it; `maybe` when
 * the appliance may read it so: an IPv4-mapped IPv6 member over the address, or a member whose
 * form is read only as text (`10.1.3.7.`, `010.1.3.7`: what AsyncOS makes of it is not known).
 */
export function stillMatches(m: Sender, text: string, sender: Sender): 'certain' | 'maybe' | null {
  if (m.kind === 'other') return knownMember(text, m) ? null : 'maybe';
  if (covers(m, sender)) return 'certain';
  const v4 = mappedV4(m);
  if (v4 && sender.kind === 'ip' && sender.version === 4 && overlaps(v4, sender)) return 'maybe';
  const s4 = mappedV4(sender);
  if (s4 && overlaps(m, s4)) return 'maybe';
  return null;
}
