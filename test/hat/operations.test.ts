import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyOperations, notApplied } from '../../src/hat/apply-model.js';
import { readHat } from '../../src/hat/model.js';
import { describeOperation, reverseOperation, reverseOperations, type HatOperation } from '../../src/hat/operations.js';
import { dedent } from '../dedent.js';

const ALL_OPS: HatOperation[] = [
  { op: 'add-policy', policy: 'CRES_TLS', behaviour: 'ACCEPT', params: [['tls', 'required']] },
  { op: 'remove-policy', policy: 'OLD', behaviour: 'REJECT', params: [], text: '$OLD\n    REJECT\n' },
  { op: 'set-policy-param', policy: 'TRUSTED', param: 'max_rcpts_per_hour', from: '-1', to: '5000' },
  { op: 'set-policy-param', policy: 'TRUSTED', param: 'tls', from: null, to: 'required' },
  {
    op: 'add-sender-group',
    group: 'CRES',
    senders: ['.res.cisco.com'],
    policy: { kind: 'named', name: 'CRES_TLS' },
    comment: 'CRES',
    position: 2,
    before: 'BLACKLIST',
  },
  {
    op: 'remove-sender-group',
    group: 'OLD',
    senders: ['1.2.3.4'],
    policy: { kind: 'own', behaviour: 'REJECT', params: [] },
    comment: '',
    position: 0,
    before: 'ALL',
    text: 'OLD:\n    1.2.3.4\n    REJECT\n',
  },
  { op: 'move-sender-group', group: 'CRES', from: 3, to: 0, fromBefore: 'ALL', toBefore: 'WHITELIST' },
  { op: 'add-senders', group: 'CRES', senders: ['208.90.57.0/26'] },
  { op: 'remove-senders', group: 'CRES', senders: ['1.2.3.4', '5.6.7.8'] },
  { op: 'set-group-policy', group: 'CRES', from: { kind: 'named', name: 'ACCEPTED' }, to: { kind: 'named', name: 'CRES_TLS' } },
];

test('reverse(reverse(op)) deep-equals op, for every operation', () => {
  for (const op of ALL_OPS) {
    assert.equal(reverseOperation(reverseOperation(op)), op, op.op);
    assert.is.not(
      reverseOperation(op).op === op.op && JSON.stringify(reverseOperation(op)) === JSON.stringify(op),
      true,
      `${op.op} is its own reverse`,
    );
  }
  assert.equal(
    reverseOperations(ALL_OPS.slice(0, 2)).map((o) => o.op),
    ['add-policy', 'remove-policy'],
  );
});

test('describeOperation says the real position', () => {
  assert.match(describeOperation(ALL_OPS[4]!), /order 3/);
  assert.match(describeOperation(ALL_OPS[4]!), /before BLACKLIST/);
  assert.match(describeOperation(ALL_OPS[6]!), /from order 4 to order 1/);
  assert.match(describeOperation(ALL_OPS[2]!), /-1 -> 5000/);
});

const HAT = dedent`
  $TRUSTED
      ACCEPT {
          max_rcpts_per_hour = -1
      }
  $ACCEPTED
      ACCEPT
  WHITELIST:
      1.2.3.4
      $TRUSTED
  BLACKLIST:
      5.6.7.8
      $ACCEPTED
  ALL
      $ACCEPTED
`;

test('operations apply to the model, and their reverses undo them', () => {
  const { model } = readHat(HAT);
  const ops: HatOperation[] = [
    { op: 'add-policy', policy: 'CRES_TLS', behaviour: 'ACCEPT', params: [['tls', 'required']] },
    { op: 'set-policy-param', policy: 'TRUSTED', param: 'max_rcpts_per_hour', from: '-1', to: '5000' },
    {
      op: 'add-sender-group',
      group: 'CRES',
      senders: ['.res.cisco.com'],
      policy: { kind: 'named', name: 'ACCEPTED' },
      comment: '',
      position: 2,
      before: 'ALL',
    },
    { op: 'move-sender-group', group: 'CRES', from: 2, to: 0, fromBefore: 'ALL', toBefore: 'WHITELIST' },
    { op: 'add-senders', group: 'CRES', senders: ['208.90.57.0/26'] },
    { op: 'set-group-policy', group: 'CRES', from: { kind: 'named', name: 'ACCEPTED' }, to: { kind: 'named', name: 'CRES_TLS' } },
    { op: 'remove-senders', group: 'BLACKLIST', senders: ['5.6.7.8'] },
  ];
  const after = applyOperations(model, ops);
  assert.equal(
    after.entries.map((e) => e.name),
    ['CRES', 'WHITELIST', 'BLACKLIST', 'ALL'],
  );
  assert.equal(
    after.entries[0]!.members.map((m) => m.text),
    ['.res.cisco.com', '208.90.57.0/26'],
  );
  assert.equal(after.policies.find((p) => p.name === 'TRUSTED')!.params, [['max_rcpts_per_hour', '5000']]);
  const back = applyOperations(after, reverseOperations(ops));
  assert.equal(
    back.entries.map((e) => [e.name, e.members.map((m) => m.text)]),
    model.entries.map((e) => [e.name, e.members.map((m) => m.text)]),
  );
  assert.equal(
    back.policies.map((p) => [p.name, p.params]),
    model.policies.map((p) => [p.name, p.params]),
  );
  // The input model is not modified.
  assert.equal(model.entries.length, 3);
});

test('an operation that does not match the model is refused (notApplied: the operation and why)', () => {
  const { model } = readHat(HAT);
  const bad: HatOperation[] = [
    { op: 'set-policy-param', policy: 'TRUSTED', param: 'max_rcpts_per_hour', from: '7', to: '5000' },
    { op: 'move-sender-group', group: 'BLACKLIST', from: 0, to: 1, fromBefore: null, toBefore: null },
    {
      op: 'add-sender-group',
      group: 'whitelist',
      senders: [],
      policy: { kind: 'named', name: 'X' },
      comment: '',
      position: 0,
      before: 'WHITELIST',
    },
    { op: 'remove-senders', group: 'WHITELIST', senders: ['9.9.9.9'] },
    // The appliance does not load a HAT that names an undefined policy.
    { op: 'remove-policy', policy: 'ACCEPTED', behaviour: 'ACCEPT', params: [] },
    {
      op: 'add-sender-group',
      group: 'NEW',
      senders: ['1.1.1.1'],
      policy: { kind: 'named', name: 'NOPE' },
      comment: '',
      position: 0,
      before: 'WHITELIST',
    },
    { op: 'set-group-policy', group: 'WHITELIST', from: { kind: 'named', name: 'TRUSTED' }, to: { kind: 'named', name: 'NOPE' } },
  ];
  for (const op of bad)
    assert.throws(
      () => applyOperations(model, [op]),
      (e: unknown) => notApplied(e)?.args.operation === describeOperation(op),
      op.op,
    );
});

test.run();
