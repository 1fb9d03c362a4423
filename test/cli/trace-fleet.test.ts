/**
 * `trace` over a fleet (issue 18, 6): identical walks are shown once with where they happen
 * (hosts walking alike together), so `--cres` over 45 exports is a page, not 17,000 lines; an
 * export without the `--listener` traced says so with trace's own finding (a warning when other
 * exports have it, an error when none does), and the others are still traced.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { TRACE_JSON_SCHEMA, type TraceDocument } from '../../src/report/trace-schema.js';
import { DEFAULT_RECIPE } from '../../src/recipes/index.js';
import { SAMPLES, tempDir } from '../helpers.js';
import { cli, fixture } from './run.js';

const MULTI = readFileSync(join(SAMPLES, 'multi-listener.xml'), 'latin1');
const CRES_HOSTS = DEFAULT_RECIPE.published!.hosts.length;
const validate = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(TRACE_JSON_SCHEMA as object);

/** 43 copies of multi-listener (own hostnames), one of them patched, and cluster.xml (other listeners). */
async function fleet(): Promise<string> {
  const dir = tempDir();
  mkdirSync(join(dir, 'f'));
  for (let k = 1; k <= 43; k++)
    fixture(join(dir, 'f'), `esa${String(k).padStart(2, '0')}.xml`, MULTI.replaceAll('mx-gw1.example.net', `esa${k}.example.net`));
  const patched = await cli(['apply', join(dir, 'f', 'esa43.xml'), '-o', join(dir, 'esa44.xml')]);
  assert.is(patched.code, 0, patched.err);
  copyFileSync(join(dir, 'esa44.xml'), join(dir, 'f', 'esa44.xml'));
  copyFileSync(join(SAMPLES, 'cluster.xml'), join(dir, 'f', 'esa45.xml'));
  return dir;
}

test('trace --cres over 45 exports: identical walks once, with their hosts and listeners', async () => {
  const dir = await fleet();
  const r = await cli(['trace', 'f', '--cres'], { cwd: dir });
  assert.is(r.code, 0, r.err);
  const lines = r.out.split('\n');
  // 0.2.0 printed every walk of every host on every listener: 45 exports x 13 hosts x ~20 lines.
  assert.ok(lines.length < 400, `${lines.length} lines`);
  assert.match(r.out, /^  walk w1, 43 listeners: InboundMail on 43 exports \(f\/esa01\.xml, f\/esa02\.xml, f\/esa03\.xml and 40 more\)$/m);
  assert.match(r.out, new RegExp(`^${CRES_HOSTS} hosts on 45 exports: \\d+ listener traces in \\d+ walks, 0 errors$`, 'm'));
  const j = await cli(['trace', 'f', '--cres', '--json'], { cwd: dir });
  const doc = JSON.parse(j.out) as TraceDocument;
  assert.ok(validate(doc), JSON.stringify(validate.errors));
  const groups = doc.groups!;
  // Every traced listener is in exactly one group, for each of its hosts.
  const traces = doc.files.reduce((n, f) => n + f.listeners.length, 0);
  assert.is(
    groups.reduce((n, g) => n + g.hosts.length * g.members.length, 0),
    traces,
  );
  // The walk of a group is the walk of each member.
  for (const g of groups)
    for (const m of g.members) {
      const t = doc.files
        .find((f) => f.file === m.file)!
        .listeners.find((l) => l.listener === m.listener && l.host.ip === doc.hosts[g.hosts[0]!]!.ip)!;
      assert.equal([t.mayMatch, t.match], [g.mayMatch, g.match]);
    }
  // The patched appliance walks its own way: the CRES hosts land on CRES there, and only there.
  const onCres = groups.filter((g) => g.match?.entry === 'CRES');
  assert.ok(onCres.length > 0);
  for (const g of onCres) assert.equal([...new Set(g.members.map((m) => m.file))], ['f/esa44.xml']);
  // Hosts walking alike share their groups: the 43 alike appliances' listeners are the first three walks, of every host.
  assert.equal(
    groups.slice(0, 3).map((g) => [g.hosts.length, g.members.length, g.members[0]!.listener]),
    [
      [CRES_HOSTS, 43, 'InboundMail'],
      [CRES_HOSTS, 43, 'PartnerMX'],
      [CRES_HOSTS, 44, 'RelayOut'],
    ],
  );
  assert.match(r.out, new RegExp(`^all ${CRES_HOSTS} hosts: `, 'm'));
  // Every walk a host has appears once for it: no group repeats another's host, walk and listener.
  const seen = new Set<string>();
  for (const g of groups)
    for (const h of g.hosts)
      for (const m of g.members) {
        const key = `${h} ${m.file} ${m.path}`;
        assert.not.ok(seen.has(key), key);
        seen.add(key);
      }
});

test('--listener on a fleet where some exports lack it: those say so (a warning), the others are traced', async () => {
  const dir = await fleet();
  const r = await cli(['trace', 'f', '--host', '192.0.2.10', '--ptr', 'mail.trusted.example', '--listener', 'PartnerMX', '--json'], {
    cwd: dir,
  });
  assert.is(r.code, 0, r.err);
  const doc = JSON.parse(r.out) as TraceDocument;
  const lacking = doc.files.filter((f) => f.findings.length);
  assert.equal(
    lacking.map((f) => f.file),
    ['f/esa45.xml'],
  );
  assert.equal(
    lacking[0]!.findings.map((f) => [f.code, f.severity, f.args]),
    [['trace-unknown-listener', 'warning', { listener: 'PartnerMX', available: ['EdgeInbound', 'AmsRelay'], elsewhere: true }]],
  );
  assert.is(doc.files.filter((f) => f.listeners.length === 1).length, 44);
  const text = await cli(['trace', 'f', '--host', '192.0.2.10', '--listener', 'PartnerMX'], { cwd: dir });
  assert.is(text.code, 0);
  assert.match(text.err, /^f\/esa45\.xml: warning: .*\[trace-unknown-listener\]$/m);
  assert.not.match(text.err, /baseline|first .*export/);
  assert.match(text.out, /0 errors, 1 warning$/m);
  // A name no export has is an error on each.
  const none = await cli(['trace', 'f', '--host', '192.0.2.10', '--listener', 'Nope', '--json'], { cwd: dir });
  assert.is(none.code, 1);
  const nd = JSON.parse(none.out) as TraceDocument;
  assert.ok(
    nd.files.every(
      (f) => f.findings.length === 1 && f.findings[0]!.code === 'trace-unknown-listener' && f.findings[0]!.severity === 'error',
    ),
  );
  assert.equal(nd.groups, []);
});

test.run();
