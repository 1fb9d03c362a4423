/**
 * Issue 17, item 7: evaluation as the appliance evaluates. Cisco's short IPv4 sender forms
 * (`10.1`, `10.1.`, `10.1.1-5`, `10.2.1-5.`, `10/8`, `n-n`) are definite matches where they match,
 * in the walk (evaluate, trace), in removals (a host left inside a range is reported) and in
 * compliance (a CRES group spelled with them covers its senders); a CONTINUE entry decides
 * nothing (the walk goes on below it); `--sbrs none` is a score, `--sbrs 0x5` is not.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate } from '../../src/hat/evaluate.js';
import { readHat } from '../../src/hat/model.js';
import { covers, formatIpv4, parseSender, validateSender } from '../../src/net/sender.js';
import { planRecipe } from '../../src/recipes/plan-recipe.js';
import type { Recipe } from '../../src/recipes/recipe.js';
import { traceHat, traceHost, checkTraceHost } from '../../src/patch/trace.js';
import { viewExport } from '../../src/patch/diff-exports.js';
import { formatListenerTrace } from '../../src/report/diff-report.js';
import { main } from '../../src/cli/main.js';
import { recordingIo } from '../../src/cli/io.js';
import { buildExport } from '../fixtures/difftrace.js';
import { tempDir } from '../helpers.js';
import { patch, recipe as recipeWith } from '../patch/run.js';
import { dedent } from '../dedent.js';

const span = (text: string): [string, string] | null => {
  const s = parseSender(text);
  return s.kind === 'ip' && s.version === 4 ? [formatIpv4(s.lo), formatIpv4(s.hi)] : null;
};

test("every IPv4 form of Cisco's sender group syntax is read as the addresses it names", () => {
  const cases: [string, [string, string] | null][] = [
    ['10.1', ['10.1.0.0', '10.1.255.255']],
    ['10.1.', ['10.1.0.0', '10.1.255.255']],
    ['10.1.1', ['10.1.1.0', '10.1.1.255']],
    ['10', ['10.0.0.0', '10.255.255.255']],
    ['10.', ['10.0.0.0', '10.255.255.255']],
    ['10.1.1-5', ['10.1.1.0', '10.1.5.255']],
    ['10.2.1-5.', ['10.2.1.0', '10.2.5.255']],
    ['10.1-5', ['10.1.0.0', '10.5.255.255']],
    ['10.1-5.', ['10.1.0.0', '10.5.255.255']],
    ['10-20', ['10.0.0.0', '20.255.255.255']],
    ['10-20.', ['10.0.0.0', '20.255.255.255']],
    ['10.1.1.10-20', ['10.1.1.10', '10.1.1.20']],
    ['10/8', ['10.0.0.0', '10.255.255.255']],
    ['10.1/16', ['10.1.0.0', '10.1.255.255']],
    ['10.1.1/24', ['10.1.1.0', '10.1.1.255']],
    ['10.1.1.0/24', ['10.1.1.0', '10.1.1.255']],
    // Not addresses: never a guess.
    ['10.1.1.1.', null],
    ['10.1.1.1-5.', null],
    ['010.1', null],
    ['10.1.5-1', null],
    ['256.1', null],
    ['10.1/33', null],
  ];
  for (const [text, want] of cases) assert.equal(span(text), want, text);
});

test('a user still writes only the unambiguous forms (1.2.3 is more likely a typo than a /24)', () => {
  for (const t of ['10.1', '10.1.1-5', '10/8', '10-20']) assert.equal(validateSender(t), { ok: false, value: t, reason: 'bad-address' }, t);
  for (const t of ['10.1.', '10.2.1-5.', '10.1.1.0/24', '10.1.1.10-20']) assert.ok(validateSender(t).ok, t);
});

const WALK = readHat(dedent`
  $TRUSTED
      ACCEPT {
          tls = "required"
      }
  $CONT
      CONTINUE {
          tls = "off"
      }
  $ACCEPTED
      ACCEPT
  $BLOCKED
      REJECT
  MAYBE_CONT:
      dnslist[bl.example.org]
      $CONT
  PASS:
      10.9.
      $CONT (placeholder)
  SHORT:
      10.1.1-5
      10.2
      172.16/12
      $TRUSTED
  OWN_CONTINUE:
      192.0.2.
      CONTINUE
  NINE:
      10.9.9.9
      $BLOCKED
  ALL
      $ACCEPTED
`).model;

test('short forms match in the walk, and trace names their kind', () => {
  for (const [ip, member, kind] of [
    ['10.1.3.7', '10.1.1-5', 'range'],
    ['10.2.200.1', '10.2', 'partial-address'],
    ['172.31.0.1', '172.16/12', 'cidr'],
  ] as const) {
    const t = traceHat(WALK, { ip });
    assert.equal([t.match?.entry, t.match?.member, t.match?.memberKind, t.match?.reason], ['SHORT', member, kind, 'address-inside'], ip);
  }
  assert.is(traceHat(WALK, { ip: '10.1.6.1' }).match?.entry, 'ALL');
});

test('a CONTINUE entry decides nothing: the walk goes on to the next entry that matches, its parameters are not applied', () => {
  const e = evaluate(WALK, { ip: '10.9.9.9' });
  assert.equal([e.match?.entry, e.match?.behaviour], ['NINE', 'REJECT']);
  assert.equal(
    e.continued.map((m) => [m.entry, m.certain]),
    [
      ['MAYBE_CONT', false],
      ['PASS', true],
    ],
  );
  // A CONTINUE entry that may match is no "may match" either: the outcome is the same whether it matches.
  assert.equal(e.mayMatch, []);
  // A behaviour of the entry's own works the same.
  const own = evaluate(WALK, { ip: '192.0.2.7' });
  assert.equal([own.match?.entry, own.continued.map((m) => m.entry)], ['ALL', ['MAYBE_CONT', 'OWN_CONTINUE']]);
  assert.is(
    own.match?.params.find((p) => p.key === 'tls'),
    undefined,
  );
  // An ALL that continues: nothing decides.
  const allCont = evaluate(readHat('ALL\n    CONTINUE\n').model, { ip: '192.0.2.7' });
  assert.equal([allCont.match, allCont.continued.map((m) => m.entry)], [null, ['ALL']]);
});

test('compliance: a CRES group whose policy is CONTINUE does not give the CRES hosts TLS', () => {
  const hat = dedent`
    $CRES_TLS
        CONTINUE {
            tls = "required"
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
  const r = patch(buildExport({ listeners: [{ name: 'InboundMail', hat }] }), { recipe: recipeWith() });
  assert.is(r.outcome, 'refused');
  assert.equal(
    r.findings.filter((f) => f.code === 'policy-conflict').map((f) => [f.args.policy]),
    [['CRES_TLS']],
  );
  // And the published CRES hosts do not land on CRES: the walk goes past it to ALL.
  const { model } = readHat(hat);
  assert.equal(
    [evaluate(model, { ip: '208.90.57.33' }).match?.entry, evaluate(model, { ip: '208.90.57.33' }).continued.map((m) => m.entry)],
    ['ALL', ['CRES']],
  );
});

test('compliance: a CONTINUE group above CRES holding the CRES senders does not shadow them: nothing to move', () => {
  const hat = dedent`
    $CRES_TLS
        ACCEPT {
            tls = "required"
        }
    $C
        CONTINUE
    $ACCEPTED
        ACCEPT
    PASS:
        208.90.57.0/24
        .res.cisco.com
        $C
    CRES:
        .res.cisco.com
        .cres.iphmx.com
        208.90.57.0/26
        204.15.81.0/26
        $CRES_TLS
    ALL
        $ACCEPTED
  `;
  const r = patch(buildExport({ listeners: [{ name: 'InboundMail', hat }] }), { recipe: recipeWith() });
  assert.is(r.outcome, 'unchanged');
  assert.equal(r.operations, []);
  assert.equal(
    r.findings.filter((f) => f.code === 'treatment-change' || f.code === 'goal-sender-shadowed'),
    [],
  );
  // Without the CONTINUE, PASS shadows CRES and the group is moved to order 1.
  const accept = patch(buildExport({ listeners: [{ name: 'InboundMail', hat: hat.replace('$C\n    CONTINUE', '$C\n    ACCEPT') }] }), {
    recipe: recipeWith(),
  });
  assert.equal(
    accept.operations.map((o) => o.op),
    ['move-sender-group'],
  );
});

test('compliance: CRES senders spelled in short forms cover the recipe senders: nothing to add', () => {
  const hat = dedent`
    $CRES_TLS
        ACCEPT {
            tls = "required"
        }
    $ACCEPTED
        ACCEPT
    CRES:
        .res.cisco.com
        .cres.iphmx.com
        208.90.57.0-63
        204.15.81.0-63
        $CRES_TLS
    ALL
        $ACCEPTED
  `;
  const r = patch(buildExport({ listeners: [{ name: 'InboundMail', hat }] }), { recipe: recipeWith() });
  assert.is(r.outcome, 'unchanged');
  assert.ok(covers(parseSender('204.15.81-81.'), parseSender('204.15.81.0/26')));
});

test('removal: a host inside a short range is not "nothing to do": reported with the range that still holds it', () => {
  const { model } = readHat('$P\n    ACCEPT\nG:\n    10.1.1-5\n    10.8.8.8\n    $P\nALL\n    $P\n');
  const recipe: Recipe = {
    name: 't',
    listeners: 'public',
    policies: [],
    groups: [],
    remove: { senders: [{ group: 'G', senders: ['10.1.3.7'] }] },
  };
  const p = planRecipe(model, recipe, { listener: 'L' });
  assert.equal(p.operations, []);
  assert.is(p.refusal?.code, 'recipe-sender-still-matched');
  assert.equal(p.refusal?.args, { listener: 'L', group: 'G', sender: '10.1.3.7', member: '10.1.1-5' });
  assert.is(p.refusal?.line, 4);
});

// ---------------------------------------------------------------------------------------------
// --sbrs
// ---------------------------------------------------------------------------------------------

const SBRS_HAT = dedent`
  $ACCEPTED
      ACCEPT
  $BLOCKED
      REJECT
  BAD:
      SBRS[-10.0:-3.0]
      $BLOCKED
  NOSCORE:
      SBRS[none]
      $BLOCKED
  ALL
      $ACCEPTED
`;

test('SBRS: a score decides SBRS[lo:hi] and not SBRS[none]; none decides SBRS[none]; nothing given: may match', () => {
  const { model } = readHat(SBRS_HAT);
  const at = (sbrs?: number | 'none') => {
    const t = traceHat(model, { ip: '192.0.2.1', ...(sbrs === undefined ? {} : { sbrs }) });
    return [t.match?.entry, t.match?.reason, t.mayMatch.map((m) => m.entry)];
  };
  assert.equal(at(-5), ['BAD', 'sbrs-inside', []]);
  assert.equal(at(0), ['ALL', 'all', []]);
  assert.equal(at('none'), ['NOSCORE', 'sbrs-none', []]);
  assert.equal(at(), ['ALL', 'all', ['BAD', 'NOSCORE']]);
  assert.is(checkTraceHost({ ip: '192.0.2.1', sbrs: 'none' }), null);
  assert.ok(checkTraceHost({ ip: '192.0.2.1', sbrs: 11 }));
  assert.ok(checkTraceHost({ ip: '192.0.2.1', sbrs: Number.NaN }));
});

async function cli(args: string[], cwd: string) {
  const io = recordingIo(cwd);
  const code = await main(args, io);
  return { code, out: io.stdout, err: io.stderr };
}

test('trace --sbrs: none accepted, decimal -10.0..10.0 only (0x5, 1e1, Infinity, 10.5 refused)', async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'x'));
  writeFileSync(join(dir, 'x', 'a.xml'), buildExport({ listeners: [{ name: 'InboundMail', hat: SBRS_HAT }] }), 'latin1');
  const none = await cli(['trace', 'x/a.xml', '--host', '192.0.2.1', '--sbrs', 'none', '--json'], dir);
  assert.is(none.code, 0, none.err);
  const doc = JSON.parse(none.out) as { hosts: unknown[]; files: { listeners: { match: { entry: string } }[] }[] };
  assert.equal(doc.hosts, [{ ip: '192.0.2.1', sbrs: 'none' }]);
  assert.is(doc.files[0]!.listeners[0]!.match.entry, 'NOSCORE');
  for (const ok of ['-10', '10.0', '-3.5', '0', '+2', '.5']) {
    const r = await cli(['trace', 'x/a.xml', '--host', '192.0.2.1', '--sbrs', ok], dir);
    assert.is(r.code, 0, `${ok}: ${r.err}`);
  }
  for (const bad of ['0x5', '1e1', 'Infinity', '10.5', '-10.01', '', ' ', '5,0', 'nonE5']) {
    const r = await cli(['trace', 'x/a.xml', '--host', '192.0.2.1', '--sbrs', bad], dir);
    assert.is(r.code, 1, bad);
  }
});

test('trace text: a CONTINUE entry is shown where it stands, and the walk goes on', () => {
  const text = buildExport({
    listeners: [{ name: 'InboundMail', hat: '$C\n    CONTINUE\n$A\n    ACCEPT\nG:\n    10.9.\n    $C\nALL\n    $A\n' }],
  });
  const [t] = traceHost(viewExport(text), { ip: '10.9.1.1' });
  const out = formatListenerTrace(t!);
  assert.match(out, /continues +G \(order 1\): .*10\.9\. \[partial-address\] -> CONTINUE by \$C/);
  assert.match(out, /matches +ALL \(order 2\)/);
  assert.equal([t!.match?.entry, t!.continued.map((s) => [s.entry, s.certain, s.memberKind])], ['ALL', [['G', true, 'partial-address']]]);
});

test.run();
