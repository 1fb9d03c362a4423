/**
 * The one recipe rule set: the schema ({@link schemaProblems}) plus the rules across fields a
 * JSON Schema cannot say (a name twice, positions that contradict each other, a sender the HAT
 * grammar does not know, removing what the recipe adds). {@link recipeProblems} is what
 * `recipe check`, `recipe extract` (on its own output) and `plan` (through `checkRecipe`) all
 * run, so a recipe one accepts the others accept. Pure.
 */
import { validateSender } from '../net/sender.js';
import type { Recipe } from './recipe.js';
import { closestWord } from './suggest.js';
import { printable, schemaProblems, type RecipeProblem } from './validate.js';

export type { RecipePath, RecipeProblem } from './validate.js';

/**
 * Parameter names of HAT policies: those the format doc records, then those seen in the
 * reconstructed exports of the test corpus. Others are accepted (releases add parameters), but
 * one within a typo of these is reported (`recipe-param-unknown`).
 */
export const KNOWN_PARAMS: readonly string[] = [
  'spam_check',
  'virus_check',
  'max_msgs_per_session',
  'max_concurrency',
  'max_rcpts_per_msg',
  'max_rcpts_per_hour',
  'dhap_limit',
  'max_message_size',
  'use_sb',
  'tls',
  'max_rcpts_per_hour_code',
  'max_rcpts_per_hour_text',
  'smtp_banner_code',
  'smtp_banner_text',
  'reject_banner_code',
  'reject_banner_text',
  'use_override_hostname',
  'override_hostname',
  'smtp_auth',
  'spf_verification',
  'dkim_verification',
  'dmarc_verification',
  'accept_untagged_bounces',
];

/** Why `text` is not a HAT sender a recipe may write, or null. */
export function senderProblem(text: string): string | null {
  const v = validateSender(text);
  return v.ok ? null : v.reason;
}

/** Options of {@link recipeProblems}. */
export interface RuleOptions {
  /** Checks one sender; returns a reason when it is not a sender (default: the HAT member grammar). */
  validateSender?: (text: string) => string | null;
}

/** Errors and warnings of a recipe given as data. */
export interface RecipeCheck {
  errors: RecipeProblem[];
  warnings: RecipeProblem[];
}

/**
 * Every problem of `data` (a recipe file's data, or a {@link Recipe}): the schema first; when
 * the schema holds, the rules across fields. Warnings: parameter names one typo away from a
 * known one.
 */
export function recipeProblems(data: unknown, options: RuleOptions = {}): RecipeCheck {
  const errors = schemaProblems(data);
  if (errors.length) return { errors, warnings: [] };
  const r = data as Recipe;
  return { errors: crossChecks(r, options.validateSender ?? senderProblem), warnings: paramWarnings(r) };
}

/** The data of a {@link Recipe} as its file would hold it (for the schema). */
export function recipeData(r: Recipe): unknown {
  return JSON.parse(JSON.stringify(r));
}

const lower = (s: string) => s.toLowerCase();

function paramWarnings(r: Recipe): RecipeProblem[] {
  const out: RecipeProblem[] = [];
  (r.policies ?? []).forEach((p, i) => {
    for (const k of Object.keys(p.params ?? {})) {
      if (KNOWN_PARAMS.includes(k)) continue;
      const s = closestWord(k, KNOWN_PARAMS);
      if (s !== undefined)
        out.push({ path: ['policies', i, 'params', k], rule: 'param-unknown', expected: 'a parameter name', key: k, suggestion: s });
    }
  });
  return out;
}

type Position = Recipe['groups'][number]['position'];
const targetOf = (pos: Position): { side: 'before' | 'after'; name: string } | null =>
  typeof pos === 'object' ? ('before' in pos ? { side: 'before', name: pos.before } : { side: 'after', name: pos.after }) : null;

function crossChecks(input: Recipe, check: (text: string) => string | null): RecipeProblem[] {
  const r = { ...input, policies: input.policies ?? [], groups: input.groups ?? [] };
  const out: RecipeProblem[] = [];
  const firstIndex = new Map<string, number>();
  // Names: the HAT's names are unique per listener; two differing only by case are refused
  // here (the appliance's case rule for names is not documented: never guess it).
  const unique = (list: 'policies' | 'groups', rule: string, kind: string, i: number, name: string) => {
    const key = `${list === 'policies' ? 'p' : 'g'}:${lower(name)}`;
    const first = firstIndex.get(key);
    if (first === undefined) firstIndex.set(key, i);
    else out.push({ path: [list, i, 'name'], rule, expected: `a ${kind} name not already given (${list}/${first})`, got: printable(name) });
  };
  r.policies.forEach((p, i) => unique('policies', 'unique-policy', 'policy', i, p.name));
  r.groups.forEach((g, i) => unique('groups', 'unique-group', 'group', i, g.name));
  const removedGroups = new Set((r.remove?.groups ?? []).map(lower));
  r.groups.forEach((g, i) => {
    const k = lower(g.name);
    const pos = g.position;
    const target = targetOf(pos);
    if (target && lower(target.name) === k)
      out.push({ path: ['groups', i, 'position'], rule: 'self-position', expected: 'a position relative to another entry' });
    else if (target && target.side === 'after' && lower(target.name) === 'all')
      out.push({
        path: ['groups', i, 'position'],
        rule: 'position-after-all',
        expected: 'a position before ALL (ALL is the last entry): last',
      });
    else if (target && removedGroups.has(lower(target.name)))
      out.push({
        path: ['groups', i, 'position'],
        rule: 'position-removed',
        expected: `a position next to an entry the recipe keeps (it removes ${target.name})`,
      });
    // Two groups that both want the same place would displace each other on every run.
    const slot = typeof pos === 'string' ? `pos:${pos}` : target ? `pos:${target.side}:${lower(target.name)}` : null;
    if (slot !== null) {
      const first = firstIndex.get(slot);
      if (first !== undefined)
        out.push({
          path: ['groups', i, 'position'],
          rule: 'unique-position',
          expected: `a place no other group of the recipe claims (groups/${first} stands there); place one relative to the other`,
        });
      else firstIndex.set(slot, i);
    }
    // A sender given twice is not a problem of the recipe: the planner drops it (`sender-dropped`),
    // as the appliance discards a duplicate member.
    g.senders.forEach((s, j) => {
      const why = check(s);
      if (why)
        out.push({
          path: ['groups', i, 'senders', j],
          rule: 'sender',
          expected: `a HAT sender (${why})`,
          got: printable(s),
          sender: { value: s, reason: why },
        });
    });
  });
  out.push(...positionCycles(r.groups));
  // Before the group that stands first, or after the one that stands last: no order does both.
  r.groups.forEach((g, i) => {
    const t = targetOf(g.position);
    const other = t ? r.groups.find((x) => x !== g && x.name === t.name) : undefined;
    if (!t || !other || other.position !== (t.side === 'before' ? 'first' : 'last')) return;
    out.push({
      path: ['groups', i, 'position'],
      rule: 'position-conflict',
      expected: `a position ${other.name} (${other.position}) leaves possible: nothing stands ${t.side === 'before' ? 'before the first' : 'after the last'} group`,
    });
  });
  const rm = r.remove;
  if (rm) {
    rm.groups?.forEach((g, i) => {
      if (firstIndex.has('g:' + lower(g)))
        out.push({ path: ['remove', 'groups', i], rule: 'remove-conflict', expected: `a group the recipe does not also add (${g})` });
    });
    const used = new Set(r.groups.map((g) => lower(g.policy)));
    rm.policies?.forEach((p, i) => {
      if (firstIndex.has('p:' + lower(p)) || used.has(lower(p)))
        out.push({
          path: ['remove', 'policies', i],
          rule: 'remove-conflict',
          expected: `a policy the recipe does not also define or use (${p})`,
        });
    });
    rm.senders?.forEach((s, i) => {
      s.senders.forEach((x, j) => {
        const why = check(x);
        if (why)
          out.push({
            path: ['remove', 'senders', i, 'senders', j],
            rule: 'sender',
            expected: `a HAT sender (${why})`,
            got: printable(x),
            sender: { value: x, reason: why },
          });
        const adds = r.groups.find(
          (g) => (s.group === '*' || lower(s.group) === lower(g.name)) && g.senders.some((y) => lower(y) === lower(x)),
        );
        if (adds)
          out.push({
            path: ['remove', 'senders', i, 'senders', j],
            rule: 'remove-conflict',
            expected: `a sender the recipe does not also add (${x}, group ${adds.name})`,
          });
      });
    });
  }
  if (r.published && !firstIndex.has('g:' + lower(r.published.group))) {
    out.push({ path: ['published', 'group'], rule: 'published-group', expected: "the name of one of the recipe's groups" });
  }
  return out;
}

/** Groups whose positions name each other in a ring (A after B, B before A, …): no order satisfies them. */
function positionCycles(groups: Recipe['groups']): RecipeProblem[] {
  const index = new Map(groups.map((g, i) => [lower(g.name), i]));
  const out: RecipeProblem[] = [];
  const reported = new Set<number>();
  groups.forEach((_, start) => {
    const chain: number[] = [];
    let at: number | undefined = start;
    while (at !== undefined && !chain.includes(at)) {
      chain.push(at);
      const t = targetOf(groups[at]!.position);
      at = t ? index.get(lower(t.name)) : undefined;
      if (at !== undefined && at === chain[chain.length - 1]) at = undefined; // self-position: its own rule
    }
    if (at === start && !reported.has(start)) {
      for (const i of chain) reported.add(i);
      out.push({
        path: ['groups', start, 'position'],
        rule: 'position-cycle',
        expected: `positions that do not name each other in a ring (${chain.map((i) => groups[i]!.name).join(' -> ')} -> ${groups[start]!.name})`,
      });
    }
  });
  return out;
}

/**
 * The recipe's groups in the order to plan them: as given, except that a group placed
 * relative to another group of the recipe comes after it (so the position is taken where that
 * group ends up). The rules refuse rings, so this is a plain topological order.
 */
export function planningOrder<G extends { name: string; position: Position }>(groups: readonly G[]): G[] {
  const byName = new Map(groups.map((g) => [g.name, g]));
  const out: G[] = [];
  const visiting = new Set<G>();
  const visit = (g: G) => {
    if (out.includes(g) || visiting.has(g)) return;
    visiting.add(g);
    const t = targetOf(g.position);
    const dep = t ? byName.get(t.name) : undefined;
    if (dep && dep !== g) visit(dep);
    visiting.delete(g);
    out.push(g);
  };
  groups.forEach(visit);
  return out;
}
