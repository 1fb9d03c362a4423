/**
 * Removing a sender from a group where another member still matches it, or may: a member in a
 * form read only as text (`10.1.3.7.`, `010.1.3.7`) or an IPv4-mapped IPv6 address refuses the
 * listener at that member (issue 17's leftover), as a covering member left behind does.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readHat } from '../../src/hat/index.js';
import { planRecipe } from '../../src/recipes/plan-recipe.js';
import type { Recipe } from '../../src/recipes/recipe.js';

/** A HAT whose group BAD holds `members` (space-separated), one per line. */
const hat = (members: string) =>
  `$ACCEPTED\n    ACCEPT\n$BLOCKED\n    REJECT\nBAD:\n${members
    .split(' ')
    .map((m) => `    ${m}\n`)
    .join('')}    $BLOCKED\nALL\n    $ACCEPTED\n`;

const removing = (sender: string): Recipe =>
  ({ name: 'rm', listeners: 'public', policies: [], groups: [], remove: { senders: [{ group: 'BAD', senders: [sender] }] } }) as Recipe;

function plan(members: string, sender: string) {
  const model = readHat(hat(members)).model;
  return { model, p: planRecipe(model, removing(sender), { listener: 'L' }) };
}

for (const [members, left, code] of [
  ['10.1.3.7 10.1.3.7.', '10.1.3.7.', 'recipe-sender-maybe-matched'],
  ['192.0.2.1 10.1.3.7.', '10.1.3.7.', 'recipe-sender-maybe-matched'],
  ['010.1.3.7 192.0.2.1', '010.1.3.7', 'recipe-sender-maybe-matched'],
  ['::ffff:10.1.3.7 192.0.2.1', '::ffff:10.1.3.7', 'recipe-sender-maybe-matched'],
  ['10.1.3.7 ::ffff:10.1.3.0/120', '::ffff:10.1.3.0/120', 'recipe-sender-maybe-matched'],
  ['10.1.3.7 10.1.3.0/24', '10.1.3.0/24', 'recipe-sender-still-matched'],
  ['10.1.3.7 10.1.3.', '10.1.3.', 'recipe-sender-still-matched'],
] as const) {
  test(`removing 10.1.3.7 from "${members}" is refused at ${left} (${code})`, () => {
    const { model, p } = plan(members, '10.1.3.7');
    assert.equal(p.operations, []);
    assert.is(p.refusal?.code, code);
    assert.equal(p.refusal?.args, { listener: 'L', group: 'BAD', sender: '10.1.3.7', member: left });
    const line = model.entries.find((e) => e.name === 'BAD')!.members.find((m) => m.text === left)!.line + 1;
    assert.is(p.refusal?.line, line);
  });
}

test('a member that neither covers nor may match is no reason to refuse: the removal is planned', () => {
  const { p } = plan('10.1.3.7 10.1.4.0/24 ::ffff:192.0.2.1 .example.org', '10.1.3.7');
  assert.not.ok(p.refusal);
  assert.equal(p.operations, [{ op: 'remove-senders', group: 'BAD', senders: ['10.1.3.7'] }]);
});

test.run();
