/**
 * The semantic model of a HAT: what the appliance reads from it, with where each part was
 * written (for lowering and findings). Formatting (indentation, line endings, blank lines, block
 * spelling) is kept only as `spelling`/`line` fields that `semanticDiff` ignores.
 */
import { parseSender, type Sender } from '../net/sender.js';
import { CLEAR_NAME, isBehaviour, isGroupHead, isPolicyName } from './grammar.js';
import { parseHat, significant, type HatSyntax, type SyntaxLine } from './syntax.js';
import { hashAt, knownMember, parseBehaviourAt, problemOf, toksOf, type Tok } from './reading.js';

/**
 * An ordered parameter: key and value (unquoted; `\"` read as `"`, every other backslash kept
 * as written: what the appliance makes of it is not known, see `hat-value-escape`).
 */
export type Param = [key: string, value: string];

/** How a behaviour's block is written (formatting only). */
export type BlockSpelling =
  | 'bare' // `ACCEPT`
  | 'empty' // `ACCEPT {}`
  | 'inline' // `ACCEPT { a = 1 b = "x" }`
  | 'multiline' // `ACCEPT {` … `}`
  | 'own-lines'; // `ACCEPT` / `{` / … / `}`

/** A behaviour with its parameters. */
export interface Behaviour {
  /** `ACCEPT`, `REJECT`, … as written (upper case for known keywords). */
  behaviour: string;
  params: Param[];
  spelling: BlockSpelling;
  /** 0-based HAT line of the keyword (-1: not from text). */
  line: number;
  /** 0-based HAT line of the closing `}` (or the keyword's line). */
  lastLine: number;
}

/** A mail flow policy definition. */
export interface HatPolicy extends Behaviour {
  /** Name without `$`. */
  name: string;
  /** Text of a `(comment)` after the behaviour, without parens; null when none. */
  comment: string | null;
  /** 0-based HAT line of `$NAME`. */
  headLine: number;
}

/** What an entry's senders get: a named policy, or a behaviour of its own. */
export type PolicyRef =
  | { kind: 'named'; name: string; comment: string | null; line: number }
  | ({ kind: 'own'; comment: string | null } & Behaviour);

/** A member of an entry. */
export interface HatMember {
  text: string;
  sender: Sender;
  /** 0-based HAT line. */
  line: number;
}

/** A sender group, an inline entry (a sender at column 0), or `ALL`. */
export interface HatEntry {
  kind: 'group' | 'inline' | 'all';
  /** Group name (without `:`), the inline entry's first member, or `ALL`. */
  name: string;
  members: HatMember[];
  /** Null when the entry names no policy (a blocking problem). */
  policy: PolicyRef | null;
  /** 0-based HAT lines of the entry's first and last line (trailing blank/comment lines excluded). */
  line: number;
  lastLine: number;
}

/** Where an unknown line stands: inside a policy or entry, or before the item at `index` (items: policies then entries). */
export interface UnknownLine {
  /** The line's text without indentation and ending. */
  text: string;
  /** 0-based HAT line. */
  line: number;
  where: { inside: 'policy' | 'entry' | null; index: number; name: string | null };
}

/** Codes of problems a HAT can have (also finding codes of the HAT area). */
export type HatProblemCode =
  | 'hat-empty'
  | 'hat-no-column0-entry'
  | 'hat-unclosed-block'
  | 'hat-stray-brace'
  | 'hat-unterminated-quote'
  | 'hat-orphan-line'
  | 'hat-second-policy'
  | 'hat-member-after-policy'
  | 'hat-entry-without-policy'
  | 'hat-policy-without-behaviour'
  | 'hat-duplicate-policy'
  | 'hat-duplicate-group'
  | 'hat-unknown-line'
  | 'hat-unknown-param'
  | 'hat-unknown-member'
  | 'hat-duplicate-param'
  | 'hat-value-escape'
  | 'hat-head-unclear'
  | 'hat-line-unclear';

/** A problem of the HAT text. */
export interface HatProblem {
  code: HatProblemCode;
  /** Blocking: a decision that depends on this part cannot be made. Otherwise: kept, reported as info. */
  blocking: boolean;
  /** 1-based HAT line and column. */
  line: number;
  col: number;
  /** The text concerned (a line, a member, a name). */
  text: string;
  /** Name of the policy or entry it belongs to, when known. */
  name: string | null;
}

/** The semantic model of one HAT. */
export interface HatModel {
  policies: HatPolicy[];
  entries: HatEntry[];
  unknown: UnknownLine[];
  problems: HatProblem[];
}

interface Item {
  kind: 'policy' | 'group' | 'inline' | 'all';
  lines: SyntaxLine[];
}

/**
 * Builds the model from the syntax. Never throws. `known`: senders already parsed, by their
 * text (parseSender is a function of the text alone, so a sender read before is the same).
 */
export function buildModel(syntax: HatSyntax, known?: ReadonlyMap<string, Sender>): HatModel {
  const parsed = new Map<string, Sender>(known);
  const senderOf = (text: string): Sender => {
    let s = parsed.get(text);
    if (!s) parsed.set(text, (s = parseSender(text)));
    return s;
  };
  const policies: HatPolicy[] = [];
  const entries: HatEntry[] = [];
  const unknown: UnknownLine[] = [];
  const problems: HatProblem[] = [];
  if (syntax.lines.every((l) => l.kind === 'blank')) {
    problems.push(problemOf('hat-empty', true, 0, 0, '', null));
    return { policies, entries, unknown, problems };
  }
  const items: Item[] = [];
  const heads: Record<string, Item['kind']> = { 'policy-head': 'policy', 'group-head': 'group', 'inline-entry': 'inline', all: 'all' };
  let before = 0;
  for (const l of syntax.lines) {
    const k = heads[l.kind];
    if (k) {
      items.push({ kind: k, lines: [l] });
      before++;
    } else if (items.length) items[items.length - 1]!.lines.push(l);
    else if (l.kind !== 'blank' && l.kind !== 'comment') {
      unknown.push({ text: l.text.slice(l.indent.length), line: l.index, where: { inside: null, index: 0, name: null } });
      problems.push(problemOf('hat-orphan-line', true, l.index, l.indent.length, l.text.slice(l.indent.length), null));
    }
  }
  void before;
  if (!items.length) {
    const first = syntax.lines.find((l) => l.kind !== 'blank' && l.kind !== 'comment');
    // One problem says it all: nothing starts at column 0.
    problems.length = 0;
    if (first)
      problems.push(problemOf('hat-no-column0-entry', true, first.index, first.indent.length, first.text.slice(first.indent.length), null));
    return { policies, entries, unknown, problems };
  }

  const noteUnknown = (l: SyntaxLine, inside: 'policy' | 'entry', index: number, name: string, blocking: boolean) => {
    const text = l.text.slice(l.indent.length);
    unknown.push({ text, line: l.index, where: { inside, index, name } });
    // An indented `$NAME`, `NAME:` or `ALL`: the HAT's structure itself is in doubt, whatever uses it.
    const first = significant(l.tokens)[0];
    const headLike =
      first?.kind === 'word' && (isPolicyName(first.text) || isGroupHead(first.text) || first.text === 'ALL') && l.indent !== '';
    if (headLike) problems.push(problemOf('hat-orphan-line', true, l.index, l.indent.length, text, null));
    else problems.push(problemOf('hat-unknown-line', blocking, l.index, l.indent.length, text, name));
  };

  for (const item of items) {
    const head = item.lines[0]!;
    const headSig = significant(head.tokens);
    const lastContent = [...item.lines].reverse().find((l) => l.kind !== 'blank' && l.kind !== 'comment') ?? head;
    const trailing = (name: string) => {
      for (const l of item.lines) {
        if (l.kind === 'comment' || l.kind === 'blank' || l.kind === 'unknown') continue;
        const sig = significant(l.tokens);
        const k = hashAt(sig);
        if (k >= 0) problems.push(problemOf('hat-line-unclear', true, l.index, sig[k]!.col, l.text.slice(sig[k]!.col), name));
      }
    };
    if (item.kind === 'policy') {
      const name = headSig[0]!.text.slice(1);
      trailing(name);
      if (!CLEAR_NAME.test(name)) problems.push(problemOf('hat-head-unclear', true, head.index, 0, head.text, name));
      const stream: Tok[] = toksOf(head, 1);
      for (const l of item.lines.slice(1)) {
        if (l.kind === 'behaviour' || l.kind === 'param' || l.kind === 'brace') stream.push(...toksOf(l));
        else if (l.kind !== 'blank' && l.kind !== 'comment') noteUnknown(l, 'policy', policies.length, name, true);
      }
      const index = policies.length;
      if (!stream.length || stream[0]!.kind !== 'word' || !isBehaviour(stream[0]!.text)) {
        problems.push(problemOf('hat-policy-without-behaviour', true, head.index, 0, head.text, name));
        policies.push({
          name,
          behaviour: '',
          params: [],
          spelling: 'bare',
          line: -1,
          lastLine: lastContent.index,
          comment: null,
          headLine: head.index,
        });
        for (const t of stream) problems.push(problemOf('hat-unknown-param', true, t.line, t.col, t.text, name));
        continue;
      }
      const b = parseBehaviourAt(stream, 0, problems, name);
      for (const t of stream.slice(b.next))
        problems.push(problemOf(t.unterminated ? 'hat-unterminated-quote' : 'hat-unknown-param', true, t.line, t.col, t.text, name));
      policies.push({
        ...b.behaviour,
        name,
        comment: b.comment,
        headLine: head.index,
        lastLine: Math.max(b.behaviour.lastLine, lastContent.index),
      });
      void index;
      continue;
    }
    // An entry: members, then its policy (a `$NAME` line or a behaviour).
    const name = item.kind === 'group' ? headSig[0]!.text.slice(0, -1) : item.kind === 'all' ? 'ALL' : headSig[0]!.text;
    trailing(name);
    // A head the format doc does not confirm: `CRES :`, `all`, `CRES` (no colon), `CRES:x`, `GR?UP:`.
    if (item.kind === 'group' && !CLEAR_NAME.test(name)) problems.push(problemOf('hat-head-unclear', true, head.index, 0, head.text, name));
    if (item.kind === 'inline' && !knownMember(name, senderOf(name)))
      problems.push(problemOf('hat-head-unclear', true, head.index, 0, head.text, name));
    const members: HatMember[] = [];
    const policyToks: Tok[] = [];
    const memberPartRef: { toks: readonly Tok[] | null } = { toks: null };
    const addMembers = (toks: readonly Tok[]) => {
      // Several members on a line are read only when each is a sender of the grammar: otherwise
      // the line may be a member followed by words (`208.90.57.0/26 old entry`).
      const words = toks.filter((t) => t.kind !== 'comma');
      const unclear = words.length > 1 ? words.find((t) => !knownMember(t.text, senderOf(t.text))) : undefined;
      if (unclear) {
        const l = syntax.lines[unclear.line]!;
        problems.push(problemOf('hat-line-unclear', true, unclear.line, unclear.col, l.text.slice(l.indent.length), name));
      }
      if (item.kind === 'inline' && toks === memberPartRef.toks && words.length > 1)
        problems.push(problemOf('hat-head-unclear', true, head.index, 0, head.text, name));
      for (const t of toks) {
        if (t.kind === 'comma') continue;
        if (policyToks.length) problems.push(problemOf('hat-member-after-policy', true, t.line, t.col, t.text, name));
        const sender = senderOf(t.text);
        if (!unclear && !knownMember(t.text, sender)) problems.push(problemOf('hat-unknown-member', false, t.line, t.col, t.text, name));
        members.push({ text: t.text, sender, line: t.line });
      }
    };
    const headToks = toksOf(head, item.kind === 'inline' ? 0 : 1);
    const isMemberTok = (t: Tok) => (t.kind === 'word' || t.kind === 'comma') && !isPolicyName(t.text) && !isBehaviour(t.text);
    // The head line of an inline entry starts with its sender, even one that looks like a keyword.
    let cut = item.kind === 'inline' ? 1 : 0;
    while (cut < headToks.length && isMemberTok(headToks[cut]!)) cut++;
    const memberPart = headToks.slice(0, cut);
    memberPartRef.toks = memberPart;
    if (item.kind === 'all') for (const t of memberPart) problems.push(problemOf('hat-unknown-param', true, t.line, t.col, t.text, name));
    else addMembers(memberPart);
    policyToks.push(...headToks.slice(memberPart.length));
    for (const l of item.lines.slice(1)) {
      if (l.kind === 'member') {
        if (item.kind === 'all') noteUnknown(l, 'entry', entries.length, name, true);
        else addMembers(toksOf(l));
      } else if (l.kind === 'policy-line' || l.kind === 'behaviour' || l.kind === 'param' || l.kind === 'brace')
        policyToks.push(...toksOf(l));
      else if (l.kind !== 'blank' && l.kind !== 'comment') noteUnknown(l, 'entry', entries.length, name, true);
    }
    let policy: PolicyRef | null = null;
    let j = 0;
    while (j < policyToks.length) {
      const t = policyToks[j]!;
      let ref: PolicyRef | null = null;
      if (t.kind === 'word' && isPolicyName(t.text)) {
        let comment: string | null = null;
        j++;
        const c = policyToks[j];
        if (c?.kind === 'comment') {
          if (c.unterminated) problems.push(problemOf('hat-unterminated-quote', true, c.line, c.col, c.text, name));
          comment = c.value;
          j++;
        }
        ref = { kind: 'named', name: t.text.slice(1), comment, line: t.line };
        if (!CLEAR_NAME.test(ref.name)) problems.push(problemOf('hat-line-unclear', true, t.line, t.col, t.text, name));
      } else if (t.kind === 'word' && isBehaviour(t.text)) {
        const b = parseBehaviourAt(policyToks, j, problems, name);
        ref = { kind: 'own', comment: b.comment, ...b.behaviour };
        j = b.next;
      } else {
        problems.push(problemOf(t.unterminated ? 'hat-unterminated-quote' : 'hat-unknown-param', true, t.line, t.col, t.text, name));
        j++;
        continue;
      }
      if (policy) problems.push(problemOf('hat-second-policy', true, t.line, t.col, t.text, name));
      else policy = ref;
    }
    if (!policy) problems.push(problemOf('hat-entry-without-policy', true, head.index, 0, head.text, name));
    entries.push({ kind: item.kind, name, members, policy, line: head.index, lastLine: lastContent.index });
  }

  // Names are unique within a HAT; the appliance may not tell names apart by case.
  const seen = new Map<string, string>();
  for (const p of policies) {
    const k = p.name.toLowerCase();
    if (seen.has(k)) problems.push(problemOf('hat-duplicate-policy', true, p.headLine, 0, p.name, p.name));
    else seen.set(k, p.name);
  }
  const groups = new Map<string, string>();
  for (const e of entries) {
    if (e.kind === 'inline') continue;
    const k = e.name.toLowerCase();
    if (groups.has(k)) problems.push(problemOf('hat-duplicate-group', true, e.line, 0, e.name, e.name));
    else groups.set(k, e.name);
  }
  problems.sort((a, b) => a.line - b.line || a.col - b.col);
  return { policies, entries, unknown, problems };
}

/** Every text {@link readHat} parses in this process, while `texts` is set: for tests that count parses. */
export const hatReads: { texts: string[] | null } = { texts: null };

/**
 * Parses HAT text to syntax and model. `reading`: a model read before (of this HAT's input, say)
 * whose senders need not be parsed again.
 */
export function readHat(text: string, reading?: HatModel): { syntax: HatSyntax; model: HatModel } {
  hatReads.texts?.push(text);
  const syntax = parseHat(text);
  return { syntax, model: buildModel(syntax, reading ? sendersOf(reading) : undefined) };
}

/** Every member's parsed sender, by its text. */
function sendersOf(model: HatModel): Map<string, Sender> {
  const out = new Map<string, Sender>();
  for (const e of model.entries) for (const m of e.members) out.set(m.text, m.sender);
  return out;
}

/** The problems that make a decision impossible. */
export function blockingProblems(model: HatModel): HatProblem[] {
  return model.problems.filter((p) => p.blocking);
}

/** The policy named `name` (exact name, without `$`). */
export function findPolicy(model: HatModel, name: string): HatPolicy | undefined {
  return model.policies.find((p) => p.name === name);
}

/** The entry named `name` (exact name). */
export function findEntry(model: HatModel, name: string): HatEntry | undefined {
  return model.entries.find((e) => e.name === name);
}

/** Resolves an entry's policy to its behaviour and parameters (null when unknown). */
export function resolvePolicy(model: HatModel, entry: HatEntry): { behaviour: string; params: Param[]; policy: string | null } | null {
  const ref = entry.policy;
  if (!ref) return null;
  if (ref.kind === 'own') return { behaviour: ref.behaviour, params: ref.params, policy: null };
  const p = findPolicy(model, ref.name);
  return p ? { behaviour: p.behaviour, params: p.params, policy: p.name } : null;
}

/** Value of a parameter (last one wins), or undefined. */
export function paramValue(params: readonly Param[], key: string): string | undefined {
  let v: string | undefined;
  for (const [k, val] of params) if (k === key) v = val;
  return v;
}
