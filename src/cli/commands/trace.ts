/**
 * `esa-patch trace <export.xml|dirs...> --host ADDRESS [--ptr NAME] [--sbrs SCORE]` (repeatable;
 * or `--cres` for every host of the note's table): for each listener, the entry that matches
 * first and why, the behaviour and the effective parameters (src/patch/trace.ts).
 * Exit 0 traced, 1 an error.
 */
import type { Argv } from 'yargs';
import type { CommandModule } from './command.js';

/** The `trace` command. */
export const traceCommand: CommandModule = {
  command: 'trace [exports..]',
  describe: 'what happens to mail from a host: the first HAT entry that matches on each listener, its behaviour and parameters',
  examples: [
    ['esa-patch trace esa1.xml --host 192.0.2.10 --ptr mail.partner.example', 'the entry that matches on each listener, and why'],
    ['esa-patch trace esa1.xml --cres', 'where every host Cisco RES publishes lands'],
  ],
  builder: (y: Argv) =>
    y
      .option('host', {
        type: 'string',
        array: true,
        requiresArg: true,
        describe: 'IPv4 or IPv6 address of the connecting host (repeatable)',
      })
      .option('ptr', {
        type: 'string',
        array: true,
        requiresArg: true,
        describe: "the host's verified PTR name (once per --host, same order)",
      })
      .option('sbrs', {
        type: 'string',
        array: true,
        requiresArg: true,
        describe: "the host's SBRS score, a decimal from -10.0 to 10.0, or none (once per --host); without it SBRS members may match",
      })
      .option('recursive', { type: 'boolean', describe: "read directories' subdirectories too (their *.xml files)" })
      .option('cres', { type: 'boolean', describe: 'trace every relay and MX host the CRES note publishes' })
      .option('listener', { type: 'string', array: true, requiresArg: true, describe: 'trace on this listener only (repeatable)' })
      .option('json', { type: 'boolean', describe: 'print the esa-patch/trace@1 document' })
      .option('quiet', { alias: 'q', type: 'boolean', describe: 'print only errors and the summary line' }),
  handler: async (a, io) => (await import('./trace-run.js')).runTraceCommand(a, io),
};
