/**
 * The HAT text format, losslessly: lines split exactly as an XML parser reports text (CR LF,
 * lone CR and LF each end a line; each line keeps its own ending), each line tokenized and
 * classified in context. `printHat(parseHat(t)) === t` for every `t`.
 */

/** A line ending as written: `''` only on the last line. */
export type Eol = '' | '\n' | '\r\n' | '\r';

/** What a token is. `space` tokens are kept so that tokens concatenate back to the line body. */
export type TokenKind =
  | 'word' // bare token: a name, a member, a behaviour keyword, a bare value, `$NAME`, `NAME:`
  | 'lbrace'
  | 'rbrace'
  | 'equals'
  | 'comma'
  | 'string' // "…" with \" escapes; `value` holds the unescaped content
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

/** The behaviour keywords of a mail flow policy. */
export const BEHAVIOURS = ['ACCEPT', 'REJECT', 'RELAY', 'TCPREFUSE', 'CONTINUE'] as const;

/** Splits text into lines as an XML parser sees them; the endings are kept. */
export function splitLines(text: string): { offset: number; text: string; eol: Eol }[] {
  void text;
  throw new Error('not implemented');
}

/** Tokenizes a line body that starts at `offset` in the HAT text and at column `col` of its line. */
export function tokenize(body: string, offset = 0, col = 0): Token[] {
  void body, offset, col;
  throw new Error('not implemented');
}

/** Parses HAT text into classified lines. Never throws. */
export function parseHat(text: string): HatSyntax {
  void text;
  throw new Error('not implemented');
}

/** Prints lines back: the identity on `parseHat`. */
export function printHat(syntax: Pick<HatSyntax, 'lines'>): string {
  let out = '';
  for (const l of syntax.lines) out += l.text + l.eol;
  return out;
}
