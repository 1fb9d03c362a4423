/**
 * What `push`, `revert` and their gates say to an appliance and how they read its answers, made
 * from the dialogue tables of `dialogue.ts` (one per release family, overridable by the user's
 * dialogue file): nothing outside those tables spells an AsyncOS text. Whether uncommitted changes
 * are pending is asked as `probe.ts` asks it: `loadconfig` abandoned at its first question (its
 * offer to clear them means pending; any other known first question, none); nothing is answered.
 */
import {
  commandText,
  dialogueFor,
  parseMode,
  parseResult,
  parseSavedName,
  parseVersion,
  type CommandDialogue,
  type DialogueTable,
} from './dialogue.js';

/** One command and the prompts it may ask (`{name}` placeholders filled from the call's values). */
export type DialogueCommand = CommandDialogue;

/** What a `loadconfig` or `hostaccess import` answered, judged by its result text. */
export type LoadResult = 'loaded' | 'no-changes' | 'failed' | 'unrecognised';

/** The dialogue of a push for one release family. */
export interface PushDialogue {
  family: string;
  /** The CLI's own prompt (regular expression): output that stops there ends a command. */
  cliPrompt: string;
  version: DialogueCommand;
  saveconfig: DialogueCommand;
  /** `loadconfig` with every answer taken away: refused by {@link PENDING_RULE} or {@link NOT_PENDING_RULE}. */
  pendingProbe: DialogueCommand;
  loadconfig: DialogueCommand;
  /** Imports `{file}` as the whole HAT of listener `{listener}`. */
  hostaccessImport: DialogueCommand;
  commit: DialogueCommand;
  clustermode(level: string): DialogueCommand;
  /** The result of a loadconfig, or of a hostaccess import. */
  loadResult(transcript: string, route: 'config' | 'hat'): { result: LoadResult; line: string | null };
  commitResult(transcript: string): 'committed' | 'none' | 'unrecognised';
  /** Whether the CLI shows the level `level` (`cluster`, `group NAME`, `machine NAME`). */
  atLevel(transcript: string, level: string): boolean;
}

/** The rule of loadconfig's offer to clear uncommitted changes: met, changes are pending. */
export const PENDING_RULE = 'loadconfig.clear-uncommitted';
/** The probe's id for any other first question of loadconfig: nothing pending. */
export const NOT_PENDING_RULE = 'probe.first-question';

/** The push dialogue of a table. */
export function pushDialogueOf(t: DialogueTable): PushDialogue {
  const c = t.commands;
  return {
    family: t.family,
    cliPrompt: t.cliPrompt,
    version: c.version,
    saveconfig: c.saveconfig,
    pendingProbe: {
      command: c.loadconfig.command,
      rules: c.loadconfig.rules.map((r) =>
        r.id === PENDING_RULE ? { ...r, answer: null } : { id: NOT_PENDING_RULE, prompt: r.prompt, answer: null },
      ),
    },
    loadconfig: c.loadconfig,
    hostaccessImport: c.hostaccessImport,
    commit: c.commit,
    clustermode: (level) => ({ command: commandText(c.clustermode, { level }), rules: c.clustermode.rules }),
    loadResult(transcript, route) {
      if (route === 'config') {
        const r = parseResult(transcript, t.results.loadconfig);
        if (!r.ok) return { result: 'unrecognised', line: lastLine(transcript) };
        return { result: r.outcome === 'loaded' ? 'loaded' : r.outcome === 'no-changes' ? 'no-changes' : 'failed', line: r.line };
      }
      const r = parseResult(transcript, t.results.hostaccessImport);
      if (!r.ok) return { result: 'unrecognised', line: lastLine(transcript) };
      return { result: r.outcome === 'imported' ? 'loaded' : 'failed', line: r.line };
    },
    commitResult(transcript) {
      const r = parseResult(transcript, t.results.commit);
      return !r.ok ? 'unrecognised' : r.outcome === 'committed' ? 'committed' : 'none';
    },
    atLevel(transcript, level) {
      const m = parseMode(transcript);
      if (!m) return false;
      const want = level.toLowerCase().split(/\s+/);
      const got = m.toLowerCase().split(/\s+/);
      // `cluster` names no cluster: `(Cluster c1)>` is at it; group and machine levels name theirs.
      return got[0] === want[0] && (want.length === 1 || got[1] === want[1]);
    },
  };
}

/** The push dialogue for a build (its family's table, or the nearest). */
export function pushDialogueFor(build: string | null, tables?: Readonly<Record<string, DialogueTable>>): PushDialogue {
  return pushDialogueOf(dialogueFor(build, tables).table);
}

/** The build, model and serial number `version` printed; null where it printed none. */
export interface VersionSeen {
  version: string | null;
  serial: string | null;
}

/** Reads the answer of `version`. */
export function versionOf(transcript: string): VersionSeen {
  const v = parseVersion(transcript);
  return { version: v?.build ?? null, serial: v?.serial ?? null };
}

/** The file `saveconfig` wrote in `/configuration`, or null when it named none (or several). */
export function savedFileName(transcript: string): string | null {
  return parseSavedName(transcript);
}

/** The last non-empty line of a transcript (shortened), for a one-line reason. */
export function lastLine(transcript: string): string | null {
  const lines = transcript
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.length ? lines[lines.length - 1]!.slice(0, 200) : null;
}
