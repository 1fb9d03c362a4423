/**
 * The one seam between esa-patch and an appliance (issue 19): everything the tool does on an
 * appliance goes through an `ApplianceSession`. The CLI implements it with the system `ssh` and
 * `scp` (src/cli/appliance/); tests implement it against the emulated AsyncOS CLI (over a real SSH
 * server on loopback, or in process). Nothing here touches files or processes.
 */

/** How to reach one appliance: what the inventory says about it. */
export interface ApplianceTarget {
  /** The inventory's name for it (file stem of pulled exports, the journal's key). */
  name: string;
  /** Host name or address. */
  host: string;
  user?: string;
  port?: number;
  ssh?: {
    /** Identity file (`-i`). */
    identityFile?: string;
    /** Jump host (`-J`), e.g. the cloud gateway's SSH proxy. */
    jump?: string;
    /** Extra `-o Key=Value` options; never one that weakens host-key checking. */
    options?: Record<string, string>;
  };
  cluster?: {
    name: string;
    /** The level that owns the listeners: `cluster`, `group NAME` or `machine NAME`. */
    level: string;
  };
}

/** One prompt the appliance may print while a command runs, and what to answer. */
export interface PromptRule {
  /** Stable id (`loadconfig.clear-uncommitted`, …), for reports and the user's override file. */
  id: string;
  /** A regular expression (source text) matched against the output not yet answered. */
  prompt: string;
  /**
   * What to send (a line end is added). `{secret}` is replaced by the passphrase the session was
   * given (never logged); `{file}` by the command's file argument; `{comment}` by the commit
   * comment; any other `{name}` by `values[name]` (`{listener}`, `{level}`). `null`: this prompt
   * must never be answered by the tool: the command is abandoned and the session reports
   * `refused` with this rule's id. A `{secret}` answer when the session was given no passphrase
   * is treated the same way (`refused`, this rule's id).
   */
  answer: string | null;
}

/** The result of one CLI command. */
export interface CommandResult {
  /** Everything the appliance printed (decoded as UTF-8, `\r\n` as `\n`), control characters already
   * made visible, capped in size, the passphrase shown as `*****`; the tool's answers are in it
   * where the appliance does not echo them. */
  transcript: string;
  /** Ids of the prompt rules that were answered, in order. */
  answered: string[];
  /** `done`: the command ended; `refused`: a `null`-answer prompt was met (`refusedBy` says which);
   * `unknown-prompt`: the output stopped at something no rule matches (an unfinished line, quiet
   * for the session's idle time), or one rule matched a fourth time in one command (the appliance
   * did not take the answer; `refusedBy` names it); `timeout`; `cut`: the connection ended before
   * the command did; `too-long`: the output passed the cap. Prompts are matched and the result
   * made by `Conversation` (conversation.ts) in every implementation. */
  outcome: 'done' | 'refused' | 'unknown-prompt' | 'timeout' | 'cut' | 'too-long';
  refusedBy?: string;
}

/** A connection to one appliance. Implementations bound every call in time and size. */
export interface ApplianceSession {
  readonly target: ApplianceTarget;
  /**
   * Runs one CLI command (e.g. `version`, `saveconfig`, `loadconfig`, `commit`,
   * `clustermode cluster`) answering its prompts by `rules`; `values` fills `{file}`,
   * `{comment}`; `secret` fills `{secret}`. `endPrompt` (the dialogue table's `cliPrompt`): output
   * that stops at the CLI's own prompt ends the command (`done`), for a release that keeps the
   * exec session open after the command.
   */
  run(
    command: string,
    rules: readonly PromptRule[],
    options?: { values?: Record<string, string>; secret?: string; timeoutMs?: number; endPrompt?: string },
  ): Promise<CommandResult>;
  /** Copies bytes to `/configuration/NAME` on the appliance (legacy SCP). NAME: `REMOTE_NAME` (dialogue.ts). */
  upload(bytes: Uint8Array, remoteName: string): Promise<void>;
  /** Reads `/configuration/NAME` from the appliance (legacy SCP), at most `maxBytes` (more: it throws). */
  download(remoteName: string, maxBytes: number): Promise<Uint8Array>;
  /** Ends the shared connection. */
  close(): Promise<void>;
}
