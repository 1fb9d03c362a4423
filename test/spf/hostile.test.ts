/**
 * `esa-patch spf` on hostile input (issue 13, items 5, 7, 8; issue 9, item 6): a DNS include
 * graph built to explode, DNS failures, oversized proposals, standard input, and terminal
 * escapes through a domain file.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordingIo } from '../../src/cli/io.js';
import { SPF_DOMAIN_FILE_MAX, runSpf, type SpfCliOptions } from '../../src/cli/spf.js';
import { TXT_RDATA_MAX, planSpf, type SpfJsonReport } from '../../src/spf/index.js';
import { startDnsResponder, type DnsAnswer, type DnsResponder } from './dns-responder.js';

const CRES = 'v=spf1 mx:res.cisco.com exists:%{i}.spf.res.cisco.com -all';
const CONTROLS = /[\x00-\x08\x0B-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]/;
let dir = '';
let dns: DnsResponder;

async function run(o: Partial<SpfCliOptions>) {
  const io = recordingIo(dir);
  const code = await runSpf({ records: [], resolve: false, json: false, ...o }, io);
  return { code, out: io.stdout, err: io.stderr };
}

async function runJson(o: Partial<SpfCliOptions>) {
  const r = await run({ ...o, json: true });
  return { ...r, doc: JSON.parse(r.out) as SpfJsonReport };
}

test.before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'esa-patch-spf-hostile-'));
  const zone: Record<string, DnsAnswer> = { 'res.cisco.com': [[CRES]], 'fail.example': 'servfail' };
  // 30 names, each including every later one: 2^29 paths through the graph. A TXT string
  // holds 255 characters, so the includes are split across strings.
  for (let i = 0; i < 30; i++) {
    const terms = ['v=spf1', ...Array.from({ length: 29 - i }, (_, k) => `include:h${i + 1 + k}.example`), '-all'];
    const strings: string[] = [];
    let cur = '';
    for (const t of terms) {
      const next = cur === '' ? t : `${cur} ${t}`;
      if (next.length > 250) {
        strings.push(`${cur} `);
        cur = t;
      } else cur = next;
    }
    strings.push(cur);
    zone[`h${i}.example`] = [strings];
  }
  dns = await startDnsResponder(zone);
});

test.after(async () => {
  await dns.close();
  await rm(dir, { recursive: true, force: true });
});

test('--resolve: the 30-name include graph is counted with one query per name, bounded memory, and refused (exit 3)', async () => {
  const before = dns.queries.length;
  const heap = process.memoryUsage().heapUsed;
  const t = Date.now();
  const r = await runJson({ records: ['v=spf1 include:h0.example -all'], resolve: true, dnsServer: `127.0.0.1:${dns.port}` });
  const grown = process.memoryUsage().heapUsed - heap;
  const queries = dns.queries.slice(before);
  assert.is(r.code, 3);
  assert.ok(r.doc.records[0]!.findings.some((f) => f.code === 'spf-lookup-limit'));
  assert.ok(queries.length <= 31, `${queries.length} queries`);
  assert.is(new Set(queries).size, queries.length, 'no name asked twice');
  assert.ok(grown < 64 * 1024 * 1024, `heap grew ${(grown / 1048576).toFixed(1)} MiB`);
  assert.ok(Date.now() - t < 10_000);
});

test('--resolve: --max-queries bounds the run (exit 1, spf-resolve-bound); a bad value is an option error', async () => {
  const before = dns.queries.length;
  const r = await runJson({
    records: ['v=spf1 include:h0.example -all'],
    resolve: true,
    dnsServer: `127.0.0.1:${dns.port}`,
    maxQueries: 5,
  });
  assert.ok(dns.queries.length - before <= 5);
  assert.is(r.code, 1);
  assert.ok(r.doc.records[0]!.findings.some((f) => f.code === 'spf-resolve-bound' && /--max-queries/.test(f.message)));
  for (const maxQueries of [0, -1, 1.5]) {
    const bad = await run({ records: ['v=spf1 -all'], resolve: true, maxQueries });
    assert.is(bad.code, 1);
    assert.match(bad.err, /spf-option: --max-queries/);
  }
});

test('--resolve: a DNS failure is exit 1, naming the server and the name; nothing proposed', async () => {
  const server = `127.0.0.1:${dns.port}`;
  const r = await run({ records: ['v=spf1 include:fail.example -all'], resolve: true, dnsServer: server });
  assert.is(r.code, 1);
  assert.ok(r.out.includes(`fail.example at ${server}`), r.out);
  assert.not.match(r.out, /^ {2}proposed:/m);
  const j = await runJson({ records: ['v=spf1 include:fail.example -all'], resolve: true, dnsServer: server });
  assert.equal(
    j.doc.records[0]!.findings.map((f) => [f.code, f.severity]),
    [['spf-dns-error', 'error']],
  );
  assert.is(j.doc.records[0]!.proposed, null);
});

test('a proposal over 65,535 bytes of TXT data is refused (exit 3, spf-txt-size); the same near the limit is not', () => {
  const ips = (n: number) => Array.from({ length: n }, (_, i) => `ip4:10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`).join(' ');
  const huge = `v=spf1 ${ips(7000)} -all`;
  assert.ok(huge.length > 100_000);
  const plan = planSpf(huge);
  assert.is(plan.exitCode, 3);
  assert.ok(plan.findings.some((f) => f.code === 'spf-txt-size' && f.severity === 'error'));
  assert.is(plan.proposed, null);
  const fits = planSpf(`v=spf1 ${ips(2000)} -all`);
  assert.ok(fits.txt!.reduce((n, s) => n + 1 + s.length, 0) < TXT_RDATA_MAX);
  assert.is(fits.exitCode, 2);
  assert.not.ok(fits.findings.some((f) => f.code === 'spf-txt-size'));
});

test('a DNS answer over 512 bytes (UDP without EDNS) is a warning, sized with the domain', () => {
  const record = `v=spf1 ${Array.from({ length: 26 }, (_, i) => `ip4:192.0.2.${i}`).join(' ')} -all`;
  assert.ok(record.length < 450);
  const short = planSpf(record, { domain: 'a.example' });
  assert.not.ok(short.findings.some((f) => f.code === 'spf-record-size'));
  const long = planSpf(`v=spf1 ${Array.from({ length: 34 }, (_, i) => `ip4:192.0.2.${i}`).join(' ')} -all`, { domain: 'a.example' });
  const f = long.findings.find((x) => x.code === 'spf-record-size');
  assert.ok(f !== undefined && f.severity === 'warning');
  assert.match(f.message, /\b512\b/);
  assert.is(long.exitCode, 2);
});

test('a domain file over the size bound is refused, not read whole', async () => {
  await writeFile(join(dir, 'big.tsv'), Buffer.alloc(SPF_DOMAIN_FILE_MAX + 1, 0x23));
  const r = await runJson({ domainFile: 'big.tsv' });
  assert.is(r.code, 1);
  assert.equal(
    r.doc.errors.map((e) => e.code),
    ['spf-file'],
  );
  await rm(join(dir, 'big.tsv'));
});

test('- reads the record from standard input, once', async () => {
  const r = await runJson({ records: ['-'], readStdin: async () => '"v=spf1 mx " "-all"\n' });
  assert.is(r.code, 2);
  assert.equal(r.doc.records[0]!.source, { kind: 'stdin' });
  assert.is(r.doc.records[0]!.proposed, 'v=spf1 mx include:res.cisco.com -all');
  const text = await run({ records: ['-'], readStdin: async () => 'v=spf1 ip4:1.2.3.999 -all' });
  assert.is(text.code, 1);
  assert.match(text.out, /^stdin: error/m);
  assert.match(text.out, /stdin, column \d+: error spf-syntax/);
  const twice = await run({ records: ['-', '-'], readStdin: async () => 'v=spf1 -all' });
  assert.is(twice.code, 1);
  assert.match(twice.err, /spf-option/);
  const broken = await run({
    records: ['-'],
    readStdin: async () => {
      throw new Error('EIO');
    },
  });
  assert.is(broken.code, 1);
});

test('esa-patch spf - reads the record piped to standard input (through the command line)', () => {
  const here = dirname(fileURLToPath(import.meta.url));
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'run-main.ts'), 'spf', '-'], {
    cwd: join(here, '..', '..'),
    input: 'v=spf1 mx ip4:192.0.2.1 -all\n',
    encoding: 'utf8',
  });
  assert.is(r.status, 2, r.stderr);
  assert.match(r.stdout, /^stdin: change proposed$/m);
  assert.match(r.stdout, /proposed: v=spf1 mx ip4:192\.0\.2\.1 include:res\.cisco\.com -all/);
});

test('terminal escapes through --domain-file (domain, record, file name) and an argument never reach the terminal; JSON is valid UTF-8', async () => {
  const hostile = ['\x1b]0;owned\x07', '\x1b]52;c;ZXZpbA==\x07', '\x1b[2J', '\u202e', '\u011b\u0107', '\r\x9b'];
  const lines = ['ok.example\tv=spf1 mx -all'];
  for (const [i, h] of hostile.entries()) {
    lines.push(`bad${i}${h}.example\tv=spf1 mx -all`);
    lines.push(`r${i}.example\tv=spf1 mx ${h} -all`);
  }
  await writeFile(join(dir, 'evil.tsv'), lines.join('\n'), 'utf8');
  const t = await run({ domainFile: 'evil.tsv', records: [`v=spf1 ${hostile.join('')} -all`] });
  assert.not.match(t.out, CONTROLS);
  assert.not.match(t.err, CONTROLS);
  assert.ok(/^[\x00-\x7f]*$/.test(t.out + t.err), 'text output is ASCII, whatever writer emits it');
  assert.match(t.out + t.err, /\\x1b/);
  const j = await runJson({ domainFile: 'evil.tsv' });
  assert.ok(/^[\x00-\x7f]*$/.test(j.out), 'JSON is ASCII, so valid UTF-8');
  assert.ok(j.doc.records.length + j.doc.errors.length > 0);
  const named = await run({ domainFile: `missing\x1b]0;x\x07\u202e.tsv` });
  assert.is(named.code, 1);
  assert.not.match(named.err, CONTROLS);
  assert.match(named.err, /missing\\x1b\]0;x\\x07\\u202e\.tsv/);
});

test.run();
