/**
 * Recipe errors read as people write recipes (issue 18): located at file:line:col, in the
 * recipe's words (no JSON-Schema keyword, no JSON pointer in the message), with "did you mean"
 * for a misspelt key, behaviour, position, listener selection or parameter name.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRecipe } from '../../src/recipes/load.js';
import { messageOf } from '../../src/report/messages.js';
import { explain } from '../../src/report/explain.js';
import { tempDir } from '../helpers.js';
import { cli } from '../cli/run.js';
import { dedent } from '../dedent.js';

const JARGON = /oneOf|anyOf|additionalProperties|propertyNames|minItems|minProperties|\benum\b|\bconst\b|\/groups\/|\/policies\//;

const TEXT = dedent`
  name: typos
  listeners: pubic
  grups: []
  policies:
    - name: P
      behavour: ACCEPT
    - name: Q
      behaviour: ACEPT
  groups:
    - name: G
      senders: [a.example]
      polcy: P
      position: frist
  remove:
    sender: []
`;

test('misspelt keys and words: each error at its place, with the closest allowed word', () => {
  const r = loadRecipe(TEXT, { file: 'typos.yaml' });
  assert.is(r.recipe, null);
  const got = r.findings.map((f) => {
    const a = f.args as { rule: string; key?: string; suggestion?: string };
    return [f.line, f.col, a.rule, a.key ?? null, a.suggestion ?? null];
  });
  assert.equal(got, [
    [2, 12, 'anyOf', null, 'public'],
    [3, 1, 'additionalProperties', 'grups', 'groups'],
    [5, 5, 'required', 'behaviour', null],
    [6, 5, 'additionalProperties', 'behavour', 'behaviour'],
    [8, 16, 'enum', null, 'ACCEPT'],
    [10, 5, 'required', 'policy', null],
    [12, 5, 'additionalProperties', 'polcy', 'policy'],
    [13, 15, 'oneOf', null, 'first'],
    [15, 3, 'additionalProperties', 'sender', 'senders'],
  ]);
  for (const f of r.findings) {
    const m = messageOf(f);
    assert.not.match(m, JARGON, m);
    if ((f.args as { suggestion?: string }).suggestion) assert.match(m, `did you mean ${(f.args as { suggestion: string }).suggestion}?`);
  }
  assert.match(messageOf(r.findings[1]!), /^unknown key grups in the recipe; did you mean groups\?/);
  assert.match(messageOf(r.findings[7]!), /^groups\[0\]\.position: "frist" is not first \| last/);
});

test('a parameter name one typo from a known one: a warning with the suggestion, the recipe still read', () => {
  const r = loadRecipe(
    'name: p\npolicies:\n  - name: P\n    behaviour: ACCEPT\n    params: { tsl: required, smtp_banner_txt: hi, my_own_param: 1 }\n',
  );
  assert.ok(r.recipe);
  assert.equal(
    r.findings.map((f) => [f.code, f.severity, f.line, f.col, f.args]),
    [
      ['recipe-param-unknown', 'warning', 5, 15, { pointer: '/policies/0/params/tsl', name: 'tsl', suggestion: 'tls' }],
      [
        'recipe-param-unknown',
        'warning',
        5,
        30,
        { pointer: '/policies/0/params/smtp_banner_txt', name: 'smtp_banner_txt', suggestion: 'smtp_banner_text' },
      ],
    ],
  );
  assert.ok(explain('recipe-param-unknown'));
  assert.ok(explain('recipe-position-unmet'));
});

test('a value is shown quoted and escaped, never raw (control and bidi characters)', () => {
  const r = loadRecipe('name: x\ngroups:\n  - { name: G, senders: [a.example], policy: P, position: "fir\\u202Est\\u0007" }\n');
  const m = messageOf(r.findings[0]!);
  assert.not.match(m, /[\u0000-\u001f\u202e]/);
  assert.match(m, '"fir\\u202est\\u0007"');
});

test('recipe check: errors as file:line:col with did-you-mean, exit 1; warnings printed, exit 0', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'typos.yaml'), TEXT);
  const bad = await cli(['recipe', 'check', 'typos.yaml'], { cwd: dir });
  assert.is(bad.code, 1);
  assert.match(bad.err, 'typos.yaml:3:1: error: unknown key grups in the recipe; did you mean groups?');
  assert.match(
    bad.err,
    'typos.yaml:8:16: error: policies[1].behaviour: "ACEPT" is not one of ACCEPT, REJECT, RELAY, TCPREFUSE, CONTINUE; did you mean ACCEPT?',
  );
  assert.not.match(bad.err, JARGON);
  writeFileSync(join(dir, 'warn.yaml'), 'name: w\npolicies:\n  - name: P\n    behaviour: ACCEPT\n    params: { tsl: required }\n');
  const warn = await cli(['recipe', 'check', 'warn.yaml'], { cwd: dir });
  assert.is(warn.code, 0, warn.err);
  assert.match(warn.err, 'warn.yaml:5:15: warning: policies[0].params.tsl: parameter tsl is not one esa-patch knows; did you mean tls?');
});

test.run();
