/**
 * The command line: registers every command module with the argument parser, runs the one
 * given, and maps every outcome to the documented exit code (`exit-codes.ts`). A mistake on
 * the command line is one line and a pointer to `--help`, never the whole help. The only
 * layer (with ./fs/) that touches files and streams.
 *
 * Start-up loads only what the command run needs: the command table is its names, options
 * and a handler that imports the implementation; a plain command line is parsed by
 * `fast-args.ts`, and yargs (forty modules) is imported only for help, the version, the
 * completion scripts and a command line that fast path declines.
 */
import type { Argv } from 'yargs';
import { TOOL_VERSION } from '../version.js';
import { REPORT_SCHEMA_ID } from '../report/report-document.js';
import { Args, closest, suggest } from './args.js';
import { EXIT, EXIT_MEANING } from './exit-codes.js';
import { Refused } from '../findings.js';
import { refusalLine } from '../report/messages.js';
import { outputOf } from './output.js';
import { COMMANDS } from './commands/index.js';
import { commandName, type CommandModule } from './commands/command.js';
import { optionsOf, type YargsFactory } from './commands/completion.js';
import { fastParse } from './fast-args.js';
import { STDIN_MARK } from './commands/spf.js';
import type { CliIo } from './io.js';

/** Schema identifier of the JSON reports of plan, apply and rollback. */
export const REPORT_SCHEMA = REPORT_SCHEMA_ID;

const BY_NAME = new Map(COMMANDS.map((m) => [commandName(m), m]));

/** The exit codes, as `--help` and the man page list them. */
export const EXIT_CODES_TEXT = `Exit codes:\n${Object.entries(EXIT_MEANING)
  .map(([c, m]) => `  ${c}  ${m}`)
  .join('\n')}\n`;

const ABOUT =
  'Plan, apply and roll back the Cisco RES TLS change (tech note 118539) on Cisco ESA (AsyncOS) configuration exports. Nothing is written by plan; apply writes new files and never changes its input.';

/** The argument parser (made by `yargs`), wrapping help to `width` columns. */
export function parser(width: number, yargs: YargsFactory): Argv {
  let y = yargs()
    .scriptName('esa-patch')
    .usage(`Usage: $0 <command> [options]\n\n${ABOUT}`)
    // One value per occurrence (`--listener A f.xml` leaves f.xml a file); `--` ends options.
    .parserConfiguration({ 'greedy-arrays': false, 'strip-dashed': true, 'populate--': true })
    .strict()
    .exitProcess(false)
    .help('help')
    .alias('help', 'h')
    .version('version', 'show the version', TOOL_VERSION)
    .alias('version', 'V')
    .wrap(width);
  for (const m of COMMANDS) {
    y = y.command(m.command, m.describe, (c) =>
      m
        .builder(c)
        .usage(`Usage: esa-patch ${m.command.replace(/\.\./g, '...')} [options]\n\n${m.describe}`)
        .epilog(`${examplesText(m.examples ?? [])}${EXIT_CODES_TEXT}esa-patch explain CODE explains a finding code.`),
    );
  }
  return y
    .demandCommand(1, `name a command: ${COMMANDS.map(commandName).join(', ')}`)
    .epilog(`${examplesText(FLOW)}${EXIT_CODES_TEXT}Run esa-patch COMMAND --help for the options of a command.`);
}

/** The flow the top-level help shows. */
const FLOW: readonly (readonly [string, string])[] = [
  ['esa-patch plan samples/multi-listener.xml', '1. read what would change, and the diff'],
  ['esa-patch apply samples/multi-listener.xml -o esa1-patched.xml', '2. write esa1-patched.xml, .diff, .patch.json'],
  [
    'esa-patch show esa1-patched.patch.json',
    '3. the change in words, with checksums; load esa1-patched.xml with loadconfig on the same AsyncOS version',
  ],
  ['esa-patch rollback esa1-patched.xml --patch esa1-patched.patch.json -o esa1-restored.xml', '4. undo, if you must'],
];

/** Examples as a block: the command line, then what it does, indented. */
function examplesText(examples: readonly (readonly [string, string])[]): string {
  if (!examples.length) return '';
  return `Examples:\n${examples.map(([cmd, what]) => `  $ ${cmd}\n      ${what}\n`).join('')}\n`;
}

/** yargs' messages, said the way this tool says things; `command` is the command given, if any. */
function usageMessage(message: string, command: CommandModule | undefined, argv: readonly string[], yargs: YargsFactory): string {
  const unknown = /^Unknown arguments?: (.*)$/.exec(message);
  if (unknown) {
    const words = unknown[1]!.split(', ');
    if (!command) {
      const word = argv.find((x) => !x.startsWith('-')) ?? words[0]!;
      return `unknown command "${word}"${suggest(word, [...BY_NAME.keys()])}; the commands are ${[...BY_NAME.keys()].join(', ')}`;
    }
    const options = optionsOf(command, yargs);
    const given = argv.filter((x) => x.startsWith('-') && x !== '--').map((x) => x.split('=')[0]!);
    const bad = given.find((g) => words.includes(g.replace(/^-+/, '')) || words.some((w) => g.replace(/^-+/, '') === w)) ?? `--${words[0]}`;
    if (!bad.startsWith('-') || !given.includes(bad)) return `${commandName(command)} takes no further argument "${words[0]}"`;
    return `unknown option ${bad} for ${commandName(command)}${suggest(
      bad.replace(/^-+/, ''),
      options.map((o) => o.replace(/^-+/, '')),
      '--',
    )}`;
  }
  const required = /^Missing required arguments?: (.*)$/.exec(message);
  if (required)
    return `${required[1]!
      .split(', ')
      .map((x) => `--${x}`)
      .join(', ')} is required${required[1] === 'patch' ? ': give the artefact apply wrote, --patch OUT.patch.json' : ''}`;
  const missingValue = /^Not enough arguments following: (.*)$/.exec(message);
  if (missingValue) return `--${missingValue[1]} needs a value`;
  const missing = /^Not enough non-option arguments: got 0, need at least 1$/.exec(message);
  if (missing && command)
    return `${commandName(command)} needs ${command.command
      .split(' ')[1]!
      .replace(/[<>[\].]/g, '')
      .toUpperCase()}: esa-patch ${command.command.replace(/\.\./g, '...')}`;
  if (message.startsWith('Invalid values:')) return message.replace(/\s+/g, ' ');
  return message;
}

/** Runs the command line `argv` (without node and script). Returns the exit code. */
export async function main(args: readonly string[], io: CliIo): Promise<number> {
  // `esa-patch help [COMMAND]` is `esa-patch [COMMAND] --help`, as in git.
  const argv = args[0] === 'help' ? [...args.slice(1, 2), '--help'] : args;
  const out = outputOf(io);
  const command = BY_NAME.get(argv[0] ?? '');
  const pointer = `Run 'esa-patch${command ? ` ${commandName(command)}` : ''} --help' for usage.`;
  if (argv.length === 0) {
    out.err(`esa-patch: name a command: ${[...BY_NAME.keys()].join(', ')}\n${pointer}\n`);
    return EXIT.error;
  }
  if (!command && argv[0] && !argv[0].startsWith('-')) {
    const near = closest(argv[0], [...BY_NAME.keys()]);
    out.err(
      `esa-patch: unknown command "${argv[0]}"${near.length ? `; did you mean ${near[0]}?` : `; the commands are ${[...BY_NAME.keys()].join(', ')}`}\n${pointer}\n`,
    );
    return EXIT.error;
  }
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    out.out(`${TOOL_VERSION}\n`);
    return EXIT.ok;
  }
  // The parser drops a lone '-' (spf: standard input): carry it through as a marker.
  const marked = command && commandName(command) === 'spf' ? argv.map((x) => (x === '-' ? STDIN_MARK : x)) : [...argv];
  let parsed: Record<string, unknown> | null = command ? fastParse(command, marked) : null;
  if (!parsed) {
    let failure: string | null = null;
    let output = '';
    const { default: yargs } = await import('yargs');
    parser(Math.min(Number.isFinite(out.width) ? out.width : 80, 100), yargs).parse(
      marked,
      {},
      (err: Error | undefined, args: Record<string, unknown>, text: string) => {
        if (err) failure = err.message;
        else parsed = args;
        output = text;
      },
    );
    if (failure !== null) {
      out.err(`esa-patch: ${usageMessage(failure, command, argv, yargs)}\n${pointer}\n`);
      return EXIT.error;
    }
    if (output) {
      out.out(output + '\n');
      return EXIT.ok;
    }
  }
  if (!command) {
    out.err(`esa-patch: name a command: ${[...BY_NAME.keys()].join(', ')}\n${pointer}\n`);
    return EXIT.error;
  }
  try {
    return await command.handler(new Args(parsed!, commandName(command)), io);
  } catch (e) {
    if (e instanceof Refused) {
      const f = e.finding;
      if (f.code === 'bad-arguments')
        out.err(`esa-patch: ${f.args.detail}\nRun 'esa-patch ${f.args.command ?? commandName(command)} --help' for usage.\n`);
      else out.err(`${refusalLine(f)}\n`);
      return EXIT.error;
    }
    out.err(`esa-patch: internal error: ${(e as Error).stack ?? String(e)}\nNothing was written. Please report this.\n`);
    return EXIT.error;
  }
}
