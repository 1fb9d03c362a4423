import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseSpfRecord, type SpfDirective, type SpfModifier } from '../../src/spf/index.js';

test('parse: directives with qualifiers, arguments and CIDR lengths', () => {
  const r = parseSpfRecord(
    'v=spf1 -a:mail.example.com/24//64 ~mx/28 ?ptr ip4:192.0.2.0/24 ip6:2001:db8::/32 +include:_spf.example.com exists:%{i}.e.example.com all',
  );
  assert.ok(r.valid);
  assert.equal(r.problems, []);
  const d = r.terms as SpfDirective[];
  assert.equal(
    d.map((t) => [t.qualifier, t.qualifierExplicit, t.mechanism]),
    [
      ['-', true, 'a'],
      ['~', true, 'mx'],
      ['?', true, 'ptr'],
      ['+', false, 'ip4'],
      ['+', false, 'ip6'],
      ['+', true, 'include'],
      ['+', false, 'exists'],
      ['+', false, 'all'],
    ],
  );
  assert.equal([d[0]!.domainSpec, d[0]!.cidr4, d[0]!.cidr6], ['mail.example.com', 24, 64]);
  assert.equal([d[1]!.domainSpec, d[1]!.cidr4], [undefined, 28]);
  assert.equal([d[3]!.network, d[3]!.cidr4], ['192.0.2.0', 24]);
  assert.equal([d[4]!.network, d[4]!.cidr6], ['2001:db8::', 32]);
  assert.is(d[5]!.domainSpec, '_spf.example.com');
  assert.equal(
    d.map((t) => t.offset),
    [7, 34, 41, 46, 63, 81, 107, 133],
  );
});

test('parse: modifiers, names case-insensitive, unknown ones kept with a warning', () => {
  const r = parseSpfRecord('v=spf1 mx REDIRECT=_spf.example.com Exp=why.%{d} moo.cow-1_x=%{s}');
  assert.ok(r.valid);
  const m = r.terms.filter((t): t is SpfModifier => t.kind === 'modifier');
  assert.equal(
    m.map((t) => [t.name, t.value]),
    [
      ['redirect', '_spf.example.com'],
      ['exp', 'why.%{d}'],
      ['moo.cow-1_x', '%{s}'],
    ],
  );
  assert.equal(
    r.problems.map((p) => p.code),
    ['spf-unknown-modifier'],
  );
});

test('parse: a domain-spec may end in a macro or a final dot; dual CIDR on a macro domain', () => {
  for (const ok of [
    'v=spf1 a:%{d}',
    'v=spf1 include:example.com.',
    'v=spf1 a:%{d}/24//64',
    'v=spf1 mx:%{d2r}.x-1.example',
    'v=spf1 exists:%{l/}.%{d}',
    'v=spf1 a:xn--bcher-kva.example',
    'v=spf1 a:example.c-1',
    'v=spf1 ip6:::ffff:192.0.2.1/128',
    'v=spf1 ip6:::',
    'v=spf1 ip6:1:2:3:4:5:6:7:8',
    'v=spf1 ip6:1::8',
    'v=spf1 ip4:0.0.0.0/0',
    'v=spf1 a//0',
  ]) {
    const r = parseSpfRecord(ok);
    assert.ok(r.valid, `${ok}: ${JSON.stringify(r.problems)}`);
  }
});

test('parse: invalid terms, each at its own offset, all reported in one run', () => {
  const r = parseSpfRecord('v=spf1 foo ip4:1.2.3 ip6:1:2:3:4:5:6:7:8:9 a:example.123 mx:/24 -all');
  assert.not.ok(r.valid);
  assert.equal(
    r.problems.map((p) => [p.code, p.offset]),
    [
      ['spf-syntax', 7],
      ['spf-syntax', 15],
      ['spf-syntax', 25],
      ['spf-syntax', 45],
      ['spf-syntax', 57],
    ],
  );
  assert.equal(
    r.terms.map((t) => t.text),
    ['-all'],
    'the valid terms are still parsed',
  );
});

test('parse: IPv6 text forms', () => {
  const bad = [
    '1:2:3:4:5:6:7',
    '1::2::3',
    '12345::',
    'g::1',
    '1:2:3:4:5:6:7:8:9',
    '::ffff:1.2.3',
    ':1:2:3:4:5:6:7',
    'fe80::1%eth0',
    '1:2:3:4:5:6:7::1.2.3.4',
  ];
  for (const ip of bad) assert.not.ok(parseSpfRecord(`v=spf1 ip6:${ip}`).valid, ip);
  const good = ['::1', '2001:db8::', '1:2:3:4:5:6:1.2.3.4', '::1.2.3.4', 'FE80::ABCD'];
  for (const ip of good) assert.ok(parseSpfRecord(`v=spf1 ip6:${ip}`).valid, ip);
});

test('parse: prefix lengths have no leading zeros and stay in range', () => {
  for (const bad of ['ip4:192.0.2.0/08', 'ip4:192.0.2.0/', 'ip6:2001:db8::/0129', 'a/33', 'mx//129', 'a:example.com/', 'a:example.com//']) {
    assert.not.ok(parseSpfRecord(`v=spf1 ${bad}`).valid, bad);
  }
  for (const good of ['ip4:192.0.2.0/0', 'ip4:192.0.2.0/32', 'ip6:::/128', 'a/0', 'mx//0', 'a:example.com/32//128']) {
    assert.ok(parseSpfRecord(`v=spf1 ${good}`).valid, good);
  }
});

test('parse: the version must be v=spf1 followed by a space or the end', () => {
  for (const bad of ['v=spf10 -all', 'v=spf1-all', ' v=spf1 -all', 'v = spf1', 'spf1', 'v=spf2.0/mfrom -all']) {
    const r = parseSpfRecord(bad);
    assert.not.ok(r.valid, bad);
    assert.is(r.problems[0]?.offset, 0);
  }
  assert.ok(parseSpfRecord('V=SpF1 -all').valid);
});

test('parse: trailing spaces are allowed, several spaces between terms too', () => {
  const r = parseSpfRecord('v=spf1   mx    -all   ');
  assert.ok(r.valid);
  assert.equal(
    r.terms.map((t) => [t.text, t.offset]),
    [
      ['mx', 9],
      ['-all', 15],
    ],
  );
});

test('parse: the c, r, t macro letters are warned about outside explanation text; p is flagged like ptr', () => {
  const r = parseSpfRecord('v=spf1 exists:%{t}.%{P}.example.com -all');
  assert.ok(r.valid);
  assert.equal(
    r.problems.map((p) => [p.code, p.offset]),
    [
      ['spf-macro', 14],
      ['spf-ptr', 19],
    ],
  );
});

test.run();
