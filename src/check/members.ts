/**
 * Small judgements of single members for `check`: a member that can never match a connecting
 * host (a reversed range, an octet over 255, a prefix over 32, a host name with an empty or
 * over-long label, an address that is never the source of a connection), and the text of an
 * address held as a bigint.
 */
import { formatIpv4, type Sender } from '../net/sender.js';

/** Why a member can never match. */
export type NeverReason = 'reversed-range' | 'bad-octet' | 'bad-prefix' | 'empty-label' | 'long-label' | 'not-a-source';

const OCT = '(\\d{1,3})';
const ADDR = `${OCT}\\.${OCT}\\.${OCT}\\.${OCT}`;
const RANGE_LAST = new RegExp(`^${ADDR}-${OCT}$`);
const RANGE_FULL = new RegExp(`^${ADDR}-${ADDR}$`);
const RANGE_PARTIAL = /^((?:\d{1,3}\.){0,2})(\d{1,3})-(\d{1,3})\.$/;
const CIDR = new RegExp(`^${ADDR}/(\\d+)$`);
const DOTTED = /^(?:\d{1,3}\.){1,3}(?:\d{1,3})?$/;

const value = (octets: readonly string[]) => octets.reduce((acc, o) => acc * 256 + Number(o), 0);
const over = (octets: readonly string[]) => octets.some((o) => Number(o) > 255);

/** Why an address member is never the source of a connection (multicast, reserved, "this network"), or null. */
function notASource(s: Sender & { kind: 'ip' }): boolean {
  if (s.version === 4) {
    const inside = (lo: bigint, hi: bigint) => lo <= s.lo && s.hi <= hi;
    return inside(0n, 0x00ffffffn) || inside(0xe0000000n, 0xffffffffn);
  }
  return s.lo >= 0xffn << 120n; // ff00::/8, multicast
}

/**
 * Why the member written `text` (parsed as `sender`) can never match a connecting host, or
 * null when it can (or when that cannot be said).
 */
export function neverMatches(text: string, sender: Sender): NeverReason | null {
  const t = text.trim();
  if (sender.kind === 'ip') return notASource(sender) ? 'not-a-source' : null;
  if (sender.kind !== 'other') return null;
  let m: RegExpExecArray | null;
  if ((m = RANGE_LAST.exec(t))) {
    const o = m.slice(1, 6);
    if (over(o)) return 'bad-octet';
    return Number(o[3]) > Number(o[4]) ? 'reversed-range' : null;
  }
  if ((m = RANGE_FULL.exec(t))) {
    const a = m.slice(1, 5);
    const b = m.slice(5, 9);
    if (over(a) || over(b)) return 'bad-octet';
    return value(a) > value(b) ? 'reversed-range' : null;
  }
  if ((m = RANGE_PARTIAL.exec(t))) {
    const head = m[1]!.split('.').filter(Boolean);
    if (over([...head, m[2]!, m[3]!])) return 'bad-octet';
    return Number(m[2]) > Number(m[3]) ? 'reversed-range' : null;
  }
  if ((m = CIDR.exec(t))) {
    if (over(m.slice(1, 5))) return 'bad-octet';
    return Number(m[5]) > 32 ? 'bad-prefix' : null;
  }
  if (DOTTED.test(t)) return over(t.split('.').filter(Boolean)) ? 'bad-octet' : null;
  if (/^[A-Za-z0-9_.-]+$/.test(t) && /[A-Za-z]/.test(t) && !/^[0-9.:-]+$/.test(t)) {
    const labels = t.replace(/^\./, '').replace(/\.$/, '').split('.');
    if (t === '.' || t.startsWith('..') || t.endsWith('..') || labels.some((l) => l === '')) return 'empty-label';
    if (labels.some((l) => l.length > 63) || t.length > 254) return 'long-label';
  }
  return null;
}

/** The text of an address of the given version. */
export function addressText(version: 4 | 6, a: bigint): string {
  if (version === 4) return formatIpv4(a);
  const groups: string[] = [];
  for (let k = 7; k >= 0; k--) groups.push(((a >> BigInt(16 * k)) & 0xffffn).toString(16));
  return groups.join(':');
}
