/**
 * The laws, one test per (export × law), over every file of samples/, test/fixtures/ and test/fixtures/corpus/:
 * round trip, edits only inside selected HATs, the diff reproduces the output, idempotency,
 * reversibility (exact and by meaning), and proof by meaning. A refused or failed file writes
 * nothing. (Reads only files of this repository: a user's clone has nothing else.) GNU patch
 * and git apply cross-check jsdiff where they are installed (test/oracles/diff-tools.ts).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyPatch } from 'diff';
import { readExport, type EsaExport } from '../../src/esa/export.js';
import { proveOperations, semanticDiff } from '../../src/hat/diff.js';
import { readHat } from '../../src/hat/model.js';
import { printHat } from '../../src/hat/syntax.js';
import { buildArtefact, reverseArtefact, sha256 } from '../../src/patch/artefact.js';
import { rollbackExport } from '../../src/patch/rollback.js';
import { unifiedDiff, verifyDiff } from '../../src/patch/unified-diff.js';
import { ROOT } from '../helpers.js';
import { gitApply, gnuPatch } from '../oracles/diff-tools.js';
import { optionalOracle } from '../oracles/oracle.js';
import { patch, recipe as recipeWith } from './run.js';

const recipe = recipeWith();

function exportsOf(dir: string): { name: string; text: string }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.xml'))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'latin1') }));
}

const files = [join(ROOT, 'samples'), join(ROOT, 'test', 'fixtures'), join(ROOT, 'test', 'fixtures', 'corpus')]
  .filter((d) => existsSync(d))
  .flatMap(exportsOf);

function read(text: string): EsaExport {
  const r = readExport(text);
  assert.ok(r.export, r.finding?.code);
  return r.export!;
}

/** A later export of the same appliance: another time in the header, so not the file apply wrote. */
function later(text: string): string {
  const out = text.replace(/Current Time: [^\r\n]*/, 'Current Time: Tue Dec 01 04:00:00 2026');
  assert.ok(out !== text, 'the export has a Current Time line');
  return out;
}

for (const f of files) {
  const r = patch(f.text, { recipe });
  const ok = r.outcome === 'patched' || r.outcome === 'unchanged';

  test(`${f.name} × round trip: every HAT reprints byte for byte`, () => {
    const exp = readExport(f.text).export;
    for (const l of exp?.listeners ?? []) if (l.hat) assert.is(printHat(l.hat.syntax), l.hat.text, l.path);
  });

  if (!ok) {
    test(`${f.name} × refusal writes nothing`, () => {
      assert.equal(r.edits, []);
      assert.equal(r.operations, []);
      assert.ok(r.output === f.text);
      assert.ok(
        r.findings.some((x) => x.severity === 'error'),
        'a refusal says why',
      );
    });
    continue;
  }

  test(`${f.name} × edits only inside the HATs of selected listeners`, () => {
    const exp = read(f.text);
    const selected = r.listeners.filter((l) => l.selected).map((l) => l.path);
    for (const e of r.edits) {
      const l = exp.listeners.find(
        (x) =>
          x.hat &&
          exp.doc.elements.openEnd[x.hat.element]! <= e.offset &&
          e.offset + e.delete.length <= exp.doc.elements.closeStart[x.hat.element]!,
      );
      assert.ok(l && selected.includes(l.path), `edit at ${e.offset} inside a selected <hat>`);
    }
    const after = read(r.output);
    for (const l of exp.listeners) {
      const same = after.listeners.find((x) => x.path === l.path)!;
      if (!selected.includes(l.path)) assert.is(same.hat?.text, l.hat?.text, `${l.path} untouched`);
    }
  });

  const diffTest = `${f.name} × the diff reproduces the output`;
  test(diffTest, async () => {
    const diff = unifiedDiff(f.text, r.edits, f.name);
    if (r.outcome === 'unchanged') {
      assert.is(diff, '');
      assert.ok(r.output === f.text);
      return;
    }
    assert.ok(applyPatch(f.text, diff) === r.output, 'jsdiff reproduces the output');
    assert.ok(verifyDiff(f.text, r.output, diff), 'verifyDiff accepts the diff');
    for (const oracle of [gnuPatch, gitApply]) {
      const apply = await optionalOracle(diffTest, oracle);
      if (apply) assert.ok(apply(f.text, diff, f.name) === r.output, `${oracle.name} reproduces the output`);
    }
  });

  test(`${f.name} × idempotency: planning the output finds nothing to do; planning is deterministic`, () => {
    const again = patch(r.output, { recipe });
    assert.is(again.outcome, 'unchanged');
    assert.equal(again.edits, []);
    assert.equal(patch(f.text, { recipe }).edits, r.edits);
  });

  test(`${f.name} × reversibility: exact, and by meaning on a later export`, () => {
    const artefact = JSON.parse(JSON.stringify(buildArtefact(r, f.text, f.name, 'test')));
    assert.is(artefact.input.sha256, sha256(f.text));
    assert.equal(reverseArtefact(reverseArtefact(artefact)), artefact);
    const back = rollbackExport(r.output, artefact);
    assert.ok(back.output === f.text, 'exact rollback restores the input');
    assert.is(back.mode, r.outcome === 'patched' ? 'exact' : 'none');
    if (r.outcome !== 'patched') return;
    const undone = rollbackExport(later(r.output), artefact);
    assert.is(undone.mode, 'meaning');
    assert.is(undone.outcome, 'patched', JSON.stringify(undone.findings.map((x) => [x.code, x.args])));
    // The meaning of every HAT is restored, and every byte outside them; the spelling inside a
    // HAT may differ (an emptied block keeps its braces).
    const want = read(later(f.text));
    const got = read(undone.output);
    const outside = (t: string, e: EsaExport) => {
      let out = '';
      let pos = 0;
      for (const l of e.listeners) {
        if (!l.hat) continue;
        out += t.slice(pos, e.doc.elements.openEnd[l.hat.element]!);
        pos = e.doc.elements.closeStart[l.hat.element]!;
      }
      return out + t.slice(pos);
    };
    assert.ok(outside(undone.output, got) === outside(later(f.text), want), 'bytes outside the HATs restored');
    for (const l of want.listeners) {
      const g = got.listeners.find((x) => x.path === l.path)!;
      if (l.hat) assert.equal(semanticDiff(l.hat.model, g.hat!.model), [], `${l.path}: meaning restored`);
    }
  });

  test(`${f.name} × proof by meaning: each changed HAT is its input with exactly the operations`, () => {
    for (const c of r.changes) {
      const before = readHat(c.source.text).model;
      const after = readHat(c.after).model;
      assert.equal(proveOperations(before, after, c.operations), [], c.listenerPath);
      assert.ok(semanticDiff(before, after).length > 0, 'a change changes the meaning');
    }
    for (const l of r.listeners) for (const op of l.operations) assert.is(op.listenerPath, l.path);
  });
}

test('proof by meaning catches a parameter lost by an edit', () => {
  const f = files.find((x) => x.name === 'brace-in-quoted-value.xml')!;
  const r = patch(f.text, { recipe });
  const c = r.changes[0]!;
  const tampered = c.after.replace(' max_msgs_per_session = 100', '');
  assert.ok(tampered !== c.after);
  const diff = proveOperations(readHat(c.source.text).model, readHat(tampered).model, c.operations);
  assert.equal(
    diff.map((d) => d.kind),
    ['policy-param-changed'],
  );
});

test.run();
