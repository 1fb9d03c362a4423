/**
 * The scanner on many distinct element names (issue 13, item 5): linearity is a ratio of
 * per-name costs, never a wall-clock limit. A system test (test/stress): it times.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { scanXml } from '../../src/xml/scan.js';

/** `n` distinct element names of one length and first character (the worst case for interning). */
function distinctNames(n: number): string {
  const parts = ['<config>'];
  for (let i = 0; i < n; i++) {
    const name = `n${i.toString(36).padStart(6, '0')}`;
    parts.push(`<${name}/>`);
  }
  parts.push('</config>');
  return parts.join('');
}

function perName(n: number): number {
  const doc = distinctNames(n);
  let best = Infinity;
  for (let k = 0; k < 3; k++) {
    const t = process.hrtime.bigint();
    const s = scanXml(doc);
    best = Math.min(best, Number(process.hrtime.bigint() - t));
    assert.is(s.elements.names.length, n + 1);
  }
  return best / n;
}

test('80,000 distinct element names: cost per name stays flat from 10,000 (linear, not quadratic)', () => {
  perName(10_000); // warm-up
  const small = perName(10_000);
  const large = perName(80_000);
  // Quadratic interning makes the per-name cost 8x; allow noise on a shared machine.
  assert.ok(large / small < 3, `per-name cost grew ${(large / small).toFixed(2)}x from 10k to 80k names`);
});

test.run();
