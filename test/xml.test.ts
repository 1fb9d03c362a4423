import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { scanXml } from '../src/xml/scan.js';
import { Refused } from '../src/findings.js';
import { applyEdits, invertEdits, sortEdits } from '../src/esa/edits.js';
import { decodeContent, escapeText, toRawEdits } from '../src/xml/text.js';
import { lineColAt, lineIndex, lineIndexOf } from '../src/esa/position.js';
import { unifiedDiff } from '../src/patch/unified-diff.js';
import { allExports } from './helpers.js';

const DECL = '<?xml version="1.0" encoding="ISO-8859-1"?>\n<!DOCTYPE config SYSTEM "config.dtd">\n';

const bad: [string, string, string][] = [
  ['unclosed root', `${DECL}<config><a>x</a>`, 'xml-truncated'],
  ['mismatched tag', `${DECL}<config><a>x</b></config>`, 'xml-mismatched-tag'],
  ['bare ampersand', `${DECL}<config><a>R&D</a></config>`, 'xml-bad-reference'],
  ['undefined entity', `${DECL}<config><a>&nbsp;</a></config>`, 'xml-undefined-entity'],
  ['two roots', `${DECL}<config/><config/>`, 'xml-junk-after-root'],
  ['NUL byte', `${DECL}<config>\x00</config>`, 'xml-bad-char'],
  ['entity declarations', `<?xml version="1.0"?>\n<!DOCTYPE config [<!ENTITY a "aaaa">]>\n<config>&a;</config>`, 'xml-dtd-entities'],
  ['no root', DECL, 'xml-no-root'],
  ['stray ]]>', `${DECL}<config>a]]>b</config>`, 'xml-malformed'],
  ['bad char ref', `${DECL}<config>&#0;</config>`, 'xml-bad-reference'],
];
for (const [name, text, code] of bad) {
  test(`scanXml refuses: ${name}`, () => {
    try {
      scanXml(text);
      assert.unreachable('should have thrown');
    } catch (e) {
      assert.instance(e, Refused);
      assert.is((e as Refused).finding.code, code);
      const at = (e as Refused).at!;
      assert.ok(at >= 0 && at <= text.length);
    }
  });
}

test('scanXml points at the offending byte', () => {
  const text = `${DECL}<config>\n  <a>x</b>\n</config>`;
  try {
    scanXml(text);
    assert.unreachable();
  } catch (e) {
    const { line, col } = lineColAt(text, (e as Refused).at!);
    assert.equal([line, col], [4, 7]);
  }
});

test('scanXml accepts every sample and corpus file, and records the root', () => {
  for (const f of allExports()) {
    const s = scanXml(f.text);
    assert.is(s.elements.names[s.elements.nameId[0]!], 'config', f.name);
    assert.is(s.elements.end[0]! <= f.text.length, true);
  }
});

test('BOM and encoding are recorded', () => {
  const s = scanXml('\xEF\xBB\xBF<?xml version="1.0" encoding="UTF-8"?><config/>');
  assert.ok(s.prolog.bom);
  assert.is(s.prolog.encoding, 'UTF-8');
});

test('decodeContent maps every decoded character back to its byte', () => {
  const raw = '<hat>a &amp; b<![CDATA[ <c> & ]]>&#233;\n</hat>';
  const d = decodeContent(raw, 5, raw.length - 6);
  assert.is(d.text, 'a & b <c> & \u00e9\n');
  assert.is(raw[d.offsets[2]!], '&');
  assert.is(d.inCdata[6], 1);
  assert.is(d.inCdata[0], 0);
});

test('toRawEdits escapes outside CDATA and not inside', () => {
  const raw = '<hat>x\n<![CDATA[y\n]]></hat>';
  const d = decodeContent(raw, 5, raw.length - 6);
  const [outside, inside] = toRawEdits(raw, d, [
    { offset: 0, delete: '', insert: 'a&b\n' },
    { offset: 2, delete: '', insert: 'c&d\n' },
  ]);
  assert.is(outside!.insert, 'a&amp;b\n');
  assert.is(inside!.insert, 'c&d\n');
});

test('escapeText makes inserted text ASCII', () => {
  assert.is(escapeText('Zürich <R&D>'), 'Z&#252;rich &lt;R&amp;D&gt;');
});

test('edits apply, invert, and refuse stale input', () => {
  const text = 'hello world\n';
  const edits = sortEdits([
    { offset: 6, delete: 'world', insert: 'there' },
    { offset: 0, delete: '', insert: '>> ' },
  ]);
  const out = applyEdits(text, edits);
  assert.is(out, '>> hello there\n');
  assert.is(applyEdits(out, invertEdits(edits)), text);
  assert.throws(() => applyEdits('HELLO world\n', [{ offset: 0, delete: 'hello', insert: 'x' }]));
  assert.throws(() =>
    applyEdits(text, [
      { offset: 0, delete: 'hello', insert: '' },
      { offset: 2, delete: 'l', insert: '' },
    ]),
  );
});

test('lineIndex agrees with lineColAt', () => {
  const text = allExports()[0]!.text;
  const at = lineIndex(text);
  for (const off of [0, 1, 50, 500, text.length - 1]) assert.equal(at(off), lineColAt(text, off));
});

test('lineIndexOf shares an index of the same text only; a diff numbered by a shared index is the same diff', () => {
  const text = 'a\nb\nc\nd\ne\nf\ng\n';
  const shared = lineIndex(text);
  assert.ok(lineIndexOf(text, shared) === shared);
  const other = lineIndexOf('x\n' + text, shared);
  assert.ok(other !== shared);
  assert.equal(other(2), { line: 2, col: 1 });
  // An index already extended past the edit (as findings extend it) numbers hunks alike.
  shared(text.length - 1);
  const edits = [{ offset: 8, delete: 'e', insert: 'E' }];
  const diff = unifiedDiff(text, edits, 'x.xml', 1, [], shared);
  assert.is(diff, unifiedDiff(text, edits, 'x.xml', 1));
  assert.ok(diff.includes('@@ -4,3 +4,3 @@'), diff);
});

test.run();
