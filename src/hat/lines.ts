/**
 * The HAT as a list of lines that remember their original offsets, for lowering: operations
 * insert, remove or move runs of lines, or edit tokens within a line; the minimal text edits are
 * derived from the list at the end. Inserted lines follow the HAT's own style.
 */
import type { HatModel } from './model.js';
import { describeOperation, type HatOperation } from './operations.js';
import { finding, Refused, type LowerProblem } from '../findings.js';

export type { LowerProblem, LowerText } from '../findings.js';
import { longestIncreasing } from './sequence.js';
import { significant, tokenize, type Eol, type HatSyntax, type LineKind, type Token } from './syntax.js';

/** A text edit on the decoded HAT text (same shape as the XML layer's `TextEdit`). */
export interface HatEdit {
  offset: number;
  delete: string;
  insert: string;
}

/**
 * 0-based HAT line of the object an operation concerns in `model` (its group or policy; for a
 * group not there yet, the entry it goes before), or null when there is none.
 */
export function lineOfOperation(model: HatModel, op: HatOperation): number | null {
  const o = op as unknown as Record<string, unknown>;
  if (typeof o['group'] === 'string') {
    const e = model.entries.find((x) => x.name === o['group']);
    if (e && e.line >= 0) return e.line;
  }
  const p = typeof o['policy'] === 'string' ? model.policies.find((x) => x.name === o['policy']) : undefined;
  if (p && p.headLine >= 0) return p.headLine;
  // A group not in the HAT yet: where it goes, before the entry it is placed before.
  const before = typeof o['before'] === 'string' ? o['before'] : typeof o['toBefore'] === 'string' ? o['toBefore'] : null;
  const next = before === null ? undefined : model.entries.find((x) => x.name === before);
  return next && next.line >= 0 ? next.line : null;
}

/** A line of the HAT being edited: where it came from (null: new), its text, its kind. */
export interface Line {
  orig: number | null;
  text: string;
  eol: Eol;
  kind: LineKind;
  tokens: Token[];
}

/** A token of a line in the list. */
export interface LTok {
  line: Line;
  tok: Token;
}

export interface Style {
  eol: Eol;
  behaviourIndent: string;
  paramIndent: string;
  memberIndent: string;
  policyLineIndent: string;
  blankBetweenPolicies: boolean;
  blankBetweenEntries: boolean;
}

function mostCommon<T>(xs: readonly T[], fallback: T): T {
  const n = new Map<T, number>();
  for (const x of xs) n.set(x, (n.get(x) ?? 0) + 1);
  let best = fallback;
  let count = 0;
  for (const [x, c] of n) if (c > count) (best = x), (count = c);
  return best;
}

function detectStyle(syntax: HatSyntax, model: HatModel): Style {
  const of = (k: LineKind) => syntax.lines.filter((l) => l.kind === k && l.indent !== '').map((l) => l.indent);
  const behaviourIndent = mostCommon(of('behaviour'), mostCommon(of('policy-line'), '    '));
  const memberIndent = mostCommon(of('member'), behaviourIndent);
  const eol = mostCommon(
    syntax.lines.map((l) => l.eol).filter((e) => e !== ''),
    '\n' as Eol,
  );
  const blankBetween = (heads: readonly number[]) => {
    let yes = 0;
    for (let i = 1; i < heads.length; i++) if (syntax.lines[heads[i]! - 1]?.kind === 'blank') yes++;
    return heads.length > 1 && yes * 2 >= heads.length - 1;
  };
  return {
    eol,
    behaviourIndent,
    paramIndent: mostCommon(of('param'), behaviourIndent + behaviourIndent),
    memberIndent,
    policyLineIndent: mostCommon(of('policy-line'), memberIndent),
    blankBetweenPolicies: blankBetween(model.policies.map((p) => p.headLine)),
    blankBetweenEntries: blankBetween(model.entries.map((e) => e.line)),
  };
}

export function retokenize(line: Line): void {
  const indent = /^[ \t]*/.exec(line.text)![0];
  line.tokens = tokenize(line.text.slice(indent.length), 0, indent.length);
}

/** The lowering state: the list of lines and, per item, its run of lines. */
export class Lowering {
  readonly lines: Line[];
  readonly policies = new Map<string, Line[]>();
  readonly entries = new Map<string, Line[]>();
  readonly style: Style;

  constructor(
    readonly syntax: HatSyntax,
    readonly model: HatModel,
    /** The HAT text holds the bytes of a UTF-8 document, one character per byte (see {@link LowerOptions}). */
    readonly utf8 = false,
  ) {
    // Tokens are shared with the syntax: an edited line gets new ones (retokenize), never changed ones.
    this.lines = syntax.lines.map((l) => ({ orig: l.index, text: l.text, eol: l.eol, kind: l.kind, tokens: l.tokens }));
    this.style = detectStyle(syntax, model);
    const heads = [
      ...model.policies.map((p) => ({ kind: 'policy' as const, name: p.name, head: p.headLine, last: p.lastLine })),
      ...model.entries.map((e) => ({ kind: 'entry' as const, name: e.name, head: e.line, last: e.lastLine })),
    ].sort((a, b) => a.head - b.head);
    heads.forEach((h, i) => {
      const next = heads[i + 1];
      // Trailing blank lines travel with their item; a `#` comment before the next item stays
      // where it is (it more likely speaks of what follows), and so do the blanks around it.
      const gap = next ? syntax.lines.slice(h.last + 1, next.head) : [];
      const end = next && !gap.some((l) => l.kind === 'comment') ? next.head - 1 : h.last;
      const run = this.lines.slice(h.head, end + 1);
      const map = h.kind === 'policy' ? this.policies : this.entries;
      if (!map.has(h.name)) map.set(h.name, run);
    });
  }

  /**
   * Refuses `op` (`hat-cannot-lower`, its listener left to the caller): at `line`, else at the
   * line of the object `op` concerns.
   */
  refuse(
    line: Line | null,
    problem: LowerProblem,
    op: HatOperation | null,
    about: { name?: string; value?: string; count?: number } = {},
  ): never {
    const at = line && line.orig !== null ? line.orig + 1 : 0;
    const near = at || (op ? (lineOfOperation(this.model, op) ?? -1) + 1 : 0);
    const args = { listener: '', line: at, problem, name: about.name ?? null, value: about.value ?? null, count: about.count ?? null };
    throw new Refused(
      finding('hat-cannot-lower', 'error', { ...args, operation: op ? describeOperation(op) : null }, near ? { line: near } : {}),
    );
  }

  /** Ending for a line inserted at list index `at`: its neighbour's. */
  eolAt(at: number): Eol {
    const prev = this.lines[at - 1];
    if (prev && prev.eol !== '') return prev.eol;
    const next = this.lines[at];
    if (next && next.eol !== '') return next.eol;
    return this.style.eol;
  }

  newLines(texts: readonly { text: string; kind: LineKind }[], at: number): Line[] {
    const eol = this.eolAt(at);
    return texts.map(({ text, kind }) => {
      const l: Line = { orig: null, text, eol, kind, tokens: [] };
      retokenize(l);
      return l;
    });
  }

  insert(at: number, lines: readonly Line[]): void {
    this.lines.splice(at, 0, ...lines);
  }

  remove(run: readonly Line[]): void {
    for (const l of run) {
      const i = this.lines.indexOf(l);
      if (i >= 0) this.lines.splice(i, 1);
    }
  }

  entryOrder(): string[] {
    const heads = new Map<Line, string>();
    for (const [name, run] of this.entries) heads.set(run[0]!, name);
    const out: string[] = [];
    for (const l of this.lines) {
      const name = heads.get(l);
      if (name !== undefined) out.push(name);
    }
    return out;
  }

  /** The list index before which an entry must go to stand before `before` (null: after the last entry). */
  entrySlot(before: string | null, op: HatOperation): number {
    if (before !== null) {
      const run = this.entries.get(before) ?? this.refuse(null, 'no-entry', op, { name: before });
      return this.lines.indexOf(run[0]!);
    }
    const order = this.entryOrder();
    const last = order[order.length - 1];
    if (last === undefined) return this.afterPolicies();
    return this.afterContent(this.entries.get(last)!);
  }

  /** Index after the last non-blank, non-comment line of a run. */
  afterContent(run: readonly Line[]): number {
    let k = run.length - 1;
    while (k > 0 && (run[k]!.kind === 'blank' || run[k]!.kind === 'comment')) k--;
    return this.lines.indexOf(run[k]!) + 1;
  }

  afterPolicies(): number {
    const runs = [...this.policies.values()];
    if (!runs.length) {
      const order = this.entryOrder();
      return order.length ? this.lines.indexOf(this.entries.get(order[0]!)![0]!) : this.lines.length;
    }
    return Math.max(...runs.map((r) => this.afterContent(r)));
  }

  /** Tokens of the behaviour part of a policy run (after `$NAME`). */
  blockTokens(run: readonly Line[]): LTok[] {
    const out: LTok[] = [];
    run.forEach((line, i) => {
      if (i === 0 || line.kind === 'behaviour' || line.kind === 'param' || line.kind === 'brace') {
        const sig = significant(line.tokens);
        for (const tok of i === 0 ? sig.slice(1) : sig) out.push({ line, tok });
      }
    });
    return out;
  }

  /** Replaces `length` characters at `col` of a line. */
  editLine(line: Line, col: number, length: number, insert: string): void {
    line.text = line.text.slice(0, col) + insert + line.text.slice(col + length);
    retokenize(line);
  }

  /** The text edits from the original lines to the current list. */
  edits(): HatEdit[] {
    const orig = this.syntax.lines;
    // Keep the original ending shape: a HAT without a final line ending keeps none.
    this.lines.forEach((l, i) => {
      if (i < this.lines.length - 1 && l.eol === '') l.eol = this.eolAt(i + 1) || this.style.eol;
    });
    const lastOrig = orig[orig.length - 1];
    const last = this.lines[this.lines.length - 1];
    if (lastOrig && lastOrig.eol === '' && last && last.eol !== '') last.eol = '';
    const seq = this.lines.map((l) => l.orig ?? -1);
    const anchors = longestIncreasing(seq);
    const out: HatEdit[] = [];
    const offsetOf = (i: number) => (i < orig.length ? orig[i]!.offset : this.syntax.text.length);
    let p = 0;
    let pending = '';
    const flush = (upto: number) => {
      const del = this.syntax.text.slice(offsetOf(p), offsetOf(upto));
      if (del || pending) out.push({ offset: offsetOf(p), delete: del, insert: pending });
      pending = '';
    };
    this.lines.forEach((l, k) => {
      if (!anchors.has(k)) {
        pending += l.text + l.eol;
        return;
      }
      const o = l.orig!;
      flush(o);
      const before = orig[o]!.text + orig[o]!.eol;
      const after = l.text + l.eol;
      if (before !== after) {
        let a = 0;
        while (a < before.length && a < after.length && before[a] === after[a]) a++;
        let b = 0;
        while (b < before.length - a && b < after.length - a && before[before.length - 1 - b] === after[after.length - 1 - b]) b++;
        out.push({ offset: orig[o]!.offset + a, delete: before.slice(a, before.length - b), insert: after.slice(a, after.length - b) });
      }
      p = o + 1;
    });
    flush(orig.length);
    return out;
  }
}

/** Applies sorted, non-overlapping edits to the HAT text. */
export function applyHatEdits(text: string, edits: readonly HatEdit[]): string {
  let out = '';
  let pos = 0;
  for (const e of edits) {
    if (e.offset < pos || text.slice(e.offset, e.offset + e.delete.length) !== e.delete)
      throw new RangeError(`edit at ${e.offset} does not match the HAT text`);
    out += text.slice(pos, e.offset) + e.insert;
    pos = e.offset + e.delete.length;
  }
  return out + text.slice(pos);
}
