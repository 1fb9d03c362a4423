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
