/**
 * Character classes and small in-place comparisons shared by the XML scanners: every index is a
 * byte offset into a document decoded as latin1.
 */
import { xmlError } from './syntax-error.js';

/** Character codes this module tests for (a local const enum, inlined by every compiler). */
const enum C {
  TAB = 9,
  LF = 10,
  CR = 13,
  SPACE = 32,
}

/** Characters XML 1.0 does not allow anywhere (C0 controls other than tab, LF and CR). */
const FORBIDDEN_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F]/;

/** Throws at the first character of `text` that XML 1.0 does not allow anywhere (`xml-bad-char`). */
export function checkChars(text: string): void {
  const forbidden = FORBIDDEN_CHAR.exec(text);
  if (forbidden) {
    const c = text.charCodeAt(forbidden.index);
    throw xmlError(
      `control character U+${c.toString(16).padStart(4, '0').toUpperCase()} is not allowed in XML`,
      forbidden.index,
      'xml-bad-char',
    );
  }
}

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

/** `c` is XML white space. */
export function isSpace(c: number): boolean {
  return c < 256 && SPACE[c] === 1;
}

/** `c` may start a name (NaN, past the end, may not). */
export function isNameStart(c: number): boolean {
  return c < 256 ? NAME_START[c] === 1 : c === c; // NaN (past the end) is not
}

/** `c` may continue a name. */
export function isNameChar(c: number): boolean {
  return c < 256 ? NAME_CHAR[c] === 1 : c === c;
}

/** A name for a message: long names shortened, so an error never quotes 125,000 characters. */
export function shown(name: string): string {
  return name.length > 80 ? `${name.slice(0, 60)}... (a name of ${name.length} characters)` : name;
}

/** `text[a..b)` and `text[c..d)` are the same characters. */
export function sameSpan(text: string, a: number, b: number, c: number, d: number): boolean {
  if (b - a !== d - c) return false;
  for (let k = 0; k < b - a; k++) if (text.charCodeAt(a + k) !== text.charCodeAt(c + k)) return false;
  return true;
}

/** `text` holds the characters `codes` at `at` (a typed-array loop beats a builtin call for tag names). */
export function matchAt(text: string, codes: Uint16Array, at: number): boolean {
  const len = codes.length;
  if (at + len > text.length) return false;
  for (let k = 0; k < len; k++) if (text.charCodeAt(at + k) !== codes[k]) return false;
  return true;
}
