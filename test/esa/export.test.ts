/** readExport: findings instead of exceptions, one HatSource per listener. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readExport } from '../../src/esa/export.js';
import { applyEdits } from '../../src/esa/edits.js';

const wrap = (hat: string, extra = '') =>
  `<?xml version="1.0"?>\n<config>\n  <listeners>\n    <listener>\n      <listener_name>In</listener_name>\n      <type>public</type>\n      ${hat}${extra}\n    </listener>\n  </listeners>\n</config>\n`;

test('malformed XML is a finding with its code, line and column, never an exception', () => {
  const r = readExport('<?xml version="1.0"?>\n<config>\n  <listeners>\n');
  assert.is(r.export, undefined);
  assert.is(r.finding!.code, 'xml-truncated');
  assert.ok(r.finding!.line! >= 3);
  assert.is(typeof (r.finding!.args as { detail: string }).detail, 'string');
});

test('not an export: esa-not-export names the root; no listener: esa-no-listeners', () => {
  const a = readExport('<?xml version="1.0"?>\n<settings/>\n');
  assert.equal([a.finding!.code, a.finding!.args], ['esa-not-export', { root: 'settings' }]);
  assert.equal([a.finding!.line, a.finding!.col], [2, 1]);
  const b = readExport('<config><hostname>x</hostname></config>');
  assert.equal([b.finding!.code, b.finding!.args], ['esa-no-listeners', {}]);
});

test('a <hat> holding markup: esa-hat-markup names the listener', () => {
  const r = readExport(wrap('<hat>ALL<b/></hat>'));
  assert.equal([r.finding!.code, r.finding!.args], ['esa-hat-markup', { listener: 'In' }]);
});

test('HatSource: decoded text, model, offsets back to the file, edits escaped where they land', () => {
  const text = wrap('<hat>\n$P\n    ACCEPT {}\n&amp;x:\n    1.2.3.4\n    $P\nALL\n    $P\n</hat>');
  const l = readExport(text).export!.listeners[0]!;
  assert.is(l.hatCount, 1);
  const hat = l.hat!;
  assert.is(hat.text, '\n$P\n    ACCEPT {}\n&x:\n    1.2.3.4\n    $P\nALL\n    $P\n');
  assert.is(hat.selfClosing, false);
  assert.equal(
    hat.model.entries.map((e) => e.name),
    ['&x', 'ALL'],
  );
  // Character 18 is the `&` decoded from `&amp;`: its file offset is the reference's.
  const amp = hat.text.indexOf('&');
  assert.is(text.slice(hat.fileOffset(amp), hat.fileOffset(amp) + 5), '&amp;');
  assert.is(text.slice(hat.lineOffset(5, 5), hat.lineOffset(5, 5) + 7), '1.2.3.4');
  const at = hat.text.indexOf('ALL');
  const edits = hat.toFileEdits([{ offset: at, delete: '', insert: 'G<1>:\n    $P\n' }]);
  const out = applyEdits(text, edits);
  assert.ok(out.includes('G&lt;1&gt;:\n    $P\nALL'));
  assert.is(readExport(out).export!.listeners[0]!.hat!.text, hat.text.slice(0, at) + 'G<1>:\n    $P\n' + hat.text.slice(at));
});

test('<hat/>, <hat></hat> and two <hat> elements are read as such (the planner refuses them)', () => {
  const self = readExport(wrap('<hat/>')).export!.listeners[0]!;
  assert.equal([self.hat!.selfClosing, self.hat!.text], [true, '']);
  const empty = readExport(wrap('<hat></hat>')).export!.listeners[0]!;
  assert.equal([empty.hat!.selfClosing, empty.hat!.text], [false, '']);
  const two = readExport(wrap('<hat>ALL\n    ACCEPT\n</hat>', '\n      <hat>ALL\n    REJECT\n</hat>')).export!.listeners[0]!;
  assert.is(two.hatCount, 2);
  assert.is(two.hat!.text, 'ALL\n    ACCEPT\n');
  const none = readExport(wrap('')).export!.listeners[0]!;
  assert.equal([none.hat, none.hatCount], [null, 0]);
});
test.run();
