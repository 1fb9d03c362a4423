/** Arguments: one value per occurrence, positionals never eaten, strict with "did you mean", every value checked. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLES, tempDir } from '../helpers.js';
import { TOOL_VERSION } from '../../src/version.js';
import { cli, fixture } from './run.js';

const MULTI = join(SAMPLES, 'multi-listener.xml');

async function planJson(args: string[], cwd?: string) {
  const r = await cli(['plan', '--json', ...args], { cwd });
  return { ...r, doc: r.out ? JSON.parse(r.out) : null };
}

const selected = (doc: { files: { listeners: { name: string; selected: boolean }[] }[] }) =>
  doc.files[0]!.listeners.filter((l) => l.selected).map((l) => l.name);

test('options before the export do not eat it: --listener A f.xml, --listener=X f.xml, --sender 1.2.3.4 f.xml', async () => {
  const a = await planJson(['--listener', 'InboundMail', MULTI]);
  assert.is(a.code, 2, a.err);
  assert.equal(selected(a.doc), ['InboundMail']);
  const b = await planJson(['--listener=PartnerMX', MULTI]);
  assert.is(b.code, 2, b.err);
  assert.equal(selected(b.doc), ['PartnerMX']);
  const c = await planJson(['--sender', '208.90.57.0/26', MULTI]);
  assert.is(c.code, 2, c.err);
  assert.equal(c.doc.recipe.groups[0].senders, ['208.90.57.0/26']);
  assert.equal(
    c.doc.files.map((f: { file: string }) => f.file),
    [MULTI],
  );
});

test('a repeatable option takes one value per occurrence, wherever it stands', async () => {
  const r = await planJson([
    '--listener',
    'PartnerMX',
    MULTI,
    '--listener',
    'InboundMail',
    '--sender',
    '.res.cisco.com',
    '--sender',
    '208.90.57.0/26',
  ]);
  assert.is(r.code, 2, r.err);
  assert.equal(selected(r.doc).sort(), ['InboundMail', 'PartnerMX']);
  assert.equal(r.doc.recipe.groups[0].senders, ['.res.cisco.com', '208.90.57.0/26']);
});

test('apply --listener X f.xml -o o.xml writes o.xml', async () => {
  const dir = tempDir();
  const r = await cli(['apply', '--listener', 'InboundMail', MULTI, '-o', join(dir, 'o.xml')]);
  assert.is(r.code, 0, r.err);
  assert.ok(readFileSync(join(dir, 'o.xml'), 'latin1').length > 0);
  rmSync(dir, { recursive: true });
});

test('-- ends the options: a file named -x.xml', async () => {
  const dir = tempDir();
  fixture(dir, '-x.xml', readFileSync(MULTI, 'latin1'));
  const r = await cli(['plan', '--json', '--', '-x.xml'], { cwd: dir });
  assert.is(r.code, 2, r.err);
  assert.equal(
    JSON.parse(r.out).files.map((f: { file: string }) => f.file),
    ['-x.xml'],
  );
  const without = await cli(['plan', '-x.xml'], { cwd: dir });
  assert.is(without.code, 1);
  rmSync(dir, { recursive: true });
});

/** A usage error: exit 1, one message line naming the problem, then the pointer to --help; no help dump. */
async function usageError(args: string[], ...needles: (string | RegExp)[]) {
  const r = await cli(args);
  assert.is(r.code, 1, `${args.join(' ')}: ${r.err}`);
  assert.is(r.out, '', `${args.join(' ')} prints nothing on stdout`);
  const lines = r.err.trimEnd().split('\n');
  assert.is(lines.length, 2, `${args.join(' ')}: one line and the pointer:\n${r.err}`);
  assert.match(lines[0]!, /^esa-patch: /);
  assert.match(lines[1]!, /^Run 'esa-patch( \w+)? --help' for usage\.$/);
  for (const n of needles) assert.match(lines[0]!, n);
  return lines[0]!;
}

test('an unknown option: one line, "did you mean", a pointer to --help, exit 1', async () => {
  await usageError(['plan', '--lisener', 'A', MULTI], '--lisener', 'did you mean --listener?');
  await usageError(['plan', MULTI, '--bogus'], '--bogus');
  await usageError(['apply', MULTI, '--out_dir', 'x'], 'did you mean --out-dir?');
});

test('an unknown command: "did you mean", or the list of commands', async () => {
  await usageError(['pln', MULTI], '"pln"', 'did you mean plan?');
  await usageError(['frobnicate'], '"frobnicate"', 'plan, apply, pull, push, revert, rollback');
  await usageError([], 'name a command');
});

test('every option is checked, and the message names it', async () => {
  await usageError(['plan', '--jobs', 'abc', MULTI], '--jobs', '"abc"');
  await usageError(['plan', '--jobs', '0', MULTI], '--jobs');
  await usageError(['plan', '--group-name'], '--group-name');
  await usageError(['plan', MULTI, '--group-name='], '--group-name');
  await usageError(['plan', MULTI, '--group-name', 'A B'], '--group-name', 'HAT name');
  await usageError(['plan', MULTI, '--policy-name', 'X$Y'], '--policy-name');
  await usageError(['plan', MULTI, '--group-name', 'all'], '--group-name');
  await usageError(['plan', MULTI, '--fail-on', 'info'], '--fail-on', 'warning or error');
  await usageError(['plan', MULTI, '--quiet', '--verbose'], '--quiet', '--verbose');
  await usageError(['rollback', MULTI], '--patch');
  await usageError(['plan', MULTI, '--tls-value', 'tls required'], '--tls-value');
  await usageError(['plan', MULTI, '--sender', '$X'], '--sender');
  const inv = await cli(['plan', '--inventory', 'no-such.yaml']);
  assert.is(inv.code, 1);
  assert.match(inv.err, /^esa-patch: --inventory: /);
});

test('-o naming an existing directory is refused, not turned into DIR.xml', async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'existingdir'));
  // The file layer's finding (output-is-directory), one line, before anything is read.
  const r = await cli(['apply', MULTI, '-o', join(dir, 'existingdir')]);
  assert.is(r.code, 1, r.err);
  assert.is(r.out, '');
  assert.is(r.err.trimEnd().split('\n').length, 1, r.err);
  assert.match(r.err, /^esa-patch: .*directory.*--out-dir.*\[output-is-directory\]\n$/);
  rmSync(dir, { recursive: true });
});

test('rollback --plan with -o is refused: --plan writes nothing', async () => {
  await usageError(['rollback', MULTI, '--patch', 'x.patch.json', '--plan', '-o', 'x.xml'], '--plan', '-o');
});

test('apply without an output, and -o with several inputs, say what to give', async () => {
  await usageError(['apply', MULTI], '-o OUT.xml', '--out-dir');
  await usageError(['apply', MULTI, join(SAMPLES, 'half-patched.xml'), '-o', 'x.xml'], '--out-dir');
  await usageError(['plan'], 'name the export');
});

test('-h/--help and -V/--version', async () => {
  for (const flag of ['-h', '--help']) {
    const h = await cli([flag]);
    assert.is(h.code, 0);
    for (const c of ['plan', 'apply', 'rollback', 'show', 'verify', 'inspect', 'explain', 'completion'])
      assert.match(h.out, `esa-patch ${c}`);
    assert.match(h.out, 'Exit codes:');
    assert.match(h.out, 'Examples:');
  }
  for (const flag of ['-V', '--version']) assert.is((await cli([flag])).out.trim(), TOOL_VERSION);
  assert.is((await cli(['help'])).out, (await cli(['--help'])).out);
  assert.is((await cli(['help', 'apply'])).out, (await cli(['apply', '--help'])).out);
  const sub = await cli(['plan', '-h']);
  assert.is(sub.code, 0);
  assert.match(sub.out, '--listener');
  assert.match(sub.out, 'Examples:');
  assert.match(sub.out, '  3  refused');
});

test('help is wrapped to the terminal, never runs words together', async () => {
  for (const columns of [60, 80, 100]) {
    const h = await cli(['plan', '--help'], { columns });
    for (const l of h.out.split('\n')) assert.ok(l.length <= columns, `${columns}: ${l}`);
    assert.not.match(h.out, /[a-z]\[(string|array|boolean)\]/, 'a word runs into its type');
  }
});

test.run();
