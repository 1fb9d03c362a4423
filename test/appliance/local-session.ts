/**
 * An `ApplianceSession` over the emulated CLI in this process (no SSH): fast unit tests of what
 * runs on top of a session. Prompts go through the product's `Conversation`, as over SSH, so the
 * dialogue, its bounds and its transcript are the ones the system-`ssh` session produces.
 */
import { Conversation } from '../../src/appliance/conversation.js';
import type { ApplianceSession, ApplianceTarget, CommandResult, PromptRule } from '../../src/appliance/session.js';
import type { CliStream, EmulatedAppliance } from './emulator.js';

/** Options of the in-process session. */
export interface LocalSessionOptions {
  /** Quiet output this long at an unanswered line is an unknown prompt (default 100 ms). */
  idleMs?: number;
  /** Per-command time-out (default 5 s). */
  timeoutMs?: number;
  /** Output cap in bytes. */
  maxBytes?: number;
  /** Emulate a terminal (`ssh -tt`): answers echoed, lines end in CR LF. */
  tty?: boolean;
}

/** A session on `app` (in this process). `sent` records every command run, for assertions. */
export function localSession(app: EmulatedAppliance, target: Partial<ApplianceTarget> = {}, opts: LocalSessionOptions = {}) {
  const sent: string[] = [];
  let closed = false;
  const session: ApplianceSession & { sent: string[] } = {
    target: { name: target.name ?? app.hostname, host: target.host ?? '127.0.0.1', ...target },
    sent,
    async run(command: string, rules: readonly PromptRule[], o = {}): Promise<CommandResult> {
      if (closed) throw new Error('session closed');
      sent.push(command);
      const conv = new Conversation(rules, {
        values: o.values,
        secret: o.secret,
        maxBytes: opts.maxBytes,
        echoes: opts.tty,
        endPrompt: o.endPrompt,
      });
      const lines: string[] = [];
      let waiting: ((l: string | null) => void) | null = null;
      let ended = false;
      let failure: Error | null = null;
      let finish!: (how: 'done' | 'cut' | 'timeout') => void;
      const result = new Promise<'done' | 'cut' | 'timeout'>((r) => {
        finish = (how) => {
          if (ended) return;
          ended = true;
          waiting?.(null);
          r(how);
        };
      });
      let idle: NodeJS.Timeout | undefined;
      const poke = () => {
        clearTimeout(idle);
        idle = setTimeout(() => {
          if (conv.idle()) finish('done');
        }, opts.idleMs ?? 100);
      };
      const stream: CliStream = {
        tty: opts.tty ?? false,
        write(text: string) {
          if (ended) return false;
          let steps;
          try {
            steps = conv.feed(opts.tty ? text.replace(/\r?\n/g, '\r\n') : text);
          } catch (e) {
            failure = e as Error;
            finish('done');
            return false;
          }
          for (const step of steps) {
            if (step.kind === 'stop') {
              finish('done');
              return false;
            }
            if (waiting) {
              const w = waiting;
              waiting = null;
              w(step.text.replace(/\n$/, ''));
            } else lines.push(step.text.replace(/\n$/, ''));
          }
          poke();
          return true;
        },
        ready: () => new Promise<void>((r) => setImmediate(r)),
        readLine() {
          if (ended) return Promise.resolve(null);
          const l = lines.shift();
          if (l !== undefined) return Promise.resolve(l);
          return new Promise((r) => {
            waiting = r;
          });
        },
        drop() {
          finish('cut');
        },
      };
      const timer = setTimeout(() => finish('timeout'), o.timeoutMs ?? opts.timeoutMs ?? 5000);

      app.exec(command, stream).then(
        () => finish('done'),
        () => finish('cut'),
      );
      const how = await result;
      clearTimeout(timer);
      clearTimeout(idle);
      if (failure) throw failure;
      return conv.result(how);
    },
    async upload(bytes: Uint8Array, remoteName: string) {
      app.files.set(remoteName, Buffer.from(bytes).toString('latin1'));
    },
    async download(remoteName: string, maxBytes: number) {
      const text = app.files.get(remoteName);
      if (text === undefined) throw new Error(`scp: /configuration/${remoteName}: No such file or directory`);
      if (text.length > maxBytes) throw new Error(`/configuration/${remoteName} is over ${maxBytes} bytes`);
      return Buffer.from(text, 'latin1');
    },
    async close() {
      closed = true;
    },
  };
  return session;
}
