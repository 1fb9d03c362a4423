/**
 * `esa-patch check <exports|dirs...> [--rules FILE|cres]`: what every listener's HAT does wrong
 * (shadowed entries and members, entries after ALL, risky order, …) and a fleet's own rules,
 * for CI: exit 0 when it holds, 1 when a finding reaches --fail-on (default error); `--json`,
 * `--junit FILE`, `--sarif FILE`, `--html FILE` (src/check, src/report/check*.ts).
 */
import type { Argv } from 'yargs';
import type { CommandModule } from './command.js';

/** The `check` command. */
export const checkCommand: CommandModule = {
  command: 'check [exports..]',
  describe: "what each listener's HAT does wrong, and your fleet's rules (--rules), for CI: exit 1 when a finding reaches --fail-on",
  examples: [
    ['esa-patch check exports/', 'every HAT of every export: shadowed senders, entries after ALL, risky order, …'],
    [
      'esa-patch check exports/ --rules cres --junit check.xml --sarif check.sarif',
      "CRES's hosts land on TLS Required, with reports for CI",
    ],
  ],
  builder: (y: Argv) =>
    y
      .positional('exports', { describe: 'export files (*.xml), or directories of them', type: 'string' })
      .option('rules', {
        type: 'string',
        array: true,
        requiresArg: true,
        describe: 'a rules file (YAML or JSON), or the built-in set cres (repeatable)',
      })
      .option('rules-only', { type: 'boolean', describe: 'only the rules: skip the HAT analyses' })
      .option('inventory', { type: 'string', requiresArg: true, describe: 'JSON or YAML list of { file } to check (paths relative to it)' })
      .option('jobs', {
        alias: 'j',
        type: 'string',
        requiresArg: true,
        describe: 'files checked in parallel (default: the number of CPUs)',
      })
      .option('jobs-max', { type: 'string', requiresArg: true, describe: 'the cap on --jobs (default: the number of CPUs)' })
      .option('fail-on', {
        type: 'string',
        requiresArg: true,
        describe: 'exit 1 when a finding of this severity or worse is found: error (default), warning or note',
      })
      .option('json', { type: 'boolean', describe: 'print the esa-patch/check@1 document' })
      .option('junit', {
        type: 'string',
        requiresArg: true,
        describe: 'also write JUnit XML (one test case per rule and listener) to FILE',
      })
      .option('sarif', { type: 'string', requiresArg: true, describe: "also write SARIF 2.1.0 (findings on the export's lines) to FILE" })
      .option('html', { type: 'string', requiresArg: true, describe: 'also write a self-contained HTML report to FILE' })
      .option('force', { type: 'boolean', describe: 'overwrite existing --junit, --sarif or --html files' })
      .option('quiet', { alias: 'q', type: 'boolean', describe: 'print only the findings that fail the run, and the summary' })
      .option('verbose', { alias: 'v', type: 'boolean', describe: 'also list every rule that holds' }),
  handler: async (a, io) => (await import('./check-run.js')).runCheckCommand(a, io),
};
