import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { blockingProblems, readHat } from '../../src/hat/model.js';
import { dedent } from '../dedent.js';
import { hat } from './generators.js';
import { CISCO_97 } from './cisco-97.js';

const codes = (text: string) => readHat(text).model.problems.map((p) => [p.code, p.blocking, p.line]);
const blocking = (text: string) => blockingProblems(readHat(text).model).map((p) => p.code);

test("Cisco's 9.7 listing reads without a problem", () => {
  const { model } = readHat(CISCO_97);
  assert.equal(model.problems, []);
  assert.equal(
    model.policies.map((p) => [p.name, p.behaviour, p.spelling, p.params.length]),
    [
      ['BLOCKED', 'REJECT', 'bare', 0],
      ['TRUSTED', 'ACCEPT', 'multiline', 10],
      ['ACCEPTED', 'ACCEPT', 'bare', 0],
      ['THROTTLED', 'ACCEPT', 'multiline', 9],
    ],
  );
  assert.equal(
    model.entries.map((e) => [e.kind, e.name, e.members.length, e.policy?.kind === 'named' ? e.policy.name : e.policy?.behaviour]),
    [
      ['group', 'WHITELIST', 0, 'TRUSTED'],
      ['group', 'BLACKLIST', 1, 'BLOCKED'],
      ['group', 'SUSPECTLIST', 1, 'THROTTLED'],
      ['group', 'UNKNOWNLIST', 2, 'ACCEPTED'],
      ['inline', 'spamdomain.com', 1, 'REJECT'],
      ['inline', '.spamdomain.com', 1, 'REJECT'],
      ['inline', '5.6.7.8', 1, 'REJECT'],
      ['all', 'ALL', 0, 'ACCEPTED'],
    ],
  );
  const inline = model.entries[4]!.policy!;
  assert.is(inline.comment, 'reject the domain "spamdomain.com"');
});

test('a quoted value with a brace and an escaped quote is read whole (issue 8)', () => {
  const { model } = readHat(
    '$X\n    ACCEPT { smtp_banner_text = "ESA {mx1} \\"q\\" ready" max_msgs_per_session = 100 spam_check = "off" }\nALL\n    $X\n',
  );
  assert.equal(model.problems, []);
  assert.equal(model.policies[0]!.params, [
    ['smtp_banner_text', 'ESA {mx1} "q" ready'],
    ['max_msgs_per_session', '100'],
    ['spam_check', 'off'],
  ]);
  assert.is(model.policies[0]!.spelling, 'inline');
});

test('braces on their own lines, and `$NAME ACCEPT` on one line', () => {
  const { model } = readHat(dedent`
    $Y
        ACCEPT
        {
            tls = "required"
        }
    $CRES_TLS ACCEPT
    $Z REJECT {}
    ALL
        $Y
  `);
  assert.equal(model.problems, []);
  assert.equal(
    model.policies.map((p) => [p.name, p.behaviour, p.spelling, p.params]),
    [
      ['Y', 'ACCEPT', 'own-lines', [['tls', 'required']]],
      ['CRES_TLS', 'ACCEPT', 'bare', []],
      ['Z', 'REJECT', 'empty', []],
    ],
  );
});

test('CR-only line endings read the same as LF', () => {
  const lf = dedent`
    $CRES_TLS
        ACCEPT {
            tls = "required"
        }
    CRES:
        .res.cisco.com
        $CRES_TLS
    ALL
        $CRES_TLS
  `;
  const cr = readHat(lf.replace(/\n/g, '\r')).model;
  assert.equal(cr.problems, []);
  assert.equal(
    cr.policies.map((p) => p.name),
    ['CRES_TLS'],
  );
  assert.equal(
    cr.entries.map((e) => e.name),
    ['CRES', 'ALL'],
  );
});

test('blocking problems: each is distinguished, with its HAT line', () => {
  assert.equal(codes('$X\n    ACCEPT {\n        tls = "off"\nALL\n    $X\n'), [['hat-unclosed-block', true, 2]]);
  assert.equal(blocking('    $X\n        ACCEPT\n    ALL\n        $X\n'), ['hat-no-column0-entry']);
  assert.equal(blocking('  \n'), ['hat-empty']);
  assert.equal(blocking(''), ['hat-empty']);
  assert.equal(blocking('CRES:\n    .res.cisco.com\n    $CRES_TLS\n    $BLOCKED\nALL\n    $A\n'), ['hat-second-policy']);
  assert.equal(blocking('G:\n    1.2.3.4\n    $A\n    5.6.7.8\nALL\n    $A\n'), ['hat-member-after-policy']);
  assert.equal(blocking('$X\n    ACCEPT { a = "open }\nALL\n    $X\n'), ['hat-unclosed-block', 'hat-unterminated-quote']);
  assert.equal(blocking('$X\n    ACCEPT\n$x\n    REJECT\nALL\n    $X\n'), ['hat-duplicate-policy']);
  assert.equal(blocking('G:\n    1.2.3.4\n    $A\ng:\n    5.6.7.8\n    $A\nALL\n    $A\n'), ['hat-duplicate-group']);
  assert.equal(blocking('    1.2.3.4\n$X\n    ACCEPT\nALL\n    $X\n'), ['hat-orphan-line']);
  // Only the first line at column 0 (right after <hat>): the rest of the structure is indented.
  const partly = readHat('$X\n      ACCEPT\n      G:\n          1.2.3.4\n          $X\n      ALL\n          $X\n').model;
  assert.equal(
    blockingProblems(partly)
      .filter((p) => p.name === null)
      .map((p) => [p.code, p.line]),
    [
      ['hat-orphan-line', 3],
      ['hat-orphan-line', 5],
      ['hat-orphan-line', 6],
      ['hat-orphan-line', 7],
    ],
  );
  assert.equal(blocking('G:\n    1.2.3.4\nALL\n    $A\n'), ['hat-entry-without-policy']);
  assert.equal(blocking('G:\n    1.2.3.4 $A\nALL\n    $A\n'), ['hat-entry-without-policy', 'hat-unknown-line']);
  assert.equal(blocking('$X\nALL\n    $X\n'), ['hat-policy-without-behaviour']);
  assert.equal(codes('$X\n    ACCEPT {\n        tls = "off"\n        tls = "required"\n    }\nALL\n    $X\n'), [
    ['hat-duplicate-param', true, 2],
  ]);
});

test('a group named ALL: collides with ALL', () => {
  const { model } = readHat('ALL:\n    1.2.3.4\n    $A\nALL\n    $A\n');
  assert.equal(
    model.entries.map((e) => [e.kind, e.name]),
    [
      ['group', 'ALL'],
      ['all', 'ALL'],
    ],
  );
  assert.equal(
    blockingProblems(model).map((p) => p.code),
    ['hat-duplicate-group'],
  );
});

test('unknown lines are kept in position; unknown members are info', () => {
  const { model } = readHat('$X\n    ACCEPT\n    frobnicate 1\nG:\n    country[KP]\n    $X\nALL\n    $X\n');
  assert.equal(
    model.unknown.map((u) => [u.text, u.line, u.where.inside, u.where.name]),
    [['frobnicate 1', 2, 'policy', 'X']],
  );
  assert.equal(
    model.problems.map((p) => [p.code, p.blocking, p.name]),
    [
      ['hat-unknown-line', true, 'X'],
      ['hat-unknown-member', false, 'G'],
    ],
  );
});

test('generated HATs: every policy and group is read, problems only where unknown lines were put', () => {
  fc.assert(
    fc.property(hat, (h) => {
      const { model } = readHat(h.text);
      const blockingNames = blockingProblems(model).map((p) => p.name);
      return (
        model.policies.map((p) => p.name).join() === h.policies.join() &&
        model.entries
          .filter((e) => e.kind === 'group')
          .map((e) => e.name)
          .join() === h.groups.join() &&
        blockingNames.every((n) => n !== null && h.unusedWithUnknown.includes(n))
      );
    }),
    { numRuns: 300 },
  );
});

test.run();
