/** apply --hat-files: one file per changed listener, exactly its new HAT text decoded from XML, in the export's encoding; plan/apply --tokens. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hatFilesOf } from '../../src/appliance/hat-files.js';
import { parseTokens, tokensOf } from '../../src/appliance/tokens.js';
import { readExport } from '../../src/esa/export.js';
import { viewExport } from '../../src/patch/diff-exports.js';
import { cli } from '../cli/run.js';
import { ROOT } from '../helpers.js';
import { SAMPLE } from './world.js';

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'esa-hatfiles-'));
}

test('apply --hat-files writes one file per changed listener: its new HAT exactly, as hostaccess import reads it', async () => {
  const dir = tmp();
  writeFileSync(join(dir, 'esa.xml'), SAMPLE, 'latin1');
  const r = await cli(['apply', 'esa.xml', '-o', 'out/esa.xml', '--hat-files', 'hats'], { cwd: dir });
  assert.is(r.code, 0, r.out + r.err);
  const patched = readFileSync(join(dir, 'out', 'esa.xml'), 'latin1');
  const artefact = JSON.parse(readFileSync(join(dir, 'out', 'esa.patch.json'), 'utf8'));
  const names = readdirSync(join(dir, 'hats')).sort();
  assert.is(names.length, artefact.listeners.length);
  const exp = readExport(patched).export!;
  for (const l of artefact.listeners) {
    const k = exp.listeners.findIndex((x) => x.path === l.path);
    const file = names.find((n) => n.startsWith(`esa.${k + 1}-`))!;
    assert.ok(file, l.name);
    assert.is(readFileSync(join(dir, 'hats', file), 'latin1'), exp.listeners[k]!.hat!.text);
  }
  // Listeners not changed get none.
  assert.ok(exp.listeners.length > names.length);
  // Again: the same HAT files are already there (a re-run converges); one edited since is not overwritten without --force.
  const again = await cli(['apply', 'esa.xml', '-o', 'out2/esa.xml', '--hat-files', 'hats'], { cwd: dir });
  assert.is(again.code, 0, again.err);
  writeFileSync(join(dir, 'hats', names[0]!), 'edited by hand\n');
  const edited = await cli(['apply', 'esa.xml', '-o', 'out3/esa.xml', '--hat-files', 'hats'], { cwd: dir });
  assert.is(edited.code, 1);
  assert.is(readFileSync(join(dir, 'hats', names[0]!), 'utf8'), 'edited by hand\n');
});

test("a HAT text with references: decoded, and encoded in the export's encoding (UTF-8 bytes, or ISO-8859-1 bytes)", () => {
  const hatOf = (decl: string, hat: string) =>
    `<?xml version="1.0" encoding="${decl}"?>\n<!--\n  Version: 14.0.2-020\n-->\n<config><listeners><listener><listener_name>L</listener_name><type>public</type><hat>${hat}</hat></listener></listeners></config>\n`;
  const hat = 'GRP:\n    10.0.0.1 &amp; &lt;x&gt; # caf&#233;\n    $ACCEPTED\n';
  const utf8 = hatFilesOf(hatOf('UTF-8', hat), [{ name: 'L', path: 'config/listeners/listener' }], 's');
  assert.is(utf8[0]!.bytes, 'GRP:\n    10.0.0.1 & <x> # caf\xc3\xa9\n    $ACCEPTED\n');
  const latin1 = hatFilesOf(hatOf('ISO-8859-1', hat), [{ name: 'L', path: 'config/listeners/listener' }], 's');
  assert.is(latin1[0]!.bytes, 'GRP:\n    10.0.0.1 & <x> # caf\xe9\n    $ACCEPTED\n');
  // Bytes already in the file stay those bytes.
  const raw = hatFilesOf(hatOf('UTF-8', 'G: # caf\xc3\xa9\n'), [{ name: 'L', path: 'config/listeners/listener' }], 's');
  assert.is(raw[0]!.bytes, 'G: # caf\xc3\xa9\n');
});

test('plan --tokens: warns tls-token-unwitnessed, records the tokens seen; witnessed, no warning', async () => {
  const dir = tmp();
  writeFileSync(join(dir, 'esa.xml'), SAMPLE, 'latin1');
  const r = await cli(['plan', 'esa.xml', '--tokens', 'tokens.json', '--json'], { cwd: dir });
  assert.is(r.code, 2);
  const f = JSON.parse(r.out).files[0].findings.find((x: { code: string }) => x.code === 'tls-token-unwitnessed');
  assert.ok(f);
  assert.equal(f.args, { token: 'required', version: '14.0.2-020', policy: 'CRES_TLS' });
  const t = parseTokens(readFileSync(join(dir, 'tokens.json'), 'utf8'));
  assert.equal(t.versions['14.0.2-020']!.seen, tokensOf(viewExport(SAMPLE)));
  assert.equal(t.versions['14.0.2-020']!.witnessed, []);
  writeFileSync(
    join(dir, 'tokens.json'),
    JSON.stringify({ format: 'esa-patch-tokens/1', versions: { '14.0.2-020': { witnessed: ['required'], seen: [] } } }),
  );
  const w = await cli(['plan', 'esa.xml', '--tokens', 'tokens.json', '--json'], { cwd: dir });
  assert.not.ok(JSON.parse(w.out).files[0].findings.some((x: { code: string }) => x.code === 'tls-token-unwitnessed'));
  // Without --tokens: no warning (nothing is known; see the README).
  const n = await cli(['plan', 'esa.xml', '--json'], { cwd: dir });
  assert.not.ok(JSON.parse(n.out).files[0].findings.some((x: { code: string }) => x.code === 'tls-token-unwitnessed'));
});

test('a tokens file that is not one: exit 1, saying where', async () => {
  const dir = tmp();
  writeFileSync(join(dir, 'esa.xml'), SAMPLE, 'latin1');
  for (const bad of ['[]', '{"format":"esa-patch-tokens/1","versions":{"14.0":{"witnessed":["a b"]}}}', '{"format":"x","versions":{}}']) {
    writeFileSync(join(dir, 'tokens.json'), bad);
    const r = await cli(['plan', 'esa.xml', '--tokens', 'tokens.json'], { cwd: dir });
    assert.is(r.code, 1, bad);
    assert.match(r.err, /tokens\.json: not a tokens file: \$/);
  }
  // apply with a bad tokens file writes nothing.
  const ap = await cli(['apply', 'esa.xml', '-o', 'out/esa.xml', '--tokens', 'tokens.json'], { cwd: dir });
  assert.is(ap.code, 1);
  assert.not.ok(existsSync(join(dir, 'out', 'esa.xml')));
  assert.throws(() => parseTokens('{"format":"esa-patch-tokens/1","versions":{"\\u001b[2J":{}}}'), /not an AsyncOS version/);
  void ROOT;
});

test.run();
