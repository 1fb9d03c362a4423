import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordingIo } from '../../src/cli/io.js';
import { runSpf, type SpfCliOptions } from '../../src/cli/spf.js';
import type { SpfJsonReport } from '../../src/spf/index.js';
import { startDnsResponder, type DnsResponder } from './dns-responder.js';
import { rejectedBy, spfOracleTest } from '../oracles/spf.js';

const CRES = 'v=spf1 mx:res.cisco.com exists:%{i}.spf.res.cisco.com -all';
let dir = '';
let dns: DnsResponder;
const proposed: string[] = [];

const opts = (o: Partial<SpfCliOptions>): SpfCliOptions => ({ records: [], resolve: false, json: false, ...o });

async function run(o: Partial<SpfCliOptions>) {
  const io = recordingIo(dir);
  const code = await runSpf(opts(o), io);
  return { code, out: io.stdout, err: io.stderr };
}

async function runJson(o: Partial<SpfCliOptions>) {
  const r = await run({ ...o, json: true });
  const doc = JSON.parse(r.out) as SpfJsonReport;
  for (const rec of doc.records) if (rec.proposed !== null) proposed.push(rec.proposed);
  return { ...r, doc };
}

test.before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'esa-patch-spf-'));
  dns = await startDnsResponder({
    'res.cisco.com': [[CRES]],
    'good.example': [['v=spf1 ip4:192.0.2.0/24 ', 'include:inner.example -all']],
    'inner.example': [['v=spf1 a mx -all'], ['some-other=txt']],
    'loop-a.example': [['v=spf1 include:loop-b.example -all']],
    'loop-b.example': [['v=spf1 include:loop-a.example ~all']],
    'nodata.example': [],
    'fail.example': 'servfail',
    'slow.example': 'drop',
    'slow2.example': 'drop',
    'slow3.example': 'drop',
  });
});

test.after(async () => {
  await dns.close();
  await rm(dir, { recursive: true, force: true });
});

test('cli: one record, a change proposed: exit 2, the proposal and the counts', async () => {
  const r = await run({ records: ['v=spf1 mx:sampleorg1.com ip4:1.2.3.4 -all'] });
  assert.is(r.code, 2);
  assert.match(r.out, /argument 1: change proposed/);
  assert.match(r.out, /proposed: v=spf1 mx:sampleorg1\.com ip4:1\.2\.3\.4 include:res\.cisco\.com -all\n/);
  assert.match(r.out, /lookups: {2}1 -> 4 of 10\n/);
  assert.is(r.err, '');
  proposed.push('v=spf1 mx:sampleorg1.com ip4:1.2.3.4 include:res.cisco.com -all');
});

test('cli: already included: exit 0, nothing proposed', async () => {
  const r = await run({ records: ['v=spf1 mx ~Include:RES.CISCO.COM -all'] });
  assert.is(r.code, 0);
  assert.match(r.out, /already there: nothing to do/);
  assert.not.match(r.out, /proposed:/);
  assert.match(r.out, /warning spf-include-qualifier/);
});

test('cli: garbage: exit 1, where, what, what to do, and a caret under the term', async () => {
  const r = await run({ records: ['v=spf1 mx inclde:res.cisco.com -all'] });
  assert.is(r.code, 1);
  assert.match(r.out, /argument 1, column 11: error spf-syntax: unknown mechanism "inclde": did you mean "include"\?/);
  assert.ok(r.out.includes('    v=spf1 mx inclde:res.cisco.com -all\n              ^^^^^^^^^^^^^^^^^^^^\n'), r.out);
  const g = await run({ records: ['hello'] });
  assert.is(g.code, 1);
  assert.match(g.out, /error spf-syntax: not an SPF record/);
});

test('cli: several records: every one processed, the worst exit wins (1 over 3 over 2 over 0)', async () => {
  const ok = 'v=spf1 include:res.cisco.com -all';
  const change = 'v=spf1 a -all';
  const refused = 'v=spf1 a -all v=spf1 mx -all';
  assert.is((await run({ records: [ok, ok] })).code, 0);
  assert.is((await run({ records: [ok, change] })).code, 2);
  assert.is((await run({ records: [change, refused, ok] })).code, 3);
  const all = await runJson({ records: [change, 'garbage', refused, ok] });
  assert.is(all.code, 1);
  assert.is(all.doc.exitCode, 1);
  assert.equal(
    all.doc.records.map((x) => x.exitCode),
    [2, 1, 3, 0],
  );
  const text = await run({ records: [change, 'garbage', refused, ok] });
  assert.match(text.out, /4 records: 1 change\(s\) proposed, 1 already included, 1 refused, 1 invalid\n$/);
});

test('cli: --json: one document with the schema, per-record fields and the exit code', async () => {
  const { code, doc, err } = await runJson({ records: ['v=spf1 a ?all'] });
  assert.is(code, 2);
  assert.is(err, '');
  assert.is(doc.schema, 'esa-patch/spf@1');
  assert.is(doc.exitCode, 2);
  const rec = doc.records[0]!;
  assert.equal(rec.source, { kind: 'argument', index: 1 });
  assert.is(rec.domain, null);
  assert.is(rec.input, 'v=spf1 a ?all');
  assert.is(rec.proposed, 'v=spf1 a include:res.cisco.com ?all');
  assert.is(rec.alreadyIncluded, false);
  assert.equal(rec.lookups, { before: 1, after: 4, expanded: false, unexpanded: 0 });
  assert.equal(
    rec.findings.map((f) => [f.code, f.severity, f.column, f.where]),
    [['spf-permissive-all', 'warning', 10, 'argument 1, column 10']],
  );
  assert.is(rec.exitCode, 2);
  assert.equal(doc.errors, []);
});

test('cli: --domain-file: domain<TAB>record lines; errors at file:line:col; duplicates refused', async () => {
  await writeFile(
    join(dir, 'domains.tsv'),
    [
      '# domain\trecord',
      'example.com\tv=spf1 mx -all',
      '',
      'example.org\tv=spf1 include:res.cisco.com ~all',
      'example.net\tv=spf1 ip4:192.0.2.300 -all',
      'no tab here',
      'dup.example\tv=spf1 a -all',
      'DUP.example\tv=spf1 mx -all',
    ].join('\r\n'),
  );
  const r = await run({ domainFile: 'domains.tsv' });
  assert.is(r.code, 1);
  assert.match(r.err, /^domains\.tsv:6:1: error spf-domain-file: expected "domain<TAB>record" \(found spaces\)/m);
  assert.match(r.out, /^example\.com \(domains\.tsv:2\): change proposed$/m);
  assert.match(r.out, /^example\.org \(domains\.tsv:4\): include:res\.cisco\.com is already there/m);
  assert.match(r.out, /^ {2}domains\.tsv:5:24: error spf-syntax: "192\.0\.2\.300" is not an IPv4 address/m);
  assert.match(r.out, /^ {2}domains\.tsv:7:13: error spf-multiple-records: dup\.example is listed 2 times \(lines 7, 8\)/m);
  const j = await runJson({ domainFile: 'domains.tsv' });
  assert.equal(
    j.doc.records.map((x) => [x.domain, x.exitCode]),
    [
      ['example.com', 2],
      ['example.org', 0],
      ['example.net', 1],
      ['dup.example', 3],
      ['DUP.example', 3],
    ],
  );
  assert.equal(j.doc.records[0]!.source, { kind: 'file', file: 'domains.tsv', line: 2, column: 13 });
  assert.equal(
    j.doc.errors.map((e) => e.where),
    ['domains.tsv:6:1'],
  );
});

test('cli: unreadable domain file, no input, bad --dns-server: exit 1 with a clear message', async () => {
  const missing = await run({ domainFile: 'nope.tsv', records: ['v=spf1 -all'] });
  assert.is(missing.code, 1);
  assert.match(missing.err, /^nope\.tsv: error spf-file: cannot read the domain file \(ENOENT\): check the path/);
  assert.match(missing.out, /change proposed/, 'the other records are still processed');
  const none = await run({});
  assert.is(none.code, 1);
  assert.match(none.err, /error spf-option: no record given/);
  for (const bad of ['localhost:53', '127.0.0.1:99999', '1.2.3', '127.0.0.1:']) {
    const r = await run({ records: ['v=spf1 -all'], resolve: true, dnsServer: bad });
    assert.is(r.code, 1, bad);
    assert.match(r.err, /error spf-option: --dns-server/);
  }
  const empty = await writeFile(join(dir, 'empty.tsv'), '# nothing\n').then(() => run({ domainFile: 'empty.tsv' }));
  assert.is(empty.code, 1);
});

test('cli --resolve: includes expanded through the local responder', async () => {
  const before = dns.queries.length;
  const { code, doc } = await runJson({ records: ['v=spf1 include:good.example -all'], resolve: true, dnsServer: `127.0.0.1:${dns.port}` });
  assert.is(code, 2);
  assert.equal(doc.records[0]!.lookups, { before: 4, after: 7, expanded: true, unexpanded: 0, voidBefore: 0, voidAfter: 0 });
  assert.equal(dns.queries.slice(before).sort(), ['good.example', 'inner.example', 'res.cisco.com']);
  const text = await run({ records: ['v=spf1 include:good.example -all'], resolve: true, dnsServer: `127.0.0.1:${dns.port}` });
  assert.match(text.out, /lookups: {2}4 -> 7 of 10 \(expanded through DNS; void lookups 0 of 2\)/);
});

test('cli --resolve: the loop a -> b -> a is found (exit 3)', async () => {
  const { code, doc } = await runJson({
    records: ['v=spf1 include:loop-a.example -all'],
    resolve: true,
    dnsServer: `127.0.0.1:${dns.port}`,
  });
  assert.is(code, 3);
  const f = doc.records[0]!.findings.find((x) => x.code === 'spf-loop');
  assert.ok(f !== undefined);
  assert.match(f.message, /loop-a\.example -> loop-b\.example -> loop-a\.example/);
});

test('cli --resolve: a missing domain and the void-lookup limit', async () => {
  const server = `127.0.0.1:${dns.port}`;
  const one = await runJson({ records: ['v=spf1 include:missing.example -all'], resolve: true, dnsServer: server });
  assert.is(one.code, 3);
  assert.equal(
    one.doc.records[0]!.findings.map((f) => f.code),
    ['spf-missing-record'],
  );
  assert.is(one.doc.records[0]!.lookups?.voidBefore, 1);
  const three = await runJson({
    records: ['v=spf1 include:missing.example include:gone.example redirect=nodata.example'],
    resolve: true,
    dnsServer: server,
  });
  assert.is(three.doc.records[0]!.lookups?.voidBefore, 3);
  assert.ok(three.doc.records[0]!.findings.some((f) => f.code === 'spf-void-limit'));
  assert.is(three.code, 3);
});

test('cli --resolve: SERVFAIL and silence are exit 1 naming the server and the name; the time bound holds for the run', async () => {
  const server = `127.0.0.1:${dns.port}`;
  const t0 = Date.now();
  const r = await runJson({
    records: ['v=spf1 include:fail.example include:slow.example -all'],
    resolve: true,
    dnsServer: server,
    lookupTimeoutMs: 300,
  });
  assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`);
  assert.is(r.code, 1);
  const rec = r.doc.records[0]!;
  assert.equal(
    rec.findings.map((f) => f.code),
    ['spf-dns-error', 'spf-dns-error'],
  );
  assert.ok(rec.findings[0]!.message.includes(`fail.example at ${server}`));
  assert.ok(rec.findings[1]!.message.includes(`slow.example at ${server}`));
  assert.is(rec.proposed, null);
  assert.is(rec.lookups?.expanded, false);
  const text = await run({ records: ['v=spf1 include:fail.example -all'], resolve: true, dnsServer: server, lookupTimeoutMs: 300 });
  assert.is(text.code, 1);
  assert.match(text.out, /error: the DNS lookups could not be completed/);
  const t1 = Date.now();
  const b = await runJson({
    records: ['v=spf1 include:slow2.example -all', 'v=spf1 redirect=slow3.example'],
    resolve: true,
    dnsServer: server,
    lookupTimeoutMs: 5000,
    timeBoundMs: 250,
  });
  assert.ok(Date.now() - t1 < 3000, `time bound not honoured: ${Date.now() - t1} ms`);
  assert.is(b.code, 1);
  assert.ok(b.doc.records.every((x) => x.findings.some((f) => f.code === 'spf-resolve-bound' && /time bound/.test(f.message))));
});

test('cli: --dns-server without --resolve is a note, not an error', async () => {
  const r = await run({ records: ['v=spf1 -all'], dnsServer: '127.0.0.1:1' });
  assert.is(r.code, 2);
  assert.match(r.err, /only used with --resolve/);
});

spfOracleTest('cli: the SPF checkers (mailauth, Mail::SPF) accept every record the CLI tests proposed', async (checker) => {
  assert.ok(proposed.length >= 5);
  assert.equal(await rejectedBy(checker, proposed), [], checker.name);
});

test.run();
