/** `esa-patch plan`: what would change; writes nothing but the reports asked for. */
import type { CommandModule } from './command.js';
import { patchOptions } from './options.js';

export const plan: CommandModule = {
  command: 'plan [exports..]',
  describe: 'show what would change, with the diff; writes nothing but --report/--html (exit 2: changes pending)',
  examples: [
    ['esa-patch plan samples/multi-listener.xml', 'what the CRES TLS change would do to one export'],
    ['esa-patch plan --listener InboundMail samples/multi-listener.xml', 'only one listener'],
    ['esa-patch plan exports/ --html review.html', 'a fleet, with a report for the change board'],
  ],
  builder: (y) => patchOptions(y).option('force', { type: 'boolean', describe: 'overwrite an existing --report or --html file' }),
  handler: async (a, io) => (await import('./patch-run.js')).runPatch('plan', a, io),
};
