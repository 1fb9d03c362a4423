/**
 * Rollback by meaning is exact or refuses (issue 8.9), listeners by path (8.8), artefacts of
 * 0.1.0 still roll back.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildArtefact, checkArtefact, type PatchArtefact } from '../../src/patch/artefact.js';
import { rollbackExport } from '../../src/patch/rollback.js';
import { validateArtefact } from '../../src/patch/artefact-schema.js';
import { describeOperation } from '../../src/patch/operations.js';
import { ROOT } from '../helpers.js';
import { patch, recipe as recipeWith } from './run.js';

const recipe = recipeWith();

function fixture(name: string): string {
  return readFileSync(join(ROOT, 'test', 'fixtures', name), 'latin1');
}

/** Apply on a fixture: input, output, and its artefact as written to disk. */
function applied(name: string): { input: string; output: string; artefact: PatchArtefact } {
  const input = fixture(name);
  const r = patch(input, { recipe });
  assert.is(r.outcome, 'patched');
  return { input, output: r.output, artefact: JSON.parse(JSON.stringify(buildArtefact(r, input, name, 'test'))) };
}

/** A later export of the same appliance (another header time), changed by `change`. */
function laterOf(text: string, change: (t: string) => string = (t) => t): string {
  return change(text.replace(/Current Time: [^\n]*/, 'Current Time: later'));
}

test('the artefact records listener paths and the appliance serial', () => {
  const { artefact } = applied('fresh.xml');
  assert.is(artefact.input.serial, '420D1A2B3C4D-FIXTURE01');
  assert.equal(artefact.listeners, [{ name: 'IncomingMail', path: 'config/listeners/listener[1]' }]);
  for (const op of artefact.operations) assert.is(op.listenerPath, 'config/listeners/listener[1]');
  assert.is(checkArtefact(artefact), null);
});

test('a sender group named ALL: in the later export: refused, exact rollback advised', () => {
  const { output, artefact } = applied('fresh.xml');
  const later = laterOf(output, (t) => t.replace('\nBLOCKLIST:', '\nALL:\n    192.0.2.0/24\n    $ACCEPTED\n\nBLOCKLIST:'));
  const back = rollbackExport(later, artefact);
  assert.is(back.outcome, 'refused');
  assert.ok(back.output === later, 'nothing changed');
  assert.equal(
    back.findings.filter((x) => x.severity === 'error').map((x) => [x.code, x.args]),
    [['rollback-ambiguous', { listener: 'IncomingMail', name: 'ALL:', reason: 'group-named-all' }]],
  );
  assert.not.ok(back.findings.some((x) => x.code === 'rollback-exact'));
});

test('a sender group name repeated in the later export: refused (rollback-ambiguous)', () => {
  const { output, artefact } = applied('fresh.xml');
  const later = laterOf(output, (t) => t.replace('\nBLOCKLIST:', '\ncres:\n    192.0.2.1\n    $ACCEPTED\n\nBLOCKLIST:'));
  const back = rollbackExport(later, artefact);
  assert.is(back.outcome, 'refused');
  assert.equal(
    back.findings.filter((x) => x.severity === 'error').map((x) => [x.code, x.args]),
    [['rollback-ambiguous', { listener: 'IncomingMail', name: 'CRES', reason: 'repeated-name' }]],
  );
});

test('a parameter of the added policy tuned since: refused, naming the parameter', () => {
  const { output, artefact } = applied('fresh.xml');
  const later = laterOf(output, (t) => t.replace('tls = "required"', 'tls = "required"\n        max_msgs_per_session = 50'));
  const back = rollbackExport(later, artefact);
  assert.is(back.outcome, 'refused');
  assert.equal(
    back.findings.filter((x) => x.severity === 'error').map((x) => [x.code, x.args]),
    [['rollback-tuned', { listener: 'IncomingMail', policy: 'CRES_TLS', param: 'max_msgs_per_session', was: null, now: '50' }]],
  );
  const changed = laterOf(output, (t) => t.replace('tls = "required"', 'tls = "preferred"'));
  const f = rollbackExport(changed, artefact).findings.find((x) => x.severity === 'error')!;
  assert.equal(
    [f.code, f.args],
    ['rollback-tuned', { listener: 'IncomingMail', policy: 'CRES_TLS', param: 'tls', was: 'required', now: 'preferred' }],
  );
});

test('a sender added to the group since: refused (rollback-conflict), nothing written', () => {
  const { output, artefact } = applied('fresh.xml');
  const later = laterOf(output, (t) => t.replace('    204.15.81.0/26\n', '    204.15.81.0/26\n    192.0.2.99\n'));
  const back = rollbackExport(later, artefact);
  assert.is(back.outcome, 'refused');
  assert.is(back.findings.find((x) => x.severity === 'error')!.code, 'rollback-conflict');
  assert.ok(back.output === later);
});

test('never "rolled back" for an output identical to its input: the change already gone is refused', () => {
  const { input, artefact } = applied('fresh.xml');
  const later = laterOf(input);
  const back = rollbackExport(later, artefact);
  assert.is(back.outcome, 'refused');
  assert.ok(back.output === later);
  assert.not.equal(back.outcome, 'patched');
});

test('the input itself: nothing to undo (unchanged, not "rolled back")', () => {
  const { input, artefact } = applied('fresh.xml');
  const back = rollbackExport(input, artefact);
  assert.is(back.outcome, 'unchanged');
  assert.equal(
    back.findings.map((f) => [f.code, f.args]),
    [['nothing-to-undo', { reason: 'already-input' }]],
  );
});

test('one listener name at two cluster levels: undone by path, each its own', () => {
  const input = fixture('cluster-same-name.xml');
  const r = patch(input, { recipe, listeners: ['config/cluster/machines/machine/listeners/listener'] });
  assert.is(r.outcome, 'patched');
  assert.equal([...new Set(r.operations.map((o) => o.listenerPath))], ['config/cluster/machines/machine/listeners/listener']);
  const artefact = buildArtefact(r, input, 'c.xml', 'test');
  const back = rollbackExport(laterOf(r.output), artefact);
  assert.is(back.outcome, 'patched', JSON.stringify(back.findings.map((f) => [f.code, f.args])));
  assert.ok(back.output === laterOf(input));
});

/** The artefact as 0.1.0 wrote it: listeners by name, parameters as an object, policies as `$NAME`, no positions. */
function as010(a: PatchArtefact): PatchArtefact {
  const operations = a.operations.map((op) => {
    const o: Record<string, unknown> = { ...op };
    delete o['listenerPath'];
    delete o['position'];
    delete o['text'];
    if (Array.isArray(o['params'])) o['params'] = Object.fromEntries(o['params'] as [string, string][]);
    const p = o['policy'];
    if (p && typeof p === 'object') o['policy'] = (p as { name: string }).name;
    return o;
  });
  return {
    ...a,
    format: 'esa-patch/1',
    tool: 'esa-patch 0.1.0',
    recipe: { name: 'cres-tls', group: 'CRES', policy: 'CRES_TLS', tls: 'required' },
    operations,
  } as unknown as PatchArtefact;
}

/** An artefact as the tool reads it: validated, 0.1.0's shapes upgraded. */
function readBack(a: unknown): PatchArtefact {
  const v = validateArtefact(JSON.parse(JSON.stringify(a)));
  if (!v.ok) throw new Error(JSON.stringify(v));
  return v.artefact;
}

test('an artefact of 0.1.0 still rolls back, exactly and by meaning', () => {
  const { input, output, artefact } = applied('fresh.xml');
  const raw = as010(artefact);
  assert.is(checkArtefact(raw), null);
  const old = readBack(raw);
  assert.equal(
    old.operations.map((op) => describeOperation(op)),
    [
      'add mail flow policy $CRES_TLS (ACCEPT, tls = "required")',
      'add sender group CRES (before BLOCKLIST) with .res.cisco.com, .cres.iphmx.com, 208.90.57.0/26, 204.15.81.0/26 using $CRES_TLS',
    ],
  );
  assert.ok(rollbackExport(output, old).output === input, 'exact');
  const back = rollbackExport(laterOf(output), old);
  assert.is(back.outcome, 'patched', JSON.stringify(back.findings.map((f) => [f.code, f.args])));
  assert.ok(back.output === laterOf(input), 'by meaning');
});

test('an artefact of 0.1.0 naming a listener that exists twice: refused, not guessed', () => {
  const input = fixture('cluster-same-name.xml');
  const r = patch(input, { recipe, listeners: ['config/cluster/machines/machine/listeners/listener'] });
  const old = readBack(as010(buildArtefact(r, input, 'c.xml', 'test')));
  const back = rollbackExport(laterOf(r.output), old);
  assert.is(back.outcome, 'refused');
  assert.equal(
    back.findings.filter((f) => f.severity === 'error').map((f) => [f.code, f.args]),
    [['rollback-ambiguous', { listener: 'IncomingMail', name: 'IncomingMail', reason: 'repeated-name' }]],
  );
});

test('a tampered artefact is detected', () => {
  const { output, artefact } = applied('fresh.xml');
  artefact.edits[0]!.delete = 'x' + artefact.edits[0]!.delete;
  const back = rollbackExport(output, artefact);
  assert.is(back.outcome, 'error');
  assert.is(back.findings[0]!.code, 'artefact-corrupt');
});

test('edits that overlap or belong to another file: artefact-corrupt, never an internal error', () => {
  const { output, artefact } = applied('fresh.xml');
  const e = artefact.edits[0]!;
  for (const edits of [[e, e], [{ ...e, offset: output.length + 10 }]]) {
    const back = rollbackExport(output, { ...artefact, edits });
    assert.is(back.outcome, 'error');
    assert.equal(
      back.findings.map((f) => f.code),
      ['artefact-corrupt'],
    );
    assert.is(back.output, output);
  }
});

test.run();
