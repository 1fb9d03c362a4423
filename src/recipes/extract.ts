/**
 * Migration: a recipe that recreates sender groups of one HAT (members, comment, relative
 * position) and the policies they use (every parameter) on other HATs. Planning it on the HAT
 * it came from yields no operation.
 */
import { utf8Text } from '../xml/encoding.js';
import { stringify } from 'yaml';
import { finding, type Finding } from '../findings.js';
import { findPolicy, type HatEntry, type HatModel } from '../hat/model.js';
import { BEHAVIOURS } from '../hat/grammar.js';
import { validateSender } from '../net/sender.js';
import { loadRecipe } from './load.js';
import type { Behaviour, GroupGoal, PolicyGoal, Position, Recipe } from './recipe.js';
import { RECIPE_FORMAT } from './schema.js';

/** What to extract. */
export interface ExtractOptions {
  /** Sender groups, by exact name. */
  groups: readonly string[];
  /** More policies, by exact name (the groups' own policies are always taken). */
  policies?: readonly string[];
  /** Listener the groups are taken from: recorded in the recipe, named in findings. */
  listener: string;
  /** Recipe name (default `extract-<listener>`). */
  name?: string;
  /** Where the groups came from, written in the recipe's description (e.g. the export's file and host name). */
  source?: string;
  /** `yaml` (default, with a header comment) or `json`. */
  format?: 'yaml' | 'json';
  /**
   * The export is UTF-8: the HAT's text (one character per byte) is decoded into characters for
   * the recipe, a text file of characters (UTF-8), as the planner reads recipes.
   */
  utf8?: boolean;
}

/** What {@link extractRecipe} returns: the recipe and its YAML text, or null and why not. */
export interface ExtractedRecipe {
  recipe: Recipe | null;
  /** The recipe as a YAML file, loadable by `loadRecipe` (null on refusal). */
  text: string | null;
  findings: Finding[];
}

/** Where the group at `index` stands, said relative to its neighbours. */
function positionOf(entries: readonly HatEntry[], index: number): Position {
  if (index === 0) return 'first';
  const next = entries[index + 1];
  if (next && next.kind === 'all') return 'last';
  return { after: entries[index - 1]!.name };
}

/**
 * Extracts the groups (in their HAT order) and the policies they use, each policy with every
 * parameter. Refuses (`recipe-extract`) a name the HAT does not hold, a group with a behaviour of
 * its own instead of a `$POLICY`, a member a recipe cannot write (SBRS, SBO, dnslist, unknown),
 * and anything the recipe schema cannot carry exactly.
 */
export function extractRecipe(model: HatModel, options: ExtractOptions): ExtractedRecipe {
  // A UTF-8 export's bytes as characters; a byte sequence that is not UTF-8 stays as it is (the reader refused such a file).
  const chars = (t: string) => (options.utf8 ? (utf8Text(t) ?? t) : t);
  const listener = options.listener;
  const fail = (
    kind: 'group' | 'policy',
    name: string,
    reason: 'missing' | 'own-behaviour' | 'unreadable' | 'member' | 'empty',
    member: string | null = null,
  ): ExtractedRecipe => ({
    recipe: null,
    text: null,
    findings: [finding('recipe-extract', 'error', { listener, kind, name, reason, member }, { listener })],
  });
  const picked: { entry: HatEntry; index: number }[] = [];
  for (const name of options.groups) {
    const index = model.entries.findIndex((e) => e.kind === 'group' && e.name === name);
    if (index < 0) return fail('group', name, 'missing');
    const entry = model.entries[index]!;
    if (!entry.policy) return fail('group', name, 'unreadable');
    if (entry.policy.kind !== 'named') return fail('group', name, 'own-behaviour');
    if (!entry.members.length) return fail('group', name, 'empty');
    // SBRS ranges, SBO, dnslist and unknown members are kept in a HAT but never written by a recipe.
    const odd = entry.members.find((m) => !validateSender(m.text).ok);
    if (odd) return fail('group', name, 'member', odd.text);
    if (!picked.some((p) => p.index === index)) picked.push({ entry, index });
  }
  picked.sort((a, b) => a.index - b.index);

  const policyNames: string[] = [];
  for (const n of [...picked.map((p) => (p.entry.policy as { name: string }).name), ...(options.policies ?? [])])
    if (!policyNames.includes(n)) policyNames.push(n);
  const policies: PolicyGoal[] = [];
  for (const name of policyNames) {
    const p = findPolicy(model, name);
    if (!p) return fail('policy', name, 'missing');
    const behaviour = p.behaviour.toUpperCase();
    if (!(BEHAVIOURS as readonly string[]).includes(behaviour)) return fail('policy', name, 'unreadable');
    const params: Record<string, string> = {};
    // A key written twice: the last one is in effect, as the appliance reads it.
    for (const [k, v] of p.params) params[chars(k)] = chars(v);
    policies.push({ name: chars(name), behaviour: behaviour as Behaviour, params, shared: 'refuse' });
  }

  const groups: GroupGoal[] = picked.map(({ entry, index }) => {
    const position = positionOf(model.entries, index);
    return {
      name: chars(entry.name),
      senders: entry.members.map((m) => chars(m.text)),
      policy: chars((entry.policy as { name: string }).name),
      comment: chars(entry.policy!.comment ?? ''),
      position: typeof position !== 'string' && 'after' in position ? { after: chars(position.after) } : position,
    };
  });

  const name = options.name ?? `extract-${listener.replace(/[^A-Za-z0-9_.-]+/g, '-')}`.replace(/^[^A-Za-z0-9]+/, '');
  const description = `Sender groups ${groups.map((g) => g.name).join(', ')} and policies ${policies.map((p) => p.name).join(', ')} of listener ${listener}${options.source ? ` (${options.source})` : ''}, extracted by esa-patch recipe extract.`;
  const file = {
    format: RECIPE_FORMAT,
    name,
    description,
    listeners: [listener],
    policies: policies.map((p) => ({ name: p.name, behaviour: p.behaviour, params: p.params })),
    groups: groups.map((g) => ({ ...g, ...(g.comment === '' ? { comment: undefined } : {}) })),
  };
  const text =
    options.format === 'json'
      ? JSON.stringify(file, null, 2) + '\n'
      : '# Written by `esa-patch recipe extract`. Review it, then apply it with --recipe.\n' +
        '# The listener list names the source listener: change it to the listeners of the target exports.\n' +
        stringify(file, { lineWidth: 0 });
  // The text must read back as exactly this recipe, or it is not written.
  const back = loadRecipe(text);
  if (!back.recipe) return { recipe: null, text: null, findings: back.findings.map((f) => ({ ...f, listener })) };
  return { recipe: back.recipe, text, findings: [] };
}
