/**
 * Issue 17, item 5: a backslash inside a quoted value. The format doc confirms one escape, `\"`;
 * every other backslash is kept as written (never dropped: `"Mail\tGate"` is not `"MailtGate"`,
 * `"requi\red"` is not `required`), shown and compared exactly, and refused (`hat-value-escape`,
 * exit 3) wherever the change or the compliance judgement reads the policy or entry holding it.
 * The property test: random quoted values with backslashes are read, printed, compared exactly
 * or refused — never silently equal to a different value.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { readHat, blockingProblems, paramValue, findPolicy } from '../../src/hat/model.js';
import { printHat } from '../../src/hat/syntax.js';
import { semanticDiff } from '../../src/hat/diff.js';
import { lowerOperations } from '../../src/hat/lower.js';
import { Refused } from '../../src/findings.js';
import { diffExports, viewExport } from '../../src/patch/diff-exports.js';
import { traceHost } from '../../src/patch/trace.js';
import { inspectExport } from '../../src/patch/inspect.js';
import { buildExport, standardListeners } from '../fixtures/difftrace.js';
import { patch, recipe as recipeWith } from '../patch/run.js';
import { dedent } from '../dedent.js';

const recipe = recipeWith();
const policyHat = (value: string, key = 'smtp_banner_text') => `$P\n    ACCEPT {\n        ${key} = "${value}"\n    }\nALL\n    $P\n`;

test('a backslash other than \\" is kept as written and is a blocking problem of its policy, at its line and column', () => {
  for (const [raw, value] of [
    ['requi\\red', 'requi\\red'],
    ['Mail\\tGate', 'Mail\\tGate'],
    ['C:\\\\', 'C:\\\\'],
    ['a\\\\\\"b', 'a\\\\"b'],
    ['\\n', '\\n'],
  ] as const) {
    const { model } = readHat(policyHat(raw, 'tls'));
    assert.is(paramValue(findPolicy(model, 'P')!.params, 'tls'), value, raw);
    assert.equal(
      model.problems.map((p) => [p.code, p.blocking, p.line, p.col, p.name, p.text]),
      [['hat-value-escape', true, 3, 15, 'P', `"${raw}"`]],
      raw,
    );
  }
});

test('a backslash in a bare (unquoted) value is the same problem', () => {
  const { model } = readHat('$P\n    ACCEPT {\n        tls = requi\\red\n    }\nALL\n    $P\n');
  assert.equal(
    model.problems.map((p) => [p.code, p.line, p.text]),
    [['hat-value-escape', 3, 'requi\\red']],
  );
});

test('\\" is the one escape read: a quote inside the value, no problem', () => {
  const { model } = readHat(policyHat('ESA \\"mx1\\" ready'));
  assert.is(paramValue(findPolicy(model, 'P')!.params, 'smtp_banner_text'), 'ESA "mx1" ready');
  assert.equal(model.problems, []);
});

test('a backslash in a group of its own behaviour block is the same problem, named after the group', () => {
  const { model } = readHat('G:\n    192.0.2.1\n    ACCEPT { tls = "requi\\red" }\nALL\n    ACCEPT\n');
  assert.equal(
    blockingProblems(model).map((p) => [p.code, p.line, p.name]),
    [['hat-value-escape', 3, 'G']],
  );
});

test('values that differ only by a backslash are different values in semanticDiff', () => {
  const a = readHat(policyHat('Mail\\tGate')).model;
  const b = readHat(policyHat('MailtGate')).model;
  assert.equal(semanticDiff(a, b), [
    { kind: 'policy-param-changed', policy: 'P', param: 'smtp_banner_text', from: 'Mail\\tGate', to: 'MailtGate' },
  ]);
  assert.equal(semanticDiff(a, readHat(policyHat('Mail\\tGate')).model), []);
});

// ---------------------------------------------------------------------------------------------
// Exports: the planner refuses, diff/trace/inspect show the raw text
// ---------------------------------------------------------------------------------------------

const CRES_HAT = (tls: string, banner = 'ESA ready') => dedent`
  $CRES_TLS
      ACCEPT {
          tls = "${tls}"
      }
  $ACCEPTED
      ACCEPT {
          smtp_banner_text = "${banner}"
      }
  $UNUSED
      ACCEPT {
          smtp_banner_text = "C:\\temp"
      }
  CRES:
      .res.cisco.com
      .cres.iphmx.com
      208.90.57.0/26
      204.15.81.0/26
      $CRES_TLS
  ALL
      $ACCEPTED
`;
const exportWith = (hat: string) => buildExport({ listeners: [{ name: 'InboundMail', hat }] });

test('tls = "requi\\red" on the CRES policy is not compliant: refused with the line, nothing written', () => {
  const text = exportWith(CRES_HAT('requi\\red'));
  const r = patch(text, { recipe });
  assert.is(r.outcome, 'refused');
  const f = r.findings.find((x) => x.code === 'hat-blocking');
  assert.ok(f, 'a hat-blocking finding');
  assert.equal([f!.args.problem, f!.args.line, f!.args.text], ['hat-value-escape', 3, '"requi\\red"']);
  assert.equal(r.operations, []);
  assert.is(r.output, text);
});

test('the same HAT with tls = "required" is compliant, and the unused policy holding C:\\temp does not matter', () => {
  const text = exportWith(CRES_HAT('required'));
  const r = patch(text, { recipe });
  assert.is(r.outcome, 'unchanged');
  assert.equal(r.operations, []);
});

test('a backslash in a policy the HAT uses (ALL -> $ACCEPTED) blocks the judgement too', () => {
  const r = patch(exportWith(CRES_HAT('required', 'Mail\\tGate')), { recipe });
  assert.is(r.outcome, 'refused');
  const f = r.findings.find((x) => x.code === 'hat-blocking');
  assert.equal([f?.args.problem, f?.args.line], ['hat-value-escape', 7]);
});

test('diff: "Mail\\tGate" and "MailtGate" differ, shown as written; the HAT is compared, not refused', () => {
  const a = viewExport(exportWith(CRES_HAT('required', 'Mail\\tGate')));
  const b = viewExport(exportWith(CRES_HAT('required', 'MailtGate')));
  const d = diffExports(a, b);
  assert.is(d.identical, false);
  assert.equal(d.findings, []);
  assert.equal(d.listeners[0]!.hat, [
    { kind: 'policy-param-changed', policy: 'ACCEPTED', param: 'smtp_banner_text', from: 'Mail\\tGate', to: 'MailtGate' },
  ]);
  assert.is(diffExports(a, viewExport(exportWith(CRES_HAT('required', 'Mail\\tGate')))).identical, true);
});

test('trace and inspect show the value as written', () => {
  const text = exportWith(CRES_HAT('requi\\red'));
  const [t] = traceHost(viewExport(text), { ip: '208.90.57.33' });
  assert.equal(t!.findings, []);
  assert.is(t!.match?.entry, 'CRES');
  assert.equal(
    t!.match?.params.find((p) => p.key === 'tls'),
    { key: 'tls', value: 'requi\\red', source: 'policy' },
  );
  const report = inspectExport(text, 'x.xml', recipe);
  assert.is(report.listeners[0]!.policies.find((p) => p.name === 'CRES_TLS')!.tls, 'requi\\red');
});

test('the lowering never writes a value holding a backslash (it would not read back as itself)', () => {
  const { syntax } = readHat(policyHat('x'));
  for (const to of ['a\\b', 'requi\\red', '\\']) {
    try {
      lowerOperations(syntax, [{ op: 'set-policy-param', policy: 'P', param: 'smtp_banner_text', from: 'x', to }]);
      assert.unreachable(to);
    } catch (e) {
      assert.ok(e instanceof Refused, String(e));
      assert.is((e as Refused).finding.code, 'hat-cannot-lower');
    }
  }
  // A quote is written escaped, and reads back as itself.
  const edits = lowerOperations(syntax, [{ op: 'set-policy-param', policy: 'P', param: 'smtp_banner_text', from: 'x', to: 'say "hi"' }]);
  assert.equal(
    edits.map((e) => e.insert),
    ['say \\"hi\\"'],
  );
});

// ---------------------------------------------------------------------------------------------
// Property: read, printed, compared exactly, or refused
// ---------------------------------------------------------------------------------------------

/** Raw text between the quotes: letters, spaces, braces, quotes escaped or not, backslashes anywhere. */
const rawValue = fc
  .array(fc.constantFrom('a', 't', 'r', 'n', ' ', '{', '}', '\\', '\\\\', '\\"', '\\t', '\\r', '\\n', '"'), { maxLength: 12 })
  .map((parts) => parts.join(''));

/** What the value means when `\"` is the only escape and nothing else holds a backslash; null otherwise. */
function plainValue(raw: string): string | null {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '\\') {
      if (raw[i + 1] !== '"') return null;
      out += '"';
      i++;
    } else if (raw[i] === '"') return null;
    else out += raw[i];
  }
  return out;
}

test('property: a quoted value is read exactly as written, or its policy is refused; printing is the identity', () => {
  fc.assert(
    fc.property(rawValue, (raw) => {
      const text = policyHat(raw);
      const { syntax, model } = readHat(text);
      if (printHat(syntax) !== text) return false;
      const blocked = blockingProblems(model).some((p) => p.name === 'P');
      const plain = plainValue(raw);
      if (plain === null) return blocked; // a backslash the doc does not confirm, or a quote that ends the value early
      return !blocked && paramValue(findPolicy(model, 'P')!.params, 'smtp_banner_text') === plain;
    }),
    { numRuns: 500 },
  );
});

test('property: diff of two exports differing in one quoted value is identical exactly when the raw texts are equal, or refuses', () => {
  fc.assert(
    fc.property(rawValue, rawValue, fc.boolean(), (x, y, same) => {
      const b = same ? x : y;
      const ex = (v: string) => viewExport(buildExport({ listeners: standardListeners(CRES_HAT('required', v)) }));
      const d = diffExports(ex(x), ex(b));
      if (d.findings.some((f) => f.code === 'diff-hat-unreadable')) {
        // Refused: only when a side cannot be read at all (a quote that ends the value early, an unterminated string).
        return plainValue(x) === null || plainValue(b) === null;
      }
      return d.identical === (x === b);
    }),
    { numRuns: 300 },
  );
});

test.run();
