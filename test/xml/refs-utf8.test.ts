/**
 * The law behind issue 18.5 for character references: in a UTF-8 document, text written as raw
 * UTF-8 bytes and the same text written as character references decode to one text (the
 * document's bytes, one character per byte); in ISO-8859-1, references to U+0080-U+00FF are
 * the bytes themselves. And through the edit path: text decoded from references, escaped for a
 * UTF-8 document as moved text is, decodes back to itself and is valid UTF-8.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { decodeContent, escapeText } from '../../src/xml/text.js';

const bytes = (s: string, enc: 'utf8' | 'latin1') => Buffer.from(s, enc).toString('latin1');
const refs = (s: string, hex: boolean) =>
  [...s]
    .map((ch) =>
      ch.codePointAt(0)! < 0x80 && !/[&<>]/.test(ch) ? ch : hex ? `&#x${ch.codePointAt(0)!.toString(16)};` : `&#${ch.codePointAt(0)};`,
    )
    .join('');
const xmlChars = fc
  .string({ unit: 'grapheme', maxLength: 40 })
  .map((s) => [...s].filter((ch) => /[\t\n\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.test(ch) && ch !== '\r').join(''));
const escaped = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

test('UTF-8: raw bytes and character references are one text', () => {
  fc.assert(
    fc.property(xmlChars, fc.boolean(), (s, hex) => {
      const raw = bytes(escaped(s), 'utf8');
      const viaRefs = refs(s, hex);
      const a = decodeContent(raw, 0, raw.length, true).text;
      const b = decodeContent(viaRefs, 0, viaRefs.length, true).text;
      return a === b && a === bytes(s, 'utf8');
    }),
  );
});

test('UTF-8: decoded text escaped for a UTF-8 document (as a moved line is) is valid UTF-8 and decodes to itself', () => {
  fc.assert(
    fc.property(xmlChars, (s) => {
      const viaRefs = refs(s, false);
      const text = decodeContent(viaRefs, 0, viaRefs.length, true).text;
      const written = escapeText(text, true);
      const valid = Buffer.from(Buffer.from(written, 'latin1').toString('utf8'), 'utf8').equals(Buffer.from(written, 'latin1'));
      return valid && decodeContent(written, 0, written.length, true).text === text;
    }),
  );
});

test('ISO-8859-1: references to U+0080-U+00FF are the bytes, beyond stay characters (unchanged)', () => {
  const d = (s: string, utf8 = false) => decodeContent(s, 0, s.length, utf8);
  assert.is(d('Gr&#252;n &#x20AC; &#220;').text, 'Gr\xfcn \u20ac \xdc');
  assert.is(d('&#252;', true).text, '\xc3\xbc');
  assert.is(d('&#x1F600;', true).text, '\xf0\x9f\x98\x80');
  // Offsets: every byte of a reference's sequence maps to the reference's start.
  assert.equal([...d('a&#252;b', true).offsets], [0, 1, 1, 7, 8]);
});

test.run();
