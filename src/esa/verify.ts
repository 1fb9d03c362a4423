/** The byte checks of a planned output, before it exists. */
import type { EsaExport } from './export.js';
import { finding, type Finding } from '../findings.js';
import { applyEdits, type TextEdit } from './edits.js';
import { isUtf8, scanTextContent, xmlErrorDetail } from '../xml/scan.js';
import { decodeContent, documentKeepsBytes } from '../xml/text.js';

/** What verifyOutput needs of each changed listener. */
export interface VerifiedChange {
  listener: string;
  source: { element: number };
  /** The HAT text the planner produced (already proven by meaning and found compliant). */
  after: string;
}

/**
 * Checks the output before it exists, in time linear in the edits and the changed HATs, not
 * in the file: every edit lies inside the content of the `<hat>` of a changed listener and
 * inserts printable ASCII only (or bytes of the document's own, moved with their lines); the
 * new content of each changed `<hat>` is re-scanned (text and CDATA only, well-formed) and
 * decoded, and must be the HAT text the planner produced.
 *
 * Why that proves the whole output well-formed: the input was scanned well-formed, and its
 * `<hat>` contents held character data only (readExport decoded them). The output differs from
 * it only inside those contents, which stay well-formed character data between the unchanged
 * `>` of the start tag and `<` of the end tag: no reference, CDATA section or `]]>` can span a
 * boundary, so every tag, every other text and every listener (name, path, and the HATs of
 * listeners not changed) is byte for byte where it was.
 */
export function verifyOutput(
  text: string,
  edits: readonly TextEdit[],
  before: EsaExport,
  changes: readonly VerifiedChange[],
): Finding | null {
  const bad = (detail: string, listener: string | null = null): Finding => finding('internal-check', 'error', { listener, detail });
  const { openEnd, closeStart } = before.doc.elements;
  const hats = changes
    .map((c) => ({ c, from: openEnd[c.source.element]!, to: closeStart[c.source.element]!, edits: [] as TextEdit[] }))
    .sort((a, b) => a.from - b.from);
  // Text the tool writes is ASCII; bytes it moves within a HAT of an ISO-8859-1 or UTF-8
  // document are written back as they were (see documentKeepsBytes).
  const keep = documentKeepsBytes(text);
  let k = 0;
  let last = 0;
  for (const e of edits) {
    if (e.offset < last) return bad(`edits overlap at offset ${e.offset}`);
    last = e.offset + e.delete.length;
    while (k < hats.length && hats[k]!.to < e.offset) k++;
    const h = hats[k];
    if (!h || e.offset < h.from || last > h.to)
      return bad(`an edit at offset ${e.offset} falls outside the <hat> of every changed listener`);
    if ((keep ? /[^\t\n\r\x20-\x7E\x80-\xFF]/ : /[^\t\n\r\x20-\x7E]/).test(e.insert))
      return bad(
        `an edit at offset ${e.offset} would insert a byte that is not printable ASCII or one of the document's own`,
        h.c.listener,
      );
    h.edits.push(e);
  }
  for (const { c, from, to, edits: own } of hats) {
    let content: string;
    try {
      content = applyEdits(
        text.slice(from, to),
        own.map((e) => ({ offset: e.offset - from, delete: e.delete, insert: e.insert })),
      );
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      return bad(e.message, c.listener);
    }
    let hatText: string;
    try {
      const utf8 = isUtf8(before.doc.prolog);
      scanTextContent(content, { utf8 });
      hatText = decodeContent(content, 0, content.length, utf8).text;
    } catch (e) {
      const detail = xmlErrorDetail(e);
      if (detail === null) throw e;
      return bad(`the patched file would not re-parse (its <hat>: ${detail})`, c.listener);
    }
    if (hatText !== c.after) return bad('the patched HAT is not the one planned (an escaping or offset error)', c.listener);
  }
  return null;
}
