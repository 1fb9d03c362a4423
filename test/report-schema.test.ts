/**
 * The JSON Schema of `esa-patch/report@1` (src/report/schema.ts, docs/report-schema.json): real
 * reports of plan, apply and rollback over samples/ and the corpus validate; broken ones do not.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFileSync, existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { main, REPORT_SCHEMA } from '../src/cli/main.js';
import { recordingIo } from '../src/cli/io.js';
import { reverseOperation } from '../src/patch/operations.js';
import { REPORT_SCHEMA_ID } from '../src/report/report-document.js';
import { REPORT_JSON_SCHEMA } from '../src/report/schema.js';
import { readdirSync } from 'node:fs';
import { ROOT, SAMPLES, tempDir } from './helpers.js';

/** The bundled samples (tests read nothing outside the repository). */
const samples = () =>
  readdirSync(SAMPLES)
    .filter((n) => n.endsWith('.xml'))
    .sort()
    .map((name) => ({ name, path: join(SAMPLES, name) }));
const STANDALONE = join(SAMPLES, 'multi-listener.xml');

const SCHEMA_FILE = join(ROOT, 'docs', 'report-schema.json');
const SCHEMA_DOC = join(ROOT, 'docs', 'report-schema.md');

const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
const validate = ajv.compile(REPORT_JSON_SCHEMA as object);

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

function check(doc: unknown, what: string): void {
  if (!validate(doc))
    assert.unreachable(`${what}: the report does not match the schema:\n${ajv.errorsText(validate.errors, { separator: '\n' })}`);
}

function rejects(doc: unknown, what: string, errorPath?: string): void {
  assert.not.ok(validate(doc), `${what}: a broken report passed validation`);
  if (errorPath)
    assert.ok(
      validate.errors!.some((e) => e.instancePath.startsWith(errorPath)),
      `${what}: expected an error at ${errorPath}, got ${ajv.errorsText(validate.errors)}`,
    );
}

/** Runs the CLI; stdout holds UTF-8 bytes as latin1 characters. */
async function cli(args: string[], cwd = ROOT): Promise<{ code: number; json: Json; stderr: string }> {
  const io = recordingIo(cwd);
  const code = await main(args, io);
  const out = Buffer.from(io.stdout, 'latin1').toString('utf8');
  let json: Json = null;
  try {
    json = JSON.parse(out);
  } catch {
    assert.unreachable(`esa-patch ${args.join(' ')} (exit ${code}) did not print JSON:\n${out}\n${io.stderr}`);
  }
  return { code, json, stderr: io.stderr };
}

const clone = <T>(x: T): T => structuredClone(x);

let planDoc: Json;

test('docs/report-schema.json is REPORT_JSON_SCHEMA (UPDATE_SCHEMA=1 rewrites it)', () => {
  const text = JSON.stringify(REPORT_JSON_SCHEMA, null, 2) + '\n';
  if (process.env['UPDATE_SCHEMA'] === '1') {
    mkdirSync(join(ROOT, 'docs'), { recursive: true });
    writeFileSync(SCHEMA_FILE, text);
  }
  assert.ok(existsSync(SCHEMA_FILE), `${SCHEMA_FILE} is missing: run the tests with UPDATE_SCHEMA=1`);
  assert.fixture(
    readFileSync(SCHEMA_FILE, 'utf8'),
    text,
    'docs/report-schema.json differs from src/report/schema.ts: run the tests with UPDATE_SCHEMA=1',
  );
});

test('the schema names the format the CLI prints, and is a draft 2020-12 schema', () => {
  assert.is(REPORT_SCHEMA_ID, REPORT_SCHEMA);
  assert.is(REPORT_JSON_SCHEMA.properties.schema.const, REPORT_SCHEMA);
  assert.is(REPORT_JSON_SCHEMA.$schema, 'https://json-schema.org/draft/2020-12/schema');
  assert.ok(ajv.validateSchema(REPORT_JSON_SCHEMA as object), 'not a valid draft 2020-12 schema');
});

test('every field of the schema is described, and docs/report-schema.md names it', () => {
  const doc = readFileSync(SCHEMA_DOC, 'utf8');
  const missing: string[] = [];
  const undocumented: string[] = [];
  const walk = (node: Json, path: string) => {
    if (!node || typeof node !== 'object') return;
    if (node.properties) {
      for (const [name, sub] of Object.entries<Json>(node.properties)) {
        if (name !== 'op' && !sub.description && !sub.$ref) missing.push(`${path}.${name}`);
        if (!doc.includes(`\`${name}\``)) undocumented.push(`${path}.${name}`);
        walk(sub, `${path}.${name}`);
      }
    }
    for (const key of ['items', 'additionalProperties']) if (node[key] && typeof node[key] === 'object') walk(node[key], `${path}[]`);
    for (const [i, sub] of (node.oneOf ?? []).entries()) {
      if (!sub.description) missing.push(`${path}.oneOf[${i}]`);
      walk(sub, `${path}(${sub.properties?.op?.const ?? i})`);
    }
    for (const [name, sub] of Object.entries<Json>(node.$defs ?? {})) {
      if (!sub.description) missing.push(`$defs.${name}`);
      walk(sub, name);
    }
  };
  walk(REPORT_JSON_SCHEMA, '');
  assert.equal(missing, [], `fields without a description: ${missing.join(', ')}`);
  assert.equal(undocumented, [], `fields docs/report-schema.md does not mention: ${undocumented.join(', ')}`);
  const ops = REPORT_JSON_SCHEMA.$defs.operation.oneOf.map((o) => o.properties.op.const);
  for (const op of ops) assert.ok(doc.includes(`\`${op}\``), `docs/report-schema.md does not mention operation ${op}`);
});

test('plan --json over samples/: the report validates', async () => {
  const r = await cli(['plan', '--json', SAMPLES]);
  assert.is(r.code, 2);
  check(r.json, 'plan');
  assert.is(r.json.files.length, samples().length);
  const outcomes = new Set(r.json.files.map((f: Json) => f.outcome));
  assert.ok(outcomes.has('patched') && outcomes.has('unchanged'), 'expected patched and unchanged files');
  const ops = new Set(r.json.files.flatMap((f: Json) => f.operations.map((o: Json) => o.op)));
  for (const op of ['add-policy', 'add-sender-group', 'move-sender-group', 'add-senders', 'set-policy-param'])
    assert.ok(ops.has(op), `no ${op} in the samples`);
  assert.ok(r.json.groups.length > 0);
  planDoc = r.json;
});

test('plan --json over every export on its own, and with options: each report validates', async () => {
  for (const e of samples()) {
    const r = await cli(['plan', '--json', e.path]);
    check(r.json, `plan ${e.name}`);
    const other = await cli([
      'plan',
      '--json',
      e.path,
      '--group-name',
      'RES_SENDERS',
      '--policy-name',
      'RES_TLS',
      '--tls-value',
      'on',
      '--sender',
      '208.90.57.0/24',
    ]);
    check(other.json, `plan ${e.name} with options`);
  }
});

test('apply --json --out-dir and --report FILE.json: both reports validate and agree', async () => {
  const dir = tempDir();
  const report = join(dir, 'report.json');
  const r = await cli(['apply', '--json', SAMPLES, '--out-dir', join(dir, 'out'), '--report', report]);
  assert.is(r.code, 0, r.stderr);
  check(r.json, 'apply');
  assert.ok(
    r.json.files.every((f: Json) => f.written && typeof f.written.xml === 'string'),
    'apply reports what it wrote',
  );
  const written = JSON.parse(readFileSync(report, 'utf8'));
  check(written, 'apply --report');
  // The printed report also lists the report file it wrote (with its checksum); the file cannot list itself.
  assert.equal(
    r.json.written.map((w: Json) => w.kind),
    ['report'],
  );
  const { written: _, ...rest } = r.json;
  assert.equal(written, rest);
});

test('refused and failed files: the report validates (outcomes refused and error, no group)', async () => {
  const dir = tempDir();
  copyFileSync(join(ROOT, 'test', 'fixtures', 'masked.xml'), join(dir, 'masked.xml'));
  writeFileSync(join(dir, 'truncated.xml'), readFileSync(STANDALONE).subarray(0, 2000));
  writeFileSync(join(dir, 'not-esa.xml'), '<?xml version="1.0"?>\n<config><x>caf\xe9</x></config>\n', 'latin1');
  const r = await cli(['plan', '--json', dir, STANDALONE]);
  assert.is(r.code, 1);
  check(r.json, 'plan with broken files');
  const outcomes = r.json.files.map((f: Json) => f.outcome).sort();
  assert.equal(outcomes, ['error', 'error', 'patched', 'refused']);
  assert.is(r.json.groups.length, 1);
  const a = await cli(['apply', '--json', dir, '--out-dir', join(dir, 'out')]);
  check(a.json, 'apply with broken files');
});

test('rollback --json and rollback --plan --json: the reports validate (removal operations)', async () => {
  const dir = tempDir();
  const out = join(dir, 'esa.xml');
  const applied = await cli(['apply', '--json', join(SAMPLES, 'half-patched.xml'), '-o', out]);
  assert.is(applied.code, 0, applied.stderr);
  const plan = await cli(['rollback', '--plan', '--json', out, '--patch', join(dir, 'esa.patch.json')]);
  check(plan.json, 'rollback --plan');
  assert.is(plan.json.command, 'rollback');
  const done = await cli(['rollback', '--json', out, '--patch', join(dir, 'esa.patch.json'), '-o', join(dir, 'back.xml')]);
  check(done.json, 'rollback');
});

test('every operation kind validates, including the reverse ones', () => {
  const doc = clone(planDoc);
  const ops = doc.files.flatMap((f: Json) => f.operations);
  // The samples never rebind a group to another policy: one written as the planner would.
  ops.push({
    op: 'set-group-policy',
    listener: 'IncomingMail',
    listenerPath: 'config/listeners/listener[1]',
    group: 'CRES',
    from: { kind: 'named', name: 'ACCEPTED' },
    to: { kind: 'named', name: 'CRES_TLS' },
  });
  doc.files[0].operations = [...ops, ...ops.map(reverseOperation)];
  const kinds = new Set(doc.files[0].operations.map((o: Json) => o.op));
  assert.is(kinds.size, 9, `expected the 9 operation kinds, got ${[...kinds].join(', ')}`);
  check(doc, 'every operation kind');
});

test('broken reports fail validation', () => {
  const ok = clone(planDoc);
  check(ok, 'the unbroken copy');
  const broken: [string, (d: Json) => void, string?][] = [
    ['a wrong outcome value', (d) => (d.files[0].outcome = 'skipped'), '/files/0/outcome'],
    ['a missing field (diff)', (d) => delete d.files[1].diff, '/files/1'],
    ['a missing field (hostname)', (d) => delete d.files[0].hostname, '/files/0'],
    ['a missing top-level field (groups)', (d) => delete d.groups, ''],
    ['another schema', (d) => (d.schema = 'esa-patch/report@2'), '/schema'],
    ['an unknown command', (d) => (d.command = 'inspect'), '/command'],
    ['an exit code outside 0-3', (d) => (d.exitCode = 4), '/exitCode'],
    ['an unknown field', (d) => (d.files[0].extra = true), '/files/0'],
    ['an unknown operation', (d) => (d.files[1].operations[0].op = 'delete-listener'), '/files/1/operations/0'],
    ['an operation missing a field', (d) => delete d.files[1].operations[0].listener, '/files/1/operations/0'],
    [
      'a move with a negative position',
      (d) =>
        (d.files
          .find((f: Json) => f.operations.some((o: Json) => o.op === 'move-sender-group'))
          .operations.find((o: Json) => o.op === 'move-sender-group').from = -1),
    ],
    ['a wrong severity', (d) => (d.files[0].findings[0].severity = 'fatal'), '/files/0/findings/0/severity'],
    ['a finding without message', (d) => delete d.files[0].findings[0].message, '/files/0/findings/0'],
    ['a line 0', (d) => (d.files[0].findings[0].line = 0), '/files/0/findings/0/line'],
    ['a finding code not in kebab-case', (d) => (d.files[0].findings[0].code = 'Masked Secrets'), '/files/0/findings/0/code'],
    ['a TLS value that is a number', (d) => (d.files[0].listeners[0].tls.X = 1), '/files/0/listeners/0/tls/X'],
    ['a listener without selected', (d) => delete d.files[0].listeners[0].selected, '/files/0/listeners/0'],
    ['a bad hatSha256', (d) => (d.files[0].listeners[0].hatSha256 = 'abc'), '/files/0/listeners/0/hatSha256'],
    ['a refused group', (d) => (d.groups[0].outcome = 'refused'), '/groups/0/outcome'],
    ['a group without files', (d) => (d.groups[0].files = []), '/groups/0/files'],
    ['a bad group id', (d) => (d.groups[0].id = 'group-1'), '/groups/0/id'],
    ['written without artefact', (d) => (d.files[0].written = { xml: 'a.xml', diff: 'a.diff' }), '/files/0/written'],
  ];
  for (const [what, breakIt, at] of broken) {
    const d = clone(ok);
    breakIt(d);
    rejects(d, what, at);
  }
});

test.run();
