/**
 * The shape of one command of the command line: its name and positionals, its options, and
 * its handler, declared together in one module under `cli/commands/`. `main` registers every
 * module of `COMMANDS` with the argument parser and calls the handler of the one given; the
 * handler returns the exit code (see `cli/exit-codes.ts`).
 */
import type { Argv } from 'yargs';
import type { Args } from '../args.js';
import type { CliIo } from '../io.js';

/** One command. */
export interface CommandModule<A = Args> {
  /** yargs command string, e.g. `diff <a> <b>` or `plan [exports..]`. */
  command: string;
  /** One line for `--help`. */
  describe: string;
  /** Examples for `--help` and the man page: command line, then what it does. */
  examples?: readonly (readonly [string, string])[];
  /** Declares the command's options and positionals. */
  builder: (y: Argv) => Argv;
  /** Runs the command with the parsed arguments; returns the exit code. */
  handler: (args: A, io: CliIo) => Promise<number>;
}

/** The command's name: the first word of `command`. */
export function commandName(m: CommandModule): string {
  return m.command.split(' ')[0]!;
}
