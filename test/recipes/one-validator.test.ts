/**
 * The one-validator law, over generated recipes (issue 17, item 3): a recipe file the loader
 * (`recipe check`) accepts is a recipe `checkRecipe` (`plan`) accepts, and one it refuses the
 * planner refuses too; and every parameter value the rules accept is written into a HAT and
 * read back as exactly that text (or the writer refuses; never a different value).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { lowerAndProve, paramValue, readHat } from '../../src/hat/index.js';
import { Refused } from '../../src/findings.js';
import { checkRecipe } from '../../src/recipes/check.js';
import { loadRecipe } from '../../src/recipes/load.js';
import { planRecipe } from '../../src/recipes/plan-recipe.js';
import { withOverrides } from '../../src/recipes/recipe.js';

const word = fc.constantFrom('P', 'G', 'ALL', 'DEFAULT', 'a b', 'x.y', '', 'tls', 'WHITELIST', 'first', '10.1', '2024', 'Ünï');
const value = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('required', 'Welcome to mail.example', '', '-1', '18446744073709551617', 'a"b', 'a\\b', '{x}', 'é', '\u202e'),
  fc.integer(),
);
const recipeData = fc.record(
  {
    name: fc.constantFrom('r', 'a b', ''),
    policies: fc.array(
      fc.record({
        name: word,
        behaviour: fc.constantFrom('ACCEPT', 'REJECT', 'accept'),
        params: fc.dictionary(fc.constantFrom('tls', 'smtp_banner_text', 'max_concurrency', 'Bad', 'x-y'), value, { maxKeys: 3 }),
      }),
      { maxLength: 2 },
    ),
    groups: fc.array(
      fc.record({
        name: word,
        senders: fc.array(fc.constantFrom('a.example', '.b.example', '192.0.2.1', '10.1.', 'a@b', '', 'x y', '10.0.0.0/33'), {
          maxLength: 3,
        }),
        policy: word,
        comment: fc.constantFrom('', 'ok', 'a(b', 'x\ty'),
        position: fc.oneof(fc.constantFrom('first', 'last', 'middle'), fc.record({ after: word }), fc.record({ before: word })),
      }),
      { maxLength: 2 },
    ),
  },
  { requiredKeys: ['name'] },
);

test('a generated recipe file: the loader and checkRecipe agree (accepted by both, or refused by both)', () => {
  fc.assert(
    fc.property(recipeData, (data) => {
      const text = stringify(data);
      const loaded = loadRecipe(text);
      const errors = (fs: readonly { severity: string }[]) => fs.filter((f) => f.severity === 'error').length;
      if (loaded.recipe) {
        assert.is(errors(checkRecipe(loaded.recipe).findings), 0, `plan refuses what recipe check accepted:\n${text}`);
      } else {
        // The data as a recipe object (what a library caller or an override builds) is refused too.
        const asRecipe = { listeners: 'public', policies: [], groups: [], ...data } as never;
        assert.ok(errors(checkRecipe(asRecipe).findings) > 0, `plan accepts what recipe check refused:\n${text}`);
      }
    }),
    { numRuns: 300, seed: 17 },
  );
});

const HAT = '$ACCEPTED\n    ACCEPT\nALL\n    $ACCEPTED\n';

test('every value the rules accept is written and read back as exactly that text, or the writer refuses', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 6 })), (v) => {
      const text = `name: v\npolicies:\n  - name: P\n    behaviour: ACCEPT\n    params:\n      smtp_banner_text: ${JSON.stringify(v)}\n`;
      const loaded = loadRecipe(text);
      const viaOverride = checkRecipe(
        withOverrides(
          { name: 'v', listeners: 'public', policies: [{ name: 'P', behaviour: 'ACCEPT', params: {}, shared: 'refuse' }], groups: [] },
          { tls: v },
        ),
      );
      assert.is(
        !!loaded.recipe,
        !viaOverride.findings.some((f) => f.severity === 'error'),
        `loader and checkRecipe disagree on ${JSON.stringify(v)}`,
      );
      if (!loaded.recipe) return;
      assert.is(loaded.recipe.policies[0]!.params['smtp_banner_text'], v);
      const hat = readHat(HAT);
      const p = planRecipe(hat.model, loaded.recipe, { listener: 'L', syntax: hat.syntax });
      assert.is(p.refusal, null);
      try {
        const lowered = lowerAndProve(hat.syntax, p.operations);
        if (!lowered.ok) return; // refused by the proof: never written
        const back = readHat(lowered.text).model.policies.find((x) => x.name === 'P')!;
        assert.is(paramValue(back.params, 'smtp_banner_text'), v, `written ${JSON.stringify(v)}, read back otherwise`);
      } catch (e) {
        if (!(e instanceof Refused)) throw e;
      }
    }),
    { numRuns: 300, seed: 17 },
  );
});

test('a group on a policy the HAT already holds: used as it is, or defined equal or compatible (a subset of its parameters); a conflicting definition refused', () => {
  const hat = readHat(
    '$ACCEPTED\n    ACCEPT\n$TRUSTED\n    ACCEPT {\n        spam_check = "off"\n        tls = "off"\n    }\nWHITELIST:\n    mail.trusted.example\n    $TRUSTED (trusted)\nALL\n    $ACCEPTED\n',
  );
  const group = { name: 'NEW', senders: ['new.example'], policy: 'TRUSTED', comment: '', position: { after: 'WHITELIST' } as const };
  for (const policies of [
    [],
    [{ name: 'TRUSTED', behaviour: 'ACCEPT' as const, params: { spam_check: 'off', tls: 'off' }, shared: 'refuse' as const }],
    [{ name: 'TRUSTED', behaviour: 'ACCEPT' as const, params: { tls: 'off' }, shared: 'refuse' as const }],
  ]) {
    const r = { name: 't', listeners: 'public' as const, policies, groups: [group] };
    assert.equal(checkRecipe(r).findings, [], JSON.stringify(policies));
    const p = planRecipe(hat.model, r, { listener: 'L', syntax: hat.syntax });
    assert.is(p.refusal, null, JSON.stringify(p.refusal));
    assert.equal(
      p.operations.map((o) => o.op),
      ['add-sender-group'],
      JSON.stringify(policies),
    );
  }
  const conflicting = {
    name: 't',
    listeners: 'public' as const,
    policies: [{ name: 'TRUSTED', behaviour: 'ACCEPT' as const, params: { spam_check: 'on' }, shared: 'refuse' as const }],
    groups: [group],
  };
  const p = planRecipe(hat.model, conflicting, { listener: 'L' });
  assert.equal([p.refusal?.code, (p.refusal?.args as { entries: string[] }).entries], ['policy-shared', ['WHITELIST']]);
});

test.run();
