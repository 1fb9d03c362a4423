/**
 * `esa-patch rollback`: undo a patch with its artefact, on the file apply wrote or a later
 * export of the same appliance (refused, exit 3, for another appliance's export).
 */
import type { CommandModule } from './command.js';
import { outputOptions } from './options.js';

export const rollback: CommandModule = {
  command: 'rollback <patched>',
  describe: 'undo a patch with its artefact, on the file apply wrote or a later export of the same appliance',
  examples: [
    ['esa-patch rollback esa1-patched.xml --patch esa1-patched.patch.json --plan', 'show what would be undone'],
    ['esa-patch rollback esa1-patched.xml --patch esa1-patched.patch.json -o esa1-restored.xml', 'write the restored export'],
  ],
  builder: (y) =>
    outputOptions(
      y
        .positional('patched', { describe: 'the patched export, or a later export of the same appliance', type: 'string' })
        .option('patch', { type: 'string', requiresArg: true, demandOption: true, describe: 'the OUT.patch.json that apply wrote' })
        .option('output', { alias: 'o', type: 'string', requiresArg: true, describe: 'restored export' })
        .option('plan', { type: 'boolean', describe: 'show the reverse diff only, write nothing (exit 2: changes pending)' })
        .option('other-appliance', {
          type: 'boolean',
          describe: "roll back even though the export's hostname or serial differs from the artefact's",
        })
        .option('force', { type: 'boolean', describe: 'overwrite an existing output file' }),
    ),
  handler: async (a, io) => (await import('./rollback-run.js')).runRollback(a, io),
};
