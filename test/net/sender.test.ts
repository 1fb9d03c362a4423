import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dedupeSenders, parseSender, senderSet, validateSender } from '../../src/net/sender.js';

test('validateSender accepts every member form a user may ask to write', () => {
  for (const ok of [
    '208.90.57.10',
    '208.90.57.0/26',
    '0.0.0.0/0',
    '208.90.57.',
    '208.90.',
    '208.90.57.0-63',
    '208.90.57-58.',
    '192.0.2.1-192.0.2.9',
    '2001:db8::1',
    '2001:db8::/32',
    '2001:db8::1-ff',
    'mail.example.com',
    '.res.cisco.com',
    'RES.Cisco.com',
    'xn--bcher-kva.example',
  ])
    assert.ok(validateSender(ok).ok, ok);
});

test('validateSender names the value and why it is not a sender', () => {
  const cases: [string, string][] = [
    ['postmaster@res.cisco.com', 'email-address'],
    ['208.90.57.0/33', 'bad-prefix'],
    ['999.90.57.1', 'bad-octet'],
    ['208.90.57.1-300', 'bad-octet'],
    ['', 'empty'],
    ['   ', 'empty'],
    ['foo_bar', 'not-a-sender'],
    ['localhost', 'not-a-sender'],
    ['mail.example.com\n$X', 'control-character'],
    ['a\u001b]0;x', 'control-character'],
    ['2001:db8::/129', 'bad-prefix'],
    ['2001:zz::1', 'bad-address'],
    ['SBRS[-10:-3]', 'not-a-sender'],
    ['1.2.3', 'bad-address'],
  ];
  for (const [value, reason] of cases) assert.equal(validateSender(value), { ok: false, value, reason }, value);
});

test('dedupeSenders drops duplicates (case-insensitive hosts) and covered senders, naming the reason', () => {
  const r = dedupeSenders([
    '208.90.57.0/26',
    '.res.cisco.com',
    '208.90.57.0/26',
    '.RES.cisco.com',
    'mxnat1.res.cisco.com',
    '208.90.57.7',
    'res.cisco.com',
    '208.90.57.0-63',
  ]);
  assert.equal(r.kept, ['208.90.57.0/26', '.res.cisco.com', 'res.cisco.com']);
  assert.equal(r.dropped, [
    { sender: '208.90.57.0/26', reason: 'duplicate', by: '208.90.57.0/26' },
    { sender: '.RES.cisco.com', reason: 'duplicate', by: '.res.cisco.com' },
    { sender: 'mxnat1.res.cisco.com', reason: 'covered', by: '.res.cisco.com' },
    { sender: '208.90.57.7', reason: 'covered', by: '208.90.57.0/26' },
    { sender: '208.90.57.0-63', reason: 'duplicate', by: '208.90.57.0/26' },
  ]);
  // A narrower sender before a wider one is dropped for the wider one.
  assert.equal(dedupeSenders(['10.0.0.1', '10.0.0.0/8']).dropped, [{ sender: '10.0.0.1', reason: 'covered', by: '10.0.0.0/8' }]);
});

test('senderSet: IP intervals merged (adjacent and overlapping), host names under partial hosts, other members by text', () => {
  const set = senderSet(
    ['10.0.0.0/25', '10.0.0.128-200', '10.0.0.201-255', '.res.cisco.com', 'mx.example.net', 'SBRS[none]', '2001:db8::/64'].map(parseSender),
  );
  const yes = ['10.0.0.0/24', '10.0.0.7', '10.0.0.', 'a.res.cisco.com', '.x.res.cisco.com', 'mx.example.net', 'sbrs[NONE]', '2001:db8::1'];
  const no = ['10.0.0.0/23', '10.0.1.1', 'res.cisco.com', 'example.net', '.example.net', 'SBRS[-1:1]', '2001:db8:0:1::1'];
  for (const t of yes) assert.ok(set.covers(parseSender(t)), t);
  for (const t of no) assert.ok(!set.covers(parseSender(t)), t);
  assert.ok(!senderSet([]).covers(parseSender('10.0.0.1')));
});

test.run();
