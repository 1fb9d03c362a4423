/**
 * Character data of one element: decoding references and CDATA while keeping a map from every
 * decoded character back to its byte offset, and escaping text for insertion.
 */
import { XmlSyntaxError } from './scan.js';

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

/**
 * Decodes `raw.slice(from, to)` (an element's content, already checked well-formed). Throws
 * {@link XmlSyntaxError} when the content holds markup (child elements, comments, PIs).
 */
export function decodeContent(raw: string, from: number, to: number): DecodedText {
  const chars: string[] = [];
  const offsets: number[] = [];
  const cdata: number[] = [];
  let p = from;
  while (p < to) {
    const c = raw.charCodeAt(p);
    if (c === 38 /* & */) {
      const semi = raw.indexOf(';', p);
      const ref = raw.slice(p + 1, semi);
      let ch: string;
      if (ref.startsWith('#x')) ch = String.fromCodePoint(parseInt(ref.slice(2), 16));
      else if (ref.startsWith('#')) ch = String.fromCodePoint(parseInt(ref.slice(1), 10));
      else ch = NAMED[ref] ?? '';
      for (const unit of ch) {
        chars.push(unit);
        offsets.push(p);
        cdata.push(0);
      }
      p = semi + 1;
    } else if (c === 60 /* < */) {
      if (raw.startsWith('<![CDATA[', p)) {
        const close = raw.indexOf(']]>', p + 9);
        for (let q = p + 9; q < close; q++) {
          chars.push(raw[q]!);
          offsets.push(q);
          cdata.push(1);
        }
        p = close + 3;
      } else {
        throw new XmlSyntaxError('expected text only, found markup', p, 'esa-hat-markup');
      }
    } else {
      chars.push(raw[p]!);
      offsets.push(p);
      cdata.push(0);
      p++;
    }
  }
  offsets.push(to);
  // Where the text ends inside a CDATA section, insertions at the very end belong in it.
  const last = cdata.length ? cdata[cdata.length - 1]! : 0;
  if (last && raw.startsWith(']]>', to - 3)) offsets[offsets.length - 1] = to - 3;
  cdata.push(last);
  return { text: chars.join(''), offsets: Int32Array.from(offsets), inCdata: Uint8Array.from(cdata) };
}

/** Escapes text for element content. Non-ASCII characters become character references. */
export function escapeText(s: string): string {
  return s.replace(/[&<>]|[^\x00-\x7F]/g, (ch) =>
    ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : `&#${ch.codePointAt(0)};`,
  );
}

/** Text for a CDATA section: raw, except the one sequence CDATA cannot hold. */
export function escapeCdata(s: string): string {
  return s.replace(/]]>/g, ']]]]><![CDATA[>').replace(/[^\x00-\x7F]/g, (ch) => `]]>&#${ch.codePointAt(0)};<![CDATA[`);
}

/** Decodes the five predefined entities and character references of an attribute-free text. */
export function unescapeText(s: string): string {
  return s.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z]+);/g, (m, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    return NAMED[ref] ?? m;
  });
}

/**
 * Maps edits of decoded element text to edits of the raw document: offsets through the
 * decode map, inserted text escaped for where it lands (CDATA or not).
 */
export function toRawEdits(raw: string, decoded: DecodedText, edits: readonly { offset: number; delete: string; insert: string }[]): { offset: number; delete: string; insert: string }[] {
  const len = decoded.text.length;
  return edits.map((e) => {
    const from = decoded.offsets[e.offset]!;
    const to = decoded.offsets[e.offset + e.delete.length]!;
    const cdata = decoded.inCdata[Math.min(e.offset, len)] === 1;
    return { offset: from, delete: raw.slice(from, to), insert: cdata ? escapeCdata(e.insert) : escapeText(e.insert) };
  });
}
