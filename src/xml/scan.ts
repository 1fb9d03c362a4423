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

/** Deepest nesting of elements accepted (libxml2 refuses deeper documents by default). */
export const MAX_DEPTH = 256;

const FORBIDDEN_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F]/;
const PREDEFINED = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

// Character classes of the latin1 range as tables (any character above it is a name character,
// as XML 1.0 allows for the letters there).
const SPACE = new Uint8Array(256);
const NAME_START = new Uint8Array(256);
const NAME_CHAR = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  SPACE[c] = c === C.SPACE || c === C.LF || c === C.TAB || c === C.CR ? 1 : 0;
  NAME_START[c] = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58 || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7) ? 1 : 0;
  NAME_CHAR[c] = NAME_START[c] || (c >= 48 && c <= 57) || c === 45 || c === 46 || c === 0xb7 ? 1 : 0;
}

function isSpace(c: number): boolean {
  return c < 256 && SPACE[c] === 1;
}

function isNameStart(c: number): boolean {
  return c < 256 ? NAME_START[c] === 1 : c === c; // NaN (past the end) is not
}

function isNameChar(c: number): boolean {
  return c < 256 ? NAME_CHAR[c] === 1 : c === c;
}

/** A name for a message: long names shortened, so an error never quotes 125,000 characters. */
function shown(name: string): string {
  return name.length > 80 ? `${name.slice(0, 60)}... (a name of ${name.length} characters)` : name;
}

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
function checkUtf8(text: string): void {
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

/** Attribute names of one tag compared in place before a set takes over. */
const ATTR_SPANS = 16;
const attrSpans = new Int32Array(2 * ATTR_SPANS);

/** `text[a..b)` and `text[c..d)` are the same characters. */
function sameSpan(text: string, a: number, b: number, c: number, d: number): boolean {
  if (b - a !== d - c) return false;
  for (let k = 0; k < b - a; k++) if (text.charCodeAt(a + k) !== text.charCodeAt(c + k)) return false;
  return true;
}

/** `text` holds the characters `codes` at `at` (a typed-array loop beats a builtin call for tag names). */
function matchAt(text: string, codes: Uint16Array, at: number): boolean {
  const len = codes.length;
  if (at + len > text.length) return false;
  for (let k = 0; k < len; k++) if (text.charCodeAt(at + k) !== codes[k]) return false;
  return true;
}

/** Names compared in place per (length, first character) before the map takes over. */
const BUCKET = 8;

class Table {
  count = 0;
  cap: number;
  start: Int32Array;
  openEnd: Int32Array;
  closeStart: Int32Array;
  end: Int32Array;
  parent: Int32Array;
  nameId: Int32Array;

  /** `expected`: a guess of the element count; the table grows past it when needed. */
  constructor(expected: number) {
    this.cap = Math.max(1024, expected | 0);
    this.start = new Int32Array(this.cap);
    this.openEnd = new Int32Array(this.cap);
    this.closeStart = new Int32Array(this.cap);
    this.end = new Int32Array(this.cap);
    this.parent = new Int32Array(this.cap);
    this.nameId = new Int32Array(this.cap);
  }
  names: string[] = [];
  /** The characters of each name, for comparing without allocating. */
  codes: Uint16Array[] = [];
  ids = new Map<string, number>();

  // A direct-mapped cache of name ids, keyed by length and first and last character: most
  // tags repeat a name seen just before, and a hit costs one comparison, no allocation.
  private cache = new Int32Array(256).fill(-1);
  private buckets = new Map<number, number[]>();

  /**
   * Which name followed each event (a start or an end tag of each name): records repeat, so
   * the name of the next start tag is usually known before it is read.
   */
  private next = new Int32Array(64).fill(-1);

  /**
   * The id of the name predicted after event `key` if `text` holds it at `at`, else -1; the
   * caller checks that no name character follows it.
   */
  predict(key: number, text: string, at: number): number {
    const id = key < this.next.length ? this.next[key]! : -1;
    return id >= 0 && matchAt(text, this.codes[id]!, at) ? id : -1;
  }

  /** Records that name `id` followed event `key`. */
  learn(key: number, id: number): void {
    if (key >= this.next.length) {
      const grown = new Int32Array(Math.max(key + 1, this.next.length * 2)).fill(-1);
      grown.set(this.next);
      this.next = grown;
    }
    this.next[key] = id;
  }

  /** The id of the name `text[from..to)`. */
  intern(text: string, from: number, to: number): number {
    const len = to - from;
    const h = (len * 31 + text.charCodeAt(from) * 7 + text.charCodeAt(to - 1)) & 255;
    const cached = this.cache[h]!;
    if (cached >= 0 && this.codes[cached]!.length === len && matchAt(text, this.codes[cached]!, from)) return cached;
    // A miss: the names of this length and first character, still without allocating.
    // A bucket holds at most BUCKET names; past that the map alone answers, so that many
    // distinct names of one length and first character stay linear.
    const key = len * 256 + text.charCodeAt(from);
    const bucket = this.buckets.get(key);
    if (bucket) {
      for (const id of bucket) {
        if (matchAt(text, this.codes[id]!, from)) {
          this.cache[h] = id;
          return id;
        }
      }
    }
    const slice = text.slice(from, to);
    let id = this.ids.get(slice);
    if (id === undefined) {
      // A fresh flat copy: a slice would keep pointing into the (large) document.
      const name = len > 12 ? (' ' + slice).slice(1) : slice;
      const codes = new Uint16Array(len);
      for (let k = 0; k < len; k++) codes[k] = name.charCodeAt(k);
      id = this.names.length;
      this.names.push(name);
      this.codes.push(codes);
      this.ids.set(name, id);
      if (!bucket) this.buckets.set(key, [id]);
      else if (bucket.length < BUCKET) bucket.push(id);
    }
    this.cache[h] = id;
    return id;
  }

  add(id: number, start: number, parent: number): number {
    if (this.count === this.cap) this.grow();
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
  // Dense exports average about 64 bytes per element: start at half that density, so that a
  // dense file grows the table once and a sparse one wastes little.
  const table = new Table(text.length / 128);
  const prolog: Prolog = { bom: false, encoding: null, doctype: null, comments: [] };
  let pos = 0;
  if (text.startsWith('\xEF\xBB\xBF')) {
    prolog.bom = true;
    pos = 3;
  }
  if (text.startsWith('<?xml', pos) && isSpace(text.charCodeAt(pos + 5))) {
    const close = text.indexOf('?>', pos);
    if (close < 0) throw new XmlSyntaxError('unclosed XML declaration', pos);
    const decl = text.slice(pos, close + 2);
    if (!/^<\?xml\s+version\s*=\s*(["'])1\.[0-9]+\1/.test(decl)) {
      throw new XmlSyntaxError('XML declaration without a valid version', pos);
    }
    const m = /^<\?xml\s+version\s*=\s*(["'])1\.[0-9]+\1(?:\s+encoding\s*=\s*(["'])([A-Za-z][A-Za-z0-9._-]*)\2)?(?:\s+standalone\s*=\s*(["'])(?:yes|no)\4)?\s*\?>$/.exec(decl);
    if (!m) throw new XmlSyntaxError('malformed XML declaration: only version, encoding and standalone, in that order, may follow <?xml', pos);
    prolog.encoding = m[3] ?? null;
    pos = close + 2;
  }
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
        throw new XmlSyntaxError("'&' must start an entity or character reference (write &amp;)", nextAmp, 'xml-bad-reference');
      }
      if (!isPredefinedAt(text, nextAmp + 1, semi)) checkReference(text.slice(nextAmp + 1, semi), nextAmp);
      nextAmp = text.indexOf('&', semi);
    }
    if (nextCdEnd !== -1 && nextCdEnd < from) nextCdEnd = text.indexOf(']]>', from);
    if (nextCdEnd !== -1 && nextCdEnd < to) {
      throw new XmlSyntaxError("']]>' is not allowed in text outside a CDATA section", nextCdEnd);
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
      const targetEnd = readName(lt + 2);
      const target = text.slice(lt + 2, targetEnd);
      if (target === '') throw new XmlSyntaxError('processing instruction without a target', lt);
      if (targetEnd !== close && !isSpace(text.charCodeAt(targetEnd))) throw new XmlSyntaxError(`malformed processing instruction <?${shown(target)}`, targetEnd);
      if (target.toLowerCase() === 'xml') throw new XmlSyntaxError('XML declaration is only allowed at the very start of the file', lt);
      pos = close + 2;
    } else if (c1 === C.SLASH) {
      // The usual case first: the end tag repeats the open element's name.
      const openId = current >= 0 ? table.nameId[current]! : -1;
      const open = openId >= 0 ? table.names[openId]! : '';
      let nameEnd = lt + 2 + open.length;
      if (openId < 0 || !matchAt(text, table.codes[openId]!, lt + 2) || isNameChar(text.charCodeAt(nameEnd))) {
        nameEnd = readName(lt + 2);
        const name = text.slice(lt + 2, nameEnd);
        if (name === '') throw new XmlSyntaxError('malformed end tag', lt);
        if (text.charCodeAt(skipSpace(nameEnd)) !== C.GT) throw new XmlSyntaxError(`malformed end tag </${shown(name)}>`, lt);
        if (current < 0) throw new XmlSyntaxError(`end tag </${shown(name)}> without a start tag`, lt);
        throw new XmlSyntaxError(`end tag </${shown(name)}> does not match <${shown(open)}> (opened at offset ${table.start[current]})`, lt, 'xml-mismatched-tag');
      }
      const gt = skipSpace(nameEnd);
      if (text.charCodeAt(gt) !== C.GT) throw new XmlSyntaxError(`malformed end tag </${shown(open)}>`, lt);
      event = openId * 2 + 2;
      table.closeStart[current] = lt;
      table.end[current] = gt + 1;
      current = table.parent[current]!;
      depth--;
      if (depth === 0) rootDone = true;
      pos = gt + 1;
    } else {
      // The usual case first: the name that followed the previous tag last time.
      let nameId = table.predict(event, text, lt + 1);
      let nameEnd = nameId >= 0 ? lt + 1 + table.codes[nameId]!.length : -1;
      if (nameId < 0 || isNameChar(text.charCodeAt(nameEnd))) {
        nameEnd = readName(lt + 1);
        if (nameEnd === lt + 1) throw new XmlSyntaxError("'<' must start a tag (write &lt; in text)", lt);
        nameId = table.intern(text, lt + 1, nameEnd);
        table.learn(event, nameId);
      }
      event = nameId * 2 + 1;
      if (rootDone) throw new XmlSyntaxError('a second root element', lt, 'xml-junk-after-root');
      const name = table.names[nameId]!;
      let p = nameEnd;
      let attrCount = 0;
      let manyAttrs: Set<string> | null = null;
      for (;;) {
        const before = p;
        p = skipSpace(p);
        const c = text.charCodeAt(p);
        if (c === C.GT || c === C.SLASH) break;
        if (p >= n) throw new XmlSyntaxError(`unclosed start tag <${shown(name)}`, lt);
        if (p === before) throw new XmlSyntaxError(`malformed start tag <${shown(name)}`, p);
        const an = readName(p);
        if (an === p) throw new XmlSyntaxError(`malformed attribute in <${shown(name)}>`, p);
        // Duplicates: the first few names compared in place (no allocation), then a set (so
        // that a tag with thousands of attributes stays linear).
        if (attrCount < ATTR_SPANS) {
          for (let k = 0; k < attrCount; k++) {
            if (sameSpan(text, attrSpans[2 * k]!, attrSpans[2 * k + 1]!, p, an)) throw new XmlSyntaxError(`duplicate attribute ${shown(text.slice(p, an))} in <${shown(name)}>`, p);
          }
          attrSpans[2 * attrCount] = p;
          attrSpans[2 * attrCount + 1] = an;
        } else {
          if (!manyAttrs) {
            manyAttrs = new Set();
            for (let k = 0; k < ATTR_SPANS; k++) manyAttrs.add(text.slice(attrSpans[2 * k]!, attrSpans[2 * k + 1]!));
          }
          const attr = text.slice(p, an);
          if (manyAttrs.has(attr)) throw new XmlSyntaxError(`duplicate attribute ${shown(attr)} in <${shown(name)}>`, p);
          manyAttrs.add(attr);
        }
        attrCount++;
        const attrAt = p;
        p = skipSpace(an);
        if (text.charCodeAt(p) !== C.EQ) throw new XmlSyntaxError(`attribute ${shown(text.slice(attrAt, an))} without a value`, p);
        p = skipSpace(p + 1);
        const q = text.charCodeAt(p);
        if (q !== C.DQUOTE && q !== C.SQUOTE) throw new XmlSyntaxError(`attribute ${shown(text.slice(attrAt, an))} value must be quoted`, p);
        const close = text.indexOf(q === C.DQUOTE ? '"' : "'", p + 1);
        if (close < 0) throw new XmlSyntaxError(`unclosed attribute value`, p);
        checkAttrValue(text, p + 1, close, checkReference);
        p = close + 1;
      }
      const selfClosing = text.charCodeAt(p) === C.SLASH;
      if (selfClosing && text.charCodeAt(p + 1) !== C.GT) throw new XmlSyntaxError(`malformed start tag <${shown(name)}`, p);
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
          throw new XmlSyntaxError(
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
    const open = table.names[table.nameId[current]!]!;
    throw new XmlSyntaxError(`unexpected end of file: <${shown(open)}> is not closed (the file may be truncated)`, n, 'xml-truncated');
  }
  if (!rootSeen) throw new XmlSyntaxError('no root element', n, 'xml-no-root');
  return { elements: table.freeze(), prolog };
}

/** `text[from..to)` is one of amp, lt, gt, quot, apos (the common case, checked without allocating). */
function isPredefinedAt(text: string, from: number, to: number): boolean {
  const c0 = text.charCodeAt(from);
  switch (to - from) {
    case 2:
      return (c0 === 108 /* l */ || c0 === 103) /* g */ && text.charCodeAt(from + 1) === 116 /* t */;
    case 3:
      return c0 === 97 /* a */ && text.charCodeAt(from + 1) === 109 /* m */ && text.charCodeAt(from + 2) === 112 /* p */;
    case 4:
      return c0 === 113 /* q */
        ? text.charCodeAt(from + 1) === 117 && text.charCodeAt(from + 2) === 111 && text.charCodeAt(from + 3) === 116 /* uot */
        : c0 === 97 /* a */ && text.charCodeAt(from + 1) === 112 && text.charCodeAt(from + 2) === 111 && text.charCodeAt(from + 3) === 115 /* pos */;
    default:
      return false;
  }
}

/** Checks the reference `&ref;` found at offset `at`: a valid character or one of the five predefined entities. */
function checkReference(ref: string, at: number): void {
  if (ref.charCodeAt(0) === 35) {
    const code = /^#x[0-9A-Fa-f]{1,6}$/.test(ref)
      ? parseInt(ref.slice(2), 16)
      : /^#[0-9]{1,7}$/.test(ref)
        ? parseInt(ref.slice(1), 10)
        : -1;
    const ok =
      code === 9 || code === 10 || code === 13 || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
    if (!ok) throw new XmlSyntaxError(`invalid character reference &${shown(ref)};`, at, 'xml-bad-reference');
    return;
  }
  if (!PREDEFINED.has(ref)) {
    if (/^[A-Za-z_:\xC0-\xFF][A-Za-z0-9._:\-\xB7\xC0-\xFF]*$/.test(ref)) {
      throw new XmlSyntaxError(
        `undefined entity &${shown(ref)}; (only &amp; &lt; &gt; &quot; &apos; and character references are allowed; an ESA export declares no entities)`,
        at,
        'xml-undefined-entity',
      );
    }
    throw new XmlSyntaxError(`malformed reference &${shown(ref)};`, at, 'xml-bad-reference');
  }
}

/**
 * Checks an attribute value (`text[from..to)`): no '<', every '&' starts a reference. Reads
 * only the value itself, so the cost of all attributes together stays linear in the file.
 */
function checkAttrValue(text: string, from: number, to: number, check: (ref: string, at: number) => void): void {
  for (let a = from; a < to; a++) {
    const c = text.charCodeAt(a);
    if (c === C.LT) throw new XmlSyntaxError("'<' is not allowed in an attribute value", a);
    if (c !== C.AMP) continue;
    let semi = a + 1;
    while (semi < to && text.charCodeAt(semi) !== C.SEMI) semi++;
    if (semi >= to) throw new XmlSyntaxError("'&' must start an entity or character reference", a, 'xml-bad-reference');
    if (!isPredefinedAt(text, a + 1, semi)) check(text.slice(a + 1, semi), a);
    a = semi;
  }
}

function scanDoctype(text: string, lt: number, prolog: Prolog): number {
  // <!DOCTYPE S Name (S ExternalID)? S? ('[' intSubset ']' S?)? '>', the internal subset
  // refused: an ESA export never has one, and its declarations could change the meaning of
  // the document (entities, default attributes) without esa-patch seeing it.
  const n = text.length;
  const malformed = (at: number, what: string) => new XmlSyntaxError(`malformed DOCTYPE: ${what}`, at);
  let p = lt + 9;
  const space = (): boolean => {
    const from = p;
    while (p < n && isSpace(text.charCodeAt(p))) p++;
    return p > from;
  };
  const literal = (pubid: boolean): void => {
    const q = text.charCodeAt(p);
    if (q !== C.DQUOTE && q !== C.SQUOTE) throw malformed(p, 'a quoted identifier was expected');
    const close = text.indexOf(q === C.DQUOTE ? '"' : "'", p + 1);
    if (close < 0) throw malformed(p, 'unclosed identifier');
    if (pubid && /[^\x20\x0D\x0Aa-zA-Z0-9'()+,./:=?;!*#@$_%-]/.test(text.slice(p + 1, close))) {
      throw malformed(p, 'a character not allowed in a public identifier');
    }
    p = close + 1;
  };
  if (!space()) throw malformed(p, 'a space was expected after <!DOCTYPE');
  if (!isNameStart(text.charCodeAt(p))) throw malformed(p, 'the root element name was expected');
  const nameStart = p;
  while (p < n && isNameChar(text.charCodeAt(p))) p++;
  const name = text.slice(nameStart, p);
  let spaced = space();
  if (spaced && (text.startsWith('SYSTEM', p) || text.startsWith('PUBLIC', p))) {
    const pub = text.startsWith('PUBLIC', p);
    p += 6;
    if (!space()) throw malformed(p, 'a space was expected after SYSTEM or PUBLIC');
    if (pub) {
      literal(true);
      if (!space()) throw malformed(p, 'a space was expected between the public and system identifiers');
    }
    literal(false);
    spaced = space();
  }
  if (text.charCodeAt(p) === 91 /* [ */) {
    const close = text.indexOf(']', p);
    const subset = text.slice(p + 1, close < 0 ? n : close);
    if (/<!ENTITY/.test(subset)) {
      throw new XmlSyntaxError(
        'the DOCTYPE declares entities in an internal subset; an ESA export never does, and esa-patch does not expand them (entity-expansion attacks). Remove the internal subset',
        p,
        'xml-dtd-entities',
      );
    }
    if (subset.replace(/<!--(?:(?!--)[\s\S])*-->/g, '').trim() !== '') {
      throw new XmlSyntaxError(
        'the DOCTYPE has an internal subset (declarations between [ and ]); an ESA export never has one, and esa-patch does not read DTD declarations, which could change what the appliance sees. Remove the internal subset, keeping <!DOCTYPE config SYSTEM "config.dtd">',
        p,
        'xml-dtd-subset',
      );
    }
    if (close < 0) throw new XmlSyntaxError('unclosed internal DTD subset', p);
    p = close + 1;
    spaced = space();
  }
  if (text.charCodeAt(p) !== C.GT) throw malformed(p, spaced ? "'>' was expected" : "a space or '>' was expected");
  prolog.doctype = { start: lt, end: p + 1, name };
  return p + 1;
}

/**
 * Checks that `raw` is well-formed element content that holds character data only: text
 * (with references) and CDATA sections; no element, comment or processing instruction. Used
 * to re-check the content of an element after editing it; with `utf8`, its bytes must be UTF-8
 * too. Offsets in errors are into `raw`.
 */
export function scanTextContent(raw: string, options: { utf8?: boolean } = {}): void {
  if (options.utf8) checkUtf8(raw);
  const forbidden = FORBIDDEN_CHAR.exec(raw);
  if (forbidden) {
    const c = raw.charCodeAt(forbidden.index);
    throw new XmlSyntaxError(`control character U+${c.toString(16).padStart(4, '0').toUpperCase()} is not allowed in XML`, forbidden.index, 'xml-bad-char');
  }
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
      if (semi < 0 || semi > end || semi - amp > 40) throw new XmlSyntaxError("'&' must start an entity or character reference (write &amp;)", amp, 'xml-bad-reference');
      if (!isPredefinedAt(raw, amp + 1, semi)) checkReference(raw.slice(amp + 1, semi), amp);
      amp = raw.indexOf('&', semi);
    }
    if (cdEnd !== -1 && cdEnd < pos) cdEnd = raw.indexOf(']]>', pos);
    if (cdEnd !== -1 && cdEnd < end) throw new XmlSyntaxError("']]>' is not allowed in text outside a CDATA section", cdEnd);
    if (lt < 0) break;
    if (!raw.startsWith('<![CDATA[', lt)) throw new XmlSyntaxError('expected text only, found markup', lt, 'esa-hat-markup');
    const close = raw.indexOf(']]>', lt + 9);
    if (close < 0) throw new XmlSyntaxError('unclosed CDATA section', lt);
    pos = close + 3;
  }
}
