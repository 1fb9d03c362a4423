/**
 * traceHost / traceHat: every member kind, first-match order, may-match members that do not
 * stop the walk, inline entries, ALL, effective parameters with their source; and the
 * published-hosts before/after table.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readHat } from '../../src/hat/index.js';
import { viewExport } from '../../src/patch/diff-exports.js';
import { checkTraceHost, publishedHostsTable, traceHat, traceHost, type TraceHost } from '../../src/patch/trace.js';
import { formatListenerTrace, formatPublishedHosts } from '../../src/report/diff-report.js';
import { dedent } from '../dedent.js';
import { buildExport, standardListeners } from '../fixtures/difftrace.js';

const HAT = dedent`
  $BLOCKED
      REJECT
  $TRUSTED
      ACCEPT {
          spam_check = "off"
          tls = "off"
      }
  $ACCEPTED
      ACCEPT
  DNSL:
      dnslist[bl.example.org]
      $BLOCKED
  SBOG:
      SBO:3
      $BLOCKED
  ADDR:
      192.0.2.10
      $TRUSTED
  CIDR:
      198.51.100.0/25
      $TRUSTED
  RANGE:
      203.0.113.10-20
      $TRUSTED
  PARTIAL:
      10.20.
      $TRUSTED
  V6:
      2001:db8::/32
      $TRUSTED
  HOSTS:
      mail.partner.example
      $TRUSTED
  PHOSTS:
      .partner.example
      $ACCEPTED
  BAD:
      sbrs[-10.0:-3.0]
      $BLOCKED
  NOSCORE:
      SBRS[none]
      $ACCEPTED
  spam.example.net
      REJECT {tls = "off"}
  ALL
      $ACCEPTED
`;

const hat = readHat(HAT).model;
const DEFAULTS = { max_concurrency: '10', tls: 'off' };
const trace = (h: TraceHost) => traceHat(hat, h, DEFAULTS);
const may = (h: TraceHost) => trace(h).mayMatch.map((s) => [s.entry, s.member, s.reason]);
const wins = (h: TraceHost) => {
  const m = trace(h).match!;
  return [m.entry, m.member, m.memberKind, m.reason];
};

const OFFLINE = [
  ['DNSL', 'dnslist[bl.example.org]', 'needs-dns'],
  ['SBOG', 'SBO:3', 'needs-senderbase'],
];

const CASES: [string, TraceHost, string[]][] = [
  ['address', { ip: '192.0.2.10' }, ['ADDR', '192.0.2.10', 'address', 'address-inside']],
  ['CIDR', { ip: '198.51.100.127' }, ['CIDR', '198.51.100.0/25', 'cidr', 'address-inside']],
  ['range', { ip: '203.0.113.15' }, ['RANGE', '203.0.113.10-20', 'range', 'address-inside']],
  ['partial address', { ip: '10.20.200.1' }, ['PARTIAL', '10.20.', 'partial-address', 'address-inside']],
  ['IPv6', { ip: '2001:db8:1::25' }, ['V6', '2001:db8::/32', 'ipv6', 'address-inside']],
  ['host (verified PTR)', { ip: '192.0.2.99', ptr: 'mail.partner.example' }, ['HOSTS', 'mail.partner.example', 'host', 'ptr-equal']],
  ['partial host', { ip: '192.0.2.99', ptr: 'mx7.partner.example.' }, ['PHOSTS', '.partner.example', 'partial-host', 'ptr-below']],
  ['SBRS with --sbrs', { ip: '192.0.2.99', sbrs: -5 }, ['BAD', 'sbrs[-10.0:-3.0]', 'sbrs', 'sbrs-inside']],
  ['inline entry', { ip: '192.0.2.99', ptr: 'spam.example.net', sbrs: 5 }, ['spam.example.net', 'spam.example.net', 'host', 'ptr-equal']],
  ['ALL', { ip: '192.0.2.99', sbrs: 2 }, ['ALL', 'ALL', 'all', 'all']],
];

for (const [kind, host, expected] of CASES) {
  test(`trace: ${kind}`, () => {
    assert.equal(wins(host), expected);
    // dnslist and SBO cannot be judged offline: they may match, and the walk went on.
    assert.equal(may(host), OFFLINE);
  });
}

test('trace: SBRS without --sbrs may match and the walk continues to the next certain match', () => {
  const h = { ip: '192.0.2.99' };
  assert.equal(may(h), [...OFFLINE, ['BAD', 'sbrs[-10.0:-3.0]', 'needs-sbrs'], ['NOSCORE', 'SBRS[none]', 'needs-sbrs']]);
  assert.equal(wins(h), ['ALL', 'ALL', 'all', 'all']);
  // With a score: SBRS ranges are judged, and SBRS[none] (no score) does not match.
  assert.equal(may({ ip: '192.0.2.99', sbrs: 5 }), OFFLINE);
});

test('trace: first match wins, top to bottom', () => {
  // The address is in ADDR and the PTR in HOSTS and PHOSTS: ADDR comes first.
  assert.equal(wins({ ip: '192.0.2.10', ptr: 'mail.partner.example', sbrs: -9 }), ['ADDR', '192.0.2.10', 'address', 'address-inside']);
  // The PTR is in HOSTS (exact) and PHOSTS (below): HOSTS comes first.
  assert.equal(wins({ ip: '192.0.2.99', ptr: 'mail.partner.example' })[0], 'HOSTS');
  // A partial hostname does not match the name itself.
  assert.equal(wins({ ip: '192.0.2.99', ptr: 'partner.example' })[0], 'ALL');
  // Host members match nothing without a verified PTR.
  assert.equal(wins({ ip: '192.0.2.99' })[0], 'ALL');
  // Boundaries: the range ends at .20, the CIDR at .127.
  assert.equal(wins({ ip: '203.0.113.21' })[0], 'ALL');
  assert.equal(wins({ ip: '198.51.100.128' })[0], 'ALL');
  // Indices are 0-based positions among the entries.
  assert.is(trace({ ip: '192.0.2.10' }).match!.index, 2);
});

test('trace: behaviour and effective parameters with their source', () => {
  const m = trace({ ip: '192.0.2.10' }).match!;
  assert.equal([m.policy, m.behaviour], ['TRUSTED', 'ACCEPT']);
  assert.equal(m.params, [
    { key: 'spam_check', value: 'off', source: 'policy' },
    { key: 'tls', value: 'off', source: 'policy' },
    { key: 'max_concurrency', value: '10', source: 'default' },
  ]);
  const inline = trace({ ip: '192.0.2.99', ptr: 'spam.example.net' }).match!;
  assert.equal([inline.entryKind, inline.policy, inline.behaviour], ['inline', null, 'REJECT']);
  assert.equal(
    inline.params.map((p) => [p.key, p.source]),
    [
      ['tls', 'policy'],
      ['max_concurrency', 'default'],
    ],
  );
  const all = trace({ ip: '192.0.2.99', sbrs: 1 }).match!;
  assert.equal([all.entryKind, all.policy, all.behaviour], ['all', 'ACCEPTED', 'ACCEPT']);
  assert.equal(all.params, [
    { key: 'max_concurrency', value: '10', source: 'default' },
    { key: 'tls', value: 'off', source: 'default' },
  ]);
});

test('traceHost: every listener with a HAT, its $DEFAULT from hat_default_*, --listener', () => {
  const view = viewExport(buildExport({ listeners: standardListeners() }));
  const all = traceHost(view, { ip: '10.1.2.3' });
  assert.equal(
    all.map((t) => [t.listener, t.match?.entry, t.match?.behaviour]),
    [
      ['InboundMail', 'ALL', 'ACCEPT'],
      ['RelayOut', 'RELAYLIST', 'RELAY'],
    ],
  );
  assert.equal(
    all[0]!.match!.params.find((p) => p.key === 'tls'),
    { key: 'tls', value: 'off', source: 'default' },
  );
  assert.equal(
    all[0]!.match!.params.find((p) => p.key === 'max_rcpts_per_hour'),
    { key: 'max_rcpts_per_hour', value: '-1', source: 'default' },
  );
  assert.equal(
    traceHost(view, { ip: '10.1.2.3' }, { listeners: ['RelayOut'] }).map((t) => t.listener),
    ['RelayOut'],
  );
  const text = formatListenerTrace(all[1]!);
  assert.match(text, 'RELAYLIST (order 1)');
});

test('traceHost: a HAT that cannot be read exactly is not traced (trace-hat-unreadable)', () => {
  const broken = HAT.replace(
    '    ACCEPT {\n        spam_check = "off"\n        tls = "off"\n    }\n',
    '    ACCEPT {\n        spam_check = "off"\n',
  );
  const view = viewExport(buildExport({ listeners: [{ name: 'InboundMail', hat: broken }] }));
  const [t] = traceHost(view, { ip: '192.0.2.10' });
  assert.equal(
    t!.findings.map((f) => [f.code, f.args.listener]),
    [['trace-hat-unreadable', 'InboundMail']],
  );
  assert.is(t!.match, null);
});

test('checkTraceHost: one address, a host name, a score', () => {
  assert.is(checkTraceHost({ ip: '192.0.2.1', ptr: 'mx.example.net', sbrs: -3.5 }), null);
  assert.is(checkTraceHost({ ip: '2001:db8::1' }), null);
  for (const bad of [
    { ip: '192.0.2.0/24' },
    { ip: 'mx.example.net' },
    { ip: '999.1.1.1' },
    { ip: '192.0.2.1', ptr: 'not a name' },
    { ip: '192.0.2.1', sbrs: 11 },
  ] as TraceHost[]) {
    assert.type(checkTraceHost(bad), 'string', JSON.stringify(bad));
  }
});

// ---------------------------------------------------------------------------------------------
// Published hosts before and after
// ---------------------------------------------------------------------------------------------

const BEFORE = dedent`
  $BLOCKED
      REJECT
  $ACCEPTED
      ACCEPT
  BLACKLIST:
      184.94.241.0/24
      $BLOCKED
  ALL
      $ACCEPTED
`;

const AFTER = dedent`
  $BLOCKED
      REJECT
  $ACCEPTED
      ACCEPT
  $CRES_TLS
      ACCEPT {
          tls = "required"
      }
  CRES:
      .res.cisco.com
      208.90.57.0/26
      $CRES_TLS
  BLACKLIST:
      184.94.241.0/24
      $BLOCKED
  ALL
      $ACCEPTED
`;

test('publishedHostsTable: where each published host lands today and after the change', () => {
  const hosts = [
    { host: 'mxnat1.res.cisco.com', ip: '208.90.57.32' },
    { host: 'res.cisco.com', ip: '184.94.241.74' },
    { host: 'mxnat3.res.cisco.com', ip: '184.94.241.96' },
    { host: 'esa1.cres.iphmx.com', ip: '68.232.140.79' },
  ];
  const rows = publishedHostsTable(readHat(BEFORE).model, readHat(AFTER).model, hosts, { tls: 'off' });
  const brief = rows.map((r) => [r.host, r.before.entry, r.before.tls, r.after.entry, r.after.policy, r.after.tls, r.changed]);
  assert.equal(brief, [
    ['mxnat1.res.cisco.com', 'ALL', 'off', 'CRES', 'CRES_TLS', 'required', true],
    // .res.cisco.com does not match res.cisco.com itself, and its address is blocked.
    ['res.cisco.com', 'BLACKLIST', 'off', 'BLACKLIST', 'BLOCKED', 'off', false],
    ['mxnat3.res.cisco.com', 'BLACKLIST', 'off', 'CRES', 'CRES_TLS', 'required', true],
    ['esa1.cres.iphmx.com', 'ALL', 'off', 'ALL', 'ACCEPTED', 'off', false],
  ]);
  // BLACKLIST moved from order 1 to 2: the landing differs in position only, not a change of treatment.
  assert.equal([rows[1]!.before.index, rows[1]!.after.index], [0, 1]);
  const text = formatPublishedHosts('InboundMail', rows);
  assert.is(text.trimEnd().split('\n').length, 2 + hosts.length);
  assert.match(
    text,
    /mxnat1\.res\.cisco\.com 208\.90\.57\.32 +ALL #2 \$ACCEPTED ACCEPT, tls off +CRES #1 \$CRES_TLS ACCEPT, tls required +changed/,
  );
});

test.run();
