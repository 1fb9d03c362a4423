/** The CLI validates a `.patch.json` before rollback uses it: `artefact-invalid`, exit 1, the JSON path named, nothing written. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { readArtefact } from '../../src/cli/artefact-file.js';
import { Refused, type Finding } from '../../src/findings.js';
import { messageOf } from '../../src/report/messages.js';
import { recordingIo } from '../../src/cli/io.js';
import { ROOT, SAMPLES, tempDir } from '../helpers.js';

async function cli(args: string[]) {
  const io = recordingIo(ROOT);
  const code = await main(args, io);
  return { code, out: io.stdout, err: io.stderr };
}

function invalid(bytes: string): Finding & { message: string } {
  try {
    readArtefact(bytes, 'p.patch.json');
  } catch (e) {
    if (e instanceof Refused) return { ...e.finding, message: messageOf(e.finding) };
    throw e;
  }
  throw new Error('expected a refusal');
}

test('rollback with a tampered artefact: artefact-invalid, exit 1, the JSON path named, nothing written', async () => {
  const dir = tempDir();
  const input = join(dir, 'in.xml');
  writeFileSync(input, readFileSync(join(SAMPLES, 'multi-listener.xml')));
  assert.is((await cli(['apply', input, '-o', join(dir, 'p.xml')])).code, 0);
  const artefactFile = join(dir, 'p.patch.json');
  const artefact = JSON.parse(readFileSync(artefactFile, 'utf8'));
  const k = artefact.operations.findIndex((o: { op: string }) => o.op === 'add-sender-group');
  artefact.operations[k].senders[0] = '.res.cisco.com\nOPEN:\n    0.0.0.0/0\n    $TRUSTED';
  const bad = join(dir, 'bad.patch.json');
  writeFileSync(bad, JSON.stringify(artefact));
  const r = await cli(['rollback', join(dir, 'p.xml'), '--patch', bad, '-o', join(dir, 'r.xml')]);
  assert.is(r.code, 1);
  assert.match(r.err, '[artefact-invalid]');
  assert.match(r.err, `$.operations[${k}].senders[0]`);
  assert.not.ok(existsSync(join(dir, 'r.xml')));
  // The untouched artefact still rolls back.
  assert.is((await cli(['rollback', join(dir, 'p.xml'), '--patch', artefactFile, '-o', join(dir, 'r.xml')])).code, 0);
  assert.ok(readFileSync(join(dir, 'r.xml')).equals(readFileSync(input)));
  rmSync(dir, { recursive: true });
});

test('readArtefact: not JSON, another format, an unknown operation: artefact-invalid with the path', () => {
  const notJson = invalid('{"format":');
  assert.is(notJson.code, 'artefact-invalid');
  assert.is(notJson.severity, 'error');
  assert.match(notJson.message, 'p.patch.json');
  assert.is(invalid('{"format":"other"}').code, 'artefact-invalid');
  assert.match(invalid('{"format":"other"}').message, '$.format');
  // A key holding a terminal escape is named escaped, never echoed raw.
  const esc = invalid('{"format":"esa-patch/2","\\u001b]52;c;AAAA\\u0007":1}');
  assert.not.match(esc.message, '\x1b');
  assert.match(esc.message, '\\u001b');
});

test.run();
