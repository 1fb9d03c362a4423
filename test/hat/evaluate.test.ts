import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { describeMatch, evaluate } from '../../src/hat/evaluate.js';
import { readHat } from '../../src/hat/model.js';
import { dedent } from '../dedent.js';

const HAT = readHat(dedent`
  $TRUSTED
      ACCEPT {
          tls = "required"
          max_rcpts_per_hour = -1
      }
  $BLOCKED
      REJECT
  $ACCEPTED
      ACCEPT
  ADDR:
      10.0.0.1
      $TRUSTED
  NETS:
      10.1.0.0/16, 10.2.3.
      10.3.0.0-10.3.0.9
      10.4.5.10-20
      2001:db8::/32
      $TRUSTED
  HOSTS:
      mail.partner.example
      .partner.example
      $TRUSTED
  REPUTATION:
      SBRS[-10.0:-3.0]
      $BLOCKED
  LISTS:
      dnslist[bl.example.org]
      $BLOCKED
  spamdomain.com
      REJECT (reject the domain)
  ALL
      $ACCEPTED
`).model;

const at = (ip: string, ptr?: string, sbrs?: number) => {
  const r = evaluate(
    HAT,
    { ip, ...(ptr ? { ptr } : {}), ...(sbrs !== undefined ? { sbrs } : {}) },
    { tls: 'off', max_message_size: '10485760' },
  );
  return { entry: r.match?.entry, member: r.match?.member, may: r.mayMatch.map((m) => m.entry) };
};

test('every member kind matches, first match wins', () => {
  assert.equal(at('10.0.0.1', undefined, 0), { entry: 'ADDR', member: '10.0.0.1', may: [] });
  assert.equal(at('10.1.200.3', undefined, 0).member, '10.1.0.0/16');
  assert.equal(at('10.2.3.77', undefined, 0).member, '10.2.3.');
  assert.equal(at('10.3.0.9', undefined, 0).member, '10.3.0.0-10.3.0.9');
  assert.equal(at('10.4.5.15', undefined, 0).member, '10.4.5.10-20');
  assert.equal(at('10.4.5.21', undefined, 0).entry, 'ALL');
  assert.equal(at('2001:db8::5', undefined, 0).member, '2001:db8::/32');
  assert.equal(at('192.0.2.1', 'mail.partner.example', 0).member, 'mail.partner.example');
  assert.equal(at('192.0.2.1', 'mx.partner.example', 0).member, '.partner.example');
  // A partial host name matches the hosts below it, not the name itself.
  assert.equal(at('192.0.2.1', 'partner.example', 0).entry, 'ALL');
  assert.equal(at('192.0.2.1', 'spamdomain.com', 0).entry, 'spamdomain.com');
});

test('SBRS with and without a score; dnslist may match, and the walk goes on', () => {
  assert.equal(at('192.0.2.1', undefined, -5), { entry: 'REPUTATION', member: 'SBRS[-10.0:-3.0]', may: [] });
  assert.equal(at('192.0.2.1', undefined, 2), { entry: 'ALL', member: 'ALL', may: ['LISTS'] });
  assert.equal(at('192.0.2.1'), { entry: 'ALL', member: 'ALL', may: ['REPUTATION', 'LISTS'] });
});

test('effective parameters come from the policy, then $DEFAULT', () => {
  const r = evaluate(HAT, { ip: '10.0.0.1' }, { tls: 'off', max_message_size: '10485760' });
  assert.equal(r.match!.params, [
    { key: 'tls', value: 'required', source: 'policy' },
    { key: 'max_rcpts_per_hour', value: '-1', source: 'policy' },
    { key: 'max_message_size', value: '10485760', source: 'default' },
  ]);
  assert.is(describeMatch(r.match), 'ACCEPT by ADDR ($TRUSTED, tls required)');
  const own = evaluate(HAT, { ip: '192.0.2.1', ptr: 'spamdomain.com' }).match;
  assert.is(own!.policy, null);
  assert.is(describeMatch(own), 'REJECT by spamdomain.com (own behaviour)');
});

test('a HAT without ALL can leave a host unmatched', () => {
  const m = readHat('$A\n    ACCEPT\nG:\n    1.2.3.4\n    $A\n').model;
  assert.is(evaluate(m, { ip: '5.5.5.5' }).match, null);
  assert.is(describeMatch(null), 'no entry matches');
});

test.run();
