/**
 * Issue 18.5: `diff`, `trace` and `inspect` show what an export says in the export's own encoding, in text,
 * JSON and HTML alike: an ISO-8859-1 `GRÜN_LISTE` (byte 0xDC) and a UTF-8 one (bytes C3 9C) both
 * read `GRÜN_LISTE`, never `GR\uFFFDN_LISTE` or `GRÃ\x9CN_LISTE`; `--listener` names given on the
 * command line match in either encoding.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, fixture } from './run.js';
import { ROOT, tempDir } from '../helpers.js';

const SAMPLE = readFileSync(join(ROOT, 'samples', 'multi-listener.xml'), 'latin1');
const GROUP = 'GR\u00dcN_LISTE';
const COMMENT = 'Gr\u00fcezi aus Z\u00fcrich';

/** The sample with a group named GRÜN_LISTE (and its first listener renamed Eingang_Ü) in `encoding`, as bytes (latin1 string). */
function variant(encoding: 'ISO-8859-1' | 'UTF-8', withGroup: boolean): string {
  let text = SAMPLE.replace('encoding="ISO-8859-1"', `encoding="${encoding}"`).replace(
    '<listener_name>InboundMail</listener_name>',
    '<listener_name>Eingang_\u00dc</listener_name>',
  );
  if (withGroup) text = text.replace('WHITELIST:', `${GROUP}:\n    10.9.9.9\n    $TRUSTED (${COMMENT})\nWHITELIST:`);
  return encoding === 'UTF-8' ? Buffer.from(text, 'utf8').toString('latin1') : text;
}

const garbled = (s: string) => s.includes('\ufffd') || s.includes('\u00c3');

for (const encoding of ['ISO-8859-1', 'UTF-8'] as const) {
  test(`diff and trace read a ${encoding} export's non-ASCII names as they are`, async () => {
    assert.ok(SAMPLE.includes('<listener_name>InboundMail</listener_name>'), 'the sample still names its first listener InboundMail');
    const dir = tempDir();
    const a = fixture(dir, 'a.xml', variant(encoding, false));
    const b = fixture(dir, 'b.xml', variant(encoding, true));

    const text = await cli(['diff', a, b], { cwd: dir });
    assert.is(text.code, 2);
    assert.ok(text.out.includes(`sender group ${GROUP} at order 1`), text.out);
    assert.ok(text.out.includes('listener Eingang_\u00dc'), text.out);
    assert.not.ok(garbled(text.out), text.out);

    const json = await cli(['diff', a, b, '--json'], { cwd: dir });
    assert.ok(JSON.parse(json.out) && json.out.includes(GROUP), json.out);
    assert.not.ok(garbled(json.out));

    const html = join(dir, 'd.html');
    assert.is((await cli(['diff', a, b, '--html', html], { cwd: dir })).code, 2);
    const page = readFileSync(html, 'utf8');
    assert.ok(page.includes(GROUP), 'the HTML page names the group as it is');
    assert.not.ok(garbled(page));

    const trace = await cli(['trace', b, '--host', '10.9.9.9', '--listener', 'Eingang_\u00dc'], { cwd: dir });
    assert.is(trace.code, 0, trace.err);
    assert.ok(trace.out.includes(`matches    ${GROUP}`), trace.out);
    assert.not.ok(garbled(trace.out + trace.err), trace.out);

    const traceJson = await cli(['trace', b, '--host', '10.9.9.9', '--json'], { cwd: dir });
    assert.ok(traceJson.out.includes(`"entry": "${GROUP}"`), traceJson.out);
    assert.not.ok(garbled(traceJson.out));

    const inspect = await cli(['inspect', b], { cwd: dir });
    assert.ok(inspect.out.includes(`1. ${GROUP} -> $TRUSTED`), inspect.out);
    assert.not.ok(garbled(inspect.out), inspect.out);
    const inspectJson = await cli(['inspect', b, '--json'], { cwd: dir });
    assert.ok(inspectJson.out.includes(`"name": "${GROUP}"`) && !garbled(inspectJson.out), inspectJson.out);

    // --listener with a non-ASCII name matches in diff too (only that listener is compared).
    const only = await cli(['diff', a, b, '--listener', 'Eingang_\u00dc', '--json'], { cwd: dir });
    const doc = JSON.parse(only.out) as { comparisons: { listeners: { listener: string }[]; findings: { code: string }[] }[] };
    assert.equal(
      doc.comparisons[0]!.listeners.map((l) => l.listener),
      ['Eingang_\u00dc'],
    );
    assert.equal(
      doc.comparisons[0]!.findings.filter((f) => f.code === 'diff-unknown-listener'),
      [],
    );
  });
}

test('a UTF-8 and an ISO-8859-1 export of the same HAT name the same group the same way', async () => {
  const dir = tempDir();
  const a = fixture(dir, 'latin1.xml', variant('ISO-8859-1', true));
  const b = fixture(dir, 'utf8.xml', variant('UTF-8', true));
  const t1 = await cli(['trace', a, '--host', '10.9.9.9', '--json'], { cwd: dir });
  const t2 = await cli(['trace', b, '--host', '10.9.9.9', '--json'], { cwd: dir });
  const walk = (s: string) => (JSON.parse(s) as { files: { listeners: unknown[] }[] }).files[0]!.listeners;
  assert.equal(walk(t1.out), walk(t2.out));
});

test('--json never carries a character that acts on a terminal raw (C1, bidi, line separators): escaped, the same JSON value', async () => {
  const dir = tempDir();
  const evil = 'EVIL\u202eLISTE';
  const text = Buffer.from(
    SAMPLE.replace('encoding="ISO-8859-1"', 'encoding="UTF-8"').replace(
      'WHITELIST:',
      `${evil}:\n    10.9.9.9\n    $TRUSTED (a\u2028b \u0085)\nWHITELIST:`,
    ),
    'utf8',
  ).toString('latin1');
  const b = fixture(dir, 'b.xml', text);
  for (const args of [
    ['inspect', b, '--json'],
    ['trace', b, '--host', '10.9.9.9', '--json'],
  ]) {
    const r = await cli(args, { cwd: dir });
    assert.not.match(r.out, /[\u0080-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/, args[0]);
    assert.match(r.out, '\\u202e');
    assert.ok(JSON.stringify(JSON.parse(r.out)).includes(evil), 'the value is kept');
  }
});

test.run();
