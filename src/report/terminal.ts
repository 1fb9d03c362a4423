/**
 * Text for a terminal. Strings from an export may hold any byte: shown raw, an escape sequence
 * in a listener name could rewrite the screen. Everything the CLI prints passes here.
 * (Minimal version; the "inputs" work provides the full one with the same signatures.)
 */

/**
 * `text` with every control character a terminal would act on made visible (`\x1b` becomes
 * `^[`, C1 controls `<U+009B>`), keeping newlines, tabs and the CR of a CRLF line end.
 */
export function safeForTerminal(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const n = c.charCodeAt(0);
    if (n < 0x20) return `^${String.fromCharCode(n + 0x40)}`;
    if (n === 0x7f) return '^?';
    return `<U+${n.toString(16).toUpperCase().padStart(4, '0')}>`;
  });
}

/**
 * A string read from an export (one character per byte) as its characters: ISO-8859-1 bytes
 * are their code points already; a UTF-8 export's bytes are decoded (invalid bytes stay as
 * they are).
 */
export function decodeForTerminal(latin1Text: string, encoding: string | null): string {
  if (!/[\u0080-\u00ff]/.test(latin1Text) || /[^\u0000-\u00ff]/.test(latin1Text)) return latin1Text;
  if (encoding !== null && !/^utf-?8$/i.test(encoding)) return latin1Text;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(latin1Text, 'latin1'));
  } catch {
    return latin1Text;
  }
}
