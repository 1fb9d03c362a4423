/** Artefacts people can read: show, verify, and a rollback that checks the appliance. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLES, tempDir } from '../helpers.js';
import { cli, fixture } from './run.js';

const MULTI = join(SAMPLES, 'multi-listener.xml');
const HOST = 'mx-gw1.example.net';
const SERIAL = '7C210E3A9B14-FCH2231V0QX';

/** apply on a copy of multi-listener.xml: the input, the patched file and its artefact. */
async function applied() {
  const dir = tempDir();
  const input = fixture(dir, 'esa1.xml', readFileSync(MULTI, 'latin1'));
  const out = join(dir, 'esa1-patched.xml');
  const r = await cli(['apply', input, '-o', out]);
  assert.is(r.code, 0, r.err);
  return { dir, input, out, artefact: join(dir, 'esa1-patched.patch.json') };
}

test('the artefact records the serial number', async () => {
  const a = await applied();
  const json = JSON.parse(readFileSync(a.artefact, 'utf8'));
  assert.is(json.input.serial, SERIAL);
  assert.is(json.input.hostname, HOST);
  rmSync(a.dir, { recursive: true });
});

test('--change-id and the time of the run are recorded in the artefact, shown by show and in the reports; a bad id is refused', async () => {
  const dir = tempDir();
  const input = fixture(dir, 'esa1.xml', readFileSync(MULTI, 'latin1'));
  const out = join(dir, 'esa1-patched.xml');
  const r = await cli([
    'apply',
    input,
    '-o',
    out,
    '--change-id',
    'CHG0012345',
    '--report',
    join(dir, 'r.json'),
    '--html',
    join(dir, 'r.html'),
  ]);
  assert.is(r.code, 0, r.err);
  const art = JSON.parse(readFileSync(join(dir, 'esa1-patched.patch.json'), 'utf8'));
  assert.is(art.changeId, 'CHG0012345');
  assert.is(art.created, '2026-12-01T04:00:00.000Z');
  assert.is(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')).changeId, 'CHG0012345');
  assert.match(readFileSync(join(dir, 'r.html'), 'utf8'), '<dt>change</dt><dd><strong>CHG0012345</strong>');
  const shown = await cli(['show', join(dir, 'esa1-patched.patch.json')]);
  assert.match(shown.out, 'change CHG0012345; written 2026-12-01T04:00:00.000Z');
  assert.is((await cli(['verify', join(dir, 'esa1-patched.patch.json')])).code, 0);
  // Without --change-id: the time only.
  const plain = await cli(['apply', input, '-o', join(dir, 'b.xml')]);
  assert.is(plain.code, 0, plain.err);
  const b = JSON.parse(readFileSync(join(dir, 'b.patch.json'), 'utf8'));
  assert.is(b.changeId, undefined);
  assert.is(b.created, '2026-12-01T04:00:00.000Z');
  for (const bad of ['', 'CHG 1', 'CHG\u001b[31m', '-x', 'x'.repeat(65), 'ä1']) {
    const refused = await cli(['apply', input, '-o', join(dir, 'c.xml'), `--change-id=${bad}`]);
    assert.is(refused.code, 1, JSON.stringify(bad));
    assert.not.ok(existsSync(join(dir, 'c.xml')));
    assert.not.ok(refused.err.includes('\u001b'), 'never echoed raw');
  }
  rmSync(dir, { recursive: true });
});

test('show: the change in words, with appliance, serial, AsyncOS, listeners, operations and checksums', async () => {
  const a = await applied();
  const json = JSON.parse(readFileSync(a.artefact, 'utf8'));
  const r = await cli(['show', a.artefact]);
  assert.is(r.code, 0, r.err);
  for (const s of [
    HOST,
    SERIAL,
    'AsyncOS 14.0.2-020',
    'InboundMail',
    'PartnerMX',
    'add sender group CRES at order 1',
    json.input.sha256,
    json.output.sha256,
    `${json.input.bytes} bytes`,
  ])
    assert.match(r.out, s);
  const bad = fixture(a.dir, 'bad.json', '{"format":"other"}');
  const b = await cli(['show', bad]);
  assert.is(b.code, 1);
  assert.match(b.err, '[artefact-invalid]');
  rmSync(a.dir, { recursive: true });
});

test('verify: exit 0 when the files match the artefact, 1 on a mismatch, naming the file', async () => {
  const a = await applied();
  const ok = await cli(['verify', a.artefact]);
  assert.is(ok.code, 0, ok.err);
  assert.match(ok.out, '[artefact-match]');
  const both = await cli(['verify', a.artefact, '--input', a.input, '--output', a.out, '--json']);
  assert.is(both.code, 0);
  assert.equal(
    JSON.parse(both.out).findings.map((f: { code: string; args: { role: string } }) => [f.code, f.args.role]),
    [
      ['artefact-match', 'input'],
      ['artefact-match', 'output'],
    ],
  );
  writeFileSync(a.out, readFileSync(a.out, 'latin1').replace('CRES_TLS', 'CRES_TLX'), 'latin1');
  const bad = await cli(['verify', a.artefact]);
  assert.is(bad.code, 1);
  assert.match(bad.err, '[artefact-mismatch]');
  assert.match(bad.err, 'esa1-patched.xml');
  const swapped = await cli(['verify', a.artefact, '--input', a.out]);
  assert.is(swapped.code, 1);
  rmSync(a.dir, { recursive: true });
});

test("rollback refuses (exit 3) another appliance's export, unless --other-appliance; it names the file's own appliance", async () => {
  const a = await applied();
  const other = fixture(
    a.dir,
    'esa2.xml',
    readFileSync(a.out, 'latin1').replaceAll(HOST, 'mx-gw2.example.net').replace(SERIAL, 'OTHER-SERIAL-2'),
  );
  const restored = join(a.dir, 'r.xml');
  const r = await cli(['rollback', other, '--patch', a.artefact, '-o', restored]);
  assert.is(r.code, 3, r.err);
  assert.match(r.err, '[other-appliance]');
  assert.match(r.err, 'mx-gw2.example.net');
  assert.match(r.out, 'mx-gw2.example.net');
  assert.not.ok(existsSync(restored));
  const json = await cli(['rollback', other, '--patch', a.artefact, '--plan', '--json']);
  const f = JSON.parse(json.out).files[0];
  assert.is(f.hostname, 'mx-gw2.example.net');
  assert.is(f.serial, 'OTHER-SERIAL-2');
  assert.equal(f.findings.find((x: { code: string }) => x.code === 'other-appliance').args, {
    hostname: 'mx-gw2.example.net',
    serial: 'OTHER-SERIAL-2',
    artefactHostname: HOST,
    artefactSerial: SERIAL,
    allowed: false,
  });
  const sameHostOtherSerial = fixture(a.dir, 'esa3.xml', readFileSync(a.out, 'latin1').replace(SERIAL, 'OTHER-SERIAL-3'));
  assert.is((await cli(['rollback', sameHostOtherSerial, '--patch', a.artefact, '--plan'])).code, 3);
  const forced = await cli(['rollback', other, '--patch', a.artefact, '-o', restored, '--other-appliance']);
  assert.is(forced.code, 0, forced.err);
  assert.ok(existsSync(restored));
  rmSync(a.dir, { recursive: true });
});

test('rollback --plan says "would roll back" and writes nothing; rollback says what it wrote', async () => {
  const a = await applied();
  const plan = await cli(['rollback', a.out, '--patch', a.artefact, '--plan']);
  assert.is(plan.code, 2);
  assert.match(plan.out, ': would roll back');
  assert.not.match(plan.out, 'rolled back');
  assert.match(plan.out, '-CRES:');
  const restored = join(a.dir, 'r.xml');
  const done = await cli(['rollback', a.out, '--patch', a.artefact, '-o', restored]);
  assert.is(done.code, 0, done.err);
  assert.match(done.out, ': rolled back');
  assert.match(done.out, `wrote ${restored}`);
  assert.ok(readFileSync(restored, 'latin1') === readFileSync(a.input, 'latin1'));
  rmSync(a.dir, { recursive: true });
});

test.run();
