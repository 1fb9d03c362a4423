/**
 * TLS values of a mail flow policy (`tls = "…"`) by strength. esa-config-format.md confirms
 * `off`; `preferred` and `required` are the best guesses for the GUI's other two choices, and
 * `preferred_verify` / `required_verify` their forms with client certificate verification.
 * A policy that already requires TLS *and* verifies the client certificate satisfies a goal of
 * TLS Required (tech note 118539), and is never rewritten down to it.
 */

/** The TLS values esa-patch knows, weakest first. */
export const TLS_VALUES = ['off', 'preferred', 'preferred_verify', 'required', 'required_verify'] as const;

/** A TLS value esa-patch knows. */
export type TlsValue = (typeof TLS_VALUES)[number];

/** How a policy's TLS value stands to a goal's. */
export type TlsStanding =
  /** The same value. */
  | 'same'
  /** The goal's verified form (`required_verify` for `required`): every guarantee of the goal and more. */
  | 'stricter'
  /** Known, and another value: the goal is set (a change of treatment the planner reports). */
  | 'other'
  /**
   * One of the two is not a value esa-patch knows (neither stricter nor weaker can be claimed),
   * or setting the goal would drop the certificate verification the value has
   * (`preferred_verify` for a goal of `required`): refused, never rewritten silently.
   */
  | 'unknown';

const isKnown = (v: string): v is TlsValue => (TLS_VALUES as readonly string[]).includes(v);

/**
 * How `value` (as the HAT spells it, compared exactly) stands to `goal`. Only the goal's own
 * verified form counts as stricter: `required_verify` meets TLS Required and is never rewritten
 * down to it. Any other known value is `other`, and a recipe that names a value gets it (a
 * recipe may lower TLS on purpose; the planner reports whom that treats differently).
 */
export function tlsStanding(value: string, goal: string): TlsStanding {
  if (value === goal) return 'same';
  if (!isKnown(value) || !isKnown(goal)) return 'unknown';
  if (value === `${goal}_verify`) return 'stricter';
  // Setting the goal would drop the client certificate verification the policy has: never silently.
  if (value.endsWith('_verify') && !goal.endsWith('_verify')) return 'unknown';
  return 'other';
}

/** Does a policy whose TLS value is `value` meet a goal of `goal` (the same value, or its verified form)? */
export function tlsSatisfies(value: string | null | undefined, goal: string): boolean {
  if (value == null) return false;
  const s = tlsStanding(value, goal);
  return s === 'same' || s === 'stricter';
}
