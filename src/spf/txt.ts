/** The longest character string a DNS TXT record can hold (RFC 1035 section 3.3). */
export const TXT_STRING_MAX = 255;

/**
 * Splits a record into TXT character strings of at most `max` characters, breaking after a
 * space where one falls in range so each string ends on a term boundary (receivers join the
 * strings without adding anything, RFC 7208 section 3.3, so any split is correct; this one
 * is readable). A record that fits is one string.
 */
export function splitTxtStrings(record: string, max: number = TXT_STRING_MAX): string[] {
  const out: string[] = [];
  let rest = record;
  while (rest.length > max) {
    const space = rest.lastIndexOf(' ', max - 1);
    const cut = space > 0 ? space + 1 : max;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  out.push(rest);
  return out;
}

/** Formats TXT strings as zone-file text: each quoted, `"` and `\` escaped, separated by spaces. */
export function formatTxtStrings(strings: readonly string[]): string {
  return strings.map((s) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(' ');
}

/** The most bytes of data one TXT record holds: its RDLENGTH is 16 bits (RFC 1035 section 3.2.1). */
export const TXT_RDATA_MAX = 65535;

/** The largest DNS message over UDP without EDNS (RFC 1035 section 4.2.1). */
export const DNS_UDP_MAX = 512;

/** Bytes of TXT record data for `strings`: each string is a length byte and its bytes. */
export function txtRdataBytes(strings: readonly string[]): number {
  let n = 0;
  for (const s of strings) n += 1 + Buffer.byteLength(s, 'utf8');
  return n;
}

/**
 * Bytes of the smallest DNS answer to a TXT query for `domain` holding one record of
 * `strings`: header, the question, and one answer whose name is a pointer to it. Other TXT
 * records of the name make the real answer larger.
 */
export function txtAnswerBytes(domain: string, strings: readonly string[]): number {
  const name = domain.replace(/\.$/, '');
  const qname = name === '' ? 1 : Buffer.byteLength(name, 'utf8') + 2;
  return 12 + qname + 4 + 2 + 10 + txtRdataBytes(strings);
}
