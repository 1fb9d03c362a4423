import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { covers, overlaps, parseSender } from '../src/net/sender.js';

const kinds: [string, string][] = [
  ['208.90.57.0/26', 'ip'],
  ['208.90.57.10', 'ip'],
  ['208.90.57.', 'ip'],
  ['208.90.', 'ip'],
  ['208.90.57.0-63', 'ip'],
  ['208.90.57-58.', 'ip'],
  ['192.0.2.1-192.0.2.9', 'ip'],
  ['2001:db8::/32', 'ip'],
  ['2001:db8::1', 'ip'],
  ['2001:db8::1-ff', 'ip'],
  ['.res.cisco.com', 'host'],
  ['mail.example.com', 'host'],
  ['sbrs[-1.0:10.0]', 'other'],
  ['SBRS[none]', 'other'],
  ['dnslist[bl.example.org]', 'other'],
  ['geo[country:KP]', 'other'],
  ['208.90.057.0', 'other'], // zero-padded: never read as octal
  ['300.1.1.1', 'other'],
  ['208.90.57.0/33', 'other'],
  ['208.90.57.9-1', 'other'], // empty range
];
for (const [text, kind] of kinds) {
  test(`parseSender ${text} is ${kind}`, () => {
    assert.is(parseSender(text).kind, kind);
  });
}

const coverage: [string, string, boolean][] = [
  ['208.90.57.0/24', '208.90.57.0/26', true],
  ['208.90.57.0/26', '208.90.57.0/24', false],
  ['208.90.57.0/26', '208.90.57.0/26', true],
  ['208.90.57.', '208.90.57.0/26', true],
  ['208.90.', '208.90.57.0/26', true],
  ['208.90.57.0-63', '208.90.57.0/26', true],
  ['208.90.57.0-62', '208.90.57.0/26', false],
  ['208.90.56-57.', '208.90.57.0/26', true],
  ['208.90.56.0/23', '208.90.57.0/26', true],
  ['204.15.80.0/22', '204.15.81.0/26', true],
  ['204.15.81.64/26', '204.15.81.0/26', false],
  ['.cisco.com', '.res.cisco.com', true],
  ['.res.cisco.com', '.res.cisco.com', true],
  ['.RES.Cisco.com', '.res.cisco.com', true],
  ['.res.cisco.com', '.cisco.com', false],
  ['.res.cisco.com', 'mxnat1.res.cisco.com', true],
  ['res.cisco.com', '.res.cisco.com', false],
  ['.iphmx.com', '.cres.iphmx.com', true],
  ['2001:db8::/32', '2001:db8:1::/48', true],
  ['2001:db8::/32', '208.90.57.0/26', false],
  ['sbrs[none]', 'SBRS[none]', true],
  ['208.90.057.0/26', '208.90.57.0/26', false],
];
for (const [a, b, expected] of coverage) {
  test(`${a} ${expected ? 'covers' : 'does not cover'} ${b}`, () => {
    assert.is(covers(parseSender(a), parseSender(b)), expected);
  });
}

test('overlaps is symmetric and wider than covers', () => {
  const a = parseSender('208.90.57.32');
  const b = parseSender('208.90.57.0/26');
  assert.ok(overlaps(a, b) && overlaps(b, a));
  assert.not.ok(covers(a, b));
  assert.not.ok(overlaps(parseSender('208.90.57.64/26'), b));
  assert.ok(overlaps(parseSender('.cisco.com'), parseSender('.res.cisco.com')));
  assert.ok(overlaps(parseSender('.res.cisco.com'), parseSender('.cisco.com')));
});

test.run();
