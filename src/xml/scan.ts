/**
 * A position-aware, non-validating XML 1.0 well-formedness scanner.
 *
 * It reads the document as a `latin1` string (one character per byte, so every index is a
 * byte offset), checks that it is well-formed, and records every element's span in flat typed
 * arrays. It never expands entities other than the five predefined ones and character
 * references, never fetches anything, and refuses DTD-declared entities.
 *
 * This module is the entry point of the scanner and re-exports the public API of its parts:
 * the prolog (`prolog.ts`), the encoding check (`encoding.ts`), the element table
 * (`elements.ts`, names interned by `names.ts`), character data (`content.ts`) and the error
 * type (`syntax-error.ts`).
 */
import { checkChars, isNameChar, isNameStart, isSpace, matchAt, sameSpan, shown } from './chars.js';
import { checkAttrValue, checkReference, isPredefinedAt } from './content.js';
import { ElementTableBuilder, type ElementTable } from './elements.js';
import { checkUtf8, isUtf8 } from './encoding.js';
import { NameTable } from './names.js';
import { scanDeclaration, scanDoctype, type Prolog } from './prolog.js';
import { xmlError } from './syntax-error.js';

/** Character codes this module tests for (a local const enum, inlined by every compiler). */
const enum C {
  BANG = 33,
  DQUOTE = 34,
  SQUOTE = 39,
  SLASH = 47,
  EQ = 61,
  GT = 62,
  QUESTION = 63,
}

export { xmlError, xmlErrorDetail } from './syntax-error.js';
export type { ElementTable } from './elements.js';
export type { Prolog } from './prolog.js';
export { isUtf8 } from './encoding.js';
export { scanTextContent } from './content.js';

/** Result of {@link scanXml}. */
export interface ScannedXml {
  elements: ElementTable;
  prolog: Prolog;
}

/** Deepest nesting of elements accepted (libxml2 refuses deeper documents by default). */
export const MAX_DEPTH = 256;

/** Attribute names of one tag compared in place before a set takes over. */
const ATTR_SPANS = 16;
const attrSpans = new Int32Array(2 * ATTR_SPANS);

/**
 * Checks that `text` (a whole document decoded as latin1) is well-formed XML and returns its
 * element spans and prolog. Throws a {@link xmlError} refusal at the first error.
 */
export function scanXml(text: string): ScannedXml {
  checkChars(text);
  const n = text.length;
  // Dense exports average about 64 bytes per element: start at half that density, so that a
  // dense file grows the table once and a sparse one wastes little.
  const table = new ElementTableBuilder(text.length / 128);
  const prolog: Prolog = { bom: false, encoding: null, doctype: null, comments: [] };
  const nameTable = new NameTable();
  let pos = scanDeclaration(text, prolog);
  if (isUtf8(prolog)) checkUtf8(text);

  let depth = 0;
  let current = -1;
  let rootSeen = false;
  let rootDone = false;
  // The last tag: 0 before any, 2*id+1 after a start tag of name id, 2*id+2 after an end tag.
  let event = 0;
  // Cached next occurrences, so that checking text segments stays linear.
  let nextAmp = -2;
  let nextCdEnd = -2;

  const checkText = (from: number, to: number) => {
    if (nextAmp !== -1 && nextAmp < from) nextAmp = text.indexOf('&', from);
    while (nextAmp !== -1 && nextAmp < to) {
      const semi = text.indexOf(';', nextAmp);
      if (semi < 0 || semi > to || semi - nextAmp > 40) {
        throw xmlError("'&' must start an entity or character reference (write &amp;)", nextAmp, 'xml-bad-reference');
      }
      if (!isPredefinedAt(text, nextAmp + 1, semi)) checkReference(text.slice(nextAmp + 1, semi), nextAmp);
      nextAmp = text.indexOf('&', semi);
    }
    if (nextCdEnd !== -1 && nextCdEnd < from) nextCdEnd = text.indexOf(']]>', from);
    if (nextCdEnd !== -1 && nextCdEnd < to) {
      throw xmlError("']]>' is not allowed in text outside a CDATA section", nextCdEnd);
    }
  };

  const readName = (from: number): number => {
    if (!isNameStart(text.charCodeAt(from))) return from;
    let p = from + 1;
    while (p < n && isNameChar(text.charCodeAt(p))) p++;
    return p;
  };

  const skipSpace = (p: number): number => {
    while (p < n && isSpace(text.charCodeAt(p))) p++;
    return p;
  };

  while (pos < n) {
    const lt = text.indexOf('<', pos);
    const segEnd = lt < 0 ? n : lt;
    if (segEnd > pos) {
      if (depth === 0) {
        for (let p = pos; p < segEnd; p++) {
          if (!isSpace(text.charCodeAt(p))) {
            throw xmlError(
              rootDone ? 'text after the root element' : 'text before the root element',
              p,
              rootDone ? 'xml-junk-after-root' : 'xml-malformed',
            );
          }
        }
      } else {
        checkText(pos, segEnd);
      }
    }
    if (lt < 0) break;
    const c1 = text.charCodeAt(lt + 1);
    if (c1 === C.BANG) {
      if (text.startsWith('<!--', lt)) {
        const close = text.indexOf('--', lt + 4);
        if (close < 0) throw xmlError('unclosed comment', lt);
        if (text.charCodeAt(close + 2) !== C.GT) throw xmlError("'--' is not allowed inside a comment", close);
        if (!rootSeen) prolog.comments.push({ start: lt + 4, end: close });
        pos = close + 3;
      } else if (text.startsWith('<![CDATA[', lt)) {
        if (depth === 0) throw xmlError('CDATA section outside the root element', lt);
        const close = text.indexOf(']]>', lt + 9);
        if (close < 0) throw xmlError('unclosed CDATA section', lt);
        pos = close + 3;
      } else if (text.startsWith('<!DOCTYPE', lt)) {
        if (rootSeen || prolog.doctype) throw xmlError('DOCTYPE is only allowed once, before the root element', lt);
        pos = scanDoctype(text, lt, prolog);
      } else {
        throw xmlError("unknown markup after '<!'", lt);
      }
    } else if (c1 === C.QUESTION) {
      const close = text.indexOf('?>', lt + 2);
      if (close < 0) throw xmlError('unclosed processing instruction', lt);
      const targetEnd = readName(lt + 2);
      const target = text.slice(lt + 2, targetEnd);
      if (target === '') throw xmlError('processing instruction without a target', lt);
      if (targetEnd !== close && !isSpace(text.charCodeAt(targetEnd)))
        throw xmlError(`malformed processing instruction <?${shown(target)}`, targetEnd);
      if (target.toLowerCase() === 'xml') throw xmlError('XML declaration is only allowed at the very start of the file', lt);
      pos = close + 2;
    } else if (c1 === C.SLASH) {
      // The usual case first: the end tag repeats the open element's name.
      const openId = current >= 0 ? table.nameId[current]! : -1;
      const open = openId >= 0 ? nameTable.names[openId]! : '';
      let nameEnd = lt + 2 + open.length;
      if (openId < 0 || !matchAt(text, nameTable.codes[openId]!, lt + 2) || isNameChar(text.charCodeAt(nameEnd))) {
        nameEnd = readName(lt + 2);
        const name = text.slice(lt + 2, nameEnd);
        if (name === '') throw xmlError('malformed end tag', lt);
        if (text.charCodeAt(skipSpace(nameEnd)) !== C.GT) throw xmlError(`malformed end tag </${shown(name)}>`, lt);
        if (current < 0) throw xmlError(`end tag </${shown(name)}> without a start tag`, lt);
        throw xmlError(
          `end tag </${shown(name)}> does not match <${shown(open)}> (opened at offset ${table.start[current]})`,
          lt,
          'xml-mismatched-tag',
        );
      }
      const gt = skipSpace(nameEnd);
      if (text.charCodeAt(gt) !== C.GT) throw xmlError(`malformed end tag </${shown(open)}>`, lt);
      event = openId * 2 + 2;
      table.closeStart[current] = lt;
      table.end[current] = gt + 1;
      current = table.parent[current]!;
      depth--;
      if (depth === 0) rootDone = true;
      pos = gt + 1;
    } else {
      // The usual case first: the name that followed the previous tag last time.
      let nameId = nameTable.predict(event, text, lt + 1);
      let nameEnd = nameId >= 0 ? lt + 1 + nameTable.codes[nameId]!.length : -1;
      if (nameId < 0 || isNameChar(text.charCodeAt(nameEnd))) {
        nameEnd = readName(lt + 1);
        if (nameEnd === lt + 1) throw xmlError("'<' must start a tag (write &lt; in text)", lt);
        nameId = nameTable.intern(text, lt + 1, nameEnd);
        nameTable.learn(event, nameId);
      }
      event = nameId * 2 + 1;
      if (rootDone) throw xmlError('a second root element', lt, 'xml-junk-after-root');
      const name = nameTable.names[nameId]!;
      let p = nameEnd;
      let attrCount = 0;
      let manyAttrs: Set<string> | null = null;
      for (;;) {
        const before = p;
        p = skipSpace(p);
        const c = text.charCodeAt(p);
        if (c === C.GT || c === C.SLASH) break;
        if (p >= n) throw xmlError(`unclosed start tag <${shown(name)}`, lt);
        if (p === before) throw xmlError(`malformed start tag <${shown(name)}`, p);
        const an = readName(p);
        if (an === p) throw xmlError(`malformed attribute in <${shown(name)}>`, p);
        // Duplicates: the first few names compared in place (no allocation), then a set (so
        // that a tag with thousands of attributes stays linear).
        if (attrCount < ATTR_SPANS) {
          for (let k = 0; k < attrCount; k++) {
            if (sameSpan(text, attrSpans[2 * k]!, attrSpans[2 * k + 1]!, p, an))
              throw xmlError(`duplicate attribute ${shown(text.slice(p, an))} in <${shown(name)}>`, p);
          }
          attrSpans[2 * attrCount] = p;
          attrSpans[2 * attrCount + 1] = an;
        } else {
          if (!manyAttrs) {
            manyAttrs = new Set();
            for (let k = 0; k < ATTR_SPANS; k++) manyAttrs.add(text.slice(attrSpans[2 * k]!, attrSpans[2 * k + 1]!));
          }
          const attr = text.slice(p, an);
          if (manyAttrs.has(attr)) throw xmlError(`duplicate attribute ${shown(attr)} in <${shown(name)}>`, p);
          manyAttrs.add(attr);
        }
        attrCount++;
        const attrAt = p;
        p = skipSpace(an);
        if (text.charCodeAt(p) !== C.EQ) throw xmlError(`attribute ${shown(text.slice(attrAt, an))} without a value`, p);
        p = skipSpace(p + 1);
        const q = text.charCodeAt(p);
        if (q !== C.DQUOTE && q !== C.SQUOTE) throw xmlError(`attribute ${shown(text.slice(attrAt, an))} value must be quoted`, p);
        const close = text.indexOf(q === C.DQUOTE ? '"' : "'", p + 1);
        if (close < 0) throw xmlError(`unclosed attribute value`, p);
        checkAttrValue(text, p + 1, close, checkReference);
        p = close + 1;
      }
      const selfClosing = text.charCodeAt(p) === C.SLASH;
      if (selfClosing && text.charCodeAt(p + 1) !== C.GT) throw xmlError(`malformed start tag <${shown(name)}`, p);
      const gtPos = selfClosing ? p + 1 : p;
      const idx = table.add(nameId, lt, current);
      table.openEnd[idx] = gtPos + 1;
      rootSeen = true;
      if (selfClosing) {
        table.closeStart[idx] = gtPos + 1;
        table.end[idx] = gtPos + 1;
        if (depth === 0) rootDone = true;
      } else {
        current = idx;
        if (++depth > MAX_DEPTH) {
          throw xmlError(
            `elements nest more than ${MAX_DEPTH} levels deep here; an ESA export nests a few levels, and XML parsers such as libxml2 refuse such depth: the file is damaged, or not an ESA configuration export`,
            lt,
            'xml-too-deep',
          );
        }
      }
      pos = gtPos + 1;
    }
  }
  if (depth > 0) {
    const open = nameTable.names[table.nameId[current]!]!;
    throw xmlError(`unexpected end of file: <${shown(open)}> is not closed (the file may be truncated)`, n, 'xml-truncated');
  }
  if (!rootSeen) throw xmlError('no root element', n, 'xml-no-root');
  return { elements: table.freeze(nameTable.names), prolog };
}
