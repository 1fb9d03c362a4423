/** Fleet runs: many files at once, in parallel, with an inventory, grouping and a progress bar. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, writeFileSync, mkdirSync, rmSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../src/cli/main.js';
import { recordingIo } from '../src/cli/io.js';
import { createProgress } from '../src/cli/progress.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { REPORT_JSON_SCHEMA } from '../src/report/schema.js';
import { CORPUS, SAMPLES, tempDir } from './helpers.js';

async function cli(args: string[], cwd: string) {
  // One clock for every run: the artefacts record when they were written.
  const io = recordingIo(cwd, { now: () => new Date('2026-12-01T04:00:00Z') });
  const code = await main(args, io);
  return { code, out: io.stdout, err: io.stderr };
}

const sources = [
  join(CORPUS, 'esa-standalone.xml'),
  join(SAMPLES, 'crlf-allowed-list.xml'),
  join(SAMPLES, 'half-patched.xml'),
  join(CORPUS, 'esa-cres-applied.xml'),
].map((p) => readFileSync(p, 'latin1'));

/** 200 varied exports: hostnames and serials differ (same plan), some HATs differ (other plans), one is broken. */
function fleet(dir: string): { files: number; broken: string } {
  let n = 0;
  for (let k = 0; k < 200; k++) {
    const src = sources[k % sources.length]!;
    let text = src
      .replace(/<hostname>[^<]*<\/hostname>/, `<hostname>esa${k}.example.net</hostname>`)
      .replace(/Serial Number: \S+/, `Serial Number: SN${100000 + k}`);
    if (k % 10 === 3) text = text.replace(/(\r?\n)(ALL\r?\n)/, `$1SITE_${k % 3}:$1    192.0.2.${k % 3}$1    $ACCEPTED$1$1$2`);
    writeFileSync(join(dir, `esa-${String(k).padStart(3, '0')}.xml`), text, 'latin1');
    n++;
  }
  const broken = 'esa-broken.xml';
  writeFileSync(join(dir, broken), sources[0]!.slice(0, 4000), 'latin1');
  return { files: n + 1, broken };
}

test('a batch of 201 exports in one command: parallel, every file reported, identical plans grouped, the broken one alone', async () => {
  const dir = tempDir();
  const inputs = join(dir, 'fleet');
  mkdirSync(inputs);
  const { files, broken } = fleet(inputs);
  const out = join(dir, 'out');
  const r = await cli(['apply', 'fleet', '--out-dir', 'out', '--json', '--jobs', '2'], dir);
  assert.is(r.code, 1, 'the broken file makes the run exit 1');
  const report = JSON.parse(Buffer.from(r.out, 'latin1').toString('utf8'));
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(REPORT_JSON_SCHEMA);
  assert.ok(validate(report), JSON.stringify(validate.errors?.slice(0, 3)));
  assert.is(report.files.length, files);
  const outcome = (o: string) => report.files.filter((f: { outcome: string }) => f.outcome === o).length;
  assert.is(outcome('error'), 1);
  assert.is(outcome('unchanged'), 50);
  assert.is(outcome('patched'), 150);
  const bad = report.files.find((f: { file: string }) => f.file.endsWith(broken));
  assert.is(bad.outcome, 'error');
  assert.is(bad.findings[0].code, 'xml-truncated');
  assert.not.ok(existsSync(join(out, broken)));
  assert.is(readdirSync(out).filter((n) => n.endsWith('.xml')).length, 200);
  assert.is(readdirSync(out).filter((n) => n.endsWith('.patch.json')).length, 200);
  // Hostnames and serials differ outside the HAT: same plan, one group per source and HAT variant.
  const sizes = report.groups.map((g: { files: string[] }) => g.files.length).sort((a: number, b: number) => b - a);
  assert.equal(
    sizes.reduce((a: number, b: number) => a + b, 0),
    200,
  );
  assert.ok(report.groups.length <= 4 + 3 * 3, `${report.groups.length} groups`);
  assert.ok(sizes[0] >= 40);
  for (const g of report.groups) {
    const first = report.files.find((f: { file: string }) => f.file === g.files[0]);
    for (const name of g.files) {
      const f = report.files.find((x: { file: string }) => x.file === name);
      assert.equal(f.operations, first.operations, `${name} in ${g.id}`);
    }
  }
  // The text summary lists groups once, and the outcome counts.
  const text = await cli(['plan', 'fleet', '--jobs', '2'], dir);
  assert.is(text.code, 1);
  assert.match(text.out, 'plan: 201 files: 150 changes pending, 50 nothing to do, 1 ERROR;');
  assert.match(text.out, /group g\d+: \d+ appliances: \S+, \S+, \S+ and \d+ more\n/);
  const patchedGroups = report.groups.filter((g: { outcome: string }) => g.outcome === 'patched').length;
  assert.is(text.out.split('\n+CRES:').length - 1, patchedGroups, 'each group diff shown once');
  rmSync(dir, { recursive: true });
});

test('--jobs 1 and --jobs 2 give the same reports and the same bytes', async () => {
  const dir = tempDir();
  const inputs = join(dir, 'fleet');
  mkdirSync(inputs);
  fleet(inputs);
  const a = await cli(['apply', 'fleet', '--out-dir', 'one', '--json', '--jobs', '1'], dir);
  const b = await cli(['apply', 'fleet', '--out-dir', 'two', '--json', '--jobs', '2'], dir);
  const strip = (s: string) => s.replace(/"(xml|diff|artefact|path|generatedAt)": "[^"]*"/g, '');
  assert.is(strip(a.out), strip(b.out));
  for (const n of readdirSync(join(dir, 'one')).slice(0, 30)) {
    assert.ok(readFileSync(join(dir, 'one', n), 'latin1') === readFileSync(join(dir, 'two', n), 'latin1'), n);
  }
  assert.is((await cli(['plan', 'fleet', '--jobs', '0'], dir)).code, 1);
  rmSync(dir, { recursive: true });
});

test('--inventory (YAML and JSON): per-appliance overrides, paths relative to the inventory', async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'exports'));
  writeFileSync(join(dir, 'exports', 'a.xml'), sources[0]!, 'latin1');
  writeFileSync(join(dir, 'exports', 'b.xml'), sources[0]!, 'latin1');
  writeFileSync(
    join(dir, 'fleet.yaml'),
    '- file: exports/a.xml\n- file: exports/b.xml\n  tlsValue: "on"\n  groupName: RES\n  policyName: RES_TLS\n  listener: IncomingMail\n',
  );
  const r = await cli(['plan', '--json', '--inventory', 'fleet.yaml'], dir);
  assert.is(r.code, 2, r.err);
  const report = JSON.parse(r.out);
  assert.match(report.files[0].diff, '+        tls = "required"');
  assert.match(report.files[1].diff, '+        tls = "on"');
  assert.match(report.files[1].diff, '+RES:');
  assert.is(report.groups.length, 2);
  writeFileSync(join(dir, 'fleet.json'), JSON.stringify([{ file: 'exports/a.xml', policyName: 'X_TLS' }]));
  const j = await cli(['plan', '--json', '--inventory', 'fleet.json'], dir);
  assert.match(JSON.parse(j.out).files[0].diff, '+$X_TLS');
  for (const bad of ['- nofile: x\n', 'file: x\n', '- file: exports/a.xml\n  tls: on\n', '[[[']) {
    writeFileSync(join(dir, 'bad.yaml'), bad);
    const b = await cli(['plan', '--inventory', 'bad.yaml'], dir);
    assert.is(b.code, 1, bad);
    assert.match(b.err, 'bad-inventory');
  }
  rmSync(dir, { recursive: true });
});

test('progress bar: only on a terminal, only after the delay, never in JSON mode', () => {
  let t = 0;
  const io = recordingIo();
  io.stderrIsTTY = true;
  const p = createProgress(io, 10, true, 1000, () => t);
  p.tick(1);
  assert.is(io.stderr, '', 'not before the delay');
  t = 1500;
  p.tick(5);
  assert.match(io.stderr, '5/10 files');
  p.end();
  const quiet = recordingIo();
  const q = createProgress(quiet, 10, true, 0, () => 5000);
  q.tick(3);
  assert.is(quiet.stderr, '', 'not when stderr is not a terminal');
  const json = recordingIo();
  json.stderrIsTTY = true;
  createProgress(json, 10, false, 0, () => 5000).tick(3);
  assert.is(json.stderr, '', 'not in JSON mode');
});

test.run();
