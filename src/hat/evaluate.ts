/**
 * The first-match evaluator, as the appliance walks a HAT: entries top down, the first entry
 * with a member that matches the connecting host wins. Members that cannot be judged offline
 * are reported as "may match" and the walk continues to the next certain match.
 */
import type { HatModel } from './model.js';

/** A connecting host. */
export interface Connection {
  ip: string;
  /** Verified PTR name. */
  ptr?: string;
  /** SenderBase reputation score. */
  sbrs?: number;
}

/** A parameter in effect, and where it comes from. */
export interface EffectiveParam {
  key: string;
  value: string;
  source: 'policy' | 'default';
}

/** An entry that matches (or may match) the host. */
export interface EntryMatch {
  /** 0-based index among the entries. */
  index: number;
  entry: string;
  entryKind: 'group' | 'inline' | 'all';
  /** The member that matched (`ALL` for ALL). */
  member: string;
  certain: boolean;
  /** The behaviour in effect; null when the entry's policy cannot be resolved. */
  behaviour: string | null;
  /** The named policy (without `$`), or null for a behaviour of the entry's own. */
  policy: string | null;
  params: EffectiveParam[];
}

/** What happens to a host. */
export interface Evaluation {
  /** The first certain match; null when none (a HAT without ALL). */
  match: EntryMatch | null;
  /** Entries before it that may match (not judged offline), in order. */
  mayMatch: EntryMatch[];
}

/** Evaluates `conn` against the HAT. `defaults` are `$DEFAULT`'s parameters (from `hat_default_*`). */
export function evaluate(model: HatModel, conn: Connection, defaults: Readonly<Record<string, string>> = {}): Evaluation {
  void model, conn, defaults;
  throw new Error('not implemented');
}

/** A match in words: `REJECT by BLOCKED_PARTNER` / `ACCEPT by CRES ($CRES_TLS, tls required)`. */
export function describeMatch(m: EntryMatch | null, keys: readonly string[] = ['tls']): string {
  void m, keys;
  throw new Error('not implemented');
}
