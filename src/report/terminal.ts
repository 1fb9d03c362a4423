/**
 * Text made safe for a terminal. Whatever an export, an artefact or a DNS answer holds (escape
 * sequences that set the window title, write the clipboard with OSC 52 or clear the screen;
 * carriage returns that forge lines; bidi overrides that reorder what is shown) reaches the
 * terminal as a visible escape such as `\x1b` or `\u202e`, never as the control itself.
 */

/** Characters that never reach a terminal as themselves: C0 (tab and newline excepted), DEL, C1, bidi embeddings, overrides and isolates, line and paragraph separators. */
const UNSAFE = /[\x00-\x08\x0B-\x1F\x7F-\x9F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

function escapeChar(ch: string): string {
  const c = ch.charCodeAt(0);
  return c <= 0xff ? `\\x${c.toString(16).padStart(2, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`;
}

/**
 * Replaces every control character (C0 except tab and newline, DEL, C1) and every bidi
 * control (U+202A-U+202E, U+2066-U+2069, U+200E/F, U+061C) and U+2028/U+2029 in decoded `text`
 * with a visible escape: ESC becomes `\x1b`, RIGHT-TO-LEFT OVERRIDE `\u202e`. Everything else is
 * kept. Apply it to text (already decoded), not to bytes; see {@link decodeForTerminal}.
 */
export function safeForTerminal(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

/**
 * One field (a hostname, a listener name, a member, a file name) made to stay on its line: a
 * line feed, carriage return or NEL inside it becomes `\n`, `\r`, `\x85`, so a value such as
 * `gw&#10;esa1.xml: nothing to do` can never forge a line of a report. The output's own line
 * breaks are the report's; a field never brings one.
 */
export function oneLine(field: string): string {
  return field.replace(/[\n\r\x85]/g, (ch) => (ch === '\n' ? '\\n' : ch === '\r' ? '\\r' : '\\x85'));
}

const LATIN1 = /^(iso[-_ ]?8859[-_]1(:1987)?|latin-?1|l1|cp819|ibm819|iso-ir-100|csisolatin1)$/i;
const ASCII = /^(us-?ascii|ascii|ansi_x3\.4-1968|iso646-us|cp367|ibm367|csascii)$/i;
const UTF8 = /^utf-?8$/i;
const CP1252 = /^(windows-1252|cp1252|x-cp1252)$/i;
/** windows-1252's 0x80-0x9F (0: no character there). Node 20's TextDecoder reads windows-1252 as ISO-8859-1. */
const CP1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0, 0, 0x2018, 0x2019,
  0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

/**
 * Decodes text taken from an export (a latin1 string: one character per byte) in the export's
 * own `encoding` (its XML declaration's; null: none, which means UTF-8). ISO-8859-1 bytes are
 * their code points; UTF-8 bytes are decoded (an invalid sequence becomes U+FFFD); US-ASCII and
 * any other encoding Node knows are decoded by it; a byte no decoder can read becomes `\xNN`.
 * Characters above U+00FF (text already decoded, e.g. from a character reference) are kept as
 * they are, never truncated to a byte. The result is Unicode text, not yet safe for a terminal.
 */
export function decodeExportText(latin1Text: string, encoding: string | null): string {
  const enc = encoding?.trim() ?? null;
  let decode: (bytes: string) => string;
  if (enc === null || UTF8.test(enc)) {
    decode = (bytes) => Buffer.from(bytes, 'latin1').toString('utf8');
  } else if (LATIN1.test(enc)) {
    return latin1Text;
  } else if (CP1252.test(enc)) {
    decode = (bytes) =>
      bytes.replace(/[\x80-\x9F]/g, (ch) => {
        const cp = CP1252_HIGH[ch.charCodeAt(0) - 0x80]!;
        return cp ? String.fromCharCode(cp) : escapeChar(ch);
      });
  } else {
    let decoder: TextDecoder | null = null;
    if (!ASCII.test(enc)) {
      try {
        decoder = new TextDecoder(enc);
      } catch {
        decoder = null;
      }
    }
    decode = decoder ? (bytes) => decoder.decode(Buffer.from(bytes, 'latin1')) : (bytes) => bytes.replace(/[\x80-\xFF]/g, escapeChar);
  }
  // Runs of bytes are decoded; characters above U+00FF pass through.
  return latin1Text.replace(/[\x00-\xFF]+/g, (run) => (/^[\x00-\x7F]*$/.test(run) ? run : decode(run)));
}

/**
 * {@link decodeExportText}, then made safe with {@link safeForTerminal}.
 */
export function decodeForTerminal(latin1Text: string, encoding: string | null): string {
  return safeForTerminal(decodeExportText(latin1Text, encoding));
}

/**
 * Every string inside `value` (objects and arrays, walked; other values kept) decoded from the
 * export's `encoding` with {@link decodeExportText}: what diff and trace hand their JSON, HTML
 * and text, so `Grüezi` reads the same from an ISO-8859-1 and a UTF-8 export.
 */
export function decodeExportStrings<T>(value: T, encoding: string | null): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return decodeExportText(v, encoding);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = Object.create(Object.getPrototypeOf(v) === null ? null : Object.prototype);
      for (const [k, x] of Object.entries(v)) out[decodeExportText(k, encoding)] = walk(x);
      return out;
    }
    return v;
  };
  return walk(value) as T;
}

/**
 * A name given on the command line (Unicode) as an export in `encoding` holds it: its bytes in
 * that encoding, one character per byte. A name the encoding cannot hold becomes its UTF-8
 * bytes, which can then match nothing an ISO-8859-1 export holds.
 */
export function encodeForExport(name: string, encoding: string | null): string {
  const enc = encoding?.trim() ?? null;
  if (enc !== null && (LATIN1.test(enc) || ASCII.test(enc)) && /^[\x00-\xFF]*$/.test(name)) return name;
  return Buffer.from(name, 'utf8').toString('latin1');
}

/**
 * The UTF-8 bytes of `text`, as a latin1 string (one character per byte): how a writer that
 * writes strings as latin1 (the CLI's `io.out`) emits UTF-8. JSON goes out this way, so that
 * it is always valid UTF-8.
 */
export function utf8Bytes(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

/** Text for a UTF-8 terminal through a latin1 writer: {@link safeForTerminal}, then {@link utf8Bytes}. */
export function terminalBytes(text: string): string {
  return utf8Bytes(safeForTerminal(text));
}

const NON_ASCII = /[^\x00-\x7F]/g;
const u4 = (ch: string) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * Text that reads the same through any writer (latin1 or UTF-8): {@link safeForTerminal}, then
 * every character beyond ASCII as `\uXXXX`. For output that is ASCII by nature (SPF records,
 * domain names), where a latin1 writer must never cut U+011B down to ESC.
 */
export function asciiForTerminal(text: string): string {
  return safeForTerminal(text).replace(NON_ASCII, u4);
}

/**
 * A JSON text with every character beyond ASCII written as a `\uXXXX` escape: the same JSON
 * value, valid UTF-8 whatever writer emits it (lone surrogates included).
 */
export function asciiJson(json: string): string {
  return json.replace(NON_ASCII, u4);
}
