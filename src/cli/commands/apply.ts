/** `esa-patch apply`: writes the patched export, its diff and its patch artefact. */
import type { CommandModule } from './command.js';
import { patchOptions } from './options.js';

export const apply: CommandModule = {
  command: 'apply [exports..]',
  describe: 'write the patched export, its diff and its patch artefact (OUT.xml, OUT.diff, OUT.patch.json)',
  examples: [
    ['esa-patch apply samples/multi-listener.xml -o esa1-patched.xml', 'writes esa1-patched.xml, .diff and .patch.json'],
    ['esa-patch apply exports/ --out-dir patched/', 'a fleet: patched/<name>.xml, .diff, .patch.json for each export'],
  ],
  builder: (y) =>
    patchOptions(y)
      .option('output', {
        alias: 'o',
        type: 'string',
        requiresArg: true,
        describe: 'patched export OUT.xml (also writes OUT.diff and OUT.patch.json)',
      })
      .option('out-dir', {
        alias: 'd',
        type: 'string',
        requiresArg: true,
        describe: 'directory for DIR/<name>.xml, .diff and .patch.json of each input',
      })
      .option('hat-files', {
        type: 'string',
        requiresArg: true,
        describe: "also write each changed listener's new HAT text to DIR/<name>.<N>-<listener>.hat (for hostaccess import by hand)",
      })
      .option('force', { type: 'boolean', describe: 'overwrite existing output files' }),
  handler: async (a, io) => (await import('./patch-run.js')).runPatch('apply', a, io),
};
