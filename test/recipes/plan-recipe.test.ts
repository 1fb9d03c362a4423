/**
 * planRecipe on HAT models: each operation kind planned, re-planned (nothing to do), reversed
 * (by meaning, on the model and on the text lowered and read back); refusals asserted by code
 * and arguments.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  applyOperations,
  lowerAndProve,
  readHat,
  reverseOperations,
  semanticDiff,
  type HatModel,
  type HatOperation,
} from '../../src/hat/index.js';
import { planRecipe, selectsListener, type RecipePlan } from '../../src/recipes/plan-recipe.js';
import type { Recipe } from '../../src/recipes/recipe.js';
import { CRES_TLS } from '../../src/recipes/cres-tls.js';
import { dedent } from '../dedent.js';

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
  $PARTNER
      ACCEPT {
          max_rcpts_per_hour = 100
          tls = "off"
      }
  $OLD
      ACCEPT
  WHITELIST:
      mail.trusted.example
      $TRUSTED (trusted senders)
  PARTNERS:
      .partner.example
      mx.logistics.example.org
      198.51.100.0/25
      $PARTNER (partners)
  BLACKLIST:
      .spam.example
      mx.logistics.example.org
      $BLOCKED (spammers)
  ALL
      $ACCEPTED
`;

const recipe = (r: Partial<Recipe>): Recipe => ({ name: 't', listeners: 'public', policies: [], groups: [], ...r });
const plan = (model: HatModel, r: Recipe): RecipePlan => planRecipe(model, r, { listener: 'IncomingMail' });
const kinds = (ops: readonly HatOperation[]) => ops.map((o) => o.op);

/** Plans, then checks the laws: re-plan is empty, reverse restores the meaning (model and text). */
function laws(r: Recipe, text = HAT): { ops: HatOperation[]; after: HatModel; p: RecipePlan } {
  const { syntax, model } = readHat(text);
  const p = plan(model, r);
  assert.is(p.refusal, null, `refused: ${JSON.stringify(p.refusal)}`);
  const after = applyOperations(model, p.operations);
  assert.equal(kinds(plan(after, r).operations), [], 're-planned on the model: nothing to do');
  assert.equal(semanticDiff(applyOperations(after, reverseOperations(p.operations)), model), [], 'reversed on the model');
  const lowered = lowerAndProve(syntax, p.operations);
  assert.ok(lowered.ok, 'lowered and proven');
  if (!lowered.ok) return { ops: p.operations, after, p };
  assert.equal(semanticDiff(lowered.after.model, after), [], 'the text read back means the planned model');
  assert.equal(kinds(plan(lowered.after.model, r).operations), [], 're-planned on the text: nothing to do');
  const back = lowerAndProve(lowered.after.syntax, reverseOperations(p.operations));
  assert.ok(back.ok, 'reverse lowered and proven');
  if (back.ok) assert.equal(semanticDiff(back.after.model, model), [], 'rolled back by meaning on the text');
  return { ops: p.operations, after, p };
}

const partnerTls: Recipe = recipe({
  policies: [{ name: 'BANK_TLS', behaviour: 'ACCEPT', params: { tls: 'required' }, shared: 'refuse' }],
  groups: [{ name: 'BANKS', senders: ['bank.example', '.bank.example'], policy: 'BANK_TLS', comment: 'banks over TLS', position: 'first' }],
});

test('add a policy and a group at order 1', () => {
  const { ops, after } = laws(partnerTls);
  assert.equal(kinds(ops), ['add-policy', 'add-sender-group']);
  assert.equal(ops[0], { op: 'add-policy', policy: 'BANK_TLS', behaviour: 'ACCEPT', params: [['tls', 'required']] });
  assert.is(after.entries[0]!.name, 'BANKS');
});

test('positions: after NAME, before NAME, last (just before ALL)', () => {
  const g = partnerTls.groups[0]!;
  for (const [position, index] of [
    [{ after: 'WHITELIST' }, 1],
    [{ before: 'BLACKLIST' }, 2],
    ['last', 3],
  ] as const) {
    const { ops, after } = laws({ ...partnerTls, groups: [{ ...g, position }] });
    assert.equal(kinds(ops), ['add-policy', 'add-sender-group'], JSON.stringify(position));
    assert.is(after.entries[index]!.name, 'BANKS', JSON.stringify(position));
  }
});

test('an existing group is moved, completed and rebound; only the named parameters of its policy are set', () => {
  const r = recipe({
    policies: [{ name: 'PARTNER', behaviour: 'ACCEPT', params: { tls: 'required' }, shared: 'refuse' }],
    groups: [{ name: 'PARTNERS', senders: ['.partner.example', '203.0.113.7'], policy: 'PARTNER', comment: '', position: 'first' }],
  });
  const { ops, after } = laws(r);
  assert.equal(kinds(ops).sort(), ['add-senders', 'move-sender-group', 'set-policy-param']);
  const set = ops.find((o) => o.op === 'set-policy-param');
  assert.equal(set, { op: 'set-policy-param', policy: 'PARTNER', param: 'tls', from: 'off', to: 'required' });
  const partner = after.policies.find((p) => p.name === 'PARTNER')!;
  assert.equal(
    partner.params.find(([k]) => k === 'max_rcpts_per_hour'),
    ['max_rcpts_per_hour', '100'],
    'other parameters kept',
  );
  // Rebinding: the group must use a new policy.
  const rebind = laws(
    recipe({
      ...r,
      policies: [{ ...r.policies[0]!, name: 'PARTNER2' }],
      groups: [{ ...r.groups[0]!, policy: 'PARTNER2', position: { after: 'WHITELIST' } }],
    }),
  );
  assert.ok(kinds(rebind.ops).includes('set-group-policy'));
});

test('remove a sender from every group that holds it (group *), and from one named group', () => {
  const all = laws(recipe({ remove: { senders: [{ group: '*', senders: ['MX.Logistics.Example.org'] }] } }));
  assert.equal(all.ops, [
    { op: 'remove-senders', group: 'PARTNERS', senders: ['mx.logistics.example.org'] },
    { op: 'remove-senders', group: 'BLACKLIST', senders: ['mx.logistics.example.org'] },
  ]);
  const one = laws(recipe({ remove: { senders: [{ group: 'BLACKLIST', senders: ['mx.logistics.example.org', 'not-there.example'] }] } }));
  assert.equal(kinds(one.ops), ['remove-senders']);
});

test('a sender inside a wider member cannot be removed: refused at that member, never "nothing to do"', () => {
  const model = readHat(HAT).model;
  const p = planRecipe(model, recipe({ remove: { senders: [{ group: 'PARTNERS', senders: ['198.51.100.7'] }] } }), {
    listener: 'IncomingMail',
  });
  assert.equal(p.operations, []);
  assert.is(p.refusal?.code, 'recipe-sender-still-matched');
  assert.equal(p.refusal?.args, { listener: 'IncomingMail', group: 'PARTNERS', sender: '198.51.100.7', member: '198.51.100.0/25' });
  assert.is(p.refusal?.line, model.entries.find((e) => e.name === 'PARTNERS')!.members.find((m) => m.text === '198.51.100.0/25')!.line + 1);
});

test('remove a whole group (its text recorded for rollback) and an unused policy', () => {
  const { ops } = laws(recipe({ remove: { groups: ['BLACKLIST'], policies: ['OLD'] } }));
  assert.equal(kinds(ops), ['remove-sender-group', 'remove-policy']);
  const g = ops[0] as Extract<HatOperation, { op: 'remove-sender-group' }>;
  assert.equal(
    [g.group, g.senders, g.policy, g.comment, g.position, g.before],
    ['BLACKLIST', ['.spam.example', 'mx.logistics.example.org'], { kind: 'named', name: 'BLOCKED' }, 'spammers', 2, 'ALL'],
  );
  const { syntax, model } = readHat(HAT);
  const withText = planRecipe(model, recipe({ remove: { groups: ['BLACKLIST'], policies: ['OLD'] } }), {
    listener: 'L',
    syntax,
  }).operations;
  assert.is(
    (withText[0] as { text?: string }).text,
    'BLACKLIST:\n    .spam.example\n    mx.logistics.example.org\n    $BLOCKED (spammers)\n',
  );
  assert.is((withText[1] as { text?: string }).text, '$OLD\n    ACCEPT\n');
});

test('a removed group with a behaviour of its own comes back as it was written (text recorded from the syntax)', () => {
  const text = dedent`
    $A
        ACCEPT
    Y:
        10.0.0.1
        ACCEPT {tls = "on"}
    ALL
        $A
  `;
  const { syntax, model } = readHat(text);
  const p = planRecipe(model, recipe({ remove: { groups: ['Y'] } }), { listener: 'L', syntax });
  const low = lowerAndProve(syntax, p.operations);
  assert.ok(low.ok);
  if (!low.ok) return;
  const back = lowerAndProve(low.after.syntax, reverseOperations(p.operations));
  assert.ok(back.ok);
  if (back.ok) assert.is(back.text, text);
});

test('removing a group then its policy, in one recipe', () => {
  const { ops } = laws(recipe({ remove: { groups: ['PARTNERS'], policies: ['PARTNER'] } }));
  assert.equal(kinds(ops), ['remove-sender-group', 'remove-policy']);
});

test('a recipe group using a policy the HAT already holds: the policy is not touched', () => {
  const { ops } = laws(
    recipe({
      groups: [
        { name: 'NEWP', senders: ['mx1.newpartner.example'], policy: 'TRUSTED', comment: 'new partner', position: { after: 'WHITELIST' } },
      ],
    }),
  );
  assert.equal(kinds(ops), ['add-sender-group']);
});

test('treatment changes: a removed sender that another entry now catches, reported as data', () => {
  const { p } = laws(recipe({ remove: { senders: [{ group: 'PARTNERS', senders: ['mx.logistics.example.org'] }] } }));
  const t = p.treatmentChanges.map((f) => [f.code, f.severity, (f.args as { host: string }).host]);
  assert.equal(t, [['treatment-change', 'warning', 'mx.logistics.example.org']]);
  const args = p.treatmentChanges[0]!.args as { before: string; after: string };
  assert.match(args.before, /PARTNERS/);
  assert.match(args.after, /BLACKLIST/);
  const whole = laws(recipe({ remove: { groups: ['BLACKLIST'] } })).p;
  assert.equal(whole.treatmentChanges.map((f) => (f.args as { host: string }).host).sort(), ['.spam.example']);
});

test('cres-tls through planRecipe: a HAT compliant under other names, with an unused case-different policy, needs nothing (issue 8)', () => {
  const text = dedent`
    $cres_tls
        ACCEPT
    $RES_TLS
        ACCEPT {
            tls = "required"
        }
    $ACCEPTED
        ACCEPT
    RES:
        .res.cisco.com
        .cres.iphmx.com
        208.90.57.0/24
        204.15.81.0/26
        $RES_TLS
    ALL
        $ACCEPTED
  `;
  const p = plan(readHat(text).model, CRES_TLS);
  assert.is(p.refusal, null);
  assert.equal(p.operations, []);
  assert.equal(kinds(laws(CRES_TLS).ops), ['add-policy', 'add-sender-group']);
});

const refusal = (r: Recipe, text = HAT) => {
  const p = plan(readHat(text).model, r);
  assert.equal(p.operations, []);
  return p.refusal ? { code: p.refusal.code, args: p.refusal.args } : null;
};

test('refused: changing a policy that entries outside the recipe use, unless shared: allow', () => {
  const r = recipe({
    policies: [{ name: 'TRUSTED', behaviour: 'ACCEPT', params: { spam_check: 'on' }, shared: 'refuse' }],
    groups: [{ name: 'NEWP', senders: ['mx1.newpartner.example'], policy: 'TRUSTED', comment: '', position: 'first' }],
  });
  assert.equal(refusal(r), {
    code: 'policy-shared',
    args: { listener: 'IncomingMail', policy: 'TRUSTED', entries: ['WHITELIST'], params: ['spam_check'], lines: ['17'] },
  });
  const allowed = laws(recipe({ ...r, policies: [{ ...r.policies[0]!, shared: 'allow' }] }));
  assert.ok(kinds(allowed.ops).includes('set-policy-param'));
});

test('refused: names that differ only by case (group, policy, position target, group to remove)', () => {
  const g = partnerTls.groups[0]!;
  assert.equal(refusal(recipe({ groups: [{ ...g, name: 'partners', policy: 'PARTNER' }] })), {
    code: 'name-collision',
    args: { listener: 'IncomingMail', existing: 'PARTNERS', wanted: 'partners', kind: 'group' },
  });
  assert.equal(refusal(recipe({ policies: [{ name: 'trusted', behaviour: 'ACCEPT', params: {}, shared: 'refuse' }] })), {
    code: 'recipe-ambiguous-name',
    args: { listener: 'IncomingMail', kind: 'policy', name: 'trusted', matches: ['TRUSTED'] },
  });
  assert.is(refusal(recipe({ ...partnerTls, groups: [{ ...g, position: { after: 'Whitelist' } }] }))?.code, 'position-unknown');
  assert.is(refusal(recipe({ remove: { groups: ['blacklist'] } }))?.code, 'recipe-ambiguous-name');
});

test('refused: a before/after target the HAT does not hold', () => {
  const g = partnerTls.groups[0]!;
  assert.equal(refusal(recipe({ ...partnerTls, groups: [{ ...g, position: { before: 'ALLOWED_LIST' } }] })), {
    code: 'position-unknown',
    args: { listener: 'IncomingMail', group: 'BANKS', entry: 'ALLOWED_LIST' },
  });
});

test('refused: another behaviour, a policy in use, a group left empty, an unknown policy, an unknown TLS value', () => {
  assert.equal(refusal(recipe({ policies: [{ name: 'OLD', behaviour: 'REJECT', params: {}, shared: 'refuse' }] })), {
    code: 'recipe-policy-behaviour',
    args: { listener: 'IncomingMail', policy: 'OLD', current: 'ACCEPT', wanted: 'REJECT' },
  });
  assert.equal(refusal(recipe({ remove: { policies: ['BLOCKED'] } })), {
    code: 'recipe-policy-in-use',
    args: { listener: 'IncomingMail', policy: 'BLOCKED', users: ['BLACKLIST'], lines: ['25'] },
  });
  assert.equal(refusal(recipe({ remove: { senders: [{ group: 'WHITELIST', senders: ['mail.trusted.example'] }] } })), {
    code: 'recipe-group-emptied',
    args: { listener: 'IncomingMail', group: 'WHITELIST' },
  });
  assert.equal(refusal(recipe({ groups: [{ name: 'X', senders: ['x.example'], policy: 'NOPE', comment: '', position: 'first' }] })), {
    code: 'recipe-unknown-policy',
    args: { listener: 'IncomingMail', group: 'X', policy: 'NOPE' },
  });
  const odd = HAT.replace('max_rcpts_per_hour = 100\n        tls = "off"', 'max_rcpts_per_hour = 100\n        tls = "mandatory"');
  const r = recipe({ policies: [{ name: 'PARTNER', behaviour: 'ACCEPT', params: { tls: 'required' }, shared: 'refuse' }] });
  assert.equal(refusal(r, odd), {
    code: 'tls-unknown',
    args: { listener: 'IncomingMail', policy: 'PARTNER', value: 'mandatory', target: 'required' },
  });
  const shared = { ...r, policies: [{ ...r.policies[0]!, shared: 'allow' as const }], replaceUnknownTls: true };
  assert.equal(kinds(plan(readHat(odd).model, shared).operations), ['set-policy-param']);
});

test('refused: a recipe that contradicts itself on a HAT (two groups claiming the same senders) is never patched halfway', () => {
  const text = dedent`
    $CRES_TLS
        ACCEPT { max_msgs_per_session = -1 }
    ALL
        $CRES_TLS
  `;
  const r = recipe({
    policies: [{ name: 'NEW_TLS', behaviour: 'ACCEPT', params: { tls: 'required' }, shared: 'refuse' }],
    groups: [
      { name: 'WHITELIST', senders: ['.res.cisco.com'], policy: 'CRES_TLS', comment: '', position: 'first' },
      { name: 'NEW_A', senders: ['.res.cisco.com'], policy: 'NEW_TLS', comment: '', position: 'last' },
    ],
  });
  const got = refusal(r, text);
  assert.is(got?.code, 'recipe-unstable');
  assert.is((got!.args as { listener: string }).listener, 'IncomingMail');
});

test('refused: a HAT with a blocking problem', () => {
  const broken = HAT.replace('$BLOCKED\n    REJECT\n', '$BLOCKED\n    REJECT {\n');
  assert.is(refusal(partnerTls, broken)?.code, 'hat-blocking');
});

test('listener selection: public, private, all, names', () => {
  const pub = { name: 'In', type: 'public' };
  const priv = { name: 'Out', type: 'private' };
  assert.equal(
    [
      selectsListener('public', pub),
      selectsListener('public', priv),
      selectsListener('private', priv),
      selectsListener('all', priv),
      selectsListener(['Out'], priv),
      selectsListener(['Out'], pub),
    ],
    [true, false, true, true, true, false],
  );
});

test.run();
