/**
 * HAT senders ("members" of a sender group): parse, and decide whether one covers or overlaps
 * another. IP forms are intervals of addresses; hostnames are exact or partial (".example.com":
 * every host below example.com). Anything else (SBRS ranges, dnslist, country or threat-feed
 * members) is opaque: it covers only an identical member.
 */
import ipaddr from 'ipaddr.js';

/** A parsed sender. */
export type Sender =
  | { kind: 'ip'; version: 4 | 6; lo: bigint; hi: bigint; text: string }
  | { kind: 'host'; name: string; partial: boolean; text: string }
  | { kind: 'other'; text: string };

const DEC_OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])';
const IPV4 = new RegExp(`^${DEC_OCTET}(?:\\.${DEC_OCTET}){3}$`);
// Cisco's sender group syntax (AsyncOS user guide, "Sender Group Syntax"): partial addresses
// `n.n.n.` `n.n.n` `n.n.` `n.n` `n.` `n`, ranges `n.n.n.n-n` `n.n.n-n.` `n.n.n-n` `n.n-n.` `n.n-n`
// `n-n.` `n-n`, CIDR blocks `n/c` `n.n/c` `n.n.n/c` `n.n.n.n/c`. Octets left out match anything.
const IPV4_CIDR = new RegExp(`^(${DEC_OCTET}(?:\\.${DEC_OCTET}){0,3})/([0-9]|[12][0-9]|3[0-2])$`);
const IPV4_PARTIAL = new RegExp(`^(${DEC_OCTET}(?:\\.${DEC_OCTET}){0,2})\\.?$`);
const IPV4_RANGE_LAST = new RegExp(`^(${DEC_OCTET}(?:\\.${DEC_OCTET}){3})-(${DEC_OCTET})$`);
const IPV4_RANGE_FULL = new RegExp(`^(${DEC_OCTET}(?:\\.${DEC_OCTET}){3})-(${DEC_OCTET}(?:\\.${DEC_OCTET}){3})$`);
const IPV4_RANGE_PARTIAL = new RegExp(`^((?:${DEC_OCTET}\\.){0,2})(${DEC_OCTET})-(${DEC_OCTET})\\.?$`);
const HOSTNAME = /^\.?(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\.)*[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\.?$/;

function v4(text: string): bigint {
  return text.split('.').reduce((acc, o) => (acc << 8n) | BigInt(Number(o)), 0n);
}

function bytesToBigint(bytes: number[]): bigint {
  return bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
}

function span(version: 4 | 6, base: bigint, prefix: number): [bigint, bigint] {
  const bits = BigInt(version === 4 ? 32 : 128);
  const host = bits - BigInt(prefix);
  const lo = (base >> host) << host;
  return [lo, lo + (1n << host) - 1n];
}

function ipSender(version: 4 | 6, lo: bigint, hi: bigint, text: string): Sender | null {
  return lo <= hi ? { kind: 'ip', version, lo, hi, text } : null;
}

function parseIpv6(text: string): bigint | null {
  if (!/^[0-9A-Fa-f:.]+$/.test(text)) return null;
  try {
    return bytesToBigint(ipaddr.IPv6.parse(text).toByteArray());
  } catch {
    return null;
  }
}

/**
 * Parses one sender as written in a HAT. IPv4 octets must be decimal without leading zeros
 * (ipaddr.js would read `057` as octal); a malformed address is `other`, never a guess.
 */
export function parseSender(raw: string): Sender {
  const text = raw.trim();
  let m: RegExpExecArray | null;
  if (IPV4.test(text)) {
    const a = v4(text);
    return { kind: 'ip', version: 4, lo: a, hi: a, text };
  }
  if ((m = IPV4_CIDR.exec(text))) {
    const octets = m[1]!.split('.');
    const [lo, hi] = span(4, v4([...octets, ...Array(4 - octets.length).fill('0')].join('.')), Number(m[2]));
    return { kind: 'ip', version: 4, lo, hi, text };
  }
  if ((m = IPV4_PARTIAL.exec(text))) {
    const octets = m[1]!.split('.');
    const base = v4([...octets, ...Array(4 - octets.length).fill('0')].join('.'));
    const [lo, hi] = span(4, base, octets.length * 8);
    return { kind: 'ip', version: 4, lo, hi, text };
  }
  if ((m = IPV4_RANGE_LAST.exec(text))) {
    const lo = v4(m[1]!);
    const hi = (lo & ~0xffn) | BigInt(Number(m[2]));
    return ipSender(4, lo, hi, text) ?? { kind: 'other', text };
  }
  if ((m = IPV4_RANGE_FULL.exec(text))) {
    return ipSender(4, v4(m[1]!), v4(m[2]!), text) ?? { kind: 'other', text };
  }
  if ((m = IPV4_RANGE_PARTIAL.exec(text))) {
    const head = m[1]!.split('.').filter((o) => o !== '');
    const shift = BigInt(8 * (3 - head.length));
    const prefix = head.reduce((acc, o) => (acc << 8n) | BigInt(Number(o)), 0n);
    const lo = ((prefix << 8n) | BigInt(Number(m[2]))) << shift;
    const hi = (((prefix << 8n) | BigInt(Number(m[3]))) << shift) | ((1n << shift) - 1n);
    return ipSender(4, lo, hi, text) ?? { kind: 'other', text };
  }
  if (text.includes(':') && !text.includes('[')) {
    const slash = text.indexOf('/');
    if (slash > 0) {
      const base = parseIpv6(text.slice(0, slash));
      const bits = text.slice(slash + 1);
      if (base !== null && /^(?:[0-9]|[1-9][0-9]|1[01][0-9]|12[0-8])$/.test(bits)) {
        const [lo, hi] = span(6, base, Number(bits));
        return { kind: 'ip', version: 6, lo, hi, text };
      }
      return { kind: 'other', text };
    }
    const dash = text.indexOf('-');
    if (dash > 0) {
      const lo = parseIpv6(text.slice(0, dash));
      const tail = text.slice(dash + 1);
      let hi = parseIpv6(tail);
      if (hi === null && lo !== null && /^[0-9A-Fa-f]{1,4}$/.test(tail)) hi = (lo & ~0xffffn) | BigInt(parseInt(tail, 16));
      if (lo !== null && hi !== null) return ipSender(6, lo, hi, text) ?? { kind: 'other', text };
      return { kind: 'other', text };
    }
    const a = parseIpv6(text);
    if (a !== null) return { kind: 'ip', version: 6, lo: a, hi: a, text };
    return { kind: 'other', text };
  }
  // A host name has a dot (`mail.example.com`, `.example.com`): a bare word (`cres`, `all`) is no
  // sender of the format doc's grammar, never read as a host.
  if (
    HOSTNAME.test(text) &&
    /[A-Za-z]/.test(text) &&
    (text.startsWith('.') || text.replace(/\.$/, '').includes('.')) &&
    !text.includes('..')
  ) {
    const partial = text.startsWith('.');
    const name = text.toLowerCase().replace(/^\./, '').replace(/\.$/, '');
    return { kind: 'host', name, partial, text };
  }
  return { kind: 'other', text };
}

/** Does `a` match every host that `b` matches? */
export function covers(a: Sender, b: Sender): boolean {
  if (a.kind === 'ip' && b.kind === 'ip') return a.version === b.version && a.lo <= b.lo && b.hi <= a.hi;
  if (a.kind === 'host' && b.kind === 'host') {
    if (!a.partial) return !b.partial && a.name === b.name;
    return b.name.endsWith('.' + a.name) || (b.partial && b.name === a.name);
  }
  if (a.kind === 'other' && b.kind === 'other') return a.text.toLowerCase() === b.text.toLowerCase();
  return false;
}

/** Is there a host that both `a` and `b` match? */
export function overlaps(a: Sender, b: Sender): boolean {
  if (a.kind === 'ip' && b.kind === 'ip') return a.version === b.version && a.lo <= b.hi && b.lo <= a.hi;
  if (a.kind === 'host' && b.kind === 'host') return covers(a, b) || covers(b, a);
  return covers(a, b);
}

/** Is `wanted` covered by one of `members`? */
export function coveredBy(wanted: Sender, members: readonly Sender[]): boolean {
  return members.some((m) => covers(m, wanted));
}

/** Dotted form of an IPv4 address held as a bigint. */
export function formatIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 0xffn)).join('.');
}

/** Why a value a user asks to write is not a HAT sender. */
export type SenderInvalidReason =
  | 'empty'
  | 'control-character'
  | 'email-address'
  | 'bad-prefix'
  | 'bad-octet'
  | 'bad-address'
  | 'not-a-sender';

/** A sender value checked against the HAT member grammar. */
export type SenderValidation = { ok: true; sender: Sender } | { ok: false; value: string; reason: SenderInvalidReason };

/**
 * Checks a value a user asks to write as a sender: IPv4, IPv6, CIDR with a valid prefix,
 * ranges, partial addresses, host names, partial host names. Anything else is an error naming the value.
 */
export function validateSender(text: string): SenderValidation {
  const value = text.trim();
  const bad = (reason: SenderInvalidReason): SenderValidation => ({ ok: false, value: text, reason });
  if (value === '') return bad('empty');
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(value)) return bad('control-character');
  if (value.includes('@')) return bad('email-address');
  const sender = parseSender(value);
  // Cisco's short IPv4 forms (`10.1`, `10/8`, `10.1.1-5`) are read, never written for a user: `1.2.3`
  // is more likely a typo of an address than the /24 it means.
  if (sender.kind === 'ip') {
    const written = sender.version === 6 || value.endsWith('.') || /^(?:[0-9]+\.){3}[0-9]+(?:\/[0-9]+|-[0-9.]+)?$/.test(value);
    return written ? { ok: true, sender } : bad('bad-address');
  }
  // A host name a user writes: letters, digits, hyphens, dots; no `_`; a dot somewhere.
  if (sender.kind === 'host' && !value.includes('_') && (sender.partial || sender.name.includes('.'))) return { ok: true, sender };
  const prefix = /\/([0-9]+)$/.exec(value);
  if (/^[0-9.]+(\/[0-9]+)?$/.test(value)) {
    if (prefix && Number(prefix[1]) > 32) return bad('bad-prefix');
    if (value.split(/[./]/).some((o, i, all) => (i < 4 || !prefix || i < all.length - 1) && o !== '' && Number(o) > 255))
      return bad('bad-octet');
    return bad('bad-address');
  }
  if (/^[0-9.-]+$/.test(value)) return value.split(/[.-]/).some((o) => Number(o) > 255) ? bad('bad-octet') : bad('bad-address');
  if (value.includes(':') && /^[0-9A-Za-z:./-]+$/.test(value))
    return prefix && Number(prefix[1]) > 128 ? bad('bad-prefix') : bad('bad-address');
  return bad('not-a-sender');
}

/** A sender dropped from a list, and why. */
export interface DroppedSender {
  sender: string;
  reason: 'duplicate' | 'covered';
  /** The sender of the list that it duplicates or that covers it. */
  by: string;
}

/** Drops duplicates (host names case-insensitive) and senders covered by another of the list; keeps order. */
export function dedupeSenders(list: readonly string[]): { kept: string[]; dropped: DroppedSender[] } {
  const parsed = list.map(parseSender);
  const same = (a: Sender, b: Sender) => covers(a, b) && covers(b, a);
  const kept: string[] = [];
  const dropped: DroppedSender[] = [];
  parsed.forEach((s, i) => {
    const dup = parsed.findIndex((o, j) => j < i && same(o, s));
    if (dup >= 0) return void dropped.push({ sender: list[i]!, reason: 'duplicate', by: list[dup]! });
    // The widest sender that covers it (so that the one named is itself kept).
    let by = -1;
    parsed.forEach((o, j) => {
      if (j !== i && covers(o, s) && !covers(s, o) && (by < 0 || (covers(o, parsed[by]!) && !covers(parsed[by]!, o)))) by = j;
    });
    if (by >= 0) {
      const first = parsed.findIndex((o) => same(o, parsed[by]!));
      return void dropped.push({ sender: list[i]!, reason: 'covered', by: list[first]! });
    }
    kept.push(list[i]!);
  });
  return { kept, dropped };
}

/** What a list of senders matches, for coverage questions in about O(log n) each. */
export interface SenderSet {
  /** Does the list match every host that `s` matches (IP senders: inside the union of the list's intervals)? */
  covers(s: Sender): boolean;
}

/** The set of hosts `list` matches: IP intervals merged per version, host names and partial host names, other members by text. */
export function senderSet(list: readonly Sender[]): SenderSet {
  const spans = new Map<4 | 6, [bigint, bigint][]>();
  const exact = new Set<string>();
  const partial = new Set<string>();
  const other = new Set<string>();
  for (const s of list) {
    if (s.kind === 'ip') {
      const l = spans.get(s.version) ?? [];
      l.push([s.lo, s.hi]);
      spans.set(s.version, l);
    } else if (s.kind === 'host') (s.partial ? partial : exact).add(s.name);
    else other.add(s.text.toLowerCase());
  }
  const merged = new Map<4 | 6, [bigint, bigint][]>();
  for (const [v, l] of spans) {
    l.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
    const out: [bigint, bigint][] = [];
    for (const [lo, hi] of l) {
      const last = out[out.length - 1];
      if (last && lo <= last[1] + 1n) {
        if (hi > last[1]) last[1] = hi;
      } else out.push([lo, hi]);
    }
    merged.set(v, out);
  }
  /** Is a proper suffix of `name` (or, when `self`, `name` itself) a partial host of the list? */
  const underPartial = (name: string, self: boolean) => {
    if (self && partial.has(name)) return true;
    for (let i = name.indexOf('.'); i >= 0; i = name.indexOf('.', i + 1)) if (partial.has(name.slice(i + 1))) return true;
    return false;
  };
  return {
    covers(s: Sender): boolean {
      if (s.kind === 'host') return s.partial ? underPartial(s.name, true) : exact.has(s.name) || underPartial(s.name, false);
      if (s.kind === 'other') return other.has(s.text.toLowerCase());
      const l = merged.get(s.version) ?? [];
      let lo = 0;
      let hi = l.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const [a, b] = l[mid]!;
        if (s.lo < a) hi = mid - 1;
        else if (s.lo > b) lo = mid + 1;
        else return s.hi <= b;
      }
      return false;
    },
  };
}
