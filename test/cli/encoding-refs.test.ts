/**
 * Character references are text like any other: in a UTF-8 export (declared, undeclared or with
 * a BOM), `&#220;` and the raw bytes C3 9C are one `Ü`. They were decoded to U+00DC, a byte 0xDC
 * of a UTF-8 text: shown as U+FFFD by diff and trace (text and JSON), compared unequal to the raw
 * spelling, and, on a moved line, written back as the invalid UTF-8 byte 0xDC (an
 * `internal-check` reached the user). Settings outside the HAT (`default_domain`,
 * `hat_default_tls`) had their references not decoded at all.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, fixture } from './run.js';
import { tempDir } from '../helpers.js';

const utf8 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

/**
 * A UTF-8 export: a group `group` holding 10.9.9.9 (none when empty), then a WHITELIST (commented `comment`)
 * holding a CRES address, right above CRES (the patch moves the WHITELIST below it), `extra` XML
 * in the listener.
 */
function exportWith(o: { group: string; comment: string; extra?: string; defaultTls?: string; policy?: string; decl?: string }): string {
  return `${o.decl ?? '<?xml version="1.0" encoding="UTF-8"?>'}
<!--
  Product: Cisco C300V Email Security Virtual Appliance
  Model Number: C300V
  Version: 14.2.0-620
  Serial Number: 420D1A2B3C4D-FIXTURE01
-->
<config>
  <hostname>esa-fixture.example.com</hostname>
  <certificates><certificate><certificate_name>mx</certificate_name></certificate></certificates>
  <listeners>
    <listener>
      <listener_name>IncomingMail</listener_name>
      <type>public</type>
      <certificate>mx</certificate>${o.extra ?? ''}
      <hat_default_tls>${o.defaultTls ?? 'off'}</hat_default_tls>
      <hat>
$ACCEPTED
    ACCEPT {
        tls = "off"
    }
$CRES_TLS
${o.policy ?? '    ACCEPT {\n        tls = "required"\n    }'}
${o.group ? `${o.group}:\n    10.9.9.9\n    $ACCEPTED\n` : ''}WHITELIST:
    208.90.57.5
    $ACCEPTED (${o.comment})
CRES:
    .res.cisco.com
    .cres.iphmx.com
    208.90.57.0/26
    204.15.81.0/26
    $CRES_TLS (Cisco RES)
ALL
    $ACCEPTED
</hat>
    </listener>
  </listeners>
</config>
`;
}

const REFS = { group: 'GR&#220;N_LISTE', comment: 'Gr&#252;ezi &#x20AC; &#128512;' };
const RAW = { group: utf8('GR\u00dcN_LISTE'), comment: utf8('Gr\u00fcezi \u20ac \u{1F600}') };
const garbled = (s: string) => s.includes('\ufffd') || s.includes('\u00c3');

for (const [label, decl, bom] of [
  ['declared UTF-8', undefined, ''],
  ['no declaration', '<?xml version="1.0"?>', ''],
  ['a BOM', '<?xml version="1.0" encoding="UTF-8"?>', '\xEF\xBB\xBF'],
] as const) {
  test(`${label}: a character reference and the raw UTF-8 bytes are one text to diff and trace`, async () => {
    const dir = tempDir();
    const refs = fixture(dir, 'refs.xml', bom + exportWith({ ...REFS, decl }));
    const raw = fixture(dir, 'raw.xml', bom + exportWith({ ...RAW, decl }));
    const same = await cli(['diff', refs, raw, '--json'], { cwd: dir });
    assert.is(same.code, 0, same.out);

    const trace = await cli(['trace', refs, '--host', '10.9.9.9', '--json'], { cwd: dir });
    assert.is(trace.code, 0, trace.err);
    const walk = JSON.parse(trace.out) as { files: { listeners: { decided: { entry: string } | null }[] }[] };
    assert.ok(trace.out.includes('"GR\u00dcN_LISTE"'), trace.out);
    assert.not.ok(garbled(trace.out), trace.out);
    const text = await cli(['trace', refs, '--host', '10.9.9.9'], { cwd: dir });
    assert.ok(text.out.includes('matches    GR\u00dcN_LISTE'), text.out);
    assert.not.ok(garbled(text.out), text.out);
    assert.ok(walk.files[0]!.listeners.length === 1);

    // A change of the comment is shown decoded on both sides.
    const other = fixture(dir, 'other.xml', bom + exportWith({ ...REFS, comment: 'Gr&#220;ezi', decl }));
    const d = await cli(['diff', refs, other, '--json'], { cwd: dir });
    assert.is(d.code, 2);
    assert.ok(d.out.includes('"Gr\u00fcezi \u20ac \u{1F600}"') && d.out.includes('"Gr\u00dcezi"'), d.out);
    assert.not.ok(garbled(d.out), d.out);
  });
}

test('a moved line holding character references is written as valid UTF-8 that means the same', async () => {
  const dir = tempDir();
  // WHITELIST alone above CRES: the shorter block, it is the one that moves (below CRES).
  const input = fixture(dir, 'in.xml', exportWith({ ...REFS, group: '' }));
  const r = await cli(['apply', input, '-o', join(dir, 'out.xml')], { cwd: dir });
  assert.is(r.code, 0, r.out + r.err);
  assert.not.ok(/internal-check/.test(r.out + r.err), r.err);
  const out = readFileSync(join(dir, 'out.xml'));
  assert.ok(Buffer.from(out.toString('utf8'), 'utf8').equals(out), 'the output is valid UTF-8');
  // By meaning: the input and output differ by the CRES group's move alone.
  const d = await cli(['diff', input, join(dir, 'out.xml'), '--json'], { cwd: dir });
  const doc = JSON.parse(d.out) as { comparisons: { listeners: { settings: unknown[]; hat: { kind: string; entry?: string }[] }[] }[] };
  const l = doc.comparisons[0]!.listeners[0]!;
  assert.equal(l.settings, []);
  assert.equal(
    l.hat.map((h) => [h.kind, h.entry]),
    [['entry-moved', 'CRES']],
  );
  assert.ok(
    out.includes(Buffer.from('$ACCEPTED (Gr\u00fcezi \u20ac \u{1F600})', 'utf8')) ||
      out.includes(Buffer.from('$ACCEPTED (Gr&#252;ezi', 'latin1')),
    'the comment is kept, as bytes or as references',
  );
  // A second run is nothing to do.
  const again = await cli(['plan', join(dir, 'out.xml')], { cwd: dir });
  assert.is(again.code, 0, again.out);
});

test('settings outside the HAT decode their references: default_domain compares equal, hat_default_tls is read', async () => {
  const dir = tempDir();
  const a = fixture(dir, 'a.xml', exportWith({ ...RAW, extra: '\n      <default_domain>gr&#252;n.example</default_domain>' }));
  const b = fixture(dir, 'b.xml', exportWith({ ...RAW, extra: `\n      <default_domain>${utf8('gr\u00fcn.example')}</default_domain>` }));
  assert.is((await cli(['diff', a, b], { cwd: dir })).code, 0);

  // $CRES_TLS inherits tls from $DEFAULT, which is Required spelled with a reference.
  const inherits = { ...RAW, policy: '    ACCEPT', defaultTls: 'requir&#101;d' };
  const c = fixture(dir, 'c.xml', exportWith({ ...inherits, comment: 'x' }).replace('    208.90.57.5\n', '    10.8.8.8\n'));
  const plan = await cli(['plan', c, '--json'], { cwd: dir });
  const report = JSON.parse(plan.out) as { exitCode: number; files: { listeners: { operations: unknown[] }[] }[] };
  assert.is(report.exitCode, 0, plan.out);
  assert.equal(report.files[0]!.listeners[0]!.operations, []);
  const trace = await cli(['trace', c, '--host', '208.90.57.5', '--json'], { cwd: dir });
  assert.ok(/"key": "tls",\s*"value": "required",\s*"source": "default"/.test(trace.out), trace.out);
});

test('an element named __proto__ among the settings is a setting, not a prototype', async () => {
  const dir = tempDir();
  const a = fixture(dir, 'a.xml', exportWith({ ...RAW, extra: '\n      <__proto__><x>1</x></__proto__>' }));
  const b = fixture(dir, 'b.xml', exportWith({ ...RAW, extra: '\n      <__proto__><x>2</x></__proto__>' }));
  const d = await cli(['diff', a, b, '--json'], { cwd: dir });
  assert.is(d.code, 2, d.out);
  assert.ok(d.out.includes('"__proto__/x"'), d.out);
});

test('windows-1252 declared: bytes 0x80-0x9F are its characters (the euro sign, curly quotes), an unassigned one escaped', async () => {
  const dir = tempDir();
  const decl = '<?xml version="1.0" encoding="windows-1252"?>';
  const a = fixture(dir, 'a.xml', exportWith({ group: 'G', comment: 'x', decl }));
  const b = fixture(dir, 'b.xml', exportWith({ group: 'G', comment: 'Pr\x80is \x93q\x94 \x81 \xfc', decl }));
  const d = await cli(['diff', a, b, '--json'], { cwd: dir });
  assert.is(d.code, 2);
  assert.ok(d.out.includes('"to": "Pr\u20acis \u201cq\u201d \\\\x81 \u00fc"'), d.out);
  const t = await cli(['diff', a, b], { cwd: dir });
  assert.ok(t.out.includes('comment x -> Pr\u20acis \u201cq\u201d \\x81 \u00fc'), t.out);
});

for (const [label, decl, name] of [
  ['ISO-8859-1', '<?xml version="1.0" encoding="ISO-8859-1"?>', 'GR\xdcN_LISTE'],
  ['UTF-8', undefined, utf8('GR\u00dcN_LISTE')],
  ['UTF-8 by reference', undefined, 'GR&#220;N_LISTE'],
] as const) {
  test(`inspect decodes a ${label} export in its own encoding, text and JSON`, async () => {
    const dir = tempDir();
    const f = fixture(dir, 'in.xml', exportWith({ group: name, comment: 'x', decl }));
    const text = await cli(['inspect', f], { cwd: dir });
    assert.is(text.code, 0, text.err);
    assert.ok(text.out.includes('1. GR\u00dcN_LISTE -> $ACCEPTED'), text.out);
    assert.not.ok(garbled(text.out), text.out);
    const json = await cli(['inspect', f, '--json'], { cwd: dir });
    const doc = JSON.parse(json.out) as { files: { file: string; listeners: { entries: { name: string }[] }[] }[] };
    assert.is(doc.files[0]!.listeners[0]!.entries[0]!.name, 'GR\u00dcN_LISTE');
    assert.is(doc.files[0]!.file, f);
  });
}

test.run();
