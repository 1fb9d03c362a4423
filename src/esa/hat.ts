/**
 * The HAT text format (the content of a listener's `<hat>` element, decoded): a lossless,
 * line-based parse. Every line is kept as written; the structure (mail flow policies, sender
 * groups, inline entries, ALL) points at line numbers. Lines it does not understand stay
 * where they are and are reported, never dropped.
 */
import { parseSender, type Sender } from '../net/sender.js';

/** One line of HAT text, without and with its line ending. */
export interface HatLine {
  /** Offset of the line's first character in the HAT text. */
  offset: number;
  /** Leading whitespace. */
  indent: string;
  /** The rest of the line, without its ending. */
  body: string;
  /** `\n`, `\r\n` or `` (last line). */
  eol: string;
}

/** A behaviour keyword: what a mail flow policy does with a connection. */
export const BEHAVIOURS = ['ACCEPT', 'REJECT', 'RELAY', 'TCPREFUSE', 'CONTINUE'] as const;

/** A `key = value` parameter of a policy block. */
export interface HatParam {
  key: string;
  /** The value without quotes. */
  value: string;
  line: number;
  /** Offsets of the value token (with its quotes) within the HAT text. */
  valueStart: number;
  valueEnd: number;
}

/** A behaviour with its optional `{ … }` block, as in a policy or an entry. */
export interface HatBehaviour {
  keyword: string;
  /** Line of the keyword. */
  line: number;
  /** Last line of the block (the `}` line), or `line`. */
  lastLine: number;
  /** `none`: `REJECT`; `inline`: `{…}` on the keyword's line; `multiline`: `{` … `}`. */
  block: 'none' | 'inline' | 'multiline';
  params: HatParam[];
  comment: string | null;
}

/** A mail flow policy definition: `$NAME` at column 0 and its behaviour. */
export interface HatPolicy {
  name: string;
  firstLine: number;
  lastLine: number;
  behaviour: HatBehaviour | null;
}

/** How an entry names what happens to its senders. */
export type HatPolicyRef =
  | { kind: 'named'; name: string; line: number; tokenStart: number; tokenEnd: number; comment: string | null }
  | { kind: 'behaviour'; behaviour: HatBehaviour };

/** One sender as written on a line. */
export interface HatMember {
  text: string;
  line: number;
  sender: Sender;
}

/** A sender group, an inline entry (senders at column 0), or the final ALL. */
export interface HatEntry {
  kind: 'group' | 'inline' | 'all';
  /** The group's name, the inline entry's first sender, or `ALL`. */
  name: string;
  firstLine: number;
  lastLine: number;
  members: HatMember[];
  policy: HatPolicyRef | null;
}

/** Something in the HAT text that was kept but not understood, or is wrong. */
export interface HatProblem {
  code: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  line: number;
}

/** The formatting of a HAT, so inserted text looks like its neighbours. */
export interface HatStyle {
  eol: string;
  /** Indentation of a behaviour, member or policy line. */
  indent: string;
  /** Indentation of a parameter line inside a `{ … }` block. */
  paramIndent: string;
  /** A blank line separates policy definitions. */
  blankBetweenPolicies: boolean;
  /** A blank line separates entries. */
  blankBetweenEntries: boolean;
}

/** A parsed HAT. */
export interface Hat {
  text: string;
  lines: HatLine[];
  policies: HatPolicy[];
  entries: HatEntry[];
  problems: HatProblem[];
  style: HatStyle;
}

const PARAM = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*("[^"]*"|'[^']*'|[^\s"'{}]+)/;
const COMMENT = /^\((.*)\)\s*$/;

function splitLines(text: string): HatLine[] {
  const lines: HatLine[] = [];
  let pos = 0;
  while (pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const stop = nl < 0 ? text.length : nl;
    const cr = nl >= 0 && stop > pos && text.charCodeAt(stop - 1) === 13;
    const content = text.slice(pos, cr ? stop - 1 : stop);
    const ws = /^[ \t]*/.exec(content)![0];
    lines.push({ offset: pos, indent: ws, body: content.slice(ws.length), eol: nl < 0 ? '' : cr ? '\r\n' : '\n' });
    if (nl < 0) break;
    pos = nl + 1;
  }
  // A text ending with a line ending has no final empty line to keep.
  const last = lines[lines.length - 1]!;
  if (lines.length > 1 && last.body === '' && last.indent === '' && last.eol === '') lines.pop();
  return lines;
}

/** Prints a HAT back to text: the concatenation of its lines. Identity with parseHat. */
export function printHat(hat: Pick<Hat, 'lines'>): string {
  let out = '';
  for (const l of hat.lines) out += l.indent + l.body + l.eol;
  return out;
}

function isBlank(l: HatLine): boolean {
  return l.body === '';
}

function isComment(l: HatLine): boolean {
  return l.body.startsWith('#');
}

function behaviourKeyword(body: string): string | null {
  const word = /^[A-Za-z]+/.exec(body)?.[0]?.toUpperCase();
  return word && (BEHAVIOURS as readonly string[]).includes(word) ? word : null;
}

function parseParams(text: string, lineNo: number, base: number, out: HatParam[]): string {
  // Returns what is left of `text` after the parameters it holds.
  let rest = text;
  let consumed = 0;
  for (;;) {
    const lead = /^[\s,;]*/.exec(rest)![0].length;
    const m = PARAM.exec(rest.slice(lead));
    if (!m) return rest;
    const valueOffset = consumed + lead + m[0].length - m[2]!.length;
    const raw = m[2]!;
    const unquoted = /^["']/.test(raw) ? raw.slice(1, -1) : raw;
    out.push({ key: m[1]!, value: unquoted, line: lineNo, valueStart: base + valueOffset, valueEnd: base + valueOffset + raw.length });
    consumed += lead + m[0].length;
    rest = rest.slice(lead + m[0].length);
  }
}

/**
 * Parses HAT text. Never throws: problems (an unclosed block, duplicate names, lines it does
 * not understand) are returned in `problems`, and every line is kept.
 */
export function parseHat(text: string): Hat {
  const lines = splitLines(text);
  const policies: HatPolicy[] = [];
  const entries: HatEntry[] = [];
  const problems: HatProblem[] = [];
  const policyNames = new Set<string>();
  const groupNames = new Set<string>();
  const n = lines.length;

  const lineBodyOffset = (i: number) => lines[i]!.offset + lines[i]!.indent.length;

  // Parses a behaviour starting at line i, column `col` of its body. Returns it, or null.
  const readBehaviour = (i: number, col: number): HatBehaviour | null => {
    const line = lines[i]!;
    const body = line.body.slice(col);
    const keyword = behaviourKeyword(body);
    if (!keyword) return null;
    const params: HatParam[] = [];
    let after = body.slice(keyword.length).trimStart();
    const afterCol = line.body.length - after.length;
    let block: HatBehaviour['block'] = 'none';
    let lastLine = i;
    let comment: string | null = null;
    if (after.startsWith('{')) {
      const close = after.indexOf('}');
      if (close >= 0) {
        block = 'inline';
        const left = parseParams(after.slice(1, close), i, lineBodyOffset(i) + afterCol + 1, params);
        if (left.trim() !== '') problems.push({ code: 'hat-unknown-param', severity: 'warning', message: `parameter text not understood: ${left.trim()}`, line: i + 1 });
        after = after.slice(close + 1).trim();
      } else {
        block = 'multiline';
        const first = after.slice(1).trim();
        if (first) parseParams(first, i, lineBodyOffset(i) + line.body.length - first.length, params);
        let j = i + 1;
        for (; j < n; j++) {
          const l = lines[j]!;
          if (l.body.startsWith('}')) break;
          if (isBlank(l) || isComment(l)) continue;
          if (!l.indent && /[:$]/.test(l.body[0] ?? '')) {
            j = n;
            break;
          }
          const left = parseParams(l.body, j, lineBodyOffset(j), params);
          if (left.trim() !== '') problems.push({ code: 'hat-unknown-line', severity: 'warning', message: `line kept as is, not understood: ${l.body}`, line: j + 1 });
        }
        if (j >= n) {
          problems.push({ code: 'hat-unclosed-block', severity: 'error', message: `'{' on line ${i + 1} is never closed`, line: i + 1 });
          lastLine = n - 1;
          after = '';
        } else {
          lastLine = j;
          after = lines[j]!.body.slice(1).trim();
        }
      }
    }
    const c = COMMENT.exec(after);
    if (c) comment = c[1]!;
    else if (after) problems.push({ code: 'hat-unknown-text', severity: 'warning', message: `text after the behaviour kept as is: ${after}`, line: lastLine + 1 });
    return { keyword, line: i, lastLine, block, params, comment };
  };

  const readNamedRef = (i: number): HatPolicyRef => {
    const line = lines[i]!;
    const m = /^\$([^\s(]+)/.exec(line.body)!;
    const rest = line.body.slice(m[0].length).trim();
    const c = COMMENT.exec(rest);
    if (rest && !c) problems.push({ code: 'hat-unknown-text', severity: 'warning', message: `text after $${m[1]} kept as is: ${rest}`, line: i + 1 });
    const start = lineBodyOffset(i);
    return { kind: 'named', name: m[1]!, line: i, tokenStart: start, tokenEnd: start + m[0].length, comment: c ? c[1]! : null };
  };

  // Reads the indented body of an entry from line i. Returns the last line used.
  const readEntryBody = (entry: HatEntry, i: number): number => {
    let last = entry.firstLine;
    let j = i;
    while (j < n) {
      const l = lines[j]!;
      if (isBlank(l) || isComment(l)) {
        j++;
        continue;
      }
      if (!l.indent) break;
      if (/^\$[^\s(]/.test(l.body)) {
        if (entry.policy) problems.push({ code: 'hat-second-policy', severity: 'warning', message: `${entry.name} names a second policy`, line: j + 1 });
        else entry.policy = readNamedRef(j);
        last = j;
        j++;
        continue;
      }
      const b = behaviourKeyword(l.body) ? readBehaviour(j, 0) : null;
      if (b) {
        if (entry.policy) problems.push({ code: 'hat-second-policy', severity: 'warning', message: `${entry.name} names a second behaviour`, line: j + 1 });
        else entry.policy = { kind: 'behaviour', behaviour: b };
        last = b.lastLine;
        j = b.lastLine + 1;
        continue;
      }
      for (const token of l.body.split(/[\s,]+/).filter(Boolean)) {
        const sender = parseSender(token);
        entry.members.push({ text: token, line: j, sender });
        if (sender.kind === 'other' && !/^(sbrs|sbo|dnslist)\b/i.test(token)) {
          problems.push({ code: 'hat-unknown-member', severity: 'info', message: `sender not understood, kept as is: ${token}`, line: j + 1 });
        }
      }
      last = j;
      j++;
    }
    entry.lastLine = last;
    return last;
  };

  let i = 0;
  while (i < n) {
    const l = lines[i]!;
    if (isBlank(l) || isComment(l)) {
      i++;
      continue;
    }
    if (l.indent) {
      problems.push({ code: 'hat-orphan-line', severity: 'warning', message: `indented line outside any policy or group, kept as is: ${l.body}`, line: i + 1 });
      i++;
      continue;
    }
    if (/^\$\S/.test(l.body)) {
      const m = /^\$(\S+)/.exec(l.body)!;
      const policy: HatPolicy = { name: m[1]!, firstLine: i, lastLine: i, behaviour: null };
      const rest = l.body.slice(m[0].length).trim();
      if (rest) {
        policy.behaviour = readBehaviour(i, l.body.length - rest.length);
      } else {
        let j = i + 1;
        while (j < n && (isBlank(lines[j]!) || isComment(lines[j]!))) j++;
        if (j < n && lines[j]!.indent) policy.behaviour = readBehaviour(j, 0);
      }
      if (!policy.behaviour) {
        problems.push({ code: 'hat-policy-without-behaviour', severity: 'warning', message: `policy $${policy.name} has no behaviour`, line: i + 1 });
      } else {
        policy.lastLine = policy.behaviour.lastLine;
      }
      if (policyNames.has(policy.name)) {
        problems.push({ code: 'hat-duplicate-policy', severity: 'error', message: `policy $${policy.name} is defined twice`, line: i + 1 });
      }
      policies.push(policy);
      policyNames.add(policy.name);
      i = policy.lastLine + 1;
      continue;
    }
    const group = /^([^\s:]+):\s*$/.exec(l.body);
    if (group) {
      const entry: HatEntry = { kind: 'group', name: group[1]!, firstLine: i, lastLine: i, members: [], policy: null };
      if (groupNames.has(entry.name)) {
        problems.push({ code: 'hat-duplicate-group', severity: 'error', message: `sender group ${entry.name} is defined twice`, line: i + 1 });
      }
      entries.push(entry);
      groupNames.add(entry.name);
      i = readEntryBody(entry, i + 1) + 1;
      continue;
    }
    const head = l.body.trim();
    const entry: HatEntry = {
      kind: head === 'ALL' ? 'all' : 'inline',
      name: head,
      firstLine: i,
      lastLine: i,
      members: [],
      policy: null,
    };
    if (entry.kind === 'inline') {
      for (const token of head.split(/[\s,]+/).filter(Boolean)) entry.members.push({ text: token, line: i, sender: parseSender(token) });
    }
    entries.push(entry);
    i = readEntryBody(entry, i + 1) + 1;
  }

  for (const e of entries) {
    if (!e.policy) problems.push({ code: 'hat-entry-without-policy', severity: 'warning', message: `${e.name} names no policy or behaviour`, line: e.firstLine + 1 });
  }
  return { text, lines, policies, entries, problems, style: detectStyle(lines, policies, entries) };
}

function detectStyle(lines: HatLine[], policies: HatPolicy[], entries: HatEntry[]): HatStyle {
  const eol = lines.find((l) => l.eol)?.eol ?? '\n';
  let indent = '';
  let paramIndent = '';
  for (const p of policies) {
    const b = p.behaviour;
    if (!b) continue;
    if (!indent && b.line !== p.firstLine) indent = lines[b.line]!.indent;
    if (!paramIndent && b.block === 'multiline') {
      const param = b.params.find((x) => x.line !== b.line);
      if (param) paramIndent = lines[param.line]!.indent;
    }
  }
  if (!indent) {
    const member = entries.flatMap((e) => e.members).find((m) => lines[m.line]!.indent);
    indent = member ? lines[member.line]!.indent : '    ';
  }
  if (!paramIndent) paramIndent = indent + indent;
  const blankBefore = (line: number) => line > 0 && lines[line - 1]!.body === '' ;
  return {
    eol,
    indent,
    paramIndent,
    blankBetweenPolicies: policies.length > 1 ? policies.slice(1).some((p) => blankBefore(p.firstLine)) : true,
    blankBetweenEntries: entries.length > 1 ? entries.slice(1).some((e) => blankBefore(e.firstLine)) : true,
  };
}

/** The policy definition named `name`, or undefined. */
export function findPolicy(hat: Hat, name: string): HatPolicy | undefined {
  return hat.policies.find((p) => p.name === name);
}

/** Value of parameter `key` in a behaviour (the last one wins, as when a block repeats it). */
export function paramValue(b: HatBehaviour | null | undefined, key: string): string | undefined {
  if (!b) return undefined;
  for (let k = b.params.length - 1; k >= 0; k--) if (b.params[k]!.key === key) return b.params[k]!.value;
  return undefined;
}

/** The behaviour an entry's senders get: its own, or its named policy's. */
export function resolveBehaviour(hat: Hat, entry: HatEntry): HatBehaviour | null {
  if (!entry.policy) return null;
  if (entry.policy.kind === 'behaviour') return entry.policy.behaviour;
  return findPolicy(hat, entry.policy.name)?.behaviour ?? null;
}
