/**
 * The scanner on hostile shapes: a very long element name (issue 13, item 5). Many distinct
 * names: test/stress/scan-names.test.ts (a timing ratio, so a system test).
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

test.run();
