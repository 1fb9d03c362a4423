/**
 * Parameter names the format doc does not confirm are refused where the judgement reads their
 * policy, not guessed. Every parameter name known is lower case, and nothing says whether the
 * appliance tells `TLS` from `tls`: `tls = "required"` beside `TLS = "off"` was judged
 * compliant (the appliance may keep "off"), and a lone `TLS = "required"` made the planner add
 * a second `tls` line (an `internal-check` reached the user; before the duplicate check it was
 * written). Both are now problems of their policy at their line.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readHat, blockingProblems } from '../../src/hat/model.js';
import { buildExport } from '../fixtures/difftrace.js';
import { patch, recipe as recipeWith } from '../patch/run.js';

const recipe = recipeWith();
const CRES_HAT = (params: string) =>
  [
    '$CRES_TLS',
    '    ACCEPT {',
    params,
    '    }',
    '$ACCEPTED',
    '    ACCEPT {',
    '        tls = "off"',
    '    }',
    'CRES:',
    '    .res.cisco.com',
    '    .cres.iphmx.com',
    '    208.90.57.0/26',
    '    204.15.81.0/26',
    '    $CRES_TLS',
    'ALL',
    '    $ACCEPTED',
    '',
  ].join('\n');
const exportWith = (hat: string) => buildExport({ listeners: [{ name: 'InboundMail', hat }] });
const problems = (hat: string) => blockingProblems(readHat(hat).model).map((p) => [p.code, p.line, p.text, p.name]);

test('two names that differ only by case are a duplicate parameter; a name with capitals is not read as known', () => {
  assert.equal(problems(CRES_HAT('        tls = "required"\n        Tls = "off"')), [
    ['hat-duplicate-param', 2, 'Tls', 'CRES_TLS'],
    ['hat-unknown-param', 4, 'Tls', 'CRES_TLS'],
  ]);
  assert.equal(problems(CRES_HAT('        TLS = "required"')), [['hat-unknown-param', 3, 'TLS', 'CRES_TLS']]);
  assert.equal(problems(CRES_HAT('        tls = "required"\n        spam_check = "on"')), []);
});

for (const [label, params, problem] of [
  ['tls = "required" beside TLS = "off"', '        tls = "required"\n        TLS = "off"', 'hat-duplicate-param'],
  ['a lone TLS = "required"', '        TLS = "required"', 'hat-unknown-param'],
  ['Tls after tls', '        tls = "required"\n        Tls = "required"', 'hat-duplicate-param'],
] as const) {
  test(`${label} on the CRES policy: refused with the line, nothing written`, () => {
    const text = exportWith(CRES_HAT(params));
    const r = patch(text, { recipe });
    assert.is(r.outcome, 'refused');
    assert.not.ok(
      r.findings.some((f) => f.code === 'internal-check'),
      'no internal-check',
    );
    const f = r.findings.find((x) => x.code === 'hat-blocking');
    assert.equal(f?.args.problem, problem);
    assert.equal(r.operations, []);
    assert.is(r.output, text);
  });
}

test('a capitalised name in a policy nothing uses blocks nothing', () => {
  const unused = '$UNUSED\n    ACCEPT {\n        Spam_Check = "off"\n    }\n';
  const r = patch(exportWith(unused + CRES_HAT('        tls = "required"')), { recipe });
  assert.is(r.outcome, 'unchanged', JSON.stringify(r.findings.map((x) => x.code)));
});

test.run();
