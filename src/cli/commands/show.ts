/** `esa-patch show X.patch.json`: a patch artefact in words. */
import type { CommandModule } from './command.js';

export const show: CommandModule = {
  command: 'show <artefact>',
  describe: 'print a patch artefact (OUT.patch.json) in words: appliance, serial, AsyncOS, listeners, operations, checksums',
  examples: [['esa-patch show esa1-patched.patch.json', 'what the patch changes, and the checksums of its files']],
  builder: (y) =>
    y
      .positional('artefact', { type: 'string', describe: 'the OUT.patch.json that apply wrote' })
      .option('json', { type: 'boolean', describe: 'print the artefact as JSON' }),
  handler: async (a, io) => (await import('./show-run.js')).runShow(a, io),
};
