import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { lowerAndProve, lowerOperations, applyHatEdits } from '../../src/hat/lower.js';
import { Refused, type Finding } from '../../src/findings.js';
import { readHat } from '../../src/hat/model.js';
import { describeOperation, type HatOperation } from '../../src/hat/operations.js';
import { parseHat } from '../../src/hat/syntax.js';
import { dedent } from '../dedent.js';
import { hat } from './generators.js';

const tls = (policy: string, from: string | null, to: string | null = 'required'): HatOperation => ({
  op: 'set-policy-param',
  policy,
  param: 'tls',
  from,
  to,
});

function lower(text: string, ops: HatOperation[]): string {
  const r = lowerAndProve(parseHat(text), ops);
  if (!r.ok) assert.unreachable(JSON.stringify(r.differences));
  return r.text;
}

function refusal(text: string, ops: HatOperation[]): Finding {
  try {
    lowerOperations(parseHat(text), ops);
  } catch (e) {
    if (e instanceof Refused) return e.finding;
    throw e;
  }
  return assert.unreachable('not refused') as never;
}

test('an inline block with a brace in a quoted value keeps every parameter (issue 8)', () => {
  const text = '$P\n    ACCEPT { smtp_banner_text = "ESA {mx1} ready" max_msgs_per_session = 100 spam_check = "off" }\nALL\n    $P\n';
  assert.is(
    lower(text, [tls('P', null)]),
    '$P\n    ACCEPT { smtp_banner_text = "ESA {mx1} ready" max_msgs_per_session = 100 spam_check = "off" tls = "required" }\nALL\n    $P\n',
  );
});

test('an escaped quote in a value is kept whole', () => {
  const text =
    '$P\n    ACCEPT {\n        smtp_banner_text = "ESA \\"mx1\\" ready"\n        max_msgs_per_session = 100\n    }\nALL\n    $P\n';
  assert.is(
    lower(text, [tls('P', null)]),
    '$P\n    ACCEPT {\n        smtp_banner_text = "ESA \\"mx1\\" ready"\n        max_msgs_per_session = 100\n        tls = "required"\n    }\nALL\n    $P\n',
  );
});

test('braces on their own lines: the value changes in place, a new parameter goes before }', () => {
  const text = '$P\n    ACCEPT\n    {\n        tls = "off"\n    }\n$Q\n    ACCEPT\n    {\n        spam_check = "off"\n    }\nALL\n    $P\n';
  assert.is(lower(text, [tls('P', 'off')]), text.replace('tls = "off"', 'tls = "required"'));
  assert.is(lower(text, [tls('Q', null)]), text.replace('spam_check = "off"\n', 'spam_check = "off"\n        tls = "required"\n'));
});

test('{} and bare behaviours get exactly one parameter; `$NAME ACCEPT` on one line works', () => {
  assert.is(lower('$P\n    ACCEPT {}\nALL\n    $P\n', [tls('P', null)]), '$P\n    ACCEPT { tls = "required" }\nALL\n    $P\n');
  assert.is(lower('$P\n    ACCEPT\nALL\n    $P\n', [tls('P', null)]), '$P\n    ACCEPT {\n        tls = "required"\n    }\nALL\n    $P\n');
  assert.is(lower('$P ACCEPT\nALL\n    $P\n', [tls('P', null)]), '$P ACCEPT {\n        tls = "required"\n    }\nALL\n    $P\n');
  assert.is(lower('$P\n    ACCEPT (why)\nALL\n    $P\n', [tls('P', null)]), '$P\n    ACCEPT { tls = "required" } (why)\nALL\n    $P\n');
});

test('removing a parameter removes its line or its tokens only', () => {
  assert.is(
    lower('$P\n    ACCEPT {\n        a = 1\n        tls = "off"\n    }\nALL\n    $P\n', [tls('P', 'off', null)]),
    '$P\n    ACCEPT {\n        a = 1\n    }\nALL\n    $P\n',
  );
  assert.is(
    lower('$P\n    ACCEPT { a = 1 tls = "off" }\nALL\n    $P\n', [tls('P', 'off', null)]),
    '$P\n    ACCEPT { a = 1 }\nALL\n    $P\n',
  );
});

test("CR-only and CRLF HATs: inserted lines take their neighbours' endings", () => {
  for (const eol of ['\r', '\r\n']) {
    const text = ['$P', '    ACCEPT', 'G:', '    1.2.3.4', '    $P', 'ALL', '    $P', ''].join(eol);
    const out = lower(text, [
      { op: 'add-policy', policy: 'CRES_TLS', behaviour: 'ACCEPT', params: [['tls', 'required']] },
      {
        op: 'add-sender-group',
        group: 'CRES',
        senders: ['.res.cisco.com'],
        policy: { kind: 'named', name: 'CRES_TLS' },
        comment: '',
        position: 0,
        before: 'G',
      },
    ]);
    const other = eol === '\r' ? /\n/ : /[^\r]\n|\r(?!\n)/;
    assert.not.match(out, other);
    assert.equal(
      readHat(out).model.entries.map((e) => e.name),
      ['CRES', 'G', 'ALL'],
    );
  }
});

test('a HAT without a final line ending gets one only where a line is inserted after its end', () => {
  const text = '$P\n    ACCEPT\nG:\n    1.2.3.4\n    $P\nALL\n    $P';
  assert.is(
    lower(text, [{ op: 'add-senders', group: 'G', senders: ['5.6.7.8'] }]),
    '$P\n    ACCEPT\nG:\n    1.2.3.4\n    5.6.7.8\n    $P\nALL\n    $P',
  );
});

test("the HAT's style: Cisco indents, blank lines between entries", () => {
  const text = dedent`
    $A
        ACCEPT

    G:
        1.2.3.4
            $A (x)

    ALL
        $A
  `;
  const out = lower(text, [
    {
      op: 'add-sender-group',
      group: 'CRES',
      senders: ['.res.cisco.com', '208.90.57.0/26'],
      policy: { kind: 'named', name: 'A' },
      comment: 'CRES',
      position: 0,
      before: 'G',
    },
  ]);
  assert.is(out, text.replace('G:\n', 'CRES:\n    .res.cisco.com\n    208.90.57.0/26\n        $A (CRES)\n\nG:\n'));
});

test('moves, removals and restores need no special cases; edits are minimal', () => {
  const text = dedent`
    $A
        ACCEPT
    G1:
        1.1.1.1
        $A
    G2:
        2.2.2.2
        $A
    G3:
        3.3.3.3
        $A
    ALL
        $A
  `;
  const move: HatOperation = { op: 'move-sender-group', group: 'G3', from: 2, to: 0, fromBefore: 'ALL', toBefore: 'G1' };
  const edits = lowerOperations(parseHat(text), [move]);
  assert.is(edits.length, 2);
  assert.equal(
    readHat(applyHatEdits(text, edits)).model.entries.map((e) => e.name),
    ['G3', 'G1', 'G2', 'ALL'],
  );
  const removed = lower(text, [
    {
      op: 'remove-sender-group',
      group: 'G2',
      senders: ['2.2.2.2'],
      policy: { kind: 'named', name: 'A' },
      comment: '',
      position: 1,
      before: 'G3',
    },
  ]);
  assert.is(removed, text.replace('G2:\n    2.2.2.2\n    $A\n', ''));
  const restored = lower(removed, [
    {
      op: 'add-sender-group',
      group: 'G2',
      senders: ['2.2.2.2'],
      policy: { kind: 'named', name: 'A' },
      comment: '',
      position: 1,
      before: 'G3',
      text: 'G2:\n    2.2.2.2\n    $A\n',
    },
  ]);
  assert.is(restored, text);
});

test('a # comment above an entry stays above it when the entry before it moves', () => {
  const text = '$A\n    ACCEPT\nG1:\n    1.1.1.1\n    $A\n# partners below\nG2:\n    2.2.2.2\n    $A\nALL\n    $A\n';
  const out = lower(text, [{ op: 'move-sender-group', group: 'G1', from: 0, to: 1, fromBefore: 'G2', toBefore: 'ALL' }]);
  assert.is(out, '$A\n    ACCEPT\n# partners below\nG2:\n    2.2.2.2\n    $A\nG1:\n    1.1.1.1\n    $A\nALL\n    $A\n');
});

test('refusals: a block that never closes, a parameter written twice, a blocking problem', () => {
  assert.is(refusal('$P\n    ACCEPT {\n        tls = "off"\nALL\n    $A\n', [tls('P', 'off')]).code, 'hat-blocking');
  const twice = refusal('$P\n    ACCEPT {\n        tls = "off"\n        tls = "off"\n    }\nALL\n    $A\n', [tls('P', 'off')]);
  assert.equal(
    [twice.code, twice.severity, twice.line, twice.args],
    ['hat-blocking', 'error', 2, { listener: '', problem: 'hat-duplicate-param', line: 2, text: 'tls' }],
  );
  // A member written twice cannot be removed exactly.
  const removal: HatOperation = { op: 'remove-senders', group: 'G', senders: ['1.2.3.4'] };
  const member = refusal('$P\n    ACCEPT\nG:\n    1.2.3.4\n    1.2.3.4\n    $P\nALL\n    $P\n', [removal]);
  assert.is(member.code, 'hat-cannot-lower');
  assert.is(member.line, 4);
  assert.is((member.args as { operation: string }).operation, describeOperation(removal));
  assert.is(refusal('    $P\n        ACCEPT\n    ALL\n        $P\n', [tls('P', null)]).code, 'hat-blocking');
  const bad = refusal('$P\n    ACCEPT\nALL\n    $P\n', [{ op: 'add-senders', group: 'ALL', senders: ['1.2.3.4\n$X'] }]);
  assert.is(bad.code, 'hat-cannot-lower');
});

test('property: any operation set on generated HATs lowers to a proven change or is refused', () => {
  const opFor = (text: string, pick: number): HatOperation[] => {
    const m = readHat(text).model;
    const groups = m.entries.filter((e) => e.kind === 'group');
    const g = groups[pick % Math.max(1, groups.length)];
    const p = m.policies[pick % m.policies.length]!;
    const ops: HatOperation[] = [
      {
        op: 'set-policy-param',
        policy: p.name,
        param: 'tls',
        from: p.params.filter(([k]) => k === 'tls').pop()?.[1] ?? null,
        to: 'required',
      },
    ];
    if (g) {
      const from = m.entries.indexOf(g);
      ops.push({ op: 'add-senders', group: g.name, senders: ['203.0.113.7'] });
      if (from > 0)
        ops.push({
          op: 'move-sender-group',
          group: g.name,
          from,
          to: 0,
          fromBefore: m.entries[from + 1]?.name ?? null,
          toBefore: m.entries[0]!.name,
        });
    }
    return ops;
  };
  fc.assert(
    fc.property(hat, fc.nat(10), (h, pick) => {
      try {
        const r = lowerAndProve(parseHat(h.text), opFor(h.text, pick));
        if (!r.ok) throw new Error(JSON.stringify(r.differences) + '\n' + h.text);
      } catch (e) {
        if (!(e instanceof Refused)) throw e;
      }
      return true;
    }),
    { numRuns: 300 },
  );
});

test.run();
