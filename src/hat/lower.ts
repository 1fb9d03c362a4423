/**
 * Lowering: HAT operations to minimal text edits. The HAT is a list of lines that remember
 * their original offsets; operations insert, remove or move runs of lines, or edit a token
 * within a line; the edits are derived from the list. Inserted text follows the HAT's style.
 * What cannot be written exactly is refused (a `Refused` `hat-cannot-lower` or `hat-blocking`), never approximated.
 */
import { proveOperations, type HatChange } from './diff.js';
import { buildModel, readHat, type HatModel, type HatProblem } from './model.js';
import {
  formatValue,
  type AddPolicy,
  type AddSenderGroup,
  type HatOperation,
  type PolicyTarget,
  type SetPolicyParam,
} from './operations.js';
import { applyHatEdits, Lowering, type LowerText, retokenize, type HatEdit, type Line, type LTok } from './lines.js';
import { CONTROL, isBehaviour, PARAM_NAME_RE, SENDER_RE, WRITTEN_NAME_RE as NAME } from './grammar.js';
import { parseHat, significant, tokenize, type Eol, type HatSyntax, type LineKind } from './syntax.js';
import { finding, Refused } from '../findings.js';

export { applyHatEdits, type HatEdit } from './lines.js';

/** `value` as characters: in a UTF-8 document's HAT, its bytes decoded (null: not UTF-8). */
function asCharacters(l: Lowering, value: string): string | null {
  if (!l.utf8) return value;
  // Characters beyond U+00FF come from character references: not bytes, kept as they are.
  const bytes = /^[\x00-\xff]*$/.test(value);
  try {
    return bytes ? UTF8.decode(Uint8Array.from(value, (c) => c.charCodeAt(0))) : value;
  } catch {
    return null;
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
// Code units no XML document holds: a lone surrogate, U+FFFE, U+FFFF.
const NOT_XML = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[\ufffe\uffff]/;

function checkText(l: Lowering, op: HatOperation, what: LowerText, value: string, pattern?: RegExp): void {
  const chars = asCharacters(l, value);
  if (chars === null || CONTROL.test(chars) || NOT_XML.test(chars) || (pattern && !pattern.test(chars)))
    l.refuse(null, 'unwritable-text', op, { name: what, value: chars ?? value });
  // `\"` is the one escape the format is known to have: a value with a backslash is not written.
  if (what === 'value' && value.includes('\\')) l.refuse(null, 'backslash', op, { value });
}

function checkComment(l: Lowering, op: HatOperation, comment: string): void {
  checkText(l, op, 'comment', comment);
  const t = tokenize(`(${comment})`);
  if (t.length !== 1 || t[0]!.kind !== 'comment' || t[0]!.unterminated) l.refuse(null, 'comment-unreadable', op, { value: comment });
}

/** Lines of a run from the text an operation recorded (a removal's exact text). */
function linesOfText(text: string): { text: string; kind: LineKind; eol: Eol }[] {
  return parseHat(text).lines.map((x) => ({ text: x.text, kind: x.kind, eol: x.eol }));
}

function policyText(l: Lowering, op: AddPolicy, at: number): Line[] {
  if (op.text !== undefined) return linesFromRecorded(l, op.text, at);
  checkText(l, op, 'policy-name', op.policy, NAME);
  if (!isBehaviour(op.behaviour)) l.refuse(null, 'unknown-behaviour', op, { value: op.behaviour });
  const s = l.style;
  const texts: { text: string; kind: LineKind }[] = [{ text: `$${op.policy}`, kind: 'policy-head' }];
  if (!op.params.length) texts.push({ text: s.behaviourIndent + op.behaviour, kind: 'behaviour' });
  else {
    texts.push({ text: `${s.behaviourIndent}${op.behaviour} {`, kind: 'behaviour' });
    for (const [k, v] of op.params) {
      checkText(l, op, 'parameter', k, PARAM_NAME_RE);
      checkText(l, op, 'value', v);
      texts.push({ text: `${s.paramIndent}${k} = ${formatValue(v)}`, kind: 'param' });
    }
    texts.push({ text: `${s.behaviourIndent}}`, kind: 'brace' });
  }
  return l.newLines(texts, at);
}

function linesFromRecorded(l: Lowering, text: string, at: number): Line[] {
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) l.refuse(null, 'recorded-control', null);
  const eol = l.eolAt(at);
  return linesOfText(text).map((x) => {
    const line: Line = { orig: null, text: x.text, eol: x.eol === '' ? eol : x.eol, kind: x.kind, tokens: [] };
    retokenize(line);
    return line;
  });
}

function refText(l: Lowering, op: HatOperation, t: PolicyTarget): string {
  if (t.kind === 'named') {
    checkText(l, op, 'policy-name', t.name, NAME);
    return `$${t.name}`;
  }
  if (!isBehaviour(t.behaviour) || t.params.length) l.refuse(null, 'own-params', op);
  return t.behaviour;
}

function groupText(l: Lowering, op: AddSenderGroup, at: number): Line[] {
  if (op.text !== undefined) return linesFromRecorded(l, op.text, at);
  checkText(l, op, 'group-name', op.group, NAME);
  if (op.group.toUpperCase() === 'ALL') l.refuse(null, 'group-named-all', op);
  const s = l.style;
  const texts: { text: string; kind: LineKind }[] = [{ text: `${op.group}:`, kind: 'group-head' }];
  for (const m of op.senders) {
    checkText(l, op, 'sender', m, SENDER_RE);
    texts.push({ text: s.memberIndent + m, kind: 'member' });
  }
  if (op.comment) checkComment(l, op, op.comment);
  const ref = refText(l, op, op.policy);
  texts.push({
    text: `${op.policy.kind === 'named' ? s.policyLineIndent : s.behaviourIndent}${ref}${op.comment ? ` (${op.comment})` : ''}`,
    kind: op.policy.kind === 'named' ? 'policy-line' : 'behaviour',
  });
  return l.newLines(texts, at);
}

function blank(l: Lowering, at: number): Line[] {
  return l.newLines([{ text: '', kind: 'blank' }], at);
}

function lowerOne(l: Lowering, op: HatOperation): void {
  switch (op.op) {
    case 'add-policy': {
      if (l.policies.has(op.policy)) l.refuse(null, 'policy-exists', op, { name: op.policy });
      const at = l.afterPolicies();
      const hadPolicies = l.policies.size > 0;
      const run = policyText(l, op, at);
      const lead = hadPolicies && l.style.blankBetweenPolicies ? blank(l, at) : [];
      l.insert(at, [...lead, ...run]);
      l.policies.set(op.policy, run);
      return;
    }
    case 'remove-policy': {
      const run = l.policies.get(op.policy) ?? l.refuse(null, 'no-policy', op, { name: op.policy });
      l.remove(run);
      l.policies.delete(op.policy);
      return;
    }
    case 'add-sender-group': {
      if (l.entries.has(op.group)) l.refuse(null, 'entry-exists', op, { name: op.group });
      const at = l.entrySlot(op.before, op);
      const run = groupText(l, op, at);
      const tail = l.style.blankBetweenEntries && op.before !== null && op.text === undefined ? blank(l, at) : [];
      l.insert(at, [...run, ...tail]);
      l.entries.set(op.group, [...run, ...tail]);
      return;
    }
    case 'remove-sender-group': {
      const run = l.entries.get(op.group) ?? l.refuse(null, 'no-group', op, { name: op.group });
      l.remove(run);
      l.entries.delete(op.group);
      return;
    }
    case 'move-sender-group': {
      const run = l.entries.get(op.group) ?? l.refuse(null, 'no-group', op, { name: op.group });
      if (op.toBefore === op.group) l.refuse(null, 'move-before-self', op, { name: op.group });
      l.remove(run);
      const at = l.entrySlot(op.toBefore, op);
      // A run that ends the HAT has no line ending of its own; it gets its new neighbour's.
      l.insert(at, run);
      return;
    }
    case 'add-senders': {
      const run = l.entries.get(op.group) ?? l.refuse(null, 'no-group', op, { name: op.group });
      const lastMember = [...run].reverse().find((x) => x.kind === 'member') ?? run[0]!;
      const indent = lastMember.kind === 'member' ? /^[ \t]*/.exec(lastMember.text)![0] : l.style.memberIndent;
      for (const m of op.senders) checkText(l, op, 'sender', m, SENDER_RE);
      const at = l.lines.indexOf(lastMember) + 1;
      const added = l.newLines(
        op.senders.map((m) => ({ text: indent + m, kind: 'member' as LineKind })),
        at,
      );
      l.insert(at, added);
      run.splice(run.indexOf(lastMember) + 1, 0, ...added);
      return;
    }
    case 'remove-senders': {
      const run = l.entries.get(op.group) ?? l.refuse(null, 'no-group', op, { name: op.group });
      for (const m of op.senders) {
        const hits: LTok[] = [];
        run.forEach((line, i) => {
          if (i !== 0 && line.kind !== 'member') return;
          const sig = significant(line.tokens);
          for (const tok of i === 0 ? sig.slice(1) : sig)
            if (tok.kind === 'word' && tok.text.toLowerCase() === m.toLowerCase()) hits.push({ line, tok });
        });
        if (hits.length !== 1) l.refuse(hits[0]?.line ?? run[0]!, 'sender-count', op, { name: op.group, value: m, count: hits.length });
        const { line, tok } = hits[0]!;
        const words = significant(line.tokens).filter((t) => t.kind === 'word');
        if (line.kind === 'member' && words.length === 1) {
          l.remove([line]);
          run.splice(run.indexOf(line), 1);
          continue;
        }
        // Remove the token and the separator after it (or before it, when it is last).
        const i = line.tokens.indexOf(tok);
        let from = i;
        let to = i + 1;
        while (to < line.tokens.length && (line.tokens[to]!.kind === 'space' || line.tokens[to]!.kind === 'comma')) to++;
        if (to === line.tokens.length)
          while (from > 0 && (line.tokens[from - 1]!.kind === 'space' || line.tokens[from - 1]!.kind === 'comma')) from--;
        const col = line.tokens[from]!.col;
        const end = to < line.tokens.length ? line.tokens[to]!.col : line.text.length;
        l.editLine(line, col, end - col, '');
      }
      return;
    }
    case 'set-group-policy': {
      const run = l.entries.get(op.group) ?? l.refuse(null, 'no-entry', op, { name: op.group });
      if (op.to.kind !== 'named' || (op.from.kind === 'own' && op.from.params.length))
        return l.refuse(run[0]!, 'rebind', op, { name: op.group });
      const to = refText(l, op, op.to);
      const from = op.from.kind === 'named' ? `$${op.from.name}` : op.from.behaviour;
      const hits: LTok[] = [];
      for (const line of run) {
        if (line !== run[0] && line.kind !== 'policy-line' && line.kind !== 'behaviour') continue;
        const sig = significant(line.tokens);
        for (const tok of line === run[0] ? sig.slice(1) : sig) if (tok.kind === 'word' && tok.text === from) hits.push({ line, tok });
      }
      // A bare behaviour must stay bare: no block may follow the keyword.
      const hit = hits[0];
      if (hit && op.from.kind === 'own') {
        const sig = significant(hit.line.tokens);
        const next = sig[sig.indexOf(hit.tok) + 1];
        if (next && next.kind !== 'comment') return l.refuse(hit.line, 'own-block', op, { name: op.group });
      }
      if (hits.length !== 1) return l.refuse(run[0]!, 'binding-count', op, { name: op.group, value: from, count: hits.length });
      l.editLine(hits[0]!.line, hits[0]!.tok.col, hits[0]!.tok.text.length, to);
      return;
    }
    case 'set-policy-param':
      return setParam(l, op);
  }
}

function setParam(l: Lowering, op: SetPolicyParam): void {
  const run = l.policies.get(op.policy) ?? l.refuse(null, 'no-policy', op, { name: op.policy });
  if (op.to !== null) checkText(l, op, 'value', op.to);
  checkText(l, op, 'parameter', op.param, PARAM_NAME_RE);
  const toks = l.blockTokens(run);
  const kw = toks[0];
  if (!kw || kw.tok.kind !== 'word' || !isBehaviour(kw.tok.text))
    return l.refuse(run[0]!, 'no-behaviour', op, { name: op.policy, value: op.param });
  const open = toks[1]?.tok.kind === 'lbrace' ? toks[1] : undefined;
  const closeAt = open ? toks.findIndex((t, i) => i > 1 && t.tok.kind === 'rbrace') : -1;
  if (open && closeAt < 0) return l.refuse(open.line, 'unclosed-block', op, { name: op.policy });
  const inner = open ? toks.slice(2, closeAt) : [];
  const found: { key: LTok; value: LTok }[] = [];
  for (let i = 0; i + 2 < inner.length + 0 || i + 2 === inner.length; i += 3) {
    const k = inner[i];
    const eq = inner[i + 1];
    const v = inner[i + 2];
    if (
      !k ||
      !eq ||
      !v ||
      k.tok.kind !== 'word' ||
      eq.tok.kind !== 'equals' ||
      (v.tok.kind !== 'word' && v.tok.kind !== 'string') ||
      v.tok.unterminated
    )
      return l.refuse((k ?? open)!.line, 'unreadable-block', op, { name: op.policy });
    if (k.tok.text === op.param) found.push({ key: k, value: v });
  }
  if (found.length > 1) return l.refuse(found[1]!.key.line, 'param-count', op, { name: op.policy, value: op.param, count: found.length });
  const hit = found[0];
  if (hit) {
    if (op.to !== null) {
      const quoted = hit.value.tok.kind === 'string';
      const text = quoted || !/^-?[0-9]+$/.test(op.to) ? `"${op.to.replace(/"/g, '\\"')}"` : op.to;
      l.editLine(hit.value.line, hit.value.tok.col, hit.value.tok.text.length, text);
      return;
    }
    const line = hit.key.line;
    const sig = significant(line.tokens);
    if (line.kind === 'param' && sig.length === 3) {
      l.remove([line]);
      run.splice(run.indexOf(line), 1);
      return;
    }
    if (hit.value.line !== line) return l.refuse(line, 'spans-lines', op, { name: op.policy, value: op.param });
    const i = line.tokens.indexOf(hit.key.tok);
    const j = line.tokens.indexOf(hit.value.tok);
    const from = i > 0 && line.tokens[i - 1]!.kind === 'space' ? i - 1 : i;
    const col = line.tokens[from]!.col;
    const end = line.tokens[j]!.col + line.tokens[j]!.text.length;
    l.editLine(line, col, end - col, '');
    return;
  }
  if (op.to === null) return;
  const param = `${op.param} = ${formatValue(op.to)}`;
  if (!open) {
    // A bare behaviour: a block after the keyword, on the keyword's line or over lines.
    const line = kw.line;
    const sig = significant(line.tokens);
    const kwIndent = sig[0] === kw.tok ? /^[ \t]*/.exec(line.text)![0] : l.style.behaviourIndent;
    if (sig[sig.length - 1] === kw.tok) {
      const at = l.lines.indexOf(line) + 1;
      l.editLine(line, line.text.length, 0, ' {');
      const added = l.newLines(
        [
          { text: (kwIndent === '' ? l.style.paramIndent : kwIndent + kwIndent) + param, kind: 'param' },
          { text: `${kwIndent}}`, kind: 'brace' },
        ],
        at,
      );
      l.insert(at, added);
      run.splice(run.indexOf(line) + 1, 0, ...added);
      return;
    }
    l.editLine(line, kw.tok.col + kw.tok.text.length, 0, ` { ${param} }`);
    return;
  }
  const close = toks[closeAt]!;
  if (close.line === open.line) {
    // `{}`, `{ }` or `{ a = 1 }` on one line: the parameter goes before `}`.
    const before = close.line.text[close.tok.col - 1];
    const text = inner.length === 0 ? (before === ' ' ? `${param} ` : ` ${param} `) : before === ' ' ? `${param} ` : ` ${param}`;
    l.editLine(close.line, close.tok.col, 0, text);
    return;
  }
  // A block over several lines: a new line before the line of `}`.
  const paramLines = run.filter((x) => x.kind === 'param');
  const indent = paramLines.length ? /^[ \t]*/.exec(paramLines[paramLines.length - 1]!.text)![0] : l.style.paramIndent;
  const at = l.lines.indexOf(close.line);
  const added = l.newLines([{ text: indent + param, kind: 'param' }], at);
  l.insert(at, added);
  run.splice(run.indexOf(close.line), 0, ...added);
}

function touched(op: HatOperation): string[] {
  switch (op.op) {
    case 'add-policy':
    case 'remove-policy':
    case 'set-policy-param':
      return [op.policy];
    case 'add-sender-group':
    case 'remove-sender-group':
      return [op.group, ...(op.before === null ? [] : [op.before])];
    case 'move-sender-group':
      return [op.group, ...[op.fromBefore, op.toBefore].filter((x): x is string => x !== null)];
    default:
      return [op.group];
  }
}

/** The edits that perform `ops` on the HAT text. Throws a `Refused` (`hat-cannot-lower`, `hat-blocking`; listener left to the caller). */
export function lowerOperations(syntax: HatSyntax, ops: readonly HatOperation[]): HatEdit[] {
  return lowerWith(syntax, buildModel(syntax), ops);
}

/** How the HAT text is held. */
export interface LowerOptions {
  /**
   * The text is a UTF-8 document's, one character per byte: values are checked as the
   * characters their bytes encode (`\xC3\x9C` is `Ü`, not a C1 control).
   */
  utf8?: boolean;
}

function lowerWith(syntax: HatSyntax, model: HatModel, ops: readonly HatOperation[], options: LowerOptions = {}): HatEdit[] {
  for (const op of ops) {
    const names = new Set(touched(op).map((n) => n.toLowerCase()));
    const p = model.problems.find((x) => x.blocking && (x.name === null || names.has(x.name.toLowerCase())));
    if (p)
      throw new Refused(finding('hat-blocking', 'error', { listener: '', problem: p.code, line: p.line, text: p.text }, { line: p.line }));
  }
  const l = new Lowering(syntax, model, options.utf8 === true);
  for (const op of ops) lowerOne(l, op);
  return l.edits();
}

/** Result of {@link lowerAndProve}. */
export type LowerResult =
  | { ok: true; edits: HatEdit[]; text: string; after: { syntax: HatSyntax; model: HatModel } }
  | { ok: false; edits: HatEdit[]; text: string; differences: HatChange[] };

/**
 * Lower → apply edits → parse → model → prove. `ok: false` when the text read back does not
 * mean exactly the operations (an internal-check failure). Throws a `Refused` (`hat-cannot-lower`, `hat-blocking`; listener left to the caller).
 * `model` is `buildModel(syntax)` when the caller has it already.
 */
export function lowerAndProve(syntax: HatSyntax, ops: readonly HatOperation[], model?: HatModel, options: LowerOptions = {}): LowerResult {
  const before = model ?? buildModel(syntax);
  const edits = lowerWith(syntax, before, ops, options);
  const text = applyHatEdits(syntax.text, edits);
  const after = readHat(text, before);
  const differences = proveOperations(before, after.model, ops);
  // A change must not make the HAT harder to read than it was.
  const key = (p: HatProblem) => `${p.code} ${p.name ?? ''} ${p.text}`;
  const old = before.problems.filter((p) => p.blocking).map(key);
  for (const p of after.model.problems.filter((x) => x.blocking)) {
    const i = old.indexOf(key(p));
    if (i >= 0) old.splice(i, 1);
    else differences.push({ kind: 'operation-failed', operation: 'read back', reason: `${p.code} at HAT line ${p.line}: ${p.text}` });
  }
  return differences.length ? { ok: false, edits, text, differences } : { ok: true, edits, text, after };
}
