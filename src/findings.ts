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

/** How bad a finding is: `error` stops the file (exit 1 or 3), `warning` and `info` inform. */
export type Severity = 'error' | 'warning' | 'info';

/** A value an argument may take (kept to JSON types, so `--json` carries arguments as they are). */
export type ArgValue = string | number | boolean | null | readonly string[];

// ---------------------------------------------------------------------------------------------
// Areas. Keys are codes, values are the arguments their messages are made from.
// ---------------------------------------------------------------------------------------------

/** XML well-formedness and reading (`src/xml`). */
export interface XmlFindingArgs {
  'xml-syntax': { detail: string };
  'esa-hat-markup': { listener: string };
}

/** The export as an appliance configuration (`src/esa`, pre-flight in `src/patch`). */
export interface ExportFindingArgs {
  'esa-not-export': { root: string };
  'esa-no-listeners': Record<string, never>;
  'masked-secrets': { count: number; first: string; allowed: boolean };
  'unknown-listener': { names: readonly string[]; available: string };
  'no-public-listener': { available: string };
  'listener-without-hat': { listener: string; path: string };
  'cluster-path': { listener: string; path: string };
  'cluster-level': { listener: string; level: string };
  'cluster-override': { listener: string; detail: string };
  'appliance-version': { version: string; serial: string | null; detail: string };
  'version-unknown': Record<string, never>;
  'certificate-missing': { listener: string };
  'certificate-demo': { listener: string; certificate: string };
  'certificate-absent': { listener: string; certificate: string };
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
}

/** Recipes and planning (`src/recipes`, `src/patch`). */
export interface RecipeFindingArgs {
  'bad-recipe': { problems: readonly string[] };
  'name-collision': { listener: string; existing: string; wanted: string; kind: 'group' | 'policy' };
  'policy-conflict': { listener: string; policy: string; detail: string };
  'cres-sender-overlap': { listener: string; entry: string; member: string; sender: string; policy: string; group: string };
  'cres-sender-before': { listener: string; detail: string };
  'cres-published-uncovered': { listener: string; hosts: readonly string[] };
  'cannot-lower': { listener: string; detail: string };
  'internal-check': { listener: string | null; detail: string };
}

/** Patch artefacts and rollback (`src/patch`). */
export interface ArtefactFindingArgs {
  'rollback-conflict': { listener: string; operation: string; detail: string };
  'rollback-exact': Record<string, never>;
  'rollback-meaning': Record<string, never>;
  'nothing-to-undo': { reason: 'already-input' | 'empty-patch' };
  'artefact-corrupt': { detail: string };
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
  /** The same export named twice (on the command line, in the inventory, or both); processed once. */
  'duplicate-input': { path: string; times: number; conflicting: boolean };
  /** One serial number in several files of a run: copies, or one appliance exported twice. */
  'serial-repeated': { serial: string; files: readonly string[] };
  /** Rollback of an export from another appliance than the artefact's. */
  'other-appliance': { hostname: string | null; serial: string | null; artefactHostname: string | null; artefactSerial: string | null; allowed: boolean };
  /** `verify`: a file's checksum or size differs from the artefact's. */
  'artefact-mismatch': { role: 'input' | 'output'; path: string; expected: string; found: string };
  /** `verify`: a file matches the artefact. */
  'artefact-match': { role: 'input' | 'output'; path: string };
  /** `--fail-on`: findings at or above the threshold make the run fail. */
  'fail-on': { severity: 'warning' | 'error'; count: number };
}

/** SPF records (`src/spf`). The SPF module keeps its own detailed finding type; these are its codes. */
export interface SpfFindingArgs {
  'spf-syntax': { detail: string };
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
