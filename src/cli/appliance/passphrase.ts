/**
 * The `loadconfig` passphrase (`{secret}` of the dialogue): from an environment variable, or typed
 * at a prompt on a terminal with echo off. Never from a command line or a file the tool writes,
 * never logged; the sessions redact it from every transcript.
 */
import { finding, Refused } from '../../findings.js';

/** The environment variable the passphrase is read from. */
export const PASSPHRASE_ENV = 'ESA_PATCH_PASSPHRASE';

/** A terminal to prompt on (process.stdin and process.stderr, or a test's). */
export interface PassphraseTerminal {
  isTTY: boolean;
  setRawMode(on: boolean): unknown;
  on(event: 'data', fn: (chunk: Buffer) => void): unknown;
  off(event: 'data', fn: (chunk: Buffer) => void): unknown;
  resume(): unknown;
  pause(): unknown;
  /** Where the prompt goes (stderr: stdout may be a report). */
  write(text: string): unknown;
}

/** Why no passphrase could be had: a `Refused` `passphrase-unavailable`. */
const unavailable = (reason: 'bad-variable' | 'no-terminal' | 'not-typed') =>
  new Refused(finding('passphrase-unavailable', 'error', { reason, variable: PASSPHRASE_ENV, max: MAX }));

const MAX = 1024;

/**
 * The passphrase: `env[PASSPHRASE_ENV]` when set (and one line of printable characters), else a
 * prompt on `terminal` when it is a terminal; else throws a `Refused` `passphrase-unavailable` saying how to give
 * one. Ctrl-C or Ctrl-D at the prompt throws too.
 */
export async function readPassphrase(
  env: Readonly<Record<string, string | undefined>>,
  terminal: PassphraseTerminal | null,
  prompt = 'AsyncOS passphrase (for loadconfig): ',
): Promise<string> {
  const fromEnv = env[PASSPHRASE_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    if (fromEnv.length > MAX || /[\x00-\x1F\x7F]/.test(fromEnv)) throw unavailable('bad-variable');
    return fromEnv;
  }
  if (!terminal?.isTTY) throw unavailable('no-terminal');
  const t = terminal;
  return new Promise<string>((resolve, reject) => {
    let typed = '';
    const done = (err: Error | null) => {
      t.off('data', onData);
      t.setRawMode(false);
      t.pause();
      t.write('\n');
      if (err) reject(err);
      else resolve(typed);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done(null);
        if (ch === '\x03' || ch === '\x04') return done(unavailable('not-typed'));
        if (ch === '\x7f' || ch === '\b') typed = typed.slice(0, -1);
        else if (ch >= ' ' && typed.length < MAX) typed += ch;
      }
    };
    t.write(prompt);
    t.setRawMode(true);
    t.on('data', onData);
    t.resume();
  });
}

/** process.stdin and process.stderr as a PassphraseTerminal, or null when stdin is not a terminal. */
export function processTerminal(): PassphraseTerminal | null {
  const stdin = process.stdin;
  if (!stdin.isTTY) return null;
  return {
    isTTY: true,
    setRawMode: (on) => stdin.setRawMode(on),
    on: (e, fn) => stdin.on(e, fn),
    off: (e, fn) => stdin.off(e, fn),
    resume: () => stdin.resume(),
    pause: () => stdin.pause(),
    write: (text) => process.stderr.write(text),
  };
}
