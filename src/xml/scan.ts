/**
 * A position-aware, non-validating XML 1.0 well-formedness scanner.
 *
 * It reads the document as a `latin1` string (one character per byte, so every index is a
 * byte offset), checks that it is well-formed, and records every element's span in flat typed
 * arrays. It never expands entities other than the five predefined ones and character
 * references, never fetches anything, and refuses DTD-declared entities.
 */

/** A well-formedness error at a byte offset. */
export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly code: string = 'xml-malformed',
  ) {
    super(message);
    this.name = 'XmlSyntaxError';
  }
}

/** Element spans of a scanned document, in document order (index 0 is the root). */
export interface ElementTable {
  /** Number of elements. */
  count: number;
  /** Offset of `<` of the start tag. */
  start: Int32Array;
  /** Offset just past `>` of the start tag. */
  openEnd: Int32Array;
  /** Offset of `<` of the end tag (equals openEnd for an empty-element tag). */
  closeStart: Int32Array;
  /** Offset just past `>` of the end tag (or of the empty-element tag). */
  end: Int32Array;
  /** Index of the parent element, -1 for the root. */
  parent: Int32Array;
  /** Index into `names`. */
  nameId: Int32Array;
  /** Interned element names. */
  names: string[];
}

/** The document's prolog, as found. */
export interface Prolog {
  /** A UTF-8 byte order mark (EF BB BF) starts the file. */
  bom: boolean;
  /** The `encoding` of the XML declaration, if any. */
  encoding: string | null;
  /** Offset range of the DOCTYPE declaration, if any. */
  doctype: { start: number; end: number; name: string } | null;
  /** Comments before the root element, as offset ranges of their content. */
  comments: { start: number; end: number }[];
}

/** Result of {@link scanXml}. */
export interface ScannedXml {
  elements: ElementTable;
  prolog: Prolog;
}

const enum C {
  TAB = 9,
  LF = 10,
  CR = 13,
  SPACE = 32,
  BANG = 33,
  DQUOTE = 34,
  AMP = 38,
  SQUOTE = 39,
  DASH = 45,
  SLASH = 47,
  SEMI = 59,
  LT = 60,
  EQ = 61,
  GT = 62,
  QUESTION = 63,
  RBRACKET = 93,
}

const FORBIDDEN_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F]/;
const PREDEFINED = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

function isSpace(c: number): boolean {
  return c === C.SPACE || c === C.LF || c === C.TAB || c === C.CR;
}

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58 || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7);
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46 || c === 0xb7;
}

class Table {
  count = 0;
  cap = 1024;
  start = new Int32Array(this.cap);
  openEnd = new Int32Array(this.cap);
  closeStart = new Int32Array(this.cap);
  end = new Int32Array(this.cap);
  parent = new Int32Array(this.cap);
  nameId = new Int32Array(this.cap);
  names: string[] = [];
  ids = new Map<string, number>();

  add(name: string, start: number, parent: number): number {
    if (this.count === this.cap) this.grow();
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(name);
      this.ids.set(name, id);
    }
    const i = this.count++;
    this.start[i] = start;
    this.parent[i] = parent;
    this.nameId[i] = id;
    return i;
  }

  private grow(): void {
    this.cap *= 2;
    const g = (a: Int32Array) => {
      const b = new Int32Array(this.cap);
      b.set(a);
      return b;
    };
    this.start = g(this.start);
    this.openEnd = g(this.openEnd);
    this.closeStart = g(this.closeStart);
    this.end = g(this.end);
    this.parent = g(this.parent);
    this.nameId = g(this.nameId);
  }

  freeze(): ElementTable {
    const n = this.count;
    return {
      count: n,
      start: this.start.subarray(0, n),
      openEnd: this.openEnd.subarray(0, n),
      closeStart: this.closeStart.subarray(0, n),
      end: this.end.subarray(0, n),
      parent: this.parent.subarray(0, n),
      nameId: this.nameId.subarray(0, n),
      names: this.names,
    };
  }
}

/**
 * Checks that `text` (a whole document decoded as latin1) is well-formed XML and returns its
 * element spans and prolog. Throws {@link XmlSyntaxError} at the first error.
 */
export function scanXml(text: string): ScannedXml {
  const forbidden = FORBIDDEN_CHAR.exec(text);
  if (forbidden) {
    const c = text.charCodeAt(forbidden.index);
    throw new XmlSyntaxError(
      `control character U+${c.toString(16).padStart(4, '0').toUpperCase()} is not allowed in XML`,
      forbidden.index,
      'xml-bad-char',
    );
  }
  const n = text.length;
  const table = new Table();
  const prolog: Prolog = { bom: false, encoding: null, doctype: null, comments: [] };
  let pos = 0;
  if (text.startsWith('\xEF\xBB\xBF')) {
    prolog.bom = true;
    pos = 3;
  }
  if (text.startsWith('<?xml', pos) && isSpace(text.charCodeAt(pos + 5))) {
    const close = text.indexOf('?>', pos);
    if (close < 0) throw new XmlSyntaxError('unclosed XML declaration', pos);
    const decl = text.slice(pos, close);
    if (!/^<\?xml\s+version\s*=\s*(["'])1\.[0-9]+\1/.test(decl)) {
      throw new XmlSyntaxError('XML declaration without a valid version', pos);
    }
    const enc = /\sencoding\s*=\s*(["'])([A-Za-z][A-Za-z0-9._-]*)\1/.exec(decl);
    prolog.encoding = enc ? enc[2]! : null;
    pos = close + 2;
  }

  let depth = 0;
  let current = -1;
  let rootSeen = false;
  let rootDone = false;
  // Cached next occurrences, so that checking text segments stays linear.
  let nextAmp = -2;
  let nextCdEnd = -2;

  const checkText = (from: number, to: number) => {
    if (nextAmp !== -1 && nextAmp < from) nextAmp = text.indexOf('&', from);
    while (nextAmp !== -1 && nextAmp < to) {
      const semi = text.indexOf(';', nextAmp);
      if (semi < 0 || semi > to || semi - nextAmp > 40) {
        throw new XmlSyntaxError("'&' must start an entity or character reference (write &amp;)", nextAmp, 'xml-bad-reference');
      }
      checkReference(text.slice(nextAmp + 1, semi), nextAmp);
      nextAmp = text.indexOf('&', semi);
    }
    if (nextCdEnd !== -1 && nextCdEnd < from) nextCdEnd = text.indexOf(']]>', from);
    if (nextCdEnd !== -1 && nextCdEnd < to) {
      throw new XmlSyntaxError("']]>' is not allowed in text outside a CDATA section", nextCdEnd);
    }
  };

  const checkReference = (ref: string, at: number) => {
    if (ref.charCodeAt(0) === 35) {
      const code = /^#x[0-9A-Fa-f]{1,6}$/.test(ref)
        ? parseInt(ref.slice(2), 16)
        : /^#[0-9]{1,7}$/.test(ref)
          ? parseInt(ref.slice(1), 10)
          : -1;
      const ok =
        code === 9 || code === 10 || code === 13 || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
      if (!ok) throw new XmlSyntaxError(`invalid character reference &${ref};`, at, 'xml-bad-reference');
      return;
    }
    if (!PREDEFINED.has(ref)) {
      if (/^[A-Za-z_:\xC0-\xFF][A-Za-z0-9._:\-\xB7\xC0-\xFF]*$/.test(ref)) {
        throw new XmlSyntaxError(
          `undefined entity &${ref}; (only &amp; &lt; &gt; &quot; &apos; and character references are allowed; an ESA export declares no entities)`,
          at,
          'xml-undefined-entity',
        );
      }
      throw new XmlSyntaxError(`malformed reference &${ref};`, at, 'xml-bad-reference');
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
            throw new XmlSyntaxError(
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
        if (close < 0) throw new XmlSyntaxError('unclosed comment', lt);
        if (text.charCodeAt(close + 2) !== C.GT) throw new XmlSyntaxError("'--' is not allowed inside a comment", close);
        if (!rootSeen) prolog.comments.push({ start: lt + 4, end: close });
        pos = close + 3;
      } else if (text.startsWith('<![CDATA[', lt)) {
        if (depth === 0) throw new XmlSyntaxError('CDATA section outside the root element', lt);
        const close = text.indexOf(']]>', lt + 9);
        if (close < 0) throw new XmlSyntaxError('unclosed CDATA section', lt);
        pos = close + 3;
      } else if (text.startsWith('<!DOCTYPE', lt)) {
        if (rootSeen || prolog.doctype) throw new XmlSyntaxError('DOCTYPE is only allowed once, before the root element', lt);
        pos = scanDoctype(text, lt, prolog);
      } else {
        throw new XmlSyntaxError("unknown markup after '<!'", lt);
      }
    } else if (c1 === C.QUESTION) {
      const close = text.indexOf('?>', lt + 2);
      if (close < 0) throw new XmlSyntaxError('unclosed processing instruction', lt);
      const target = text.slice(lt + 2, readName(lt + 2));
      if (target === '') throw new XmlSyntaxError('processing instruction without a target', lt);
      if (target.toLowerCase() === 'xml') throw new XmlSyntaxError('XML declaration is only allowed at the very start of the file', lt);
      pos = close + 2;
    } else if (c1 === C.SLASH) {
      const nameEnd = readName(lt + 2);
      const name = text.slice(lt + 2, nameEnd);
      if (name === '') throw new XmlSyntaxError('malformed end tag', lt);
      const gt = skipSpace(nameEnd);
      if (text.charCodeAt(gt) !== C.GT) throw new XmlSyntaxError(`malformed end tag </${name}>`, lt);
      if (current < 0) throw new XmlSyntaxError(`end tag </${name}> without a start tag`, lt);
      const open = table.names[table.nameId[current]!]!;
      if (open !== name) {
        throw new XmlSyntaxError(`end tag </${name}> does not match <${open}> (opened at offset ${table.start[current]})`, lt, 'xml-mismatched-tag');
      }
      table.closeStart[current] = lt;
      table.end[current] = gt + 1;
      current = table.parent[current]!;
      depth--;
      if (depth === 0) rootDone = true;
      pos = gt + 1;
    } else {
      const nameEnd = readName(lt + 1);
      if (nameEnd === lt + 1) throw new XmlSyntaxError("'<' must start a tag (write &lt; in text)", lt);
      if (rootDone) throw new XmlSyntaxError('a second root element', lt, 'xml-junk-after-root');
      const name = text.slice(lt + 1, nameEnd);
      let p = nameEnd;
      let attrs: string[] | null = null;
      for (;;) {
        const before = p;
        p = skipSpace(p);
        const c = text.charCodeAt(p);
        if (c === C.GT || c === C.SLASH) break;
        if (p >= n) throw new XmlSyntaxError(`unclosed start tag <${name}`, lt);
        if (p === before) throw new XmlSyntaxError(`malformed start tag <${name}`, p);
        const an = readName(p);
        if (an === p) throw new XmlSyntaxError(`malformed attribute in <${name}>`, p);
        const attr = text.slice(p, an);
        attrs ??= [];
        if (attrs.includes(attr)) throw new XmlSyntaxError(`duplicate attribute ${attr} in <${name}>`, p);
        attrs.push(attr);
        p = skipSpace(an);
        if (text.charCodeAt(p) !== C.EQ) throw new XmlSyntaxError(`attribute ${attr} without a value`, p);
        p = skipSpace(p + 1);
        const q = text.charCodeAt(p);
        if (q !== C.DQUOTE && q !== C.SQUOTE) throw new XmlSyntaxError(`attribute ${attr} value must be quoted`, p);
        const close = text.indexOf(q === C.DQUOTE ? '"' : "'", p + 1);
        if (close < 0) throw new XmlSyntaxError(`unclosed attribute value`, p);
        const lt2 = text.indexOf('<', p + 1);
        if (lt2 >= 0 && lt2 < close) throw new XmlSyntaxError("'<' is not allowed in an attribute value", lt2);
        checkAttrRefs(text, p + 1, close, checkReference);
        p = close + 1;
      }
      const selfClosing = text.charCodeAt(p) === C.SLASH;
      if (selfClosing && text.charCodeAt(p + 1) !== C.GT) throw new XmlSyntaxError(`malformed start tag <${name}`, p);
      const gtPos = selfClosing ? p + 1 : p;
      const idx = table.add(name, lt, current);
      table.openEnd[idx] = gtPos + 1;
      rootSeen = true;
      if (selfClosing) {
        table.closeStart[idx] = gtPos + 1;
        table.end[idx] = gtPos + 1;
        if (depth === 0) rootDone = true;
      } else {
        current = idx;
        depth++;
      }
      pos = gtPos + 1;
    }
  }
  if (depth > 0) {
    const open = table.names[table.nameId[current]!]!;
    throw new XmlSyntaxError(`unexpected end of file: <${open}> is not closed (the file may be truncated)`, n, 'xml-truncated');
  }
  if (!rootSeen) throw new XmlSyntaxError('no root element', n, 'xml-no-root');
  return { elements: table.freeze(), prolog };
}

function checkAttrRefs(text: string, from: number, to: number, check: (ref: string, at: number) => void): void {
  let a = text.indexOf('&', from);
  while (a >= 0 && a < to) {
    const semi = text.indexOf(';', a);
    if (semi < 0 || semi > to) throw new XmlSyntaxError("'&' must start an entity or character reference", a, 'xml-bad-reference');
    check(text.slice(a + 1, semi), a);
    a = text.indexOf('&', semi);
  }
}

function scanDoctype(text: string, lt: number, prolog: Prolog): number {
  const m = /^<!DOCTYPE\s+([A-Za-z_:][A-Za-z0-9._:-]*)/.exec(text.slice(lt, lt + 200));
  if (!m) throw new XmlSyntaxError('malformed DOCTYPE', lt);
  let p = lt + m[0].length;
  const n = text.length;
  while (p < n) {
    const c = text.charCodeAt(p);
    if (c === C.DQUOTE || c === C.SQUOTE) {
      const close = text.indexOf(c === C.DQUOTE ? '"' : "'", p + 1);
      if (close < 0) throw new XmlSyntaxError('unclosed literal in DOCTYPE', p);
      p = close + 1;
    } else if (c === 91 /* [ */) {
      const close = text.indexOf(']', p);
      const subset = text.slice(p + 1, close < 0 ? n : close);
      if (/<!ENTITY/.test(subset)) {
        throw new XmlSyntaxError(
          'the DOCTYPE declares entities in an internal subset; an ESA export never does, and esa-patch does not expand them (entity-expansion attacks). Remove the internal subset',
          p,
          'xml-dtd-entities',
        );
      }
      if (close < 0) throw new XmlSyntaxError('unclosed internal DTD subset', p);
      p = close + 1;
    } else if (c === C.GT) {
      prolog.doctype = { start: lt, end: p + 1, name: m[1]! };
      return p + 1;
    } else if (c === C.LT) {
      throw new XmlSyntaxError('unclosed DOCTYPE', lt);
    } else {
      p++;
    }
  }
  throw new XmlSyntaxError('unclosed DOCTYPE', lt);
}
