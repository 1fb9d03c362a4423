/**
 * What `push`, `revert` and their gates say to an appliance and how they read its answers: the
 * commands, their prompt rules and the result texts, as data. It imitates the dialogue Cisco
 * documents (see the README: no real appliance has been met yet); a test appliance and, later,
 * the user's own dialogue file can differ, so nothing outside this table spells an AsyncOS text.
 */
import type { PromptRule } from './session.js';

/** One command and the prompts it may ask. */
export interface DialogueCommand {
  command: string;
  rules: readonly PromptRule[];
}

/** What a `loadconfig` or `hostaccess import` answered, judged by its result text. */
export type LoadResult = 'loaded' | 'no-changes' | 'failed' | 'unrecognised';

/** The dialogue of a push, per release family. */
export interface PushDialogue {
  /** Release family this table is for (`*`: any). */
  family: string;
  version: DialogueCommand;
  /** Saves the running configuration, passphrases encrypted (never masked). */
  saveconfig: DialogueCommand;
  /**
   * Asks whether uncommitted changes are pending, without changing anything: `commit` asks for a
   * comment only when there is something to commit, and that prompt is never answered.
   */
  pendingProbe: DialogueCommand;
  loadconfig: DialogueCommand;
  /** Imports `{file}` as the whole HAT of listener `{listener}`. */
  hostaccessImport: DialogueCommand;
  commit: DialogueCommand;
  clustermode(level: string): DialogueCommand;
}

/** Prompts whose answer belongs to a person: met, the command is abandoned (the gate refuses). */
const NEVER: readonly PromptRule[] = [
  { id: 'uncommitted.clear', prompt: String.raw`(?:clear|discard)[^\n]*uncommitted changes[^\n]*\?[^\n]*>\s*$`, answer: null },
];

/** The dialogue as Cisco documents it for AsyncOS 13.x–16.x. */
export const DEFAULT_PUSH_DIALOGUE: PushDialogue = {
  family: '*',
  version: { command: 'version', rules: [] },
  saveconfig: {
    command: 'saveconfig',
    rules: [{ id: 'saveconfig.passphrases', prompt: String.raw`[Ee]ncrypt[^\n]*passphrases[\s\S]*\]>\s*$`, answer: '2' }, ...NEVER],
  },
  pendingProbe: {
    command: 'commit',
    rules: [{ id: 'commit.comment', prompt: String.raw`comments?[^\n]*describing[^\n]*changes[^\n]*:?\s*\[?\]?>?\s*$`, answer: null }],
  },
  loadconfig: {
    command: 'loadconfig',
    rules: [
      ...NEVER,
      { id: 'loadconfig.source', prompt: String.raw`[Pp]aste[^\n]*\n[^\n]*[Ff]ile[^\n]*[\s\S]{0,40}>\s*$`, answer: '2' },
      { id: 'loadconfig.file', prompt: String.raw`(?:name of the file|file name|filename)[^\n]*[\s\S]{0,40}>\s*$`, answer: '{file}' },
      { id: 'loadconfig.passphrase', prompt: String.raw`Enter your [Pp]assphrase[^\n]*:\s*$`, answer: '{secret}' },
    ],
  },
  hostaccessImport: {
    command: 'listenerconfig edit {listener} hostaccess import {file}',
    rules: [...NEVER],
  },
  commit: {
    command: 'commit',
    rules: [
      { id: 'commit.comment', prompt: String.raw`comments?[^\n]*describing[^\n]*changes[^\n]*:?\s*\[?\]?>?\s*$`, answer: '{comment}' },
      { id: 'commit.rollback-save', prompt: String.raw`save the current configuration for rollback\?[^\n]*>\s*$`, answer: 'Y' },
    ],
  },
  clustermode: (level) => ({ command: `clustermode ${level}`, rules: [] }),
};

/** The build, model and serial number `version` printed; null where it printed none. */
export interface VersionInfo {
  version: string | null;
  model: string | null;
  serial: string | null;
}

/** Reads the answer of `version` (`Version: 15.0.0-104`, `Serial #: …`, `Model: …`). */
export function parseVersion(transcript: string): VersionInfo {
  const field = (re: RegExp) => re.exec(transcript)?.[1]?.trim() ?? null;
  return {
    version: field(/^\s*Version:\s*([0-9][0-9A-Za-z.-]*)\s*$/m),
    model: field(/^\s*Model(?: Number)?:\s*(\S+)\s*$/m),
    serial: field(/^\s*Serial(?: #| Number)?:\s*(\S+)\s*$/m),
  };
}

/** The file `saveconfig` wrote in `/configuration`, or null when it named none. */
export function savedFileName(transcript: string): string | null {
  const m = /(?:file|saved)[^\n]*?\b([A-Za-z0-9][A-Za-z0-9._-]*\.xml)\b/i.exec(transcript);
  return m ? m[1]! : null;
}

/** The result text of a load, judged: anything not recognised is a failure. */
export function loadResult(transcript: string): { result: LoadResult; line: string | null } {
  // Known texts only, the failures first (a failed load may still print what it read).
  const tests: [LoadResult, RegExp][] = [
    ['failed', /^.*(?:Parsing failed|No data to load|Import failed|[Ii]nvalid HAT|Error:).*$/m],
    ['loaded', /^.*(?:Values have been loaded|Host Access Table imported|HAT imported).*$/m],
    ['no-changes', /^.*No changes detected.*$/m],
  ];
  for (const [result, re] of tests) {
    const m = re.exec(transcript);
    if (m) return { result, line: m[0].trim().slice(0, 200) };
  }
  return { result: 'unrecognised', line: lastLine(transcript) };
}

/** Whether `commit` said it committed; `none`: there was nothing to commit. */
export function commitResult(transcript: string): 'committed' | 'none' | 'unrecognised' {
  if (/Changes committed/i.test(transcript)) return 'committed';
  if (/no changes to commit|Nothing to commit/i.test(transcript)) return 'none';
  return 'unrecognised';
}

/** Whether the pending-changes probe said nothing is pending. */
export function nothingPending(transcript: string): boolean {
  return /no changes to commit|Nothing to commit/i.test(transcript);
}

/** The last non-empty line of a transcript (shortened), for a one-line reason. */
export function lastLine(transcript: string): string | null {
  const lines = transcript
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.length ? lines[lines.length - 1]!.slice(0, 200) : null;
}
