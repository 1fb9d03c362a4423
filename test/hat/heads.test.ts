/**
 * Issue 17, item 6: heads and lines the format doc does not confirm are refused, not guessed.
 * Each case is a HAT around one such line: the problem the model reports (code, line, name), the
 * refusal of the CRES recipe on an export holding it (hat-blocking with that problem and line,
 * nothing written), and trace refusing to walk it. A line nothing depends on (an unused policy)
 * is kept byte for byte and the patch goes on.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { blockingProblems, readHat } from '../../src/hat/model.js';
import { traceHost } from '../../src/patch/trace.js';
import { viewExport } from '../../src/patch/diff-exports.js';
import { buildExport } from '../fixtures/difftrace.js';
import { patch, recipe as recipeWith } from '../patch/run.js';

const recipe = recipeWith();

/** A HAT with `lines` between the policies and ALL (line 6 is the first of them). */
const hatWith = (lines: string, policies = '') =>
  `$CRES_TLS\n    ACCEPT {\n        tls = "required"\n    }\n$ACCEPTED\n${policies}${lines}ALL\n    $ACCEPTED\n`.replace(
    '$ACCEPTED\n',
    '$ACCEPTED\n    ACCEPT\n',
  );

const CASES: [what: string, lines: string, code: string, line: number, name: string][] = [
  ['a space before the colon of a group head', 'CRES :\n    .res.cisco.com\n    $CRES_TLS\n', 'hat-head-unclear', 7, 'CRES'],
  ['a group head without its colon', 'CRES\n    .res.cisco.com\n    $CRES_TLS\n', 'hat-head-unclear', 7, 'CRES'],
  ['a member glued to the head', 'CRES:.res.cisco.com\n    $CRES_TLS\n', 'hat-head-unclear', 7, 'CRES:.res.cisco.com'],
  ['ALL in lower case', 'G:\n    192.0.2.1\n    $CRES_TLS\nall\n    $ACCEPTED\n', 'hat-head-unclear', 10, 'all'],
  ['a group name with a character no name has', 'CR?ES:\n    .res.cisco.com\n    $CRES_TLS\n', 'hat-head-unclear', 7, 'CR?ES'],
  ['an inline entry of two senders', 'spamdomain.com other.example REJECT\n', 'hat-head-unclear', 7, 'spamdomain.com'],
  ['a # after a member', 'CRES:\n    208.90.57.0/26 # old entry was mx.evil.example\n    $CRES_TLS\n', 'hat-line-unclear', 8, 'CRES'],
  ['words after a member', 'CRES:\n    208.90.57.0/26 old entry was mx.evil.example\n    $CRES_TLS\n', 'hat-line-unclear', 8, 'CRES'],
  ['a # after members on the head line', 'CRES: .res.cisco.com # was mx.evil.example\n    $CRES_TLS\n', 'hat-line-unclear', 7, 'CRES'],
  ['a # after a $POLICY (comment) line', 'CRES:\n    .res.cisco.com\n    $CRES_TLS (CRES) # tls was off\n', 'hat-line-unclear', 9, 'CRES'],
  ['a # after a behaviour of an entry', 'spamdomain.com\n    REJECT # was ACCEPT\n', 'hat-line-unclear', 8, 'spamdomain.com'],
  ['a $NAME reference with a colon', 'CRES:\n    .res.cisco.com\n    $CRES_TLS:\n', 'hat-line-unclear', 9, 'CRES'],
  ['a # after the block of a used policy', '', 'hat-line-unclear', 2, 'CRES_TLS'],
];

test('every unconfirmed head or line is a blocking problem at its line, named after its item', () => {
  for (const [what, lines, code, line, name] of CASES) {
    const text = what.includes('block of a used policy')
      ? hatWith('CRES:\n    .res.cisco.com\n    $CRES_TLS\n').replace('    ACCEPT {\n', '    ACCEPT { # tls below\n')
      : hatWith(lines);
    const { model } = readHat(text);
    const first = blockingProblems(model)[0];
    assert.ok(first, what);
    assert.equal([first!.code, first!.line, first!.name], [code, line, name], what);
  }
});

test('text after braces, after a $POLICY (comment), a # after ALL: refused too (with the codes that already named them)', () => {
  const cases: [string, string, number][] = [
    ['spamdomain.com\n    REJECT {} x\n', 'hat-unknown-param', 8],
    ['G:\n    192.0.2.1\n    ACCEPT {\n        tls = "off"\n    } x\n', 'hat-unclosed-block', 9],
    ['G:\n    192.0.2.1\n    $CRES_TLS (c) x.example\n', 'hat-unknown-param', 9],
    ['G:\n    192.0.2.1\n    $CRES_TLS\n    } \n', 'hat-unknown-line', 10],
    ['G: 192.0.2.1 $CRES_TLS # c\n', 'hat-line-unclear', 7],
  ];
  for (const [lines, code, line] of cases) {
    const first = blockingProblems(readHat(hatWith(lines)).model)[0];
    assert.equal([first?.code, first?.line], [code, line], lines);
    const r = patch(buildExport({ listeners: [{ name: 'InboundMail', hat: hatWith(lines) }] }), { recipe });
    assert.is(r.outcome, 'refused', lines);
  }
  const all = readHat(hatWith('').replace('ALL\n', 'ALL # everyone else\n')).model;
  assert.ok(blockingProblems(all).some((p) => p.code === 'hat-line-unclear' && p.name === 'ALL'));
});

test('mx.evil.example after a # is no member of CRES, nor after words', () => {
  for (const tail of ['# old entry was mx.evil.example', '#mx.evil.example']) {
    const { model } = readHat(hatWith(`CRES:\n    208.90.57.0/26 ${tail}\n    $CRES_TLS\n`));
    assert.equal(
      model.entries.find((e) => e.name === 'CRES')!.members.map((m) => m.text),
      ['208.90.57.0/26'],
      tail,
    );
  }
});

test('the recipe is refused on every case with the line (exit 3), nothing written', () => {
  for (const [what, lines, code, line] of CASES) {
    if (what.includes('block of a used policy')) continue;
    const text = buildExport({ listeners: [{ name: 'InboundMail', hat: hatWith(lines) }] });
    const r = patch(text, { recipe });
    assert.is(r.outcome, 'refused', what);
    const f = r.findings.find((x) => x.code === 'hat-blocking');
    assert.equal([f?.args.problem, f?.args.line], [code, line], what);
    assert.is(r.output, text, what);
  }
});

test('trace does not walk a HAT whose lines are not certain: mx.evil.example is never said to land on CRES', () => {
  const text = buildExport({
    listeners: [{ name: 'InboundMail', hat: hatWith('CRES:\n    208.90.57.0/26 # old entry was mx.evil.example\n    $CRES_TLS\n') }],
  });
  const [t] = traceHost(viewExport(text), { ip: '198.51.100.66', ptr: 'mx.evil.example' });
  assert.is(t!.match, null);
  assert.equal(
    t!.findings.map((f) => [f.code, f.args.problem]),
    [['trace-hat-unreadable', 'hat-line-unclear']],
  );
});

test('valid spellings stay valid: several members a line, commas, a non-ASCII name, a # comment line, IPv6, SBRS', () => {
  const { model } = readHat(
    hatWith(
      'GRÜN_LISTE:\n    # partners\n    a.example b.example, 192.0.2.1\n    2001:db8::1 SBRS[-10.0:-3.0]\n    $CRES_TLS (partners)\n# next\nspamdomain.com REJECT\n',
    ),
  );
  assert.equal(blockingProblems(model), []);
  assert.equal(
    model.entries.map((e) => [e.name, e.members.length]),
    [
      ['GRÜN_LISTE', 5],
      ['spamdomain.com', 1],
      ['ALL', 0],
    ],
  );
});

test('a # after the behaviour of a policy nothing uses is kept byte for byte; the patch goes on', () => {
  const hat = hatWith('', '$OLD\n    ACCEPT # legacy\n');
  assert.equal(
    readHat(hat).model.problems.map((p) => [p.code, p.blocking, p.name]),
    [['hat-line-unclear', true, 'OLD']],
  );
  const text = buildExport({ listeners: [{ name: 'InboundMail', hat }] });
  const r = patch(text, { recipe });
  assert.is(r.outcome, 'patched');
  assert.ok(r.output.includes('$OLD\n    ACCEPT # legacy\n'));
  assert.equal(
    r.operations.map((o) => o.op),
    ['add-sender-group'],
  );
});

test.run();
