/**
 * Pulling an export off one appliance over an `ApplianceSession`: `version`, `saveconfig` with
 * encrypted passphrases, the file fetched, checked (an export, not masked, this appliance's), and
 * optionally removed. Pure over the session: the CLI writes the file and its sidecar.
 */
import { createHash } from 'node:crypto';
import { finding, type Finding } from '../findings.js';
import { readExport } from '../esa/export.js';
import { commandText, dialogueFor, parseSavedName, parseVersion, type DialogueTable, type VersionInfo } from './dialogue.js';
import type { ApplianceSession, CommandResult } from './session.js';

/** The largest export a pull fetches (the CLI's input limit is the same order). */
export const MAX_EXPORT_BYTES = 256 * 1024 * 1024;

/** What a pull got. */
export interface Pulled {
  version: VersionInfo;
  /** The name saveconfig gave the file in /configuration. */
  remoteName: string;
  bytes: Uint8Array;
  sha256: string;
  /** The export's `<hostname>`. */
  hostname: string | null;
  /** Whether the file was removed from /configuration. */
  removed: boolean;
}

/** What one command of a pull printed (visible, redacted, the last {@link TRANSCRIPT_KEEP} characters). */
export interface Transcript {
  command: string;
  outcome: CommandResult['outcome'];
  answered: string[];
  text: string;
}

/** How much of each transcript a pull keeps (the end: where a prompt or result is). */
export const TRANSCRIPT_KEEP = 8192;

/** The outcome of a pull: the export, or the finding that stopped it; warnings and transcripts either way. */
export type PullOutcome =
  | { ok: true; pulled: Pulled; findings: Finding[]; transcripts: Transcript[] }
  | { ok: false; findings: Finding[]; transcripts: Transcript[] };

/** Options of one pull. */
export interface PullOptions {
  /** Dialogue tables (built-in, or with the user's overrides). */
  tables?: Readonly<Record<string, DialogueTable>>;
  /** Remove the export from /configuration once fetched. */
  removeRemote?: boolean;
  /** Per-command time-out. */
  timeoutMs?: number;
  maxBytes?: number;
}

/** The last non-empty line of a transcript, for a finding. */
export function lastLine(transcript: string): string {
  const lines = transcript.split('\n').filter((l) => l.trim() !== '');
  return (lines[lines.length - 1] ?? '').trim().slice(0, 200);
}

/** The finding for a command that did not end `done` (null when it did). */
export function commandFinding(target: string, command: string, r: CommandResult): Finding | null {
  if (r.outcome === 'done') return null;
  return finding('appliance-command', 'error', {
    target,
    command,
    outcome: r.outcome,
    rule: r.refusedBy ?? null,
    last: lastLine(r.transcript),
  });
}

/** Whether a finding refuses (exit 3) rather than fails (exit 1). */
export function refuses(f: Finding): boolean {
  if (f.code === 'masked-secrets') return true;
  if (f.code === 'appliance-command') return f.args.outcome === 'refused' || f.args.outcome === 'unknown-prompt';
  return false;
}

/** The commands a pull sends, in order (for `--dry-run`). */
export function pullCommands(table: DialogueTable, removeRemote: boolean): string[] {
  const out = [commandText(table.commands.version), commandText(table.commands.saveconfig), 'scp -O (fetch) /configuration/NAME'];
  if (removeRemote && table.commands.removeFile) out.push(commandText(table.commands.removeFile, { file: 'NAME' }));
  return out;
}

/** Pulls one appliance's export. Never throws for what the appliance does; a transport error propagates. */
export async function pullExport(session: ApplianceSession, opts: PullOptions = {}): Promise<PullOutcome> {
  const name = session.target.name;
  const findings: Finding[] = [];
  const transcripts: Transcript[] = [];
  const fail = (f: Finding): PullOutcome => ({ ok: false, findings: [...findings, f], transcripts });
  const keep = (command: string, r: CommandResult) => {
    transcripts.push({ command, outcome: r.outcome, answered: r.answered, text: r.transcript.slice(-TRANSCRIPT_KEEP) });
    return r;
  };
  const first = dialogueFor(null, opts.tables).table;
  let run = { timeoutMs: opts.timeoutMs, endPrompt: first.cliPrompt };
  const v = keep('version', await session.run(commandText(first.commands.version), first.commands.version.rules, run));
  const vf = commandFinding(name, 'version', v);
  if (vf) return fail(vf);
  const version = parseVersion(v.transcript);
  if (!version)
    return fail(
      finding('appliance-unreadable', 'error', { target: name, command: 'version', what: 'version', last: lastLine(v.transcript) }),
    );
  const { table, exact } = dialogueFor(version.build, opts.tables);
  if (!exact) findings.push(finding('dialogue-inexact', 'warning', { target: name, build: version.build, family: table.family }));
  run = { ...run, endPrompt: table.cliPrompt };

  const save = table.commands.saveconfig;
  const s = keep('saveconfig', await session.run(commandText(save), save.rules, run));
  const sf = commandFinding(name, 'saveconfig', s);
  if (sf) return fail(sf);
  const remoteName = parseSavedName(s.transcript);
  if (!remoteName)
    return fail(
      finding('appliance-unreadable', 'error', { target: name, command: 'saveconfig', what: 'saved-name', last: lastLine(s.transcript) }),
    );

  const bytes = await session.download(remoteName, opts.maxBytes ?? MAX_EXPORT_BYTES);
  const text = Buffer.from(bytes).toString('latin1');
  const read = readExport(text);
  if (!read.export) return fail({ ...read.finding, file: `${name}:/configuration/${remoteName}` } as Finding);
  const ex = read.export;
  if (ex.masked.length > 0)
    return fail(
      finding(
        'masked-secrets',
        'error',
        { count: ex.masked.length, first: ex.masked[0]!.path, allowed: false },
        { file: `${name}:/configuration/${remoteName}` },
      ),
    );
  const checks: [string, string | null, string | null][] = [
    ['build', version.build, ex.header.version],
    ['serial', version.serial, ex.header.serial],
    ['model', version.model, ex.header.model],
  ];
  for (const [field, said, file] of checks)
    if (said !== null && file !== said)
      return fail(finding('appliance-file-mismatch', 'error', { target: name, field, appliance: said, file }));

  let removed = false;
  if (opts.removeRemote) {
    const rm = table.commands.removeFile;
    if (!rm) findings.push(finding('remote-remove-unknown', 'warning', { target: name, file: remoteName }));
    else {
      const r = keep(
        'removeFile',
        await session.run(commandText(rm, { file: remoteName }), rm.rules, { ...run, values: { file: remoteName } }),
      );
      const rf = commandFinding(name, 'removeFile', r);
      if (rf) findings.push({ ...rf, severity: 'warning' } as Finding);
      else {
        // Nothing documents what a removal prints: a second fetch that finds no file is the proof.
        const still = await session.download(remoteName, 1).then(
          () => true,
          (e: unknown) => !/No such file|not found|does not exist/i.test((e as Error).message),
        );
        if (still)
          findings.push(finding('remote-remove-failed', 'warning', { target: name, file: remoteName, last: lastLine(r.transcript) }));
        else removed = true;
      }
    }
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { ok: true, pulled: { version, remoteName, bytes, sha256, hostname: ex.hostname, removed }, findings, transcripts };
}
