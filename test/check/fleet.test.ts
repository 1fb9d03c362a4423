/**
 * `esa-patch check` over a fleet directory with the sample rules file (samples/check-rules.yaml):
 * every rule × listener × appliance has the outcome the fleet was built to give, the exit code
 * follows --fail-on, the JUnit XML parses (libxml2) with one test case per rule × listener, and
 * the SARIF log validates against the SARIF 2.1.0 schema with results on the export's lines.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { ROOT, tempDir } from '../helpers.js';
import { cli } from '../cli/run.js';
import { buildExport, CISCO_HAT, DEFAULT_SETTINGS, RELAY_HAT } from '../fixtures/difftrace.js';
import type { CheckDocument } from '../../src/report/check.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { CHECK_JSON_SCHEMA } from '../../src/report/check-schema.js';

const CRES_POLICY = '$CRES_TLS\n    ACCEPT {\n        tls = "required"\n    }\n';
const CRES_GROUP = 'CRES:\n    .res.cisco.com\n    .cres.iphmx.com\n    208.90.57.0/26\n    204.15.81.0/26\n    $CRES_TLS\n';
const withCres = (hat: string) => CRES_POLICY + hat.replace('WHITELIST:\n', `${CRES_GROUP}WHITELIST:\n`);
const SIZE: [string, string][] = [...DEFAULT_SETTINGS, ['hat_default_max_message_size', '10485760']];

function fleet(): string {
  const dir = tempDir();
  const fleetDir = join(dir, 'fleet');
  mkdirSync(fleetDir);
  const gw = (hostname: string, hat: string, relay = RELAY_HAT) =>
    buildExport({
      hostname,
      listeners: [
        { name: 'InboundMail', settings: SIZE, hat },
        { name: 'RelayOut', type: 'private', settings: SIZE, hat: relay },
      ],
    });
  const good = withCres(CISCO_HAT);
  writeFileSync(join(fleetDir, 'mx-gw1.xml'), gw('mx-gw1.example.net', good), 'latin1');
  // Re-exported with tabs: the same HAT by meaning; one more partner: drift.
  writeFileSync(join(fleetDir, 'mx-gw2.xml'), gw('mx-gw2.example.net', good.replace(/^ {4}/gm, '\t')), 'latin1');
  writeFileSync(
    join(fleetDir, 'mx-gw3.xml'),
    gw('mx-gw3.example.net', good.replace('    192.0.2.10\n', '    192.0.2.10\n    198.51.100.99\n')),
    'latin1',
  );
  const big = CISCO_HAT.replace('$ACCEPTED\n    ACCEPT\n', '$ACCEPTED\n    ACCEPT {\n        max_message_size = 104857600\n    }\n');
  writeFileSync(
    join(fleetDir, 'relay3.xml'),
    gw('relay3.example.net', big, RELAY_HAT.replace('    10.1.0.0/16\n', '    10.1.0.0/16\n    203.0.113.0/24\n')),
    'latin1',
  );
  return dir;
}

const status = (doc: CheckDocument, file: string) =>
  Object.fromEntries(doc.files.find((f) => f.file.endsWith(file))!.results.map((r) => [`${r.rule}@${r.listener}`, r.status]));

test('the sample rules over a fleet directory: each rule holds or breaks where the fleet was built to', async () => {
  const dir = fleet();
  const rules = join(ROOT, 'samples', 'check-rules.yaml');
  const r = await cli(['check', 'fleet', '--rules', rules, '--json'], { cwd: dir });
  assert.equal(r.code, 1, r.err);
  const doc = JSON.parse(r.out) as CheckDocument;
  assert.equal(doc.schema, 'esa-patch/check@1');
  const validate = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(CHECK_JSON_SCHEMA as object);
  assert.ok(validate(doc), JSON.stringify(validate.errors?.slice(0, 3)));
  assert.equal(JSON.parse(readFileSync(join(ROOT, 'docs', 'check-schema.json'), 'utf8')), JSON.parse(JSON.stringify(CHECK_JSON_SCHEMA)));
  const good = {
    'cres-tls@InboundMail': 'holds',
    'partner-tls@InboundMail': 'holds',
    'spam-haven-rejected@InboundMail': 'holds',
    'relay-internal-only@InboundMail': 'holds',
    'relay-internal-only@RelayOut': 'holds',
    'accepted-max-size@InboundMail': 'holds',
    'gateways-same-hat@InboundMail': 'holds',
  };
  assert.equal(status(doc, 'mx-gw1.xml'), good);
  assert.equal(status(doc, 'mx-gw2.xml'), good, 'tabs are not drift');
  assert.equal(status(doc, 'mx-gw3.xml'), { ...good, 'gateways-same-hat@InboundMail': 'breaks' });
  const relay = status(doc, 'relay3.xml');
  assert.equal(relay, {
    'cres-tls@InboundMail': 'breaks',
    'partner-tls@InboundMail': 'holds',
    'spam-haven-rejected@InboundMail': 'holds',
    'relay-internal-only@InboundMail': 'holds',
    'relay-internal-only@RelayOut': 'breaks',
    'accepted-max-size@InboundMail': 'breaks',
  });
  // A result names the appliance, listener, HAT line, the host tried and where it landed.
  const broken = doc.files.find((f) => f.file.endsWith('relay3.xml'))!.findings.filter((f) => f.code === 'check-rule-broken');
  const relayOnly = broken.find((f) => f.code === 'check-rule-broken' && f.args.rule === 'relay-internal-only')!;
  assert.equal(relayOnly.args, {
    rule: 'relay-internal-only',
    kind: 'relay-only',
    listener: 'RelayOut',
    appliance: 'relay3.example.net',
    certain: true,
    host: '203.0.113.0',
    ptr: null,
    landed: 'RELAYLIST',
    expected: 'RELAY only for 10.0.0.0/8, 192.168.0.0/16',
    found: '203.0.113.0/24 in RELAYLIST relays for it',
  });
  const text = readFileSync(join(dir, 'fleet', 'relay3.xml'), 'latin1').split('\n');
  assert.equal(text[relayOnly.line! - 1]!.trim(), '203.0.113.0/24', 'located on the member line of the export');
  const cres = broken.find((f) => f.code === 'check-rule-broken' && f.args.rule === 'cres-tls')!;
  assert.equal([cres.args.host, cres.args.ptr, cres.args.landed], ['208.90.57.32', 'mxnat1.res.cisco.com', 'ALL']);
  const drift = doc.files.find((f) => f.file.endsWith('mx-gw3.xml'))!.findings.find((f) => f.code === 'check-rule-broken')!;
  assert.match(String(drift.args.found), '198.51.100.99');
  assert.equal(drift.severity, 'warning');
});

test('--fail-on: the warnings of the drifted gateway fail the run only from warning down; --rules-only skips the analyses', async () => {
  const dir = fleet();
  const rules = join(ROOT, 'samples', 'check-rules.yaml');
  const gw3 = join('fleet', 'mx-gw3.xml');
  assert.equal((await cli(['check', gw3, join('fleet', 'mx-gw1.xml'), '--rules', rules, '--rules-only'], { cwd: dir })).code, 0);
  const warn = await cli(['check', gw3, join('fleet', 'mx-gw1.xml'), '--rules', rules, '--rules-only', '--fail-on', 'warning'], {
    cwd: dir,
  });
  assert.equal(warn.code, 1, warn.out);
  assert.match(warn.out, /FAILED \(--fail-on warning: 1\)/);
  const note = await cli(['check', join('fleet', 'mx-gw1.xml'), '--fail-on', 'note', '--json'], { cwd: dir });
  const doc = JSON.parse(note.out) as CheckDocument;
  assert.equal(note.code, doc.summary.findings.info + doc.summary.findings.warning > 0 ? 1 : 0);
});

test('JUnit: one test case per rule × listener (and the HAT analyses per listener), parsed by libxml2; SARIF validates against 2.1.0', async () => {
  const dir = fleet();
  const rules = join(ROOT, 'samples', 'check-rules.yaml');
  const r = await cli(['check', 'fleet', '--rules', rules, '--junit', 'out/check.xml', '--sarif', 'out/check.sarif', '--json'], {
    cwd: dir,
  });
  assert.equal(r.code, 1, r.err);
  const doc = JSON.parse(r.out) as CheckDocument;
  const { XmlDocument } = await import('libxml2-wasm');
  const xml = XmlDocument.fromBuffer(readFileSync(join(dir, 'out', 'check.xml')));
  try {
    const results = doc.files.reduce((n, f) => n + f.results.length, 0);
    const listeners = doc.files.reduce((n, f) => n + f.listeners.filter((l) => l.checked).length, 0);
    assert.equal(xml.eval('count(//testsuite)'), 4);
    assert.equal(xml.eval('count(//testcase)'), results + listeners);
    assert.equal(xml.eval('count(//testcase[@name="hat-analysis"])'), listeners);
    assert.equal(
      xml.eval('string(//testcase[@name="relay-internal-only" and @classname="relay3_example_net.RelayOut"]/failure/@type)'),
      'breaks',
    );
    assert.equal(xml.eval('count(//testcase[@name="cres-tls"]/failure)'), 1);
    const failures = doc.files.reduce((n, f) => n + f.results.filter((x) => x.status !== 'holds').length, 0);
    assert.equal(Number(xml.eval('string(/testsuites/@failures)')) >= failures, true);
  } finally {
    xml.dispose();
  }
  const schema = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'sarif-schema-2.1.0.json'), 'utf8'));
  // The schema is draft-04 (id, no $schema for ajv 8): read as the draft-07 it is compatible with.
  delete schema.$schema;
  schema.$id = schema.id;
  delete schema.id;
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat('uri', /^[A-Za-z][A-Za-z0-9+.-]*:/);
  ajv.addFormat('uri-reference', /^[^\s]*$/);
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
  const validate = ajv.compile(schema);
  const sarif = JSON.parse(readFileSync(join(dir, 'out', 'check.sarif'), 'utf8'));
  assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3)));
  // The schema does reject a broken log.
  assert.not.ok(validate({ ...sarif, version: '2.0.0' }));
  const results = sarif.runs[0].results as {
    ruleId: string;
    locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
  }[];
  const relay = results.find((x) => x.ruleId === 'rules/relay-internal-only')!;
  assert.equal(relay.locations[0]!.physicalLocation.artifactLocation.uri, 'fleet/relay3.xml');
  const line = relay.locations[0]!.physicalLocation.region.startLine;
  assert.equal(
    readFileSync(join(dir, 'fleet', 'relay3.xml'), 'latin1')
      .split('\n')
      [line - 1]!.trim(),
    '203.0.113.0/24',
  );
  assert.equal(
    results.length,
    doc.files.reduce((n, f) => n + f.findings.length, 0),
  );
  // Outputs are not overwritten without --force.
  const again = await cli(['check', 'fleet', '--junit', 'out/check.xml'], { cwd: dir });
  assert.equal(again.code, 1);
  assert.match(again.err, /output-exists|exists/);
});

test('--html: a self-contained page with the check section, a row per rule x listener, every string escaped', async () => {
  const dir = fleet();
  const rules = join(ROOT, 'samples', 'check-rules.yaml');
  const r = await cli(['check', 'fleet', '--rules', rules, '--html', 'check.html'], { cwd: dir });
  assert.equal(r.code, 1, r.err);
  const page = readFileSync(join(dir, 'check.html'), 'utf8');
  assert.match(page, '<section class="card check" id="check">');
  assert.equal((page.match(/<tr class="rule r-breaks"/g) ?? []).length, 4);
  assert.match(page, 'data-rule="relay-internal-only" data-status="breaks"');
  assert.not.match(page, /<script|https?:\/\/(?!json)/);
});

test('--jobs: the fleet checked on workers gives the same document as in one thread', async () => {
  const dir = fleet();
  const rules = join(ROOT, 'samples', 'check-rules.yaml');
  const one = await cli(['check', 'fleet', '--rules', rules, '--json', '--jobs', '1'], { cwd: dir });
  const two = await cli(['check', 'fleet', '--rules', rules, '--json', '--jobs', '2'], { cwd: dir });
  assert.equal(two.out, one.out);
});

test.run();
