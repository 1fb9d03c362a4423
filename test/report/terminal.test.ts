import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { asciiForTerminal, asciiJson, decodeForTerminal, safeForTerminal, terminalBytes, utf8Bytes } from '../../src/report/terminal.js';

const CONTROLS = /[\x00-\x08\x0B-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]/;

test('safeForTerminal: escape sequences, OSC 52, clear screen and bidi overrides become visible escapes', () => {
  assert.is(safeForTerminal('a\x1b]0;owned\x07b'), 'a\\x1b]0;owned\\x07b');
  assert.is(safeForTerminal('\x1b]52;c;ZXZpbA==\x07'), '\\x1b]52;c;ZXZpbA==\\x07');
  assert.is(safeForTerminal('\x1b[2J\x1b[H'), '\\x1b[2J\\x1b[H');
  assert.is(safeForTerminal('gw\u202eexe.txt'), 'gw\\u202eexe.txt');
  assert.is(safeForTerminal('\u2066x\u2069'), '\\u2066x\\u2069');
  assert.is(safeForTerminal('a\rb'), 'a\\x0db', 'a carriage return cannot forge a line');
  assert.is(safeForTerminal('\x7f\x85\x9b'), '\\x7f\\x85\\x9b', 'DEL and C1 (NEL, CSI)');
  assert.is(safeForTerminal('tab\there\nnext line é ü € 漢'), 'tab\there\nnext line é ü € 漢', 'tab, newline and printable text kept');
});

test('decodeForTerminal: ISO-8859-1 bytes are their characters; C1 bytes are escaped, not decoded as windows-1252', () => {
  assert.is(decodeForTerminal('Eingang_S\xFCd', 'ISO-8859-1'), 'Eingang_Süd');
  assert.is(decodeForTerminal('x\x9by', 'iso-8859-1'), 'x\\x9by');
});

test('decodeForTerminal: UTF-8 bytes decode; a missing declaration means UTF-8; invalid bytes are U+FFFD', () => {
  assert.is(decodeForTerminal('S\xC3\xBCd', 'UTF-8'), 'Süd');
  assert.is(decodeForTerminal('S\xC3\xBCd', null), 'Süd');
  assert.is(decodeForTerminal('\xFF', 'utf-8'), '\uFFFD');
  // An encoded C1 (U+009B, CSI) and an encoded RLO are escaped after decoding.
  assert.is(decodeForTerminal('\xC2\x9b\xE2\x80\xAE', 'UTF-8'), '\\x9b\\u202e');
});

test('decodeForTerminal: characters above U+00FF (decoded references) are kept, never cut to a byte', () => {
  // &#x11B; cut to a byte was ESC, &#x107; BEL: the attack of issue 13.
  assert.is(decodeForTerminal('host\u011B\u0107', 'ISO-8859-1'), 'host\u011B\u0107');
  assert.is(decodeForTerminal('a\u202Eb', 'ISO-8859-1'), 'a\\u202eb');
});

test('decodeForTerminal: ISO-8859-2 and unknown encodings', () => {
  assert.is(decodeForTerminal('\xB1\xEA\xB3\xBF', 'ISO-8859-2'), 'ąęłż');
  assert.is(decodeForTerminal('a\xE9', 'x-no-such-encoding'), 'a\\xe9');
  assert.is(decodeForTerminal('a\xE9', 'US-ASCII'), 'a\\xe9');
});

test('every field an export or artefact can carry reaches the terminal without a control character', () => {
  const hostile = ['\x1b]0;title\x07', '\x1b]52;c;AAAA\x07', '\x1b[2J', 'a\rforged', '\u202e', '\u2067', '\x9b31m', '\u011b\u0107'];
  const fields = ['hostname', 'listener name', 'HAT member', 'file name', 'artefact hostname', 'spf --domain-file'];
  for (const field of fields) {
    for (const h of hostile) {
      for (const enc of ['ISO-8859-1', 'UTF-8', null, 'ISO-8859-2']) {
        // In ISO-8859-1 the text is its own bytes, with characters above U+00FF as decoded references.
        const text = `${field}: ${h}`;
        const bytes = enc === 'ISO-8859-1' ? text : Buffer.from(text, 'utf8').toString('latin1');
        const shown = decodeForTerminal(bytes, enc);
        assert.not.match(shown, CONTROLS, `${field} ${JSON.stringify(h)} in ${enc}`);
      }
      assert.not.match(safeForTerminal(h), CONTROLS);
    }
  }
});

test('terminalBytes and utf8Bytes: UTF-8 bytes for a latin1 writer, valid UTF-8 for any string', () => {
  assert.is(terminalBytes('é\x1b'), '\xC3\xA9\\x1b');
  const s = utf8Bytes('{"a":"\u011b \uD83D\uDE00"}');
  assert.ok(Buffer.from(s, 'latin1').toString('utf8') === '{"a":"\u011b \uD83D\uDE00"}');
  // A lone surrogate is replaced, so the output stays valid UTF-8.
  const lone = Buffer.from(utf8Bytes('\uD800'), 'latin1');
  assert.ok(new TextDecoder('utf-8', { fatal: true }).decode(lone) === '\uFFFD');
});

test('asciiForTerminal and asciiJson: the same through a latin1 or a UTF-8 writer', () => {
  assert.is(asciiForTerminal('d\u011b\x1b\u202e'), 'd\\u011b\\x1b\\u202e');
  const value = { domain: 'x\u011b\u0107\uD800', text: 'caf\u00e9' };
  const json = asciiJson(JSON.stringify(value));
  assert.ok(/^[\x00-\x7f]*$/.test(json));
  assert.equal(JSON.parse(json), value);
});

test.run();
