/**
 * The semantic model of a HAT: what the appliance reads from it, with where each part was
 * written (for lowering and findings). Formatting (indentation, line endings, blank lines, block
 * spelling) is kept only as `spelling`/`line` fields that `semanticDiff` ignores.
 */
import type { Sender } from '../net/sender.js';
import type { HatSyntax } from './syntax.js';

/** An ordered parameter: key and value (unquoted, unescaped). */
export type Param = [key: string, value: string];

/** How a behaviour's block is written (formatting only). */
export type BlockSpelling =
  | 'bare' // `ACCEPT`
  | 'empty' // `ACCEPT {}`
  | 'inline' // `ACCEPT { a = 1 b = "x" }`
  | 'multiline' // `ACCEPT {` … `}`
  | 'own-lines'; // `ACCEPT` / `{` / … / `}`

/** A behaviour with its parameters. */
export interface Behaviour {
  /** `ACCEPT`, `REJECT`, … as written (upper case for known keywords). */
  behaviour: string;
  params: Param[];
  spelling: BlockSpelling;
  /** 0-based HAT line of the keyword (-1: not from text). */
  line: number;
  /** 0-based HAT line of the closing `}` (or the keyword's line). */
  lastLine: number;
}

/** A mail flow policy definition. */
export interface HatPolicy extends Behaviour {
  /** Name without `$`. */
  name: string;
  /** Text of a `(comment)` after the behaviour, without parens; null when none. */
  comment: string | null;
  /** 0-based HAT line of `$NAME`. */
  headLine: number;
}

/** What an entry's senders get: a named policy, or a behaviour of its own. */
export type PolicyRef =
  | { kind: 'named'; name: string; comment: string | null; line: number }
  | ({ kind: 'own'; comment: string | null } & Behaviour);

/** A member of an entry. */
export interface HatMember {
  text: string;
  sender: Sender;
  /** 0-based HAT line. */
  line: number;
}

/** A sender group, an inline entry (a sender at column 0), or `ALL`. */
export interface HatEntry {
  kind: 'group' | 'inline' | 'all';
  /** Group name (without `:`), the inline entry's first member, or `ALL`. */
  name: string;
  members: HatMember[];
  /** Null when the entry names no policy (a blocking problem). */
  policy: PolicyRef | null;
  /** 0-based HAT lines of the entry's first and last line (trailing blank/comment lines excluded). */
  line: number;
  lastLine: number;
}

/** Where an unknown line stands: inside a policy or entry, or before the item at `index` (items: policies then entries). */
export interface UnknownLine {
  /** The line's text without indentation and ending. */
  text: string;
  /** 0-based HAT line. */
  line: number;
  where: { inside: 'policy' | 'entry' | null; index: number; name: string | null };
}

/** Codes of problems a HAT can have (also finding codes of the HAT area). */
export type HatProblemCode =
  | 'hat-empty'
  | 'hat-no-column0-entry'
  | 'hat-unclosed-block'
  | 'hat-stray-brace'
  | 'hat-unterminated-quote'
  | 'hat-orphan-line'
  | 'hat-second-policy'
  | 'hat-member-after-policy'
  | 'hat-entry-without-policy'
  | 'hat-policy-without-behaviour'
  | 'hat-duplicate-policy'
  | 'hat-duplicate-group'
  | 'hat-unknown-line'
  | 'hat-unknown-param'
  | 'hat-unknown-member';

/** A problem of the HAT text. */
export interface HatProblem {
  code: HatProblemCode;
  /** Blocking: a decision that depends on this part cannot be made. Otherwise: kept, reported as info. */
  blocking: boolean;
  /** 1-based HAT line and column. */
  line: number;
  col: number;
  /** The text concerned (a line, a member, a name). */
  text: string;
  /** Name of the policy or entry it belongs to, when known. */
  name: string | null;
}

/** The semantic model of one HAT. */
export interface HatModel {
  policies: HatPolicy[];
  entries: HatEntry[];
  unknown: UnknownLine[];
  problems: HatProblem[];
}

/** Builds the model from the syntax. Never throws. */
export function buildModel(syntax: HatSyntax): HatModel {
  void syntax;
  throw new Error('not implemented');
}

/** Parses HAT text to syntax and model. */
export function readHat(text: string): { syntax: HatSyntax; model: HatModel } {
  void text;
  throw new Error('not implemented');
}

/** The problems that make a decision impossible. */
export function blockingProblems(model: HatModel): HatProblem[] {
  return model.problems.filter((p) => p.blocking);
}

/** The policy named `name` (exact name, without `$`). */
export function findPolicy(model: HatModel, name: string): HatPolicy | undefined {
  return model.policies.find((p) => p.name === name);
}

/** The entry named `name` (exact name). */
export function findEntry(model: HatModel, name: string): HatEntry | undefined {
  return model.entries.find((e) => e.name === name);
}

/** Resolves an entry's policy to its behaviour and parameters (null when unknown). */
export function resolvePolicy(model: HatModel, entry: HatEntry): { behaviour: string; params: Param[]; policy: string | null } | null {
  const ref = entry.policy;
  if (!ref) return null;
  if (ref.kind === 'own') return { behaviour: ref.behaviour, params: ref.params, policy: null };
  const p = findPolicy(model, ref.name);
  return p ? { behaviour: p.behaviour, params: p.params, policy: p.name } : null;
}

/** Value of a parameter (last one wins), or undefined. */
export function paramValue(params: readonly Param[], key: string): string | undefined {
  let v: string | undefined;
  for (const [k, val] of params) if (k === key) v = val;
  return v;
}
