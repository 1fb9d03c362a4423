/** `esa-patch inspect`: the appliance, its listeners, their policies and sender groups. */
import type { CommandModule } from './command.js';

export const inspect: CommandModule = {
  command: 'inspect <exports..>',
  describe: 'list the appliance, its listeners, their mail flow policies (with TLS values) and sender groups',
  examples: [['esa-patch inspect samples/multi-listener.xml', 'what the export holds, in the order the appliance reads it']],
  builder: (y) =>
    y
      .option('json', { type: 'boolean', describe: 'print JSON (esa-patch/inspect@1)' })
      .option('recursive', { type: 'boolean', describe: "read directories' subdirectories too (their *.xml files)" }),
  handler: async (a, io) => (await import('./inspect-run.js')).runInspect(a, io),
};
