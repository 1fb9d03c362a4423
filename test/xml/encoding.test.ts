/** Edits and the declared encoding (issue 13, item 4). */
import { Refused } from '../../src/findings.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { planExport } from '../../src/patch/patch.js';
import { recipe as cresRecipe, patch as planExportWithOutput } from '../patch/run.js';
import { declaredEncoding, decodeContent, editsAllowedIn, encodingTakesAnyText, toRawEdits } from '../../src/xml/text.js';

const SAMPLES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'samples');
const half = readFileSync(join(SAMPLES, 'half-patched.xml'), 'latin1');
const COMMENT = '$CRES_TLS (Cisco RES secure replies - TODO: TLS, old range, iphmx)';

/** half-patched.xml declared as `encoding`, its CRES group (which the patch moves) commented in `comment` (bytes as latin1). */
function declared(encoding: string, comment: string): string {
  const text = half.replace(/encoding="[^"]*"/, `encoding="${encoding}"`).replace(COMMENT, `$CRES_TLS (${comment})`);
  if (!text.includes(`encoding="${encoding}"`) || !text.includes(comment)) throw new Error('half-patched.xml changed: update the fixture');
  return text;
}

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
  assert.equal(editsAllowedIn('windows-1252', [{ offset: 0, insert: '\u20AC' }]), {
    ok: false,
    encoding: 'windows-1252',
    index: 0,
    offset: 0,
  });
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

test('declaredEncoding reads the XML declaration, after a BOM too', () => {
  assert.is(declaredEncoding('<?xml version="1.0" encoding="ISO-8859-2"?><a/>'), 'ISO-8859-2');
  assert.is(declaredEncoding('\xEF\xBB\xBF<?xml version="1.0" encoding=\'UTF-8\'?><a/>'), 'UTF-8');
  assert.is(declaredEncoding('<?xml version="1.0"?><a/>'), null);
  assert.is(declaredEncoding('<a/>'), null);
});

test('an ISO-8859-2 export: moving the group holding "ąęłż" is refused, never written as "±ê³¿"', () => {
  const text = declared('ISO-8859-2', '\xB1\xEA\xB3\xBF');
  const r = planExport(text, { recipe: cresRecipe() });
  assert.is(r.outcome, 'refused');
  const f = r.findings.find((x) => x.severity === 'error');
  assert.is(f?.code, 'encoding-unsupported');
  assert.equal(f?.args, { encoding: 'ISO-8859-2', listener: 'MailFromInternet' });
  assert.equal(r.edits, []);
});

test('an ISO-8859-2 export with ASCII text only is patched; ISO-8859-1 and UTF-8 move their own letters', () => {
  assert.is(planExport(declared('ISO-8859-2', 'plain ASCII'), { recipe: cresRecipe() }).outcome, 'patched');
  const latin1 = planExportWithOutput(declared('ISO-8859-1', 'S\xFCd'), { recipe: cresRecipe() });
  assert.is(latin1.outcome, 'patched');
  assert.ok(latin1.output.includes('(S\xFCd)'));
  const utf8 = planExportWithOutput(declared('UTF-8', 'S\xC3\xBCd'), { recipe: cresRecipe() });
  assert.is(utf8.outcome, 'patched');
  assert.ok(utf8.output.includes('(S\xC3\xBCd)'));
});

test('toRawEdits refuses a non-ASCII insert in windows-1252 and lets ASCII through', () => {
  const raw = '<?xml version="1.0" encoding="windows-1252"?><hat>ab\x80c</hat>';
  const from = raw.indexOf('<hat>') + 5;
  const decoded = decodeContent(raw, from, raw.indexOf('</hat>'));
  assert.throws(
    () => toRawEdits(raw, decoded, [{ offset: 0, delete: '', insert: '\x80' }]),
    (e: unknown) => e instanceof Refused && e.finding.code === 'encoding-unsupported' && e.finding.args.encoding === 'windows-1252',
  );
  assert.equal(toRawEdits(raw, decoded, [{ offset: 0, delete: '', insert: 'x' }]), [{ offset: from, delete: '', insert: 'x' }]);
  assert.equal(toRawEdits(raw, decoded, [{ offset: 1, delete: 'b\x80', insert: '' }]), [{ offset: from + 1, delete: 'b\x80', insert: '' }]);
});

test.run();
