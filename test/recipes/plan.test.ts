import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { evaluate } from '../../src/hat/evaluate.js';
import { readHat } from '../../src/hat/model.js';
import { lowerAndProve } from '../../src/hat/lower.js';
import { Refused } from '../../src/findings.js';
import { parseHat } from '../../src/hat/syntax.js';
import { covers, parseSender } from '../../src/net/sender.js';
import { planGroupGoal, type PlanOptions } from '../../src/recipes/plan.js';
import type { GroupGoal, PolicyGoal } from '../../src/recipes/recipe.js';
import { dedent } from '../dedent.js';
import { CISCO_97 } from '../hat/cisco-97.js';
import { hat } from '../hat/generators.js';
import { CRES_GROUP, CRES_HOSTS, CRES_POLICY } from './cres-goal.js';

const opts: PlanOptions = { listener: 'IncomingMail', published: CRES_HOSTS };
const plan = (text: string, group: GroupGoal = CRES_GROUP, policy: PolicyGoal = CRES_POLICY, o: Partial<PlanOptions> = {}) =>
  planGroupGoal(readHat(text).model, group, policy, { ...opts, ...o });
const ops = (text: string, ...rest: Parameters<typeof plan> extends [unknown, ...infer R] ? R : never) =>
  plan(text, ...rest).operations.map((o) => o.op);

const BASE = dedent`
  $ACCEPTED
      ACCEPT
  $BLOCKED
      REJECT
  BLOCKED_PARTNER:
      mx.badpartner.example
      $BLOCKED
  ALL
      $ACCEPTED
`;

/** Plans, lowers, proves; returns the text after and its model. */
function change(text: string, group = CRES_GROUP, policy = CRES_POLICY) {
  const p = plan(text, group, policy);
  assert.is(p.refusal, null);
  const r = lowerAndProve(parseHat(text), p.operations);
  if (!r.ok) assert.unreachable(JSON.stringify(r.differences));
  return { plan: p, text: r.text, model: r.ok ? r.after.model : null! };
}

test('a HAT without CRES gets the policy and the group at order 1', () => {
  const { plan: p, model } = change(BASE);
  assert.equal(
    p.operations.map((o) => o.op),
    ['add-policy', 'add-sender-group'],
  );
  assert.equal(
    model.entries.map((e) => e.name),
    ['CRES', 'BLOCKED_PARTNER', 'ALL'],
  );
  // res.cisco.com itself is not covered by .res.cisco.com: reported, never added.
  // A gap of the recipe (its senders do not name the host): info, the same on every appliance.
  assert.is(
    p.findings.find((f) => f.code === 'published-uncovered'),
    undefined,
  );
  const outside = p.findings.find((f) => f.code === 'published-outside-senders');
  assert.is(outside?.severity, 'info');
  assert.equal((outside!.args as { hosts: string[] }).hosts, ['res.cisco.com (184.94.241.74)']);
  assert.equal(ops(dedent`${'' /* idempotent */}${applyTwice(BASE)}`), []);
});

test('a published host the senders name but an earlier entry takes is a warning of this HAT', () => {
  // Compliant by meaning (no earlier entry names a CRES sender), but mxnat3's address is blocked
  // before the CRES group, whose partial name would have matched it.
  const p = plan(dedent`
    $CRES_TLS
        ACCEPT {
            tls = "required"
        }
    $BLOCKED
        REJECT
    RELAYS_BLOCKED:
        184.94.241.96
        $BLOCKED
    CRES:
        .res.cisco.com
        .cres.iphmx.com
        208.90.57.0/26
        204.15.81.0/26
        $CRES_TLS
    ALL
        $BLOCKED
  `);
  assert.equal(p.operations, []);
  const warning = p.findings.find((f) => f.code === 'published-uncovered');
  assert.is(warning?.severity, 'warning');
  assert.equal((warning!.args as { hosts: string[] }).hosts, ['mxnat3.res.cisco.com (184.94.241.96)']);
});

function applyTwice(text: string): string {
  return change(text).text;
}

test('an already compliant HAT under other names, with an unused case-different policy, needs nothing (issue 8)', () => {
  const p = plan(dedent`
    $cres_tls
        REJECT
    $TLS_REQ
        ACCEPT {
            tls = "required"
        }
    SECURE_RES:
        .res.cisco.com
        .cres.iphmx.com
        208.90.57.0/26
        204.15.81.0/26
        $TLS_REQ
    ALL
        $TLS_REQ
  `);
  assert.is(p.refusal, null);
  assert.equal(p.operations, []);
});

test('the same case-different policy blocks adding the goal policy (name-collision)', () => {
  const p = plan(dedent`
    $cres_tls
        REJECT
    ALL
        $cres_tls
  `);
  assert.is(p.refusal?.code, 'name-collision');
  assert.equal(p.refusal?.args, { listener: 'IncomingMail', existing: 'cres_tls', wanted: 'CRES_TLS', kind: 'policy' });
});

test('moving the CRES group past a block group reports the partner host it now accepts (treatment-change)', () => {
  const text = dedent`
    $ACCEPTED
        ACCEPT
    $BLOCKED
        REJECT
    $CRES_TLS
        ACCEPT {
            tls = "required"
        }
    BLOCKED_PARTNER:
        mx.badpartner.example
        208.90.57.40
        $BLOCKED
    CRES:
        .res.cisco.com
        .cres.iphmx.com
        208.90.57.0/26
        204.15.81.0/26
        mx.badpartner.example
        $CRES_TLS
    ALL
        $ACCEPTED
  `;
  const { plan: p, model } = change(text);
  assert.equal(
    p.operations.map((o) => o.op),
    ['move-sender-group'],
  );
  assert.equal(
    model.entries.map((e) => e.name),
    ['CRES', 'BLOCKED_PARTNER', 'ALL'],
  );
  assert.equal(
    p.treatmentChanges.map((f) => [f.code, f.severity, f.args]),
    [
      // A goal sender that an entry named and treated otherwise is reported too.
      [
        'treatment-change',
        'warning',
        {
          listener: 'IncomingMail',
          host: '208.90.57.0/26',
          before: 'REJECT by BLOCKED_PARTNER ($BLOCKED)',
          after: 'ACCEPT by CRES ($CRES_TLS, tls required)',
        },
      ],
      [
        'treatment-change',
        'warning',
        {
          listener: 'IncomingMail',
          host: 'mx.badpartner.example',
          before: 'REJECT by BLOCKED_PARTNER ($BLOCKED)',
          after: 'ACCEPT by CRES ($CRES_TLS, tls required)',
        },
      ],
    ],
  );
});

test('rebinding a group that holds a partner host reports the forced TLS', () => {
  const text = dedent`
    $ACCEPTED
        ACCEPT
    $CRES_TLS
        ACCEPT {
            tls = "required"
        }
    CRES:
        .res.cisco.com
        .cres.iphmx.com
        208.90.57.0/26
        204.15.81.0/26
        mail.partner.example
        $ACCEPTED
    ALL
        $ACCEPTED
  `;
  const { plan: p } = change(text);
  assert.equal(
    p.operations.map((o) => o.op),
    ['set-group-policy'],
  );
  // The group's own senders are treated otherwise too (TLS now required): reported as well.
  assert.equal(
    p.treatmentChanges.map((f) => [f.args.host, f.args.after]),
    ['.res.cisco.com', '.cres.iphmx.com', '208.90.57.0/26', '204.15.81.0/26', 'mail.partner.example'].map((h) => [
      h,
      'ACCEPT by CRES ($CRES_TLS, tls required)',
    ]),
  );
});

test('an unknown TLS value is never replaced silently', () => {
  const text = dedent`
    $CRES_TLS
        ACCEPT {
            tls = "mandatory"
        }
    $ACCEPTED
        ACCEPT
    ALL
        $ACCEPTED
  `;
  const p = plan(text);
  assert.is(p.refusal?.code, 'tls-unknown');
  assert.equal(p.refusal?.args, { listener: 'IncomingMail', policy: 'CRES_TLS', value: 'mandatory', target: 'required' });
  const forced = plan(text, CRES_GROUP, CRES_POLICY, { replaceUnknownTls: true });
  assert.is(forced.refusal, null);
  assert.equal(forced.operations[0], { op: 'set-policy-param', policy: 'CRES_TLS', param: 'tls', from: 'mandatory', to: 'required' });
});

test('TLS Required and stricter (required_verify) meets the note: compliant, never rewritten, even with --replace-tls-value', () => {
  for (const replaceUnknownTls of [false, true]) {
    const text = dedent`
      $CRES_TLS
          ACCEPT {
              tls = "required_verify"
          }
      $ACCEPTED
          ACCEPT
      CRES:
          .res.cisco.com
          .cres.iphmx.com
          208.90.57.0/26
          204.15.81.0/26
          $CRES_TLS
      ALL
          $ACCEPTED
    `;
    const p = plan(text, CRES_GROUP, CRES_POLICY, { replaceUnknownTls });
    assert.is(p.refusal, null);
    assert.equal(p.operations, []);
  }
});

test('a known weaker TLS value on the recipe policy (preferred, off) is raised to the goal; preferred_verify is refused (its verification would be dropped)', () => {
  for (const weaker of ['preferred', 'off']) {
    const text = dedent`
      $CRES_TLS
          ACCEPT {
              tls = "${weaker}"
          }
      $ACCEPTED
          ACCEPT
      ALL
          $ACCEPTED
    `;
    const p = plan(text);
    assert.is(p.refusal, null, weaker);
    assert.equal(p.operations[0], { op: 'set-policy-param', policy: 'CRES_TLS', param: 'tls', from: weaker, to: 'required' });
  }
});
test('preferred_verify on the recipe policy is refused where the goal is required: raising it would drop the certificate verification', () => {
  const text = dedent`
    $CRES_TLS
        ACCEPT {
            tls = "preferred_verify"
        }
    $ACCEPTED
        ACCEPT
    ALL
        $ACCEPTED
  `;
  const p = plan(text);
  assert.is(p.refusal?.code, 'tls-unknown');
  assert.equal(p.operations, []);
});

test('a policy shared with other entries is not changed unless allowed', () => {
  const text = dedent`
    $CRES_TLS
        ACCEPT {
            tls = "off"
        }
    PARTNERS:
        .partner.example
        $CRES_TLS
    ALL
        $CRES_TLS
  `;
  const p = plan(text);
  assert.is(p.refusal?.code, 'policy-shared');
  assert.equal(p.refusal?.args, {
    listener: 'IncomingMail',
    policy: 'CRES_TLS',
    entries: ['PARTNERS', 'ALL'],
    params: ['tls'],
    lines: ['5', '8'],
  });
  const allowed = plan(text, CRES_GROUP, { ...CRES_POLICY, shared: 'allow' });
  assert.is(allowed.refusal, null);
  assert.equal(
    allowed.operations.map((o) => o.op),
    ['set-policy-param', 'add-sender-group'],
  );
  assert.equal(
    allowed.treatmentChanges.map((f) => f.args),
    [
      {
        listener: 'IncomingMail',
        host: '.partner.example',
        before: 'ACCEPT by PARTNERS ($CRES_TLS, tls off)',
        after: 'ACCEPT by PARTNERS ($CRES_TLS, tls required)',
      },
    ],
  );
});

test('invalid senders are refused naming the value; duplicates and covered senders are dropped', () => {
  for (const bad of ['postmaster@res.cisco.com', '208.90.57.0/33', '999.90.57.1', 'foo_bar', '']) {
    const p = plan(BASE, { ...CRES_GROUP, senders: [...CRES_GROUP.senders, bad] });
    assert.is(p.refusal?.code, 'sender-invalid', bad);
    assert.is((p.refusal?.args as { value: string }).value, bad);
  }
  const p = plan(BASE, { ...CRES_GROUP, senders: ['208.90.57.0/26', '208.90.57.0/26', '.res.cisco.com', '.RES.cisco.com', '208.90.57.7'] });
  assert.equal(
    p.findings.filter((f) => f.code === 'sender-dropped').map((f) => f.args),
    [
      { sender: '208.90.57.0/26', reason: 'duplicate', by: '208.90.57.0/26' },
      { sender: '.RES.cisco.com', reason: 'duplicate', by: '.res.cisco.com' },
      { sender: '208.90.57.7', reason: 'covered', by: '208.90.57.0/26' },
    ],
  );
  const add = p.operations.find((o) => o.op === 'add-sender-group');
  assert.equal(add && 'senders' in add ? add.senders : null, ['208.90.57.0/26', '.res.cisco.com']);
});

test('refusals on what cannot be read: empty HAT, indented HAT, a group with two policy lines, ALL:', () => {
  assert.is(plan('').refusal?.args && (plan('').refusal!.args as { problem: string }).problem, 'hat-empty');
  const indented = BASE.split('\n')
    .map((l) => (l ? '  ' + l : l))
    .join('\n');
  assert.is((plan(indented).refusal?.args as { problem: string }).problem, 'hat-no-column0-entry');
  const two = plan(
    '$CRES_TLS\n    ACCEPT { tls = "required" }\nCRES:\n    .res.cisco.com\n    $CRES_TLS\n    $BLOCKED\nALL\n    $CRES_TLS\n',
  );
  assert.is(two.refusal?.code, 'hat-blocking');
  assert.is((two.refusal?.args as { problem: string; line: number }).problem, 'hat-second-policy');
  assert.is((two.refusal?.args as { line: number }).line, 6);
  const all = plan('ALL:\n    1.2.3.4\n    $A\n$A\n    ACCEPT\nALL\n    $A\n');
  assert.is((all.refusal?.args as { problem: string }).problem, 'hat-duplicate-group');
});

test('a braces-on-own-lines policy already required is compliant; off is changed in place', () => {
  const required = dedent`
    $CRES_TLS
        ACCEPT
        {
            tls = "required"
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
  assert.equal(ops(required), []);
  const off = required.replace('"required"', '"off"');
  const { text } = change(off);
  assert.is(text, required);
});

test('`$CRES_TLS ACCEPT` on one line gets its block', () => {
  const text =
    '$CRES_TLS ACCEPT\nCRES:\n    .res.cisco.com\n    .cres.iphmx.com\n    208.90.57.0/26\n    204.15.81.0/26\n    $CRES_TLS\nALL\n    $ACCEPTED\n';
  const { plan: p, model } = change(text);
  assert.equal(
    p.operations.map((o) => o.op),
    ['set-policy-param'],
  );
  assert.equal(model.policies[0]!.params, [['tls', 'required']]);
});

test("Cisco's 9.7 listing: the policy after the last policy, the group at order 1, in Cisco's indents", () => {
  const { plan: p, text } = change(CISCO_97);
  assert.equal(
    p.operations.map((o) => o.op),
    ['add-policy', 'add-sender-group'],
  );
  assert.equal(p.treatmentChanges, []);
  assert.ok(
    text.includes(
      '        tls = "off"\n    }\n$CRES_TLS\n    ACCEPT {\n        tls = "required"\n    }\nCRES:\n    .res.cisco.com\n    .cres.iphmx.com\n    208.90.57.0/26\n    204.15.81.0/26\n        $CRES_TLS (Cisco RES secure replies over TLS)\nWHITELIST:\n',
    ),
    text,
  );
});

const cresSenders = CRES_GROUP.senders.map(parseSender);

test('property: plan + lower + prove either refuses or proves, and CRES hosts land on the goal', () => {
  fc.assert(
    fc.property(hat, (h) => {
      const before = readHat(h.text);
      const p = planGroupGoal(before.model, CRES_GROUP, CRES_POLICY, opts);
      if (p.refusal) return true;
      let r;
      try {
        r = lowerAndProve(before.syntax, p.operations);
      } catch (e) {
        if (e instanceof Refused) return true;
        throw e;
      }
      if (!r.ok) throw new Error(`not proven: ${JSON.stringify(r.differences)}\n${h.text}`);
      for (const host of CRES_HOSTS) {
        const ip = parseSender(host.ip);
        const ptr = parseSender(host.host);
        if (!cresSenders.some((s) => covers(s, ip) || covers(s, ptr))) continue;
        const m = evaluate(r.after.model, { ip: host.ip, ptr: host.host }).match;
        const e = m && r.after.model.entries[m.index];
        const tls = m?.params.find((x) => x.key === 'tls')?.value;
        if (!m || m.behaviour !== 'ACCEPT' || !['required', 'required_verify'].includes(tls?.toLowerCase() ?? '') || !e)
          throw new Error(`${host.host} lands on ${JSON.stringify(m)}\n${r.text}`);
      }
      // Idempotent: the changed HAT needs nothing more.
      const again = planGroupGoal(r.after.model, CRES_GROUP, CRES_POLICY, opts);
      if (again.operations.length) throw new Error(`re-plan: ${JSON.stringify(again.operations)}\n${r.text}`);
      return true;
    }),
    { numRuns: 300 },
  );
});

test.run();
