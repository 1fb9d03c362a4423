/** The encoding of a document: which documents are UTF-8, and checking that their bytes are. */
import { XmlSyntaxError } from './syntax-error.js';
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
    new XmlSyntaxError(
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
      throw new XmlSyntaxError(`character U+FFF${text.charCodeAt(at + 2) === 0xbe ? 'E' : 'F'} is not allowed in XML`, at, 'xml-bad-char');
    }
    NON_ASCII.lastIndex = at + len;
  }
}
