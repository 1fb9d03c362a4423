/**
 * `pull`: for each target (command line or inventory), a shared SSH connection, `version`,
 * `saveconfig` (encrypted), the file fetched with `scp -O` and checked, then `DIR/NAME.xml` and
 * `DIR/NAME.pull.json` written together (atomically, never over a file without `--force`).
 * Targets run in parallel (bounded); one failing never stops the others; the worst outcome is
 * the exit code (1 error over 3 refused over 0).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { finding, Refused, refused, type Finding } from '../../findings.js';
import { DIALOGUES, dialogueFor, type DialogueTable } from '../../appliance/dialogue.js';
import { applyDialogueFile } from '../../appliance/dialogue-file.js';
import { pullCommands, pullExport, refuses, type Transcript } from '../../appliance/pull.js';
import type { ApplianceSession, ApplianceTarget } from '../../appliance/session.js';
import { sidecarOf } from '../../appliance/sidecar.js';
import { messageOf } from '../../report/messages.js';
import { terminalBytes } from '../../report/terminal.js';
import { TOOL_VERSION } from '../../version.js';
import { openSsh, commonArgs, type SshSettings } from '../appliance/ssh.js';
import { targetProblems } from '../appliance/target.js';
import { EXIT, worstExitCode } from '../exit-codes.js';
import { commitOutputSet, readLatin1, refuseDirectory } from '../fs/index.js';
import { readInventory } from '../inventory.js';
import { createProgress } from '../progress.js';
import { jsonOut } from '../job.js';
import type { Args } from '../args.js';
import type { CliIo } from '../io.js';

const DEFAULT_JOBS = 8;
/** Connections at once unless --jobs-max says otherwise (each is an ssh process and a TCP session). */
const MAX_JOBS = 64;

/** `[user@]host[:port]` (IPv6 in brackets) as a target; null when it is not one. */
export function parseTargetSpec(spec: string): ApplianceTarget | null {
  const m = /^(?:([^@]+)@)?(\[[^\]]+\]|[^:@[\]]+)(?::(\d{1,5}))?$/.exec(spec);
  if (!m) return null;
  const host = m[2]!.replace(/^\[|\]$/g, '');
  const t: ApplianceTarget = { name: host.replace(/:/g, '-'), host, user: m[1], port: m[3] === undefined ? undefined : Number(m[3]) };
  return targetProblems(t).length ? null : t;
}

/**
 * The dialogue tables: the built-in ones with the user's file (`--dialogue`) applied. Throws
 * a `Refused` (`dialogue-file`, exit 1) with `file:line:col` for each problem.
 */
export function readDialogueTables(file: string | undefined, cwd: string): Readonly<Record<string, DialogueTable>> {
  if (file === undefined) return DIALOGUES;
  const text = Buffer.from(readLatin1(resolve(cwd, file)), 'latin1').toString('utf8');
  const r = applyDialogueFile(text, DIALOGUES);
  if ('problems' in r)
    throw refused('dialogue-file', { detail: r.problems.map((p) => terminalBytes(`${file}:${p.line}:${p.col}: ${p.detail}`)).join('; ') });
  return r.tables;
}

/** One target's outcome. */
interface Done {
  target: ApplianceTarget;
  code: number;
  findings: Finding[];
  files: string[];
  transcripts: Transcript[];
}

function secondsOption(a: Args, name: string, max: number): number | undefined {
  const v = a.positiveInt(name);
  if (v !== undefined && v > max) a.fail(`--${name} is at most ${max} seconds`);
  return v;
}

/** Runs `pull`. */
export async function runPull(a: Args, io: CliIo): Promise<number> {
  const json = a.flag('json');
  const force = a.flag('force');
  const dry = a.flag('dry-run');
  const removeRemote = a.flag('remove-remote');
  const connect = secondsOption(a, 'connect-timeout', 300);
  const command = secondsOption(a, 'command-timeout', 3600);
  const jobsWanted = a.positiveInt('jobs') ?? DEFAULT_JOBS;
  const jobsMax = a.positiveInt('jobs-max') ?? MAX_JOBS;
  const jobs = Math.min(jobsWanted, jobsMax);
  const shownDir = a.string('out-dir') ?? '.';
  const outDir = resolve(io.cwd, shownDir);
  const targets: ApplianceTarget[] = [];
  for (const spec of a.positionals('targets')) {
    const t = parseTargetSpec(spec);
    if (!t) a.fail(`"${terminalBytes(spec)}" is not [user@]host[:port] (a host name or address, never starting with "-")`);
    targets.push(t);
  }
  const inventory = a.string('inventory');
  if (inventory !== undefined) {
    const entries = readInventory(resolve(io.cwd, inventory));
    entries.forEach((e, k) => {
      if (!e.target)
        throw refused('bad-inventory', { path: inventory, entry: k + 1, key: 'host', problem: 'no-host', known: [], said: null });
      targets.push(e.target);
    });
  }
  if (targets.length === 0) a.fail('name appliances to pull: [user@]host[:port]…, or --inventory FILE');
  const names = new Map<string, number>();
  for (const t of targets) names.set(t.name, (names.get(t.name) ?? 0) + 1);
  const twice = [...names].filter(([, n]) => n > 1).map(([n]) => n);
  if (twice.length) a.fail(`appliance named more than once: ${twice.join(', ')} (each name is one file in the output directory)`);
  refuseDirectory(join(outDir, 'x'), '--out-dir', io.cwd);

  const tables = readDialogueTables(a.string('dialogue'), io.cwd);
  const tokensPath = a.string('tokens') === undefined ? undefined : resolve(io.cwd, a.string('tokens')!);
  // A tokens file that is not one is refused before anything is sent.
  const extras = tokensPath ? await import('../appliance/plan-extras.js') : null;
  if (tokensPath) (await import('../appliance/tokens-file.js')).readTokensFile(tokensPath);
  const settings: SshSettings = {
    connectTimeoutSec: connect,
    commandTimeoutMs: command === undefined ? undefined : command * 1000,
    configFile: a.string('ssh-config') === undefined ? undefined : resolve(io.cwd, a.string('ssh-config')!),
  };

  if (dry) {
    const table = dialogueFor(null, tables).table;
    for (const t of targets) {
      const ssh = ['ssh', ...commonArgs(t, settings, '<private dir>/c', '-p'), '--', t.user ? `${t.user}@${t.host}` : t.host];
      io.out(terminalBytes(`${t.name}: would connect: ${ssh.join(' ')}\n`));
      for (const c of pullCommands(table, removeRemote)) io.out(terminalBytes(`${t.name}:   send: ${c}\n`));
      io.out(terminalBytes(`${t.name}:   write: ${join(shownDir, `${t.name}.xml`)} and ${t.name}.pull.json\n`));
    }
    io.out(`pull --dry-run: ${targets.length} appliance${targets.length === 1 ? '' : 's'}; nothing sent\n`);
    return EXIT.ok;
  }

  const progress = createProgress(io, targets.length, !json);
  const results: Done[] = new Array(targets.length);
  let next = 0;
  let finished = 0;
  const worker = async () => {
    while (next < targets.length) {
      const k = next++;
      results[k] = await pullOne(targets[k]!, outDir, settings, { tables, force, removeRemote, now: io.now ?? (() => new Date()) });
      progress.tick(++finished);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, targets.length) }, worker));
  progress.end();
  if (extras && tokensPath) {
    const pulled = results.flatMap((r) =>
      r.findings.flatMap((f) => (f.code === 'pulled' ? [{ file: f.args.file, build: f.args.build }] : [])),
    );
    extras.recordPulledTokens(tokensPath, pulled);
  }

  const code = worstExitCode(results.map((r) => r.code));
  const capped = jobsWanted > jobsMax ? [finding('jobs-capped', 'warning', { requested: jobsWanted, max: jobsMax })] : [];
  if (json) {
    io.out(
      jsonOut({
        command: 'pull',
        exitCode: code,
        findings: capped.map((f) => ({ ...f, message: messageOf(f) })),
        appliances: results.map((r) => ({
          name: r.target.name,
          host: r.target.host,
          exitCode: r.code,
          files: r.files,
          findings: r.findings.map((f) => ({ ...f, message: messageOf(f) })),
          transcripts: r.transcripts,
        })),
      }),
    );
    return code;
  }
  for (const r of results) {
    // What the appliance said, for --verbose (or when it stopped a command): already visible text.
    const verbose = a.flag('verbose');
    for (const t of r.transcripts)
      if (verbose || t.outcome !== 'done') {
        io.err(
          terminalBytes(`${r.target.name}: ${t.command}: ${t.outcome}${t.answered.length ? ` (answered ${t.answered.join(', ')})` : ''}\n`),
        );
        for (const line of t.text.split('\n').slice(verbose ? -200 : -8)) io.err(terminalBytes(`${r.target.name}: | ${line}\n`));
      }
    for (const f of r.findings) {
      const line = `${f.code === 'pulled' ? '' : `${f.severity}: `}${messageOf(f)} [${f.code}]\n`;
      if (f.severity === 'error') io.err(terminalBytes(line));
      else io.out(terminalBytes(line));
    }
  }
  for (const f of capped) io.err(terminalBytes(`warning: ${messageOf(f)} [${f.code}]\n`));
  const count = (c: number) => results.filter((r) => r.code === c).length;
  io.out(
    `pull: ${results.length} appliance${results.length === 1 ? '' : 's'}: ${count(EXIT.ok)} pulled, ${count(EXIT.refused)} refused, ${count(EXIT.error)} failed\n`,
  );
  return code;
}

async function pullOne(
  target: ApplianceTarget,
  outDir: string,
  settings: SshSettings,
  o: { tables: Readonly<Record<string, DialogueTable>>; force: boolean; removeRemote: boolean; now: () => Date },
): Promise<Done> {
  const xml = join(outDir, `${target.name}.xml`);
  const side = join(outDir, `${target.name}.pull.json`);
  let transcripts: Transcript[] = [];
  const done = (code: number, findings: Finding[], files: string[] = []): Done => ({ target, code, findings, files, transcripts });
  let session: ApplianceSession | null = null;
  const there = [xml, side].filter((f) => existsSync(f));
  // Checked before anything is sent; the commit checks again.
  if (there.length && !o.force) return done(EXIT.error, [finding('output-exists', 'error', { path: there.join(', ') })]);
  try {
    session = await openSsh(target, settings);
    const r = await pullExport(session, { tables: o.tables, removeRemote: o.removeRemote, timeoutMs: settings.commandTimeoutMs });
    transcripts = r.transcripts;
    if (!r.ok) return done(r.findings.some(refuses) ? EXIT.refused : EXIT.error, r.findings);
    const p = r.pulled;
    const sidecar = sidecarOf(
      target,
      {
        build: p.version.build,
        model: p.version.model,
        serial: p.version.serial,
        hostname: p.hostname ?? p.version.hostname,
        remoteFile: p.remoteName,
        removed: p.removed,
        sha256: p.sha256,
        bytes: p.bytes.length,
      },
      o.now(),
      TOOL_VERSION,
    );
    commitOutputSet(
      [
        { path: xml, content: Buffer.from(p.bytes).toString('latin1') },
        { path: side, content: `${JSON.stringify(sidecar, null, 2)}\n` },
      ],
      { force: o.force },
    );
    return done(
      EXIT.ok,
      [
        ...r.findings,
        finding('pulled', 'info', { target: target.name, file: xml, build: p.version.build, serial: p.version.serial, sha256: p.sha256 }),
      ],
      [xml, side],
    );
  } catch (e) {
    if (e instanceof Refused) return done(EXIT.error, [e.finding]);
    return done(EXIT.error, [finding('internal-error', 'error', { detail: `${target.name}: ${(e as Error).message}` })]);
  } finally {
    await session?.close().catch(() => {});
  }
}
