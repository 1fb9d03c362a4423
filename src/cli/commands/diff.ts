/**
 * `esa-patch diff <a.xml> <b.xml>` and `esa-patch diff --baseline golden.xml <exports|dirs...>`:
 * exports compared by meaning (src/patch/diff-exports.ts), a fleet grouped by identical
 * difference. Exit 0 every export identical, 2 at least one differs, 1 an error.
 */
import type { Argv } from 'yargs';
import type { CommandModule } from './command.js';

/** The `diff` command. */
export const diffCommand: CommandModule = {
  command: 'diff [exports..]',
  describe: 'compare exports by meaning (A.xml B.xml, or --baseline GOLDEN.xml and a fleet); exit 2 when they differ',
  examples: [
    ['esa-patch diff esa1.xml esa1-patched.xml', 'what differs between two exports, listener by listener'],
    ['esa-patch diff --baseline golden.xml exports/', 'a fleet against its golden export, grouped by identical difference'],
  ],
  builder: (y: Argv) =>
    y
      .option('baseline', {
        type: 'string',
        requiresArg: true,
        describe: 'compare every export given with this one, grouped by identical difference',
      })
      .option('recursive', { type: 'boolean', describe: "with --baseline: read directories' subdirectories too (their *.xml files)" })
      .option('inventory', { type: 'string', requiresArg: true, describe: 'with --baseline: JSON or YAML list of { file } to compare' })
      .option('map-listener', {
        type: 'string',
        array: true,
        requiresArg: true,
        describe: 'BASELINE=OTHER: pair listeners the fleet names differently (repeatable)',
      })
      .option('listener', {
        type: 'string',
        array: true,
        requiresArg: true,
        describe: 'compare only this listener (baseline name; repeatable)',
      })
      .option('strict', {
        type: 'boolean',
        describe: 'report formatting differences too (indentation, line endings, parameter order, spelled-out defaults)',
      })
      .option('json', { type: 'boolean', describe: 'print the esa-patch/diff@1 document' })
      .option('html', { type: 'string', requiresArg: true, describe: 'also write a self-contained HTML page to FILE.html' })
      .option('force', { type: 'boolean', describe: 'overwrite an existing --html file' })
      .option('quiet', { alias: 'q', type: 'boolean', describe: 'print only the exports not compared and one summary line' })
      .option('verbose', { alias: 'v', type: 'boolean', describe: 'the full report (the default for diff)' }),
  handler: async (a, io) => (await import('./diff-run.js')).runDiffCommand(a, io),
};
