/**
 * Where a refusal of the recipe planner is: the HAT line of the policy or entry it is about,
 * never the `<hat>` element's start when the HAT has a more exact line. Lines are 1-based HAT
 * lines; the patch layer turns them, and those in a finding's `lines` argument, into the file's.
 */
import type { HatEntry, HatModel, HatPolicy } from '../hat/model.js';

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
