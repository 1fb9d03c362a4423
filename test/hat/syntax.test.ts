import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { parseHat, printHat, splitLines, tokenize } from '../../src/hat/syntax.js';
import { dedent } from '../dedent.js';
import { hat, hatLikeText } from './generators.js';

test('lines end as an XML parser sees them: CR LF, lone CR and LF', () => {
  const lines = splitLines('a\r\nb\rc\nd');
  assert.equal(
    lines.map((l) => [l.text, l.eol, l.offset]),
    [
      ['a', '\r\n', 0],
      ['b', '\r', 3],
      ['c', '\n', 5],
      ['d', '', 7],
    ],
  );
  assert.equal(splitLines('a\n').length, 1);
  assert.equal(splitLines('').length, 0);
  assert.equal(
    splitLines('\r\r').map((l) => l.eol),
    ['\r', '\r'],
  );
});

test('tokenizer: a quoted value keeps braces and escaped quotes inside', () => {
  const t = tokenize('ACCEPT { smtp_banner_text = "ESA {mx1} \\"q\\" ready" max_msgs_per_session = 100 }');
  const sig = t.filter((x) => x.kind !== 'space');
  assert.equal(
    sig.map((x) => x.kind),
    ['word', 'lbrace', 'word', 'equals', 'string', 'word', 'equals', 'word', 'rbrace'],
  );
  assert.is(sig[4]!.value, 'ESA {mx1} "q" ready');
  assert.is(t.map((x) => x.text).join(''), 'ACCEPT { smtp_banner_text = "ESA {mx1} \\"q\\" ready" max_msgs_per_session = 100 }');
});

test('tokenizer: comments nest and hold quotes; an unterminated string is marked', () => {
  const t = tokenize('$TRUSTED (a (b) "c)" d)').filter((x) => x.kind !== 'space');
  assert.equal(
    t.map((x) => x.kind),
    ['word', 'comment'],
  );
  assert.is(t[1]!.value, 'a (b) "c)" d');
  const lone = tokenize('REJECT (5" disk)').filter((x) => x.kind !== 'space');
  assert.equal(
    lone.map((x) => [x.kind, !!x.unterminated]),
    [
      ['word', false],
      ['comment', false],
    ],
  );
  const open = tokenize('a = "never closed').filter((x) => x.kind !== 'space');
  assert.is(open[2]!.kind, 'string');
  assert.is(open[2]!.unterminated, true);
});

test("lines are classified in every spelling of Cisco's listings", () => {
  const s = parseHat(dedent`
    # comment
    $TRUSTED
        ACCEPT {
            spam_check = "off"
            tls = "off" }
    $BLOCKED
        REJECT {}
    $CRES_TLS ACCEPT
    $Y
        ACCEPT
        {
            tls = "off"
        }

    WHITELIST: 1.2.3.4
        mail.partner.example, .partner.example
            $TRUSTED (My "trusted" senders)
    spamdomain.com
        REJECT (reject the domain "spamdomain.com")
    other.example $BLOCKED
    ALL
        $ACCEPTED
  `);
  assert.equal(
    s.lines.map((l) => l.kind),
    [
      'comment',
      'policy-head',
      'behaviour',
      'param',
      'param',
      'policy-head',
      'behaviour',
      'policy-head',
      'policy-head',
      'behaviour',
      'brace',
      'param',
      'brace',
      'blank',
      'group-head',
      'member',
      'policy-line',
      'inline-entry',
      'behaviour',
      'inline-entry',
      'all',
      'policy-line',
    ],
  );
});

test('offsets point into the text', () => {
  const text = 'A:\r\n    1.2.3.4\r    $X\nALL\n    $X';
  for (const l of parseHat(text).lines) {
    assert.is(text.slice(l.offset, l.offset + l.text.length), l.text);
    for (const t of l.tokens) assert.is(text.slice(t.offset, t.offset + t.text.length), t.text);
  }
});

test('parse → print is the identity on any text', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), hatLikeText), (t) => printHat(parseHat(t)) === t),
    { numRuns: 500 },
  );
});

test('parse → print is the identity on generated HATs', () => {
  fc.assert(
    fc.property(hat, (h) => printHat(parseHat(h.text)) === h.text),
    { numRuns: 300 },
  );
});

test.run();
