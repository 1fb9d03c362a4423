/**
 * Artefacts are untrusted input (issue 13, item 6): validateArtefact against the published
 * schema, with the JSON path of the first problem; every value a rollback would write is
 * checked as the forward path checks it.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import { reverseArtefact } from '../../src/patch/artefact.js';
import {
  ARTEFACT_AJV_OPTIONS,
  ARTEFACT_JSON_SCHEMA,
  MAX_ARTEFACT_OPERATIONS,
  MAX_ARTEFACT_SENDERS,
  MAX_ARTEFACT_TOTAL_SENDERS,
  validateArtefact,
} from '../../src/patch/artefact-schema.js';
import { rollbackExport } from '../../src/patch/rollback.js';
import { compileSchema } from '../../src/recipes/validate.js';
import { realArtefacts } from './artefact-corpus.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCHEMA_FILE = join(ROOT, 'docs', 'artefact-schema.json');
const real = realArtefacts();
const byName = (n: string) => real.find((r) => r.name === n)!;
const clone = (a: unknown) => JSON.parse(JSON.stringify(a)) as Record<string, any>;
const ajv = new (Ajv2020 as unknown as typeof Ajv2020.default)({
  allErrors: false,
  strict: true,
  unicodeRegExp: true,
  discriminator: true,
});
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
  assert.ok(
    real.some((r) => r.artefact.operations.some((o) => o.op === 'set-group-policy' && o.from.kind === 'own')),
    'a behaviour of its own is covered',
  );
  for (const r of real) {
    for (const a of [r.artefact, reverseArtefact(r.artefact)]) {
      const v = validateArtefact(clone(a));
      assert.ok(v.ok, `${r.name}: ${JSON.stringify(v)}`);
      assert.ok(ajvValidate(clone(a)), `${r.name}: ${JSON.stringify(ajvValidate.errors)}`);
    }
  }
});

test('optional fields other areas add are allowed: input.serial, listenerPath on operations', () => {
  const v = validateArtefact(
    crafted((a) => {
      a.input.serial = '4229A1B2C3D4-ABCDEF1';
      // Real artefacts of this version carry it; an artefact of 0.1.0 did not.
      for (const o of a.operations) o.listenerPath = `config/listeners/listener[${o.listener === 'InboundMail' ? 1 : 2}]`;
    }),
  );
  assert.ok(v.ok, JSON.stringify(v));
});

test('format 1: a recipe of the newer shape (policies and groups) is checked for control characters only', () => {
  const recipe = {
    name: 'cres-tls',
    listeners: 'public',
    policies: [{ name: 'CRES_TLS', behaviour: 'ACCEPT', params: { tls: 'required' } }],
    groups: [{ name: 'CRES', senders: ['.res.cisco.com'], policy: 'CRES_TLS', position: 'first' }],
  };
  const v1 = (r: unknown) => crafted((a) => ((a.format = 'esa-patch/1'), (a.recipe = r)));
  assert.ok(validateArtefact(v1(recipe)).ok);
  const bad = structuredClone(recipe);
  bad.groups[0]!.senders[0] = '.res.cisco.com\nOPEN:';
  assert.is(refused(v1(bad)).path, '$.recipe.groups[0].senders[0]');
  let deep: Record<string, unknown> = { name: 'x' };
  for (let i = 0; i < 50; i++) deep = { name: 'x', inner: deep };
  assert.match(refused(v1(deep)).path, /^\$\.recipe(\.inner)+\.name$/);
  // A format-1 recipe in a format-2 artefact: refused at the recipe.
  assert.match(refused(crafted((a) => (a.recipe = recipe))).path, /^\$\.recipe\./);
});

test('not an object, another format, a missing field, an unknown field', () => {
  assert.equal(refused(null).path, '$');
  assert.equal(refused([]).path, '$');
  assert.equal(refused(crafted((a) => (a.format = 'esa-patch/3'))).path, '$.format');
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
  // CPU time of this process: machine load does not count.
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const d = process.cpuUsage(since);
    return (d.user + d.system) / 1000;
  };
  const t = process.cpuUsage();
  assert.equal(refused(many).path, '$.operations');
  assert.ok(cpuMs(t) < 1000);
  assert.equal(refused(crafted((a) => (a.edits = Array.from({ length: 400_000 }, () => a.edits[0])))).path, '$.edits');
  assert.ok(MAX_ARTEFACT_OPERATIONS < 400_000);
  // Senders are bounded per operation and for all operations together.
  const senders = Array.from({ length: MAX_ARTEFACT_SENDERS }, (_, i) => `10.${i >> 8}.${i & 255}.1`);
  assert.is(refused(crafted((a) => (a.operations[1].senders = [...senders, '10.200.0.1']))).path, '$.operations[1].senders');
  const wide = crafted(
    (a) =>
      (a.operations = Array.from({ length: MAX_ARTEFACT_TOTAL_SENDERS / MAX_ARTEFACT_SENDERS + 1 }, (_, i) => ({
        ...a.operations[1],
        group: `G${i}`,
        senders,
      }))),
  );
  const t2 = process.cpuUsage();
  assert.is(refused(wide).path, '$.operations');
  assert.ok(cpuMs(t2) < 1000);
});

/** The group CRES of multi-listener.xml's first listener, as its HAT would hold it. */
const CRES_TEXT =
  'CRES:\n    .res.cisco.com\n    .cres.iphmx.com\n    208.90.57.0/26\n    204.15.81.0/26\n    $CRES_TLS (Cisco RES secure replies over TLS)\n';
const INJECTED = 'OPEN:\n    0.0.0.0/0\n    $TRUSTED\n';

/** The reverse of multi-listener.xml's artefact (removals), the first group's removal recording its text. */
function removal(edit: (a: Record<string, any>) => void = () => {}): Record<string, any> {
  const a = clone(reverseArtefact(byName('multi-listener.xml').artefact));
  const op = a.operations.find((o: { op: string; listener: string }) => o.op === 'remove-sender-group' && o.listener === 'InboundMail');
  op.text = CRES_TEXT;
  edit(a);
  return a;
}

test('a from or a removal text holding a newline and a new sender group is refused; real ones are not', () => {
  const at = (a: Record<string, any>) => a.operations.findIndex((o: { op: string }) => o.op === 'set-group-policy');
  const own = crafted(() => {}, 'own-behaviour.xml') as Record<string, any>;
  const k = at(own);
  assert.ok(k >= 0 && validateArtefact(own).ok);
  // A behaviour keyword holding the rest of a HAT.
  const kw = crafted(
    (a) => (a.operations[k].from = { kind: 'own', behaviour: 'ACCEPT\nOPEN:\n    0.0.0.0/0\n    $TRUSTED', params: [] }),
    'own-behaviour.xml',
  );
  assert.is(refused(kw).path, `$.operations[${k}].from.behaviour`);
  // A parameter value, a policy name, a 0.1.0 binding string.
  const value = crafted(
    (a) => (a.operations[k].from = { kind: 'own', behaviour: 'ACCEPT', params: [['tls', 'on\nOPEN:']] }),
    'own-behaviour.xml',
  );
  assert.is(refused(value).path, `$.operations[${k}].from.params[0][1]`);
  const named = crafted((a) => (a.operations[k].from = { kind: 'named', name: 'TRUSTED\nOPEN:' }), 'own-behaviour.xml');
  assert.is(refused(named).path, `$.operations[${k}].from.name`);
  const legacy = crafted((a) => (a.operations[k].from = 'ACCEPT\nOPEN:\n0.0.0.0/0\n$TRUSTED'), 'own-behaviour.xml');
  assert.is(refused(legacy).path, `$.operations[${k}].from`);
  const asRef = crafted((a) => (a.operations[k].from = '$TRUSTED\nOPEN:'), 'own-behaviour.xml');
  assert.is(refused(asRef).path, `$.operations[${k}].from`);
  // A removal's recorded text: exactly the group, or refused.
  const r = removal();
  assert.ok(validateArtefact(r).ok, JSON.stringify(validateArtefact(r)));
  assert.ok(ajvValidate(clone(r)));
  const i = r.operations.findIndex((o: { text?: string }) => o.text !== undefined);
  for (const text of [
    CRES_TEXT + INJECTED,
    INJECTED + CRES_TEXT,
    CRES_TEXT.replace('$CRES_TLS', '$TRUSTED'),
    CRES_TEXT.replace('    .res.cisco.com\n', ''),
    CRES_TEXT.replace('CRES:', 'CRES2:'),
    '$CRES_TLS\n    ACCEPT\n',
  ]) {
    assert.is(refused(removal((a) => (a.operations[i].text = text))).path, `$.operations[${i}].text`, text);
  }
  assert.is(refused(removal((a) => (a.operations[i].text = CRES_TEXT.replace('.res', '\x1b[2J.res')))).path, `$.operations[${i}].text`);
  // And the valid removal rolls back (re-adding the group from its text), on the file it applies to.
  const base = byName('multi-listener.xml');
  const back = rollbackExport(base.input, r as never);
  assert.is(back.outcome, 'patched', JSON.stringify(back.findings.map((f) => [f.code, f.args])));
  assert.ok(back.output.includes(CRES_TEXT));
});

test('every value a rollback writes: senders, names, parameter values, comments without line breaks or controls', () => {
  const cases: [string, (a: Record<string, any>) => void, string][] = [
    ['sender with a newline', (a) => (a.operations[1].senders[0] = '.res.cisco.com\nOPEN:'), '$.operations[1].senders[0]'],
    ['sender with a space', (a) => (a.operations[1].senders[0] = '0.0.0.0/0 $TRUSTED'), '$.operations[1].senders[0]'],
    ['sender that is not an address', (a) => (a.operations[1].senders[0] = 'ACCEPT'), '$.operations[1].senders[0]'],
    ['sender repeated', (a) => (a.operations[1].senders[1] = a.operations[1].senders[0].toUpperCase()), '$.operations[1].senders[1]'],
    ['group name with ESC', (a) => (a.operations[1].group = 'CRES\x1b[2J'), '$.operations[1].group'],
    ['group name ALL', (a) => (a.operations[1].group = 'all'), '$.operations[1].group'],
    ['group name read as a comment', (a) => (a.operations[1].group = '#CRES'), '$.operations[1].group'],
    ['policy name with a colon', (a) => (a.operations[0].policy = 'OPEN:'), '$.operations[0].policy'],
    ['group policy name with a newline', (a) => (a.operations[1].policy.name = 'CRES_TLS\nOPEN:'), '$.operations[1].policy.name'],
    ['group policy of an unknown kind', (a) => (a.operations[1].policy.kind = 'inline'), '$.operations[1].policy.kind'],
    ['param value with a newline', (a) => (a.operations[0].params[0][1] = 'required"\nOPEN:'), '$.operations[0].params[0][1]'],
    ['param name with a space', (a) => a.operations[0].params.push(['tls x', 'on']), '$.operations[0].params[1][0]'],
    ['param of three items', (a) => a.operations[0].params[0].push('x'), '$.operations[0].params[0]'],
    ['comment with a parenthesis', (a) => (a.operations[1].comment = 'x) $TRUSTED ('), '$.operations[1].comment'],
    ['before with a newline', (a) => (a.operations[1].before = 'ALL\n'), '$.operations[1].before'],
    ['position negative', (a) => (a.operations[1].position = -1), '$.operations[1].position'],
    ['behaviour unknown', (a) => (a.operations[0].behaviour = 'ACCEPT {}'), '$.operations[0].behaviour'],
    ['0.1.0 policy as a string with a space', (a) => (a.operations[1].policy = '$CRES_TLS $TRUSTED'), '$.operations[1].policy'],
  ];
  for (const [what, edit, path] of cases) assert.is(refused(crafted(edit)).path, path, what);
  // A listener's name is never written into a HAT (a listener is found by its path): whatever the
  // export holds, apply records and rollback accepts; terminals show it escaped.
  assert.ok(validateArtefact(crafted((a) => (a.operations[1].listener = 'In\u202ebound'))).ok);
  assert.ok(validateArtefact(crafted((a) => (a.operations[1].listener = ''))).ok, 'an empty <listener_name>');
  assert.ok(validateArtefact(crafted((a) => (a.input.hostname = 'h'.repeat(1_500_000)))).ok, 'a hostname longer than 1 MiB');
  const param = crafted((a) => (a.operations[0].to = 'on\r'), 'half-patched.xml');
  assert.is(refused(param).path, '$.operations[0].to');
  // set-policy-param's `from` is what rollback writes back: a newline there would add a group.
  const from = crafted((a) => (a.operations[0].from = 'off"\nOPEN:\n    0.0.0.0/0\n    $TRUSTED\n#'), 'half-patched.xml');
  assert.is(refused(from).path, '$.operations[0].from');
  // A quote in a value is written escaped between quotes, and reads back as itself; a backslash
  // is no escape the format is known to have: never written back (issue 17).
  assert.ok(validateArtefact(crafted((a) => (a.operations[0].from = 'o"ff'), 'half-patched.xml')).ok);
  assert.is(refused(crafted((a) => (a.operations[0].from = 'o"f\\f'), 'half-patched.xml')).path, '$.operations[0].from');
});

/** `a` as 0.1.0 wrote it: listeners by name, parameters as an object, policies as `$NAME` strings, no positions. */
function as010(a: unknown): Record<string, any> {
  const c = clone(a);
  c.tool = 'esa-patch 0.1.0';
  c.format = 'esa-patch/1';
  c.recipe = { name: 'cres-tls', group: 'CRES', policy: 'CRES_TLS', tls: 'required' };
  c.operations = c.operations.map((op: Record<string, any>) => {
    const o = { ...op };
    delete o.listenerPath;
    delete o.position;
    delete o.text;
    if (Array.isArray(o.params)) o.params = Object.fromEntries(o.params);
    if (o.policy && typeof o.policy === 'object') o.policy = o.policy.name;
    for (const k of ['from', 'to']) if (o.op === 'set-group-policy') o[k] = o[k].kind === 'named' ? `$${o[k].name}` : o[k].behaviour;
    return o;
  });
  return c;
}

test('artefacts of 0.1.0 (old shapes) are valid, and still checked value by value', () => {
  for (const r of real) {
    const old = as010(r.artefact);
    assert.ok(validateArtefact(old).ok, `${r.name}: ${JSON.stringify(validateArtefact(old))}`);
    assert.ok(ajvValidate(clone(old)), `${r.name}: ${JSON.stringify(ajvValidate.errors)}`);
  }
  const old = () => as010(byName('multi-listener.xml').artefact);
  const withOp = (edit: (a: Record<string, any>) => void) => {
    const a = old();
    edit(a);
    return a;
  };
  assert.is(refused(withOp((a) => (a.operations[0].params.tls = 'required\nOPEN:'))).path, '$.operations[0].params.tls');
  assert.is(refused(withOp((a) => (a.operations[0].params['tls x'] = 'on'))).path, '$.operations[0].params["tls x"]');
  assert.is(refused(withOp((a) => (a.operations[1].policy = '$CRES_TLS\nOPEN:'))).path, '$.operations[1].policy');
  const own = as010(byName('own-behaviour.xml').artefact);
  const k = own.operations.findIndex((o: { op: string }) => o.op === 'set-group-policy');
  assert.is(own.operations[k].from, 'ACCEPT');
  assert.ok(validateArtefact(own).ok);
  own.operations[k].from = 'ACCEPT {\ntls = "on"\n}';
  assert.is(refused(own).path, `$.operations[${k}].from`);
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

test('the validators npm run build compiles ahead of time (dist/validators) judge as the schema compiled here', () => {
  const require = createRequire(import.meta.url);
  const prebuilt = require(join(ROOT, 'dist', 'validators', 'artefact.cjs')) as typeof ajvValidate;
  const all = require(join(ROOT, 'dist', 'validators', 'artefact-all-errors.cjs')) as typeof ajvValidate;
  const samples = [
    clone(byName('multi-listener.xml').artefact),
    as010(byName('own-behaviour.xml').artefact),
    crafted((a) => (a.operations[0].op = 'drop-table')),
    crafted((a) => (a.operations[1].senders[0] = 'x\ny')),
    crafted((a) => delete a.edits),
  ];
  const here = compileSchema(ARTEFACT_JSON_SCHEMA, ARTEFACT_AJV_OPTIONS);
  for (const v of samples) {
    assert.is(prebuilt(v), here(v));
    assert.equal(prebuilt.errors ?? null, here.errors ?? null);
    assert.is(all(v), here(v));
  }
  assert.ok(samples.some((v) => !here(v)) && samples.some((v) => here(v)));
});

test.run();
