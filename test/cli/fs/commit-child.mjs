/**
 * (Plain JavaScript on the built dist/, which starts in a tenth of the time tsx takes: run
 * `npm run build` first; `npm test` does.)
 *
 * Child process of the commit tests: writes the set `DIR/gw.xml`, `DIR/gw.diff` with the
 * contents "new xml", "new diff" (`--force` when argv[3] is "force"). The test kills it at a
 * step through ESA_PATCH_FS_TEST_HOOK=kill@STEP.
 */
import { join } from 'node:path';
import { commitOutputSet } from '../../../dist/cli/fs/index.js';

const dir = process.argv[2];
commitOutputSet(
  [
    { path: join(dir, 'gw.xml'), content: 'new xml' },
    { path: join(dir, 'gw.diff'), content: 'new diff' },
  ],
  { force: process.argv[3] === 'force' },
);
