import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseSpfRecord, planSpf, type SpfCode, type SpfPlan } from '../../src/spf/index.js';
import { rejectedBy, spfOracleTest } from '../oracles/spf.js';

interface Row {
  name: string;
  input: string;
  exit: 0 | 1 | 2 | 3;
  /** The proposed record (exit 2), or null. */
  proposed?: string | null;
  /** The would-be record when refused (exit 3). */
  candidate?: string;
  already?: boolean;
  lookups?: [before: number, after: number] | null;
  /** Codes that must be among the findings. */
  codes?: SpfCode[];
  /** Codes that must not be. */
  not?: SpfCode[];
  /** 1-based column of the first finding with the first code in `codes`. */
  column?: number;
}

const R = 'include:res.cisco.com';
const longIps = Array.from({ length: 20 }, (_, i) => `ip4:198.51.100.${i * 10}/31`).join(' ');

const rows: Row[] = [
  // no include yet
  {
    name: 'tech note example',
    input: 'v=spf1 mx:sampleorg1.com ip4:1.2.3.4 -all',
    exit: 2,
    proposed: `v=spf1 mx:sampleorg1.com ip4:1.2.3.4 ${R} -all`,
    already: false,
    lookups: [1, 4],
    codes: [],
  },
  {
    name: 'no all: appended after the last mechanism',
    input: 'v=spf1 ip4:192.0.2.1',
    exit: 2,
    proposed: `v=spf1 ip4:192.0.2.1 ${R}`,
    lookups: [0, 3],
    codes: ['spf-no-all'],
  },
  { name: 'version only', input: 'v=spf1', exit: 2, proposed: `v=spf1 ${R}`, lookups: [0, 3], codes: ['spf-no-all'] },
  {
    name: 'spacing and case kept',
    input: 'V=SPF1  MX   IP4:192.0.2.1  -ALL ',
    exit: 2,
    proposed: `V=SPF1  MX   IP4:192.0.2.1  ${R} -ALL`,
    lookups: [1, 4],
  },
  { name: 'blanks around the input ignored', input: '  v=spf1 mx -all \t', exit: 2, proposed: `v=spf1 mx ${R} -all`, lookups: [1, 4] },
  {
    name: 'other includes kept in order',
    input: 'v=spf1 include:_spf.google.com include:spf.protection.outlook.com ~all',
    exit: 2,
    proposed: `v=spf1 include:_spf.google.com include:spf.protection.outlook.com ${R} ~all`,
    lookups: [2, 5],
  },
  {
    name: 'a look-alike is not the include',
    input: 'v=spf1 include:res.cisco.com.evil.example include:xres.cisco.com -all',
    exit: 2,
    proposed: `v=spf1 include:res.cisco.com.evil.example include:xres.cisco.com ${R} -all`,
    already: false,
  },
  {
    name: 'include= is a typo, not the include',
    input: 'v=spf1 include=res.cisco.com -all',
    exit: 2,
    proposed: `v=spf1 include=res.cisco.com ${R} -all`,
    codes: ['spf-unknown-modifier'],
  },

  // already included: any qualifier, any case, final dot
  {
    name: 'already included',
    input: `v=spf1 mx ${R} -all`,
    exit: 0,
    proposed: null,
    already: true,
    lookups: [4, 4],
    not: ['spf-include-qualifier'],
  },
  {
    name: 'already included, +qualifier and upper case',
    input: 'v=spf1 +INCLUDE:Res.Cisco.COM ~all',
    exit: 0,
    proposed: null,
    already: true,
  },
  { name: 'already included, final dot', input: 'v=spf1 include:res.cisco.com. -all', exit: 0, already: true },
  {
    name: 'already included, ?qualifier',
    input: 'v=spf1 ?include:res.cisco.com -all',
    exit: 0,
    already: true,
    codes: ['spf-include-qualifier'],
    column: 8,
  },
  {
    name: 'already included, ~qualifier',
    input: 'v=spf1 ~Include:RES.cisco.com -all',
    exit: 0,
    already: true,
    codes: ['spf-include-qualifier'],
  },
  {
    name: 'already included, -qualifier',
    input: 'v=spf1 -include:res.cisco.com ~all',
    exit: 0,
    already: true,
    codes: ['spf-include-qualifier'],
  },
  { name: 'already included after all', input: 'v=spf1 -all include:res.cisco.com', exit: 0, already: true, codes: ['spf-after-all'] },

  // redirect= instead of all
  {
    name: 'redirect: inserted before it',
    input: 'v=spf1 ip4:192.0.2.0/24 redirect=_spf.example.com',
    exit: 2,
    proposed: `v=spf1 ip4:192.0.2.0/24 ${R} redirect=_spf.example.com`,
    lookups: [1, 4],
    not: ['spf-no-all'],
  },
  {
    name: 'redirect alone',
    input: 'v=spf1 redirect=_spf.example.com',
    exit: 2,
    proposed: `v=spf1 ${R} redirect=_spf.example.com`,
    lookups: [1, 4],
  },
  {
    name: 'redirect and exp after the mechanisms',
    input: 'v=spf1 mx redirect=_spf.example.com exp=explain._spf.%{d}',
    exit: 2,
    proposed: `v=spf1 mx ${R} redirect=_spf.example.com exp=explain._spf.%{d}`,
    lookups: [2, 5],
  },
  {
    name: 'redirect with all: ignored, insert before all',
    input: 'v=spf1 mx -all redirect=_spf.example.com',
    exit: 2,
    proposed: `v=spf1 mx ${R} -all redirect=_spf.example.com`,
    lookups: [1, 4],
    codes: ['spf-redirect-ignored'],
  },

  // the all mechanism and its qualifiers
  { name: '-all', input: 'v=spf1 a -all', exit: 2, proposed: `v=spf1 a ${R} -all`, not: ['spf-permissive-all'] },
  { name: '~all', input: 'v=spf1 a mx ~all', exit: 2, proposed: `v=spf1 a mx ${R} ~all`, not: ['spf-permissive-all'] },
  { name: '?all', input: 'v=spf1 a ?all', exit: 2, proposed: `v=spf1 a ${R} ?all`, codes: ['spf-permissive-all'], column: 10 },
  { name: '+all', input: 'v=spf1 a +all', exit: 2, proposed: `v=spf1 a ${R} +all`, codes: ['spf-permissive-all'] },
  { name: 'bare all is +all', input: 'v=spf1 a all', exit: 2, proposed: `v=spf1 a ${R} all`, codes: ['spf-permissive-all'] },
  {
    name: 'all first: terms after it are dead, insert before it',
    input: 'v=spf1 -all ip4:192.0.2.1 mx',
    exit: 2,
    proposed: `v=spf1 ${R} -all ip4:192.0.2.1 mx`,
    lookups: [0, 3],
    codes: ['spf-after-all'],
    column: 13,
  },
  {
    name: 'ptr flagged',
    input: 'v=spf1 ptr:example.com -all',
    exit: 2,
    proposed: `v=spf1 ptr:example.com ${R} -all`,
    codes: ['spf-ptr'],
    column: 8,
  },
  { name: 'ptr macro flagged', input: 'v=spf1 exists:%{p}.x.example.com -all', exit: 2, codes: ['spf-ptr'] },

  // the 10-lookup limit
  {
    name: 'exactly 10 after: fine',
    input: 'v=spf1 include:a.example.com include:b.example.com include:c.example.com a mx exists:%{i}.x.example.com ptr -all',
    exit: 2,
    lookups: [7, 10],
    codes: ['spf-ptr'],
    not: ['spf-lookup-limit'],
  },
  {
    name: 'limit crossed by the addition: refused',
    input:
      'v=spf1 include:a.example.com include:b.example.com include:c.example.com include:d.example.com a mx exists:%{i}.x.example.com mx:mail.example.com -all',
    exit: 3,
    proposed: null,
    candidate: `v=spf1 include:a.example.com include:b.example.com include:c.example.com include:d.example.com a mx exists:%{i}.x.example.com mx:mail.example.com ${R} -all`,
    lookups: [8, 11],
    codes: ['spf-lookup-limit', 'spf-flatten-warning'],
  },
  {
    name: 'limit already exceeded',
    input: `v=spf1 ${Array.from({ length: 11 }, (_, i) => `a:h${i}.example.com`).join(' ')} -all`,
    exit: 3,
    proposed: null,
    lookups: [11, 14],
    codes: ['spf-lookup-limit'],
  },
  {
    name: 'dead terms after all do not count',
    input: `v=spf1 mx -all ${Array.from({ length: 11 }, (_, i) => `a:h${i}.example.com`).join(' ')}`,
    exit: 2,
    lookups: [1, 4],
    codes: ['spf-after-all'],
    not: ['spf-lookup-limit'],
  },

  // several records in one input
  {
    name: 'two records run together',
    input: 'v=spf1 a -all v=spf1 mx -all',
    exit: 3,
    proposed: null,
    lookups: null,
    codes: ['spf-multiple-records'],
    column: 15,
  },
  {
    name: 'two TXT strings that are two records',
    input: '"v=spf1 a -all" "v=spf1 mx -all"',
    exit: 3,
    codes: ['spf-multiple-records'],
    column: 18,
  },
  { name: 'dig output with two SPF records', input: '"v=spf1 a -all"\n"v=spf1 mx ~all"', exit: 3, codes: ['spf-multiple-records'] },
  {
    name: 'dig output with one SPF record among others',
    input: '"google-site-verification=abc"\n"v=spf1 mx " "-all"',
    exit: 2,
    proposed: `v=spf1 mx ${R} -all`,
    codes: ['spf-ignored-txt'],
  },
  {
    name: 'quoted TXT strings are joined',
    input: '"v=spf1 ip4:192.0.2.0/24 " "mx -all"',
    exit: 2,
    proposed: `v=spf1 ip4:192.0.2.0/24 mx ${R} -all`,
  },

  // macros
  {
    name: 'macro record',
    input: 'v=spf1 exists:%{ir}.%{l1r+-}._spf.%{d} include:%{d2}._spf.example.com a:%{o}/24 -all',
    exit: 2,
    proposed: `v=spf1 exists:%{ir}.%{l1r+-}._spf.%{d} include:%{d2}._spf.example.com a:%{o}/24 ${R} -all`,
    lookups: [3, 6],
  },
  { name: 'macro literals %%, %_, %-', input: 'v=spf1 exists:%%%_%-.%{i}.example.com -all', exit: 2 },
  { name: 'explanation-only macro letter warned', input: 'v=spf1 exists:%{c}.example.com -all', exit: 2, codes: ['spf-macro'], column: 15 },
  {
    name: 'unknown macro letter',
    input: 'v=spf1 exists:%{x}.example.com -all',
    exit: 1,
    proposed: null,
    lookups: null,
    codes: ['spf-syntax'],
    column: 15,
  },
  { name: 'unclosed macro', input: 'v=spf1 exists:%{d -all', exit: 1, codes: ['spf-syntax'], column: 15 },
  { name: 'lone percent sign', input: 'v=spf1 a:100%.example.com -all', exit: 1, codes: ['spf-syntax'], column: 13 },

  // long records
  { name: 'over 255 characters after the addition', input: `v=spf1 ${longIps} -all`, exit: 2, codes: ['spf-too-long'] },
  {
    name: 'long record pasted as TXT strings',
    input: `"v=spf1 ${longIps.slice(0, 200)}" "${longIps.slice(200)} -all"`,
    exit: 2,
    codes: ['spf-too-long'],
  },

  // garbage and syntax errors: clear error, exit 1
  { name: 'garbage', input: 'hello world', exit: 1, proposed: null, lookups: null, codes: ['spf-syntax'], column: 1 },
  { name: 'empty', input: '', exit: 1, codes: ['spf-syntax'] },
  { name: 'blank', input: '   ', exit: 1, codes: ['spf-syntax'] },
  { name: 'html', input: '<html><body>404</body></html>', exit: 1, codes: ['spf-syntax'], column: 1 },
  { name: 'Sender ID', input: 'v=spf2.0/pra ip4:192.0.2.1 -all', exit: 1, codes: ['spf-syntax'], column: 1 },
  { name: 'version glued to a term', input: 'v=spf1-all', exit: 1, codes: ['spf-syntax'] },
  { name: 'unknown mechanism', input: 'v=spf1 mx foo -all', exit: 1, codes: ['spf-syntax'], column: 11 },
  { name: 'redirect written with a colon', input: 'v=spf1 redirect:_spf.example.com', exit: 1, codes: ['spf-syntax'], column: 8 },
  { name: 'include without domain', input: 'v=spf1 include -all', exit: 1, codes: ['spf-syntax'], column: 8 },
  { name: 'include of a single label', input: 'v=spf1 include:localhost -all', exit: 1, codes: ['spf-syntax'], column: 16 },
  { name: 'numeric top label', input: 'v=spf1 a:foo.123 -all', exit: 1, codes: ['spf-syntax'] },
  { name: 'empty label', input: 'v=spf1 a:foo..example.com -all', exit: 1, codes: ['spf-syntax'] },
  { name: 'bad IPv4', input: 'v=spf1 ip4:192.0.2.256 -all', exit: 1, codes: ['spf-syntax'], column: 12 },
  { name: 'IPv4 with leading zero', input: 'v=spf1 ip4:192.0.2.01 -all', exit: 1, codes: ['spf-syntax'] },
  { name: 'IPv4 prefix too long', input: 'v=spf1 ip4:192.0.2.0/33 -all', exit: 1, codes: ['spf-syntax'], column: 21 },
  { name: 'bad IPv6', input: 'v=spf1 ip6:2001:db8:::1 -all', exit: 1, codes: ['spf-syntax'] },
  { name: 'IPv6 prefix too long', input: 'v=spf1 ip6:2001:db8::/129 -all', exit: 1, codes: ['spf-syntax'] },
  { name: 'a with bad dual cidr', input: 'v=spf1 a/24//129 -all', exit: 1, codes: ['spf-syntax'] },
  { name: 'all with an argument', input: 'v=spf1 all:example.com', exit: 1, codes: ['spf-syntax'] },
  { name: 'qualifier alone', input: 'v=spf1 mx -', exit: 1, codes: ['spf-syntax'], column: 11 },
  { name: 'two redirects', input: 'v=spf1 redirect=a.example.com redirect=b.example.com', exit: 1, codes: ['spf-syntax'], column: 31 },
  { name: 'tab between terms', input: 'v=spf1 mx\t-all', exit: 1, codes: ['spf-syntax'], column: 10 },
  { name: 'non-ASCII', input: 'v=spf1 a:exämple.com -all', exit: 1, codes: ['spf-syntax'], column: 12 },
  { name: 'unterminated quote', input: '"v=spf1 mx -all', exit: 1, codes: ['spf-syntax'], column: 1 },
  { name: 'several unquoted lines', input: 'v=spf1 mx\n-all', exit: 1, codes: ['spf-syntax'] },
];

const proposedOrCandidates: string[] = [];

for (const row of rows) {
  test(`plan: ${row.name}`, () => {
    const plan = planSpf(row.input);
    const codes = plan.findings.map((f) => f.code);
    assert.is(plan.exitCode, row.exit, `exit code; findings: ${JSON.stringify(plan.findings)}`);
    if (row.proposed !== undefined) assert.is(plan.proposed, row.proposed);
    if (row.exit !== 2) assert.is(plan.proposed, null, 'nothing is proposed unless exit 2');
    if (row.candidate !== undefined) assert.is(plan.candidate, row.candidate);
    if (row.already !== undefined) assert.is(plan.alreadyIncluded, row.already);
    if (row.lookups === null) assert.is(plan.lookups, null);
    else if (row.lookups !== undefined) {
      assert.is(plan.lookups?.before, row.lookups[0], 'lookups before');
      assert.is(plan.lookups?.after, row.lookups[1], 'lookups after');
      assert.is(plan.lookups?.expanded, false);
    }
    for (const c of row.codes ?? []) assert.ok(codes.includes(c), `expected ${c} in ${codes.join(', ')}`);
    if (row.codes?.length === 0) assert.equal(codes, [], 'no finding');
    for (const c of row.not ?? []) assert.not.ok(codes.includes(c), `unexpected ${c}: ${JSON.stringify(plan.findings)}`);
    if (row.column !== undefined) {
      assert.is(plan.findings.find((f) => f.code === row.codes![0])?.column, row.column, 'column');
    }
    if (row.exit === 1)
      assert.ok(
        plan.findings.some((f) => f.severity === 'error' && f.message.includes(':')),
        'an error says what to do',
      );
    checkLaws(plan);
    if (plan.candidate !== null) proposedOrCandidates.push(plan.candidate);
  });
}

/** Laws every plan obeys, whatever the row. */
function checkLaws(plan: SpfPlan): void {
  if (plan.candidate === null || plan.record === null) return;
  const before = parseSpfRecord(plan.record).terms.map((t) => t.text);
  const after = parseSpfRecord(plan.candidate).terms.map((t) => t.text);
  const at = after.findIndex((t) => t === 'include:res.cisco.com');
  assert.ok(at >= 0, 'the include is in the candidate');
  assert.equal([...after.slice(0, at), ...after.slice(at + 1)], before, 'every other term kept, in order');
  assert.is(plan.candidate.length, plan.record.length + 'include:res.cisco.com '.length, 'only the include and one space added');
  const again = planSpf(plan.candidate);
  assert.is(again.alreadyIncluded, true, 'planning the candidate again finds the include');
  assert.is(again.proposed, null, 'and proposes nothing');
  if (plan.exitCode === 2) assert.is(again.exitCode, 0, 'idempotent');
  assert.ok(plan.txt !== null && plan.txt.every((s) => s.length <= 255), 'TXT strings of at most 255');
  assert.is(plan.txt!.join(''), plan.proposed ?? plan.candidate, 'the TXT strings join to the record');
}

test('plan: a record over 255 characters is split into TXT strings on term boundaries', () => {
  const plan = planSpf(`v=spf1 ${longIps} -all`);
  assert.ok(plan.proposed !== null && plan.proposed.length > 255);
  assert.is(plan.txt?.length, 2);
  assert.ok(plan.txt![0]!.endsWith(' '), 'the first string ends after a term');
  assert.ok(plan.findings.some((f) => f.code === 'spf-too-long'));
});

test('plan: the lookup limit crossed without --resolve says "at least"', () => {
  const plan = planSpf(rows.find((r) => r.name.startsWith('limit crossed'))!.input);
  assert.match(plan.findings.find((f) => f.code === 'spf-lookup-limit')!.message, /at least 11/);
  assert.is(plan.lookups?.unexpanded, 4);
});

test('plan: the domain is carried, extra findings count for the exit code', () => {
  const plan = planSpf('v=spf1 mx -all', {
    domain: 'example.com',
    extraFindings: [{ code: 'spf-multiple-records', severity: 'error', message: 'listed twice' }],
  });
  assert.is(plan.domain, 'example.com');
  assert.is(plan.exitCode, 3);
  assert.is(plan.proposed, null);
});

spfOracleTest('plan: the SPF checkers (mailauth, Mail::SPF) accept every proposed and candidate record of the table', async (checker) => {
  assert.ok(proposedOrCandidates.length >= 25, `only ${proposedOrCandidates.length} records`);
  assert.equal(await rejectedBy(checker, proposedOrCandidates), [], checker.name);
});

spfOracleTest('plan: the SPF checkers also reject the records we reject as malformed (but for our stricter checks)', async (checker) => {
  const stricter = new Set(['empty label', 'unknown macro letter']);
  const invalid = rows.filter(
    (r) => r.exit === 1 && !stricter.has(r.name) && !/^\s*$/.test(r.input) && !r.input.startsWith('"') && !r.input.includes('\n'),
  );
  const rejected = new Set(
    (
      await rejectedBy(
        checker,
        invalid.map((r) => r.input),
      )
    ).map((x) => x.record),
  );
  const accepted = invalid.filter((r) => !rejected.has(r.input));
  assert.equal(
    accepted.map((r) => r.name),
    [],
    `${checker.name} accepted records we call malformed`,
  );
});

test.run();
