import { isSpfRecordText } from './parse.js';
import type { SpfFinding, SpfTextProblem } from './types.js';

/**
 * The text of one record as SPF sees it (TXT strings joined), with where each character came
 * from: `offsets[i]` is the index in the user's input of `text[i]`, and
 * `offsets[text.length]` the index just past the record.
 */
export interface SpfRecordText {
  text: string;
  offsets: number[];
}

/** What the user gave, read into record texts; `problems` have offsets into the input. */
export interface SpfInput {
  records: SpfRecordText[];
  problems: SpfTextProblem[];
}

/**
 * Reads what the user gave as a record: a bare record (`v=spf1 mx -all`), the TXT record in
 * DNS presentation form (`"v=spf1 mx " "-all"`, strings joined without spaces as RFC 7208
 * section 3.3 says), or `dig +short TXT` output: one quoted TXT record per line, of which
 * the `v=spf1` ones are kept. Surrounding blanks are ignored. Several unquoted lines are an
 * error rather than guessed at.
 */
export function readSpfInput(raw: string): SpfInput {
  const problems: SpfTextProblem[] = [];
  const lines: { start: number; end: number }[] = [];
  for (let start = 0; start <= raw.length; ) {
    const nl = raw.indexOf('\n', start);
    const end = nl < 0 ? raw.length : nl;
    let s = start;
    let e = end;
    while (s < e && isBlank(raw[s]!)) s++;
    while (e > s && isBlank(raw[e - 1]!)) e--;
    if (e > s) lines.push({ start: s, end: e });
    if (nl < 0) break;
    start = nl + 1;
  }
  if (lines.length === 0) {
    problems.push({
      code: 'spf-syntax',
      severity: 'error',
      offset: 0,
      length: 0,
      message: 'empty record: give an SPF record such as "v=spf1 mx -all"',
    });
    return { records: [], problems };
  }
  const quoted = lines.map((l) => raw[l.start] === '"');
  if (lines.length > 1 && quoted.some((q) => !q)) {
    const second = lines[1]!;
    problems.push({
      code: 'spf-syntax',
      severity: 'error',
      offset: second.start,
      length: second.end - second.start,
      message: 'the record spans several lines: give it on one line, or paste dig output with one quoted TXT record per line',
    });
    return { records: [], problems };
  }
  const texts: SpfRecordText[] = [];
  for (const [i, l] of lines.entries()) {
    const t = quoted[i] ? readQuoted(raw, l.start, l.end, problems) : plain(raw, l.start, l.end);
    if (t !== undefined) texts.push(t);
  }
  if (lines.length === 1 || texts.length < lines.length) return { records: texts, problems };
  const spf = texts.filter((t) => isSpfRecordText(t.text));
  for (const t of texts) {
    if (spf.includes(t)) continue;
    problems.push({
      code: 'spf-ignored-txt',
      severity: 'info',
      offset: t.offsets[0] ?? 0,
      length: 1,
      message: `skipped a TXT record that is not SPF ("${t.text.slice(0, 30)}${t.text.length > 30 ? '...' : ''}")`,
    });
  }
  if (spf.length === 0) {
    problems.push({
      code: 'spf-syntax',
      severity: 'error',
      offset: lines[0]!.start,
      length: 0,
      message: `none of the ${texts.length} TXT records is an SPF record: give the one that begins with "v=spf1"`,
    });
  }
  return { records: spf, problems };
}

/**
 * Maps a problem about a record text to a finding about the user's input: line and column
 * (1-based, line only when the input has several lines) and the length to underline.
 */
export function locate(problem: SpfTextProblem, record: SpfRecordText | undefined, raw: string): SpfFinding {
  const { offset, length, ...rest } = problem;
  const finding: SpfFinding = { ...rest };
  if (offset === undefined) return finding;
  const offsets = record?.offsets;
  const start = offsets === undefined ? offset : offsets[Math.min(offset, offsets.length - 1)]!;
  const len = length ?? 0;
  const end = offsets === undefined ? start + len : len === 0 ? start : offsets[Math.min(offset + len - 1, offsets.length - 1)]! + 1;
  const lineStart = start === 0 ? 0 : raw.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = raw.indexOf('\n', start) < 0 ? raw.length : raw.indexOf('\n', start);
  if (raw.includes('\n')) finding.line = raw.slice(0, start).split('\n').length;
  finding.column = start - lineStart + 1;
  finding.length = Math.max(0, Math.min(end, lineEnd) - start);
  return finding;
}

/** A part of a record text, for input holding several `v=spf1` records run together. */
export function sliceRecordText(t: SpfRecordText, start: number, end: number): SpfRecordText {
  return { text: t.text.slice(start, end), offsets: t.offsets.slice(start, end + 1) };
}

function plain(raw: string, start: number, end: number): SpfRecordText {
  const offsets: number[] = [];
  for (let i = start; i <= end; i++) offsets.push(i);
  return { text: raw.slice(start, end), offsets };
}

function readQuoted(raw: string, start: number, end: number, problems: SpfTextProblem[]): SpfRecordText | undefined {
  let text = '';
  const offsets: number[] = [];
  let i = start;
  while (i < end) {
    if (isBlank(raw[i]!)) {
      i++;
      continue;
    }
    if (raw[i] !== '"') {
      problems.push({
        code: 'spf-syntax',
        severity: 'error',
        offset: i,
        length: end - i,
        message: 'text outside the quotes: a TXT record is a sequence of "quoted" strings; quote it or drop the quotes',
      });
      return undefined;
    }
    const open = i++;
    for (;;) {
      if (i >= end) {
        problems.push({
          code: 'spf-syntax',
          severity: 'error',
          offset: open,
          length: end - open,
          message: 'unterminated quoted string: close it with "',
        });
        return undefined;
      }
      const c = raw[i]!;
      if (c === '"') break;
      offsets.push(i);
      if (c === '\\' && i + 1 < end) {
        const digits = /^\d{3}/.exec(raw.slice(i + 1, i + 4));
        text += digits !== null ? String.fromCharCode(Number(digits[0])) : raw[i + 1]!;
        i += digits !== null ? 4 : 2;
      } else {
        text += c;
        i++;
      }
    }
    i++;
  }
  offsets.push(end);
  return { text, offsets };
}

function isBlank(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\r';
}
