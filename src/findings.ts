/**
 * The one shape of every problem and observation esa-patch reports: XML, export, HAT, recipe,
 * artefact, file system, SPF and command-line findings alike.
 *
 * A finding is data: a stable `code`, a `severity`, typed `args` and where it is (`file`,
 * `line`, `col`, `length`, element `path`, listener). Prose is made from code and arguments in
 * one place only (`report/messages.ts`); tests assert codes and arguments, never wording.
 *
 * Each area declares its codes and their argument types in its own section below; the
 * `FindingCode` union is their keys. Add a code to the section of its area, and its message to
 * `report/messages.ts`.
 */

import type { SpfCode } from './spf/types.js';

/** How bad a finding is: `error` stops the file (exit 1 or 3), `warning` and `info` inform. */
export type Severity = 'error' | 'warning' | 'info';

/** A value an argument may take (kept to JSON types, so `--json` carries arguments as they are). */
export type ArgValue = string | number | boolean | null | readonly string[];

// ---------------------------------------------------------------------------------------------
// Areas. Keys are codes, values are the arguments their messages are made from.
// ---------------------------------------------------------------------------------------------

/** Arguments of every XML well-formedness code: what the scanner found. */
export interface XmlDetail {
  detail: string;
}

/** XML well-formedness and reading (`src/xml`; turned into findings by `src/esa`). */
export interface XmlFindingArgs {
  'xml-syntax': XmlDetail;
  'xml-malformed': XmlDetail;
  'xml-bad-char': XmlDetail;
  'xml-bad-encoding': XmlDetail;
  'xml-bad-reference': XmlDetail;
  'xml-dtd-entities': XmlDetail;
  'xml-dtd-subset': XmlDetail;
  'xml-junk-after-root': XmlDetail;
  'xml-mismatched-tag': XmlDetail;
  'xml-no-root': XmlDetail;
  'xml-too-deep': XmlDetail;
  'xml-truncated': XmlDetail;
  'xml-undefined-entity': XmlDetail;
}

/** The export as an appliance configuration (`src/esa`, pre-flight in `src/patch`). */
export interface ExportFindingArgs {
  'esa-not-export': { root: string };
  'esa-no-listeners': Record<string, never>;
  'esa-hat-markup': { listener: string };
  'masked-secrets': { count: number; first: string; allowed: boolean };
  'unknown-listener': { names: readonly string[]; available: string };
  'no-public-listener': { available: string };
  'listener-without-hat': { listener: string; path: string };
  /** A listener with more than one `<hat>` element: which one the appliance reads is unknown. */
  'hat-multiple': { listener: string; path: string; count: number };
  'cluster-path': { listener: string; path: string };
  /** `lower`: the cluster levels below `level` whose settings win over it. */
  'cluster-level': { listener: string; path: string; level: string; name: string | null; lower: readonly string[] };
  'cluster-override': { listener: string; level: string; patched: string; other: string; otherLevel: string };
  'appliance-version': { version: string; serial: string | null; model: string | null; reviewOnly: boolean };
  'version-unknown': { version: string | null; serial: string | null };
  /** `element`: the listener has a `<certificate>` element (empty) rather than none. */
  'certificate-missing': { listener: string; element: boolean };
  'certificate-demo': { listener: string; certificate: string };
  /** `known`: certificates the export holds; `near`: one differing only by case. */
  'certificate-absent': { listener: string; certificate: string; known: readonly string[]; near: string | null };
}

/** The HAT language (`src/hat`): reading, judging, lowering. */
export interface HatFindingArgs {
  'hat-unknown-param': { listener: string; text: string };
  'hat-unknown-line': { listener: string; text: string };
  'hat-unknown-text': { listener: string; text: string };
  'hat-unknown-member': { listener: string; member: string };
  'hat-unclosed-block': { listener: string; line: number };
  'hat-policy-without-behaviour': { listener: string; policy: string };
  'hat-orphan-line': { listener: string; text: string };
  'hat-entry-without-policy': { listener: string; entry: string };
  'hat-second-policy': { listener: string; entry: string };
  'hat-duplicate-policy': { listener: string; policy: string };
  'hat-duplicate-group': { listener: string; group: string };
  'hat-empty-element': { listener: string };
  'hat-empty': { listener: string };
  'hat-no-column0-entry': { listener: string; line: number };
  'hat-stray-brace': { listener: string; line: number; text: string };
  'hat-unterminated-quote': { listener: string; line: number; text: string };
  'hat-member-after-policy': { listener: string; entry: string; member: string };
  'hat-cannot-lower': { listener: string; line: number; detail: string };
  'hat-duplicate-param': { listener: string; policy: string; param: string; line: number };
}

/** Recipes and planning (`src/recipes`, `src/patch`). */
export interface RecipeFindingArgs {
  'bad-recipe': { problems: readonly string[] };
  'name-collision': { listener: string; existing: string; wanted: string; kind: 'group' | 'policy' | 'sender' };
  'policy-conflict': { listener: string; policy: string; detail: string };
  'cannot-lower': { listener: string; detail: string };
  /** A check before writing failed; `differences`: what the output means beyond the plan. */
  'internal-check': { listener: string | null; detail: string; differences?: readonly string[] };
  'treatment-change': { listener: string; host: string; before: string; after: string };
  'sender-invalid': { value: string; reason: string };
  'sender-dropped': { sender: string; reason: 'duplicate' | 'covered'; by: string };
  'tls-unknown': { listener: string; policy: string; value: string; target: string };
  'policy-shared': { listener: string; policy: string; entries: readonly string[]; params: readonly string[] };
  'published-uncovered': { listener: string; group: string; hosts: readonly string[] };
  'hat-blocking': { listener: string; problem: string; line: number; text: string };
  'goal-sender-shadowed': { listener: string; sender: string; entry: string; treatment: string };
  'position-unknown': { listener: string; group: string; entry: string };
}

/** Patch artefacts and rollback (`src/patch`). */
export interface ArtefactFindingArgs {
  'rollback-conflict': { listener: string; operation: string; detail: string };
  /** Rollback by meaning cannot locate what to undo unambiguously (`reason`), so it refuses. */
  'rollback-ambiguous': { listener: string; name: string; reason: 'repeated-name' | 'group-named-all' | 'no-effect' };
  /** A parameter of what the patch added was changed since (e.g. a policy tuned by hand). */
  'rollback-tuned': { listener: string; policy: string; param: string; was: string | null; now: string | null };
  /** A listener of the artefact is not in this export. */
  'rollback-listener-missing': { listener: string; path: string };
  'rollback-exact': Record<string, never>;
  'rollback-meaning': Record<string, never>;
  'nothing-to-undo': { reason: 'already-input' | 'empty-patch' };
  'artefact-corrupt': { detail: string };
  /** A JSON file that is not an artefact this version reads. */
  'artefact-invalid': { file: string; problem: string };
}

/** Files, paths and writing (`src/cli/fs`). */
export interface FsFindingArgs {
  'io-error': { path: string; reason: string };
  'output-is-input': { output: string; input: string };
  'output-collision': { output: string };
  'output-exists': { path: string };
}

/** Command-line arguments and runs (`src/cli`). */
export interface CliFindingArgs {
  'bad-arguments': { detail: string };
  'no-input': { given: string };
  'internal-error': { detail: string };
}

/** SPF records (`src/spf`). The SPF module keeps its own detailed finding type (`SpfFinding`); these are its codes (`SpfCode`). */
export interface SpfFindingArgs {
  'spf-syntax': SpfDetail;
  'spf-multiple-records': SpfDetail;
  'spf-lookup-limit': SpfDetail;
  'spf-void-limit': SpfDetail;
  'spf-loop': SpfDetail;
  'spf-missing-record': SpfDetail;
  'spf-include-invalid': SpfDetail;
  'spf-dns-error': SpfDetail;
  'spf-depth-limit': SpfDetail;
  'spf-not-expanded': SpfDetail;
  'spf-ptr': SpfDetail;
  'spf-permissive-all': SpfDetail;
  'spf-no-all': SpfDetail;
  'spf-after-all': SpfDetail;
  'spf-redirect-ignored': SpfDetail;
  'spf-include-qualifier': SpfDetail;
  'spf-unknown-modifier': SpfDetail;
  'spf-macro': SpfDetail;
  'spf-too-long': SpfDetail;
  'spf-record-size': SpfDetail;
  'spf-flatten-warning': SpfDetail;
  'spf-ignored-txt': SpfDetail;
  'spf-domain-file': SpfDetail;
  'spf-file': SpfDetail;
  'spf-option': SpfDetail;
}

/** The SPF codes and these are the same set (`true`; a compile error when the SPF module adds a code). */
export const SPF_CODES_LISTED: [SpfCode] extends [keyof SpfFindingArgs] ? ([keyof SpfFindingArgs] extends [SpfCode] ? true : never) : never = true;

/** Arguments of an SPF code as one finding: the SPF module's own message (its `SpfFinding` keeps the detail). */
export interface SpfDetail {
  detail: string;
}

/** Every finding code with its arguments. */
export interface FindingArgs
  extends XmlFindingArgs,
    ExportFindingArgs,
    HatFindingArgs,
    RecipeFindingArgs,
    ArtefactFindingArgs,
    FsFindingArgs,
    CliFindingArgs,
    SpfFindingArgs {}

/** Every stable finding code. */
export type FindingCode = keyof FindingArgs;

/** Where a finding is. Lines and columns are 1-based; `col` counts characters as the file's encoding decodes them. */
export interface Span {
  /** File name as the user named it (the CLI fills it). */
  file?: string;
  line?: number;
  col?: number;
  /** Length of the located text, in characters. */
  length?: number;
  /** Element path in the document, e.g. `config/listeners/listener[1]/hat`. */
  path?: string;
  /** Listener name, for people. */
  listener?: string;
  /** Listener element path: what identifies a listener. */
  listenerPath?: string;
}

/** A finding of one code, with that code's arguments. */
export type FindingOf<C extends FindingCode> = Span & {
  code: C;
  severity: Severity;
  args: FindingArgs[C];
};

/** Any finding. */
export type Finding = { [C in FindingCode]: FindingOf<C> }[FindingCode];

/** Builds a finding (keeps the code and its arguments tied together). */
export function finding<C extends FindingCode>(code: C, severity: Severity, args: FindingArgs[C], span: Span = {}): FindingOf<C> {
  return { ...span, code, severity, args } as FindingOf<C>;
}
