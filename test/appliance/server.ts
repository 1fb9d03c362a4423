/**
 * The emulated appliance served over a real SSH server on 127.0.0.1 (the npm `ssh2` package, pure
 * JS): exec requests run the emulated CLI (`;`-separated commands), `scp -t` / `scp -f` speak the
 * legacy SCP protocol on /configuration (what OpenSSH's `scp -O` uses). Public-key authentication
 * with one generated client key; a generated ed25519 host key. Every server stops by itself
 * (`stop()`, and an unref'd life-time limit).
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { timingSafeEqual } from 'node:crypto';
import { connect } from 'node:net';
import ssh2 from 'ssh2';
import type { Connection, ServerChannel } from 'ssh2';
import type { CliStream, EmulatedAppliance } from './emulator.js';

const { Server, utils } = ssh2;

/** Keys and files a test points `ssh` at. */
export interface SshFixture {
  dir: string;
  identityFile: string;
  knownHosts: string;
  /** An ssh_config with nothing in it, so the user's ~/.ssh/config does not leak in. */
  configFile: string;
}

/** A running server. */
export interface EmulatorServer {
  port: number;
  fixture: SshFixture;
  /** TCP connections accepted so far (connection sharing: one per appliance per run). */
  connections: number;
  /** Exec requests received (commands and scp). */
  execs: string[];
  stop(): Promise<void>;
}

let clientKey: { private: string; public: string } | null = null;

/**
 * A new key pair. ECDSA P-256: ssh2 (1.17) cannot always read back the ed25519 keys it generates
 * ("Malformed OpenSSH private key", about one in ten).
 */
function newKey(): { private: string; public: string } {
  return utils.generateKeyPairSync('ecdsa', { bits: 256 });
}

/** Whether an OpenSSH client is on the PATH, or why not. */
export function sshAvailable(): string | null {
  for (const bin of ['ssh', 'scp']) {
    const r = spawnSync(bin, ['-V'], { encoding: 'utf8' });
    if (r.error) return `${bin} not found: ${r.error.message}`;
  }
  const v = spawnSync('ssh', ['-V'], { encoding: 'utf8' });
  const m = /OpenSSH_(\d+)\.(\d+)/.exec(`${v.stderr}${v.stdout}`);
  if (!m) return `ssh is not OpenSSH: ${(v.stderr || v.stdout).trim()}`;
  if (Number(m[1]) < 8 || (Number(m[1]) === 8 && Number(m[2]) < 7)) return `OpenSSH ${m[1]}.${m[2]} is older than 8.7 (scp -O)`;
  return null;
}

function scpArgs(command: string): { mode: 't' | 'f'; path: string } | null {
  const words = command.trim().split(/\s+/);
  if (words[0] !== 'scp') return null;
  let mode: 't' | 'f' | null = null;
  let path: string | null = null;
  for (const w of words.slice(1)) {
    if (w === '-t') mode = 't';
    else if (w === '-f') mode = 'f';
    else if (w === '--' || /^-[dprv]+$/.test(w)) continue;
    else path = w;
  }
  return mode && path ? { mode, path } : null;
}

/** Legacy SCP, sink side: the client sends files into /configuration. */
function scpSink(app: EmulatedAppliance, target: string, ch: ServerChannel): void {
  let buf = Buffer.alloc(0);
  let want: { name: string; size: number } | null = null;
  const dirTarget = target.replace(/\/+$/, '') === '/configuration';
  const fail = (msg: string) => {
    ch.write(Buffer.from(`\x02${msg}\n`, 'latin1'));
    ch.exit(1);
    ch.end();
  };
  ch.write(Buffer.from([0]));
  ch.on('data', (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    for (;;) {
      if (!want) {
        const nl = buf.indexOf(10);
        if (nl < 0) return;
        const line = buf.subarray(0, nl).toString('latin1');
        buf = buf.subarray(nl + 1);
        const m = /^C0[0-7]{3} (\d+) (.+)$/.exec(line);
        if (line.startsWith('T')) {
          ch.write(Buffer.from([0]));
          continue;
        }
        if (!m) return fail(`scp: protocol error: ${line.slice(0, 40)}`);
        const name = dirTarget ? m[2]! : target.replace(/^\/configuration\//, '');
        if (!dirTarget && !target.startsWith('/configuration/')) return fail(`scp: ${target}: Permission denied`);
        want = { name, size: Number(m[1]) };
        ch.write(Buffer.from([0]));
      }
      if (buf.length < want.size + 1) return;
      app.files.set(want.name, buf.subarray(0, want.size).toString('latin1'));
      buf = buf.subarray(want.size + 1);
      want = null;
      ch.write(Buffer.from([0]));
    }
  });
  ch.on('end', () => {
    ch.exit(0);
    ch.end();
  });
}

/** Legacy SCP, source side: the client fetches a file from /configuration. */
function scpSource(app: EmulatedAppliance, path: string, ch: ServerChannel): void {
  const name = path.replace(/^\/configuration\//, '');
  const text = path.startsWith('/configuration/') ? app.files.get(name) : undefined;
  let step = 0;
  ch.on('data', (d: Buffer) => {
    for (const byte of d) {
      if (byte !== 0) {
        ch.exit(1);
        ch.end();
        return;
      }
      step++;
      if (step === 1) {
        if (text === undefined) {
          ch.write(Buffer.from(`\x01scp: ${path}: No such file or directory\n`, 'latin1'));
          ch.exit(1);
          ch.end();
          return;
        }
        ch.write(Buffer.from(`C0644 ${text.length} ${name}\n`, 'latin1'));
      } else if (step === 2) {
        ch.write(Buffer.concat([Buffer.from(text!, 'latin1'), Buffer.from([0])]));
      } else if (step === 3) {
        ch.exit(0);
        ch.end();
      }
    }
  });
}

/** The CLI on an exec channel: lines in, text out. */
function cliStream(ch: ServerChannel, tty: boolean, conn: Connection): CliStream {
  let buf = '';
  let ended = false;
  let flowing = true;
  const waiters: ((l: string | null) => void)[] = [];
  const lines: string[] = [];
  const push = () => {
    for (;;) {
      const i = buf.search(/\r?\n|\r/);
      if (i < 0) break;
      const m = /\r?\n|\r/.exec(buf.slice(i))!;
      const line = buf.slice(0, i);
      buf = buf.slice(i + m[0].length);
      const w = waiters.shift();
      if (w) w(line);
      else lines.push(line);
    }
  };
  ch.on('data', (d: Buffer) => {
    buf += d.toString('latin1');
    push();
  });
  const end = () => {
    ended = true;
    for (const w of waiters.splice(0)) w(null);
  };
  ch.on('end', end);
  ch.on('close', end);
  return {
    tty,
    write(text: string) {
      if (ended) return false;
      flowing = ch.write(Buffer.from(tty ? text.replace(/\r?\n/g, '\r\n') : text, 'latin1'));
      return true;
    },
    ready() {
      if (flowing || ended) return Promise.resolve();
      return new Promise<void>((r) => {
        ch.once('drain', () => {
          flowing = true;
          r();
        });
        ch.once('close', () => r());
      });
    },
    readLine() {
      const l = lines.shift();
      if (l !== undefined) return Promise.resolve(l);
      if (ended) return Promise.resolve(null);
      return new Promise((r) => waiters.push(r));
    },
    drop() {
      ended = true;
      conn.end();
    },
  };
}

/** Writes the client key, known_hosts (for `hostKey`, default the server's) and an empty ssh_config. */
function writeFixture(port: number, hostPublic: string): SshFixture {
  const dir = mkdtempSync(join(tmpdir(), 'esa-patch-ssh-'));
  clientKey ??= newKey();
  const identityFile = join(dir, 'id_ed25519');
  writeFileSync(identityFile, clientKey.private, { mode: 0o600 });
  chmodSync(identityFile, 0o600);
  const knownHosts = join(dir, 'known_hosts');
  writeFileSync(knownHosts, `[127.0.0.1]:${port} ${hostPublic.trim()}\n`);
  const configFile = join(dir, 'ssh_config');
  writeFileSync(configFile, '# empty: the tests do not read ~/.ssh/config\n');
  return { dir, identityFile, knownHosts, configFile };
}

/** A key pair the server does not have, to stage a wrong host key in known_hosts. */
export function otherHostKey(): string {
  return newKey().public;
}

/**
 * Serves `app` on 127.0.0.1 (a free port). Stops by itself after `lifeMs` (default 60 s).
 * `forward`: also a jump host (direct-tcpip to 127.0.0.1 only, what `ssh -W` asks for).
 */
export async function serveAppliance(app: EmulatedAppliance, opts: { lifeMs?: number; forward?: boolean } = {}): Promise<EmulatorServer> {
  const host = newKey();
  clientKey ??= newKey();
  const allowed = utils.parseKey(clientKey.public);
  if (allowed instanceof Error) throw allowed;
  const conns = new Set<Connection>();
  const state = { connections: 0, execs: [] as string[] };
  const server = new Server({ hostKeys: [host.private] }, (client) => {
    conns.add(client);
    state.connections++;
    client.on('error', () => {});
    client.on('close', () => conns.delete(client));
    client.on('authentication', (ctx) => {
      if (ctx.method !== 'publickey') return ctx.reject(['publickey']);
      const key = ctx.key;
      const same =
        key.algo === allowed.type && key.data.length === allowed.getPublicSSH().length && timingSafeEqual(key.data, allowed.getPublicSSH());
      if (!same) return ctx.reject(['publickey']);
      if (ctx.signature && ctx.blob && allowed.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true) return ctx.reject(['publickey']);
      ctx.accept();
    });
    client.on('ready', () => {
      client.on('tcpip', (accept, reject, info) => {
        if (!opts.forward || info.destIP !== '127.0.0.1') return reject();
        state.execs.push(`forward ${info.destIP}:${info.destPort}`);
        const ch = accept();
        const sock = connect(info.destPort, '127.0.0.1');
        sock.on('error', () => ch.close());
        ch.on('error', () => sock.destroy());
        ch.pipe(sock).pipe(ch);
      });
      client.on('session', (accept) => {
        const session = accept();
        let tty = false;
        session.on('pty', (ok) => {
          tty = true;
          ok?.();
        });
        session.on('env', (ok) => ok?.());
        session.on('exec', (ok, _reject, info) => {
          const ch = ok();
          state.execs.push(info.command);
          ch.on('error', () => {});
          const scp = scpArgs(info.command);
          if (scp?.mode === 't') return scpSink(app, scp.path, ch);
          if (scp?.mode === 'f') return scpSource(app, scp.path, ch);
          app.exec(info.command, cliStream(ch, tty, client)).then(
            () => {
              try {
                ch.exit(0);
                ch.end();
              } catch {
                // the connection is gone (a dropped load)
              }
            },
            () => ch.end(),
          );
        });
      });
    });
  });
  server.on('error', () => {});
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  // A server a test forgot to stop never holds the test process open.
  server.unref();
  const port = (server.address() as { port: number }).port;
  const fixture = writeFixture(port, host.public);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    for (const c of conns) c.end();
    await new Promise<void>((r) => server.close(() => r()));
  };
  const life = setTimeout(() => void stop(), opts.lifeMs ?? 60_000);
  life.unref();
  return {
    port,
    fixture,
    get connections() {
      return state.connections;
    },
    execs: state.execs,
    stop: async () => {
      clearTimeout(life);
      await stop();
    },
  };
}
