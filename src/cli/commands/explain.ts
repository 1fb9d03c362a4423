/** `esa-patch explain CODE`: the long explanation of a finding code. */
import type { CommandModule } from './command.js';

export const explain: CommandModule = {
  command: 'explain [code]',
  describe: 'explain a finding code (the word in [brackets] after a finding); without a code, list them',
  examples: [['esa-patch explain cres-sender-overlap', 'why another sender group matching CRES hosts matters']],
  builder: (y) => y.positional('code', { type: 'string', describe: 'a finding code, e.g. cres-sender-overlap' }),
  handler: async (a, io) => (await import('./explain-run.js')).runExplain(a, io),
};
