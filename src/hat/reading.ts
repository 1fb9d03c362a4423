/**
 * Reading helpers of the HAT model (src/hat/model.ts): the token stream of an item's lines, a
 * behaviour and its block, and what the format doc confirms of names, members and `#`.
 */
import type { Sender } from '../net/sender.js';
import type { Behaviour, BlockSpelling, HatProblem, HatProblemCode, Param } from './model.js';
import { isBehaviour, isPolicyName, PARAM_NAME_RE } from './grammar.js';
import { significant, type SyntaxLine, type Token } from './syntax.js';

/** A token with its 0-based HAT line. */
export interface Tok extends Token {
  line: number;
}

/** A problem at a 0-based line and column (stored 1-based). */
export const problemOf = (
  code: HatProblemCode,
  blocking: boolean,
  line: number,
  col: number,
  text: string,
  name: string | null,
): HatProblem => ({
  code,
  blocking,
  line: line + 1,
  col: col + 1,
  text,
  name,
});

/** Parses a behaviour spec (`KEYWORD [{ k = v … }] [(comment)]`) from `toks` at `i`. */
export function parseBehaviourAt(
  toks: readonly Tok[],
  i: number,
  problems: HatProblem[],
  name: string | null,
): { behaviour: Behaviour; comment: string | null; next: number } {
  const kw = toks[i]!;
  const params: Param[] = [];
  let j = i + 1;
  let spelling: BlockSpelling = 'bare';
  let lastLine = kw.line;
  if (toks[j]?.kind === 'lbrace') {
    const open = toks[j]!;
    j++;
    let closed = false;
    let empty = true;
    while (j < toks.length) {
      const t = toks[j]!;
      if (t.kind === 'rbrace') {
        closed = true;
        lastLine = t.line;
        j++;
        break;
      }
      // A `$NAME` or a behaviour keyword inside an unclosed block starts the next thing.
      if (t.kind === 'word' && (isPolicyName(t.text) || isBehaviour(t.text)) && toks[j + 1]?.kind !== 'equals') break;
      const eq = toks[j + 1];
      const val = toks[j + 2];
      if (t.kind === 'word' && eq?.kind === 'equals' && val && (val.kind === 'word' || val.kind === 'string')) {
        if (val.unterminated) problems.push(problemOf('hat-unterminated-quote', true, val.line, val.col, val.text, name));
        else if (val.oddEscape || (val.kind === 'word' && val.text.includes('\\')))
          problems.push(problemOf('hat-value-escape', true, val.line, val.col, val.text, name));
        // Every parameter name known is lower case; whether `TLS` is `tls` to the appliance is not.
        if (!PARAM_NAME_RE.test(t.text)) problems.push(problemOf('hat-unknown-param', true, t.line, t.col, t.text, name));
        params.push([t.text, val.value]);
        lastLine = val.line;
        empty = false;
        j += 3;
        continue;
      }
      if (t.unterminated) problems.push(problemOf('hat-unterminated-quote', true, t.line, t.col, t.text, name));
      else problems.push(problemOf('hat-unknown-param', true, t.line, t.col, t.text, name));
      empty = false;
      lastLine = t.line;
      j++;
    }
    if (!closed) problems.push(problemOf('hat-unclosed-block', true, open.line, open.col, '{', name));
    // Which of two values the appliance keeps is not known; nor whether it tells `TLS` from
    // `tls` (nothing confirms that names are case-sensitive), so those are two values too.
    const keys = new Set<string>();
    for (const [k] of params) {
      const key = k.toLowerCase();
      if (keys.has(key)) problems.push(problemOf('hat-duplicate-param', true, open.line, open.col, k, name));
      keys.add(key);
    }
    spelling =
      open.line !== kw.line
        ? 'own-lines'
        : empty && closed && lastLine === kw.line
          ? 'empty'
          : lastLine === kw.line
            ? 'inline'
            : 'multiline';
  }
  let comment: string | null = null;
  const c = toks[j];
  if (c?.kind === 'comment') {
    if (c.unterminated) problems.push(problemOf('hat-unterminated-quote', true, c.line, c.col, c.text, name));
    comment = c.value;
    lastLine = Math.max(lastLine, c.line);
    j++;
  }
  return { behaviour: { behaviour: kw.text, params, spelling, line: kw.line, lastLine }, comment, next: j };
}

/** Tokens of a line (or its tail after `from` significant tokens) with the line index; nothing from a `#` word on (see {@link hashAt}). */
export function toksOf(line: SyntaxLine, from = 0): Tok[] {
  const sig = significant(line.tokens);
  const cut = hashAt(sig);
  const end = cut < 0 ? sig.length : cut;
  const out: Tok[] = [];
  // Built field by field (no spread): a HAT of many thousand members reads every token here.
  for (let i = from; i < end; i++) {
    const t = sig[i]!;
    const tok: Tok = { kind: t.kind, text: t.text, offset: t.offset, col: t.col, value: t.value, line: line.index };
    if (t.unterminated) tok.unterminated = true;
    if (t.oddEscape) tok.oddEscape = true;
    out.push(tok);
  }
  return out;
}

/**
 * Index of the first word holding `#` in a line's significant tokens, or -1. A `#` that does not
 * start a line is not a comment the format doc confirms: what follows it may be read by the
 * appliance as more members or parameters (`208.90.57.0/26 # was mx.evil.example`).
 */
export function hashAt(sig: readonly Token[]): number {
  return sig.findIndex((t) => t.kind === 'word' && t.text.includes('#'));
}

/** A member form of the format doc's grammar (or an opaque SBRS / SBO / dnslist member). */
export function knownMember(text: string, sender: Sender): boolean {
  return sender.kind !== 'other' || /^(SBRS\[|SBO:|dnslist\[)/i.test(text);
}
