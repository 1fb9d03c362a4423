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
