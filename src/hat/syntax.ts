/**
 * The HAT text format, losslessly: lines split exactly as an XML parser reports text (CR LF,
 * lone CR and LF each end a line; each line keeps its own ending), each line tokenized and
 * classified in context. `printHat(parseHat(t)) === t` for every `t`.
 */

import { isBehaviour, isGroupHead, isPolicyName } from './grammar.js';

/** A line ending as written: `''` only on the last line. */
export type Eol = '' | '\n' | '\r\n' | '\r';

/** What a token is. `space` tokens are kept so that tokens concatenate back to the line body. */
export type TokenKind =
  | 'word' // bare token: a name, a member, a behaviour keyword, a bare value, `$NAME`, `NAME:`
  | 'lbrace'
  | 'rbrace'
  | 'equals'
  | 'comma'
  | 'string' // "…"; `value` holds the content with `\"` read as `"`, every other backslash as written
  | 'comment' // (…) with nested parens and quotes inside; `value` holds the inside
  | 'space';

/** One token of a line's body. */
export interface Token {
  kind: TokenKind;
  /** The exact text. */
  text: string;
  /** Offset of the token's first character in the HAT text. */
  offset: number;
  /** 0-based column in its line. */
  col: number;
  /** Unescaped content of a string, inside of a comment; the text otherwise. */
  value: string;
  /** A string or comment that runs to the end of the line without closing. */
  unterminated?: boolean;
  /**
   * A string holding a backslash that is not `\"` (`"Mail\tGate"`, `"a\\"`): the format doc
   * confirms no other escape, so what the appliance reads there is not known. `value` keeps it
   * as written.
   */
  oddEscape?: boolean;
}

/** How a line reads, in context. */
export type LineKind =
  | 'policy-head' // `$NAME` at column 0 (possibly followed by its behaviour)
  | 'behaviour' // `ACCEPT`, `REJECT {`, `ACCEPT { a = 1 }`, … (indented, or after an inline entry)
  | 'param' // `key = value` inside a block (possibly several, possibly ending the block)
  | 'brace' // `{` or `}` (or `{}`) alone
  | 'group-head' // `NAME:` at column 0 (members may follow on the same line)
  | 'member' // indented sender(s) of a group
  | 'policy-line' // indented `$POLICY (comment)` of a group or inline entry
  | 'inline-entry' // a sender at column 0 (behaviour or `$POLICY` on the same or the next line)
  | 'all' // `ALL` at column 0
  | 'comment' // `# …`
  | 'blank'
  | 'unknown';

/** One line of HAT text. */
export interface SyntaxLine {
  /** 0-based line index. */
  index: number;
  /** Offset of the line's first character in the HAT text. */
  offset: number;
  /** The line without its ending. */
  text: string;
  eol: Eol;
  /** Leading spaces and tabs. */
  indent: string;
  kind: LineKind;
  /** Tokens of the body (after the indent); their texts concatenate to `text.slice(indent.length)`. */
  tokens: Token[];
  /** Brace depth (inside policy blocks) at the start of the line. */
  depth: number;
}

/** A HAT as lines. */
export interface HatSyntax {
  text: string;
  lines: SyntaxLine[];
}

/** Splits text into lines as an XML parser sees them; the endings are kept. */
export function splitLines(text: string): { offset: number; text: string; eol: Eol }[] {
  const out: { offset: number; text: string; eol: Eol }[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 10 && c !== 13) continue;
    const crlf = c === 13 && text.charCodeAt(i + 1) === 10;
    out.push({ offset: start, text: text.slice(start, i), eol: crlf ? '\r\n' : c === 13 ? '\r' : '\n' });
    if (crlf) i++;
    start = i + 1;
  }
  if (start < text.length) out.push({ offset: start, text: text.slice(start), eol: '' });
  return out;
}

/** Space or tab. */
const isSpaceCode = (c: number) => c === 32 || c === 9;
/** What ends a bare word: space, tab, `{`, `}`, `=`, `,`, `"`, `(`. */
const isWordStop = (c: number) => c === 32 || c === 9 || c === 123 || c === 125 || c === 61 || c === 44 || c === 34 || c === 40;

/**
 * Scans a `"…"` string from `i` (at the quote). A backslash takes the next character with it
 * (so `\"` never closes the string); only `\"` is read as an escape (`"`), every other
 * backslash stays in the value as written and marks the string `odd`.
 */
function scanString(body: string, i: number): { end: number; value: string; closed: boolean; odd: boolean } {
  let value = '';
  let odd = false;
  let j = i + 1;
  while (j < body.length) {
    const ch = body[j]!;
    if (ch === '\\') {
      const next = body[j + 1];
      if (next === '"') {
        value += '"';
        j += 2;
        continue;
      }
      odd = true;
      value += next === undefined ? ch : ch + next;
      j += next === undefined ? 1 : 2;
      continue;
    }
    if (ch === '"') return { end: j + 1, value, closed: true, odd };
    value += ch;
    j++;
  }
  return { end: body.length, value, closed: false, odd };
}

/** Scans a `(…)` comment from `i`; nested parens count, parens inside quotes do not (when the quotes close). */
function scanComment(body: string, i: number): { end: number; closed: boolean } {
  const scan = (quotes: boolean): number => {
    let depth = 0;
    let j = i;
    while (j < body.length) {
      const ch = body[j]!;
      if (quotes && ch === '"') {
        const s = scanString(body, j);
        if (!s.closed) return -1;
        j = s.end;
        continue;
      }
      if (ch === '(') depth++;
      else if (ch === ')' && --depth === 0) return j + 1;
      j++;
    }
    return -1;
  };
  // A lone quote inside a comment (`(5" disk)`) cannot be a string: read the parens alone.
  const end = scan(true);
  if (end > 0) return { end, closed: true };
  const plain = scan(false);
  return plain > 0 ? { end: plain, closed: true } : { end: body.length, closed: false };
}

/** Tokenizes a line body that starts at `offset` in the HAT text and at column `col` of its line. */
export function tokenize(body: string, offset = 0, col = 0): Token[] {
  const tokens: Token[] = [];
  const push = (kind: TokenKind, from: number, to: number, value?: string, unterminated?: boolean, odd?: boolean) => {
    const text = body.slice(from, to);
    const t: Token = { kind, text, offset: offset + from, col: col + from, value: value ?? text };
    if (unterminated) t.unterminated = true;
    if (odd) t.oddEscape = true;
    tokens.push(t);
  };
  let i = 0;
  const n = body.length;
  while (i < n) {
    const ch = body[i]!;
    const code = body.charCodeAt(i);
    if (isSpaceCode(code)) {
      let j = i + 1;
      while (j < n && isSpaceCode(body.charCodeAt(j))) j++;
      push('space', i, j);
      i = j;
    } else if (ch === '{' || ch === '}' || ch === '=' || ch === ',') {
      push(ch === '{' ? 'lbrace' : ch === '}' ? 'rbrace' : ch === '=' ? 'equals' : 'comma', i, i + 1);
      i++;
    } else if (ch === '"') {
      const s = scanString(body, i);
      push('string', i, s.end, s.value, !s.closed, s.odd);
      i = s.end;
    } else if (ch === '(') {
      const c = scanComment(body, i);
      const inner = body.slice(i + 1, c.closed ? c.end - 1 : c.end);
      push('comment', i, c.end, inner, !c.closed);
      i = c.end;
    } else {
      let j = i + 1;
      while (j < n && !isWordStop(body.charCodeAt(j))) j++;
      push('word', i, j);
      i = j;
    }
  }
  return tokens;
}

/** The tokens that are not spaces (`tokens` itself when it holds none: a member line, most often). */
export function significant(tokens: readonly Token[]): readonly Token[] {
  for (const t of tokens) if (t.kind === 'space') return tokens.filter((x) => x.kind !== 'space');
  return tokens;
}

function braceBalance(sig: readonly Token[]): number {
  let n = 0;
  for (const t of sig) n += t.kind === 'lbrace' ? 1 : t.kind === 'rbrace' ? -1 : 0;
  return n;
}

/** `key = value` pairs, then optionally `}` and a `(comment)`. */
function isParamLine(sig: readonly Token[]): boolean {
  let i = 0;
  let params = 0;
  while (
    i + 2 < sig.length + 0 &&
    sig[i]!.kind === 'word' &&
    sig[i + 1]!.kind === 'equals' &&
    (sig[i + 2]!.kind === 'word' || sig[i + 2]!.kind === 'string')
  ) {
    i += 3;
    params++;
  }
  if (!params) return false;
  if (i < sig.length && sig[i]!.kind === 'rbrace') i++;
  if (i < sig.length && sig[i]!.kind === 'comment') i++;
  return i === sig.length;
}

type Owner = 'none' | 'policy' | 'group' | 'inline' | 'all';

/** Parses HAT text into classified lines. Never throws. */
export function parseHat(text: string): HatSyntax {
  const lines: SyntaxLine[] = [];
  let owner: Owner = 'none';
  let depth = 0;
  let pendingBrace = false;
  for (const raw of splitLines(text)) {
    let indentEnd = 0;
    while (indentEnd < raw.text.length && isSpaceCode(raw.text.charCodeAt(indentEnd))) indentEnd++;
    const indent = raw.text.slice(0, indentEnd);
    const body = raw.text.slice(indent.length);
    const startDepth = depth;
    let kind: LineKind;
    let tokens: Token[];
    if (body === '') {
      kind = 'blank';
      tokens = [];
    } else if (body.startsWith('#')) {
      kind = 'comment';
      tokens = [{ kind: 'word', text: body, offset: raw.offset + indent.length, col: indent.length, value: body }];
    } else {
      tokens = tokenize(body, raw.offset + indent.length, indent.length);
      const sig = significant(tokens);
      const first = sig[0]!;
      const head = indent === '' && first.kind === 'word';
      let opensBehaviour = false;
      if (head) {
        // A head at column 0 ends any block left open (the model reports it).
        depth = 0;
        if (isPolicyName(first.text)) (kind = 'policy-head'), (owner = 'policy');
        else if (first.text === 'ALL') (kind = 'all'), (owner = 'all');
        else if (isGroupHead(first.text)) (kind = 'group-head'), (owner = 'group');
        else (kind = 'inline-entry'), (owner = 'inline');
        const kw = sig.findIndex((t, i) => i > 0 && t.kind === 'word' && isBehaviour(t.text));
        opensBehaviour = kw > 0 && !sig.slice(kw).some((t) => t.kind === 'lbrace');
        depth = Math.max(0, braceBalance(sig));
      } else if (depth > 0) {
        kind = isParamLine(sig)
          ? 'param'
          : first.kind === 'rbrace' && (sig.length === 1 || (sig.length === 2 && sig[1]!.kind === 'comment'))
            ? 'brace'
            : 'unknown';
        depth = Math.max(0, depth + braceBalance(sig));
      } else if (first.kind === 'lbrace' && pendingBrace) {
        kind = sig.length === 1 || (sig.length === 2 && sig[1]!.kind === 'rbrace') ? 'brace' : 'param';
        depth = Math.max(0, braceBalance(sig));
      } else if (indent !== '' && first.kind === 'word' && isBehaviour(first.text) && owner !== 'none') {
        kind = 'behaviour';
        opensBehaviour = !sig.some((t) => t.kind === 'lbrace');
        depth = Math.max(0, braceBalance(sig));
      } else if (indent !== '' && first.kind === 'word' && isPolicyName(first.text) && owner !== 'none' && owner !== 'policy') {
        kind = 'policy-line';
      } else if (
        indent !== '' &&
        (owner === 'group' || owner === 'inline') &&
        sig.every((t) => t.kind === 'comma' || (t.kind === 'word' && !isPolicyName(t.text) && !isBehaviour(t.text)))
      ) {
        kind = 'member';
      } else {
        kind = 'unknown';
      }
      pendingBrace = opensBehaviour;
    }
    lines.push({ index: lines.length, offset: raw.offset, text: raw.text, eol: raw.eol, indent, kind, tokens, depth: startDepth });
  }
  return { text, lines };
}

/** Prints lines back: the identity on `parseHat`. */
export function printHat(syntax: Pick<HatSyntax, 'lines'>): string {
  let out = '';
  for (const l of syntax.lines) out += l.text + l.eol;
  return out;
}
