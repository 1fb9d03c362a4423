/** `esa-patch verify X.patch.json`: do these files match the artefact's checksums? */
import type { CommandModule } from './command.js';

export const verify: CommandModule = {
  command: 'verify <artefact>',
  describe: 'check files against a patch artefact: the output (default OUT.xml beside it) and --input (exit 0 match, 1 mismatch)',
  examples: [
    ['esa-patch verify esa1-patched.patch.json', 'is esa1-patched.xml the file apply wrote?'],
    ['esa-patch verify esa1-patched.patch.json --input esa1.xml --output esa1-patched.xml', 'check both files'],
  ],
  builder: (y) =>
    y
      .positional('artefact', { type: 'string', describe: 'the OUT.patch.json that apply wrote' })
      .option('input', { alias: 'i', type: 'string', requiresArg: true, describe: 'the export the patch was made from' })
      .option('output', {
        alias: 'o',
        type: 'string',
        requiresArg: true,
        describe: 'the patched export (default: the artefact name with .xml)',
      })
      .option('json', { type: 'boolean', describe: 'print the findings as JSON' }),
  handler: async (a, io) => (await import('./verify-run.js')).runVerify(a, io),
};
