/** The built-in recipe as data, its overrides and its checks. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CRES_PUBLISHED_HOSTS, CRES_SENDERS, CRES_TLS } from '../../src/recipes/cres-tls.js';
import { checkRecipe } from '../../src/recipes/check.js';
import { withOverrides } from '../../src/recipes/recipe.js';

test('cres-tls: the policy, the group at order 1 with the four senders, the comment', () => {
  assert.equal(CRES_TLS.policies, [{ name: 'CRES_TLS', behaviour: 'ACCEPT', params: { tls: 'required' }, shared: 'refuse' }]);
  assert.equal(CRES_TLS.groups, [
    {
      name: 'CRES',
      senders: ['.res.cisco.com', '.cres.iphmx.com', '208.90.57.0/26', '204.15.81.0/26'],
      policy: 'CRES_TLS',
      comment: 'Cisco RES secure replies over TLS',
      position: 'first',
    },
  ]);
  assert.equal(CRES_SENDERS, CRES_TLS.groups[0]!.senders);
  assert.is(CRES_TLS.listeners, 'public');
});

test("cres-tls: the published host table is the seed's, pair for pair, with kinds", () => {
  assert.equal(
    CRES_PUBLISHED_HOSTS.map((h) => `${h.host} ${h.ip} ${h.kind}`),
    [
      'res.cisco.com 184.94.241.74 R',
      'mxnat1.res.cisco.com 208.90.57.32 R',
      'mxnat2.res.cisco.com 208.90.57.33 R',
      'mxnat3.res.cisco.com 184.94.241.96 R',
      'mxnat4.res.cisco.com 184.94.241.97 R',
      'mxnat5.res.cisco.com 184.94.241.98 R',
      'mxnat6.res.cisco.com 184.94.241.99 R',
      'mxnat7.res.cisco.com 208.90.57.34 R',
      'mxnat8.res.cisco.com 208.90.57.35 R',
      'esa1.cres.iphmx.com 68.232.140.79 MX',
      'esa2.cres.iphmx.com 68.232.140.57 MX',
      'esa3.cres.iphmx.com 68.232.135.234 MX',
      'esa4.cres.iphmx.com 68.232.135.235 MX',
    ],
  );
  assert.equal(CRES_TLS.published, { group: 'CRES', hosts: [...CRES_PUBLISHED_HOSTS] });
});

test('withOverrides: names follow through the group, its policy reference and the published group; the base is untouched', () => {
  const before = JSON.stringify(CRES_TLS);
  const r = withOverrides(CRES_TLS, { group: 'RES', policy: 'RES_TLS', tls: 'on', senders: ['208.90.57.0/26'], replaceUnknownTls: true });
  assert.equal(
    r.policies.map((p) => [p.name, p.params]),
    [['RES_TLS', { tls: 'on' }]],
  );
  assert.equal(
    r.groups.map((g) => [g.name, g.policy, g.senders]),
    [['RES', 'RES_TLS', ['208.90.57.0/26']]],
  );
  assert.is(r.published!.group, 'RES');
  assert.is(r.replaceUnknownTls, true);
  assert.is(JSON.stringify(CRES_TLS), before);
  assert.equal(withOverrides(CRES_TLS, {}), CRES_TLS);
  assert.equal(withOverrides(CRES_TLS, { senders: [] }).groups[0]!.senders, CRES_SENDERS);
});

test('checkRecipe: the rules of a recipe file (bad names by pointer, invalid senders naming the value), covered senders dropped (info)', () => {
  assert.equal(checkRecipe(CRES_TLS).findings, []);
  const bad = checkRecipe(withOverrides(CRES_TLS, { group: 'ALL', policy: 'a b' })).findings;
  assert.equal(
    bad.map((f) => [f.code, (f.args as { pointer: string }).pointer, (f.args as { rule: string }).rule]),
    [
      ['recipe-invalid', '/policies/0/name', 'pattern'],
      ['recipe-invalid', '/groups/0/name', 'not'],
      ['recipe-invalid', '/groups/0/policy', 'pattern'],
      ['recipe-invalid', '/published/group', 'not'],
    ],
  );
  const senders = checkRecipe(withOverrides(CRES_TLS, { senders: ['208.90.57.0/26', 'postmaster@res.cisco.com', '208.90.57.0/26'] }));
  assert.equal(
    senders.findings.map((f) => [f.code, f.severity, f.args]),
    [['sender-invalid', 'error', { value: 'postmaster@res.cisco.com', reason: 'email-address' }]],
  );
  const covered = checkRecipe(withOverrides(CRES_TLS, { senders: ['208.90.57.0/26', '208.90.57.3', '208.90.57.0/26'] }));
  assert.equal(
    covered.findings.map((f) => [f.code, f.severity, f.args]),
    [
      ['sender-dropped', 'info', { sender: '208.90.57.3', reason: 'covered', by: '208.90.57.0/26' }],
      ['sender-dropped', 'info', { sender: '208.90.57.0/26', reason: 'duplicate', by: '208.90.57.0/26' }],
    ],
  );
  // An empty sender is refused by the schema; plan names it as a sender, with the grammar's reason.
  assert.equal(
    checkRecipe(withOverrides(CRES_TLS, { senders: ['.res.cisco.com', ''] })).findings.map((f) => [
      f.code,
      (f.args as { value?: string }).value,
    ]),
    [['sender-invalid', '']],
  );
});

test.run();
