/** Output for a terminal: width, one line per finding, errors last above the summary, detail levels, colour, encodings. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLES, tempDir } from '../helpers.js';
import { main } from '../../src/cli/main.js';
import { wantsColour } from '../../src/cli/output.js';
import { cli, fixture, widest } from './run.js';

const MULTI = join(SAMPLES, 'multi-listener.xml');
const TABS = join(SAMPLES, 'tabs-comments-inline.xml');
const SAMPLE_FILES = readdirSync(SAMPLES)
  .filter((n) => n.endsWith('.xml'))
  .sort();

/** Runs with stdout and stderr interleaved as a terminal shows them. */
async function interleaved(args: string[], cwd?: string) {
  let all = '';
  const io = {
    out: (t: string) => (all += t),
    err: (t: string) => (all += t),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    cwd: cwd ?? process.cwd(),
    env: {},
  };
  const code = await main(args, io);
  return { code, all: Buffer.from(all, 'latin1').toString('utf8') };
}

for (const name of SAMPLE_FILES) {
  test(`plan ${name} at 80 columns: no line wider`, async () => {
    const r = await cli(['plan', join('samples', name)], { columns: 80 });
    assert.ok(r.code === 0 || r.code === 2, r.err);
    assert.ok(
      widest(r.out) <= 80,
      `${widest(r.out)} columns:\n${r.out
        .split('\n')
        .filter((l) => l.length > 80)
        .join('\n')}`,
    );
    assert.ok(widest(r.err) <= 80);
  });
}

test('the whole samples/ batch at 60, 80 and 120 columns: no line wider (diff lines of the samples fit)', async () => {
  for (const columns of [60, 80, 120]) {
    const r = await cli(['plan', 'samples'], { columns });
    const nonDiff = r.out.split('\n').filter((l) => !/^[-+ @]/.test(l) || /^ {2}/.test(l));
    assert.ok(widest(nonDiff.join('\n')) <= columns, `${columns}: ${nonDiff.filter((l) => l.length > columns).join('\n')}`);
  }
});

test('one line per finding by default; --verbose prints them in full; explain CODE says more', async () => {
  const normal = await cli(['plan', TABS], { columns: 80 });
  const lines = normal.out.split('\n');
  const uncovered = lines.filter((l) => l.includes('[published-outside-senders]'));
  assert.is(uncovered.length, 1);
  assert.ok(uncovered[0]!.length <= 80, 'the 884-character line is one short line');
  assert.ok(lines.filter((l) => l.includes('[appliance-version]'))[0]!.length <= 80);
  assert.match(normal.out, 'esa-patch explain CODE');
  const verbose = await cli(['plan', '--verbose', TABS], { columns: 80 });
  for (const l of verbose.out.split('\n')) assert.ok(l.length <= 80 || /^[-+ @]/.test(l), l);
  const piped = await cli(['plan', TABS]);
  assert.is(
    piped.out.split('\n').filter((l) => l.includes('res.cisco.com (184.94.241.74)') && l.endsWith('[published-outside-senders]')).length,
    1,
    'in a pipe: one whole line per finding',
  );
  assert.match(verbose.out, 'res.cisco.com (184.94.241.74)');
  assert.match(verbose.out, 'TLS values in this HAT');
  const explained = await cli(['explain', 'published-uncovered']);
  assert.is(explained.code, 0);
  assert.match(explained.out, /^published-uncovered: /);
  assert.ok(explained.out.length > 200);
});

test('errors and refusals come last, just above the one-line summary', async () => {
  const dir = tempDir();
  const out = join(dir, 'o.xml');
  assert.is((await cli(['apply', TABS, '-o', out])).code, 0);
  // Another group name: other content than the files there (the same command again would be up to date).
  const again = await interleaved(['apply', TABS, '-o', out, '--group-name', 'RES']);
  assert.is(again.code, 1);
  const lines = again.all.trimEnd().split('\n');
  assert.match(lines[lines.length - 1]!, /^apply: 1 file: 1 ERROR; \d+ errors?, \d+ warnings?, \d+ info$/);
  const firstError = lines.findIndex((l) => / error:/.test(l));
  const lastNote = lines.map((l) => /\b(info|warning): /.test(l)).lastIndexOf(true);
  assert.ok(firstError > lastNote, `errors after the notes:\n${again.all}`);
  assert.match(lines.slice(firstError).join('\n'), '[output-exists]');
  rmSync(dir, { recursive: true });
});

test('--quiet: errors and the summary only; --fail-on warning fails a run with warnings', async () => {
  const q = await cli(['plan', '--quiet', TABS]);
  assert.is(q.code, 2);
  assert.is(q.out.trimEnd().split('\n').length, 1, q.out);
  assert.match(q.out, /^plan: 1 file: 1 changes pending; 0 errors, 1 warning, 4 info\n$/);
  const qe = await cli(['plan', '--quiet', join(SAMPLES, 'nope.xml')]);
  assert.is(qe.code, 1);
  assert.match(qe.err, '[unreadable]');
  assert.is((await cli(['plan', '--fail-on', 'warning', TABS])).code, 1);
  assert.is((await cli(['plan', '--fail-on', 'error', TABS])).code, 2);
  // The compliant sample has only info (res.cisco.com is a gap of the recipe, the same on every
  // appliance, not a warning about this one): --fail-on warning leaves it at 0; --fail-on info
  // is not a level, so a fleet's CI can fail on warnings without failing every appliance.
  assert.is((await cli(['plan', '--fail-on', 'error', join(SAMPLES, 'already-compliant-reexport.xml')])).code, 0);
  assert.is((await cli(['plan', '--fail-on', 'warning', join(SAMPLES, 'already-compliant-reexport.xml')])).code, 0);
});

test('single and batch runs show findings the same way; identical findings are folded with count and files', async () => {
  const dir = tempDir();
  const text = readFileSync(TABS, 'latin1');
  for (const n of [1, 2, 3, 4, 5])
    fixture(
      dir,
      `gw${n}.xml`,
      text.replace('gw-east.example.com', `gw${n}.example.com`).replace('0CC47A1B2C3D-FCH2412K9PZ', `SERIAL-${n}`),
    );
  const r = await cli(['plan', dir]);
  assert.is(r.code, 2);
  const overlap = r.out.split('\n').filter((l) => l.includes('[treatment-change]'));
  assert.is(overlap.length, 1, 'folded once');
  const flat = r.out.replace(/\n +/g, ' ');
  assert.match(flat, /\[treatment-change\] in 5 files: \S*gw1\.xml:103:4, \S*gw2\.xml:103:4, \S*gw3\.xml:103:4 and 2 more\n/);
  assert.not.match(r.out, 'info finding(s)');
  const single = await cli(['plan', join(dir, 'gw1.xml')]);
  assert.match(single.out, /^103:4: warning: .*\[treatment-change\]$/m);
  assert.match(r.out, /^warning: .*\[treatment-change\]$/m);
  rmSync(dir, { recursive: true });
});

test('non-ASCII names are decoded for the terminal: ISO-8859-1 and UTF-8 exports', async () => {
  const dir = tempDir();
  const latin1 = fixture(
    dir,
    'sued.xml',
    readFileSync(join(SAMPLES, 'crlf-allowed-list.xml'), 'latin1').replaceAll('Eingang_Extern', 'Eingang_S\xfcd'),
  );
  const r = await cli(['plan', latin1]);
  assert.is(r.code, 2, r.err);
  assert.match(r.out, 'listener Eingang_Süd (public');
  assert.not.match(r.out, '\ufffd');
  const utf8 = fixture(
    dir,
    'entree.xml',
    readFileSync(join(SAMPLES, 'bom-utf8.xml'), 'latin1').replaceAll('Courrier_Entrant', 'Courrier_Entr\xc3\xa9e'),
  );
  const u = await cli(['plan', utf8]);
  assert.match(u.out, 'listener Courrier_Entrée (public');
  rmSync(dir, { recursive: true });
});

test('control characters from an export never reach the terminal raw (C1 CSI is legal XML)', async () => {
  const dir = tempDir();
  const evil = fixture(
    dir,
    'evil.xml',
    readFileSync(MULTI, 'latin1').replace('<listener_name>InboundMail<', '<listener_name>Inbound\x9b2JMail<'),
  );
  const r = await cli(['plan', evil]);
  assert.is(r.code, 2, r.err);
  assert.not.match(r.out + r.err, '\x9b');
  assert.match(r.out, 'Inbound\\x9b2JMail');
  rmSync(dir, { recursive: true });
});

test('a value from an export never forges a line: &#10; and &#13; in the hostname and a listener name (plan, apply, inspect, show)', async () => {
  const dir = tempDir();
  const forged = 'samples/x.xml: nothing to do';
  const evil = fixture(
    dir,
    'evil.xml',
    readFileSync(MULTI, 'latin1')
      .replace(/<hostname>[^<]*<\/hostname>/, `<hostname>gw&#10;${forged}&#x11B;&#x107;</hostname>`)
      .replace('<listener_name>InboundMail<', `<listener_name>Inbound&#13;&#10;${forged}<`),
  );
  const out = join(dir, 'out.xml');
  const runs = [await cli(['plan', evil]), await cli(['apply', evil, '-o', out]), await cli(['inspect', evil])];
  runs.push(await cli(['show', join(dir, 'out.patch.json')]));
  for (const r of runs) {
    const text = r.out + r.err;
    // Every line the tool prints starts as the tool starts it; none starts with the forged text.
    for (const line of text.split('\n')) assert.not.ok(line.startsWith(forged), line);
    assert.match(text, '\\n');
  }
  // Characters above U+00FF from a reference are printed whole, not cut to a byte (0x1B, 0x07).
  assert.match(runs[0]!.out, '\u011b\u0107');
  assert.not.match(runs[0]!.out, '\x1b');
  rmSync(dir, { recursive: true });
});

test('colour per severity on a terminal, honouring NO_COLOR and FORCE_COLOR', async () => {
  const tty = await cli(['plan', TABS], { stdoutIsTTY: true, stderrIsTTY: true, env: {} });
  assert.match(tty.out, '\x1b[33mwarning\x1b[0m');
  assert.match(tty.out, '\x1b[32m+CRES:');
  assert.match(tty.out, '\x1b[33mchanges pending');
  const no = await cli(['plan', TABS], { stdoutIsTTY: true, env: { NO_COLOR: '1' } });
  assert.not.match(no.out, '\x1b[');
  const forced = await cli(['plan', TABS], { stdoutIsTTY: false, env: { FORCE_COLOR: '1' } });
  assert.match(forced.out, '\x1b[');
  const pipe = await cli(['plan', TABS], { stdoutIsTTY: false, env: {} });
  assert.not.match(pipe.out, '\x1b[');
  const refused = await cli(['plan', join('test', 'fixtures', 'masked.xml')], { stdoutIsTTY: true, stderrIsTTY: true, env: {} });
  assert.match(refused.out, '\x1b[1;31mREFUSED');
  assert.match(refused.err, '\x1b[1;31merror');
  assert.ok(wantsColour(true, {}) && !wantsColour(true, { NO_COLOR: '' }) === false && !wantsColour(true, { FORCE_COLOR: '0' }));
});

test('a plan says "changes pending", never "patched"; apply says "patched"', async () => {
  const p = await cli(['plan', MULTI]);
  assert.match(p.out, /^\S+ \([^)]*\): changes pending$/m);
  assert.not.match(p.out, /: patched\b/i);
  assert.not.match(p.out, /\d+ patched/i);
  const dir = tempDir();
  const a = await cli(['apply', MULTI, '-o', join(dir, 'o.xml')]);
  assert.match(a.out, ': patched');
  rmSync(dir, { recursive: true });
});

test.run();
