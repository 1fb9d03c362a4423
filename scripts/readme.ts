#!/usr/bin/env node
// `npm run readme`: reruns every transcript block of README.md (lines starting `$ esa-patch`)
// and writes what the commands print now, so the README shows the current version's output.
// test/cli/readme.test.ts fails when a transcript is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../test/helpers.js';
import { refreshedReadme } from '../test/cli/readme-blocks.js';

const path = join(ROOT, 'README.md');
const before = readFileSync(path, 'utf8');
const after = await refreshedReadme(ROOT);
if (after === before) console.log('README.md: every transcript is current');
else {
  writeFileSync(path, after);
  console.log('README.md: transcripts rewritten from real runs (review the diff)');
}
