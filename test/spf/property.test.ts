import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { parseSpfRecord, planSpf, splitTxtStrings } from '../../src/spf/index.js';
import { rejectedBy, spfOracleTest } from '../oracles/spf.js';

const mechanisms = [
  'a',
  'mx',
  'a:mail.example.com',
  'mx:example.org/24',
  'a/24//64',
  'ip4:192.0.2.0/24',
  'ip4:198.51.100.7',
  'ip6:2001:db8::/32',
  'ip6:::ffff:192.0.2.1',
  'include:_spf.example.net',
  'INCLUDE:Spf.Example.Org.',
  'exists:%{i}.spf.example.com',
  'exists:%{ir}.%{l1r-}._spf.%{d}',
  'ptr',
  'ptr:example.com',
  'all',
  'include:res.cisco.com',
  'Include:RES.cisco.com.',
];
const modifiers = ['redirect=_spf.example.com', 'exp=explain.%{d}', 'x-note=%{d}'];

const term = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom('', '+', '-', '~', '?'), fc.constantFrom(...mechanisms)).map(([q, m]) => q + m) },
  { weight: 1, arbitrary: fc.constantFrom(...modifiers) },
);
const record = fc
  .tuple(fc.constantFrom('v=spf1', 'V=SPF1'), fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), term), { maxLength: 12 }))
  .filter(([, ts]) => modifiers.every((m) => ts.filter(([, t]) => t === m).length <= 1))
  .map(([v, ts]) => v + ts.map(([n, t]) => ' '.repeat(n) + t).join(''));

const candidates: string[] = [];

test('property: valid records get a byte-preserving, idempotent proposal placed before all', () => {
  fc.assert(
    fc.property(record, (text) => {
      const parsed = parseSpfRecord(text);
      assert.ok(parsed.valid, text);
      const plan = planSpf(text);
      assert.ok([0, 2, 3].includes(plan.exitCode), `${text}: exit ${plan.exitCode}`);
      const has = parsed.terms.some(
        (t) => t.kind === 'directive' && t.mechanism === 'include' && /^res\.cisco\.com\.?$/i.test(t.domainSpec ?? ''),
      );
      assert.is(plan.alreadyIncluded, has);
      if (has) {
        assert.is(plan.candidate, null);
        return;
      }
      const c = plan.candidate!;
      const after = parseSpfRecord(c).terms;
      const at = after.findIndex((t) => t.text === 'include:res.cisco.com');
      assert.equal(
        [...after.slice(0, at), ...after.slice(at + 1)].map((t) => t.text),
        parsed.terms.map((t) => t.text),
      );
      const firstAll = after.findIndex((t) => t.kind === 'directive' && t.mechanism === 'all');
      if (firstAll >= 0) assert.is(firstAll, at + 1, 'right before the first all');
      else
        assert.ok(
          after.slice(at + 1).every((t) => t.kind === 'modifier'),
          'after the last mechanism',
        );
      const edits = [...Array(text.length + 1).keys()].flatMap((k) =>
        ['include:res.cisco.com ', ' include:res.cisco.com'].map((ins) => text.slice(0, k) + ins + text.slice(k)),
      );
      assert.ok(edits.includes(c), `nothing but the include and a space added: ${text} -> ${c}`);
      assert.is(planSpf(c).alreadyIncluded, true);
      candidates.push(c);
    }),
    { numRuns: 400, seed: 7208 },
  );
});

spfOracleTest('property: the SPF checkers (mailauth, Mail::SPF) accept every candidate of the property run', async (checker) => {
  assert.ok(candidates.length > 100);
  assert.equal(await rejectedBy(checker, candidates), [], checker.name);
});

test('property: any input at all: no exception, an exit code, columns inside the input', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string(),
        fc.string({ unit: 'binary' }),
        record.map((r) => r.replace(/ /g, () => ' ')),
        fc.tuple(record, fc.string({ maxLength: 8 }), fc.nat(60)).map(([r, s, n]) => r.slice(0, n) + s + r.slice(n)),
      ),
      (input) => {
        const plan = planSpf(input);
        assert.ok([0, 1, 2, 3].includes(plan.exitCode));
        for (const f of plan.findings) {
          if (f.column === undefined) continue;
          const line = input.split('\n')[(f.line ?? 1) - 1] ?? '';
          assert.ok(f.column >= 1 && f.column <= line.length + 1, `column ${f.column} in ${JSON.stringify(input)}`);
        }
        if (plan.exitCode === 1) assert.ok(plan.findings.some((f) => f.severity === 'error'));
      },
    ),
    { numRuns: 1000, seed: 4408 },
  );
});

test('property: TXT strings join back to the record and hold at most 255 characters', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 1200 }), fc.integer({ min: 1, max: 300 }), (s, max) => {
      const parts = splitTxtStrings(s, max);
      assert.is(parts.join(''), s);
      assert.ok(parts.every((p) => p.length <= max));
      assert.ok(parts.slice(0, -1).every((p) => p.length > 0));
    }),
    { numRuns: 300, seed: 1 },
  );
});

test.run();
