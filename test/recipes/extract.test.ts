/**
 * recipe extract: the recipe recreates the groups (members, comment, relative position) and
 * their policies (every parameter); applying it to its source is a no-op; applying it to
 * another HAT makes those groups and policies identical by meaning.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyOperations, lowerAndProve, readHat, type HatModel } from '../../src/hat/index.js';
import { extractRecipe } from '../../src/recipes/extract.js';
import { loadRecipe } from '../../src/recipes/load.js';
import { planRecipe } from '../../src/recipes/plan-recipe.js';
import { dedent } from '../dedent.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../cli/run.js';
import { SAMPLES, tempDir } from '../helpers.js';

const A = dedent`
  $ACCEPTED
      ACCEPT
  $TRUSTED
      ACCEPT {
          spam_check = "off"
          tls = "off"
      }
  $PARTNER_TLS
      ACCEPT {
          max_msgs_per_session = 2000
          spam_check = "on"
          tls = "required"
      }
  WHITELIST:
      mail.trusted.example
      $TRUSTED (trusted)
  PARTNERS:
      .partner.example
      198.51.100.0/25
      $PARTNER_TLS (Business partners over TLS)
  SUPPLIERS:
      mx.supplier.example
      $PARTNER_TLS
  ALL
      $ACCEPTED
`;

// Another appliance: PARTNER_TLS exists with another value, unused; no partner groups.
const B = dedent`
  $ACCEPTED
      ACCEPT
  $TRUSTED
      ACCEPT {
          spam_check = "off"
      }
  $PARTNER_TLS
      ACCEPT {
          spam_check = "on"
          tls = "off"
      }
  WHITELIST:
      10.0.0.1
      $TRUSTED
  BLACKLIST:
      .spam.example
      $ACCEPTED
  ALL
      $ACCEPTED
`;

/** What a group and its policy mean, for comparing two HATs. */
function meaning(model: HatModel, group: string) {
  const i = model.entries.findIndex((e) => e.name === group);
  const e = model.entries[i]!;
  const ref = e.policy as { kind: 'named'; name: string; comment: string | null };
  const p = model.policies.find((x) => x.name === ref.name)!;
  return {
    members: e.members.map((m) => m.text).sort(),
    policy: ref.name,
    comment: ref.comment,
    after: model.entries[i - 1]?.name ?? null,
    behaviour: p.behaviour,
    params: Object.fromEntries(p.params),
  };
}

const extract = (groups: string[], policies: string[] = []) =>
  extractRecipe(readHat(A).model, { listener: 'InboundMail', groups, policies });

test('extract writes a loadable recipe with the groups in HAT order and every parameter of their policies', () => {
  const out = extract(['SUPPLIERS', 'PARTNERS'], ['TRUSTED']);
  assert.equal(out.findings, []);
  assert.ok(out.text);
  assert.equal(loadRecipe(out.text!).recipe, out.recipe);
  const r = out.recipe!;
  assert.equal(r.listeners, ['InboundMail']);
  assert.equal(
    r.groups.map((g) => [g.name, g.senders, g.policy, g.comment, g.position]),
    [
      ['PARTNERS', ['.partner.example', '198.51.100.0/25'], 'PARTNER_TLS', 'Business partners over TLS', { after: 'WHITELIST' }],
      ['SUPPLIERS', ['mx.supplier.example'], 'PARTNER_TLS', '', 'last'],
    ],
  );
  assert.equal(
    r.policies.map((p) => [p.name, p.behaviour, p.params]),
    [
      ['PARTNER_TLS', 'ACCEPT', { max_msgs_per_session: '2000', spam_check: 'on', tls: 'required' }],
      ['TRUSTED', 'ACCEPT', { spam_check: 'off', tls: 'off' }],
    ],
  );
});

test('extract as JSON: the same recipe', () => {
  const yaml = extract(['PARTNERS']);
  const json = extractRecipe(readHat(A).model, { listener: 'InboundMail', groups: ['PARTNERS'], format: 'json' });
  assert.ok(json.text!.startsWith('{'));
  assert.equal(JSON.parse(json.text!).groups[0].name, 'PARTNERS');
  assert.equal(json.recipe, yaml.recipe);
});

test('applying the extracted recipe to its source is a no-op', () => {
  const out = extract(['PARTNERS', 'SUPPLIERS']);
  const p = planRecipe(readHat(A).model, out.recipe!, { listener: 'InboundMail' });
  assert.is(p.refusal, null);
  assert.equal(p.operations, []);
});

test('round trip: extract from A, apply to B, the groups and their policies mean the same on both', () => {
  const out = extract(['PARTNERS', 'SUPPLIERS']);
  const b = readHat(B);
  const p = planRecipe(b.model, out.recipe!, { listener: 'IncomingMail' });
  assert.is(p.refusal, null, JSON.stringify(p.refusal));
  assert.ok(p.operations.length > 0);
  const lowered = lowerAndProve(b.syntax, p.operations);
  assert.ok(lowered.ok);
  const after = lowered.ok ? lowered.after.model : applyOperations(b.model, p.operations);
  const a = readHat(A).model;
  for (const g of ['PARTNERS', 'SUPPLIERS']) {
    const { after: _aAfter, ...inA } = meaning(a, g);
    const { after: _bAfter, ...inB } = meaning(after, g);
    assert.equal(inB, inA, g);
  }
  assert.is(meaning(after, 'PARTNERS').after, 'WHITELIST');
  assert.is(after.entries[after.entries.length - 2]!.name, 'SUPPLIERS', 'last: just before ALL');
  assert.equal(planRecipe(after, out.recipe!, { listener: 'IncomingMail' }).operations, [], 'B converged: nothing more to do');
});

test('refused: a group or policy the HAT does not hold, a group with a behaviour of its own, a member a recipe cannot write', () => {
  const codes = (o: ReturnType<typeof extract>) => o.findings.map((f) => [f.code, f.args]);
  assert.equal(codes(extract(['NOPE'])), [
    ['recipe-extract', { listener: 'InboundMail', kind: 'group', name: 'NOPE', reason: 'missing', member: null }],
  ]);
  assert.equal(codes(extract(['PARTNERS'], ['NOPE'])), [
    ['recipe-extract', { listener: 'InboundMail', kind: 'policy', name: 'NOPE', reason: 'missing', member: null }],
  ]);
  const own = readHat(A.replace('mx.supplier.example\n    $PARTNER_TLS', 'mx.supplier.example\n    ACCEPT { tls = "on" }')).model;
  const o = extractRecipe(own, { listener: 'L', groups: ['SUPPLIERS'] });
  assert.equal(
    o.findings.map((f) => [f.code, f.args]),
    [['recipe-extract', { listener: 'L', kind: 'group', name: 'SUPPLIERS', reason: 'own-behaviour', member: null }]],
  );
  const sbrs = extractRecipe(readHat(A.replace('198.51.100.0/25', '198.51.100.0/25\n    SBRS[-10:-3]')).model, {
    listener: 'L',
    groups: ['PARTNERS'],
  });
  assert.equal(
    sbrs.findings.map((f) => f.args),
    [{ listener: 'L', kind: 'group', name: 'PARTNERS', reason: 'member', member: 'SBRS[-10:-3]' }],
  );
});

test('extract -o from a UTF-8 export writes characters (a UTF-8 recipe file) that plan on the source as nothing to do', async () => {
  const dir = tempDir();
  const out = join(dir, 'x.yaml');
  const bom = join(SAMPLES, 'bom-utf8.xml');
  const r = await cli(['recipe', 'extract', bom, '--listener', 'Courrier_Entrant', '--group', 'WHITELIST', '-o', out]);
  assert.is(r.code, 0, r.err);
  const text = readFileSync(out, 'utf8');
  assert.match(text, 'comment: Bureaux de Gen\u00e8ve et de \u6771\u4eac \u2014 relais internes');
  const plan = await cli(['plan', bom, '--recipe', out, '--listener', 'Courrier_Entrant', '--json']);
  assert.is(plan.code, 0, plan.out);
});

test.run();
