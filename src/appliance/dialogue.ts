/**
 * The AsyncOS CLI dialogue as data (issue 19): for each release family, the commands esa-patch
 * sends, the prompts they print and what to answer, and the result texts and what they mean.
 * Nobody has seen a real appliance answer esa-patch: these tables imitate Cisco's CLI guide
 * (docs: esa-live-loop.md) and the user can override any rule with a file (dialogue-file.ts),
 * because the real prompts may differ. The parsers below are pure.
 */
import type { PromptRule } from './session.js';

/** One command: what to send (`{name}` placeholders filled from the call's values) and its prompts. */
export interface CommandDialogue {
  command: string;
  rules: PromptRule[];
}

/** What a result text means. */
export type LoadOutcome = 'loaded' | 'parsing-failed' | 'no-data' | 'no-changes' | 'other-version';
export type CommitOutcome = 'committed' | 'nothing-to-commit';
export type ImportOutcome = 'imported' | 'import-failed';

/** One result text: a regular expression (source) over the command's transcript, and what it means. */
export interface ResultRule<O extends string = string> {
  id: string;
  pattern: string;
  outcome: O;
}

/** The dialogue of one AsyncOS release family. */
export interface DialogueTable {
  /** The family (`14`, `15`, `16`): the first number of the build. */
  family: string;
  /**
   * The CLI's own prompt (`esa1.example.com> `, `(Cluster c1)> `), a regular expression over the
   * last unfinished line: where an exec session shows it, the command is over (`endPrompt`).
   */
  cliPrompt: string;
  commands: {
    version: CommandDialogue;
    saveconfig: CommandDialogue;
    loadconfig: CommandDialogue;
    commit: CommandDialogue;
    clear: CommandDialogue;
    /** `{level}`: `cluster`, `group NAME` or `machine NAME`. */
    clustermode: CommandDialogue;
    /** `{listener}`, `{file}` (a name in /configuration). */
    hostaccessImport: CommandDialogue;
    hostaccessExport: CommandDialogue;
    /** Removes `{file}` from /configuration. No documented command does: absent unless a dialogue file names one. */
    removeFile?: CommandDialogue;
  };
  results: {
    loadconfig: ResultRule<LoadOutcome>[];
    commit: ResultRule<CommitOutcome>[];
    hostaccessImport: ResultRule<ImportOutcome>[];
  };
}

/** Every prompt-rule list of a table, by command key (the user file names rules by their ids). */
export type CommandKey = keyof DialogueTable['commands'];
export type ResultKey = keyof DialogueTable['results'];

/** A prompt that offers to throw away someone else's uncommitted work: never answered by the tool. */
const CLEAR_UNCOMMITTED: PromptRule = {
  id: 'loadconfig.clear-uncommitted',
  prompt: 'uncommitted changes[^\\n]*\\?[^\\n]*\\]>\\s*$',
  answer: null,
};

const PASSPHRASE: PromptRule = { id: 'loadconfig.passphrase', prompt: 'Enter your Passphrase to make changes:\\s*$', answer: '{secret}' };

function baseTable(family: string): DialogueTable {
  return {
    family,
    cliPrompt: '^(?:[A-Za-z0-9][A-Za-z0-9.-]{0,252}|\\((?:Cluster|Group|Machine) [^)]{1,253}\\))> ?$',
    commands: {
      version: { command: 'version', rules: [] },
      saveconfig: {
        command: 'saveconfig',
        rules: [
          // `2`: encrypt. `1` (mask) writes a file loadconfig cannot load: never chosen.
          { id: 'saveconfig.passphrase-option', prompt: 'Choose the passphrase option:[\\s\\S]*?\\[\\d?\\]>\\s*$', answer: '2' },
        ],
      },
      loadconfig: {
        command: 'loadconfig',
        rules: [
          CLEAR_UNCOMMITTED,
          PASSPHRASE,
          { id: 'loadconfig.source', prompt: '2\\. Load from file[\\s\\S]*?\\[\\d?\\]>\\s*$', answer: '2' },
          { id: 'loadconfig.file', prompt: 'Enter the name of the file to import:\\s*\\n?\\[[^\\]\\n]*\\]>\\s*$', answer: '{file}' },
        ],
      },
      commit: {
        command: 'commit',
        rules: [
          {
            id: 'commit.comment',
            prompt: 'Please enter some comments describing your changes:\\s*\\n?\\[[^\\]\\n]*\\]>\\s*$',
            answer: '{comment}',
          },
          // Keeps the appliance's own rollback copy where the release offers one.
          { id: 'commit.save-rollback', prompt: 'save the current configuration for rollback\\?\\s*\\[[YN]\\]>\\s*$', answer: 'Y' },
        ],
      },
      clear: { command: 'clear', rules: [] },
      clustermode: { command: 'clustermode {level}', rules: [] },
      hostaccessImport: { command: 'listenerconfig edit {listener} hostaccess import {file}', rules: [PASSPHRASE] },
      hostaccessExport: { command: 'listenerconfig edit {listener} hostaccess export {file}', rules: [] },
    },
    results: {
      loadconfig: [
        { id: 'loadconfig.loaded', pattern: 'Values have been loaded', outcome: 'loaded' },
        { id: 'loadconfig.parsing-failed', pattern: 'Parsing failed', outcome: 'parsing-failed' },
        { id: 'loadconfig.no-data', pattern: 'No data to load', outcome: 'no-data' },
        { id: 'loadconfig.no-changes', pattern: 'No changes detected', outcome: 'no-changes' },
        {
          id: 'loadconfig.other-version',
          pattern: 'saved by (a different|another) (version|release) of AsyncOS',
          outcome: 'other-version',
        },
      ],
      commit: [
        { id: 'commit.committed', pattern: 'Changes committed', outcome: 'committed' },
        { id: 'commit.nothing', pattern: 'There are no changes to commit', outcome: 'nothing-to-commit' },
      ],
      hostaccessImport: [
        { id: 'hostaccess.imported', pattern: 'Host Access Table (has been )?imported', outcome: 'imported' },
        { id: 'hostaccess.failed', pattern: '(Error|Parsing failed|could not be imported)', outcome: 'import-failed' },
      ],
    },
  };
}

/**
 * The built-in tables. The three families are the same today: nothing published tells them apart
 * for these commands. They are separate so that a difference found on a real appliance is a change
 * of one family's data, not of the code.
 */
export const DIALOGUES: Readonly<Record<string, DialogueTable>> = {
  '14': baseTable('14'),
  '15': baseTable('15'),
  '16': baseTable('16'),
};

/** The family of a build (`14.2.0-620` → `14`), or null when the text is not a build. */
export function familyOf(build: string): string | null {
  const m = /^(\d{1,3})\.\d{1,3}(\.\d{1,4})?-\d{1,6}$/.exec(build);
  return m ? String(Number(m[1])) : null;
}

/**
 * The table for a build: its family's, or (`exact: false`) the newest family's not newer than the
 * build, else the oldest (no build: the newest); a caller decides whether an inexact table is good enough.
 */
export function dialogueFor(
  build: string | null,
  tables: Readonly<Record<string, DialogueTable>> = DIALOGUES,
): { table: DialogueTable; exact: boolean } {
  const fams = Object.keys(tables).sort((a, b) => Number(a) - Number(b));
  const fam = build === null ? null : familyOf(build);
  if (fam !== null && tables[fam]) return { table: tables[fam], exact: true };
  if (fam === null) return { table: tables[fams[fams.length - 1]!]!, exact: false };
  const lower = fams.filter((f) => Number(f) <= Number(fam));
  const pick = lower.length ? lower[lower.length - 1]! : fams[0]!;
  return { table: tables[pick]!, exact: false };
}

/**
 * Words a value may be made of on a command line: no `;` (it would start a second command), no
 * quote, no shell or CLI metacharacter, no control character, never an option. `{level}` is
 * `cluster`, `group NAME` or `machine NAME`: words separated by single spaces.
 */
const COMMAND_VALUE = /^[A-Za-z0-9_.@+:/=][A-Za-z0-9_.@+:/=-]{0,252}( [A-Za-z0-9_.@+:/=][A-Za-z0-9_.@+:/=-]{0,252}){0,2}$/;

/**
 * A command with its placeholders filled. Throws when a value is missing or could be read as more
 * than itself (a listener name from a hostile export such as `x; clear`).
 */
export function commandText(d: CommandDialogue, values: Record<string, string> = {}): string {
  return d.command.replace(/\{([a-z]+)\}/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`command "${d.command}" needs {${name}}`);
    if (name === 'secret' || !COMMAND_VALUE.test(v)) throw new Error(`{${name}} cannot go on a command line: ${JSON.stringify(v)}`);
    return v;
  });
}

// ---------------------------------------------------------------------------------------------
// Parsers of what the appliance prints. Input: a transcript (already visible text).
// ---------------------------------------------------------------------------------------------

/** What `version` says about the appliance. */
export interface VersionInfo {
  build: string;
  model: string | null;
  serial: string | null;
  hostname: string | null;
  product: string | null;
}

const FIELD = (name: string) => new RegExp(`^[ \\t]*${name}[ \\t]*:[ \\t]*(\\S[^\\n]*?)[ \\t]*$`, 'm');
const SAFE_FIELD = /^[\x21-\x7E](?:[\x20-\x7E]{0,126}[\x21-\x7E])?$/;

/**
 * The build, model, serial and hostname of `version` output, or null when it has no `Version:`
 * line holding a build (`14.2.0-620`). A field that holds anything but printable ASCII is dropped.
 */
export function parseVersion(transcript: string): VersionInfo | null {
  const get = (name: string) => {
    const m = FIELD(name).exec(transcript);
    return m && SAFE_FIELD.test(m[1]!) ? m[1]! : null;
  };
  const build = get('Version');
  if (build === null || familyOf(build) === null) return null;
  return {
    build,
    model: get('Model(?: Number)?'),
    serial: get('Serial(?: ?#| Number)'),
    hostname: get('Hostname'),
    product: get('Product'),
  };
}

/** A name esa-patch accepts for a file in /configuration: no path, no option, no control character. */
export const REMOTE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.+-]{0,199}$/;

/** The file `saveconfig` says it wrote (`/configuration/NAME.xml`), or null. */
export function parseSavedName(transcript: string): string | null {
  const names = [...transcript.matchAll(/\/configuration\/([^\s"'/\\]+)/g)].map((m) => m[1]!);
  const unique = [...new Set(names)];
  if (unique.length !== 1) return null;
  const name = unique[0]!;
  return REMOTE_NAME.test(name) && /\.xml$/i.test(name) && !name.includes('..') ? name : null;
}

/** What a result text means, and the line it was read from. */
export type ResultOf<O extends string> =
  | { ok: true; outcome: O; id: string; line: string }
  | { ok: false; reason: 'unrecognised' | 'ambiguous'; ids: string[] };

/**
 * The outcome of a command's transcript by its table of result texts: exactly one rule must match
 * (none: `unrecognised`; several of different outcomes: `ambiguous`): an answer the tool cannot
 * read is a failure.
 */
export function parseResult<O extends string>(transcript: string, rules: readonly ResultRule<O>[]): ResultOf<O> {
  const hits = rules
    .map((r) => ({ r, m: new RegExp(r.pattern, 'm').exec(transcript) }))
    .filter((h): h is { r: ResultRule<O>; m: RegExpExecArray } => h.m !== null);
  if (hits.length === 0) return { ok: false, reason: 'unrecognised', ids: [] };
  const outcomes = new Set(hits.map((h) => h.r.outcome));
  if (outcomes.size > 1) return { ok: false, reason: 'ambiguous', ids: hits.map((h) => h.r.id) };
  const h = hits[0]!;
  const start = transcript.lastIndexOf('\n', h.m.index) + 1;
  const end = transcript.indexOf('\n', h.m.index);
  return { ok: true, outcome: h.r.outcome, id: h.r.id, line: transcript.slice(start, end < 0 ? undefined : end).trim() };
}

/** The CLI level the last prompt of a transcript shows (`(Cluster c1)>` → `cluster c1`), or null. */
export function parseMode(transcript: string): string | null {
  const all = [...transcript.matchAll(/^\((Cluster|Group|Machine) ([^)\n]{1,200})\)>/gm)];
  const last = all[all.length - 1];
  return last ? `${last[1]!.toLowerCase()} ${last[2]!}` : null;
}
