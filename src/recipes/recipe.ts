/**
 * A recipe: the desired state of the Host Access Tables it touches, as data. The CRES change
 * of tech note 118539 is one recipe (`cres-tls`); recipe files (YAML/JSON) describe others.
 * The planner converges each HAT towards it, operation by operation, judged by meaning. The
 * types are those of the recipe schema (`schema.ts`), defaults filled in.
 */
import type { Static } from '../hat/json-schema.js';
import type { GROUP_SCHEMA, POLICY_SCHEMA, RECIPE_JSON_SCHEMA } from './schema.js';

/** What a mail flow policy does with a connection. */
export type Behaviour = Static<typeof POLICY_SCHEMA>['behaviour'];

/**
 * A mail flow policy the HAT must hold: only the named parameters are converged, others kept.
 * Parameter values are the text the HAT writes (the loader reads a number as its text).
 */
export type PolicyGoal = Omit<Static<typeof POLICY_SCHEMA>, 'params'> & { params: Record<string, string> };

/** Where a sender group must stand among the HAT's entries. */
export type Position = GroupGoal['position'];

/** A sender group the HAT must hold (`comment`: '' when the file gives none). */
export type GroupGoal = Static<typeof GROUP_SCHEMA> & { comment: string };

type RecipeFile = Static<typeof RECIPE_JSON_SCHEMA>;
/** Removals a recipe asks for. */
export type RemoveGoal = NonNullable<RecipeFile['remove']>;
/** A host the recipe's author publishes, checked against the result (reported, never added). */
export type PublishedHost = NonNullable<RecipeFile['published']>['hosts'][number];
/** Which listeners a recipe touches by default. */
export type ListenerSelection = NonNullable<RecipeFile['listeners']>;

/** A whole recipe: a recipe file as loaded, its defaults filled in. */
export type Recipe = Omit<RecipeFile, 'format' | 'listeners' | 'policies' | 'groups'> & {
  listeners: ListenerSelection;
  policies: PolicyGoal[];
  groups: GroupGoal[];
};

/** What the command line may change in a recipe (`--group-name`, `--policy-name`, …). */
export interface RecipeOverrides {
  /** Name of the recipe's (first) sender group. */
  group?: string;
  /** Name of the recipe's (first) policy; the group's reference follows it. */
  policy?: string;
  /** Value of the policy's `tls` parameter. */
  tls?: string;
  /** Senders of the recipe's (first) sender group, replacing its list. */
  senders?: readonly string[];
  replaceUnknownTls?: boolean;
}

/** `recipe` with `overrides` applied to its first policy and first sender group. Pure. */
export function withOverrides(recipe: Recipe, overrides: RecipeOverrides): Recipe {
  const policy0 = recipe.policies[0];
  const group0 = recipe.groups[0];
  const policyName = overrides.policy ?? policy0?.name;
  const policies = recipe.policies.map((p, k) =>
    k === 0
      ? { ...p, name: policyName!, params: overrides.tls === undefined ? { ...p.params } : { ...p.params, tls: overrides.tls } }
      : { ...p, params: { ...p.params } },
  );
  const groups = recipe.groups.map((g, k) => {
    const policy = policy0 && g.policy === policy0.name ? policyName! : g.policy;
    return k === 0
      ? {
          ...g,
          name: overrides.group ?? g.name,
          policy,
          senders: overrides.senders && overrides.senders.length ? [...overrides.senders] : [...g.senders],
        }
      : { ...g, policy, senders: [...g.senders] };
  });
  const out: Recipe = { ...recipe, policies, groups };
  if (recipe.published) {
    out.published = {
      group: group0 && recipe.published.group === group0.name ? groups[0]!.name : recipe.published.group,
      hosts: [...recipe.published.hosts],
    };
  }
  if (overrides.replaceUnknownTls !== undefined) out.replaceUnknownTls = overrides.replaceUnknownTls;
  return out;
}
