/**
 * diffExports: formatting-only re-exports are identical; every kind of difference on exports
 * written here; listener pairing; the diff of an export against the file apply wrote lists
 * exactly the artefact's operations; drift grouping.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffExports, viewExport, type ExportDiff, type HatChange } from '../../src/patch/diff-exports.js';
import { applyPlan, planExport } from '../../src/patch/patch.js';
import { applyEdits } from '../../src/esa/edits.js';
import { DEFAULT_RECIPE } from '../../src/recipes/index.js';
import type { Operation } from '../../src/patch/operations.js';
import type { DiffComparison } from '../../src/report/diff-schema.js';
import { groupComparisons } from '../../src/report/drift.js';
import { buildExport, CISCO_HAT, DEFAULT_SETTINGS, driftFleet, standardListeners, type ExportSpec } from '../fixtures/difftrace.js';
import { SAMPLES } from '../helpers.js';

const base: ExportSpec = { listeners: standardListeners() };
const diff = (a: string, b: string, options = {}) => diffExports(viewExport(a), viewExport(b), options);
const withHat = (hat: string, over: Partial<ExportSpec> = {}) => buildExport({ ...base, listeners: standardListeners(hat), ...over });
const hatChanges = (d: ExportDiff, listener = 'InboundMail'): HatChange[] => d.listeners.find((l) => l.listener === listener)!.hat;

// ---------------------------------------------------------------------------------------------
// Formatting is not a difference
// ---------------------------------------------------------------------------------------------

const FORMATTING: [string, (hat: string) => string, Partial<ExportSpec>?][] = [
  ['reindented with tabs', (h) => h.replace(/^ {8}/gm, '\t\t').replace(/^ {4}/gm, '\t')],
  ['reindented with 2 spaces', (h) => h.replace(/^ {8}/gm, '    ').replace(/^ {4}/gm, '  ')],
  ['CRLF line endings', (h) => h, { eol: '\r\n' }],
  ['blank lines between entries', (h) => h.replace(/\n([A-Za-z$])/g, '\n\n$1')],
  [
    'bare behaviour written {}',
    (h) =>
      h.replace('$BLOCKED\n    REJECT\n', '$BLOCKED\n    REJECT {}\n').replace('$ACCEPTED\n    ACCEPT\n', '$ACCEPTED\n    ACCEPT { }\n'),
  ],
  [
    'parameters in another order',
    (h) =>
      h.replace(
        '        spam_check = "off"\n        max_rcpts_per_hour = -1\n        tls = "off"\n',
        '        tls = "off"\n        spam_check = "off"\n        max_rcpts_per_hour = -1\n',
      ),
  ],
  [
    'a parameter block on one line',
    (h) =>
      h.replace(
        '    ACCEPT {\n        max_msgs_per_session = 10\n        max_rcpts_per_hour = 20\n        tls = "off"\n    }\n',
        '    ACCEPT { max_msgs_per_session = 10 max_rcpts_per_hour = 20 tls = "off" }\n',
      ),
  ],
  [
    'defaults spelled out',
    (h) => h.replace('$ACCEPTED\n    ACCEPT\n', '$ACCEPTED\n    ACCEPT {\n        max_concurrency = 10\n        tls = "off"\n    }\n'),
  ],
  ['other clock, element indentation', (h) => h, { time: 'Wed Jan 01 00:00:00 2031', indent: '\t' }],
];

for (const [name, change, over] of FORMATTING) {
  test(`formatting only, identical: ${name}`, () => {
    const a = withHat(CISCO_HAT);
    const b = withHat(change(CISCO_HAT), over);
    assert.is.not(a, b);
    const d = diff(a, b);
    assert.equal(
      d.listeners.flatMap((l) => [...l.settings, ...l.hat]),
      [],
    );
    assert.equal(d.findings, []);
    assert.ok(d.identical);
  });
}

test('--strict reports formatting differences as `format` changes only', () => {
  const b = withHat(CISCO_HAT.replace('$BLOCKED\n    REJECT\n', '$BLOCKED\n    REJECT {}\n').replace(/^ {4}/gm, '\t'), { eol: '\r\n' });
  const d = diff(withHat(CISCO_HAT), b, { strict: true });
  const changes = hatChanges(d);
  assert.ok(changes.length >= 3, JSON.stringify(changes));
  assert.ok(changes.every((c) => c.kind === 'format'));
  const details = changes.map((c) => (c.kind === 'format' ? `${c.item}: ${c.detail}` : ''));
  assert.ok(details.includes('HAT: line endings'), details.join('\n'));
  assert.ok(details.includes('HAT: indentation'));
  assert.ok(details.some((x) => x.startsWith('$BLOCKED: block ')));
  assert.not.ok(d.identical);
  assert.ok(diff(withHat(CISCO_HAT), b).identical);
});

// ---------------------------------------------------------------------------------------------
// Every kind of difference
// ---------------------------------------------------------------------------------------------

const CHANGES: [string, (hat: string) => string, HatChange[]][] = [
  [
    'policy added',
    (h) => h.replace('$ACCEPTED\n', '$CRES_TLS\n    ACCEPT {\n        tls = "required"\n    }\n$ACCEPTED\n'),
    [{ kind: 'policy-added', policy: 'CRES_TLS', behaviour: 'ACCEPT', params: [['tls', 'required']] }],
  ],
  [
    'policy removed (its entry bound elsewhere)',
    (h) =>
      h
        .replace(
          '$THROTTLED\n    ACCEPT {\n        max_msgs_per_session = 10\n        max_rcpts_per_hour = 20\n        tls = "off"\n    }\n',
          '',
        )
        .replace('    sbrs[-3.0:-1.0]\n    $THROTTLED\n', '    sbrs[-3.0:-1.0]\n    $ACCEPTED\n'),
    [
      {
        kind: 'policy-removed',
        policy: 'THROTTLED',
        behaviour: 'ACCEPT',
        params: [
          ['max_msgs_per_session', '10'],
          ['max_rcpts_per_hour', '20'],
          ['tls', 'off'],
        ],
      },
      { kind: 'entry-policy-changed', entry: 'SUSPECTLIST', from: '$THROTTLED', to: '$ACCEPTED' },
    ],
  ],
  [
    'policy behaviour',
    (h) => h.replace('$BLOCKED\n    REJECT\n', '$BLOCKED\n    TCPREFUSE\n'),
    [{ kind: 'policy-behaviour-changed', policy: 'BLOCKED', from: 'REJECT', to: 'TCPREFUSE' }],
  ],
  [
    'policy parameter',
    (h) => h.replace('        max_rcpts_per_hour = -1\n', '        max_rcpts_per_hour = 5000\n'),
    [{ kind: 'policy-param-changed', policy: 'TRUSTED', param: 'max_rcpts_per_hour', from: '-1', to: '5000' }],
  ],
  [
    'policy parameter set',
    (h) => h.replace('$ACCEPTED\n    ACCEPT\n', '$ACCEPTED\n    ACCEPT {\n        use_sb = "on"\n    }\n'),
    [{ kind: 'policy-param-changed', policy: 'ACCEPTED', param: 'use_sb', from: null, to: 'on' }],
  ],
  [
    'policy parameter removed',
    (h) => h.replace('        spam_check = "off"\n', ''),
    [{ kind: 'policy-param-changed', policy: 'TRUSTED', param: 'spam_check', from: 'off', to: null }],
  ],
  [
    'entry added',
    (h) => h.replace('WHITELIST:\n', 'CRES:\n    .res.cisco.com\n    208.90.57.0/26\n    $TRUSTED\nWHITELIST:\n'),
    [
      {
        kind: 'entry-added',
        entry: 'CRES',
        entryKind: 'group',
        index: 0,
        members: ['.res.cisco.com', '208.90.57.0/26'],
        policy: '$TRUSTED',
      },
    ],
  ],
  [
    'entry removed',
    (h) => h.replace('SUSPECTLIST:\n    sbrs[-3.0:-1.0]\n    $THROTTLED\n', ''),
    [{ kind: 'entry-removed', entry: 'SUSPECTLIST', entryKind: 'group', index: 2, members: ['sbrs[-3.0:-1.0]'], policy: '$THROTTLED' }],
  ],
  ['entry renamed', (h) => h.replace('WHITELIST:', 'ALLOWED_LIST:'), [{ kind: 'entry-renamed', from: 'WHITELIST', to: 'ALLOWED_LIST' }]],
  [
    'entry swapped with its neighbour: the one that went up moved',
    (h) =>
      h
        .replace('BLACKLIST:\n    sbrs[-10.0:-3.0]\n    .spam-haven.example\n    $BLOCKED (Spammers are rejected)\n', '')
        .replace(
          'WHITELIST:\n',
          'BLACKLIST:\n    sbrs[-10.0:-3.0]\n    .spam-haven.example\n    $BLOCKED (Spammers are rejected)\nWHITELIST:\n',
        ),
    [{ kind: 'entry-moved', entry: 'BLACKLIST', from: 1, to: 0 }],
  ],
  [
    'entry moved (order 4 -> 1)',
    (h) =>
      h
        .replace('UNKNOWNLIST:\n    sbrs[-1.0:10.0]\n    SBRS[none]\n    $ACCEPTED\n', '')
        .replace('WHITELIST:\n', 'UNKNOWNLIST:\n    sbrs[-1.0:10.0]\n    SBRS[none]\n    $ACCEPTED\nWHITELIST:\n'),
    [{ kind: 'entry-moved', entry: 'UNKNOWNLIST', from: 3, to: 0 }],
  ],
  [
    'members added',
    (h) => h.replace('    192.0.2.10\n', '    192.0.2.10\n    198.51.100.0/24, 2001:db8::/32\n'),
    [{ kind: 'members-added', entry: 'WHITELIST', members: ['198.51.100.0/24', '2001:db8::/32'] }],
  ],
  [
    'members removed',
    (h) => h.replace('    .spam-haven.example\n', ''),
    [{ kind: 'members-removed', entry: 'BLACKLIST', members: ['.spam-haven.example'] }],
  ],
  [
    'policy reference',
    (h) => h.replace('    $TRUSTED (My', '    $ACCEPTED (My'),
    [{ kind: 'entry-policy-changed', entry: 'WHITELIST', from: '$TRUSTED', to: '$ACCEPTED' }],
  ],
  [
    'policy comment',
    (h) => h.replace('$BLOCKED\n    REJECT\n', '$BLOCKED\n    REJECT (go away)\n'),
    [{ kind: 'policy-comment-changed', policy: 'BLOCKED', from: null, to: 'go away' }],
  ],
  [
    'entry comment',
    (h) => h.replace('(Spammers are rejected)', '(Spammers go away)'),
    [{ kind: 'entry-comment-changed', entry: 'BLACKLIST', from: 'Spammers are rejected', to: 'Spammers go away' }],
  ],
  [
    'unknown line added',
    (h) => h.replace('$ACCEPTED\n    ACCEPT\n', '$ACCEPTED\n    ACCEPT\n    frobnicate 1\n'),
    [{ kind: 'unknown-added', text: 'frobnicate 1', where: '$ACCEPTED' }],
  ],
];

for (const [name, change, expected] of CHANGES) {
  test(`difference: ${name}`, () => {
    const after = change(CISCO_HAT);
    assert.is.not(after, CISCO_HAT, 'the fixture edit did not apply');
    const d = diff(withHat(CISCO_HAT), withHat(after));
    assert.equal(hatChanges(d), expected);
    assert.not.ok(d.identical);
    assert.equal(hatChanges(d, 'RelayOut'), []);
    // And back: every change has its reverse.
    const back = hatChanges(diff(withHat(after), withHat(CISCO_HAT)));
    assert.is(back.length, expected.length, JSON.stringify(back));
  });
}

test('difference: unknown line removed is the reverse of added; an unclosed block is unreadable', () => {
  const odd = CISCO_HAT.replace('$ACCEPTED\n    ACCEPT\n', '$ACCEPTED\n    ACCEPT\n    frobnicate 1\n');
  assert.equal(hatChanges(diff(withHat(odd), withHat(CISCO_HAT))), [{ kind: 'unknown-removed', text: 'frobnicate 1', where: '$ACCEPTED' }]);
  // A block that never closes makes the HAT unreadable: not compared.
  const open = CISCO_HAT.replace('        tls = "off"\n    }\n$THROTTLED', '        tls = "off"\n$THROTTLED');
  assert.equal(
    diff(withHat(CISCO_HAT), withHat(open)).findings.map((f) => [f.code, 'side' in f.args ? f.args.side : null]),
    [['diff-hat-unreadable', 'b']],
  );
});

test('listener settings compared as key/value; header version and serial shown, not a difference', () => {
  const settings = DEFAULT_SETTINGS.map(([k, v]): [string, string] => [
    k,
    k === 'hat_default_tls' ? 'preferred' : k === 'port' ? '2525' : v,
  ]).filter(([k]) => k !== 'certificate');
  const listeners = standardListeners();
  listeners[0]!.settings = [...settings, ['max_concurrency', '600']];
  const d = diff(buildExport(base), buildExport({ listeners, version: '15.0.1-030', serial: 'NEWSERIAL' }));
  const l = d.listeners.find((x) => x.listener === 'InboundMail')!;
  assert.equal(l.settings, [
    { key: 'port', from: '25', to: '2525' },
    { key: 'certificate', from: 'mx_example_net', to: null },
    { key: 'hat_default_tls', from: 'off', to: 'preferred' },
    { key: 'max_concurrency', from: null, to: '600' },
  ]);
  assert.equal(d.header, [
    { key: 'version', from: '14.0.2-020', to: '15.0.1-030' },
    { key: 'serial', from: '7C210E3A9B14-FCH2231V0QX', to: 'NEWSERIAL' },
  ]);
  const sameButHeader = diff(
    buildExport(base),
    buildExport({ ...base, version: '15.0.1-030', serial: 'NEWSERIAL', hostname: 'mx2.example.net' }),
  );
  assert.is(sameButHeader.header.length, 3);
  assert.ok(sameButHeader.identical);
});

test('a parameter spelled out equal to $DEFAULT is no difference; against another default it is', () => {
  const spelled = CISCO_HAT.replace('$ACCEPTED\n    ACCEPT\n', '$ACCEPTED\n    ACCEPT {\n        tls = "off"\n    }\n');
  assert.ok(diff(withHat(CISCO_HAT), withHat(spelled)).identical);
  const listeners = standardListeners(spelled);
  listeners[0]!.settings = DEFAULT_SETTINGS.map(([k, v]) => [k, k === 'hat_default_tls' ? 'preferred' : v]);
  const listenersBase = standardListeners();
  listenersBase[0]!.settings = listeners[0]!.settings;
  const d = diff(buildExport({ listeners: listenersBase }), buildExport({ listeners }));
  assert.equal(hatChanges(d), [{ kind: 'policy-param-changed', policy: 'ACCEPTED', param: 'tls', from: null, to: 'off' }]);
});

test('listeners: paired by path; by name when paths differ (said so); only in one export; mapped', () => {
  const a = buildExport(base);
  const cluster = diff(a, buildExport({ ...base, cluster: true }));
  assert.equal(
    cluster.listeners.map((l) => [l.listener, l.match]),
    [
      ['InboundMail', 'name'],
      ['RelayOut', 'name'],
    ],
  );
  assert.equal(
    cluster.findings.map((f) => [f.code, f.args]),
    [
      [
        'diff-listener-by-name',
        { listener: 'InboundMail', pathA: 'config/listeners/listener[1]', pathB: 'config/cluster_config/listeners/listener[1]' },
      ],
      [
        'diff-listener-by-name',
        { listener: 'RelayOut', pathA: 'config/listeners/listener[2]', pathB: 'config/cluster_config/listeners/listener[2]' },
      ],
    ],
  );
  assert.ok(cluster.identical);

  const swapped = diff(a, buildExport({ listeners: [...standardListeners()].reverse() }));
  assert.equal(
    swapped.listeners.map((l) => [l.listener, l.match]),
    [
      ['InboundMail', 'name'],
      ['RelayOut', 'name'],
    ],
  );
  assert.ok(swapped.identical);

  const renamed = buildExport({
    listeners: standardListeners().map((l) => ({ ...l, name: l.name === 'InboundMail' ? 'MX_Public' : l.name })),
  });
  const byPath = diff(a, renamed);
  assert.equal(byPath.listeners[0]!.match, 'path');
  assert.equal(byPath.listeners[0]!.settings, [{ key: 'listener_name', from: 'InboundMail', to: 'MX_Public' }]);

  const mapped = diff(a, renamed, { mapListeners: { InboundMail: 'MX_Public' } });
  assert.equal(
    mapped.listeners.map((l) => [l.listener, l.match, l.b?.name]),
    [
      ['InboundMail', 'map', 'MX_Public'],
      ['RelayOut', 'path', 'RelayOut'],
    ],
  );
  assert.ok(mapped.identical);

  const gone = diff(a, buildExport({ listeners: standardListeners().slice(0, 1) }));
  assert.equal(
    gone.listeners.map((l) => [l.listener, l.match]),
    [
      ['InboundMail', 'path'],
      ['RelayOut', 'only-a'],
    ],
  );
  assert.not.ok(gone.identical);

  const unknown = diff(a, renamed, { mapListeners: { Nope: 'MX_Public', InboundMail: 'Nope2' } });
  assert.equal(
    unknown.findings.filter((f) => f.code === 'diff-unknown-listener').map((f) => [f.args.listener, f.args.side]),
    [
      ['Nope', 'a'],
      ['Nope2', 'b'],
    ],
  );
  assert.not.ok(unknown.identical);
});

test('a HAT that cannot be read exactly is not compared: diff-hat-unreadable (error)', () => {
  const broken = CISCO_HAT.replace(
    '$THROTTLED\n    ACCEPT {\n        max_msgs_per_session = 10\n        max_rcpts_per_hour = 20\n        tls = "off"\n    }\n',
    '$THROTTLED\n    ACCEPT {\n        max_msgs_per_session = 10\n',
  );
  const d = diff(withHat(CISCO_HAT), withHat(broken));
  const f = d.findings.find((x) => x.code === 'diff-hat-unreadable');
  assert.ok(f, JSON.stringify(d.findings));
  assert.equal({ listener: f!.args.listener, side: f!.args.side }, { listener: 'InboundMail', side: 'b' });
  assert.equal(hatChanges(d), []);
  assert.not.ok(d.identical);
});

// ---------------------------------------------------------------------------------------------
// The diff of an export against the file apply wrote is the artefact's operations
// ---------------------------------------------------------------------------------------------

/** The change a diff shows for an operation: `[listener, kind, subject, detail]`. */
function expectedChange(op: Operation): string[] {
  switch (op.op) {
    case 'add-policy':
      return [op.listener, 'policy-added', op.policy, JSON.stringify(op.params)];
    case 'remove-policy':
      return [op.listener, 'policy-removed', op.policy, ''];
    case 'add-sender-group':
      return [op.listener, 'entry-added', op.group, JSON.stringify(op.senders)];
    case 'remove-sender-group':
      return [op.listener, 'entry-removed', op.group, ''];
    case 'move-sender-group':
      return [op.listener, 'entry-moved', op.group, `${op.from}->${op.to}`];
    case 'add-senders':
      return [op.listener, 'members-added', op.group, JSON.stringify(op.senders)];
    case 'remove-senders':
      return [op.listener, 'members-removed', op.group, JSON.stringify(op.senders)];
    case 'set-policy-param':
      return [op.listener, 'policy-param-changed', op.policy, `${op.param}:${op.from}->${op.to}`];
    case 'set-group-policy':
      return [op.listener, 'entry-policy-changed', op.group, ''];
  }
}

function shownChange(listener: string, c: HatChange): string[] {
  switch (c.kind) {
    case 'policy-added':
      return [listener, c.kind, c.policy, JSON.stringify(c.params)];
    case 'policy-removed':
      return [listener, c.kind, c.policy, ''];
    case 'entry-added':
      return [listener, c.kind, c.entry, JSON.stringify(c.members)];
    case 'entry-removed':
      return [listener, c.kind, c.entry, ''];
    case 'entry-moved':
      return [listener, c.kind, c.entry, `${c.from}->${c.to}`];
    case 'members-added':
    case 'members-removed':
      return [listener, c.kind, c.entry, JSON.stringify(c.members)];
    case 'policy-param-changed':
      return [listener, c.kind, c.policy, `${c.param}:${c.from}->${c.to}`];
    case 'entry-policy-changed':
      return [listener, c.kind, c.entry, ''];
    default:
      return [listener, c.kind, JSON.stringify(c), ''];
  }
}

const sorted = (xs: string[][]) => xs.map((x) => JSON.stringify(x)).sort();

for (const name of readdirSync(SAMPLES)
  .filter((f) => f.endsWith('.xml'))
  .sort()) {
  test(`apply's output diffs as exactly the artefact's operations: ${name}`, () => {
    const text = readFileSync(join(SAMPLES, name), 'latin1');
    const r = planExport(text, { recipe: DEFAULT_RECIPE, allowMasked: true });
    if (r.outcome !== 'patched' && r.outcome !== 'unchanged') return;
    const d = diff(text, applyEdits(text, applyPlan(r).edits));
    assert.equal(
      d.findings.filter((f) => f.severity === 'error'),
      [],
    );
    const shown = d.listeners.flatMap((l) => l.hat.map((c) => shownChange(l.listener, c)));
    assert.equal(sorted(shown), sorted(r.operations.map(expectedChange)));
    assert.equal(
      d.listeners.flatMap((l) => l.settings),
      [],
    );
    assert.is(d.identical, r.operations.length === 0);
  });
}

// ---------------------------------------------------------------------------------------------
// Drift
// ---------------------------------------------------------------------------------------------

test('drift: 200 exports, 3 kinds of drift in 3 groups plus the identical ones', () => {
  const fleet = driftFleet(200);
  const baseline = viewExport(fleet.baseline);
  const comparisons: DiffComparison[] = fleet.exports.map((e) => {
    const d = diffExports(baseline, viewExport(e.text));
    return {
      file: e.name,
      outcome: d.identical ? 'identical' : 'different',
      group: null,
      a: d.a,
      b: d.b,
      header: d.header,
      listeners: d.listeners,
      findings: [],
    };
  });
  const groups = groupComparisons(comparisons);
  assert.equal(
    groups.map((g) => g.id),
    ['identical', 'd1', 'd2', 'd3'],
  );
  const byKind = new Map<string, Set<string>>();
  fleet.exports.forEach((e, k) => byKind.set(e.kind, (byKind.get(e.kind) ?? new Set()).add(comparisons[k]!.group!)));
  assert.equal(
    [...byKind.values()].map((s) => s.size),
    [1, 1, 1, 1],
    'each kind of drift is exactly one group',
  );
  assert.equal(byKind.get('identical'), new Set(['identical']));
  const count = (kind: string) => fleet.exports.filter((e) => e.kind === kind).length;
  for (const g of groups) assert.is(g.files.length, count(fleet.exports.find((e) => e.name === g.files[0])!.kind));
  const throttle = groups.find((g) => g.files.includes(fleet.exports.find((e) => e.kind === 'throttle')!.name))!;
  assert.equal(
    throttle.listeners.map((l) => [l.listener, l.hat]),
    [['InboundMail', [{ kind: 'policy-param-changed', policy: 'THROTTLED', param: 'max_rcpts_per_hour', from: '20', to: '200' }]]],
  );
  // A changed $DEFAULT is a setting change; policies that write the parameter themselves did not change.
  const tls = groups.find((g) => g.files.includes(fleet.exports.find((e) => e.kind === 'tls-default')!.name))!;
  assert.equal(
    tls.listeners.map((l) => [l.listener, l.settings, l.hat]),
    [['InboundMail', [{ key: 'hat_default_tls', from: 'off', to: 'preferred' }], []]],
  );
});

test.run();
