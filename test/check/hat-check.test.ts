/**
 * The HAT analyses of `check`, on HATs written for each: shadowed fully and partly (by range,
 * by domain, by ALL, by the same opaque member), may-shadowed by SBRS (risky order), repeated
 * and never-matching members, empty groups, undefined and unused policies, RELAY on a public
 * listener, ALL that relays. Every demonstration host a finding gives is walked with trace,
 * and on random address-only HATs every claim is checked against every address it names.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readHat } from '../../src/hat/index.js';
import { traceHat } from '../../src/patch/trace.js';
import { checkHat, type HatFinding } from '../../src/check/hat-check.js';
import { parseSender } from '../../src/net/sender.js';
import { addressText } from '../../src/check/members.js';
import type { Finding } from '../../src/findings.js';
import { dedent } from '../dedent.js';

const POLICIES = dedent`
  $ACCEPTED
      ACCEPT
  $TRUSTED
      ACCEPT {
          tls = "required"
      }
  $BLOCKED
      REJECT
  $RELAYED
      RELAY
`;

function run(hat: string, type = 'public') {
  const { model } = readHat(hat);
  assert.equal(
    model.problems.filter((p) => p.blocking),
    [],
  );
  return { model, findings: checkHat(model, { listener: 'L', type, defaults: {} }) };
}
const codes = (fs: readonly HatFinding[]) => fs.map((f) => `${f.line}:${f.finding.code}`);
const args = (f: HatFinding) => f.finding.args as Record<string, unknown>;
const only = (fs: readonly HatFinding[], code: Finding['code']) => fs.filter((f) => f.finding.code === code);

/** Every demonstration host lands where the finding says, with trace. */
function assertDemonstrations(model: ReturnType<typeof readHat>['model'], fs: readonly HatFinding[]) {
  for (const f of fs) {
    const a = args(f);
    if (typeof a.host !== 'string') continue;
    const t = traceHat(model, { ip: a.host, ...(typeof a.ptr === 'string' ? { ptr: a.ptr } : {}) });
    if (f.finding.code === 'check-risky-order') {
      assert.ok(
        t.mayMatch.some((s) => s.entry === a.by),
        `${a.host}: may match ${a.by}`,
      );
      assert.equal(t.match?.entry, a.entry, `${a.host} lands on ${a.entry} unless ${a.by} matches`);
      continue;
    }
    assert.ok(t.match?.certain, `${a.host} lands certainly`);
    assert.equal(t.match?.entry, a.landed, `${f.finding.code}: ${a.host} lands on ${String(a.landed)}`);
    const idx = model.entries.findIndex((e) => e.name === a.entry);
    assert.ok(t.match!.index < idx, `${a.landed} comes before ${String(a.entry)}`);
  }
}

test('an entry fully shadowed by a wider range, one fully by two ranges together, and a partly shadowed member', () => {
  const hat =
    POLICIES +
    dedent`
    WIDE:
        10.0.0.0/8
        $BLOCKED
    HALF1:
        192.0.2.0/25
        $BLOCKED
    HALF2:
        192.0.2.128-192.0.2.255
        $ACCEPTED
    NARROW:
        10.1.2.3
        10.200.
        $TRUSTED
    BOTH:
        192.0.2.0/24
        $TRUSTED
    SPLIT:
        10.255.255.0-11.0.0.255
        $TRUSTED
    ALL
        $ACCEPTED
  `;
  const { model, findings } = run(hat);
  const narrow = only(findings, 'check-entry-shadowed').find((f) => args(f).entry === 'NARROW')!;
  assert.ok(narrow, codes(findings).join(' '));
  assert.equal(narrow.finding.severity, 'warning');
  assert.equal(args(narrow).by, ['WIDE']);
  const both = only(findings, 'check-entry-shadowed').find((f) => args(f).entry === 'BOTH')!;
  assert.equal([...(args(both).by as string[])].sort(), ['HALF1', 'HALF2']);
  const split = only(findings, 'check-member-partly-shadowed');
  assert.equal(split.length, 1);
  assert.equal(args(split[0]!).member, '10.255.255.0-11.0.0.255');
  assert.equal(args(split[0]!).by, 'WIDE');
  assert.not.ok(findings.some((f) => args(f).entry === 'SPLIT' && f.finding.code !== 'check-member-partly-shadowed'));
  assertDemonstrations(model, findings);
});

test('shadowed by a partial domain; a partial domain partly shadowed by a host below it; exact names never cover partial ones', () => {
  const hat =
    POLICIES +
    dedent`
    PARTNERS:
        .partner.example
        mx.other.example
        $TRUSTED
    BAD:
        mail.partner.example
        .eu.partner.example
        $BLOCKED
    OTHER:
        .other.example
        $BLOCKED
    ALL
        $ACCEPTED
  `;
  const { model, findings } = run(hat);
  const bad = only(findings, 'check-entry-shadowed');
  assert.equal(
    bad.map((f) => args(f).entry),
    ['BAD'],
  );
  assert.equal(bad[0]!.finding.severity, 'warning', 'REJECT after TRUSTED: another treatment');
  assert.ok(typeof args(bad[0]!).ptr === 'string');
  // .other.example: mx.other.example is caught earlier with another treatment, the rest is not.
  const part = only(findings, 'check-member-partly-shadowed');
  assert.equal(
    part.map((f) => [args(f).member, args(f).by, args(f).ptr]),
    [['.other.example', 'PARTNERS', 'mx.other.example']],
  );
  assertDemonstrations(model, findings);
});

test('entries after ALL; ALL that relays on a public listener (error) and on a private one (warning)', () => {
  const hat =
    POLICIES +
    dedent`
    ALL
        $RELAYED
    LATE:
        192.0.2.1
        $ACCEPTED
  `;
  const pub = run(hat).findings.filter((f) => f.finding.code !== 'check-policy-unused');
  assert.equal(codes(pub), ['11:check-all-relays', '13:check-after-all']);
  assert.equal(pub[0]!.finding.severity, 'error');
  assert.equal(args(pub[1]!).allLine, 11);
  assert.equal([args(pub[1]!).host, args(pub[1]!).landed], ['192.0.2.1', 'ALL']);
  assertDemonstrations(readHat(hat).model, pub);
  assert.equal(only(run(hat, 'private').findings, 'check-all-relays')[0]!.finding.severity, 'warning');
});

test('may-shadowed by SBRS: an ACCEPT for specific senders below an SBRS-based REJECT is a "may"; above it, nothing', () => {
  const below =
    POLICIES +
    dedent`
    BLACKLIST:
        sbrs[-10.0:-3.0]
        $BLOCKED
    CRES:
        .res.cisco.com
        208.90.57.0/26
        $TRUSTED
    ALL
        $ACCEPTED
  `;
  const { model, findings } = run(below);
  const risky = only(findings, 'check-risky-order');
  assert.equal(risky.length, 1);
  assert.equal(args(risky[0]!).entry, 'CRES');
  assert.equal(args(risky[0]!).by, 'BLACKLIST');
  assert.equal(args(risky[0]!).byMember, 'sbrs[-10.0:-3.0]');
  assert.equal([args(risky[0]!).host, args(risky[0]!).ptr], ['192.0.2.1', 'mail.res.cisco.com']);
  assertDemonstrations(model, findings);
  // Not shadowed: an SBRS member is never a certain match.
  assert.not.ok(findings.some((f) => f.finding.code.includes('shadowed')));
  const above =
    below.replace(/BLACKLIST:\n {4}sbrs\[-10.0:-3.0\]\n {4}\$BLOCKED\n/, '') + 'BLACKLIST:\n    sbrs[-10.0:-3.0]\n    $BLOCKED\n';
  assert.equal(only(run(above.replace(/ALL\n {4}\$ACCEPTED\n/, '') + 'ALL\n    $ACCEPTED\n').findings, 'check-risky-order'), []);
  // A DNS list that TCPREFUSEs counts as well; an SBRS range that ACCEPTs does not.
  const dns = below.replace('sbrs[-10.0:-3.0]\n    $BLOCKED', 'dnslist[bl.example.org]\n    TCPREFUSE');
  assert.equal(args(only(run(dns).findings, 'check-risky-order')[0]!).byBehaviour, 'TCPREFUSE');
  const accept = below.replace('sbrs[-10.0:-3.0]\n    $BLOCKED', 'sbrs[-10.0:-3.0]\n    $ACCEPTED');
  assert.equal(only(run(accept).findings, 'check-risky-order'), []);
});

test('repeated members: across groups with another treatment (warning), with the same (note), within a group; same SBRS member', () => {
  const hat =
    POLICIES +
    dedent`
    A:
        192.0.2.7
        sbrs[-10:-3]
        $BLOCKED
    B:
        192.0.2.7
        198.51.100.1
        198.51.100.1
        $ACCEPTED
    C:
        SBRS[-10:-3]
        203.0.113.5
        $BLOCKED
    D:
        192.0.2.7
        $TRUSTED
    ALL
        $ACCEPTED
  `;
  const rep = only(run(hat).findings, 'check-member-repeated');
  assert.equal(
    rep.map((f) => [args(f).entry, args(f).member, args(f).other, args(f).sameTreatment, f.finding.severity]),
    [
      ['B', '192.0.2.7', 'A', false, 'warning'],
      ['B', '198.51.100.1', 'B', true, 'info'],
      ['C', 'SBRS[-10:-3]', 'A', true, 'info'],
    ],
  );
  // D holds only a member A already has: the whole group is never reached, as the walk of its member shows.
  const d = only(run(hat).findings, 'check-entry-shadowed');
  assert.equal(
    d.map((f) => [args(f).entry, args(f).by, args(f).host, args(f).landed]),
    [['D', ['A'], '192.0.2.7', 'A']],
  );
});

test('members that can never match, each reason; they never count as shadowing anything', () => {
  const hat =
    POLICIES +
    dedent`
    BAD:
        10.0.0.5-3
        10.0.0.9-10.0.0.1
        10.7-3.
        10.0.0.300
        10.0.0.0/33
        mail..example.com
        ${'a'.repeat(64)}.example.com
        224.0.0.0/4
        ff02::1
        $BLOCKED
    GOOD:
        10.0.0.4
        $ACCEPTED
    ALL
        $ACCEPTED
  `;
  const { findings } = run(hat);
  assert.equal(
    only(findings, 'check-member-never-matches').map((f) => args(f).reason),
    [
      'reversed-range',
      'reversed-range',
      'reversed-range',
      'bad-octet',
      'bad-prefix',
      'empty-label',
      'long-label',
      'not-a-source',
      'not-a-source',
    ],
  );
  assert.not.ok(findings.some((f) => args(f).entry === 'GOOD'));
  assert.not.ok(findings.some((f) => f.finding.code === 'check-entry-shadowed'));
});

test('empty group (note), undefined policy (error, names compared without case), unused policy (note), RELAY on a public listener', () => {
  const hat =
    POLICIES +
    dedent`
    $UNUSED
        ACCEPT
    EMPTY:
        $ACCEPTED
    UNDEF:
        192.0.2.1
        $NOPE
    CASE:
        192.0.2.2
        $trusted
    RELAYLIST:
        10.0.0.0/8
        $RELAYED
    ALL
        $BLOCKED
  `;
  const { findings } = run(hat);
  assert.equal(
    findings.map((f) => [f.finding.code, f.finding.severity]),
    [
      ['check-policy-unused', 'info'],
      ['check-group-empty', 'info'],
      ['check-policy-undefined', 'error'],
      ['check-relay-public', 'warning'],
    ],
  );
  assert.equal(args(findings[2]!).policy, 'NOPE');
  assert.equal(args(findings[0]!).policy, 'UNUSED');
  assert.equal(only(run(hat, 'private').findings, 'check-relay-public'), []);
});

test('CONTINUE and undefined-policy entries never shadow (how the appliance treats them is not assumed)', () => {
  const hat =
    POLICIES +
    dedent`
    FIRST:
        10.0.0.0/8
        CONTINUE
    LATER:
        10.1.1.1
        $ACCEPTED
    ALL
        $ACCEPTED
  `;
  assert.equal(only(run(hat).findings, 'check-entry-shadowed'), []);
  assert.equal(only(run(hat).findings, 'check-member-shadowed'), []);
});

/** A small deterministic PRNG (mulberry32). */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('random address-only HATs: every shadowing claim holds for every address of the member, and every member not claimed reaches its entry', () => {
  const rnd = prng(20);
  const behaviours = ['$ACCEPTED', '$BLOCKED', '$TRUSTED', 'CONTINUE'];
  let total = 0;
  for (let round = 0; round < 60; round++) {
    let hat = POLICIES;
    const n = 2 + Math.floor(rnd() * 8);
    for (let g = 0; g < n; g++) {
      hat += `G${g}:\n`;
      const members = 1 + Math.floor(rnd() * 3);
      for (let k = 0; k < members; k++) {
        const lo = Math.floor(rnd() * 64);
        const hi = Math.min(63, lo + Math.floor(rnd() * 24));
        hat += `    10.0.0.${lo}-${hi}\n`;
      }
      hat += `    ${behaviours[Math.floor(rnd() * behaviours.length)]}\n`;
    }
    hat += 'ALL\n    $ACCEPTED\n';
    const { model, findings } = run(hat);
    const claimed = new Set<string>();
    for (const f of findings) {
      const a = args(f);
      if (f.finding.code === 'check-entry-shadowed')
        for (const m of model.entries.find((e) => e.name === a.entry)!.members) claimed.add(`${a.entry}/${m.text}`);
      if (f.finding.code === 'check-member-shadowed' || (f.finding.code === 'check-member-repeated' && a.other !== a.entry))
        claimed.add(`${a.entry}/${a.member}`);
    }
    total += claimed.size;
    model.entries.forEach((e, i) => {
      for (const m of e.members) {
        const s = parseSender(m.text);
        if (s.kind !== 'ip') continue;
        const landings: number[] = [];
        for (let x = s.lo; x <= s.hi; x++) landings.push(traceHat(model, { ip: addressText(4, x) }).match!.index);
        // The walk stops at CONTINUE entries too (today's evaluator), so only "before i" is claimed.
        const allEarlier = landings.every((l) => l < i);
        if (claimed.has(`${e.name}/${m.text}`)) assert.ok(allEarlier, `round ${round}: ${e.name}/${m.text} is claimed shadowed\n${hat}`);
        else if (e.policy?.kind === 'named') {
          // Not claimed: some address reaches this entry or an entry the analysis may not count (CONTINUE before it).
          const final = (j: number) => model.entries[j]!.policy?.kind === 'named';
          assert.ok(
            landings.some((l) => l >= i || !final(l)),
            `round ${round}: ${e.name}/${m.text} is not claimed, yet every address lands on a final entry before it\n${hat}`,
          );
        }
      }
    });
    assertDemonstrations(model, findings);
  }
  assert.ok(total > 30, `${total} claims over the rounds`);
});

test.run();
