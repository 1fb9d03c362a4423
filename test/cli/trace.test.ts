/** `esa-patch trace` end to end: text, `--json`, `--cres`, `--listener`, directories, exit codes. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { recordingIo } from '../../src/cli/io.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { TRACE_JSON_SCHEMA, TRACE_SCHEMA_ID, type TraceDocument } from '../../src/report/trace-schema.js';
import { DEFAULT_RECIPE } from '../../src/recipes/index.js';
const CRES_PUBLISHED_HOSTS = DEFAULT_RECIPE.published!.hosts;
import { ROOT, tempDir } from '../helpers.js';
import { buildExport, standardListeners } from '../fixtures/difftrace.js';

const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
const validate = ajv.compile(TRACE_JSON_SCHEMA as object);

async function cli(args: string[], cwd = ROOT) {
  const io = recordingIo(cwd);
  const code = await main(args, io);
  // Every document trace prints validates against esa-patch/trace@1.
  if (args.includes('--json') && io.stdout) {
    const doc = JSON.parse(io.stdout) as unknown;
    if (!validate(doc))
      assert.unreachable(`trace --json does not match its schema:\n${ajv.errorsText(validate.errors, { separator: '\n' })}`);
    assert.is((doc as TraceDocument).exitCode, code);
  }
  return { code, out: io.stdout, err: io.stderr };
}

function fleet(): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'exports'));
  writeFileSync(join(dir, 'exports', 'esa1.xml'), buildExport({ listeners: standardListeners(), hostname: 'esa1.example.net' }), 'latin1');
  writeFileSync(join(dir, 'exports', 'esa2.xml'), buildExport({ listeners: standardListeners(), hostname: 'esa2.example.net' }), 'latin1');
  return dir;
}

test('trace: text names the entry, the member, the behaviour and where each parameter comes from', async () => {
  const dir = fleet();
  const r = await cli(['trace', 'exports/esa1.xml', '--host', '192.0.2.10', '--ptr', 'mail.partner.example'], dir);
  assert.is(r.code, 0, r.err);
  assert.match(r.out, 'listener InboundMail (config/listeners/listener[1]), host 192.0.2.10 (mail.partner.example):');
  assert.match(r.out, 'matches    WHITELIST (order 1): the PTR name is mail.partner.example [host]');
  assert.match(r.out, 'behaviour  ACCEPT by $TRUSTED');
  assert.match(r.out, 'tls = off  ($TRUSTED)');
  assert.match(r.out, 'max_concurrency = 10  ($DEFAULT)');
  assert.match(r.out, 'listener RelayOut');
});

test('trace --json: every file of a directory, every host, may-match then match', async () => {
  const dir = fleet();
  const r = await cli(['trace', 'exports', '--host', '203.0.113.5', '--host', '10.1.9.9', '--sbrs', '0.5', '--sbrs', '-5', '--json'], dir);
  assert.is(r.code, 0, r.err);
  const doc = JSON.parse(r.out) as TraceDocument;
  assert.is(doc.schema, TRACE_SCHEMA_ID);
  assert.equal(doc.hosts, [
    { ip: '203.0.113.5', sbrs: 0.5 },
    { ip: '10.1.9.9', sbrs: -5 },
  ]);
  assert.equal(
    doc.files.map((f) => f.appliance?.hostname),
    ['esa1.example.net', 'esa2.example.net'],
  );
  const brief = doc.files[0]!.listeners.map((l) => [l.listener, l.host.ip, l.match?.entry, l.match?.reason, l.mayMatch.length]);
  assert.equal(brief, [
    ['InboundMail', '203.0.113.5', 'UNKNOWNLIST', 'sbrs-inside', 0],
    ['RelayOut', '203.0.113.5', 'ALL', 'all', 0],
    ['InboundMail', '10.1.9.9', 'BLACKLIST', 'sbrs-inside', 0],
    ['RelayOut', '10.1.9.9', 'RELAYLIST', 'address-inside', 0],
  ]);
  const noScore = JSON.parse(
    (await cli(['trace', 'exports/esa1.xml', '--host', '203.0.113.5', '--listener', 'InboundMail', '--json'], dir)).out,
  ) as TraceDocument;
  const t = noScore.files[0]!.listeners;
  assert.equal(
    t.map((l) => l.listener),
    ['InboundMail'],
  );
  assert.equal(
    t[0]!.mayMatch.map((m) => [m.entry, m.reason]),
    [
      ['BLACKLIST', 'needs-sbrs'],
      ['SUSPECTLIST', 'needs-sbrs'],
      ['UNKNOWNLIST', 'needs-sbrs'],
    ],
  );
  assert.equal([t[0]!.match!.entry, t[0]!.match!.entryKind, t[0]!.match!.policy], ['ALL', 'all', 'ACCEPTED']);
});

test('trace --cres: every host of the note, address and name', async () => {
  const dir = fleet();
  const r = await cli(['trace', 'exports/esa1.xml', '--cres', '--listener', 'InboundMail', '--sbrs', '1', '--json'], dir);
  // --sbrs without --host is refused: it pairs with --host.
  assert.is(r.code, 1);
  const ok = await cli(['trace', 'exports/esa1.xml', '--cres', '--listener', 'InboundMail', '--json'], dir);
  assert.is(ok.code, 0, ok.err);
  const doc = JSON.parse(ok.out) as TraceDocument;
  assert.equal(
    doc.hosts,
    CRES_PUBLISHED_HOSTS.map((h) => ({ ip: h.ip, ptr: h.host })),
  );
  assert.is(doc.files[0]!.listeners.length, CRES_PUBLISHED_HOSTS.length);
});

test('trace: errors exit 1', async () => {
  const dir = fleet();
  assert.is((await cli(['trace', 'exports/esa1.xml'], dir)).code, 1);
  assert.is((await cli(['trace', 'exports/esa1.xml', '--host', '10.0.0.0/8'], dir)).code, 1);
  assert.is((await cli(['trace', 'exports/esa1.xml', '--host', '10.0.0.1', '--sbrs', 'high'], dir)).code, 1);
  assert.is((await cli(['trace', 'exports/esa1.xml', '--host', '10.0.0.1', '--host', '10.0.0.2', '--ptr', 'a.example'], dir)).code, 1);
  assert.is((await cli(['trace', '--host', '10.0.0.1'], dir)).code, 1);
  const missing = await cli(['trace', 'exports/nope.xml', '--host', '10.0.0.1', '--json'], dir);
  assert.is(missing.code, 1);
  assert.equal(
    (JSON.parse(missing.out) as TraceDocument).files[0]!.findings.map((f) => f.code),
    ['unreadable'],
  );
  const unknown = await cli(['trace', 'exports/esa1.xml', '--host', '10.0.0.1', '--listener', 'Nope', '--json'], dir);
  assert.is(unknown.code, 1);
  assert.equal(
    (JSON.parse(unknown.out) as TraceDocument).files[0]!.findings.map((f) => f.code),
    ['trace-unknown-listener'],
  );
});

test.run();
