/**
 * TLS values of a mail flow policy (`tls = "…"`) by strength. esa-config-format.md confirms
 * `off`; `preferred` and `required` are the best guesses for the GUI's other two choices, and
 * `preferred_verify` / `required_verify` their forms with client certificate verification.
 * A value is judged by what it guarantees, never by its spelling alone: a policy that already
 * requires TLS *and* verifies the certificate satisfies a goal of TLS Required, and is never
 * rewritten down to it.
 */

/** The TLS values esa-patch knows, weakest first. */
export const TLS_VALUES = ['off', 'preferred', 'preferred_verify', 'required', 'required_verify'] as const;

/** A TLS value esa-patch knows. */
export type TlsValue = (typeof TLS_VALUES)[number];

/** How a policy's TLS value stands to a goal's. */
export type TlsStanding =
  /** The same value. */
  | 'same'
  /** Known, and it guarantees everything the goal does and more (e.g. `required_verify` for `required`). */
  | 'stricter'
  /** Known, and it guarantees less than the goal (e.g. `off` or `preferred` for `required`). */
  | 'weaker'
  /** One of the two is not a value esa-patch knows: neither stricter nor weaker can be claimed. */
  | 'unknown';

const isKnown = (v: string): v is TlsValue => (TLS_VALUES as readonly string[]).includes(v);
const required = (v: TlsValue) => v.startsWith('required');
const verified = (v: TlsValue) => v.endsWith('_verify');

/**
 * How `value` (as the HAT spells it, compared exactly) stands to `goal`. A value is stricter
 * when it gives every guarantee of the goal (TLS at least as mandatory, verification whenever
 * the goal verifies) and is not the same; weaker when it lacks one of them.
 */
export function tlsStanding(value: string, goal: string): TlsStanding {
  if (value === goal) return 'same';
  if (!isKnown(value) || !isKnown(goal)) return 'unknown';
  const rank = (v: TlsValue) => (v === 'off' ? 0 : required(v) ? 2 : 1);
  const atLeast = rank(value) >= rank(goal) && (!verified(goal) || verified(value));
  return atLeast ? 'stricter' : 'weaker';
}

/** Does a policy whose TLS value is `value` meet a goal of `goal` (the same value, or a stricter one)? */
export function tlsSatisfies(value: string | null | undefined, goal: string): boolean {
  if (value == null) return false;
  const s = tlsStanding(value, goal);
  return s === 'same' || s === 'stricter';
}
