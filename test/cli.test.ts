/** The command line end to end over the bundled samples: every command, every documented exit code, every bad input. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, readdirSync, rmSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { TOOL_VERSION } from '../src/version.js';
import { ROOT, SAMPLES, tempDir } from './helpers.js';
import { bin, cli, fixture } from './cli/run.js';

const STANDALONE = join(SAMPLES, 'multi-listener.xml');
const APPLIED = join(SAMPLES, 'already-compliant-reexport.xml');
const standalone = readFileSync(STANDALONE, 'latin1');

test('package.json and the tool agree on the version', () => {
  assert.is(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version, TOOL_VERSION);
});

test('plan: changes pending exit 2, prints the summary and the diff, writes nothing', async () => {
  const dir = tempDir();
  const input = fixture(dir, 'esa1.xml', standalone);
  const r = await cli(['plan', input]);
  assert.is(r.code, 2);
  assert.match(r.out, 'listener InboundMail');
  assert.match(r.out, 'add sender group CRES at order 1');
  assert.match(r.out, '--- a/esa1.xml\n+++ b/esa1.xml\n@@ ');
  assert.not.match(r.out, '\x1b[');
  assert.equal(readdirSync(dir), ['esa1.xml']);
  rmSync(dir, { recursive: true });
});

test('plan: a compliant export exits 0', async () => {
  const r = await cli(['plan', APPLIED]);
  assert.is(r.code, 0);
  assert.match(r.out, 'nothing to do');
});

test('plan --json: a machine-readable report', async () => {
  const r = await cli(['plan', '--json', STANDALONE, APPLIED]);
  assert.is(r.code, 2);
  const report = JSON.parse(r.out);
  assert.is(report.schema, 'esa-patch/report@1');
  assert.is(report.exitCode, 2);
  assert.equal(
    report.files.map((f: { outcome: string }) => f.outcome),
    ['patched', 'unchanged'],
  );
  assert.equal(
    report.files[0].operations.map((o: { op: string }) => o.op),
    ['add-policy', 'add-sender-group', 'add-policy', 'add-sender-group'],
  );
  assert.match(report.files[0].diff, '+CRES:');
});

test('apply -o writes OUT.xml, OUT.diff, OUT.patch.json; rollback restores; --force is needed to overwrite', async () => {
  const dir = tempDir();
  const input = fixture(dir, 'esa1.xml', standalone);
  const out = join(dir, 'out', 'esa1-patched.xml');
  const r = await cli(['apply', input, '-o', out]);
  assert.is(r.code, 0, r.err);
  for (const ext of ['.xml', '.diff', '.patch.json']) assert.ok(existsSync(join(dir, 'out', `esa1-patched${ext}`)), ext);
  assert.match(r.out, `wrote ${out}`);
  assert.ok(readFileSync(input, 'latin1') === standalone, 'input untouched');
  const artefact = JSON.parse(readFileSync(join(dir, 'out', 'esa1-patched.patch.json'), 'utf8'));
  assert.is(artefact.format, 'esa-patch/2');
  assert.is(artefact.input.hostname, 'mx-gw1.example.net');
  assert.is(artefact.input.asyncos, '14.0.2-020');
  assert.is(artefact.input.bytes, statSync(input).size);
  assert.equal(
    readdirSync(join(dir, 'out')).filter((n) => n.endsWith('.tmp')),
    [],
    'no temporary file left',
  );

  const before = readFileSync(out, 'latin1');
  const same = await cli(['apply', input, '-o', out]);
  assert.is(same.code, 0, 'the same command again: the outputs are already up to date');
  assert.match(same.out, /1 already up to date/);
  const again = await cli(['apply', input, '-o', out, '--group-name', 'RES']);
  assert.is(again.code, 1);
  assert.match(again.err, '[output-exists]');
  assert.match(again.err, '--force');
  assert.ok(readFileSync(out, 'latin1') === before);
  assert.is((await cli(['apply', input, '-o', out, '--force'])).code, 0);

  const restored = join(dir, 'restored.xml');
  const plan = await cli(['rollback', out, '--patch', join(dir, 'out', 'esa1-patched.patch.json'), '--plan']);
  assert.is(plan.code, 2);
  assert.match(plan.out, '-CRES:');
  assert.not.ok(existsSync(restored));
  const rb = await cli(['rollback', out, '--patch', join(dir, 'out', 'esa1-patched.patch.json'), '-o', restored]);
  assert.is(rb.code, 0, rb.err);
  assert.ok(readFileSync(restored, 'latin1') === standalone);
  rmSync(dir, { recursive: true });
});

test('an output that would overwrite the input is refused, even with --force', async () => {
  const dir = tempDir();
  const input = fixture(dir, 'esa1.xml', standalone);
  const r = await cli(['apply', input, '-o', input, '--force']);
  assert.is(r.code, 1);
  assert.match(r.err, '[output-is-input]');
  assert.ok(readFileSync(input, 'latin1') === standalone);
  const rb = await cli(['rollback', input, '--patch', input, '-o', input, '--force']);
  assert.is(rb.code, 1);
  assert.ok(readFileSync(input, 'latin1') === standalone);
  rmSync(dir, { recursive: true });
});

test('apply on a compliant export writes it unchanged with an empty diff', async () => {
  const dir = tempDir();
  const r = await cli(['apply', APPLIED, '-o', join(dir, 'x.xml')]);
  assert.is(r.code, 0);
  assert.ok(readFileSync(join(dir, 'x.xml'), 'latin1') === readFileSync(APPLIED, 'latin1'));
  assert.is(readFileSync(join(dir, 'x.diff'), 'latin1'), '');
  rmSync(dir, { recursive: true });
});

test('apply --out-dir: several inputs and directories, worst exit code wins, every input processed', async () => {
  const dir = tempDir();
  const inputs = join(dir, 'in');
  mkdirSync(inputs);
  fixture(inputs, 'a.xml', standalone);
  fixture(inputs, 'b.xml', '<?xml version="1.0"?>\n<config>\n  <listeners>\n    <listener><listener_name>X</listener_name>\n</config>\n');
  fixture(inputs, 'c.xml', readFileSync(APPLIED, 'latin1'));
  const out = join(dir, 'out');
  const r = await cli(['apply', inputs, '--out-dir', out]);
  assert.is(r.code, 1);
  assert.ok(existsSync(join(out, 'a.xml')) && existsSync(join(out, 'c.xml')));
  assert.not.ok(existsSync(join(out, 'b.xml')), 'nothing written for the broken file');
  assert.match(r.err, /b\.xml:\d+:\d+: error: /);
  assert.match(r.out, /apply: 3 files: 1 patched, 1 nothing to do \(written unchanged\), 1 ERROR;/);
  rmSync(dir, { recursive: true });
});

test('identical plans are one group in every report; --report writes the JSON report', async () => {
  const dir = tempDir();
  const inputs = join(dir, 'fleet');
  mkdirSync(inputs);
  for (const n of [1, 2, 3]) fixture(inputs, `esa${n}.xml`, standalone.replaceAll('mx-gw1.example.net', `esa${n}.example.com`));
  // A member outside the change's lines is no other change; one among its context lines is.
  fixture(inputs, 'esa4.xml', standalone.replace('    $TRUSTED (My trusted', '    mail.partner.example\n    $TRUSTED (My trusted'));
  fixture(inputs, 'other.xml', standalone.replace('WHITELIST:\n', 'WHITELIST:\n    mail.partner.example\n'));
  fixture(inputs, 'done.xml', readFileSync(APPLIED, 'latin1'));
  const reportPath = join(dir, 'report.json');
  const r = await cli(['plan', inputs, '--report', reportPath], { columns: 200 });
  assert.is(r.code, 2);
  assert.match(r.out, /group g2: 4 appliances: \S*esa1\.xml/);
  assert.match(r.out, /esa2\.xml \(esa2\.example\.com\): changes pending \[g2\]/);
  assert.is(r.out.split('+CRES:').length - 1, 4, 'one diff per group of changes (two listeners each), not one per appliance');
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  assert.is(report.schema, 'esa-patch/report@1');
  assert.equal(
    report.groups.map((g: { files: string[] }) => g.files.length),
    [1, 4, 1],
  );
  assert.equal(
    report.groups.map((g: { outcome: string }) => g.outcome),
    ['unchanged', 'patched', 'patched'],
  );
  const htmlPath = join(dir, 'report.html');
  assert.is((await cli(['plan', inputs, '--html', htmlPath])).code, 2);
  const page = readFileSync(htmlPath, 'utf8');
  assert.match(page, '<!DOCTYPE html>');
  assert.match(page, '$CRES_TLS (Cisco RES secure replies over TLS)');
  assert.not.match(page, /<(link|script)[^>]+(href|src)="https?:/);
  assert.is((await cli(['plan', inputs, '--report', reportPath])).code, 2, 'the same report again: already up to date');
  writeFileSync(reportPath, '{}\n');
  const again = await cli(['plan', inputs, '--report', reportPath]);
  assert.is(again.code, 1, 'an existing report with other content is not overwritten without --force');
  assert.is((await cli(['plan', inputs, '--report', reportPath, '--force'])).code, 2);
  rmSync(dir, { recursive: true });
});

test('bad arguments exit 1 with a one-line message', async () => {
  for (const args of [
    ['frobnicate'],
    ['apply', STANDALONE],
    ['apply', STANDALONE, APPLIED, '-o', 'x.xml'],
    ['plan', STANDALONE, '--bogus'],
    [],
  ]) {
    const r = await cli(args);
    assert.is(r.code, 1, args.join(' '));
    assert.is(r.err.trimEnd().split('\n').length, 2, r.err);
  }
});

test('the messages quoted in issue 9 are gone', async () => {
  const eaten = await cli(['plan', '--listener', 'InboundMail', STANDALONE]);
  assert.not.match(eaten.err, 'no *.xml export found in (no input)');
  assert.is(eaten.code, 2);
  const jobs = await cli(['plan', '--jobs', 'abc', STANDALONE]);
  assert.not.match(jobs.err, 'NaN');
  const unknown = await cli(['plan', STANDALONE, '--bogus']);
  assert.not.match(unknown.err, 'Options:', 'no help dump');
  assert.is(unknown.err.split('bogus').length - 1, 1, 'the message once');
  const help = await cli(['--help'], { columns: 100 });
  assert.not.match(help.out, /[a-z]\[string\]/);
  const many = await cli(['plan', SAMPLES]);
  assert.not.match(many.out, 'info finding(s)');
  assert.not.match(many.out, /appliance\(s\)/);
});

const DECL = '<?xml version="1.0" encoding="ISO-8859-1"?>\n<!DOCTYPE config SYSTEM "config.dtd">\n';
const badInputs: { name: string; text: string; code: number; code2: string; args?: string[]; located?: boolean }[] = [
  { name: 'malformed XML', text: standalone.replace('</interfaces>', '</interface>'), code: 1, code2: 'xml-mismatched-tag', located: true },
  { name: 'truncated file', text: standalone.slice(0, 4990), code: 1, code2: 'xml-truncated', located: true },
  { name: 'not an ESA export (root)', text: `${DECL}<settings><listeners/></settings>\n`, code: 1, code2: 'esa-not-export', located: true },
  {
    name: 'not an ESA export (no listeners)',
    text: `${DECL}<config><hostname>x</hostname></config>\n`,
    code: 1,
    code2: 'esa-no-listeners',
  },
  { name: 'listener without <hat>', text: standalone.replace(/<hat>[\s\S]*?<\/hat>/, ''), code: 1, code2: 'listener-without-hat' },
  {
    name: 'masked passphrases',
    text: readFileSync(join(ROOT, 'test', 'fixtures', 'masked.xml'), 'latin1'),
    code: 3,
    code2: 'masked-secrets',
    located: true,
  },
  {
    name: 'no public listener',
    text: standalone.replaceAll('<type>public</type>', '<type>private</type>'),
    code: 3,
    code2: 'no-public-listener',
  },
  { name: 'unknown --listener', text: standalone, code: 1, code2: 'unknown-listener', args: ['--listener', 'Nope'] },
  {
    name: 'policy conflict',
    text: standalone.replace('$BLOCKED\n    REJECT {}', '$CRES_TLS\n    REJECT {}\n\n$BLOCKED\n    REJECT {}'),
    code: 3,
    code2: 'policy-conflict',
  },
];
for (const b of badInputs) {
  test(`bad input: ${b.name} -> exit ${b.code}, nothing written, input untouched`, async () => {
    const dir = tempDir();
    const input = fixture(dir, 'in.xml', b.text);
    const out = join(dir, 'out.xml');
    const r = await cli(['apply', input, '-o', out, ...(b.args ?? [])]);
    assert.is(r.code, b.code, r.err);
    assert.match(r.err, `[${b.code2}]`);
    if (b.located) assert.match(r.err, new RegExp(`in\\.xml:\\d+:\\d+: error: `));
    assert.equal(readdirSync(dir), ['in.xml']);
    assert.ok(readFileSync(input, 'latin1') === b.text);
    const p = await cli(['plan', '--json', input, ...(b.args ?? [])]);
    assert.is(p.code, b.code);
    assert.is(JSON.parse(p.out).files[0].findings.find((f: { severity: string }) => f.severity === 'error').code, b.code2);
    rmSync(dir, { recursive: true });
  });
}

test('cluster export: the path and level the patch applies at are said; a plain export says nothing of it', async () => {
  const codes = async (file: string) =>
    JSON.parse((await cli(['plan', '--json', file])).out).files[0].findings.map((f: { code: string }) => f.code);
  const cluster = await codes(join(SAMPLES, 'cluster.xml'));
  assert.ok(cluster.includes('cluster-path') && cluster.includes('cluster-level'), cluster.join(' '));
  const plain = await codes(STANDALONE);
  assert.not.ok(plain.includes('cluster-path') || plain.includes('cluster-level'), plain.join(' '));
});

test('masked export: --allow-masked patches it and warns', async () => {
  const r = await cli(['plan', '--allow-masked', join(ROOT, 'test', 'fixtures', 'masked.xml')]);
  assert.is(r.code, 2);
  assert.match(r.out, '[masked-secrets]');
});

test('no public listener: --listener names the one to patch', async () => {
  const dir = tempDir();
  const input = fixture(dir, 'in.xml', standalone.replaceAll('<type>public</type>', '<type>private</type>'));
  const r = await cli(['plan', input, '--listener', 'InboundMail']);
  assert.is(r.code, 2);
  assert.match(r.out, 'add sender group CRES');
  rmSync(dir, { recursive: true });
});

test('options: --group-name, --policy-name, --tls-value, --sender', async () => {
  const r = await cli([
    'plan',
    STANDALONE,
    '--group-name',
    'RES',
    '--policy-name',
    'RES_TLS',
    '--tls-value',
    'on',
    '--sender',
    '.res.cisco.com',
    '--sender',
    '208.90.57.0/26',
  ]);
  assert.is(r.code, 2);
  assert.match(r.out, '+RES:\n+    .res.cisco.com\n+    208.90.57.0/26\n+    $RES_TLS (');
  assert.match(r.out, '+        tls = "on"');
  const bad = await cli(['plan', STANDALONE, '--group-name', 'A B']);
  assert.is(bad.code, 1);
  assert.match(bad.err, '--group-name');
});

test('rollback of a later export refuses (exit 3) when the group was changed since', async () => {
  const dir = tempDir();
  const input = fixture(dir, 'esa1.xml', standalone);
  assert.is((await cli(['apply', input, '-o', join(dir, 'p.xml')])).code, 0);
  const later = readFileSync(join(dir, 'p.xml'), 'latin1').replace('    204.15.81.0/26\n', '    204.15.81.0/26\n    192.0.2.1\n');
  fixture(dir, 'later.xml', later);
  const r = await cli(['rollback', join(dir, 'later.xml'), '--patch', join(dir, 'p.patch.json'), '-o', join(dir, 'r.xml')]);
  assert.is(r.code, 3);
  assert.match(r.err, '[rollback-conflict]');
  assert.not.ok(existsSync(join(dir, 'r.xml')));
  const bad = fixture(dir, 'bad.json', '{"format":"other"}');
  assert.is((await cli(['rollback', join(dir, 'p.xml'), '--patch', bad, '-o', join(dir, 'r.xml')])).code, 1);
  rmSync(dir, { recursive: true });
});

test('inspect lists the appliance, listeners, policies with TLS, groups in order', async () => {
  const r = await cli(['inspect', STANDALONE]);
  assert.is(r.code, 0);
  assert.match(r.out, 'mx-gw1.example.net');
  assert.match(r.out, 'AsyncOS 14.0.2-020');
  assert.match(r.out, 'listener InboundMail: public, at config/listeners/listener[1]');
  assert.match(r.out, '1. WHITELIST -> $TRUSTED');
  const j = await cli(['inspect', '--json', join(SAMPLES, 'crlf-allowed-list.xml')]);
  const report = JSON.parse(j.out);
  assert.is(report.schema, 'esa-patch/inspect@1');
  assert.ok(report.files[0].listeners[0].entries.length > 2);
  const bad = await cli(['inspect', join(ROOT, 'package.json')]);
  assert.is(bad.code, 1);
  const none = await cli(['inspect']);
  assert.is(none.code, 1);
});

test('the installed binary runs (bin/esa-patch.js over dist/): exit codes, -h, -V, no stack trace', () => {
  const ok = bin(['plan', APPLIED]);
  assert.is(ok.code, 0, ok.err);
  assert.ok(statSync(join(ROOT, 'bin', 'esa-patch.js')).mode & 0o100, 'bin is executable');
  const bad = bin(['plan', join(ROOT, 'nope.xml')]);
  assert.is(bad.code, 1);
  assert.not.match(bad.err, '    at ', 'no stack trace');
  assert.is(bin(['-V']).out.trim(), TOOL_VERSION);
  assert.match(bin(['-h']).out, 'Usage: esa-patch');
  const eaten = bin(['plan', '--listener', 'InboundMail', 'samples/multi-listener.xml']);
  assert.is(eaten.code, 2, eaten.err);
  const unknown = bin(['plan', '--lisener', 'x', 'samples/multi-listener.xml']);
  assert.is(unknown.code, 1);
  assert.match(unknown.err, 'did you mean --listener?');
  const coloured = bin(['plan', 'samples/tabs-comments-inline.xml'], ROOT, { FORCE_COLOR: '1' });
  assert.match(coloured.out, '\x1b[33mwarning');
});

test('a reader that closes the pipe early gets no stack trace', async () => {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'esa-patch.js'), 'plan', SAMPLES]);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((done) => child.on('close', done));
  assert.not.match(stderr, 'EPIPE');
  assert.not.match(stderr, '    at ');
  assert.ok(code === 0 || code === 2, `exit ${code}`);
});

test.run();
