/**
 * Fleet grouping by the change (issue 18, 3): appliances whose HATs differ only outside the
 * change (a per-site WHITELIST or PARTNERS member, their own hostname and serial) are one
 * group; an appliance whose change really differs (half patched, or other context lines) has
 * its own.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLES, tempDir } from '../helpers.js';
import { changeOfDiff } from '../../src/report/groups.js';
import { cli, fixture } from './run.js';

const MULTI = readFileSync(join(SAMPLES, 'multi-listener.xml'), 'latin1');

/** Appliance `k` of the fleet: own hostname and serial, a per-site WHITELIST member and 1 to 3 PARTNERS members. */
function site(k: number): string {
  const partners = Array.from({ length: (k % 3) + 1 }, (_, i) => `    10.${k}.${i}.0/24\n`).join('');
  return MULTI.replaceAll('mx-gw1.example.net', `esa${k}.example.net`)
    .replace('7C210E3A9B14-FCH2231V0QX', `SERIAL-${k}`)
    .replace('    192.0.2.10-20\n', `    192.0.2.10-20\n    relay.site${k}.example\n`)
    .replace('    mx.logistics.example.org\n', `    mx.logistics.example.org\n${partners}`);
}

test('50 appliances whose HATs differ only outside the change review as one group', async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'fleet'));
  for (let k = 1; k <= 50; k++) fixture(join(dir, 'fleet'), `esa${String(k).padStart(2, '0')}.xml`, site(k));
  const j = await cli(['plan', '--json', 'fleet'], { cwd: dir });
  assert.is(j.code, 2, j.err);
  const doc = JSON.parse(j.out);
  assert.is(doc.files.length, 50);
  assert.ok(
    doc.files.every((f: { outcome: string }) => f.outcome === 'patched'),
    'every site has the change pending',
  );
  // The hunks are at other line numbers on different sites: they are still the same change.
  const headers = new Set(doc.files.map((f: { diff: string }) => f.diff.split('\n').filter((l: string) => l.startsWith('@@'))[1]));
  assert.ok(headers.size > 1, 'the second hunk moves with the per-site PARTNERS members');
  assert.is(doc.groups.length, 1);
  assert.is(doc.groups[0].files.length, 50);
  const text = await cli(['plan', 'fleet'], { cwd: dir, columns: 100 });
  assert.match(text.out, /^group g1: 50 appliances: /m);
  assert.not.match(text.out, /group g2/);
  assert.match(text.out, /1 group of identical plans/);
  rmSync(dir, { recursive: true });
});

test('appliances whose change differs form their own groups: half patched, other context lines', async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'fleet'));
  for (let k = 1; k <= 6; k++) fixture(join(dir, 'fleet'), `esa${k}.xml`, site(k));
  // One site already patched on InboundMail only: its change is PartnerMX's alone.
  fixture(dir, 'half-src.xml', site(7));
  const half = await cli(['apply', 'half-src.xml', '--listener', 'InboundMail', '-o', 'fleet/esa7.xml'], { cwd: dir });
  assert.is(half.code, 0, half.err);
  rmSync(join(dir, 'fleet', 'esa7.diff'));
  rmSync(join(dir, 'fleet', 'esa7.patch.json'));
  // One site whose WHITELIST starts with its own member: the hunk's context lines differ.
  fixture(join(dir, 'fleet'), 'esa8.xml', site(8).replace('WHITELIST:\n', 'WHITELIST:\n    first.site8.example\n'));
  const doc = JSON.parse((await cli(['plan', '--json', 'fleet'], { cwd: dir })).out);
  const groups = doc.groups.map((g: { files: string[] }) => g.files.map((f) => f.replace(/^fleet\//, '')));
  assert.equal(groups, [['esa1.xml', 'esa2.xml', 'esa3.xml', 'esa4.xml', 'esa5.xml', 'esa6.xml'], ['esa7.xml'], ['esa8.xml']]);
  const partnerOnly = doc.files.find((f: { file: string }) => f.file.endsWith('esa7.xml'));
  assert.equal([...new Set(partnerOnly.operations.map((o: { listener: string }) => o.listener))], ['PartnerMX']);
  rmSync(dir, { recursive: true });
});

test('changeOfDiff drops the file header and the line numbers, and keeps every hunk line and its section', () => {
  const a = '--- a/x.xml\n+++ b/x.xml\n@@ -10,3 +10,4 @@ listener A\n ctx\n+add\n-del\n ctx\n';
  const b = '--- a/y.xml\n+++ b/y.xml\n@@ -99,3 +99,4 @@ listener A\n ctx\n+add\n-del\n ctx\n';
  assert.is(changeOfDiff(a), changeOfDiff(b));
  assert.is.not(changeOfDiff(a), changeOfDiff(b.replace('listener A', 'listener B')));
  assert.is.not(changeOfDiff(a), changeOfDiff(b.replace(' ctx\n+add', ' other\n+add')));
  assert.is.not(changeOfDiff(a), changeOfDiff(b.replace('+add', '+ad')));
  assert.is(changeOfDiff(''), '');
});

test.run();
