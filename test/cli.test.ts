/** The command line end to end: every command, every documented exit code, every bad input. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, writeFileSync, readdirSync, rmSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { main } from '../src/cli/main.js';
import { recordingIo } from '../src/cli/io.js';
import { TOOL_VERSION } from '../src/version.js';
import { CORPUS, ROOT, SAMPLES, tempDir } from './helpers.js';

const STANDALONE = join(CORPUS, 'esa-standalone.xml');
const APPLIED = join(CORPUS, 'esa-cres-applied.xml');
const standalone = readFileSync(STANDALONE, 'latin1');

async function cli(args: string[], cwd = ROOT) {
  const io = recordingIo(cwd);
  const code = await main(args, io);
  return { code, out: io.stdout, err: io.stderr };
}

function fixture(dir: string, name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text, 'latin1');
  return p;
}

test('package.json and the tool agree on the version', () => {
  assert.is(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version, TOOL_VERSION);
});

test('plan: changes pending exit 2, prints the summary and the diff, writes nothing', async () => {
  const dir = tempDir();
  const input = fixture(dir, 'esa1.xml', standalone);
  const r = await cli(['plan', input]);
  assert.is(r.code, 2);
  assert.match(r.out, 'listener IncomingMail');
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
  const report = JSON.parse(Buffer.from(r.out, 'latin1').toString('utf8'));
  assert.is(report.schema, 'esa-patch/report@1');
  assert.is(report.exitCode, 2);
  assert.equal(report.files.map((f: { outcome: string }) => f.outcome), ['patched', 'unchanged']);
  assert.equal(report.files[0].operations.map((o: { op: string }) => o.op), ['add-policy', 'add-sender-group']);
  assert.match(report.files[0].diff, '+CRES:');
});

test('apply -o writes OUT.xml, OUT.diff, OUT.patch.json; rollback restores; --force is needed to overwrite', async () => {
  const dir = tempDir();
  const input = fixture(dir, 'esa1.xml', standalone);
  const out = join(dir, 'out', 'esa1-patched.xml');
  const r = await cli(['apply', input, '-o', out]);
  assert.is(r.code, 0, r.err);
  for (const ext of ['.xml', '.diff', '.patch.json']) assert.ok(existsSync(join(dir, 'out', `esa1-patched${ext}`)), ext);
  assert.is(readFileSync(input, 'latin1'), standalone, 'input untouched');
  const artefact = JSON.parse(readFileSync(join(dir, 'out', 'esa1-patched.patch.json'), 'utf8'));
  assert.is(artefact.format, 'esa-patch/2');
  assert.is(artefact.input.hostname, 'esa1.example.com');
  assert.is(artefact.input.asyncos, '14.2.0-620');
  assert.is(artefact.input.bytes, statSync(input).size);
  assert.equal(readdirSync(join(dir, 'out')).filter((n) => n.endsWith('.tmp')), [], 'no temporary file left');

  const before = readFileSync(out, 'latin1');
  const again = await cli(['apply', input, '-o', out]);
  assert.is(again.code, 1);
  assert.match(again.err, 'already exists');
  assert.match(again.err, '--force');
  assert.is(readFileSync(out, 'latin1'), before);
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
  assert.match(r.err, 'output-is-input');
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
  assert.match(r.out, '3 file(s): 1 patched, 1 unchanged, 0 refused, 1 failed');
  rmSync(dir, { recursive: true });
});

test('identical plans are one group in every report; --report writes the JSON report', async () => {
  const dir = tempDir();
  const inputs = join(dir, 'fleet');
  mkdirSync(inputs);
  for (const n of [1, 2, 3]) fixture(inputs, `esa${n}.xml`, standalone.replace('esa1.example.com', `esa${n}.example.com`));
  fixture(inputs, 'other.xml', standalone.replace('    $TRUSTED (My trusted', '    mail.partner.example\n    $TRUSTED (My trusted'));
  fixture(inputs, 'done.xml', readFileSync(APPLIED, 'latin1'));
  const reportPath = join(dir, 'report.json');
  const r = await cli(['plan', inputs, '--report', reportPath]);
  assert.is(r.code, 2);
  assert.match(r.out, /group g2: 3 appliance\(s\): .*esa1\.xml, .*esa2\.xml, .*esa3\.xml/);
  assert.match(r.out, /esa2\.xml \(esa2\.example\.com, AsyncOS [^)]*\): changes \[group g2\]/);
  assert.is(r.out.split('+CRES:').length - 1, 2, 'one diff per group of changes, not one per appliance');
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  assert.is(report.schema, 'esa-patch/report@1');
  assert.equal(report.groups.map((g: { files: string[] }) => g.files.length), [1, 3, 1]);
  assert.equal(report.groups.map((g: { outcome: string }) => g.outcome), ['unchanged', 'patched', 'patched']);
  const htmlPath = join(dir, 'report.html');
  assert.is((await cli(['plan', inputs, '--html', htmlPath])).code, 2);
  const page = readFileSync(htmlPath, 'utf8');
  assert.match(page, '<!DOCTYPE html>');
  assert.match(page, '$CRES_TLS (Cisco RES secure replies over TLS)');
  assert.not.match(page, /<(link|script)[^>]+(href|src)="https?:/);
  const again = await cli(['plan', inputs, '--report', reportPath]);
  assert.is(again.code, 1, 'an existing report is not overwritten without --force');
  assert.is((await cli(['plan', inputs, '--report', reportPath, '--force'])).code, 2);
  rmSync(dir, { recursive: true });
});

test('bad arguments exit 1 with a message', async () => {
  for (const args of [['frobnicate'], ['apply', STANDALONE], ['apply', STANDALONE, APPLIED, '-o', 'x.xml'], ['plan', STANDALONE, '--bogus'], []]) {
    const r = await cli(args);
    assert.is(r.code, 1, args.join(' '));
    assert.ok(r.err.length > 0);
  }
});

test('--help and --version', async () => {
  const h = await cli(['--help']);
  assert.is(h.code, 0);
  for (const c of ['plan', 'apply', 'rollback', 'inspect']) assert.match(h.out, c);
  const v = await cli(['--version']);
  assert.is(v.out.trim(), TOOL_VERSION);
});

const DECL = '<?xml version="1.0" encoding="ISO-8859-1"?>\n<!DOCTYPE config SYSTEM "config.dtd">\n';
const badInputs: { name: string; text: string; code: number; code2: string; args?: string[]; located?: boolean }[] = [
  { name: 'malformed XML', text: standalone.replace('</interfaces>', '</interface>'), code: 1, code2: 'xml-mismatched-tag', located: true },
  { name: 'truncated file', text: standalone.slice(0, 5000), code: 1, code2: 'xml-truncated', located: true },
  { name: 'not an ESA export (root)', text: `${DECL}<settings><listeners/></settings>\n`, code: 1, code2: 'esa-not-export', located: true },
  { name: 'not an ESA export (no listeners)', text: `${DECL}<config><hostname>x</hostname></config>\n`, code: 1, code2: 'esa-no-listeners' },
  { name: 'listener without <hat>', text: standalone.replace(/<hat>[\s\S]*?<\/hat>/, ''), code: 1, code2: 'listener-without-hat' },
  { name: 'masked passphrases', text: readFileSync(join(ROOT, 'test', 'fixtures', 'masked.xml'), 'latin1'), code: 3, code2: 'masked-secrets', located: true },
  { name: 'no public listener', text: standalone.replace('<type>public</type>', '<type>private</type>'), code: 3, code2: 'no-public-listener' },
  { name: 'unknown --listener', text: standalone, code: 1, code2: 'unknown-listener', args: ['--listener', 'Nope'] },
  { name: 'policy conflict', text: standalone.replace('$BLOCKED\n    REJECT {}', '$CRES_TLS\n    REJECT {}\n\n$BLOCKED\n    REJECT {}'), code: 3, code2: 'policy-conflict' },
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
  const codes = async (file: string) => {
    const r = await cli(['plan', '--json', file]);
    return JSON.parse(Buffer.from(r.out, 'latin1').toString('utf8')).files[0].findings.map((f: { code: string }) => f.code);
  };
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
  const input = fixture(dir, 'in.xml', standalone.replace('<type>public</type>', '<type>private</type>'));
  const r = await cli(['plan', input, '--listener', 'IncomingMail']);
  assert.is(r.code, 2);
  assert.match(r.out, 'add sender group CRES');
  rmSync(dir, { recursive: true });
});

test('options: --group-name, --policy-name, --tls-value, --sender', async () => {
  const r = await cli(['plan', STANDALONE, '--group-name', 'RES', '--policy-name', 'RES_TLS', '--tls-value', 'on', '--sender', '.res.cisco.com', '--sender', '208.90.57.0/26']);
  assert.is(r.code, 2);
  assert.match(r.out, '+RES:\n+    .res.cisco.com\n+    208.90.57.0/26\n+    $RES_TLS (');
  assert.match(r.out, '+        tls = "on"');
  const bad = await cli(['plan', STANDALONE, '--group-name', 'A B']);
  assert.is(bad.code, 1);
  assert.match(bad.err, 'bad-recipe');
});

test('rollback of a later export refuses (exit 3) when the group was changed since', async () => {
  const dir = tempDir();
  const input = fixture(dir, 'esa1.xml', standalone);
  assert.is((await cli(['apply', input, '-o', join(dir, 'p.xml')])).code, 0);
  const later = readFileSync(join(dir, 'p.xml'), 'latin1').replace('    204.15.81.0/26\n', '    204.15.81.0/26\n    192.0.2.1\n');
  fixture(dir, 'later.xml', later);
  const r = await cli(['rollback', join(dir, 'later.xml'), '--patch', join(dir, 'p.patch.json'), '-o', join(dir, 'r.xml')]);
  assert.is(r.code, 3);
  assert.match(r.err, 'sender group CRES now holds');
  assert.not.ok(existsSync(join(dir, 'r.xml')));
  const bad = fixture(dir, 'bad.json', '{"format":"other"}');
  assert.is((await cli(['rollback', join(dir, 'p.xml'), '--patch', bad, '-o', join(dir, 'r.xml')])).code, 1);
  rmSync(dir, { recursive: true });
});

test('inspect lists the appliance, listeners, policies with TLS, groups in order', async () => {
  const r = await cli(['inspect', STANDALONE]);
  assert.is(r.code, 0);
  assert.match(r.out, 'esa1.example.com');
  assert.match(r.out, 'AsyncOS 14.2.0-620');
  assert.match(r.out, 'listener IncomingMail: public, at config/listeners/listener[1]');
  assert.match(r.out, '$TRUSTED: ACCEPT, tls "off"');
  assert.match(r.out, '1. WHITELIST -> $TRUSTED (ACCEPT)');
  const j = await cli(['inspect', '--json', join(SAMPLES, 'crlf-allowed-list.xml')]);
  const report = JSON.parse(Buffer.from(j.out, 'latin1').toString('utf8'));
  assert.is(report.schema, 'esa-patch/inspect@1');
  assert.ok(report.files[0].listeners[0].entries.length > 2);
  const bad = await cli(['inspect', join(ROOT, 'package.json')]);
  assert.is(bad.code, 1);
});

test('the installed binary runs (bin/esa-patch.js over dist/)', () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'esa-patch.js'), 'plan', APPLIED], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  assert.ok(statSync(join(ROOT, 'bin', 'esa-patch.js')).mode & 0o100, 'bin is executable');
  const bad = spawnSync(process.execPath, [join(ROOT, 'bin', 'esa-patch.js'), 'plan', join(ROOT, 'nope.xml')], { encoding: 'utf8' });
  assert.is(bad.status, 1);
  assert.not.match(bad.stderr, '    at ', 'no stack trace');
});

test('a reader that closes the pipe early gets no stack trace', async () => {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'esa-patch.js'), 'plan', SAMPLES, CORPUS]);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((done) => child.on('close', done));
  assert.not.match(stderr, 'EPIPE');
  assert.not.match(stderr, '    at ');
  assert.ok(code === 0 || code === 2, `exit ${code}`);
});

test.run();
