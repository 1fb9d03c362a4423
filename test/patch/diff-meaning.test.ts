/**
 * Issue 17, item 8: meaning includes where a listener lives, and members mean the hosts they
 * match. A cluster listener moved from group to machine level is a difference; `/26` and `0-63`
 * (the same addresses) are one sender respelled, not a sender removed and another added.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLUSTER_LEVEL_KEY, diffExports, viewExport, type ExportDiff } from '../../src/patch/diff-exports.js';
import { formatListenerDiff } from '../../src/report/diff-report.js';
import { buildExport, CISCO_HAT, standardListeners } from '../fixtures/difftrace.js';
import { SAMPLES } from '../helpers.js';

const CLUSTER = readFileSync(join(SAMPLES, 'cluster.xml'), 'latin1');
const diff = (a: string, b: string, options = {}) => diffExports(viewExport(a), viewExport(b), options);

/** cluster.xml with the group-level listener EdgeInbound moved into machine esa-ams-01's listeners. */
function edgeMovedToMachine(): string {
  const start = CLUSTER.indexOf('          <listener>\n            <listener_name>EdgeInbound');
  const end = CLUSTER.indexOf('</listener>', start) + '</listener>\n'.length;
  const element = CLUSTER.slice(start, end);
  const without = CLUSTER.slice(0, start) + CLUSTER.slice(end);
  const at = without.indexOf('          <listener>\n            <listener_name>AmsRelay');
  return without.slice(0, at) + element + without.slice(at);
}

test('views say where each listener of the cluster sample lives', () => {
  assert.equal(
    viewExport(CLUSTER).listeners.map((l) => [l.name, l.level]),
    [
      ['EdgeInbound', 'group MX_EDGE'],
      ['AmsRelay', 'machine esa-ams-01.example.eu'],
    ],
  );
  assert.equal(
    viewExport(buildExport({ listeners: standardListeners() })).listeners.map((l) => l.level),
    ['standalone', 'standalone'],
  );
});

test('a listener moved from group to machine level is a difference, with the same settings and HAT', () => {
  const d = diff(CLUSTER, edgeMovedToMachine());
  assert.is(d.identical, false);
  const edge = d.listeners.find((l) => l.listener === 'EdgeInbound')!;
  assert.is(edge.match, 'name');
  assert.equal(edge.settings, [{ key: CLUSTER_LEVEL_KEY, from: 'group MX_EDGE', to: 'machine esa-ams-01.example.eu' }]);
  assert.equal(edge.hat, []);
  assert.match(formatListenerDiff(edge), '(cluster level): group MX_EDGE -> machine esa-ams-01.example.eu');
  // The other way round as well.
  assert.equal(diff(edgeMovedToMachine(), CLUSTER).listeners.find((l) => l.listener === 'EdgeInbound')!.settings, [
    { key: CLUSTER_LEVEL_KEY, from: 'machine esa-ams-01.example.eu', to: 'group MX_EDGE' },
  ]);
});

test('the same path in another cluster group is another level; the same export is identical', () => {
  const renamed = CLUSTER.replace('<group_name>MX_EDGE</group_name>', '<group_name>MX_CORE</group_name>');
  const d = diff(CLUSTER, renamed);
  const edge = d.listeners.find((l) => l.listener === 'EdgeInbound')!;
  assert.is(edge.match, 'path');
  assert.equal(edge.settings, [{ key: CLUSTER_LEVEL_KEY, from: 'group MX_EDGE', to: 'group MX_CORE' }]);
  assert.is(diff(CLUSTER, CLUSTER).identical, true);
});

// ---------------------------------------------------------------------------------------------
// Members by address sets
// ---------------------------------------------------------------------------------------------

const withHat = (hat: string) => buildExport({ listeners: standardListeners(hat) });
const hatOf = (d: ExportDiff) => d.listeners.find((l) => l.listener === 'InboundMail')!.hat;
const CRES = (members: string[]) =>
  CISCO_HAT.replace('WHITELIST:\n', `CRES:\n${members.map((m) => `    ${m}\n`).join('')}    $TRUSTED\nWHITELIST:\n`);

const RESPELLINGS: [string, string[], string[]][] = [
  ['a CIDR written as a range', ['208.90.57.0/26', '.res.cisco.com'], ['208.90.57.0-63', '.res.cisco.com']],
  ['a partial address with and without its dot', ['10.1.'], ['10.1']],
  ['a /24 written as a partial address', ['10.1.1.0/24'], ['10.1.1.']],
  ['two halves for the whole', ['10.0.0.0/25', '10.0.0.128/25'], ['10.0.0.0/24']],
  ['a member inside another dropped', ['10.0.0.0/24', '10.0.0.5'], ['10.0.0.0/24']],
  ['a duplicate dropped', ['192.0.2.1', '192.0.2.1'], ['192.0.2.1']],
  ['a host below a partial host dropped', ['.res.cisco.com', 'mxnat1.res.cisco.com'], ['.res.cisco.com']],
  ['another order and case', ['.RES.cisco.com', '208.90.57.0/26'], ['208.90.57.0/26', '.res.cisco.com']],
  ['IPv6 prefix written as a range', ['2001:db8::/112'], ['2001:db8::0-2001:db8::ffff']],
];

test('members that match the same hosts are no difference; --strict shows the respelling as one', () => {
  for (const [what, a, b] of RESPELLINGS) {
    const d = diff(withHat(CRES(a)), withHat(CRES(b)));
    assert.equal(hatOf(d), [], what);
    assert.is(d.identical, true, what);
    const strict = hatOf(diff(withHat(CRES(a)), withHat(CRES(b)), { strict: true }));
    assert.ok(!strict.some((c) => c.kind === 'members-added' || c.kind === 'members-removed'), what);
    if (what !== 'another order and case')
      assert.ok(
        strict.some((c) => c.kind === 'format' && c.item === 'CRES' && c.detail.startsWith('members respelled')),
        `${what}: ${JSON.stringify(strict)}`,
      );
  }
});

test('a respelling beside a real change: only the real change is reported', () => {
  const d = diff(withHat(CRES(['208.90.57.0/26'])), withHat(CRES(['208.90.57.0-63', '198.51.100.9'])));
  assert.equal(hatOf(d), [{ kind: 'members-added', entry: 'CRES', members: ['198.51.100.9'] }]);
});

test('different hosts stay a removal and an addition, by the text written', () => {
  for (const [a, b] of [
    [['208.90.57.0/26'], ['208.90.57.0/25']],
    [['10.1.1-5'], ['10.1.1-6']],
    [['.res.cisco.com'], ['res.cisco.com']],
    [['10.0.0.0/24', '10.9.9.9'], ['10.0.0.0/24']],
  ]) {
    const d = diff(withHat(CRES(a!)), withHat(CRES(b!)));
    assert.is(d.identical, false, a!.join());
    const kinds = hatOf(d).map((c) => c.kind);
    assert.ok(kinds.includes('members-removed') || kinds.includes('members-added'), a!.join());
  }
});

test('a group renamed whose members were respelled is a rename, not a removal and an addition', () => {
  const a = withHat(CRES(['208.90.57.0/26', '.res.cisco.com']));
  const b = withHat(CRES(['208.90.57.0-63', '.res.cisco.com']).replace('CRES:', 'CRES_SENDERS:'));
  assert.equal(hatOf(diff(a, b)), [{ kind: 'entry-renamed', from: 'CRES', to: 'CRES_SENDERS' }]);
});

test.run();
