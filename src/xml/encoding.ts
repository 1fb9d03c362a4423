/** The encoding of a document: which documents are UTF-8, and checking that their bytes are. */
import { xmlError } from './syntax-error.js';
import type { Prolog } from './prolog.js';

/** The document is UTF-8: it says so, or has a BOM, or no encoding declaration (XML 1.0, 4.3.3). */
export function isUtf8(prolog: Prolog): boolean {
  return prolog.bom || prolog.encoding === null || /^utf-?8$/i.test(prolog.encoding);
}

const NON_ASCII = /[\x80-\xFF]/g;

/**
 * Checks that `text` (bytes as latin1 characters) is valid UTF-8 holding only XML characters:
 * no overlong form, no surrogate, nothing above U+10FFFF, no U+FFFE or U+FFFF. Reads only the
 * bytes above 0x7F and what follows them.
 */
export function checkUtf8(text: string): void {
  NON_ASCII.lastIndex = 0;
  const bad = (at: number) =>
    xmlError(
      'invalid UTF-8 (the file is UTF-8: it says so, or has no encoding declaration): the bytes here are not a UTF-8 character. Re-export the file, or correct its encoding declaration (an ESA export says encoding="ISO-8859-1")',
      at,
      'xml-bad-encoding',
    );
  const cont = (at: number, lo = 0x80, hi = 0xbf) => {
    const c = text.charCodeAt(at);
    return c >= lo && c <= hi;
  };
  for (let m = NON_ASCII.exec(text); m; m = NON_ASCII.exec(text)) {
    const at = m.index;
    const c = text.charCodeAt(at);
    let len: number;
    if (c >= 0xc2 && c <= 0xdf) len = cont(at + 1) ? 2 : 0;
    else if (c === 0xe0) len = cont(at + 1, 0xa0) && cont(at + 2) ? 3 : 0;
    else if (c === 0xed) len = cont(at + 1, 0x80, 0x9f) && cont(at + 2) ? 3 : 0;
    else if (c >= 0xe1 && c <= 0xef) len = cont(at + 1) && cont(at + 2) ? 3 : 0;
    else if (c === 0xf0) len = cont(at + 1, 0x90) && cont(at + 2) && cont(at + 3) ? 4 : 0;
    else if (c >= 0xf1 && c <= 0xf3) len = cont(at + 1) && cont(at + 2) && cont(at + 3) ? 4 : 0;
    else if (c === 0xf4) len = cont(at + 1, 0x80, 0x8f) && cont(at + 2) && cont(at + 3) ? 4 : 0;
    else len = 0;
    if (!len) throw bad(at);
    if (c === 0xef && text.charCodeAt(at + 1) === 0xbf && text.charCodeAt(at + 2) >= 0xbe) {
      throw xmlError(`character U+FFF${text.charCodeAt(at + 2) === 0xbe ? 'E' : 'F'} is not allowed in XML`, at, 'xml-bad-char');
    }
    NON_ASCII.lastIndex = at + len;
  }
}

const UTF8_STRICT = new TextDecoder('utf-8', { fatal: true });

/**
 * Text as a UTF-8 document's decoded content holds it: each character beyond ASCII as its
 * UTF-8 bytes, one character per byte (how esa-patch reads a UTF-8 export). Lone surrogates
 * have no bytes: null.
 */
export function utf8Bytes(text: string): string | null {
  if (!/[^\x00-\x7f]/.test(text)) return text;
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text)) return null;
  let out = '';
  for (const b of new TextEncoder().encode(text)) out += String.fromCharCode(b);
  return out;
}

/**
 * The characters of a UTF-8 document's decoded content (bytes as latin1 characters; a
 * character beyond U+00FF came from a character reference and is kept as it is); null when
 * its bytes are not UTF-8.
 */
export function utf8Text(bytes: string): string | null {
  if (!/[\x80-\xff]/.test(bytes)) return bytes;
  let out = '';
  for (const run of bytes.match(/[\x00-\xff]+|[^\x00-\xff]+/g) ?? []) {
    if (run.charCodeAt(0) > 0xff) out += run;
    else
      try {
        out += UTF8_STRICT.decode(Uint8Array.from(run, (c) => c.charCodeAt(0)));
      } catch {
        return null;
      }
  }
  return out;
}
