/**
 * The refusal names what conflicts (issue 17.10): every refusal about a policy or entry of the
 * HAT is located at that object's line, not at the `<hat>` element's start, and a refusal about
 * a policy names every entry using it with the file line of each.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../../src/findings.js';
import { loadRecipe } from '../../src/recipes/load.js';
import type { Recipe } from '../../src/recipes/recipe.js';
import { ROOT } from '../helpers.js';
import { patch, recipe as recipeWith } from './run.js';
import { planExport } from '../../src/patch/patch.js';

const fresh = readFileSync(join(ROOT, 'test', 'fixtures', 'fresh.xml'), 'latin1');
const hatStart = fresh.slice(0, fresh.indexOf('<hat>')).split('\n').length;

/** fresh.xml with `before` inserted before the BLOCKLIST group of its first HAT. */
const withEntries = (before: string) => fresh.replace('\nBLOCKLIST:', `\n${before}BLOCKLIST:`);
/** The file line (1-based) of the first line of `text` that starts with `head`, from `from`. */
const lineOf = (text: string, head: string) => text.slice(0, text.indexOf(`\n${head}`) + 1).split('\n').length;

function refusal(text: string, recipe: Recipe = recipeWith()): Finding {
  const r = patch(text, { recipe });
  assert.is(r.outcome, 'refused', JSON.stringify(r.findings.map((f) => [f.code, f.args])));
  return r.findings.find((f) => f.severity === 'error')!;
}

test('policy-conflict: at the policy, naming every group using it with its line', () => {
  const text = withEntries('$CRES_TLS\n    REJECT {}\n\nX:\n    192.0.2.1\n    $CRES_TLS\n\nY:\n    192.0.2.2\n    $CRES_TLS\n\n');
  const f = refusal(text);
  assert.is(f.code, 'policy-conflict');
  assert.equal(f.args, {
    listener: 'IncomingMail',
    policy: 'CRES_TLS',
    behaviour: 'REJECT',
    wanted: 'ACCEPT',
    users: ['X', 'Y'],
    lines: [String(lineOf(text, 'X:')), String(lineOf(text, 'Y:'))],
  });
  assert.is(f.line, lineOf(text, '$CRES_TLS'));
  assert.is.not(f.line, hatStart);
});

test('policy-shared and tls-unknown: at the policy; the sharing entries with their lines', () => {
  const shared = withEntries('$CRES_TLS\n    ACCEPT {\n        tls = "off"\n    }\n\nOTHER:\n    192.0.2.1\n    $CRES_TLS\n\n');
  const f = refusal(shared);
  assert.equal(
    [f.code, f.line, (f.args as { entries: string[] }).entries, (f.args as { lines: string[] }).lines],
    ['policy-shared', lineOf(shared, '$CRES_TLS'), ['OTHER'], [String(lineOf(shared, 'OTHER:'))]],
  );
  const unknown = withEntries('$CRES_TLS\n    ACCEPT {\n        tls = "mandatory"\n    }\n\n');
  const g = refusal(unknown);
  assert.equal([g.code, g.line], ['tls-unknown', lineOf(unknown, '$CRES_TLS')]);
});

test('name-collision: at the entry or policy whose name differs only by case', () => {
  const group = withEntries('cres:\n    192.0.2.1\n    $ACCEPTED\n\n');
  const f = refusal(group);
  assert.equal([f.code, f.line], ['name-collision', lineOf(group, 'cres:')]);
  const policy = withEntries('$cres_tls\n    ACCEPT {}\n\n');
  const g = refusal(policy);
  assert.equal([g.code, g.line], ['name-collision', lineOf(policy, '$cres_tls')]);
});

const recipeOf = (yaml: string): Recipe => {
  const r = loadRecipe(`format: esa-patch/recipe@1\nname: t\nlisteners: all\n${yaml}`);
  assert.ok(r.recipe, JSON.stringify(r.findings));
  return r.recipe!;
};

test('recipe-policy-in-use and recipe-group-emptied: at the policy or group, users with their lines', () => {
  const f = refusal(fresh, recipeOf('remove:\n  policies: [BLOCKED]\n'));
  assert.is(f.code, 'recipe-policy-in-use');
  assert.equal(f.args, {
    listener: 'IncomingMail',
    policy: 'BLOCKED',
    users: ['BLOCKLIST'],
    lines: [String(lineOf(fresh, 'BLOCKLIST:'))],
  });
  assert.is(f.line, lineOf(fresh, '$BLOCKED'));
  const one = withEntries('ONE:\n    192.0.2.5\n    $ACCEPTED\n\n');
  const g = refusal(one, recipeOf('remove:\n  senders:\n    - group: ONE\n      senders: [192.0.2.5]\n'));
  assert.equal([g.code, g.line], ['recipe-group-emptied', lineOf(one, 'ONE:')]);
});

test('a comment that cannot be written: the recipe is refused at the comment (one rule set), never "HAT line 0" at the <hat>', () => {
  const r = recipeWith();
  for (const comment of ['a\u2028b', 'a\ufffeb', 'a\ud800b']) {
    const plan = planExport(fresh, { recipe: { ...r, groups: [{ ...r.groups[0]!, comment }] } });
    assert.is(plan.outcome, 'error', JSON.stringify(comment));
    const f = plan.findings.find((x) => x.code === 'recipe-invalid');
    assert.is((f?.args as { pointer?: string } | undefined)?.pointer, '/groups/0/comment', JSON.stringify(plan.findings));
    assert.not.ok(plan.findings.some((x) => x.code === 'hat-cannot-lower'));
  }
});

test.run();
