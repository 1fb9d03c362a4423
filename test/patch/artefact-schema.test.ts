/**
 * Artefacts are untrusted input (issue 13, item 6): validateArtefact against the published
 * schema, with the JSON path of the first problem; every value a rollback would write is
 * checked as the forward path checks it.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import { reverseArtefact } from '../../src/patch/artefact.js';
import { ARTEFACT_JSON_SCHEMA, MAX_ARTEFACT_OPERATIONS, validateArtefact } from '../../src/patch/artefact-schema.js';
import { rollbackExport } from '../../src/patch/rollback.js';
import { realArtefacts } from './artefact-corpus.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCHEMA_FILE = join(ROOT, 'docs', 'artefact-schema.json');
const real = realArtefacts();
const byName = (n: string) => real.find((r) => r.name === n)!;
const clone = (a: unknown) => JSON.parse(JSON.stringify(a)) as Record<string, any>;
const ajv = new (Ajv2020 as unknown as typeof Ajv2020.default)({ allErrors: false, strict: true, unicodeRegExp: true });
const ajvValidate = ajv.compile(ARTEFACT_JSON_SCHEMA as object);

/** The artefact of multi-listener.xml (adds), changed by `edit`. */
function crafted(edit: (a: Record<string, any>) => void, from = 'multi-listener.xml'): unknown {
  const a = clone(byName(from).artefact);
  edit(a);
  return a;
}

function refused(value: unknown): { path: string; problem: string } {
  const v = validateArtefact(value);
  if (v.ok) throw new Error('expected a refusal');
  return v;
}

test('docs/artefact-schema.json is ARTEFACT_JSON_SCHEMA (UPDATE_SCHEMA=1 rewrites it)', () => {
  const text = `${JSON.stringify(ARTEFACT_JSON_SCHEMA, null, 2)}\n`;
  if (process.env.UPDATE_SCHEMA === '1') writeFileSync(SCHEMA_FILE, text);
  assert.is(readFileSync(SCHEMA_FILE, 'utf8'), text);
});

test('every real artefact, and its reverse, is valid (for the validator and for ajv)', () => {
  assert.ok(real.length >= 6);
  assert.ok(real.some((r) => r.artefact.operations.some((o) => o.op === 'set-group-policy' && o.from.includes('\n'))), 'a multi-line behaviour is covered');
  for (const r of real) {
    for (const a of [r.artefact, reverseArtefact(r.artefact)]) {
      const v = validateArtefact(clone(a));
      assert.ok(v.ok, `${r.name}: ${JSON.stringify(v)}`);
      assert.ok(ajvValidate(clone(a)), `${r.name}: ${JSON.stringify(ajvValidate.errors)}`);
    }
  }
});

test('optional fields other areas add are allowed: input.serial, listenerPath on operations', () => {
  const v = validateArtefact(crafted((a) => {
    a.input.serial = '4229A1B2C3D4-ABCDEF1';
    for (const o of a.operations) o.listenerPath = 'config/listeners/listener[1]';
  }));
  assert.ok(v.ok, JSON.stringify(v));
});

test('a recipe of the newer shape (policies and groups) is checked for control characters only', () => {
  const recipe = { name: 'cres-tls', listeners: 'public', policies: [{ name: 'CRES_TLS', behaviour: 'ACCEPT', params: { tls: 'required' } }], groups: [{ name: 'CRES', senders: ['.res.cisco.com'], policy: 'CRES_TLS', position: 'first' }] };
  assert.ok(validateArtefact(crafted((a) => (a.recipe = recipe))).ok);
  const bad = structuredClone(recipe);
  bad.groups[0]!.senders[0] = '.res.cisco.com\nOPEN:';
  assert.is(refused(crafted((a) => (a.recipe = bad))).path, '$.recipe.groups[0].senders[0]');
  let deep: Record<string, unknown> = { name: 'x' };
  for (let i = 0; i < 50; i++) deep = { name: 'x', inner: deep };
  assert.match(refused(crafted((a) => (a.recipe = deep))).path, /^\$\.recipe(\.inner)+\.name$/);
});

test('not an object, another format, a missing field, an unknown field', () => {
  assert.equal(refused(null).path, '$');
  assert.equal(refused([]).path, '$');
  assert.equal(refused(crafted((a) => (a.format = 'esa-patch/2'))).path, '$.format');
  assert.equal(refused(crafted((a) => delete a.edits)).path, '$.edits');
  assert.equal(refused(crafted((a) => (a.extra = 1))).path, '$.extra');
  assert.equal(refused(crafted((a) => (a.input.sha256 = 'ABC'))).path, '$.input.sha256');
});

test('numbers for strings, null senders, an unknown op: refused with the path, never a crash', () => {
  assert.equal(refused(crafted((a) => (a.operations[0].listener = 42))).path, '$.operations[0].listener');
  assert.equal(refused(crafted((a) => (a.operations[1].group = 7))).path, '$.operations[1].group');
  assert.equal(refused(crafted((a) => (a.operations[1].senders = null))).path, '$.operations[1].senders');
  assert.equal(refused(crafted((a) => (a.operations[1].senders = ['.res.cisco.com', null]))).path, '$.operations[1].senders[1]');
  assert.equal(refused(crafted((a) => (a.operations[0].op = 'drop-table'))).path, '$.operations[0].op');
  assert.equal(refused(crafted((a) => (a.operations[0] = 'add-policy'))).path, '$.operations[0]');
  assert.equal(refused(crafted((a) => (a.edits[0].offset = '12'))).path, '$.edits[0].offset');
  assert.equal(refused(crafted((a) => (a.edits[0].offset = 1.5))).path, '$.edits[0].offset');
  assert.equal(refused(crafted((a) => (a.edits[0].insert = 'caf\u00e9\u011b'))).path, '$.edits[0].insert');
});

test('400,000 operations or edits are refused from the count, at once', () => {
  const many = crafted((a) => (a.operations = Array.from({ length: 400_000 }, () => a.operations[0])));
  const t = Date.now();
  assert.equal(refused(many).path, '$.operations');
  assert.ok(Date.now() - t < 1000);
  assert.equal(refused(crafted((a) => (a.edits = Array.from({ length: 400_000 }, () => a.edits[0])))).path, '$.edits');
  assert.ok(MAX_ARTEFACT_OPERATIONS < 400_000);
});

test('a from holding a newline and a new sender group is refused; a real multi-line behaviour is not', () => {
  const injected = crafted((a) => {
    const op = a.operations.find((o: { op: string }) => o.op === 'set-group-policy');
    op.from = 'ACCEPT\nOPEN:\n0.0.0.0/0\n$TRUSTED';
  }, 'own-behaviour.xml');
  const v = refused(injected);
  assert.is(v.path, '$.operations[3].from');
  const asRef = crafted((a) => (a.operations[3].from = '$TRUSTED\nOPEN:'), 'own-behaviour.xml');
  assert.is(refused(asRef).path, '$.operations[3].from');
  // And rollback of the real one still works, by meaning, on the patched file re-exported.
  const r = byName('own-behaviour.xml');
  const later = r.output.replace('<hostname>', '<hostname>x');
  if (later !== r.output) {
    const back = rollbackExport(later, r.artefact);
    assert.ok(back.outcome === 'patched' || back.outcome === 'refused', back.outcome);
  }
});

test('every value a rollback writes: senders, names, parameter values, comments without line breaks or controls', () => {
  const cases: [string, (a: Record<string, any>) => void, string][] = [
    ['sender with a newline', (a) => (a.operations[1].senders[0] = '.res.cisco.com\nOPEN:'), '$.operations[1].senders[0]'],
    ['sender with a space', (a) => (a.operations[1].senders[0] = '0.0.0.0/0 $TRUSTED'), '$.operations[1].senders[0]'],
    ['group name with ESC', (a) => (a.operations[1].group = 'CRES\x1b[2J'), '$.operations[1].group'],
    ['policy name with a colon', (a) => (a.operations[0].policy = 'OPEN:'), '$.operations[0].policy'],
    ['param value with a quote', (a) => (a.operations[0].params.tls = 'required"\nOPEN:'), '$.operations[0].params.tls'],
    ['param name with a space', (a) => (a.operations[0].params['tls x'] = 'on'), '$.operations[0].params["tls x"]'],
    ['comment with a parenthesis', (a) => (a.operations[1].comment = 'x) $TRUSTED ('), '$.operations[1].comment'],
    ['listener with a bidi override', (a) => (a.operations[1].listener = 'In\u202ebound'), '$.operations[1].listener'],
    ['before with a newline', (a) => (a.operations[1].before = 'ALL\n'), '$.operations[1].before'],
    ['behaviour unknown', (a) => (a.operations[0].behaviour = 'ACCEPT {}'), '$.operations[0].behaviour'],
    ['recipe sender the command line refuses', (a) => (a.recipe.senders = ['a b']), '$.recipe'],
    ['recipe group ALL', (a) => (a.recipe.group = 'all'), '$.recipe'],
  ];
  for (const [what, edit, path] of cases) assert.is(refused(crafted(edit)).path, path, what);
  const param = crafted((a) => (a.operations[0].to = 'on\r'), 'half-patched.xml');
  assert.is(refused(param).path, '$.operations[0].to');
  // set-policy-param's `from` is what rollback writes back: a newline there would add a group.
  const from = crafted((a) => (a.operations[0].from = 'off"\nOPEN:\n    0.0.0.0/0\n    $TRUSTED\n#'), 'half-patched.xml');
  assert.is(refused(from).path, '$.operations[0].from');
});

test('edits out of order or overlapping are refused', () => {
  const r = real.find((x) => x.artefact.edits.length >= 2)!;
  const swapped = crafted((a) => a.edits.reverse(), r.name);
  assert.match(refused(swapped).path, /^\$\.edits\[\d+\]\.offset$/);
});

test('the schema agrees: ajv refuses each crafted artefact the validator refuses on grammar', () => {
  const bad = [
    crafted((a) => (a.operations[0].listener = 42)),
    crafted((a) => (a.operations[0].op = 'drop-table')),
    crafted((a) => (a.operations[1].senders = null)),
    crafted((a) => (a.operations[1].senders[0] = 'x\ny')),
    crafted((a) => (a.operations = Array.from({ length: MAX_ARTEFACT_OPERATIONS + 1 }, () => a.operations[0]))),
  ];
  for (const b of bad) assert.not.ok(ajvValidate(b));
});

test.run();
