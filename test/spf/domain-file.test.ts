import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { duplicateDomainFindings, formatTxtStrings, parseDomainFile, splitTxtStrings } from '../../src/spf/index.js';
import { worstExitCode } from '../../src/cli/exit-codes.js';

test('domain file: entries, comments, blank lines, CRLF, BOM', () => {
  const f = parseDomainFile('\uFEFF# fleet\r\nexample.com\tv=spf1 mx -all\r\n\r\n  # indented comment\nexample.org\t"v=spf1 " "a -all"\n');
  assert.equal(f.problems, []);
  assert.equal(f.entries, [
    { domain: 'example.com', record: 'v=spf1 mx -all', line: 2, column: 13 },
    { domain: 'example.org', record: '"v=spf1 " "a -all"', line: 5, column: 13 },
  ]);
});

test('domain file: malformed lines are problems with line and column, other lines still read', () => {
  const f = parseDomainFile(
    'example.com v=spf1 -all\n\tv=spf1 -all\nexa mple.com\tv=spf1 -all\nexample.net\t  \nok.example\tv=spf1 -all\n',
  );
  assert.equal(
    f.problems.map((p) => [p.code, p.line, p.column]),
    [
      ['spf-domain-file', 1, 1],
      ['spf-domain-file', 2, 1],
      ['spf-domain-file', 3, 1],
      ['spf-domain-file', 4, 13],
    ],
  );
  assert.match(f.problems[0]!.message, /found spaces/);
  assert.equal(
    f.entries.map((e) => e.domain),
    ['ok.example'],
  );
});

test('domain file: a domain listed twice (any case, final dot) gets spf-multiple-records on each line', () => {
  const f = parseDomainFile('a.example\tv=spf1 -all\nb.example\tv=spf1 -all\nA.Example.\tv=spf1 mx -all\n');
  const d = duplicateDomainFindings(f.entries);
  assert.equal([...d.keys()], [0, 2]);
  assert.is(d.get(0)?.code, 'spf-multiple-records');
  assert.match(d.get(2)!.message, /lines 1, 3/);
});

test('txt: short records are one string; long ones split after a space; quotes and backslashes escaped', () => {
  assert.equal(splitTxtStrings('v=spf1 -all'), ['v=spf1 -all']);
  const long = `v=spf1 ${'ip4:192.0.2.1 '.repeat(30)}-all`;
  const parts = splitTxtStrings(long);
  assert.ok(parts.every((p) => p.length <= 255) && parts.join('') === long);
  assert.ok(parts[0]!.endsWith(' '));
  assert.equal(
    splitTxtStrings('x'.repeat(300)).map((p) => p.length),
    [255, 45],
  );
  assert.is(formatTxtStrings(['a"b', 'c\\d']), '"a\\"b" "c\\\\d"');
});

test('exit codes (the shared ones): the worst wins, 1 over 3 over 2 over 0', () => {
  assert.is(worstExitCode([]), 0);
  assert.is(worstExitCode([0, 2, 0]), 2);
  assert.is(worstExitCode([2, 3, 0]), 3);
  assert.is(worstExitCode([3, 1, 2]), 1);
  assert.is(worstExitCode([1, 3]), 1);
});

test.run();
