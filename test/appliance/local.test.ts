/**
 * The dialogue tables, the conversation engine and the pull, against the emulated appliance in
 * process (no SSH): what the SSH tests then show over a real connection.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { Conversation, visible } from '../../src/appliance/conversation.js';
import {
  DIALOGUES,
  commandText,
  dialogueFor,
  familyOf,
  parseMode,
  parseResult,
  parseSavedName,
  parseVersion,
} from '../../src/appliance/dialogue.js';
import { pullExport } from '../../src/appliance/pull.js';
import { probeUncommitted } from '../../src/appliance/probe.js';
import { readExport } from '../../src/esa/export.js';
import { CORPUS, ROOT } from '../helpers.js';
import { EmulatedAppliance, OTHER_VERSION_TEXT, PASSPHRASE } from './emulator.js';
import { localSession } from './local-session.js';

const STANDALONE = readFileSync(join(CORPUS, 'esa-standalone.xml'), 'latin1');
const MASKED = readFileSync(join(ROOT, 'test', 'fixtures', 'masked.xml'), 'latin1');
const T = DIALOGUES['14']!;

test('familyOf and dialogueFor: exact family, else the nearest lower, else the oldest', () => {
  assert.is(familyOf('14.2.0-620'), '14');
  assert.is(familyOf('16.0.1-017'), '16');
  assert.is(familyOf('14.2'), null);
  assert.is(familyOf('-o ProxyCommand'), null);
  assert.equal(dialogueFor('15.5.1-055').exact, true);
  const later = dialogueFor('17.0.0-001');
  assert.is(later.exact, false);
  assert.is(later.table.family, '16');
  assert.is(dialogueFor('12.0.0-001').table.family, '14');
});

test('parseVersion reads the build, model, serial and hostname; refuses output without a build', () => {
  const v = parseVersion('Current Version\n===\nModel: C300V\nVersion: 14.2.0-620\nSerial #: ABC-123\nHostname: esa1.example.com\n');
  assert.equal(v, { build: '14.2.0-620', model: 'C300V', serial: 'ABC-123', hostname: 'esa1.example.com', product: null });
  assert.is(parseVersion('Version: latest\n'), null);
  assert.is(parseVersion('Unknown command\n'), null);
  // A field with a control character (already made visible as \x1b) is still printable; raw ones are dropped.
  assert.is(parseVersion('Version: 14.2.0-620\nSerial #: A\x1bB\n')!.serial, null);
});

test('parseSavedName: exactly one /configuration/NAME.xml, a plain name', () => {
  assert.is(
    parseSavedName('File written on machine "x" to the location\n"/configuration/C300V-S-20260101T000000.xml".\n'),
    'C300V-S-20260101T000000.xml',
  );
  assert.is(parseSavedName('"/configuration/a.xml" "/configuration/b.xml"'), null);
  assert.is(parseSavedName('"/configuration/-oProxyCommand=x.xml"'), null);
  assert.is(parseSavedName('"/configuration/..xml"'), null);
  assert.is(parseSavedName('Configuration saved.'), null);
});

test('parseResult: one known text, else a failure (unrecognised or ambiguous)', () => {
  const r = parseResult('Values have been loaded.\nBe sure to run "commit"\n', T.results.loadconfig);
  assert.ok(r.ok && r.outcome === 'loaded' && r.line === 'Values have been loaded.');
  const p = parseResult('Parsing failed: line 3: bad tag\n', T.results.loadconfig);
  assert.ok(p.ok && p.outcome === 'parsing-failed' && p.line.includes('bad tag'));
  assert.equal(parseResult('Loaded, probably.\n', T.results.loadconfig), { ok: false, reason: 'unrecognised', ids: [] });
  const both = parseResult('Values have been loaded\nParsing failed\n', T.results.loadconfig);
  assert.ok(!both.ok && both.reason === 'ambiguous');
  assert.ok(parseResult(`${OTHER_VERSION_TEXT} (14.1.0-001)\n`, T.results.loadconfig).ok);
});

test('parseMode: the level of the last prompt', () => {
  assert.is(parseMode('(Machine esa1)> clustermode cluster\n(Cluster c1)> loadconfig\n'), 'cluster c1');
  assert.is(parseMode('esa1> version\n'), null);
});

test('commandText fills placeholders; a missing one, or one that could be read as more, throws', () => {
  assert.is(commandText(T.commands.clustermode, { level: 'cluster' }), 'clustermode cluster');
  assert.is(commandText(T.commands.clustermode, { level: 'machine esa1.example.com' }), 'clustermode machine esa1.example.com');
  assert.throws(() => commandText(T.commands.hostaccessImport, { listener: 'L' }));
  for (const listener of ['In; clear', 'In\ncommit', '-x', 'a"b', 'a$(b)', 'a`b`', 'a|b', ''])
    assert.throws(() => commandText(T.commands.hostaccessImport, { listener, file: 'f.txt' }), /cannot go on a command line/, listener);
});

test('Conversation: a value with a line end never types a second answer', () => {
  const c = new Conversation(T.commands.commit.rules, { values: { comment: 'sha256 x\nY' } });
  assert.throws(() => c.feed('Please enter some comments describing your changes:\n[]> '), /line end/);
});

test('Conversation: answers by rule, refuses a null-answer prompt, caps output, redacts the secret', () => {
  const c = new Conversation(T.commands.loadconfig.rules, { values: { file: 'f.xml' }, secret: 's3cret' });
  assert.equal(c.feed('Enter your Passphrase to make changes:\n'), [{ kind: 'answer', ruleId: 'loadconfig.passphrase', text: 's3cret\n' }]);
  assert.is(c.feed('Choose the method to load the configuration:\n1. Paste via CLI\n2. Load from file\n[1]> ')[0]!.kind, 'answer');
  const r = c.result('done');
  assert.not.ok(r.transcript.includes('s3cret'));
  assert.ok(r.transcript.includes('*****'));
  assert.equal(r.answered, ['loadconfig.passphrase', 'loadconfig.source']);

  const u = new Conversation(T.commands.loadconfig.rules);
  assert.equal(u.feed('There are currently uncommitted changes. Do you want to clear them first? [N]> '), [
    { kind: 'stop', outcome: 'refused', ruleId: 'loadconfig.clear-uncommitted' },
  ]);
  assert.is(u.result('done').outcome, 'refused');

  const big = new Conversation([], { maxBytes: 100 });
  assert.equal(big.feed('x'.repeat(101)), [{ kind: 'stop', outcome: 'too-long' }]);
  assert.is(big.result('done').transcript.length, 100);

  const q = new Conversation([]);
  q.feed('Are you sure? [N]> ');
  assert.ok(q.idle());
  assert.is(q.result('done').outcome, 'unknown-prompt');
  const working = new Conversation([]);
  working.feed('Loading...\n');
  assert.is(working.idle(), null);

  // No passphrase given: the prompt that needs it is not answered.
  const np = new Conversation(T.commands.loadconfig.rules);
  assert.is(np.feed('Enter your Passphrase to make changes:\n')[0]!.kind, 'stop');
});

test('Conversation: the same prompt answered again and again is given up', () => {
  const c = new Conversation(T.commands.saveconfig.rules);
  const ask = 'Choose the passphrase option:\n1. Mask\n2. Encrypt\n[1]> ';
  for (let k = 0; k < 3; k++) assert.is(c.feed(ask)[0]!.kind, 'answer');
  assert.equal(c.feed(ask), [{ kind: 'stop', outcome: 'unknown-prompt', ruleId: 'saveconfig.passphrase-option' }]);
});

test('visible: control characters become escapes, CR LF a line feed', () => {
  assert.is(visible('a\r\nb\x1b[2J\x07\u202e\tc\rd'), 'a\nb\\x1b[2J\\x07\\u202e\tc\\x0dd');
});

test("pull in process: version, saveconfig (encrypted), fetch; the export is the appliance's and not masked", async () => {
  const app = new EmulatedAppliance(STANDALONE);
  const s = localSession(app, { name: 'esa1' });
  const r = await pullExport(s);
  assert.ok(r.ok, JSON.stringify(r.findings));
  if (!r.ok) return;
  assert.equal(s.sent, ['version', 'saveconfig']);
  assert.is(r.pulled.version.build, '14.2.0-620');
  assert.is(r.pulled.version.serial, app.serial);
  const text = Buffer.from(r.pulled.bytes).toString('latin1');
  assert.is(text, app.files.get(r.pulled.remoteName));
  const ex = readExport(text).export!;
  assert.is(ex.masked.length, 0);
  assert.is(ex.hostname, 'esa1.example.com');
  assert.match(r.pulled.sha256, /^[0-9a-f]{64}$/);
  assert.is(r.pulled.removed, false);
});

test('pull: --remove-remote without a removeFile command leaves the file and says so', async () => {
  const app = new EmulatedAppliance(STANDALONE);
  const r = await pullExport(localSession(app, { name: 'esa1' }), { removeRemote: true });
  assert.ok(r.ok);
  assert.equal(
    r.findings.map((f) => f.code),
    ['remote-remove-unknown'],
  );
  assert.is(app.files.size, 1);
});

test('pull refuses an export that comes back masked', async () => {
  const app = new EmulatedAppliance(MASKED);
  const r = await pullExport(localSession(app, { name: 'gw' }));
  assert.not.ok(r.ok);
  assert.equal(
    r.findings.map((f) => f.code),
    ['masked-secrets'],
  );
});

test('pull: a file from another build than version says is not kept', async () => {
  const app = new EmulatedAppliance(STANDALONE);
  const s = localSession(app, { name: 'esa1' });
  const real = s.download.bind(s);
  s.download = async (n, m) =>
    Buffer.from(
      Buffer.from(await real(n, m))
        .toString('latin1')
        .replace('14.2.0-620', '14.2.0-999'),
      'latin1',
    );
  const r = await pullExport(s);
  assert.not.ok(r.ok);
  assert.equal(r.findings[0]!.code, 'appliance-file-mismatch');
  assert.equal((r.findings[0]!.args as { field: string }).field, 'build');
});

test('pull: never answering and an unknown prompt are bounded', async () => {
  const app = new EmulatedAppliance(STANDALONE);
  app.misbehave.neverAnswer = ['saveconfig'];
  const t0 = Date.now();
  const r = await pullExport(localSession(app, { name: 'esa1' }, { timeoutMs: 200 }));
  assert.ok(Date.now() - t0 < 2000);
  assert.not.ok(r.ok);
  assert.equal(r.findings[0]!.args, { target: 'esa1', command: 'saveconfig', outcome: 'timeout', rule: null, last: '' });
});

test('loadconfig through the table: passphrase, file, result; uncommitted changes refuse; commit records the comment', async () => {
  const app = new EmulatedAppliance(STANDALONE);
  const s = localSession(app);
  const patched = app.exportText(false).replace('<hostname>esa1.example.com</hostname>', '<hostname>esa1.example.com</hostname><!--p-->');
  await s.upload(Buffer.from(patched, 'latin1'), 'patched.xml');
  const lc = T.commands.loadconfig;
  const r = await s.run(lc.command, lc.rules, { values: { file: 'patched.xml' }, secret: PASSPHRASE });
  assert.is(r.outcome, 'done');
  const res = parseResult(r.transcript, T.results.loadconfig);
  assert.ok(res.ok && res.outcome === 'loaded', r.transcript);
  assert.ok(app.pending);
  assert.not.ok(r.transcript.includes(PASSPHRASE));
  // A second load finds uncommitted changes: the tool never clears them.
  const again = await s.run(lc.command, lc.rules, { values: { file: 'patched.xml' }, secret: PASSPHRASE });
  assert.is(again.outcome, 'refused');
  assert.is(again.refusedBy, 'loadconfig.clear-uncommitted');
  const cm = T.commands.commit;
  const c = await s.run(cm.command, cm.rules, { values: { comment: 'esa-patch sha256 abc' } });
  const cr = parseResult(c.transcript, T.results.commit);
  assert.ok(cr.ok && cr.outcome === 'committed');
  assert.is(app.commits.at(-1)!.comment, 'esa-patch sha256 abc');
  assert.not.ok(app.pending);
  assert.is(app.committed, patched);
});

test('loadconfig: Parsing failed, another build, no changes, an unknown prompt, a dropped connection', async () => {
  const lc = T.commands.loadconfig;
  const load = async (app: EmulatedAppliance, text: string) => {
    const s = localSession(app, {}, { idleMs: 50 });
    await s.upload(Buffer.from(text, 'latin1'), 'f.xml');
    return s.run(lc.command, lc.rules, { values: { file: 'f.xml' }, secret: PASSPHRASE });
  };
  const outcome = (t: string) => {
    const r = parseResult(t, T.results.loadconfig);
    return r.ok ? r.outcome : r.reason;
  };
  const a = new EmulatedAppliance(STANDALONE);
  a.misbehave.parsingFailed = 'line 12: unexpected element';
  assert.is(outcome((await load(a, STANDALONE.replace('<config>', '<config><!--x-->'))).transcript), 'parsing-failed');
  const b = new EmulatedAppliance(STANDALONE, { build: '15.0.0-104' });
  assert.is(outcome((await load(b, STANDALONE)).transcript), 'other-version');
  const c = new EmulatedAppliance(STANDALONE);
  assert.is(outcome((await load(c, STANDALONE)).transcript), 'no-changes');
  const d = new EmulatedAppliance(STANDALONE);
  d.misbehave.unknownPrompt = true;
  const du = await load(d, STANDALONE);
  assert.is(du.outcome, 'unknown-prompt');
  const e = new EmulatedAppliance(STANDALONE);
  e.misbehave.dropMidLoad = true;
  assert.is((await load(e, STANDALONE)).outcome, 'cut');
  assert.not.ok(e.pending);
});

test("hostaccess import replaces one listener's HAT; export writes it; a re-export may respell TLS", async () => {
  const app = new EmulatedAppliance(STANDALONE);
  const s = localSession(app);
  const listener = app.listeners()[0]!;
  const before = app.hatOf(listener)!;
  const hat = `${before}\n$TLSREQ\n    ACCEPT {\n        tls = "required"\n    }\n`;
  await s.upload(Buffer.from(hat, 'latin1'), 'hat.txt');
  const imp = T.commands.hostaccessImport;
  const values = { listener, file: 'hat.txt' };
  const r = await s.run(commandText(imp, values), imp.rules, { values });
  const ir = parseResult(r.transcript, T.results.hostaccessImport);
  assert.ok(ir.ok && ir.outcome === 'imported', r.transcript);
  assert.is(app.hatOf(listener, app.candidate), hat);
  const others = app.listeners().slice(1);
  for (const l of others) assert.is(app.hatOf(l, app.candidate), app.hatOf(l));
  const ex = T.commands.hostaccessExport;
  await s.run(commandText(ex, { listener, file: 'out.txt' }), ex.rules);
  assert.is(app.files.get('out.txt'), hat);
  app.misbehave.respellTls = { from: 'required', to: 'REQUIRED' };
  assert.ok(app.exportText(false).includes('tls = "REQUIRED"'));
  assert.not.ok(app.exportText(false).includes('tls = "required"'));
});

test('a terminal session (-tt) reads the same: echoed answers, CR LF', async () => {
  const app = new EmulatedAppliance(STANDALONE);
  const r = await pullExport(localSession(app, { name: 'esa1' }, { tty: true }));
  assert.ok(r.ok, JSON.stringify(r.findings));
});

test('a CLI that shows its prompt after a command and waits: the prompt ends the command', async () => {
  const app = new EmulatedAppliance(STANDALONE);
  app.misbehave.trailingPrompt = true;
  const t0 = Date.now();
  const r = await pullExport(localSession(app, { name: 'esa1' }, { idleMs: 2000 }));
  assert.ok(r.ok, JSON.stringify(r.findings));
  assert.ok(Date.now() - t0 < 1500, `${Date.now() - t0} ms: waited for the idle time`);
  // Without the CLI prompt in the table, the same output is a prompt nobody answers.
  const bare = await localSession(app, {}, { idleMs: 50 }).run('version', []);
  assert.is(bare.outcome, 'unknown-prompt');
  app.cluster = { name: 'c1', groups: [], machines: [] };
  const c = await localSession(app, {}, { idleMs: 2000 }).run('clustermode cluster', [], { endPrompt: T.cliPrompt });
  assert.is(c.outcome, 'done');
  assert.match(c.transcript, /\(Cluster c1\)> $/);
});

test('probeUncommitted: pending or not, asked by abandoning loadconfig at its first question; nothing changes', async () => {
  const app = new EmulatedAppliance(STANDALONE);
  const clean = await probeUncommitted(localSession(app), T);
  assert.ok(clean.ok && !clean.pending, JSON.stringify(clean));
  app.pendingChange();
  const before = app.candidate;
  const s = localSession(app);
  const dirty = await probeUncommitted(s, T);
  assert.ok(dirty.ok && dirty.pending, JSON.stringify(dirty));
  assert.is(app.candidate, before);
  assert.ok(app.pending);
  assert.equal(s.sent, ['loadconfig']);
  // An appliance that asks something else first: the probe cannot tell, and says so.
  const odd = new EmulatedAppliance(STANDALONE);
  odd.misbehave.unknownPrompt = true;
  const u = await probeUncommitted(localSession(odd, {}, { idleMs: 50 }), T);
  assert.ok(!u.ok && u.finding.code === 'appliance-command');
});

test('staging: a colleague commits between two pulls; an upgrade to another build', async () => {
  const app = new EmulatedAppliance(STANDALONE);
  const first = await pullExport(localSession(app, { name: 'esa1' }));
  app.colleagueCommit();
  const second = await pullExport(localSession(app, { name: 'esa1' }));
  assert.ok(first.ok && second.ok);
  if (!first.ok || !second.ok) return;
  const hat = (b: Uint8Array, l: string) =>
    readExport(Buffer.from(b).toString('latin1')).export!.listeners.find((x) => x.name === l)!.hat!.text;
  const listener = app.listeners()[0]!;
  assert.is.not(hat(first.pulled.bytes, listener), hat(second.pulled.bytes, listener));
  assert.ok(hat(second.pulled.bytes, listener).includes('COLLEAGUE:'));
  app.build = '15.0.0-104';
  const third = await pullExport(localSession(app, { name: 'esa1' }));
  assert.ok(third.ok && third.pulled.version.build === '15.0.0-104');
  if (third.ok) assert.is(readExport(Buffer.from(third.pulled.bytes).toString('latin1')).export!.header.version, '15.0.0-104');
});

test('cluster: the prompt shows the level clustermode set', async () => {
  const app = new EmulatedAppliance(STANDALONE);
  app.cluster = { name: 'c1', groups: ['g1'], machines: ['esa1.example.com'] };
  const r = await localSession(app).run('clustermode cluster; version', []);
  assert.is(parseMode(r.transcript), 'cluster c1');
});

test.run();
