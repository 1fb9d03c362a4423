/**
 * Character data of one element: decoding references and CDATA while keeping a map from every
 * decoded character back to its byte offset, and escaping text for insertion.
 */
import { xmlError } from './syntax-error.js';
import { finding, Refused } from '../findings.js';

/** Decoded content of an element that holds only text and CDATA. */
export interface DecodedText {
  /** The text as the appliance reads it. */
  text: string;
  /** `offsets[i]` is the raw offset of decoded character i; `offsets[text.length]` is the end. */
  offsets: Int32Array;
  /** `inCdata[i]` is 1 when decoded character i comes from a CDATA section. */
  inCdata: Uint8Array;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The UTF-8 bytes of code point `cp` (beyond ASCII), one character per byte. */
function utf8BytesOf(cp: number): string {
  const c = String.fromCharCode;
  if (cp < 0x800) return c(0xc0 | (cp >> 6), 0x80 | (cp & 63));
  if (cp < 0x10000) return c(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  return c(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
}

/**
 * Decodes `raw.slice(from, to)` (an element's content, already checked well-formed). Throws
 * a well-formedness {@link Refused} when the content holds markup (child elements, comments, PIs).
 * Linear in the content: runs of plain text are copied as slices, offsets go to typed arrays.
 *
 * `utf8`: the document is UTF-8 (its text is read as latin1, one character per byte). A
 * character reference beyond ASCII then decodes to its UTF-8 bytes, as the same character
 * written out would read: `&#252;` and a raw `ü` are one text (U+00FC alone would be the byte
 * 0xFC, which is no UTF-8 character, shown as U+FFFD and written back as invalid UTF-8).
 */
export function decodeContent(raw: string, from: number, to: number, utf8 = false): DecodedText {
  // Work on the content alone, so that every search stops at its end (a slice shares memory).
  const s = raw.slice(from, to);
  const n = s.length;
  // Decoding never lengthens: a reference is at least 4 bytes for at most 2 UTF-16 units, or
  // (utf8) at least 6, 7 or 8 bytes for the 2, 3 or 4 bytes of its UTF-8 sequence.
  const offsets = new Int32Array(n + 1);
  const cdata = new Uint8Array(n + 1);
  const parts: string[] = [];
  let len = 0;
  let p = 0;
  // Next '&' and '<', searched again only once passed.
  let amp = s.indexOf('&');
  let lt = s.indexOf('<');
  while (p < n) {
    if (amp !== -1 && amp < p) amp = s.indexOf('&', p);
    if (lt !== -1 && lt < p) lt = s.indexOf('<', p);
    const a = amp === -1 ? n : amp;
    const b = lt === -1 ? n : lt;
    const stop = a < b ? a : b;
    if (stop > p) {
      parts.push(stop - p === n ? s : s.slice(p, stop));
      for (let q = p; q < stop; q++) offsets[len++] = from + q;
      p = stop;
      continue;
    }
    if (s.charCodeAt(p) === 38 /* & */) {
      const semi = s.indexOf(';', p);
      const ref = s.slice(p + 1, semi);
      let ch: string;
      if (ref.startsWith('#x')) ch = String.fromCodePoint(parseInt(ref.slice(2), 16));
      else if (ref.startsWith('#')) ch = String.fromCodePoint(parseInt(ref.slice(1), 10));
      else ch = NAMED[ref] ?? '';
      if (utf8 && ch.charCodeAt(0) > 0x7f) ch = utf8BytesOf(ch.codePointAt(0)!);
      parts.push(ch);
      for (let u = 0; u < ch.length; u++) offsets[len++] = from + p;
      p = semi + 1;
    } else if (s.startsWith('<![CDATA[', p)) {
      const close = s.indexOf(']]>', p + 9);
      parts.push(s.slice(p + 9, close));
      for (let q = p + 9; q < close; q++) {
        cdata[len] = 1;
        offsets[len++] = from + q;
      }
      p = close + 3;
    } else {
      throw xmlError('expected text only, found markup', from + p, 'xml-malformed');
    }
  }
  // Where the text ends inside a CDATA section, insertions at the very end belong in it.
  const last = len ? cdata[len - 1]! : 0;
  offsets[len] = last && s.endsWith(']]>') ? to - 3 : to;
  cdata[len] = last;
  const text = parts.length === 1 ? parts[0]! : parts.join('');
  return { text, offsets: len === n ? offsets : offsets.slice(0, len + 1), inCdata: len === n ? cdata : cdata.slice(0, len + 1) };
}

/**
 * Escapes text for element content. Characters beyond ASCII become character references,
 * except, with `keepBytes`, U+0080-U+00FF: text read as latin1 holds the document's own bytes
 * that way (see {@link documentKeepsBytes}), and they go back as they came.
 */
export function escapeText(s: string, keepBytes = false): string {
  return s.replace(/[&<>]|[^\x00-\x7F]/gu, (ch) =>
    ch === '&'
      ? '&amp;'
      : ch === '<'
        ? '&lt;'
        : ch === '>'
          ? '&gt;'
          : keepBytes && ch.charCodeAt(0) <= 0xff
            ? ch
            : `&#${ch.codePointAt(0)};`,
  );
}

/** Text for a CDATA section: raw, except the one sequence CDATA cannot hold (and, as in {@link escapeText}, characters beyond ASCII). */
export function escapeCdata(s: string, keepBytes = false): string {
  return s
    .replace(/]]>/g, ']]]]><![CDATA[>')
    .replace(/[^\x00-\x7F]/gu, (ch) => (keepBytes && ch.charCodeAt(0) <= 0xff ? ch : `]]>&#${ch.codePointAt(0)};<![CDATA[`));
}

/**
 * Whether the document `raw` (read as latin1) is ISO-8859-1 or UTF-8 (declared so, or with a
 * BOM, or without an encoding declaration): then a character U+0080-U+00FF of text decoded from
 * it is one of its own bytes, and writes back as that byte. Moved lines then keep their bytes;
 * in UTF-8, a character reference would turn each byte of a sequence into a character of its
 * own (e, acute: "\xC3\xA9" would come back as "&#195;&#169;").
 */
export function documentKeepsBytes(raw: string): boolean {
  if (raw.startsWith('\xEF\xBB\xBF')) return true;
  const enc = declaredEncoding(raw);
  return enc === null || /^(utf-?8|iso[-_]?8859-1|latin-?1|l1|cp819|ibm819)$/i.test(enc);
}

/** The `encoding` of the document's XML declaration (read as latin1), or null when it declares none. */
export function declaredEncoding(raw: string): string | null {
  const at = raw.startsWith('\xEF\xBB\xBF') ? 3 : 0;
  const decl = /^<\?xml\s[^>]*?\?>/.exec(raw.slice(at, at + 400));
  const enc = decl && /\sencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']/.exec(decl[0]);
  return enc ? enc[1]! : null;
}

/**
 * An edit would move or write text beyond ASCII in a document whose declared encoding
 * esa-patch cannot write (see {@link editsAllowedIn}): the `encoding-unsupported` refusal (exit
 * 3), `at` the offset in the decoded element text of the refused edit. The caller names the
 * listener.
 */
export function encodingUnsupported(encoding: string, offset: number): Refused {
  return new Refused(finding('encoding-unsupported', 'error', { encoding, listener: '' }), offset);
}

/** The encoding of an {@link encodingUnsupported} refusal, or null when `e` is none. */
export function unsupportedEncodingOf(e: unknown): { encoding: string; offset: number } | null {
  if (!(e instanceof Refused) || e.finding.code !== 'encoding-unsupported' || e.at === undefined) return null;
  return { encoding: e.finding.args.encoding, offset: e.at };
}

/**
 * Maps edits of decoded element text to edits of the raw document: offsets through the
 * decode map, inserted text escaped for where it lands (CDATA or not) and for the document's
 * encoding (see {@link documentKeepsBytes}). Throws {@link encodingUnsupported} when an
 * edit would move or write text beyond ASCII in an encoding other than ISO-8859-1, US-ASCII
 * and UTF-8 ({@link editsAllowedIn}).
 */
export function toRawEdits(
  raw: string,
  decoded: DecodedText,
  edits: readonly { offset: number; delete: string; insert: string }[],
): { offset: number; delete: string; insert: string }[] {
  const len = decoded.text.length;
  const keep = documentKeepsBytes(raw);
  // Never write a moved "ą" of an ISO-8859-2 export back as "±": refuse instead.
  const allowed = raw.startsWith('\xEF\xBB\xBF') ? ({ ok: true } as const) : editsAllowedIn(declaredEncoding(raw), edits);
  if (!allowed.ok) throw encodingUnsupported(allowed.encoding, allowed.offset);
  return edits.map((e) => {
    const from = decoded.offsets[e.offset]!;
    const to = decoded.offsets[e.offset + e.delete.length]!;
    const cdata = decoded.inCdata[Math.min(e.offset, len)] === 1;
    return { offset: from, delete: raw.slice(from, to), insert: cdata ? escapeCdata(e.insert, keep) : escapeText(e.insert, keep) };
  });
}

/** Encodings whose non-ASCII text esa-patch can move and write: their bytes or references mean what it reads. */
const WRITABLE_ENCODING =
  /^(utf-?8|iso[-_ ]?8859[-_]1(:1987)?|latin-?1|l1|cp819|ibm819|iso-ir-100|csisolatin1|us-?ascii|ascii|ansi_x3\.4-1968|iso646-us|cp367|ibm367|csascii)$/i;

/**
 * Whether a document declaring `encoding` (null: no declaration, which means UTF-8) can take
 * any edit: ISO-8859-1, US-ASCII and UTF-8 can. In any other encoding, esa-patch reads bytes as
 * ISO-8859-1 and would re-escape a moved "ą" (0xB1 in ISO-8859-2) as "±".
 */
export function encodingTakesAnyText(encoding: string | null): boolean {
  return encoding === null || WRITABLE_ENCODING.test(encoding.trim());
}

/** Outcome of {@link editsAllowedIn}: allowed, or the first edit that would write a non-ASCII character. */
export type EncodingCheck = { ok: true } | { ok: false; encoding: string; index: number; offset: number };

/**
 * Checks edits of decoded text (what `toRawEdits` takes: inserted text not yet escaped) against
 * the document's declared `encoding` (null: none). In ISO-8859-1, US-ASCII and UTF-8 every
 * edit is allowed; in any other encoding, an edit that inserts (writes or moves) a character
 * beyond ASCII is refused, naming the encoding, and edits of pure ASCII text stay allowed.
 * Deleting text is always allowed. Pure; the caller turns a refusal into `encoding-unsupported`.
 */
export function editsAllowedIn(encoding: string | null, edits: readonly { offset: number; insert: string }[]): EncodingCheck {
  if (encodingTakesAnyText(encoding)) return { ok: true };
  for (let i = 0; i < edits.length; i++) {
    if (/[^\x00-\x7F]/.test(edits[i]!.insert)) return { ok: false, encoding: encoding!, index: i, offset: edits[i]!.offset };
  }
  return { ok: true };
}
