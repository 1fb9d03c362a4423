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
import type { CheckFindingArgs } from './check/finding-args.js';
import type { ApplianceFindingArgs, PushFindingArgs } from './appliance/finding-args.js';
import type { SpfFindingArgs } from './spf/finding-args.js';
import type { ApplyProblem, LowerProblem, LowerText, ProblemAbout, RollbackProblem } from './hat/finding-args.js';

export type { ApplianceFindingArgs, CheckFindingArgs, PushFindingArgs, SpfFindingArgs };
export type { ApplyProblem, LowerProblem, LowerText, ProblemAbout, RollbackProblem };

/** How bad a finding is: `error` stops the file (exit 1 or 3), `warning` and `info` inform. */
export type Severity = 'error' | 'warning' | 'info';

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
  /** An edit would move or write non-ASCII text in an export whose declared encoding esa-patch cannot write (exit 3). */
  'encoding-unsupported': { encoding: string; listener: string };
  'esa-not-export': { root: string };
  'esa-no-listeners': Record<string, never>;
  'esa-hat-markup': { listener: string };
  'masked-secrets': { count: number; first: string; allowed: boolean };
  'unknown-listener': { names: readonly string[]; available: string };
  'no-public-listener': { available: string };
  /** `count` listeners share the name given (`recipe extract`): which one is meant is unknown. */
  'listener-ambiguous': { listener: string; count: number; available: string };
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
  /** `accepted`: `--accept-demo-certificate` was given (a warning); otherwise a listener change it blocks (an error). */
  'certificate-demo': { listener: string; certificate: string; accepted: boolean; blocking?: boolean };
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
  /**
   * The lowering cannot write `operation` exactly (`problem`); `name`: the group, policy or
   * kind of text ({@link LowerText}) concerned, `value` the text, `count` how often it is written.
   */
  'hat-cannot-lower': {
    listener: string;
    line: number;
    problem: LowerProblem;
    name: string | null;
    value: string | null;
    count: number | null;
    operation: string | null;
  };
  'hat-duplicate-param': { listener: string; policy: string; param: string; line: number };
  'hat-value-escape': { listener: string; line: number; text: string };
  'hat-head-unclear': { listener: string; line: number; text: string };
  'hat-line-unclear': { listener: string; line: number; text: string };
}

/** A {@link ProblemAbout} about nothing in particular. */
export const NOTHING: ProblemAbout = { name: null, param: null, value: null, expected: null };

/** Recipes and planning (`src/recipes`, `src/patch`). */
export interface RecipeFindingArgs {
  'bad-recipe': { problems: readonly string[] };
  'name-collision': { listener: string; existing: string; wanted: string; kind: 'group' | 'policy' | 'sender' };
  /** `users`: every entry using the policy now, with the file line of each in `lines`. */
  'policy-conflict': {
    listener: string;
    policy: string;
    /** The behaviour the policy has, and the one the recipe wants. */
    behaviour: string;
    wanted: string;
    users: readonly string[];
    lines: readonly string[];
  };
  /** A check before writing failed; `differences`: what the output means beyond the plan. */
  'internal-check': { listener: string | null; detail: string; differences?: readonly string[] };
  /** An operation that does not apply to the model it was planned on (a bug when planned; in a rollback, a conflict). */
  'operation-not-applicable': ProblemAbout & { operation: string; problem: ApplyProblem };
  'treatment-change': { listener: string; host: string; before: string; after: string };
  'sender-invalid': { value: string; reason: string };
  'sender-dropped': { sender: string; reason: 'duplicate' | 'covered'; by: string };
  'tls-unknown': { listener: string; policy: string; value: string; target: string };
  /** `lines`: the file line of each of `entries`. */
  'policy-shared': { listener: string; policy: string; entries: readonly string[]; params: readonly string[]; lines: readonly string[] };
  'published-uncovered': { listener: string; group: string; hosts: readonly string[] };
  /** Published hosts the recipe's own senders do not name: they keep their treatment (a gap of the recipe, not of the HAT). */
  'published-outside-senders': { listener: string; group: string; hosts: readonly string[] };
  'hat-blocking': { listener: string; problem: string; line: number; text: string };
  // Recipe files and recipe planning (src/recipes: load, plan-recipe, extract, builtin).
  /** The recipe text is not YAML/JSON (span: file:line:col of the recipe). */
  'recipe-syntax': { detail: string };
  /** The recipe breaks a rule of its schema or a rule across fields (span: file:line:col). */
  'recipe-invalid': {
    /** JSON pointer of the place (`/groups/0/position`). */
    pointer: string;
    /** The rule broken: a schema keyword or a rule across fields (`unique-group`, `position-cycle`, …). */
    rule: string;
    /** What the place expects, in the recipe's words. */
    expected: string;
    /** The key concerned (unknown, missing, a parameter name). */
    key?: string;
    /** The value given, quoted and escaped. */
    got?: string;
    /** The allowed word closest to what was given. */
    suggestion?: string;
  };
  /** A policy parameter name one typo away from a known one (the recipe is still used). */
  'recipe-param-unknown': { pointer: string; name: string; suggestion: string };
  /** After the plan, a group the recipe added or moved does not stand where its position says. */
  'recipe-position-unmet': { listener: string; group: string; position: string; standing: string };
  /** A name of the recipe matches several HAT entries or policies (by case). */
  'recipe-ambiguous-name': { listener: string; kind: 'group' | 'policy'; name: string; matches: readonly string[] };
  /** A policy goal names another behaviour than the existing policy has. */
  'recipe-policy-behaviour': { listener: string; policy: string; current: string; wanted: string };
  /** A group goal names a policy neither the recipe nor the HAT defines. */
  'recipe-unknown-policy': { listener: string; group: string; policy: string };
  /** A policy to remove is still used. */
  /** `lines`: the file line of each of `users`. */
  'recipe-policy-in-use': { listener: string; policy: string; users: readonly string[]; lines: readonly string[] };
  /** Removing senders would leave a sender group without members. */
  'recipe-group-emptied': { listener: string; group: string };
  /** A sender removed from a group is still matched by a wider member of it. */
  'recipe-sender-still-matched': { listener: string; group: string; sender: string; member: string };
  /** A member left in the group may match the sender (a form read only as text, or IPv4-mapped IPv6). */
  'recipe-sender-maybe-matched': { listener: string; group: string; sender: string; member: string };
  /** Planning the recipe again on its own result would still change it: the recipe contradicts itself on this HAT. */
  'recipe-unstable': { listener: string; operations: readonly string[] };
  /** No built-in recipe of that name. */
  'recipe-unknown-builtin': { name: string; available: readonly string[] };
  /** `recipe extract` was asked for a group or policy the listener does not hold, or cannot carry it (`member`: the member a recipe cannot write). */
  'recipe-extract': {
    listener: string;
    kind: 'group' | 'policy' | 'listener';
    name: string;
    reason: 'missing' | 'own-behaviour' | 'unreadable' | 'member' | 'empty';
    member: string | null;
  };
  'goal-sender-shadowed': { listener: string; sender: string; entry: string; treatment: string };
  'position-unknown': { listener: string; group: string; entry: string };
}

/** Patch artefacts and rollback (`src/patch`). */
export interface ArtefactFindingArgs {
  'rollback-conflict': ProblemAbout & { listener: string; operation: string; problem: RollbackProblem };
  /** Rollback by meaning cannot locate what to undo unambiguously (`reason`), so it refuses. */
  'rollback-ambiguous': { listener: string; name: string; reason: 'repeated-name' | 'group-named-all' | 'no-effect' };
  /** A parameter of what the patch added was changed since (e.g. a policy tuned by hand). */
  'rollback-tuned': { listener: string; policy: string; param: string; was: string | null; now: string | null };
  /**
   * An undo would change or remove a policy that entries other than the patch's own sender
   * groups use now (`users`, with the file line of each in `lines`): refused, never a silent
   * change of their treatment.
   */
  'rollback-policy-in-use': {
    listener: string;
    operation: string;
    policy: string;
    users: readonly string[];
    lines: readonly string[];
  };
  /** A listener of the artefact is not in this export. */
  'rollback-listener-missing': { listener: string; path: string };
  'rollback-exact': Record<string, never>;
  'rollback-meaning': Record<string, never>;
  'nothing-to-undo': { reason: 'already-input' | 'empty-patch' };
  /** The artefact does not undo on the file its checksum matches: edits that do not apply, a wrong input checksum, undo operations that overlap. */
  'artefact-corrupt': { reason: 'edits-do-not-apply' | 'input-checksum' | 'overlapping-undo' };
  /**
   * `apply`: the artefact it would write does not read back through the artefact reader
   * (`path`: the JSON path of the first problem): refused, nothing written (exit 3).
   */
  'artefact-unreadable': { path: string; problem: string };
  /** A JSON file that is not an artefact this version reads: `path` is the JSON path of the first problem (`$.operations[3].from`, `$` for the whole file). */
  'artefact-invalid': { file: string; path: string; problem: string };
}

/** Files, paths and writing (`src/cli/fs`). */
export interface FsFindingArgs {
  'io-error': { path: string; reason: string };
  'output-is-input': { output: string; input: string };
  'output-collision': { output: string; other: string };
  'output-exists': { path: string };
  'input-not-regular': { path: string; kind: string; inDirectory: boolean };
  'output-is-directory': { path: string; option: string };
  'output-locked': { path: string; lock: string; owner: string };
  /**
   * `left`: `nothing-written` (no output was touched), `unchanged` (a commit was undone: the
   * files that were there before are in place), `incomplete` (`fresh` are new, the others as
   * before; `journal` lets the next run put the old set back).
   */
  'write-failed': {
    paths: readonly string[];
    reason: string;
    left: 'nothing-written' | 'unchanged' | 'incomplete';
    fresh: readonly string[];
    journal: string | null;
  };
  'commit-recovered': { journal: string; outcome: 'old-set' | 'new-set'; paths: readonly string[] };
  /** `reason`: what the system said (null: the file is not a journal esa-patch reads). */
  'commit-stuck': { journal: string; reason: string | null };
  'jobs-capped': { requested: number; max: number };
  /** Directories given as inputs hold subdirectories with `*.xml` files, not read without `--recursive`. */
  'inputs-skipped': { dirs: readonly string[] };
  /** An input that cannot be read (`reason`: what the system said). */
  unreadable: { path: string; reason: string };
  /** An input that is a directory, device or socket where a file is needed. */
  'not-a-file': { path: string; kind: 'directory' | 'special' };
  /** An input replaced while it was opened, or grown while it was read. */
  'input-changed': { path: string; how: 'replaced' | 'grew' };
  /** An input over the size limit `max` (bytes), refused from its `size` (null: a stream past the limit) before any byte is read. */
  'input-too-large': { path: string; size: number | null; max: number };
  /**
   * An inventory file that is not a valid list of appliances: `problem` at `entry` (1-based;
   * null: the whole file), about `key`; `known` the keys allowed there, `said` what the parser
   * or the target check said.
   */
  'bad-inventory': {
    path: string;
    entry: number | null;
    key: string | null;
    problem: InventoryProblem;
    known: readonly string[];
    said: string | null;
  };
  /** A `--tokens` file that is not a tokens file (`problem`: what its reader says). */
  'bad-tokens': { path: string; problem: string };
  /** The rollout journal changed by hand (`reason: changed`) or of another format, at byte `at`. */
  'journal-damaged': { at: number; reason: 'changed' | 'format'; format: string };
}

/** What is wrong with an inventory (`bad-inventory`). */
export type InventoryProblem =
  | 'syntax'
  | 'not-a-list'
  | 'not-an-object'
  | 'unknown-key'
  | 'needs-host'
  | 'no-host'
  | 'not-a-string'
  | 'not-a-number'
  | 'not-a-path'
  | 'not-names'
  | 'not-an-option-map'
  | 'target';

/** Command-line arguments and runs (`src/cli`). */
export interface CliFindingArgs {
  /** `command`: the command whose `--help` to point to (null: the top level). */
  'bad-arguments': { detail: string; command: string | null };
  'no-input': { given: string };
  'internal-error': { detail: string };
  /** The same export named twice (on the command line, in the inventory, or both); processed once. */
  'duplicate-input': { path: string; times: number; conflicting: boolean };
  /** One serial number in several files of a run: copies, or one appliance exported twice. */
  'serial-repeated': { serial: string; files: readonly string[] };
  /** Rollback of an export from another appliance than the artefact's. */
  'other-appliance': {
    hostname: string | null;
    serial: string | null;
    artefactHostname: string | null;
    artefactSerial: string | null;
    allowed: boolean;
  };
  /** `verify`: a file's checksum or size differs from the artefact's. */
  'artefact-mismatch': { role: 'input' | 'output'; path: string; expected: string; found: string };
  /** `verify`: a file matches the artefact. */
  'artefact-match': { role: 'input' | 'output'; path: string };
  /** `--fail-on`: findings at or above the threshold make the run fail. */
  'fail-on': { severity: 'warning' | 'error' | 'info'; count: number };
}

/** Comparing exports and tracing hosts (`src/patch/diff-exports.ts`, `src/patch/trace.ts`). */
export interface DiffFindingArgs {
  /** A HAT that cannot be read exactly: that listener is not compared (or traced). */
  'diff-hat-unreadable': { listener: string; side: 'a' | 'b'; problem: string; line: number };
  /** A listener named in `--map-listener` or `--listener` that the export does not have. */
  'diff-unknown-listener': { listener: string; side: 'a' | 'b'; available: readonly string[] };
  /** Listeners paired by name because their element paths differ. */
  'diff-listener-by-name': { listener: string; pathA: string; pathB: string };
  /** A HAT that cannot be read exactly: the host is not traced on that listener. */
  'trace-hat-unreadable': { listener: string; problem: string; line: number };
  /**
   * `trace --listener NAME` on an export without that listener: a warning when another export
   * of the run has it (a fleet where some appliances lack it), an error when none has.
   */
  'trace-unknown-listener': { listener: string; available: readonly string[]; elsewhere: boolean };
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
    SpfFindingArgs,
    DiffFindingArgs,
    CheckFindingArgs,
    ApplianceFindingArgs,
    PushFindingArgs {}

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

/**
 * The one throwable of the core (issue 21): a refusal or error carried as its finding. Thrown
 * only where a result cannot be returned from deep inside a reader or a lowering; caught where
 * the finding joins a report. The message is the code: prose is made in `report/messages.ts`.
 */
export class Refused extends Error {
  /**
   * `at`: the byte offset of what was refused, when the thrower reads a text it does not locate
   * in lines (the XML scanner); the catcher that holds the file's line index locates the finding.
   */
  constructor(
    readonly finding: Finding,
    readonly at?: number,
  ) {
    super(finding.code);
    this.name = 'Refused';
  }
}

/** A `Refused` carrying an error finding of `code`: `throw refused('output-exists', { path })`. */
export function refused<C extends FindingCode>(code: C, args: FindingArgs[C], span: Span = {}): Refused {
  return new Refused(finding(code, 'error', args, span) as Finding);
}

/** `f` with its `listener` argument set: for findings made below the layer that knows the listener. */
export function ofListener(f: Finding, listener: string): Finding {
  return { ...f, args: { ...f.args, listener } } as Finding;
}
