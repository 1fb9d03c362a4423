/**
 * Recipe values are text, written and compared exactly (issue 17, item 2): a number is read
 * as the text the user wrote (YAML and JSON), a parameter value written as a number is a
 * decimal integer or refused, and no comparison of a value ignores case.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lowerAndProve, readHat } from '../../src/hat/index.js';
import { planRecipe } from '../../src/recipes/plan-recipe.js';
import { loadRecipe } from '../../src/recipes/load.js';
import { checkRecipe } from '../../src/recipes/check.js';
import type { Recipe } from '../../src/recipes/recipe.js';
import { dedent } from '../dedent.js';

const HAT = dedent`
  $ACCEPTED
      ACCEPT
  $GREETED
      ACCEPT {
          smtp_banner_text = "Welcome"
          max_rcpts_per_hour = 100
          tls = "required"
      }
  $ODDTLS
      ACCEPT {
          tls = "Required"
      }
  GREET:
      mail.greet.example
      $GREETED (greeted)
  ODD:
      mail.odd.example
      $ODDTLS (odd)
  ALL
      $ACCEPTED
`;

const load = (text: string) => loadRecipe(text, { file: 'r.yaml' });
const params = (text: string) => load(text).recipe?.policies[0]?.params;
const plan = (r: Recipe, hat = HAT) => planRecipe(readHat(hat).model, r, { listener: 'IncomingMail', syntax: readHat(hat).syntax });
const rules = (text: string) => load(text).findings.map((f) => [f.code, f.line, f.col, (f.args as { rule?: string }).rule]);

const BIG = '18446744073709551617'; // 2^64 + 1: a double would write 18446744073709552000

test('an integer beyond 2^53 is kept as written, in YAML and in JSON, and written so into the HAT', () => {
  const yaml = `name: big\npolicies:\n  - name: BIG\n    behaviour: ACCEPT\n    params: { max_rcpts_per_hour: ${BIG}, max_concurrency: -1 }\n`;
  const json = `{"name": "big", "policies": [{"name": "BIG", "behaviour": "ACCEPT", "params": {"max_rcpts_per_hour": ${BIG}, "max_concurrency": -1}}]}`;
  for (const text of [yaml, json]) {
    assert.equal(params(text), { max_rcpts_per_hour: BIG, max_concurrency: '-1' }, text);
    const p = plan(load(text).recipe!);
    assert.is(p.refusal, null);
    const hat = readHat(HAT);
    const lowered = lowerAndProve(hat.syntax, p.operations);
    assert.ok(lowered.ok);
    assert.match(lowered.text, `max_rcpts_per_hour = ${BIG}\n`);
    assert.match(lowered.text, 'max_concurrency = -1\n');
  }
});

test('a parameter written as a number that is not a decimal integer is refused at its line and column; quoted, it is text', () => {
  for (const v of ['0x10', '1.0', '1.5', '1e3', '+5', '007', '-0', '0o17', '.inf']) {
    const text = `name: n\npolicies:\n  - name: P\n    behaviour: ACCEPT\n    params:\n      max_concurrency: ${v}\n`;
    assert.equal(rules(text), [['recipe-invalid', 6, 24, 'number']], v);
    assert.equal(params(text.replace(`: ${v}`, `: "${v}"`)), { max_concurrency: v }, `"${v}" is text`);
  }
  // Through an alias too: the anchored scalar is a float elsewhere (a comment), a parameter here.
  const alias =
    'name: n\ngroups:\n  - { name: G, senders: [a.example], policy: P, comment: &n 1.50, position: first }\npolicies:\n  - name: P\n    behaviour: ACCEPT\n    params: { max_concurrency: *n }\n';
  assert.equal(
    load(alias).findings.map((f) => [f.code, (f.args as { rule: string }).rule]),
    [['recipe-invalid', 'number']],
  );
});

test('a plain number where the recipe wants text is that text, exactly (names, comments, senders)', () => {
  const r = load(
    'name: 2024\ngroups:\n  - { name: 007, senders: [a.example], policy: P1.50, comment: 1.50, position: first }\npolicies:\n  - { name: P1.50, behaviour: ACCEPT }\n',
  ).recipe!;
  assert.equal([r.name, r.groups[0]!.name, r.groups[0]!.comment], ['2024', '007', '1.50']);
  // Booleans and null are not numbers: where text is wanted they are refused (quote them).
  assert.equal(
    load('name: n\npolicies:\n  - { name: P, behaviour: ACCEPT, params: { spam_check: true, tls: ~ } }\n').findings.map(
      (f) => (f.args as { pointer: string }).pointer,
    ),
    ['/policies/0/params/spam_check', '/policies/0/params/tls'],
  );
});

const group = (policy: string, params: Record<string, string>, name = 'GREET', senders = ['mail.greet.example']): Recipe => ({
  name: 't',
  listeners: 'public',
  policies: [{ name: policy, behaviour: 'ACCEPT', params, shared: 'allow' }],
  groups: [{ name, senders, policy, comment: '', position: name === 'GREET' ? 'first' : 'last' }],
});

test('values are compared exactly: a banner differing only in case is not compliant, and is set', () => {
  const same = plan(group('GREETED', { smtp_banner_text: 'Welcome' }));
  assert.equal([same.refusal, same.operations], [null, []], 'the same text: nothing to do');
  const upper = plan(group('GREETED', { smtp_banner_text: 'WELCOME' }));
  assert.is(upper.refusal, null);
  assert.equal(
    upper.operations.map((o) => [o.op, (o as { to?: string }).to]),
    [['set-policy-param', 'WELCOME']],
  );
  // A policy no group of the recipe uses is converged alike.
  const alone: Recipe = {
    name: 't',
    listeners: 'public',
    policies: [{ name: 'GREETED', behaviour: 'ACCEPT', params: { smtp_banner_text: 'welcome' }, shared: 'allow' }],
    groups: [],
  };
  assert.equal(
    plan(alone).operations.map((o) => (o as { to?: string }).to),
    ['welcome'],
  );
});

test('a TLS value differing only in case is not the goal: never called compliant, never overwritten silently', () => {
  const p = plan(group('ODDTLS', { tls: 'required' }, 'ODD', ['mail.odd.example']));
  assert.is(p.refusal?.code, 'tls-unknown');
  assert.equal(p.refusal?.args, { listener: 'IncomingMail', policy: 'ODDTLS', value: 'Required', target: 'required' });
  // An inherited $DEFAULT value in another case is not the goal either.
  const hat = HAT.replace('$ODDTLS\n    ACCEPT {\n        tls = "Required"\n    }\n', '$ODDTLS\n    ACCEPT\n');
  const d = planRecipe(readHat(hat).model, group('ODDTLS', { tls: 'required' }, 'ODD', ['mail.odd.example']), {
    listener: 'IncomingMail',
    defaults: { tls: 'REQUIRED' },
  });
  assert.equal(
    d.operations.map((o) => o.op),
    ['set-policy-param'],
  );
});

test('checkRecipe and the loader accept the same values: spaces, dots, an empty string', () => {
  const text =
    'name: v\npolicies:\n  - name: P\n    behaviour: ACCEPT\n    params: { smtp_banner_text: "Welcome to mail.example.com", override_hostname: "", tls: required }\n';
  const r = load(text);
  assert.equal(r.findings, []);
  assert.equal(checkRecipe(r.recipe!).findings, []);
  assert.equal(r.recipe!.policies[0]!.params, { smtp_banner_text: 'Welcome to mail.example.com', override_hostname: '', tls: 'required' });
});

test.run();
