/**
 * The scanner on hostile shapes: a very long element name, and many distinct names (issue 13,
 * item 5). Linearity is a ratio of per-name costs, never a wall-clock limit.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { scanXml } from '../../src/xml/scan.js';
import { Refused } from '../../src/findings.js';

test('an element name of 125,000 characters is read, not a RangeError', () => {
  const name = 'a'.repeat(125_000);
  const doc = `<?xml version="1.0" encoding="ISO-8859-1"?>\n<config><${name}>x</${name}></config>\n`;
  const s = scanXml(doc);
  assert.is(s.elements.count, 2);
  assert.is(s.elements.names[s.elements.nameId[1]!]!.length, 125_000);
});

test('a long name that does not match its end tag is a located error', () => {
  const name = 'b'.repeat(125_000);
  const doc = `<config><${name}>x</${name}c></config>`;
  try {
    scanXml(doc);
    assert.unreachable('should throw');
  } catch (e) {
    assert.instance(e, Refused);
    const r = e as Refused;
    assert.is(r.finding.code, 'xml-mismatched-tag');
    assert.is(r.at, doc.indexOf('</'));
    assert.ok((r.finding.args as { detail: string }).detail.length < 400, 'the message does not quote the whole name');
  }
});

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
