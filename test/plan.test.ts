import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseHat, printHat } from '../src/esa/hat.js';
import { hatCompliant, planListener } from '../src/patch/plan.js';
import { lowerListener } from '../src/patch/lower.js';
import { reverseOperations, reverseOperation, type HatOperation, type Operation } from '../src/patch/operations.js';
import { goal as cresRecipe } from './patch/run.js';
import { applyEdits } from '../src/xml/edits.js';

const POLICIES = `$ACCEPTED
    ACCEPT {
        spam_check = "on"
        tls = "off"
    }

$BLOCKED
    REJECT {}

$TRUSTED
    ACCEPT {
        spam_check = "off"
        tls = "off"
    }
`;
const GROUPS = `
WHITELIST:
    mail.partner.example
    $TRUSTED (trusted)

BLACKLIST:
    sbrs[-10.0:-3.0]
    $BLOCKED (Spammers are rejected)

ALL
    $ACCEPTED
`;
const CRES_POLICY = `
$CRES_TLS
    ACCEPT {
        tls = "required"
    }
`;
const CRES_GROUP = `
CRES:
    .res.cisco.com
    .cres.iphmx.com
    208.90.57.0/26
    204.15.81.0/26
    $CRES_TLS (Cisco RES secure replies over TLS)
`;

interface Case {
  name: string;
  hat: string;
  ops?: string[];
  refusal?: string;
  findings?: string[];
  recipe?: Parameters<typeof cresRecipe>[0];
  /** Rolling back by meaning restores the text exactly. */
  exactUndo?: boolean;
}

const cases: Case[] = [
  { name: 'fresh HAT: add the policy and the group', hat: POLICIES + GROUPS, ops: ['add-policy', 'add-sender-group'], exactUndo: true },
  { name: 'already compliant', hat: POLICIES + CRES_POLICY + CRES_GROUP + GROUPS, ops: [] },
  {
    name: 'compliant as the appliance re-exports it (2-space indent, every parameter, unquoted, other case)',
    hat: `$CRES_TLS\n  ACCEPT {\n    max_msgs_per_session = 1000\n    spam_check = "on"\n    tls = REQUIRED\n  }\n$ACCEPTED\n  ACCEPT {}\nCRES:\n  204.15.81.0/26\n  .CRES.iphmx.com\n  208.90.57.0/26\n  .res.cisco.com\n  $CRES_TLS (Cisco RES secure replies over TLS)\nALL\n  $ACCEPTED\n`,
    ops: [],
  },
  {
    name: 'another first group already does it, under another name, with wider ranges',
    hat: POLICIES + '\n$RES\n    ACCEPT {\n        tls = "required"\n    }\n\nRES_REPLIES:\n    .cisco.com\n    .iphmx.com\n    208.90.56.0/23\n    204.15.80.0/22\n    $RES\n' + GROUPS,
    ops: [],
  },
  { name: 'group exists but not first', hat: POLICIES + CRES_POLICY + GROUPS.replace('\nALL', CRES_GROUP + '\nALL'), ops: ['move-sender-group'], exactUndo: true },
  {
    name: 'group lacks two senders',
    hat: POLICIES + CRES_POLICY + CRES_GROUP.replace('    .cres.iphmx.com\n', '').replace('    204.15.81.0/26\n', '') + GROUPS,
    ops: ['add-senders'],
    exactUndo: true,
  },
  {
    name: 'group holds a wider CIDR: nothing to add',
    hat: POLICIES + CRES_POLICY + CRES_GROUP.replace('208.90.57.0/26', '208.90.57.0/24') + GROUPS,
    ops: [],
  },
  {
    name: 'group bound to another policy',
    hat: POLICIES + CRES_POLICY + CRES_GROUP.replace('$CRES_TLS (', '$TRUSTED (') + GROUPS,
    ops: ['set-group-policy'],
    exactUndo: true,
  },
  {
    name: 'group with a behaviour of its own',
    hat: POLICIES + CRES_POLICY + CRES_GROUP.replace('$CRES_TLS (Cisco RES secure replies over TLS)', 'ACCEPT {\n        tls = "on"\n    }') + GROUPS,
    ops: ['set-group-policy'],
  },
  {
    name: 'our policy with TLS off, used by our group only',
    hat: POLICIES + CRES_POLICY.replace('"required"', '"off"') + CRES_GROUP + GROUPS,
    ops: ['set-policy-param'],
    exactUndo: true,
  },
  {
    name: 'our policy without a tls parameter',
    hat: POLICIES + '\n$CRES_TLS\n    ACCEPT {\n        spam_check = "on"\n    }\n' + CRES_GROUP + GROUPS,
    ops: ['set-policy-param'],
    exactUndo: true,
  },
  {
    name: 'our policy as a one-line empty block',
    hat: POLICIES + '\n$CRES_TLS\n    ACCEPT {}\n' + CRES_GROUP + GROUPS,
    ops: ['set-policy-param'],
  },
  {
    name: 'our policy with TLS off is also used by another group: refuse',
    hat: POLICIES + CRES_POLICY.replace('"required"', '"off"') + CRES_GROUP + GROUPS.replace('$TRUSTED (trusted)', '$CRES_TLS (shared)'),
    refusal: 'policy-conflict',
  },
  {
    name: 'our policy REJECTs: refuse',
    hat: POLICIES + '\n$CRES_TLS\n    REJECT {}\n' + GROUPS,
    refusal: 'policy-conflict',
  },
  {
    name: 'a group differing only by case: refuse',
    hat: POLICIES + GROUPS.replace('\nALL', '\ncres:\n    1.2.3.4\n    $ACCEPTED\n\nALL'),
    refusal: 'name-collision',
  },
  {
    name: 'half patched: move, add senders, set TLS, rebind',
    hat: POLICIES + CRES_POLICY.replace('"required"', '"off"') + GROUPS.replace('\nALL', CRES_GROUP.replace('    .cres.iphmx.com\n', '').replace('$CRES_TLS (', '$TRUSTED (') + '\nALL'),
    ops: ['set-policy-param', 'move-sender-group', 'add-senders', 'set-group-policy'],
    exactUndo: true,
  },
  {
    name: 'inline entry first: the group goes before it',
    hat: POLICIES + '\nspamdomain.example\n    REJECT (reject the domain)\n' + GROUPS,
    ops: ['add-policy', 'add-sender-group'],
    exactUndo: true,
  },
  {
    name: 'a blacklist overlapping a CRES range is reported, not changed',
    hat: POLICIES + GROUPS.replace('sbrs[-10.0:-3.0]', '208.90.57.0/24'),
    ops: ['add-policy', 'add-sender-group'],
    findings: ['cres-sender-overlap'],
    exactUndo: true,
  },
  {
    name: 'no policy at all, no blank lines',
    hat: 'WHITELIST:\n    1.2.3.4\n    ACCEPT\nALL\n    REJECT\n',
    ops: ['add-policy', 'add-sender-group'],
    exactUndo: true,
  },
  {
    name: 'last line without a line ending',
    hat: POLICIES + GROUPS.trimEnd(),
    ops: ['add-policy', 'add-sender-group'],
    exactUndo: true,
  },
  {
    name: 'a custom TLS token and group name',
    hat: POLICIES + GROUPS,
    recipe: { tls: 'on', group: 'RES_SECURE', policy: 'RES_TLS' },
    ops: ['add-policy', 'add-sender-group'],
  },
  {
    name: 'CRLF and tabs',
    hat: (POLICIES + GROUPS).replace(/ {4}/g, '\t').replace(/\n/g, '\r\n'),
    ops: ['add-policy', 'add-sender-group'],
    exactUndo: true,
  },
];

function run(hatText: string, ops: HatOperation[]): string {
  return applyEdits(hatText, lowerListener(parseHat(hatText), ops));
}

for (const c of cases) {
  test(`plan: ${c.name}`, () => {
    const recipe = cresRecipe(c.recipe);
    const hat = parseHat(c.hat);
    const plan = planListener(hat, 'IncomingMail', recipe);
    if (c.refusal) {
      assert.is(plan.refusal?.finding.code, c.refusal);
      assert.equal(plan.operations, []);
      return;
    }
    assert.is(plan.refusal, null, plan.refusal?.finding.code);
    assert.equal(plan.operations.map((o) => o.op), c.ops);
    for (const code of c.findings ?? []) assert.ok(plan.findings.some((f) => f.finding.code === code), code);
    if (!plan.operations.length) {
      assert.ok(hatCompliant(hat, recipe));
      return;
    }
    assert.not.ok(hatCompliant(hat, recipe));
    const after = run(c.hat, plan.operations);
    const again = parseHat(after);
    assert.ok(hatCompliant(again, recipe), `compliant after:\n${after}`);
    assert.equal(planListener(again, 'IncomingMail', recipe).operations, [], 'idempotent');
    assert.is(printHat(again), after);
    // Reversal by meaning, from the operations alone.
    const undone = run(after, reverseOperations(plan.operations));
    const back = parseHat(undone);
    assert.not.ok(hatCompliant(back, recipe));
    assert.equal(
      back.entries.map((e) => [e.name, e.members.map((m) => m.text).sort()]),
      hat.entries.map((e) => [e.name, e.members.map((m) => m.text).sort()]),
    );
    if (c.exactUndo) assert.is(undone, c.hat);
  });
}

test('reverse(reverse(op)) equals op for every operation kind', () => {
  const ops: Operation[] = [
    { op: 'add-policy', listener: 'L', listenerPath: 'config/listeners/listener[1]', policy: 'P', behaviour: 'ACCEPT', params: { tls: 'required' } },
    { op: 'add-sender-group', listener: 'L', listenerPath: 'p', group: 'G', senders: ['a'], policy: 'P', comment: 'c', before: 'X' },
    { op: 'move-sender-group', listener: 'L', listenerPath: 'p', group: 'G', from: 3, to: 0, fromBefore: 'Y', toBefore: 'X' },
    { op: 'add-senders', listener: 'L', listenerPath: 'p', group: 'G', senders: ['b'] },
    { op: 'set-policy-param', listener: 'L', listenerPath: 'p', policy: 'P', param: 'tls', from: null, to: 'required' },
    { op: 'set-group-policy', listener: 'L', listenerPath: 'p', group: 'G', from: '$A', to: '$P' },
  ];
  for (const op of ops) {
    assert.equal(reverseOperation(reverseOperation(op)), op);
    assert.not.equal(reverseOperation(op), op);
  }
});

test.run();
