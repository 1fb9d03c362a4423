/**
 * The one way the CLI prints text for people: every string passes `safeForTerminal` here, is
 * coloured by severity when the stream is a terminal (honouring `NO_COLOR` and `FORCE_COLOR`),
 * and is encoded as UTF-8. JSON documents are written as they are (`printJson`).
 */
import { safeForTerminal } from '../report/terminal.js';
import type { CliIo } from './io.js';

/** How findings are shown: `quiet` errors and the summary only, `verbose` every finding in full. */
export type Detail = 'quiet' | 'normal' | 'verbose';

/** The output of one run. */
export interface Output {
  /** Columns to wrap to; Infinity when the output goes to a file or a pipe (one finding, one line). */
  width: number;
  detail: Detail;
  /** Prints text for people on standard output. */
  out(text: string): void;
  /** Prints text for people on standard error. */
  err(text: string): void;
  /** Prints a document (JSON) on standard output, unchanged. */
  raw(text: string): void;
}

const SGR = { red: '31', green: '32', yellow: '33', cyan: '36', bold: '1', boldRed: '1;31' } as const;
const paint = (code: string, s: string) => `\x1b[${code}m${s}\x1b[0m`;

/** Whether a stream gets colour: `NO_COLOR` (any value) turns it off, `FORCE_COLOR` (not `0`) on. */
export function wantsColour(isTTY: boolean, env: Readonly<Record<string, string | undefined>> = {}): boolean {
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '0' && force !== 'false') return true;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (force !== undefined) return false;
  return isTTY && env['TERM'] !== 'dumb';
}

/** Colours one line of already-safe text: diff lines, severities, verdicts. */
export function colourLine(line: string): string {
  if (/^(\+\+\+|---) /.test(line)) return paint(SGR.bold, line);
  if (line.startsWith('+')) return paint(SGR.green, line);
  if (line.startsWith('-')) return paint(SGR.red, line);
  if (line.startsWith('@@')) return paint(SGR.cyan, line);
  return line
    .replace(
      /^((?:[^ ]*: )?)(error|warning|info)(:| )/,
      (_, where: string, sev: string, sep: string) =>
        where + paint(sev === 'error' ? SGR.boldRed : sev === 'warning' ? SGR.yellow : SGR.cyan, sev) + sep,
    )
    .replace(/: (REFUSED|ERROR)\b/, (_, v: string) => `: ${paint(SGR.boldRed, v)}`)
    .replace(/: (changes pending|would roll back)\b/, (_, v: string) => `: ${paint(SGR.yellow, v)}`);
}

function encode(text: string, colour: boolean): string {
  let safe = safeForTerminal(text);
  if (colour) safe = safe.split('\n').map(colourLine).join('\n');
  return Buffer.from(safe, 'utf8').toString('latin1');
}

/** The output of a run on `io`. */
export function outputOf(io: CliIo, detail: Detail = 'normal'): Output {
  const env = io.env ?? {};
  const fromEnv = Number(env['COLUMNS']);
  // A terminal of unknown size gets 80 columns; a file or a pipe gets whole lines, as
  // `grep '\[code\]'` and scripts expect.
  const width =
    io.columns && io.columns > 20
      ? io.columns
      : Number.isInteger(fromEnv) && fromEnv > 20
        ? fromEnv
        : io.stdoutIsTTY || io.stderrIsTTY
          ? 80
          : Infinity;
  const colourOut = wantsColour(io.stdoutIsTTY, env);
  const colourErr = wantsColour(io.stderrIsTTY, env);
  return {
    width,
    detail,
    out: (text) => io.out(encode(text, colourOut)),
    err: (text) => io.err(encode(text, colourErr)),
    raw: (text) => io.out(text),
  };
}
