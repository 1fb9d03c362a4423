/** Edits and the declared encoding (issue 13, item 4). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { editsAllowedIn, encodingTakesAnyText } from '../../src/xml/text.js';

test('ISO-8859-1, US-ASCII and UTF-8 (and no declaration) take any edit', () => {
  const move = [{ offset: 10, insert: 'Gruppe_\xB1\xEA:\n  1.2.3.4\n' }];
  for (const enc of [null, 'UTF-8', 'utf8', 'ISO-8859-1', 'iso-8859-1', 'latin1', 'US-ASCII', 'ascii']) {
    assert.ok(encodingTakesAnyText(enc), String(enc));
    assert.equal(editsAllowedIn(enc, move), { ok: true });
  }
});

test('ISO-8859-2: moving a group holding "ąęłż" is refused, naming the encoding and the edit', () => {
  // The bytes of "ąęłż" in ISO-8859-2 read as latin1: re-escaped, they would reach the appliance as "±ê³¿".
  const edits = [
    { offset: 5, insert: '' },
    { offset: 40, insert: 'G_\xB1\xEA\xB3\xBF:\n  1.2.3.4\n' },
  ];
  assert.equal(editsAllowedIn('ISO-8859-2', edits), { ok: false, encoding: 'ISO-8859-2', index: 1, offset: 40 });
  assert.equal(editsAllowedIn('windows-1252', [{ offset: 0, insert: '\u20AC' }]), { ok: false, encoding: 'windows-1252', index: 0, offset: 0 });
});

test('other encodings: edits of pure ASCII text, and deletions, stay allowed', () => {
  const edits = [
    { offset: 0, insert: 'CRES:\n    .res.cisco.com\n    $CRES_TLS\n' },
    { offset: 90, insert: '' },
  ];
  for (const enc of ['ISO-8859-2', 'windows-1252', 'Shift_JIS', 'KOI8-R']) {
    assert.not.ok(encodingTakesAnyText(enc));
    assert.equal(editsAllowedIn(enc, edits), { ok: true }, enc);
  }
});

test.run();
