/** The diff oracles apply a unified diff as the programs do, CRLF and latin1 bytes kept. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gitApply, gnuPatch } from './diff-tools.js';
import { oracleTest } from './oracle.js';

const input = 'a\r\nb \xe9\r\nc\r\n';
const diff = '--- x.xml\n+++ x.xml\n@@ -1,3 +1,3 @@\n a\r\n-b \xe9\r\n+B \xe9\r\n c\r\n';

for (const oracle of [gnuPatch, gitApply]) {
  oracleTest(`${oracle.name}: applies a diff to a CRLF latin1 file byte for byte`, oracle, (apply) => {
    assert.is(apply(input, diff, 'x.xml'), 'a\r\nB \xe9\r\nc\r\n');
  });
}

test.run();
