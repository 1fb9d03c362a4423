/**
 * `diff`, `trace`, `recipes` and `recipe` through the checked argument reader and the output
 * choke point: hostile text from an export reaches the terminal escaped, and every argument
 * mistake is exit 1, one line naming the option, and the pointer to --help.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from './run.js';
import { tempDir } from '../helpers.js';
import { buildExport, CISCO_HAT, standardListeners } from '../fixtures/difftrace.js';

/** UTF-8 bytes of `s`, one character per byte (as exports are read). */
const bytes = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

/** OSC 52 (clipboard write) by C1 OSC/ST, a right-to-left override and a C1 CSI: all allowed in XML 1.0. */
const HOSTILE = '\u009d52;c;ZXZpbA==\u009c\u202e\u009b2J';
/** What must never reach the terminal as itself. */
const RAW = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

function hostileFleet(): string {
  const dir = tempDir();
  // A comment the HAT reads; a member it cannot read (the listener is refused, the line named).
  const hat = CISCO_HAT.replace('(Spammers are rejected)', `(Spammers${bytes(HOSTILE)})`);
  const listeners = standardListeners(hat);
  listeners[0]!.name = `In${bytes(HOSTILE)}`;
  const member = standardListeners(
    CISCO_HAT.replace('    mail.partner.example\n', `    mail.partner.example\n    evil${bytes(HOSTILE)}.example\n`),
  );
  const utf8 = (t: string) => t.replace('encoding="ISO-8859-1"', 'encoding="UTF-8"');
  writeFileSync(join(dir, 'a.xml'), utf8(buildExport({ listeners: standardListeners(), hostname: 'esa1.example.net' })), 'latin1');
  writeFileSync(join(dir, 'b.xml'), utf8(buildExport({ listeners, hostname: `esa${bytes(HOSTILE)}.example.net` })), 'latin1');
  writeFileSync(join(dir, 'member.xml'), utf8(buildExport({ listeners: member, hostname: 'esa3.example.net' })), 'latin1');
  // ESC itself is not allowed in XML: the export is refused, and its refusal is still escaped.
  writeFileSync(
    join(dir, 'esc.xml'),
    buildExport({ listeners: standardListeners(), hostname: 'esa\x1b]52;c;ZXZpbA==\x07.example.net' }),
    'latin1',
  );
  return dir;
}

function assertEscaped(text: string, what: string): void {
  assert.not.match(text, RAW, `${what}: a raw control or bidi character reached the terminal`);
  assert.ok(text.includes('\\x9d52;c;ZXZpbA==\\x9c'), `${what}: OSC 52 shown escaped`);
  assert.ok(text.includes('\\u202e'), `${what}: the bidi override shown escaped`);
}

test('diff: a hostile listener name, member and hostname are printed escaped', async () => {
  const dir = hostileFleet();
  const r = await cli(['diff', 'a.xml', 'b.xml', '--map-listener', `InboundMail=In${HOSTILE}`], { cwd: dir });
  assert.is(r.code, 2, r.err + r.out);
  assertEscaped(r.out + r.err, 'diff');
  assert.ok(r.out.includes(`Spammers\\x9d52;c;ZXZpbA==\\x9c\\u202e\\x9b2J`), 'the comment, escaped');
  assert.ok(r.out.includes(`esa\\x9d52;c;ZXZpbA==`), 'the hostname, escaped');
  const fleet = await cli(['diff', '--baseline', 'a.xml', 'b.xml', 'member.xml', 'esc.xml'], { cwd: dir });
  assert.is(fleet.code, 1);
  assert.not.match(fleet.out + fleet.err, RAW);
  assert.ok((fleet.out + fleet.err).includes('[xml-bad-char]'));
  assert.ok(fleet.out.includes('evil\\x9d52;c;ZXZpbA==\\x9c\\u202e\\x9b2J.example'), 'the member, escaped');
  const quiet = await cli(['diff', 'a.xml', 'b.xml', '--quiet'], { cwd: dir });
  assert.is(quiet.code, 2);
  assert.is(quiet.out.trim().split('\n').length, 1, 'quiet: one summary line');
});

test('trace: a hostile listener name, member and hostname are printed escaped', async () => {
  const dir = hostileFleet();
  const r = await cli(['trace', 'b.xml', '--host', '192.0.2.10', '--ptr', 'mail.partner.example'], { cwd: dir });
  assert.is(r.code, 0, r.err + r.out);
  assertEscaped(r.out + r.err, 'trace');
  assert.ok(r.out.includes('listener In\\x9d52;c;ZXZpbA==\\x9c\\u202e\\x9b2J'), 'the listener name, escaped');
  const member = await cli(['trace', 'member.xml', '--host', '192.0.2.10'], { cwd: dir });
  assert.is(member.code, 1);
  assert.not.match(member.out + member.err, RAW);
  assert.ok(member.out.includes('[trace-hat-unreadable]'));
  const esc = await cli(['trace', 'esc.xml', '--host', '192.0.2.10'], { cwd: dir });
  assert.is(esc.code, 1);
  assert.not.match(esc.out + esc.err, RAW);
  assert.match(esc.err, /\[xml-bad-char\]/);
});

/** An argument error: exit 1, one line naming the option, then the pointer to --help. */
async function refused(args: string[], option: string, cwd: string) {
  const r = await cli(args, { cwd });
  assert.is(r.code, 1, `${args.join(' ')}: ${r.err}`);
  assert.is(r.out, '', args.join(' '));
  const lines = r.err.trimEnd().split('\n');
  assert.ok(lines.length <= 2, `${args.join(' ')}: one line and the pointer, not ${JSON.stringify(r.err)}`);
  assert.ok(lines[0]!.includes(option), `${args.join(' ')}: names ${option}: ${lines[0]}`);
}

test('argument errors of diff, trace, recipes and recipe: exit 1, one line, the option named', async () => {
  const dir = hostileFleet();
  mkdirSync(join(dir, 'out'));
  await refused(['trace', 'a.xml', '--host', '999.1.1.1'], '--host', dir);
  await refused(['trace', 'a.xml', '--host', '10.0.0.0/8'], '--host', dir);
  await refused(['trace', 'a.xml', '--host', '10.0.0.1', '--sbrs', '11'], '--sbrs', dir);
  await refused(['trace', 'a.xml', '--host', '10.0.0.1', '--sbrs', 'high'], '--sbrs', dir);
  await refused(['trace', 'a.xml', '--host', '10.0.0.1', '--ptr', 'a b'], '--ptr', dir);
  await refused(['trace', 'a.xml', '--host', '10.0.0.1', '--host', '10.0.0.2', '--ptr', 'a.example'], '--ptr', dir);
  await refused(['trace', 'a.xml'], '--host', dir);
  await refused(['trace', 'a.xml', '--host'], '--host', dir);
  await refused(['trace', 'a.xml', '--host', '10.0.0.1', '--bogus'], '--bogus', dir);
  await refused(['diff', 'a.xml', 'b.xml', '--map-listener', 'nonsense'], '--map-listener', dir);
  await refused(['diff', 'a.xml', 'b.xml', '--map-listener', 'A=B', '--map-listener', 'A=C'], '--map-listener', dir);
  await refused(['diff', 'a.xml', 'b.xml', '--html', 'out'], '--html', dir);
  await refused(['diff', 'a.xml', 'b.xml', '--force'], '--force', dir);
  await refused(['diff', 'a.xml', '--inventory', 'x.yaml'], '--inventory', dir);
  await refused(['diff', 'a.xml', 'b.xml', '--quiet', '--verbose'], '--quiet', dir);
  await refused(['recipes', '--bogus'], '--bogus', dir);
  await refused(['recipe', 'shwo', 'x'], 'shwo', dir);
  await refused(['recipe', 'show', 'cres-tls', '--group', 'A'], '--group', dir);
  await refused(['recipe', 'extract', 'a.xml', '--group', 'A'], '--listener', dir);
  await refused(['recipe', 'extract', 'a.xml', '--listener', 'InboundMail'], '--group', dir);
  await refused(['recipe', 'extract', 'a.xml', '--listener', 'InboundMail', '--group', 'A B'], '--group', dir);
  await refused(['recipe', 'extract', 'a.xml', '--listener', 'InboundMail', '--group', 'ALL'], '--group', dir);
  await refused(['recipe', 'extract', 'a.xml', '--listener', 'InboundMail', '--group', 'WHITELIST', '--policy', 'x;y'], '--policy', dir);
  await refused(['recipe', 'extract', 'a.xml', '--listener', 'InboundMail', '--group', 'WHITELIST', '-o', 'out'], '-o', dir);
});

test('help, completion and the man page include diff, trace, recipes and recipe with their options', async () => {
  for (const c of ['diff', 'trace', 'recipes', 'recipe']) {
    const h = await cli(['help', c]);
    assert.is(h.code, 0);
    assert.match(h.out, `esa-patch ${c}`);
  }
  const bash = await cli(['completion', 'bash']);
  for (const o of ['--map-listener', '--baseline', '--sbrs', '--cres', '--recipe-name', '--group', '--policy']) assert.match(bash.out, o);
});

test.run();
