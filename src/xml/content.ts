/**
 * Character data checks: references (the five predefined entities and character references,
 * nothing else), attribute values, and the content of an element that holds text only.
 */
import { checkChars, shown } from './chars.js';
import { checkUtf8 } from './encoding.js';
import { xmlError } from './syntax-error.js';

/** Character codes this module tests for (a local const enum, inlined by every compiler). */
const enum C {
  AMP = 38,
  SEMI = 59,
  LT = 60,
}

const PREDEFINED = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/** `text[from..to)` is one of amp, lt, gt, quot, apos (the common case, checked without allocating). */
export function isPredefinedAt(text: string, from: number, to: number): boolean {
  const c0 = text.charCodeAt(from);
  switch (to - from) {
    case 2:
      return (c0 === 108 /* l */ || c0 === 103) /* g */ && text.charCodeAt(from + 1) === 116 /* t */;
    case 3:
      return c0 === 97 /* a */ && text.charCodeAt(from + 1) === 109 /* m */ && text.charCodeAt(from + 2) === 112 /* p */;
    case 4:
      return c0 === 113 /* q */
        ? text.charCodeAt(from + 1) === 117 && text.charCodeAt(from + 2) === 111 && text.charCodeAt(from + 3) === 116 /* uot */
        : c0 === 97 /* a */ &&
            text.charCodeAt(from + 1) === 112 &&
            text.charCodeAt(from + 2) === 111 &&
            text.charCodeAt(from + 3) === 115 /* pos */;
    default:
      return false;
  }
}

/** Checks the reference `&ref;` found at offset `at`: a valid character or one of the five predefined entities. */
export function checkReference(ref: string, at: number): void {
  if (ref.charCodeAt(0) === 35) {
    const code = /^#x[0-9A-Fa-f]{1,6}$/.test(ref)
      ? parseInt(ref.slice(2), 16)
      : /^#[0-9]{1,7}$/.test(ref)
        ? parseInt(ref.slice(1), 10)
        : -1;
    const ok =
      code === 9 ||
      code === 10 ||
      code === 13 ||
      (code >= 0x20 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      (code >= 0x10000 && code <= 0x10ffff);
    if (!ok) throw xmlError(`invalid character reference &${shown(ref)};`, at, 'xml-bad-reference');
    return;
  }
  if (!PREDEFINED.has(ref)) {
    if (/^[A-Za-z_:\xC0-\xFF][A-Za-z0-9._:\-\xB7\xC0-\xFF]*$/.test(ref)) {
      throw xmlError(
        `undefined entity &${shown(ref)}; (only &amp; &lt; &gt; &quot; &apos; and character references are allowed; an ESA export declares no entities)`,
        at,
        'xml-undefined-entity',
      );
    }
    throw xmlError(`malformed reference &${shown(ref)};`, at, 'xml-bad-reference');
  }
}

/**
 * Checks an attribute value (`text[from..to)`): no '<', every '&' starts a reference. Reads
 * only the value itself, so the cost of all attributes together stays linear in the file.
 */
export function checkAttrValue(text: string, from: number, to: number, check: (ref: string, at: number) => void): void {
  for (let a = from; a < to; a++) {
    const c = text.charCodeAt(a);
    if (c === C.LT) throw xmlError("'<' is not allowed in an attribute value", a);
    if (c !== C.AMP) continue;
    let semi = a + 1;
    while (semi < to && text.charCodeAt(semi) !== C.SEMI) semi++;
    if (semi >= to) throw xmlError("'&' must start an entity or character reference", a, 'xml-bad-reference');
    if (!isPredefinedAt(text, a + 1, semi)) check(text.slice(a + 1, semi), a);
    a = semi;
  }
}

/**
 * Checks that `raw` is well-formed element content that holds character data only: text
 * (with references) and CDATA sections; no element, comment or processing instruction. Used
 * to re-check the content of an element after editing it; with `utf8`, its bytes must be UTF-8
 * too. Offsets in errors are into `raw`.
 */
export function scanTextContent(raw: string, options: { utf8?: boolean } = {}): void {
  if (options.utf8) checkUtf8(raw);
  checkChars(raw);
  let pos = 0;
  const n = raw.length;
  // Next occurrences, searched again only once passed: linear however many sections.
  let amp = raw.indexOf('&');
  let cdEnd = raw.indexOf(']]>');
  while (pos < n) {
    const lt = raw.indexOf('<', pos);
    const end = lt < 0 ? n : lt;
    if (amp !== -1 && amp < pos) amp = raw.indexOf('&', pos);
    while (amp !== -1 && amp < end) {
      const semi = raw.indexOf(';', amp);
      if (semi < 0 || semi > end || semi - amp > 40)
        throw xmlError("'&' must start an entity or character reference (write &amp;)", amp, 'xml-bad-reference');
      if (!isPredefinedAt(raw, amp + 1, semi)) checkReference(raw.slice(amp + 1, semi), amp);
      amp = raw.indexOf('&', semi);
    }
    if (cdEnd !== -1 && cdEnd < pos) cdEnd = raw.indexOf(']]>', pos);
    if (cdEnd !== -1 && cdEnd < end) throw xmlError("']]>' is not allowed in text outside a CDATA section", cdEnd);
    if (lt < 0) break;
    if (!raw.startsWith('<![CDATA[', lt)) throw xmlError('expected text only, found markup', lt, 'xml-malformed');
    const close = raw.indexOf(']]>', lt + 9);
    if (close < 0) throw xmlError('unclosed CDATA section', lt);
    pos = close + 3;
  }
}
