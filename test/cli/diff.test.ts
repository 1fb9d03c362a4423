/**
 * `esa-patch diff` end to end: exit codes, text, `--json` valid against `esa-patch/diff@1`
 * (docs/diff-schema.json is DIFF_JSON_SCHEMA), a 200-export fleet with `--baseline`, `--html`,
 * `--map-listener`, `--strict`, `--inventory`, and the diff of an export against apply's output.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { main } from '../../src/cli/main.js';
import { recordingIo } from '../../src/cli/io.js';
import { DIFF_JSON_SCHEMA, DIFF_SCHEMA_ID, type DiffDocument } from '../../src/report/diff-schema.js';
import { ROOT, SAMPLES, tempDir } from '../helpers.js';
import { buildExport, CISCO_HAT, driftFleet, standardListeners } from '../fixtures/difftrace.js';

const SCHEMA_FILE = join(ROOT, 'docs', 'diff-schema.json');
const SCHEMA_DOC = join(ROOT, 'docs', 'diff-schema.md');
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
const validate = ajv.compile(DIFF_JSON_SCHEMA as object);

function valid(doc: unknown): void {
  if (!validate(doc))
    assert.unreachable(`the diff document does not match its schema:\n${ajv.errorsText(validate.errors, { separator: '\n' })}`);
}

async function cli(args: string[], cwd = ROOT) {
  const io = recordingIo(cwd);
  const code = await main(args, io);
  return { code, out: io.stdout, err: io.stderr };
}

async function json(args: string[], cwd = ROOT): Promise<{ code: number; doc: DiffDocument }> {
  const r = await cli([...args, '--json'], cwd);
  const doc = JSON.parse(Buffer.from(r.out, 'latin1').toString('utf8')) as DiffDocument;
  valid(doc);
  assert.is(doc.exitCode, r.code);
  return { code: r.code, doc };
}

function write(dir: string, name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text, 'latin1');
  return p;
}

const A = buildExport({ listeners: standardListeners() });
const B = buildExport({
  listeners: standardListeners(CISCO_HAT.replace('        max_rcpts_per_hour = -1\n', '        max_rcpts_per_hour = 5000\n')),
  time: 'Thu Jan 01 00:00:00 2026',
});

test('docs/diff-schema.json is DIFF_JSON_SCHEMA (UPDATE_SCHEMA=1 rewrites it), a valid draft 2020-12 schema documented in docs/diff-schema.md', () => {
  const text = JSON.stringify(DIFF_JSON_SCHEMA, null, 2) + '\n';
  if (process.env['UPDATE_SCHEMA'] === '1') writeFileSync(SCHEMA_FILE, text);
  assert.ok(existsSync(SCHEMA_FILE), `${SCHEMA_FILE} is missing: run the tests with UPDATE_SCHEMA=1`);
  assert.fixture(
    readFileSync(SCHEMA_FILE, 'utf8'),
    text,
    'docs/diff-schema.json differs from src/report/diff-schema.ts: run the tests with UPDATE_SCHEMA=1',
  );
  assert.ok(ajv.validateSchema(DIFF_JSON_SCHEMA as object));
  assert.is(DIFF_JSON_SCHEMA.properties.schema.const, DIFF_SCHEMA_ID);
  const doc = readFileSync(SCHEMA_DOC, 'utf8');
  const kinds = DIFF_JSON_SCHEMA.$defs.hatChange.oneOf.map((c) => c.properties.kind.const);
  for (const k of kinds) assert.ok(doc.includes(`\`${k}\``), `docs/diff-schema.md does not mention ${k}`);
});

test('diff: identical exports exit 0; different exit 2 with the change in words; Current Time ignored', async () => {
  const dir = tempDir();
  const a = write(dir, 'a.xml', A);
  const b = write(dir, 'b.xml', B);
  const same = write(dir, 'same.xml', A.replace('Mon Feb 03 16:47:09 2025', 'Sun Dec 31 23:59:59 2028').replace(/\n/g, '\r\n'));
  const r0 = await cli(['diff', a, same]);
  assert.is(r0.code, 0, r0.err);
  assert.match(r0.out, 'identical by meaning');
  const r2 = await cli(['diff', a, b]);
  assert.is(r2.code, 2, r2.err);
  assert.match(r2.out, '~ $TRUSTED: max_rcpts_per_hour -1 -> 5000');
  assert.match(r2.out, 'listener RelayOut (config/listeners/listener[2]): same');
  const { doc } = await json(['diff', a, b]);
  assert.is(doc.comparisons.length, 1);
  assert.equal(doc.comparisons[0]!.listeners[0]!.hat, [
    { kind: 'policy-param-changed', policy: 'TRUSTED', param: 'max_rcpts_per_hour', from: '-1', to: '5000' },
  ]);
  assert.equal(
    doc.groups.map((g) => [g.id, g.files]),
    [['d1', [b]]],
  );
});

test('diff: errors exit 1 (unreadable file, not an export, wrong arguments, unknown --map-listener)', async () => {
  const dir = tempDir();
  const a = write(dir, 'a.xml', A);
  const broken = write(dir, 'broken.xml', A.slice(0, 400));
  const notExport = write(dir, 'other.xml', '<?xml version="1.0"?>\n<html></html>\n');
  const r = await json(['diff', a, broken]);
  assert.is(r.code, 1);
  assert.is(r.doc.comparisons[0]!.outcome, 'error');
  assert.equal(
    r.doc.comparisons[0]!.findings.map((f) => f.code),
    ['xml-malformed'],
  );
  const n = await json(['diff', a, notExport]);
  assert.equal(
    n.doc.comparisons[0]!.findings.map((f) => [f.code, f.args]),
    [['esa-not-export', { root: 'html' }]],
  );
  assert.is((await cli(['diff', a, join(dir, 'missing.xml')])).code, 1);
  assert.is((await cli(['diff', a])).code, 1);
  assert.is((await cli(['diff', a, a, a])).code, 1);
  assert.is((await cli(['diff', a, a, '--map-listener', 'nonsense'])).code, 1);
  const m = await json(['diff', a, a, '--map-listener', 'Nope=InboundMail']);
  assert.is(m.code, 1);
  assert.ok(m.doc.comparisons[0]!.findings.some((f) => f.code === 'diff-unknown-listener'));
});

test('diff --map-listener pairs listeners the fleet names differently; --listener compares one', async () => {
  const dir = tempDir();
  const a = write(dir, 'a.xml', A);
  const renamed = write(
    dir,
    'r.xml',
    buildExport({ listeners: standardListeners().map((l, k) => ({ ...l, name: k === 0 ? 'MX_Public' : l.name })) }),
  );
  assert.is((await cli(['diff', a, renamed])).code, 2);
  const { code, doc } = await json(['diff', a, renamed, '--map-listener', 'InboundMail=MX_Public']);
  assert.is(code, 0);
  assert.equal(
    doc.comparisons[0]!.listeners.map((l) => l.match),
    ['map', 'path'],
  );
  const one = await json(['diff', a, write(dir, 'b.xml', B), '--listener', 'RelayOut']);
  assert.is(one.code, 0);
  assert.equal(
    one.doc.comparisons[0]!.listeners.map((l) => l.listener),
    ['RelayOut'],
  );
});

test('diff --strict shows formatting; without it a re-export is identical', async () => {
  const dir = tempDir();
  const a = write(dir, 'a.xml', A);
  const tabs = write(
    dir,
    'tabs.xml',
    buildExport({ listeners: standardListeners(CISCO_HAT.replace(/^ {8}/gm, '\t\t').replace(/^ {4}/gm, '\t')) }),
  );
  assert.is((await cli(['diff', a, tabs])).code, 0);
  const { code, doc } = await json(['diff', '--strict', a, tabs]);
  assert.is(code, 2);
  assert.ok(doc.strict);
  assert.ok(doc.comparisons[0]!.listeners[0]!.hat.every((c) => c.kind === 'format'));
});

test('diff --baseline: a 200-export fleet, 3 kinds of drift in 3 groups plus the identical ones; --html', async () => {
  const dir = tempDir();
  const fleet = driftFleet(200);
  write(dir, 'golden.xml', fleet.baseline);
  mkdirSync(join(dir, 'fleet'));
  for (const e of fleet.exports) write(join(dir, 'fleet'), e.name, e.text);
  const { code, doc } = await json(['diff', '--baseline', 'golden.xml', 'fleet', '--html', 'drift.html'], dir);
  assert.is(code, 2);
  assert.is(doc.baseline, 'golden.xml');
  assert.is(doc.comparisons.length, 200);
  assert.equal(
    doc.groups.map((g) => g.id),
    ['identical', 'd1', 'd2', 'd3'],
  );
  const kindOf = new Map(fleet.exports.map((e) => [join('fleet', e.name), e.kind]));
  for (const g of doc.groups) assert.is(new Set(g.files.map((f) => kindOf.get(f))).size, 1, `group ${g.id} mixes kinds of drift`);
  assert.is(doc.groups[0]!.files.length, fleet.exports.filter((e) => e.kind === 'identical').length);
  const html = readFileSync(join(dir, 'drift.html'), 'utf8');
  assert.match(html, 'id="group-d3"');
  assert.match(html, '$THROTTLED: max_rcpts_per_hour 20 -&#62; 200');
  assert.not.match(html, /<script|https?:\/\/(?!json-schema)/);
  // Text: one line per group, not one per export.
  const text = await cli(['diff', '--baseline', 'golden.xml', 'fleet'], dir);
  assert.is(text.code, 2);
  assert.match(text.out, /200 exports: \d+ identical, \d+ different in 3 groups, 0 not compared/);
  assert.ok(text.out.split('\n').length < 60, 'the fleet report lists each difference once');
  // The same page again is up to date; an existing --html file with other content is not replaced without --force.
  assert.is((await cli(['diff', '--baseline', 'golden.xml', 'fleet', '--html', 'drift.html'], dir)).code, 2);
  writeFileSync(join(dir, 'drift.html'), 'edited\n');
  assert.is((await cli(['diff', '--baseline', 'golden.xml', 'fleet', '--html', 'drift.html'], dir)).code, 1);
});

test('diff --baseline --inventory', async () => {
  const dir = tempDir();
  write(dir, 'golden.xml', A);
  write(dir, 'b.xml', B);
  write(dir, 'inv.json', JSON.stringify([{ file: 'b.xml' }, { file: 'golden.xml' }]));
  const { code, doc } = await json(['diff', '--baseline', 'golden.xml', '--inventory', 'inv.json'], dir);
  assert.is(code, 2);
  assert.is(doc.comparisons.length, 1, 'the baseline is not compared with itself');
});

test('diff of an export against the file apply wrote: exactly the operations of the artefact', async () => {
  const dir = tempDir();
  const input = join(SAMPLES, 'half-patched.xml');
  const out = join(dir, 'out.xml');
  assert.is((await cli(['apply', input, '-o', out])).code, 0);
  const artefact = JSON.parse(readFileSync(join(dir, 'out.patch.json'), 'utf8')) as { operations: { op: string; listener: string }[] };
  const { code, doc } = await json(['diff', input, out]);
  assert.is(code, 2);
  const kinds = doc.comparisons[0]!.listeners.flatMap((l) => l.hat.map((c) => `${l.listener} ${c.kind}`)).sort();
  const ops: Record<string, string> = {
    'set-policy-param': 'policy-param-changed',
    'move-sender-group': 'entry-moved',
    'add-senders': 'members-added',
    'add-policy': 'policy-added',
    'add-sender-group': 'entry-added',
  };
  assert.equal(kinds, artefact.operations.map((o) => `${o.listener} ${ops[o.op]}`).sort());
});

test.run();
