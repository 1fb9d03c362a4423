/**
 * Lowering: turns one listener's operations into edits of its HAT text (offsets into the
 * decoded HAT). The one place where operations meet lines. Inserted text follows the HAT's
 * own indentation and line ending.
 */
import { findPolicy, type Hat, type HatEntry } from '../esa/hat.js';
import { applyEdits, sortEdits, type TextEdit } from '../xml/edits.js';
import type { HatOperation as Operation } from './operations.js';

/** An operation that cannot be carried out on this HAT (a stale patch, a changed object). */
export class LoweringError extends Error {
  constructor(
    message: string,
    readonly object: string,
  ) {
    super(message);
    this.name = 'LoweringError';
  }
}

interface Ctx {
  hat: Hat;
  edits: (TextEdit & { group?: string })[];
  /** The sender group the operation being lowered belongs to, if any. */
  group?: string;
}

function lineStart(hat: Hat, i: number): number {
  return hat.lines[i]!.offset;
}

function lineEnd(hat: Hat, i: number): number {
  const l = hat.lines[i]!;
  return l.offset + l.indent.length + l.body.length + l.eol.length;
}

function isBlank(hat: Hat, i: number): boolean {
  const l = hat.lines[i];
  return !!l && l.body === '';
}

function edit(ctx: Ctx, from: number, to: number, insert: string): void {
  const e = { offset: from, delete: ctx.hat.text.slice(from, to), insert };
  ctx.edits.push(ctx.group === undefined ? e : { ...e, group: ctx.group });
}

/** Text inserted at `at`: starts on a fresh line even when the HAT's last line has no ending. */
function atLineStart(hat: Hat, at: number, text: string): string {
  return at > 0 && hat.text[at - 1] !== '\n' ? hat.style.eol + text : text;
}

function entryNamed(hat: Hat, name: string, object: string): HatEntry {
  const e = hat.entries.find((x) => x.kind === 'group' && x.name === name);
  if (!e) throw new LoweringError(`sender group ${name} is not in this HAT`, object);
  return e;
}

/** Offset where text goes to sit just before entry `e` (before the comments attached to it). */
function beforeEntry(hat: Hat, e: HatEntry): number {
  let k = e.firstLine;
  while (k > 0 && hat.lines[k - 1]!.body.startsWith('#')) k--;
  return lineStart(hat, k);
}

/** Where an entry goes "before `name`": that entry, else position `index`, else the end. */
function entryTarget(hat: Hat, name: string | null, index: number, exclude: HatEntry | null): number {
  const entries = hat.entries.filter((e) => e !== exclude);
  const byName = name === null ? undefined : entries.find((e) => e.name === name);
  const target = byName ?? (name === null ? undefined : entries[index]);
  if (target) return beforeEntry(hat, target);
  const last = entries[entries.length - 1];
  if (last) return lineEnd(hat, last.lastLine);
  const lastPolicy = hat.policies[hat.policies.length - 1];
  return lastPolicy ? lineEnd(hat, lastPolicy.lastLine) : hat.text.length;
}

function lines(hat: Hat, list: string[]): string {
  return list.map((l) => l + hat.style.eol).join('');
}

function policyText(hat: Hat, name: string, behaviour: string, params: Record<string, string>): string {
  const { indent, paramIndent } = hat.style;
  return lines(hat, [`$${name}`, `${indent}${behaviour} {`, ...Object.entries(params).map(([k, v]) => `${paramIndent}${k} = "${v}"`), `${indent}}`]);
}

function groupText(hat: Hat, name: string, senders: string[], ref: string, comment: string): string {
  const { indent } = hat.style;
  return lines(hat, [`${name}:`, ...senders.map((s) => indent + s), `${indent}${ref}${comment ? ` (${comment})` : ''}`]);
}

function refLines(hat: Hat, ref: string, comment: string | null): string {
  const { indent, paramIndent } = hat.style;
  const parts = ref.split('\n');
  return lines(
    hat,
    parts.map((p, k) => (k === 0 || k === parts.length - 1 ? indent : paramIndent) + p + (k === parts.length - 1 && comment && ref.startsWith('$') ? ` (${comment})` : '')),
  );
}

/** Deletes lines first..last and one blank line next to them (after when `preferAfter`). */
function deleteLines(ctx: Ctx, first: number, last: number, preferAfter: boolean): void {
  const { hat } = ctx;
  let a = first;
  let b = last;
  const after = isBlank(hat, b + 1) && b + 1 < hat.lines.length;
  const before = a > 0 && isBlank(hat, a - 1);
  if (preferAfter ? after : !before && after) b++;
  else if (before) a--;
  edit(ctx, lineStart(hat, a), lineEnd(hat, b), '');
}

function lowerOne(ctx: Ctx, op: Operation): void {
  const { hat } = ctx;
  const { style } = hat;
  switch (op.op) {
    case 'add-policy': {
      if (findPolicy(hat, op.policy)) throw new LoweringError(`mail flow policy $${op.policy} already exists`, `$${op.policy}`);
      const last = hat.policies[hat.policies.length - 1];
      const body = policyText(hat, op.policy, op.behaviour, op.params);
      if (last) {
        const at = lineEnd(hat, last.lastLine);
        edit(ctx, at, at, atLineStart(hat, at, (style.blankBetweenPolicies ? style.eol : '') + body));
      } else {
        const at = entryTarget(hat, hat.entries[0]?.name ?? null, 0, null);
        edit(ctx, at, at, atLineStart(hat, at, body + (hat.entries.length && style.blankBetweenEntries ? style.eol : '')));
      }
      return;
    }
    case 'remove-policy': {
      const p = findPolicy(hat, op.policy);
      if (!p) throw new LoweringError(`mail flow policy $${op.policy} is not in this HAT`, `$${op.policy}`);
      deleteLines(ctx, p.firstLine, p.lastLine, false);
      return;
    }
    case 'add-sender-group': {
      if (hat.entries.some((e) => e.kind === 'group' && e.name === op.group)) {
        throw new LoweringError(`sender group ${op.group} already exists`, op.group);
      }
      const at = entryTarget(hat, op.before, 0, null);
      const follows = hat.entries.length > 0 && op.before !== null;
      const body = groupText(hat, op.group, op.senders, `$${op.policy}`, op.comment);
      edit(ctx, at, at, atLineStart(hat, at, body + (follows && style.blankBetweenEntries ? style.eol : '')));
      return;
    }
    case 'remove-sender-group': {
      const g = entryNamed(hat, op.group, op.group);
      deleteLines(ctx, g.firstLine, g.lastLine, true);
      return;
    }
    case 'add-senders': {
      const g = entryNamed(hat, op.group, op.group);
      const lastMember = g.members[g.members.length - 1];
      const after = lastMember ? lastMember.line : g.firstLine;
      const indent = lastMember ? hat.lines[lastMember.line]!.indent || style.indent : style.indent;
      const at = lineEnd(hat, after);
      edit(ctx, at, at, atLineStart(hat, at, lines(hat, op.senders.map((s) => indent + s))));
      return;
    }
    case 'remove-senders': {
      const g = entryNamed(hat, op.group, op.group);
      for (const s of op.senders) {
        const m = g.members.find((x) => x.text.toLowerCase() === s.toLowerCase());
        if (!m) throw new LoweringError(`sender group ${op.group} no longer holds ${s}`, op.group);
        if (hat.lines[m.line]!.body.trim() !== m.text) throw new LoweringError(`sender ${s} of ${op.group} shares its line with other senders`, op.group);
        edit(ctx, lineStart(hat, m.line), lineEnd(hat, m.line), '');
      }
      return;
    }
    case 'set-policy-param': {
      const p = findPolicy(hat, op.policy);
      const b = p?.behaviour;
      if (!p || !b) throw new LoweringError(`mail flow policy $${op.policy} is not in this HAT`, `$${op.policy}`);
      const param = [...b.params].reverse().find((x) => x.key === op.param);
      if (param) {
        if (op.to === null) {
          const l = hat.lines[param.line]!;
          const own = l.body.trim().startsWith(op.param) && param.line !== b.line && param.line !== b.lastLine;
          if (!own) throw new LoweringError(`${op.param} of $${op.policy} shares its line with other text`, `$${op.policy}`);
          edit(ctx, lineStart(hat, param.line), lineEnd(hat, param.line), '');
        } else {
          const quote = hat.text[param.valueStart] === "'" ? "'" : '"';
          edit(ctx, param.valueStart, param.valueEnd, `${quote}${op.to}${quote}`);
        }
        return;
      }
      if (op.to === null) return;
      const newParam = `${op.param} = "${op.to}"`;
      if (b.block === 'multiline') {
        const inner = b.params.find((x) => x.line !== b.line && x.line !== b.lastLine);
        const indent = inner ? hat.lines[inner.line]!.indent : style.paramIndent;
        const at = lineStart(hat, b.lastLine);
        edit(ctx, at, at, indent + newParam + style.eol);
        return;
      }
      const l = hat.lines[b.line]!;
      const col = b.line === p.firstLine ? l.body.search(/\S\s*(ACCEPT|REJECT|RELAY|TCPREFUSE|CONTINUE)\b/i) + 1 : 0;
      const from = l.offset + l.indent.length + Math.max(col, 0);
      const kwIndent = b.line === p.firstLine ? style.indent : l.indent;
      const params = b.params.map((x) => `${style.paramIndent}${x.key} = ${hat.text.slice(x.valueStart, x.valueEnd)}`);
      const text =
        `${b.keyword} {` +
        style.eol +
        [...params, style.paramIndent + newParam].map((x) => x + style.eol).join('') +
        `${kwIndent}}${b.comment !== null ? ` (${b.comment})` : ''}`;
      edit(ctx, from, l.offset + l.indent.length + l.body.length, text);
      return;
    }
    case 'set-group-policy': {
      const g = entryNamed(hat, op.group, op.group);
      const ref = g.policy;
      if (!ref) {
        if (op.to === '(none)') return;
        const last = g.members[g.members.length - 1];
        const at = lineEnd(hat, last ? last.line : g.firstLine);
        edit(ctx, at, at, atLineStart(hat, at, refLines(hat, op.to, null)));
        return;
      }
      if (ref.kind === 'named' && op.to.startsWith('$') && !op.to.includes('\n')) {
        edit(ctx, ref.tokenStart, ref.tokenEnd, op.to);
        return;
      }
      const [first, last, comment] =
        ref.kind === 'named' ? [ref.line, ref.line, ref.comment] : [ref.behaviour.line, ref.behaviour.lastLine, ref.behaviour.comment];
      edit(ctx, lineStart(hat, first), lineEnd(hat, last), op.to === '(none)' ? '' : refLines(hat, op.to, comment));
      return;
    }
    case 'move-sender-group': {
      throw new Error('move-sender-group is lowered with its group'); // handled in lowerListener
    }
  }
}

/**
 * Lowers one listener's operations to sorted, non-overlapping edits of its HAT text. Throws
 * LoweringError when an operation does not fit this HAT.
 */
export function lowerListener(hat: Hat, ops: readonly Operation[]): TextEdit[] {
  const ctx: Ctx = { hat, edits: [] };
  const moves = ops.filter((o) => o.op === 'move-sender-group');
  for (const op of ops) {
    if (op.op === 'move-sender-group') continue;
    ctx.group = 'group' in op && (op.op === 'add-senders' || op.op === 'remove-senders' || op.op === 'set-group-policy') ? op.group : undefined;
    lowerOne(ctx, op);
  }
  ctx.group = undefined;
  for (const move of moves) {
    const g = entryNamed(hat, move.group, move.group);
    let last = g.lastLine;
    if (hat.style.blankBetweenEntries && isBlank(hat, last + 1) && last + 1 < hat.lines.length) last++;
    const from = lineStart(hat, g.firstLine);
    const to = lineEnd(hat, last);
    // Edits inside the group travel with it.
    const inside = ctx.edits.filter((e) => e.group === move.group);
    ctx.edits = ctx.edits.filter((e) => e.group !== move.group);
    let body = applyEdits(hat.text.slice(from, to), sortEdits(inside.map((e) => ({ offset: e.offset - from, delete: e.delete, insert: e.insert }))));
    if (!body.endsWith('\n')) body += hat.style.eol;
    const target = entryTarget(hat, move.toBefore, move.to, g);
    const trailing = hat.style.blankBetweenEntries && move.toBefore !== null && !body.endsWith(hat.style.eol + hat.style.eol) ? hat.style.eol : '';
    const moved = move.toBefore === null ? body.replace(/(\r?\n)\r?\n$/, '$1') : body + (last > g.lastLine ? '' : trailing);
    ctx.edits.push({ offset: from, delete: hat.text.slice(from, to), insert: '' });
    ctx.edits.push({ offset: target, delete: '', insert: atLineStart(hat, target, moved) });
  }
  const sorted = sortEdits(ctx.edits.map((e) => ({ offset: e.offset, delete: e.delete, insert: e.insert })));
  for (let k = 1; k < sorted.length; k++) {
    const prev = sorted[k - 1]!;
    if (sorted[k]!.offset < prev.offset + prev.delete.length) {
      throw new LoweringError('operations overlap in this HAT', '');
    }
  }
  return sorted;
}
