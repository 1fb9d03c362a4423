/**
 * Where a refusal of the recipe planner is: the HAT line of the policy or entry it is about,
 * never the `<hat>` element's start when the HAT has a more exact line. Lines are 1-based HAT
 * lines; the patch layer turns them, and those in a finding's `lines` argument, into the file's.
 */
import type { HatEntry, HatModel, HatPolicy } from '../hat/model.js';
import type { GroupGoal } from './recipe.js';

/** The location of a policy's definition (its `$NAME` line), or none when it is not from the text. */
export function atPolicy(p: HatPolicy | undefined): { line?: number } {
  return p && p.headLine >= 0 ? { line: p.headLine + 1 } : {};
}

/** The location of an entry's first line, or none when it is not from the text. */
export function atEntry(e: HatEntry | undefined): { line?: number } {
  return e && e.line >= 0 ? { line: e.line + 1 } : {};
}

/** The HAT line (1-based, as text; empty for an entry not from the text) of each entry: the `lines` argument of a finding that names entries. */
export function linesOf(entries: readonly HatEntry[]): string[] {
  return entries.map((e) => (e.line >= 0 ? String(e.line + 1) : ''));
}

/** The entries of `model` bound to the policy named exactly `name`. */
export function usersOf(model: HatModel, name: string): HatEntry[] {
  return model.entries.filter((e) => e.policy?.kind === 'named' && e.policy.name === name);
}

/** A position in words: `first`, `last`, `before X`, `after X`. */
export function describePosition(pos: GroupGoal['position']): string {
  return typeof pos === 'string' ? pos : 'before' in pos ? `before ${pos.before}` : `after ${pos.after}`;
}

/** Where `goal`'s group stands when that is not where its position says (in words), else null. */
export function positionUnmet(model: HatModel, goal: GroupGoal): string | null {
  const i = model.entries.findIndex((e) => e.kind === 'group' && e.name === goal.name);
  if (i < 0) return 'nowhere';
  const prev = model.entries[i - 1];
  const next = model.entries[i + 1];
  const pos = goal.position;
  const ok =
    pos === 'first'
      ? i === 0
      : pos === 'last'
        ? next === undefined || next.kind === 'all'
        : 'before' in pos
          ? next?.name === pos.before
          : prev?.name === pos.after;
  if (ok) return null;
  return `at order ${i + 1}${prev ? `, after ${prev.name}` : ''}${next ? `, before ${next.name}` : ''}`;
}
