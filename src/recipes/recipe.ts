/**
 * A recipe: the desired state of the Host Access Tables it touches, as data. The CRES change
 * of tech note 118539 is one recipe (`cres-tls`); recipe files (YAML/JSON) describe others.
 * The planner converges each HAT towards it, operation by operation, judged by meaning.
 */

/** What a mail flow policy does with a connection. */
export type Behaviour = 'ACCEPT' | 'REJECT' | 'RELAY' | 'TCPREFUSE' | 'CONTINUE';

/** A mail flow policy the HAT must hold: only the named parameters are converged, others kept. */
export interface PolicyGoal {
  /** Name without `$`. */
  name: string;
  behaviour: Behaviour;
  /** Parameter values as the HAT text writes them (strings are written quoted). */
  params: Record<string, string>;
  /** Changing a policy that entries outside the recipe also use is refused unless `allow`. */
  shared?: 'refuse' | 'allow';
}

/** Where a sender group must stand among the HAT's entries. */
export type Position = 'first' | 'last' | { before: string } | { after: string };

/** A sender group the HAT must hold. */
export interface GroupGoal {
  name: string;
  /** Senders (HAT member syntax) the group must cover. */
  senders: string[];
  /** Name of the policy (without `$`) the group must be bound to. */
  policy: string;
  /** Comment written after the group's policy line when the group is added. */
  comment: string;
  position: Position;
}

/** Removals a recipe asks for. */
export interface RemoveGoal {
  /** Senders to remove from the named groups (`*`: every group that holds them). */
  senders?: { group: string; senders: string[] }[];
  /** Whole sender groups to remove. */
  groups?: string[];
  /** Policies to remove when no entry uses them. */
  policies?: string[];
}

/** A host the recipe's author publishes, checked against the result (reported, never added). */
export interface PublishedHost {
  host: string;
  ip: string;
  /** e.g. `R` (relay) or `MX`, as the source table says. */
  kind: string;
}

/** Which listeners a recipe touches by default. */
export type ListenerSelection = 'public' | 'private' | 'all' | readonly string[];

/** A whole recipe. */
export interface Recipe {
  /** Recipe name, e.g. `cres-tls`. */
  name: string;
  description?: string;
  listeners: ListenerSelection;
  policies: PolicyGoal[];
  groups: GroupGoal[];
  remove?: RemoveGoal;
  /** Hosts every listener must send to the goal policy after the change (compliance by evaluation). */
  published?: { group: string; hosts: PublishedHost[] };
  /** Overwrite a TLS value the tool does not know (`--replace-tls-value`). */
  replaceUnknownTls?: boolean;
}

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
