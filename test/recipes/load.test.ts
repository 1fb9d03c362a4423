/**
 * Recipe files: the schema (src/recipes/schema.ts = docs/recipe-schema.json), valid and
 * invalid files with errors located at line:col of the recipe, JSON and YAML alike.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { loadRecipe } from '../../src/recipes/load.js';
import { RECIPE_FORMAT, RECIPE_JSON_SCHEMA } from '../../src/recipes/schema.js';
import { ROOT } from '../helpers.js';
import { dedent } from '../dedent.js';

const SCHEMA_FILE = join(ROOT, 'docs', 'recipe-schema.json');
const SCHEMA_DOC = join(ROOT, 'docs', 'recipe-schema.md');

/** Codes, pointers, rules and locations of the findings, in order. */
const located = (text: string) =>
  loadRecipe(text, { file: 'r.yaml' }).findings.map((f) => ({
    code: f.code,
    file: f.file,
    line: f.line,
    col: f.col,
    ...(f.args as object),
  }));

test('docs/recipe-schema.json is RECIPE_JSON_SCHEMA (UPDATE_SCHEMA=1 rewrites it)', () => {
  const text = JSON.stringify(RECIPE_JSON_SCHEMA, null, 2) + '\n';
  if (process.env['UPDATE_SCHEMA'] === '1') writeFileSync(SCHEMA_FILE, text);
  assert.ok(existsSync(SCHEMA_FILE), 'docs/recipe-schema.json is missing: run the tests with UPDATE_SCHEMA=1');
  assert.fixture(readFileSync(SCHEMA_FILE, 'utf8'), text);
  assert.ok(
    new Ajv2020({ strict: true, allowUnionTypes: true }).validateSchema(RECIPE_JSON_SCHEMA as object),
    'not a valid draft 2020-12 schema',
  );
  assert.is(RECIPE_JSON_SCHEMA.properties.format.const, RECIPE_FORMAT);
});

test('docs/recipe-schema.md names every top-level key and every key of policies, groups and remove', () => {
  const doc = readFileSync(SCHEMA_DOC, 'utf8');
  const keys = [
    ...Object.keys(RECIPE_JSON_SCHEMA.properties),
    ...Object.keys(RECIPE_JSON_SCHEMA.properties.policies.items.properties),
    ...Object.keys(RECIPE_JSON_SCHEMA.properties.groups.items.properties),
    ...Object.keys(RECIPE_JSON_SCHEMA.properties.remove.properties),
  ];
  for (const k of keys) assert.ok(doc.includes('`' + k + '`'), `docs/recipe-schema.md does not name ${k}`);
});

test('a full YAML recipe loads with defaults filled in and integers as HAT text', () => {
  const r = loadRecipe(dedent`
    name: partner-tls
    policies:
      - name: PARTNER_TLS
        behaviour: ACCEPT
        params: { tls: required, max_rcpts_per_hour: -1 }
    groups:
      - name: PARTNERS
        senders: [.bank.example, 192.0.2.0/24]
        policy: PARTNER_TLS
        position: { after: WHITELIST }
    remove:
      senders: [{ group: '*', senders: [old.example] }]
  `);
  assert.equal(r.findings, []);
  assert.equal(r.recipe, {
    name: 'partner-tls',
    listeners: 'public',
    policies: [{ name: 'PARTNER_TLS', behaviour: 'ACCEPT', params: { tls: 'required', max_rcpts_per_hour: '-1' }, shared: 'refuse' }],
    groups: [
      {
        name: 'PARTNERS',
        senders: ['.bank.example', '192.0.2.0/24'],
        policy: 'PARTNER_TLS',
        comment: '',
        position: { after: 'WHITELIST' },
      },
    ],
    remove: { senders: [{ group: '*', senders: ['old.example'] }] },
  });
});

test('JSON is read as the YAML it also is, with the same recipe and located errors', () => {
  const json =
    '{\n  "name": "j",\n  "listeners": ["IncomingMail"],\n  "groups": [\n    {"name": "G", "senders": ["a.example"], "policy": "P", "position": "sideways"}\n  ]\n}\n';
  assert.equal(located(json), [
    {
      code: 'recipe-invalid',
      file: 'r.yaml',
      line: 5,
      col: 72,
      pointer: '/groups/0/position',
      rule: 'oneOf',
      expected: 'first | last | {before: NAME} | {after: NAME}',
      got: '"sideways"',
    },
  ]);
  const ok = loadRecipe('{"name": "j", "listeners": ["IncomingMail"]}');
  assert.equal(ok.recipe, { name: 'j', listeners: ['IncomingMail'], policies: [], groups: [] });
});

test('schema errors: each at its own line and column, unknown keys at the key, one error per failing choice', () => {
  const text = dedent`
    name: x
    policies:
      - name: P
        behaviour: ACCEPTS
        params: { tls: required, Bad: 1, x: true }
    groups:
      - name: G
        senders: [a.example, "b(c"]
        policy: P
        position: { before: X, foo: 1 }
        colour: red
      - name: all
        senders: [x]
        policy: P
        position: first
    remove: {}
  `;
  const got = located(text).map((f) => [f.line, f.col, f.pointer, f.rule]);
  assert.equal(got, [
    [4, 16, '/policies/0/behaviour', 'enum'],
    [5, 30, '/policies/0/params/Bad', 'propertyNames'],
    [5, 41, '/policies/0/params/x', 'oneOf'],
    [8, 26, '/groups/0/senders/1', 'pattern'],
    [10, 15, '/groups/0/position', 'oneOf'],
    [11, 5, '/groups/0/colour', 'additionalProperties'],
    [12, 11, '/groups/1/name', 'not'],
    [16, 9, '/remove', 'minProperties'],
  ]);
});

test('missing required keys are located at the object that lacks them', () => {
  const got = located('name: x\ngroups:\n  - name: G\n    policy: P\n');
  assert.equal(
    got.map((f) => [f.line, f.col, f.pointer, f.rule, f.expected]),
    [
      [3, 5, '/groups/0', 'required', 'key senders'],
      [3, 5, '/groups/0', 'required', 'key position'],
    ],
  );
  assert.equal(
    located('description: no name\n').map((f) => [f.line, f.col, f.rule, f.expected]),
    [[1, 1, 'required', 'key name']],
  );
});

test('rules across fields: a name twice (by case), a position relative to itself (a sender twice is no error: dropped when planned), removing what the recipe adds, published group unknown', () => {
  const text = dedent`
    name: x
    policies:
      - { name: P, behaviour: ACCEPT }
      - { name: p, behaviour: REJECT }
    groups:
      - { name: G, senders: [a.example, A.example], policy: P, position: { after: g } }
      - { name: H, senders: [b.example], policy: P, position: last }
      - { name: h, senders: [c.example], policy: P, position: first }
    remove:
      groups: [H]
      policies: [P]
    published: { group: Z, hosts: [{ host: z.example, ip: 192.0.2.1, kind: R }] }
  `;
  assert.equal(
    located(text).map((f) => [f.line, f.pointer, f.rule]),
    [
      [4, '/policies/1/name', 'unique-policy'],
      [6, '/groups/0/position', 'self-position'],
      [8, '/groups/2/name', 'unique-group'],
      [10, '/remove/groups/0', 'remove-conflict'],
      [11, '/remove/policies/0', 'remove-conflict'],
      [12, '/published/group', 'published-group'],
    ],
  );
});

test('rules across fields: two groups first, a sender both added and removed', () => {
  const text = dedent`
    name: x
    groups:
      - { name: A, senders: [a.example], policy: P, position: first }
      - { name: B, senders: [b.example], policy: P, position: first }
    remove:
      senders: [{ group: '*', senders: [b.example] }]
  `;
  assert.equal(
    located(text).map((f) => [f.line, f.pointer, f.rule]),
    [
      [4, '/groups/1/position', 'unique-position'],
      [6, '/remove/senders/0/senders/0', 'remove-conflict'],
    ],
  );
});

test('senders outside the HAT member grammar are refused by pointer (an e-mail address, /33, an octet over 255)', () => {
  const r = loadRecipe(
    'name: x\ngroups:\n  - { name: G, senders: [ok.example, a@b.example, 10.0.0.0/33, 10.0.0.256], policy: P, position: first }\n',
  );
  assert.equal(
    r.findings.map((f) => [f.line, (f.args as { pointer: string }).pointer, (f.args as { rule: string }).rule]),
    [
      [3, '/groups/0/senders/1', 'sender'],
      [3, '/groups/0/senders/2', 'sender'],
      [3, '/groups/0/senders/3', 'sender'],
    ],
  );
});

test('a sender checker given by the caller rejects values by pointer', () => {
  const r = loadRecipe('name: x\ngroups:\n  - { name: G, senders: [ok.example, a@b.example], policy: P, position: first }\n', {
    validateSender: (s) => (s.includes('@') ? 'an e-mail address' : null),
  });
  assert.is(r.recipe, null);
  assert.equal(
    r.findings.map((f) => [f.code, f.line, (f.args as { pointer: string }).pointer, (f.args as { rule: string }).rule]),
    [['recipe-invalid', 3, '/groups/0/senders/1', 'sender']],
  );
});

test('syntax errors: not YAML, a duplicate key, a document too long: recipe-syntax at a line', () => {
  for (const [text, line] of [
    ['name: [x\n', 2],
    ['name: a\nname: b\n', 2],
    ['name: x\n  bad: indent\n', 1],
  ] as const) {
    const f = located(text);
    assert.ok(f.length >= 1, text);
    assert.is(f[0]!.code, 'recipe-syntax', text);
    assert.is(f[0]!.line, line, text);
  }
  assert.is(loadRecipe('#'.repeat(1_000_001)).findings[0]!.code, 'recipe-syntax');
  assert.is(loadRecipe('a: &a [x]\nb: *a\nname: 1\n').findings[0]!.code, 'recipe-invalid', 'aliases resolve, then the schema judges');
});

test('every shipped recipe (recipes/, samples/recipes/) loads without findings', () => {
  const files = [
    ...readdirSync(join(ROOT, 'recipes')).map((f) => join(ROOT, 'recipes', f)),
    ...readdirSync(join(ROOT, 'samples', 'recipes')).map((f) => join(ROOT, 'samples', 'recipes', f)),
  ].filter((f) => /\.(ya?ml|json)$/.test(f));
  assert.ok(files.length >= 4, `found ${files.length}`);
  for (const f of files) {
    const r = loadRecipe(readFileSync(f, 'utf8'), { file: f });
    assert.equal(r.findings, [], f);
    assert.ok(r.recipe, f);
  }
});

test.run();
