/**
 * `ApplianceSession` over the system OpenSSH client: `ssh` for CLI commands (one exec per
 * command, prompts answered on stdin through the `Conversation`), `scp -O` (legacy protocol, what
 * AsyncOS speaks) for /configuration.
 *
 * Connection sharing: `openSsh` starts one master connection per appliance (`-M -f -N`,
 * `ControlPersist`, its socket in a private 0700 directory) and every command and copy attaches to
 * it (`ControlMaster=no`, so a command never becomes a master that would outlive it holding the
 * pipes); `close()` ends it (`-O exit`) and removes the directory. Host keys are always checked
 * (`StrictHostKeyChecking=yes` on the command line wins over any ~/.ssh/config), `BatchMode=yes`:
 * ssh never asks for a password. Every process runs in its own process group and is killed with
 * it at its time-out.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Conversation, visible } from '../../appliance/conversation.js';
import { REMOTE_NAME } from '../../appliance/dialogue.js';
import type { ApplianceSession, ApplianceTarget, CommandResult, PromptRule } from '../../appliance/session.js';
import { finding, Refused } from '../../findings.js';
import { parseJump, targetProblems } from './target.js';

/** Settings of the system-ssh transport. */
export interface SshSettings {
  /** Seconds to wait for the TCP connection and the SSH handshake (`ConnectTimeout`). Default 10. */
  connectTimeoutSec?: number;
  /** Milliseconds one command may run. Default 120 000. */
  commandTimeoutMs?: number;
  /** Quiet output this long at an unfinished line is a prompt nobody answers. Default 3 000. */
  idleMs?: number;
  /** Output cap of one command in bytes. Default 4 MiB. */
  maxBytes?: number;
  /** Request a terminal (`-tt`). Default false: AsyncOS runs exec commands without one. */
  tty?: boolean;
  /** An ssh_config file (`-F`) instead of ~/.ssh/config (tests). */
  configFile?: string;
  /** The programs (default `ssh`, `scp` on the PATH). */
  sshPath?: string;
  scpPath?: string;
}

/** ssh or scp failed outside a command (connection, host key, authentication, a copy): `ssh-failed`, `detail` what ssh said. */
const sshFailed = (target: ApplianceTarget, step: string, detail: string) =>
  new Refused(finding('ssh-failed', 'error', { target: target.name, step, detail }));

const STDERR_CAP = 16 * 1024;

/**
 * What must not outlive this process: the process groups of running commands and copies, and
 * every master connection with its private directory. Our children run in their own process
 * groups (so that a time-out kills a command with its children), which also keeps a Ctrl-C from
 * reaching them: on exit (also the exit the SIGINT handler makes) they are ended here.
 */
const liveGroups = new Set<number>();
const liveMasters = new Set<() => void>();
let exitHook = false;
function onExit(): void {
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const pid of liveGroups) killGroup(pid);
    for (const close of liveMasters) close();
  });
}

function killGroup(pid: number | undefined): void {
  try {
    if (pid) process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** The last lines of what ssh printed on stderr, visible, on one line. */
function stderrDetail(text: string): string {
  const lines = visible(text)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^Warning: Permanently added/.test(l));
  return lines.slice(-3).join(' / ').slice(0, 400) || 'no message';
}

interface Proc {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Runs a process in its own group, bounded in time and output; never throws for its exit. */
function runBounded(file: string, args: string[], timeoutMs: number, quiet = false, stopWhen?: () => boolean): Promise<Proc> {
  const maxOut = STDERR_CAP;
  return new Promise((resolve) => {
    // `quiet`: a process that forks a daemon keeping its descriptors (the master) gets none.
    const child = spawn(file, args, { stdio: quiet ? 'ignore' : ['ignore', 'pipe', 'pipe'], detached: true });
    // The master's ssh forks a daemon into this group and exits: only the rest are tracked.
    if (child.pid && !quiet) liveGroups.add(child.pid);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const kill = () => killGroup(child.pid);
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, timeoutMs);
    // A copy past its cap is stopped as it grows, not after.
    const watch = stopWhen ? setInterval(() => stopWhen() && kill(), 50) : undefined;
    child.stdout?.on('data', (d: Buffer) => {
      if (stdout.length < maxOut) stdout += d.toString('latin1').slice(0, maxOut - stdout.length);
    });
    child.stderr?.on('data', (d: Buffer) => {
      if (stderr.length < STDERR_CAP) stderr += d.toString('latin1').slice(0, STDERR_CAP - stderr.length);
    });
    child.on('error', (e) => {
      if (child.pid) liveGroups.delete(child.pid);
      clearTimeout(timer);
      clearInterval(watch);
      resolve({ code: null, signal: null, stdout, stderr: `${stderr}${e.message}`, timedOut });
    });
    child.on(quiet ? 'exit' : 'close', (code, signal) => {
      if (child.pid) liveGroups.delete(child.pid);
      clearTimeout(timer);
      clearInterval(watch);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

/** `user@host` as ssh takes it, and `user@[host]:path` as scp does. */
function destination(t: ApplianceTarget): string {
  return t.user ? `${t.user}@${t.host}` : t.host;
}
function scpRemote(t: ApplianceTarget, name: string): string {
  const host = t.host.includes(':') ? `[${t.host}]` : t.host;
  return `${t.user ? `${t.user}@` : ''}${host}:/configuration/${name}`;
}

/** The options every ssh and scp gets (`portFlag`: `-p` for ssh, `-P` for scp; no `controlPath`: a jump hop's). */
export function commonArgs(t: ApplianceTarget, s: SshSettings, controlPath: string | null, portFlag: '-p' | '-P'): string[] {
  const o = (kv: string) => ['-o', kv];
  const args: string[] = [];
  if (s.configFile) args.push('-F', s.configFile);
  // Ours first: for ssh the first value of an option wins (command line before any config file),
  // so none of these can be overridden; the refused ones never get here anyway (targetProblems).
  args.push(
    ...o('BatchMode=yes'),
    ...o('StrictHostKeyChecking=yes'),
    ...o('PasswordAuthentication=no'),
    ...o('KbdInteractiveAuthentication=no'),
    ...o('UpdateHostKeys=no'),
    ...o(`ConnectTimeout=${s.connectTimeoutSec ?? 10}`),
    ...o('ServerAliveInterval=15'),
    ...o('ServerAliveCountMax=3'),
  );
  if (controlPath !== null) args.push(...o(`ControlPath=${controlPath}`));
  for (const [k, v] of Object.entries(t.ssh?.options ?? {})) args.push(...o(`${k}=${v}`));
  if (t.port !== undefined) args.push(portFlag, String(t.port));
  if (t.ssh?.identityFile) args.push('-i', t.ssh.identityFile, ...o('IdentitiesOnly=yes'));
  if (t.ssh?.jump) args.push('-o', `ProxyCommand=${proxyCommand(t, s)}`);
  return args;
}

/** A word for the shell that runs a ProxyCommand, with `%` kept from ssh's token expansion. */
function shellWord(w: string): string {
  return `'${w.replace(/%/g, '%%').replace(/'/g, "'\\''")}'`;
}

/**
 * The jump: `ssh -W [%h]:%p HOP` with the same strict options, identity, config file and user
 * options as the connection to the appliance (OpenSSH's -J would start the hop with none of ours).
 */
function proxyCommand(t: ApplianceTarget, s: SshSettings): string {
  const hop = parseJump(t.ssh!.jump!)!;
  const hopTarget: ApplianceTarget = { name: t.name, host: hop.host, user: hop.user, port: hop.port, ssh: { ...t.ssh, jump: undefined } };
  const args = commonArgs(hopTarget, s, null, '-p');
  const dest = hop.user ? `${hop.user}@${hop.host}` : hop.host;
  return [shellWord(s.sshPath ?? 'ssh'), ...args.map(shellWord), '-W', '[%h]:%p', '--', shellWord(dest)].join(' ');
}

/**
 * Opens the shared connection to `target` and returns the session on it. Throws a `Refused` `ssh-failed` when
 * the connection cannot be made (the detail is what ssh said, made visible) and `Error` for a
 * target that fails its checks.
 */
export async function openSsh(target: ApplianceTarget, settings: SshSettings = {}): Promise<ApplianceSession> {
  const problems = targetProblems(target);
  if (problems.length) throw new Error(`${target.name}: ${problems.map((p) => `${p.field}: ${p.problem}`).join('; ')}`);
  const ssh = settings.sshPath ?? 'ssh';
  const scp = settings.scpPath ?? 'scp';
  const dir = mkdtempSync(join(tmpdir(), 'esa-patch-ssh-'));
  // mkdtemp makes it 0700: the control socket and copies in transit are this user's only.
  const control = join(dir, 'c');
  const log = join(dir, 'master.log');
  const base = (flag: '-p' | '-P') => commonArgs(target, settings, control, flag);
  const connectMs = ((settings.connectTimeoutSec ?? 10) + 5) * 1000;
  const master = await runBounded(
    ssh,
    [...base('-p'), '-o', 'ControlMaster=yes', '-o', 'ControlPersist=120', '-E', log, '-f', '-N', '-T', '--', destination(target)],
    connectMs,
    true,
  );
  if (master.code !== 0) {
    let detail = master.stderr;
    try {
      detail += readFileSync(log, 'latin1').slice(-STDERR_CAP);
    } catch {
      // no log
    }
    rmSync(dir, { recursive: true, force: true });
    throw sshFailed(target, 'connect', master.timedOut ? `no connection within ${connectMs / 1000} s` : stderrDetail(detail));
  }
  let closed = false;
  const attach = ['-o', 'ControlMaster=no'];
  const exitArgs = [...base('-p'), '-O', 'exit', '--', destination(target)];
  // At process exit, whatever happened: the master is told to exit, the directory removed.
  const closeNow = () => {
    spawnSync(ssh, exitArgs, { stdio: 'ignore', timeout: 5000 });
    rmSync(dir, { recursive: true, force: true });
  };
  liveMasters.add(closeNow);
  onExit();

  const run = (
    command: string,
    rules: readonly PromptRule[],
    o: { values?: Record<string, string>; secret?: string; timeoutMs?: number; endPrompt?: string } = {},
  ) =>
    new Promise<CommandResult>((resolve, reject) => {
      if (closed) return reject(new Error('session closed'));
      if (!/^[\x20-\x7E]{1,2000}$/.test(command)) return reject(new Error('a command is one line of printable ASCII'));
      const tty = settings.tty ?? false;
      const conv = new Conversation(rules, {
        values: o.values,
        secret: o.secret,
        maxBytes: settings.maxBytes,
        echoes: tty,
        endPrompt: o.endPrompt,
      });
      const child = spawn(ssh, [...base('-p'), ...attach, tty ? '-tt' : '-T', '--', destination(target), command], {
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: true,
      });
      if (child.pid) liveGroups.add(child.pid);
      let ended: 'done' | 'cut' | 'timeout' | null = null;
      let stderr = '';
      let got = 0;
      const kill = () => killGroup(child.pid);
      const stop = (how: 'done' | 'cut' | 'timeout') => {
        if (ended === null) ended = how;
        kill();
      };
      const timer = setTimeout(() => stop('timeout'), o.timeoutMs ?? settings.commandTimeoutMs ?? 120_000);
      let idle: NodeJS.Timeout | undefined;
      child.stdin.on('error', () => {});
      let failure: Error | null = null;
      child.stdout.on('data', (d: Buffer) => {
        got += d.length;
        let steps;
        try {
          steps = conv.feed(d.toString('latin1'));
        } catch (e) {
          // A value that cannot be typed (a caller's bug): nothing more is sent.
          failure = e as Error;
          return stop('done');
        }
        for (const step of steps) {
          if (step.kind === 'stop') return stop('done');
          child.stdin.write(Buffer.from(step.text, 'latin1'));
        }
        clearTimeout(idle);
        idle = setTimeout(() => {
          if (conv.idle()) stop('done');
        }, settings.idleMs ?? 3000);
      });
      child.stderr.on('data', (d: Buffer) => {
        if (stderr.length < STDERR_CAP) stderr += d.toString('latin1').slice(0, STDERR_CAP - stderr.length);
      });
      child.on('error', (e) => {
        clearTimeout(timer);
        clearTimeout(idle);
        reject(sshFailed(target, 'ssh', e.message));
      });
      let settled = false;
      const settle = (code: number | null) => {
        if (settled) return;
        settled = true;
        if (child.pid) liveGroups.delete(child.pid);
        clearTimeout(timer);
        clearTimeout(idle);
        clearTimeout(grace);
        // The master holds the other ends of these pipes (descriptors are passed to it): ours are
        // closed here, not waited for.
        child.stdin.destroy();
        child.stdout.destroy();
        child.stderr.destroy();
        if (failure) return reject(failure);
        if (ended === null && code === 255) {
          // ssh's own failure: before any output, the command never ran.
          if (got === 0 && !conv.stopped) return reject(sshFailed(target, 'ssh', stderrDetail(stderr)));
          ended = 'cut';
        }
        resolve(conv.result(ended ?? 'done'));
      };
      let grace: NodeJS.Timeout | undefined;
      child.on('exit', (code) => {
        // Stopped by the tool: done now. Ended by itself: let the last output arrive first.
        if (ended !== null) settle(code);
        else grace = setTimeout(() => settle(code), 2000);
      });
      child.on('close', (code) => settle(code));
    });

  const copy = async (args: string[], step: string, stopWhen?: () => string | null) => {
    let why: string | null = null;
    const r = await runBounded(scp, ['-O', '-q', ...base('-P'), ...attach, ...args], settings.commandTimeoutMs ?? 120_000, false, () => {
      why ??= stopWhen?.() ?? null;
      return why !== null;
    });
    if (why !== null) throw sshFailed(target, step, why);
    if (r.code !== 0) throw sshFailed(target, step, r.timedOut ? 'time-out' : stderrDetail(r.stderr));
  };
  const checkName = (name: string) => {
    if (!REMOTE_NAME.test(name)) throw new Error(`not a file name esa-patch sends to an appliance: ${JSON.stringify(name)}`);
  };
  let n = 0;

  return {
    target,
    run,
    async upload(bytes: Uint8Array, remoteName: string) {
      checkName(remoteName);
      const local = join(dir, `up-${n++}`);
      writeFileSync(local, bytes, { mode: 0o600 });
      try {
        await copy(['--', local, scpRemote(target, remoteName)], 'scp upload');
      } finally {
        rmSync(local, { force: true });
      }
    },
    async download(remoteName: string, maxBytes: number) {
      checkName(remoteName);
      const local = join(dir, `down-${n++}`);
      const over = `/configuration/${remoteName} is over ${maxBytes} bytes`;
      const size = () => {
        try {
          return statSync(local).size;
        } catch {
          return 0;
        }
      };
      try {
        // scp writes the file as it arrives: a copy past the cap is stopped as it grows.
        await copy(['--', scpRemote(target, remoteName), local], 'scp download', () => (size() > maxBytes ? over : null));
        if (size() > maxBytes) throw sshFailed(target, 'scp download', over);
        return readFileSync(local);
      } finally {
        rmSync(local, { force: true });
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      liveMasters.delete(closeNow);
      await runBounded(ssh, exitArgs, 10_000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
