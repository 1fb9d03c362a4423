/**
 * The prolog of a document: byte order mark, XML declaration and DOCTYPE (whose internal subset
 * is refused: entities and default attributes could change what the appliance sees).
 */
import { isNameChar, isNameStart, isSpace } from './chars.js';
import { xmlError } from './syntax-error.js';

/** Character codes this module tests for (a local const enum, inlined by every compiler). */
const enum C {
  DQUOTE = 34,
  SQUOTE = 39,
  GT = 62,
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

/**
 * Reads the byte order mark and the XML declaration at the start of `text` into `prolog`;
 * returns the offset just past them.
 */
export function scanDeclaration(text: string, prolog: Prolog): number {
  let pos = 0;
  if (text.startsWith('\xEF\xBB\xBF')) {
    prolog.bom = true;
    pos = 3;
  }
  if (text.startsWith('<?xml', pos) && isSpace(text.charCodeAt(pos + 5))) {
    const close = text.indexOf('?>', pos);
    if (close < 0) throw xmlError('unclosed XML declaration', pos);
    const decl = text.slice(pos, close + 2);
    if (!/^<\?xml\s+version\s*=\s*(["'])1\.[0-9]+\1/.test(decl)) {
      throw xmlError('XML declaration without a valid version', pos);
    }
    const m =
      /^<\?xml\s+version\s*=\s*(["'])1\.[0-9]+\1(?:\s+encoding\s*=\s*(["'])([A-Za-z][A-Za-z0-9._-]*)\2)?(?:\s+standalone\s*=\s*(["'])(?:yes|no)\4)?\s*\?>$/.exec(
        decl,
      );
    if (!m) throw xmlError('malformed XML declaration: only version, encoding and standalone, in that order, may follow <?xml', pos);
    prolog.encoding = m[3] ?? null;
    pos = close + 2;
  }
  return pos;
}

/** Checks the DOCTYPE declaration at `lt` and records it in `prolog`; returns the offset just past it. */
export function scanDoctype(text: string, lt: number, prolog: Prolog): number {
  // <!DOCTYPE S Name (S ExternalID)? S? ('[' intSubset ']' S?)? '>', the internal subset
  // refused: an ESA export never has one, and its declarations could change the meaning of
  // the document (entities, default attributes) without esa-patch seeing it.
  const n = text.length;
  const malformed = (at: number, what: string) => xmlError(`malformed DOCTYPE: ${what}`, at);
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
      throw xmlError(
        'the DOCTYPE declares entities in an internal subset; an ESA export never does, and esa-patch does not expand them (entity-expansion attacks). Remove the internal subset',
        p,
        'xml-dtd-entities',
      );
    }
    if (subset.replace(/<!--(?:(?!--)[\s\S])*-->/g, '').trim() !== '') {
      throw xmlError(
        'the DOCTYPE has an internal subset (declarations between [ and ]); an ESA export never has one, and esa-patch does not read DTD declarations, which could change what the appliance sees. Remove the internal subset, keeping <!DOCTYPE config SYSTEM "config.dtd">',
        p,
        'xml-dtd-subset',
      );
    }
    if (close < 0) throw xmlError('unclosed internal DTD subset', p);
    p = close + 1;
    spaced = space();
  }
  if (text.charCodeAt(p) !== C.GT) throw malformed(p, spaced ? "'>' was expected" : "a space or '>' was expected");
  prolog.doctype = { start: lt, end: p + 1, name };
  return p + 1;
}
