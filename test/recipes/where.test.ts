/**
 * Recipes that say where, get where (issue 17, item 9): a position next to a group the same
 * recipe moves is taken where that group ends up; positions no order satisfies are refused by
 * the rules; `$DEFAULT` is never a recipe policy; every change of how a sender the HAT already
 * names is treated, the goal group's own senders included, is reported.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyOperations, lowerAndProve, readHat, type HatModel } from '../../src/hat/index.js';
import { planRecipe } from '../../src/recipes/plan-recipe.js';
import { loadRecipe } from '../../src/recipes/load.js';
import { planExport } from '../../src/patch/patch.js';
import type { GroupGoal, Recipe } from '../../src/recipes/recipe.js';
import { dedent } from '../dedent.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLES } from '../helpers.js';

const HAT = dedent`
  $ACCEPTED
      ACCEPT
  $BLOCKED
      REJECT
  $TRUSTED
      ACCEPT {
          spam_check = "off"
          tls = "off"
      }
  $CRES_TLS
      ACCEPT {
          tls = "required"
      }
  $OTHER_TLS
      ACCEPT {
          tls = "off"
      }
  CRES:
      .res.cisco.com
      208.90.57.0/26
      $CRES_TLS (Cisco RES)
  WHITELIST:
      mail.trusted.example
      $TRUSTED (trusted)
  BLACKLIST:
      .vip.example
      $BLOCKED (spammers)
  VIP:
      mx.vip.example
      $TRUSTED (vip)
  OTHER:
      other.example
      $TRUSTED (other)
  ALL
      $ACCEPTED
`;

const model = () => readHat(HAT).model;
const recipe = (r: Partial<Recipe>): Recipe => ({ name: 't', listeners: 'public', policies: [], groups: [], ...r });
const g = (name: string, senders: string[], position: GroupGoal['position'], policy = 'TRUSTED'): GroupGoal => ({
  name,
  senders,
  policy,
  comment: '',
  position,
});
const names = (m: HatModel) => m.entries.map((e) => e.name);
const plan = (r: Recipe) => planRecipe(model(), r, { listener: 'L', syntax: readHat(HAT).syntax });

test('after: VIP is honoured when VIP itself moves in the same recipe, whatever the order the recipe lists them', () => {
  const VIP = g('VIP', ['mx.vip.example'], 'first');
  for (const position of [{ after: 'VIP' }, { before: 'CRES' }] as const) {
    for (const groups of [
      [g('NEW', ['new.example'], position), VIP],
      [VIP, g('NEW', ['new.example'], position)],
    ]) {
      const p = plan(recipe({ groups }));
      assert.is(p.refusal, null, JSON.stringify(p.refusal));
      const after = applyOperations(model(), p.operations);
      assert.equal(names(after).slice(0, 3), ['VIP', 'NEW', 'CRES'], JSON.stringify(groups.map((x) => x.name)));
      // Re-planned: nothing; lowered: proven.
      assert.equal(planRecipe(after, recipe({ groups }), { listener: 'L' }).operations, []);
      assert.ok(lowerAndProve(readHat(HAT).syntax, p.operations).ok);
    }
  }
});

test('a chain of relative positions is planned along the chain (C after B after A, A moved first)', () => {
  const groups = [g('C', ['c.example'], { after: 'B' }), g('B', ['b.example'], { after: 'VIP' }), g('VIP', ['mx.vip.example'], 'first')];
  const p = plan(recipe({ groups }));
  assert.is(p.refusal, null);
  assert.equal(names(applyOperations(model(), p.operations)).slice(0, 4), ['VIP', 'B', 'C', 'CRES']);
});

test('positions no order satisfies are refused by the rules, each at its line (ring, same place, before the first, after ALL, next to a removed group)', () => {
  const text = dedent`
    name: where
    groups:
      - { name: A, senders: [a.example], policy: TRUSTED, position: { after: B } }
      - { name: B, senders: [b.example], policy: TRUSTED, position: { before: A } }
      - { name: C, senders: [c.example], policy: TRUSTED, position: first }
      - { name: D, senders: [d.example], policy: TRUSTED, position: { before: C } }
      - { name: E, senders: [e.example], policy: TRUSTED, position: { after: ALL } }
      - { name: F, senders: [f.example], policy: TRUSTED, position: { after: WHITELIST } }
      - { name: G, senders: [g.example], policy: TRUSTED, position: { after: WHITELIST } }
      - { name: H, senders: [h.example], policy: TRUSTED, position: { before: OLD } }
    remove:
      groups: [OLD]
  `;
  assert.equal(
    loadRecipe(text).findings.map((f) => [f.code, f.line, (f.args as { rule: string }).rule]),
    [
      ['recipe-invalid', 3, 'position-cycle'],
      ['recipe-invalid', 6, 'position-conflict'],
      ['recipe-invalid', 7, 'position-after-all'],
      ['recipe-invalid', 9, 'unique-position'],
      ['recipe-invalid', 10, 'position-removed'],
    ],
  );
});

test('a plan whose groups do not end where their positions say is refused (recipe-position-unmet), never written', () => {
  // The rules refuse this recipe; planRecipe, called on it directly, proves the positions itself.
  const p = plan(recipe({ groups: [g('VIP', ['mx.vip.example'], 'first'), g('NEW', ['new.example'], { before: 'VIP' })] }));
  assert.equal(p.operations, []);
  assert.is(p.refusal?.code, 'recipe-position-unmet');
  assert.equal((p.refusal?.args as { group: string; position: string }).position, 'first');
});

test('$DEFAULT is never a recipe policy: refused by the rules (any case, defined, used or removed) and by the planner', () => {
  for (const [text, pointer] of [
    ['policies:\n  - { name: DEFAULT, behaviour: ACCEPT, params: { tls: required } }\n', '/policies/0/name'],
    ['groups:\n  - { name: G, senders: [a.example], policy: Default, position: first }\n', '/groups/0/policy'],
    ['remove:\n  policies: [default]\n', '/remove/policies/0'],
  ] as const) {
    const r = loadRecipe('name: d\n' + text);
    assert.is(r.recipe, null);
    assert.equal(
      r.findings.map((f) => [f.code, (f.args as { pointer: string }).pointer, (f.args as { rule: string }).rule]),
      [['recipe-invalid', pointer, 'not']],
    );
  }
  const direct = recipe({
    policies: [{ name: 'DEFAULT', behaviour: 'ACCEPT', params: { tls: 'required' }, shared: 'refuse' }],
    groups: [g('G', ['a.example'], 'first', 'DEFAULT')],
  });
  const p = plan(direct);
  assert.equal([p.operations, p.refusal?.code], [[], 'recipe-invalid']);
  // Through the patch path: nothing planned, nothing written, no $DEFAULT block.
  const text = readFileSync(join(SAMPLES, 'multi-listener.xml'), 'latin1');
  const e = planExport(text, { recipe: direct });
  assert.is(e.outcome, 'error');
  assert.equal(e.edits, []);
});

test('a CRES TLS downgrade the recipe causes is reported for every CRES sender (treatment-change)', () => {
  const downgrade = recipe({
    policies: [{ name: 'CRES_TLS', behaviour: 'ACCEPT', params: { tls: 'preferred' }, shared: 'refuse' }],
    groups: [g('CRES', ['.res.cisco.com', '208.90.57.0/26'], 'first', 'CRES_TLS')],
    replaceUnknownTls: true,
  });
  const p = plan(downgrade);
  assert.is(p.refusal, null);
  assert.equal(
    p.operations.map((o) => o.op),
    ['set-policy-param'],
  );
  assert.equal(p.treatmentChanges.map((f) => [f.code, (f.args as { host: string }).host]).sort(), [
    ['treatment-change', '.res.cisco.com'],
    ['treatment-change', '208.90.57.0/26'],
  ]);
  for (const f of p.treatmentChanges) {
    assert.match((f.args as { before: string }).before, 'tls required');
    assert.match((f.args as { after: string }).after, 'tls preferred');
  }
  // The same policy changed by a recipe that names no group (shared: allow): reported too.
  const alone = plan(
    recipe({ policies: [{ name: 'CRES_TLS', behaviour: 'ACCEPT', params: { tls: 'off' }, shared: 'allow' }], replaceUnknownTls: true }),
  );
  assert.equal(alone.treatmentChanges.map((f) => (f.args as { host: string }).host).sort(), ['.res.cisco.com', '208.90.57.0/26']);
  // The group rebound to another policy with TLS off: reported.
  const rebound = plan(recipe({ groups: [g('CRES', ['.res.cisco.com', '208.90.57.0/26'], 'first', 'OTHER_TLS')] }));
  assert.equal(
    rebound.operations.map((o) => o.op),
    ['set-group-policy'],
  );
  assert.equal(rebound.treatmentChanges.length, 2);
  // Moving the group without changing its policy changes nobody's treatment: nothing reported.
  const moved = plan(recipe({ groups: [g('CRES', ['.res.cisco.com'], { after: 'WHITELIST' }, 'CRES_TLS')] }));
  assert.equal(moved.treatmentChanges, []);
});

test('a policy change reaches senders no host stands for: ALL and SBRS groups are reported too', () => {
  const hat = HAT.replace('ALL\n    $ACCEPTED\n', 'UNKNOWNLIST:\n    sbrs[-1.0:10.0]\n    $ACCEPTED (unknown)\nALL\n    $ACCEPTED\n');
  const m = readHat(hat).model;
  const r = recipe({
    policies: [{ name: 'ACCEPTED', behaviour: 'ACCEPT', params: { tls: 'required' }, shared: 'allow' }],
  });
  const p = planRecipe(m, r, { listener: 'L' });
  assert.is(p.refusal, null);
  assert.equal(
    p.treatmentChanges.map((f) => [(f.args as { host: string }).host, (f.args as { after: string }).after]),
    [
      ['UNKNOWNLIST (sbrs[-1.0:10.0])', 'ACCEPT by UNKNOWNLIST ($ACCEPTED, tls required)'],
      ['ALL (every other sender)', 'ACCEPT by ALL ($ACCEPTED, tls required)'],
    ],
  );
});

test.run();
