import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createSpfExpander, parseSpfRecord, planSpfResolved, type TxtResolver } from '../../src/spf/index.js';

const CRES = 'v=spf1 mx:res.cisco.com exists:%{i}.spf.res.cisco.com -all';

/** A resolver over a map: string[][] answers, a string is an error code; unknown names are NXDOMAIN. */
function fake(zone: Record<string, string[][] | string>): TxtResolver & { queries: string[] } {
  const queries: string[] = [];
  const lookup = async (name: string): Promise<string[][]> => {
    queries.push(name);
    const a = zone[name];
    if (a === undefined) throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    if (typeof a === 'string') throw Object.assign(new Error(`queryTxt ${a} ${name}`), { code: a });
    return a;
  };
  return Object.assign(lookup, { queries });
}

const codes = (p: { findings: { code: string }[] }) => p.findings.map((f) => f.code);

test('resolve: includes are counted recursively, res.cisco.com as the 3 it costs', async () => {
  const dns = fake({
    'a.example': [['v=spf1 include:b.example a -all']],
    'b.example': [['v=spf1 ', 'ip4:192.0.2.1 -all']],
    'res.cisco.com': [[CRES]],
  });
  const plan = await planSpfResolved('v=spf1 include:a.example mx -all', dns);
  assert.equal(plan.lookups, { before: 4, after: 7, expanded: true, unexpanded: 0, voidBefore: 0, voidAfter: 0 });
  assert.is(plan.exitCode, 2);
  assert.is(plan.proposed, 'v=spf1 include:a.example mx include:res.cisco.com -all');
  assert.equal(codes(plan), []);
});

test('resolve: a loop (a includes b includes a) is found and refused', async () => {
  const dns = fake({
    'a.example': [['v=spf1 include:b.example -all']],
    'b.example': [['v=spf1 include:A.example. -all']],
    'res.cisco.com': [[CRES]],
  });
  const plan = await planSpfResolved('v=spf1 include:a.example -all', dns);
  assert.ok(codes(plan).includes('spf-loop'));
  const loop = plan.findings.find((f) => f.code === 'spf-loop')!;
  assert.is(loop.domain, 'b.example');
  assert.match(loop.message, /a\.example -> b\.example -> a\.example/);
  assert.is(plan.exitCode, 3);
  assert.is(plan.lookups?.expanded, false);
  assert.is(dns.queries.filter((q) => q === 'a.example').length, 1, 'each name is queried once');
});

test('resolve: a record including its own domain is a loop', async () => {
  const dns = fake({ 'example.com': [['v=spf1 include:example.com -all']], 'res.cisco.com': [[CRES]] });
  const plan = await planSpfResolved('v=spf1 include:example.com -all', dns, { domain: 'example.com' });
  assert.ok(codes(plan).includes('spf-loop'));
  assert.is(plan.findings.find((f) => f.code === 'spf-loop')?.column, 8, 'the top-level term is pointed at');
});

test('resolve: void lookups (NXDOMAIN, no data, empty answer) count against the limit of 2', async () => {
  const dns = fake({ 'nodata.example': 'ENODATA', 'empty.example': [], 'res.cisco.com': [[CRES]] });
  const two = await planSpfResolved('v=spf1 include:missing.example include:nodata.example -all', dns);
  assert.is(two.lookups?.voidBefore, 2);
  assert.not.ok(codes(two).includes('spf-void-limit'));
  assert.is(codes(two).filter((c) => c === 'spf-missing-record').length, 2, 'a missing include target is a permerror of its own');
  assert.is(two.exitCode, 3);
  const three = await planSpfResolved('v=spf1 include:missing.example include:nodata.example include:empty.example -all', dns);
  assert.is(three.lookups?.voidBefore, 3);
  assert.ok(codes(three).includes('spf-void-limit'));
  assert.is(three.exitCode, 3);
});

test('resolve: a target without SPF record, with two, or with a malformed one', async () => {
  const dns = fake({
    'txt.example': [['google-site-verification=x']],
    'two.example': [['v=spf1 -all'], ['v=spf1 mx -all']],
    'bad.example': [['v=spf1 foo -all']],
    'res.cisco.com': [[CRES]],
  });
  const plan = await planSpfResolved('v=spf1 include:txt.example include:two.example redirect=bad.example', dns);
  assert.equal(codes(plan), ['spf-missing-record', 'spf-multiple-records', 'spf-include-invalid']);
  assert.is(plan.lookups?.voidBefore, 0, 'TXT records that are not SPF are not a void lookup');
  assert.equal(
    plan.findings.map((f) => f.column),
    [8, 28, 48],
  );
});

test('resolve: DNS failures are errors (exit 1) naming the server and the name; a bound reached is spf-resolve-bound', async () => {
  const dns = fake({ 'fail.example': 'ESERVFAIL', 'slow.example': 'ETIMEOUT', 'res.cisco.com': 'ETIMEBOUND' });
  const plan = await planSpfResolved('v=spf1 include:fail.example include:slow.example -all', dns, { server: '192.0.2.53:53' });
  assert.equal(codes(plan), ['spf-dns-error', 'spf-dns-error', 'spf-resolve-bound']);
  assert.ok(plan.findings.every((f) => f.severity === 'error'));
  assert.match(plan.findings[0]!.message, /fail\.example at 192\.0\.2\.53:53/);
  assert.match(plan.findings[1]!.message, /slow\.example at 192\.0\.2\.53:53/);
  assert.equal(plan.lookups, { before: 2, after: 5, expanded: false, unexpanded: 3, voidBefore: 0, voidAfter: 0 });
  assert.is(plan.exitCode, 1);
  assert.is(plan.proposed, null);
});

test('resolve: macro targets are not expanded; redirect ignored next to all is not looked up', async () => {
  const dns = fake({ 'res.cisco.com': [[CRES]] });
  const plan = await planSpfResolved('v=spf1 include:%{d}._spf.example.com -all redirect=other.example', dns);
  assert.ok(codes(plan).includes('spf-not-expanded'));
  assert.ok(codes(plan).includes('spf-redirect-ignored'));
  assert.equal(dns.queries, ['res.cisco.com']);
  assert.is(plan.lookups?.before, 1);
});

test('resolve: the limit crossed once includes are expanded (exact count, no "at least")', async () => {
  const dns = fake({
    'big.example': [['v=spf1 a mx include:big2.example -all']],
    'big2.example': [['v=spf1 a:x.big2.example mx ptr -all']],
    'res.cisco.com': [[CRES]],
  });
  const plan = await planSpfResolved('v=spf1 include:big.example a -all', dns);
  assert.equal([plan.lookups?.before, plan.lookups?.after], [8, 11]);
  const f = plan.findings.find((x) => x.code === 'spf-lookup-limit');
  assert.ok(f !== undefined);
  assert.not.match(f.message, /at least/);
  assert.is(plan.exitCode, 3);
  assert.is(plan.proposed, null);
});

test('resolve: nesting is bounded; a repeated include is queried once but counted each time', async () => {
  const zone: Record<string, string[][]> = { 'res.cisco.com': [[CRES]] };
  for (let i = 0; i < 30; i++) zone[`d${i}.example`] = [[`v=spf1 include:d${i + 1}.example -all`]];
  const deep = fake(zone);
  const plan = await planSpfResolved('v=spf1 include:d0.example -all', deep, { maxDepth: 5 });
  assert.ok(codes(plan).includes('spf-depth-limit'));
  assert.ok(deep.queries.length <= 8, `${deep.queries.length} queries`);
  const twice = fake({ 'x.example': [['v=spf1 a mx -all']], 'res.cisco.com': [[CRES]] });
  const p2 = await planSpfResolved('v=spf1 include:x.example include:X.EXAMPLE. -all', twice);
  assert.is(p2.lookups?.before, 6);
  assert.equal(twice.queries, ['x.example', 'res.cisco.com']);
});

test('resolve: the query budget bounds the work', async () => {
  const zone: Record<string, string[][]> = {};
  for (let i = 0; i < 10; i++) zone[`w${i}.example`] = [['v=spf1 -all']];
  const dns = fake(zone);
  const e = await createSpfExpander(dns, { maxQueries: 4 }).expand(
    parseSpfRecord(
      `v=spf1 ${Object.keys(zone)
        .map((n) => `include:${n}`)
        .join(' ')}`,
    ).terms,
  );
  assert.is(dns.queries.length, 4);
  assert.is(e.lookups, 10);
  assert.is(e.complete, false);
  assert.is(e.findings.filter((f) => f.code === 'spf-resolve-bound').length, 6);
});

test('resolve: a record already including res.cisco.com expands it through DNS', async () => {
  const dns = fake({ 'res.cisco.com': [[CRES]] });
  const plan = await planSpfResolved('v=spf1 include:res.cisco.com -all', dns);
  assert.is(plan.exitCode, 0);
  assert.equal([plan.lookups?.before, plan.lookups?.after, plan.lookups?.expanded], [3, 3, true]);
});

test('resolve: 30 names each including every later one: each name queried once, expanded once per depth, bounded work', async () => {
  const zone: Record<string, string[][]> = { 'res.cisco.com': [[CRES]] };
  for (let i = 0; i < 30; i++) {
    const later = Array.from({ length: 29 - i }, (_, k) => `include:g${i + 1 + k}.example`).join(' ');
    zone[`g${i}.example`] = [[`v=spf1 ${later} -all`]];
  }
  const dns = fake(zone);
  let calls = 0;
  const counting: typeof dns = Object.assign(
    (name: string) => {
      calls++;
      return dns(name);
    },
    { queries: dns.queries },
  );
  const plan = await planSpfResolved('v=spf1 include:g0.example -all', counting);
  assert.is(plan.exitCode, 3);
  assert.ok(codes(plan).includes('spf-lookup-limit'));
  assert.is(calls, 31, 'every name once, and res.cisco.com');
  assert.is(new Set(dns.queries).size, dns.queries.length);
  // Findings are not repeated per path.
  assert.ok(plan.findings.length < 1000, `${plan.findings.length} findings`);
});

test('resolve: 50 records of 400 includes each (every one including the others): bounded work, a count of at least', async () => {
  const zone: Record<string, string[][]> = { 'res.cisco.com': [[CRES]] };
  for (let i = 0; i < 50; i++) {
    zone[`w${i}.example`] = [[`v=spf1 ${Array.from({ length: 400 }, (_, k) => `include:w${(i + 1 + k) % 50}.example`).join(' ')} -all`]];
  }
  const dns = fake(zone);
  const t = Date.now();
  const plan = await planSpfResolved('v=spf1 include:w0.example -all', dns, { maxQueries: 60 });
  assert.ok(Date.now() - t < 10_000, `${Date.now() - t} ms`);
  assert.ok(dns.queries.length <= 51, `${dns.queries.length} queries`);
  assert.is(plan.exitCode, 3);
  assert.ok(plan.lookups!.before > 100);
  assert.is(plan.lookups!.expanded, false);
  assert.ok(plan.findings.length <= 60);
});

test('resolve: one expander shares its query budget across records', async () => {
  const zone: Record<string, string[][]> = { 'res.cisco.com': [[CRES]] };
  for (let i = 0; i < 6; i++) zone[`s${i}.example`] = [['v=spf1 -all']];
  const dns = fake(zone);
  const expander = createSpfExpander(dns, { maxQueries: 4 });
  const a = await planSpfResolved('v=spf1 include:s0.example include:s1.example -all', expander);
  const b = await planSpfResolved('v=spf1 include:s2.example include:s3.example -all', expander);
  assert.equal(dns.queries, ['s0.example', 's1.example', 'res.cisco.com', 's2.example']);
  assert.is(a.exitCode, 2);
  assert.is(b.exitCode, 1);
  assert.equal(codes(b).filter((c) => c === 'spf-resolve-bound').length, 1);
});

test.run();
