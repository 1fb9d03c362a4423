/** Fleet output: short group lines, groups of one shown as the appliance, what was written where, duplicates and repeated serials. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLES, tempDir } from '../helpers.js';
import { cli, fixture, widest } from './run.js';

const MULTI = readFileSync(join(SAMPLES, 'multi-listener.xml'), 'latin1');
const HALF = readFileSync(join(SAMPLES, 'half-patched.xml'), 'latin1');

/** `n` appliances with an identical plan (own hostname and serial each) and one different one. */
function fleet(dir: string, n: number): void {
  mkdirSync(join(dir, 'fleet'));
  for (let k = 1; k <= n; k++)
    fixture(
      join(dir, 'fleet'),
      `esa${String(k).padStart(3, '0')}.xml`,
      MULTI.replaceAll('mx-gw1.example.net', `esa${k}.example.net`).replace('7C210E3A9B14-FCH2231V0QX', `SERIAL-${k}`),
    );
  fixture(join(dir, 'fleet'), 'zz-half.xml', HALF);
}

test('a group of 150 appliances is a short line: a few names and the count; the full list is in --json', async () => {
  const dir = tempDir();
  fleet(dir, 150);
  const r = await cli(['plan', 'fleet'], { cwd: dir, columns: 80 });
  assert.is(r.code, 2, r.err);
  const line = r.out.split('\n').find((l) => l.startsWith('group g1: '))!;
  assert.match(line, /^group g1: 150 appliances: fleet\/esa001\.xml, fleet\/esa002\.xml(, fleet\/esa003\.xml)? and 14[78] more$/);
  assert.match(r.out, /^fleet\/esa150\.xml \(esa150\.example\.net\): changes pending \[g1\]$/m);
  assert.is(r.out.split('\n').filter((l) => l.includes('[appliance-version]')).length, 1, 'one line for 151 version notes');
  assert.ok(
    widest(
      r.out
        .split('\n')
        .filter((l) => !/^[-+ @]/.test(l))
        .join('\n'),
    ) <= 80,
  );
  assert.match(r.out, /^fleet\/zz-half\.xml \(esa-branch\.example\.org[^)]*\):$/m);
  assert.not.match(r.out, 'group g2');
  const j = await cli(['plan', '--json', 'fleet', '--jobs', '2'], { cwd: dir });
  assert.is(JSON.parse(j.out).groups[0].files.length, 150);
  rmSync(dir, { recursive: true });
});

test('batch apply, --report and --html say what they wrote and where', async () => {
  const dir = tempDir();
  fleet(dir, 3);
  const r = await cli(['apply', 'fleet', '--out-dir', 'out', '--report', 'r.json', '--html', 'r.html'], { cwd: dir });
  assert.is(r.code, 0, r.err);
  assert.match(r.out, /^wrote 4 output sets \(12 files\) to out\/; out\/SHA256SUMS lists them/m);
  for (const n of ['esa001', 'esa002', 'esa003', 'zz-half'])
    assert.not.match(r.out, `wrote out/${n}.xml`, 'one line for the sets, not one per set');
  assert.match(r.out, /wrote the JSON report r\.json \(\d+ bytes, sha256 [0-9a-f]{64}\)/);
  assert.match(r.out, /wrote the HTML report r\.html \(\d+ bytes, sha256 [0-9a-f]{64}\)/);
  const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
  const f = report.files[0];
  assert.equal(
    f.outputs.map((o: { kind: string }) => o.kind),
    ['export', 'diff', 'artefact'],
  );
  assert.match(f.input.sha256, /^[0-9a-f]{64}$/);
  assert.is(f.input.bytes, readFileSync(join(dir, 'fleet', 'esa001.xml')).length);
  rmSync(dir, { recursive: true });
});

test('a duplicate inventory entry is a finding, and the export is processed once', async () => {
  const dir = tempDir();
  fleet(dir, 2);
  writeFileSync(
    join(dir, 'inv.yaml'),
    '- file: fleet/esa001.xml\n- file: fleet/esa002.xml\n- file: fleet/esa001.xml\n  tlsValue: required\n',
  );
  const r = await cli(['plan', '--json', '--inventory', 'inv.yaml'], { cwd: dir });
  assert.is(r.code, 2, r.err);
  const doc = JSON.parse(r.out);
  assert.is(doc.files.length, 2);
  const dup = doc.files[0].findings.find((x: { code: string }) => x.code === 'duplicate-input');
  assert.equal(dup.args, { path: 'fleet/esa001.xml', times: 2, conflicting: false });
  assert.is(dup.severity, 'warning');
  writeFileSync(join(dir, 'inv2.yaml'), '- file: fleet/esa001.xml\n- file: fleet/esa001.xml\n  groupName: RES\n');
  const other = await cli(['plan', '--json', '--inventory', 'inv2.yaml'], { cwd: dir });
  assert.is(other.code, 1, 'the same export with other settings: the later entry is refused');
  const refusedEntry = JSON.parse(other.out).files[1];
  assert.is(refusedEntry.outcome, 'error');
  assert.equal(refusedEntry.findings[0].args, { path: 'fleet/esa001.xml', times: 2, conflicting: true });
  rmSync(dir, { recursive: true });
});

test('one serial number in several files is a finding on each', async () => {
  const dir = tempDir();
  fixture(dir, 'a.xml', MULTI);
  fixture(dir, 'b.xml', MULTI.replaceAll('mx-gw1.example.net', 'copy.example.net'));
  fixture(dir, 'c.xml', HALF);
  const r = await cli(['plan', '--json', dir]);
  const doc = JSON.parse(r.out);
  const codes = doc.files.map((f: { findings: { code: string }[] }) => f.findings.filter((x) => x.code === 'serial-repeated').length);
  assert.equal(codes, [1, 1, 0]);
  const args = doc.files[0].findings.find((x: { code: string }) => x.code === 'serial-repeated').args;
  assert.is(args.serial, '7C210E3A9B14-FCH2231V0QX');
  assert.is(args.files.length, 2);
  rmSync(dir, { recursive: true });
});

test('the JSON report carries the time of the run, the version, the recipe and the checksum of each input', async () => {
  const r = await cli(['plan', '--json', join(SAMPLES, 'multi-listener.xml'), '--group-name', 'RES']);
  const doc = JSON.parse(r.out);
  assert.is(doc.generatedAt, '2026-12-01T04:00:00.000Z');
  assert.match(doc.toolVersion, /^\d+\.\d+\.\d+/);
  assert.is(doc.recipe.name, 'cres-tls');
  assert.is(doc.recipe.groups[0].name, 'RES');
  assert.equal(doc.recipe.groups[0].senders.length, 4);
  assert.match(doc.files[0].input.sha256, /^[0-9a-f]{64}$/);
  assert.ok(doc.files[0].changes.some((c: string) => c.startsWith('add sender group RES at order 1')));
});

test.run();
