/**
 * SPF records (RFC 7208 section 12): the version, the terms in order (`terms.ts`), and every
 * problem found on the way. Macros and domain-specs are in `macros.ts`.
 */
import type { SpfTextProblem } from './types.js';
import { type SpfTerm, parseTerm } from './terms.js';
import { syntax, truncate } from './syntax.js';

/**
 * A record parsed with RFC 7208's grammar (section 12). `terms` holds the terms that parse;
 * `problems` every syntax error (`spf-syntax`) and remark about a single term, with offsets
 * into `text`. `valid` is false when any `spf-syntax` problem exists.
 */
export interface SpfRecord {
  text: string;
  terms: SpfTerm[];
  problems: SpfTextProblem[];
  valid: boolean;
}

const VERSION = /^v=spf1(?= |$)/i;

/** `true` when `text` starts with the SPF version section `v=spf1` (any case). */
export function isSpfRecordText(text: string): boolean {
  return VERSION.test(text);
}

/**
 * Parses one SPF record (the joined text of a TXT record) with RFC 7208's grammar: the
 * version, directives with qualifiers, `redirect=`/`exp=`/unknown modifiers, macros,
 * addresses and CIDR lengths. Never throws: syntax errors come back as `spf-syntax`
 * problems at the offending term, and parsing goes on with the next term so that one run
 * reports them all.
 */
export function parseSpfRecord(text: string): SpfRecord {
  const problems: SpfTextProblem[] = [];
  const terms: SpfTerm[] = [];
  const badCharAt = checkCharacters(text, problems);
  if (!VERSION.test(text)) {
    problems.push(versionProblem(text));
    return { text, terms, problems, valid: false };
  }
  const seen = new Map<string, number>();
  const tokens = /[^ ]+/g;
  tokens.lastIndex = 6;
  for (let m = tokens.exec(text); m !== null; m = tokens.exec(text)) {
    const offset = m.index;
    const token = m[0];
    if (badCharAt.some((i) => i >= offset && i < offset + token.length)) continue;
    const term = parseTerm(token, offset, problems);
    if (term === undefined) continue;
    if (term.kind === 'modifier' && (term.name === 'redirect' || term.name === 'exp')) {
      if (seen.has(term.name)) {
        problems.push(
          syntax(
            offset,
            token.length,
            `second "${term.name}=" modifier: a record may hold only one (receivers return permerror); keep one of them`,
          ),
        );
        continue;
      }
      seen.set(term.name, offset);
    }
    terms.push(term);
  }
  return { text, terms, problems, valid: !problems.some((p) => p.code === 'spf-syntax') };
}

function checkCharacters(text: string, problems: SpfTextProblem[]): number[] {
  const bad: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e) continue;
    bad.push(i);
    const what =
      c === 0x09
        ? 'a tab character: separate terms with single spaces'
        : c === 0x0a || c === 0x0d
          ? 'a line break: an SPF record is a single line'
          : `the character U+${c.toString(16).toUpperCase().padStart(4, '0')}: SPF records are printable ASCII; retype it`;
    problems.push(syntax(i, 1, `unexpected ${what}`));
  }
  return bad;
}

function versionProblem(text: string): SpfTextProblem {
  const first = /^[^ ]*/.exec(text)?.[0] ?? '';
  if (text.trim() === '') return syntax(0, 0, 'empty record: give an SPF record such as "v=spf1 mx -all"');
  if (/^spf2\.0\//i.test(first.replace(/^v=/i, ''))) {
    return syntax(0, first.length, `"${first}" is a Sender ID record, not SPF: give the domain's "v=spf1 ..." record`);
  }
  return syntax(
    0,
    Math.max(first.length, 1),
    `not an SPF record: it must begin with "v=spf1" followed by a space (found "${truncate(first)}")`,
  );
}
