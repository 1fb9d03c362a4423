/**
 * Rules files: YAML or JSON against the schema, errors at line:col of the rules file (unknown
 * keys, missing ids, two assertions, a bad address, a repeated id); each kind of assertion
 * judged on a HAT written for it (lands with ranges cut at the HAT's boundaries, rejected with
 * an SBRS member before it as a "may", relay-only, policy parameters, same HAT).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { loadRules, RULES_JSON_SCHEMA } from '../../src/check/rules-load.js';
import { judgeListener, MAX_WALKS, type CheckRule } from '../../src/check/rules.js';
import { readHat } from '../../src/hat/index.js';
import { judgeSameHat, checkExportText } from '../../src/check/run.js';
import { buildExport, CISCO_HAT } from '../fixtures/difftrace.js';
import { dedent } from '../dedent.js';
import { cli } from '../cli/run.js';
import { ROOT, tempDir } from '../helpers.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

test('the schema is valid draft 2020-12, and docs/check-rules-schema.json is it', () => {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
  assert.ok(ajv.validateSchema(RULES_JSON_SCHEMA as object), JSON.stringify(ajv.errors));
  assert.equal(
    JSON.parse(readFileSync(join(ROOT, 'docs', 'check-rules-schema.json'), 'utf8')),
    JSON.parse(JSON.stringify(RULES_JSON_SCHEMA)),
  );
});

test('errors are located at line:col of the rules file', () => {
  const text = dedent`
    rules:
      - id: ok
        rejected: { hosts: [192.0.2.1] }
      - id: two
        rejected: { hosts: [192.0.2.1] }
        relayOnly: { ranges: [10.0.0.0/8] }
      - id: bad-host
        rejected:
          hosts: [mail.example.com]
      - id: ok
        sameHat: {}
  `;
  const r = loadRules(text, 'rules.yaml');
  assert.equal(r.rules, null);
  assert.equal(
    r.findings.map((f) => [f.code, f.line, f.col, (f.args as { rule: string }).rule]),
    [
      ['check-rules-invalid', 4, 5, 'one-assertion'],
      ['check-rules-invalid', 9, 15, 'address'],
      ['check-rules-invalid', 10, 9, 'unique-id'],
    ],
  );
  const schema = loadRules('rules:\n  - id: x\n    landz: {}\n', 'r.yaml');
  assert.equal(
    schema.findings.map((f) => [f.code, f.line, f.col, (f.args as { pointer: string }).pointer]),
    [['check-rules-invalid', 3, 5, '/rules/0/landz']],
  );
  const syntax = loadRules('rules: [\n', 'r.yaml');
  assert.equal(syntax.findings[0]!.code, 'check-rules-syntax');
  assert.equal(syntax.findings[0]!.file, 'r.yaml');
  // JSON is read as the YAML it also is.
  assert.equal(loadRules('{"rules":[{"id":"a","rejected":{"hosts":["192.0.2.1"]}}]}').rules?.length, 1);
});

test('the CLI refuses a bad rules file with file:line:col, exit 1, before reading any export', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'r.yaml'), 'rules:\n  - id: x\n    landz: {}\n');
  const r = await cli(['check', 'nothing-here.xml', '--rules', 'r.yaml'], { cwd: dir });
  assert.equal(r.code, 1);
  assert.match(r.err, 'r.yaml:3:5: error:');
  assert.match(r.err, 'check-rules-invalid');
  const unknown = await cli(['check', 'x.xml', '--rules', 'crse'], { cwd: dir });
  assert.equal(unknown.code, 1);
  assert.match(unknown.err, 'no built-in rule set');
});

const rule = (assertion: CheckRule['assertion']): CheckRule => ({
  id: 'r',
  description: null,
  severity: 'error',
  listeners: 'all',
  appliances: null,
  assertion,
});
const listener = (hat: string, defaults: Record<string, string> = {}) => ({
  name: 'L',
  type: 'public',
  model: readHat(hat).model,
  defaults,
});

const HAT = dedent`
  $OK
      ACCEPT {
          tls = "required"
      }
  $PLAIN
      ACCEPT
  $NO
      REJECT
  $RELAYED
      RELAY
  BLACK:
      sbrs[-10:-3]
      $NO
  GOOD:
      208.90.57.0/26
      $OK
  HOLE:
      208.90.57.16-20
      $PLAIN
  RELAYLIST:
      10.0.0.0/8
      198.51.100.0/30
      $RELAYED
  SPAM:
      .spam.example
      $NO
  ALL
      $PLAIN
`;

test('lands: a range is tried at every boundary the HAT cuts it at; an SBRS reject before it is a "may"', () => {
  const l = listener(HAT.replace('HOLE:\n    208.90.57.16-20\n    $PLAIN\n', ''));
  const lands = (ip: string) =>
    judgeListener(rule({ kind: 'lands', hosts: [{ ip }], behaviour: ['ACCEPT'], params: { tls: ['required'] } }), l);
  const may = lands('208.90.57.0/26');
  assert.equal([may.status, may.landed], ['may-break', 'BLACK']);
  // Without the SBRS group: holds; with a hole in the range: breaks at the hole.
  const clean = HAT.replace('BLACK:\n    sbrs[-10:-3]\n    $NO\n', '');
  const holds = judgeListener(
    rule({ kind: 'lands', hosts: [{ ip: '208.90.57.0/26' }], behaviour: ['ACCEPT'], params: { tls: ['required'] } }),
    listener(clean.replace('HOLE:\n    208.90.57.16-20\n    $PLAIN\n', '')),
  );
  assert.equal(holds.status, 'holds');
  const withHole = HAT.replace('BLACK:\n    sbrs[-10:-3]\n    $NO\n', '').replace('GOOD:', 'HOLE:\n    208.90.57.16-20\n    $PLAIN\nGOOD:');
  const broken = judgeListener(
    rule({ kind: 'lands', hosts: [{ ip: '208.90.57.0/26' }], behaviour: ['ACCEPT'], params: { tls: ['required'] } }),
    listener(withHole),
  );
  assert.equal([broken.status, broken.host, broken.landed], ['breaks', '208.90.57.16', 'HOLE']);
  assert.ok(broken.tried >= 2 && broken.tried <= 4, `${broken.tried} points`);
});

test('rejected, relay-only and policy parameters', () => {
  const l = listener(HAT);
  const rej = judgeListener(rule({ kind: 'rejected', hosts: [{ ip: '192.0.2.9', ptr: 'mx.spam.example' }] }), l);
  assert.equal(rej.status, 'holds', 'BLACK may match first, and it rejects too');
  const rej2 = judgeListener(rule({ kind: 'rejected', hosts: [{ ip: '192.0.2.9', ptr: 'mx.ham.example' }] }), l);
  assert.equal([rej2.status, rej2.landed], ['breaks', 'ALL']);
  const relay = judgeListener(rule({ kind: 'relay-only', ranges: ['10.0.0.0/8'] }), l);
  assert.equal([relay.status, relay.host, relay.landed], ['breaks', '198.51.100.0', 'RELAYLIST']);
  assert.equal(judgeListener(rule({ kind: 'relay-only', ranges: ['10.0.0.0/8', '198.51.100.0/24'] }), l).status, 'holds');
  const pp = (a: Partial<{ equals: string[]; max: number; min: number; required: boolean }>, policy = 'OK', param = 'tls', defaults = {}) =>
    judgeListener(
      rule({
        kind: 'policy-param',
        policy,
        param,
        equals: a.equals ?? null,
        max: a.max ?? null,
        min: a.min ?? null,
        required: a.required ?? false,
      }),
      listener(HAT, defaults),
    );
  assert.equal(pp({ equals: ['required'] }).status, 'holds');
  assert.equal(pp({ equals: ['off'] }).status, 'breaks');
  assert.equal(pp({ max: 100 }, 'PLAIN', 'max_message_size', { max_message_size: '200' }).found, 'max_message_size = 200 ($DEFAULT)');
  assert.equal(pp({ max: 100 }, 'PLAIN', 'max_message_size').status, 'may-break', 'not set anywhere: the built-in default is unknown');
  assert.equal(pp({ max: 100 }, 'MISSING', 'x').status, 'holds');
  assert.equal(pp({ max: 100, required: true }, 'MISSING', 'x').status, 'breaks');
});

test('same HAT: formatting and spelled-out defaults are no drift; a member more is, located on the appliance that drifted', () => {
  const same: CheckRule = {
    id: 's',
    description: null,
    severity: 'warning',
    listeners: 'all',
    appliances: null,
    assertion: { kind: 'same-hat', baseline: null },
  };
  const a = checkExportText(buildExport({ hostname: 'a', listeners: [{ name: 'In', hat: CISCO_HAT }] }), 'a.xml', { rules: [same] });
  const b = checkExportText(buildExport({ hostname: 'b', listeners: [{ name: 'In', hat: CISCO_HAT.replace(/^ {4}/gm, '\t') }] }), 'b.xml', {
    rules: [same],
  });
  const c = checkExportText(
    buildExport({
      hostname: 'c',
      listeners: [{ name: 'In', hat: CISCO_HAT.replace('    192.0.2.10\n', '    192.0.2.10\n    192.0.2.11\n') }],
    }),
    'c.xml',
    { rules: [same] },
  );
  judgeSameHat([same], [a, b, c]);
  assert.equal(
    [a, b, c].map((x) => x.results.map((r) => r.status)),
    [['holds'], ['holds'], ['breaks']],
  );
  const f = c.findings.find((x) => x.code === 'check-rule-broken')!;
  assert.match(String(f.args.found), '192.0.2.11');
  assert.equal(f.file, 'c.xml');
});

test('a rule bounds its own cost: past MAX_WALKS hosts, the rest is not claimed to hold', () => {
  // 20 /16 ranges cut into 1,024 pieces each by a HAT of many small members.
  let hat = '$OK\n    ACCEPT\n';
  for (let g = 0; g < 20; g++) {
    hat += `G${g}:\n`;
    for (let k = 0; k < 600; k++) hat += `    10.${g}.${Math.floor(k / 2)}.${(k % 2) * 128}/25\n`;
    hat += '    $OK\n';
  }
  hat += 'ALL\n    $OK\n';
  const hosts = Array.from({ length: 20 }, (_, g) => ({ ip: `10.${g}.0.0/16` }));
  const o = judgeListener(rule({ kind: 'lands', hosts, behaviour: ['ACCEPT'], params: {} }), listener(hat));
  assert.equal(o.status, 'may-break');
  assert.equal(o.tried, MAX_WALKS);
});

test.run();
