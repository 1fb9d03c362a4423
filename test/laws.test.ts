/**
 * The laws, on every sample and corpus file, through the library (check-laws holds the CLI to
 * the same laws with outside tools): apply, diff reproduces the output (GNU patch, git apply,
 * jsdiff), plan again finds nothing, rollback restores the input byte for byte, by edits and
 * by meaning, and apply is deterministic.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { applyPatch } from 'diff';
import { patch as planExport } from './patch/run.js';
import { buildArtefact, reverseArtefact, sha256 } from '../src/patch/artefact.js';
import { rollbackExport } from '../src/patch/rollback.js';
import { recipe as cresRecipe } from './patch/run.js';
import { unifiedDiff, verifyDiff } from '../src/report/diff.js';
import { readExport } from '../src/esa/export.js';
import { allExports, tempDir } from './helpers.js';

const recipe = cresRecipe();
const work = tempDir();

function outsideHats(text: string): string {
  return text.replace(/(<hat>)[\s\S]*?(<\/hat>)/g, '$1$2');
}

/** What an appliance might write back after loading the patch: our blocks re-indented, every parameter spelled out. */
function reexport(text: string): string {
  return text
    .replace(/\$CRES_TLS(\r?\n)( +|\t+)ACCEPT \{(\r?\n)/, (_m, eol: string, ind: string) => `$CRES_TLS${eol}${ind}ACCEPT {${eol}${ind}${ind}max_msgs_per_session = 1000${eol}${ind}${ind}spam_check = "on"${eol}`)
    .replace(/Current Time: [^\r\n]*/, 'Current Time: Mon Nov 30 10:00:00 2026');
}

for (const f of allExports()) {
  test(`laws: ${f.name}`, () => {
    const r = planExport(f.text, { recipe });
    assert.ok(r.outcome === 'patched' || r.outcome === 'unchanged', `${r.outcome}: ${r.findings.map((x) => x.message).join('; ')}`);
    const exp = readExport(f.text);
    const hasPublic = exp.listeners.some((l) => l.type === 'public');
    assert.ok(hasPublic);
    // Bytes outside <hat> never change; edits stay inside hat elements.
    assert.is(outsideHats(r.output), outsideHats(f.text));
    for (const e of r.edits) {
      const hat = exp.listeners.find((l) => l.hatElement >= 0 && exp.doc.elements.openEnd[l.hatElement]! <= e.offset && e.offset + e.delete.length <= exp.doc.elements.closeStart[l.hatElement]!);
      assert.ok(hat, `edit at ${e.offset} inside a <hat>`);
      assert.ok(/^[\x09\x0A\x0D\x20-\x7E]*$/.test(e.insert), 'inserted text is ASCII');
    }
    // Private listeners untouched.
    const after = readExport(r.output);
    for (const l of exp.listeners.filter((x) => x.type !== 'public')) {
      assert.is(after.listeners.find((x) => x.name === l.name)!.hatText?.text, l.hatText?.text);
    }
    // The diff reproduces the output: GNU patch, git apply, and jsdiff.
    const diff = unifiedDiff(f.text, r.edits, f.name);
    if (r.outcome === 'unchanged') {
      assert.is(diff, '');
      assert.is(r.output, f.text);
    } else {
      const dir = join(work, f.name.replace(/\W/g, '_'));
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, f.name), f.text, 'latin1');
      writeFileSync(join(dir, 'x.diff'), diff, 'latin1');
      execFileSync('patch', ['--quiet', '--binary', join(dir, f.name), join(dir, 'x.diff')]);
      assert.ok(readFileSync(join(dir, f.name), 'latin1') === r.output, 'GNU patch reproduces the output');
      writeFileSync(join(dir, f.name), f.text, 'latin1');
      execFileSync('git', ['init', '-q'], { cwd: dir });
      const git = spawnSync('git', ['apply', '--whitespace=nowarn', 'x.diff'], { cwd: dir });
      assert.is(git.status, 0, git.stderr?.toString());
      assert.ok(readFileSync(join(dir, f.name), 'latin1') === r.output, 'git apply reproduces the output');
      assert.ok(applyPatch(f.text, diff) === r.output, 'jsdiff reproduces the output');
      assert.ok(verifyDiff(f.text, r.output, diff), 'verifyDiff accepts the diff');
      assert.not.ok(verifyDiff(f.text, r.output.replace('CRES:', 'CRES2:'), diff), 'verifyDiff rejects a wrong output');
      assert.not.ok(verifyDiff(f.text, r.output + ' ', diff), 'verifyDiff rejects a change outside the window');
    }
    // Idempotent.
    const again = planExport(r.output, { recipe });
    assert.is(again.outcome, 'unchanged');
    assert.equal(again.edits, []);
    // Deterministic.
    const second = planExport(f.text, { recipe });
    assert.ok(second.output === r.output);
    assert.is(unifiedDiff(f.text, second.edits, f.name), diff);
    // Rollback by edits: byte for byte.
    const artefact = buildArtefact(r, f.text, f.name, 'test');
    assert.is(artefact.input.sha256, sha256(f.text));
    const json = JSON.parse(JSON.stringify(artefact));
    const back = rollbackExport(r.output, json);
    assert.ok(back.output === f.text, 'rollback restores the input');
    assert.is(back.mode, r.outcome === 'patched' ? 'exact' : 'none');
    assert.equal(reverseArtefact(reverseArtefact(artefact)), artefact);
    // Rollback by meaning, on a later export of the same appliance.
    if (r.outcome === 'patched') {
      const later = reexport(r.output);
      assert.ok(later !== r.output);
      assert.is(planExport(later, { recipe }).outcome, 'unchanged', 're-export is still compliant');
      const undone = rollbackExport(later, artefact);
      assert.is(undone.mode, 'meaning');
      assert.is(undone.outcome, 'patched', undone.findings.map((x) => x.message).join('; '));
      const restored = readExport(undone.output);
      for (const l of exp.listeners) {
        const lr = restored.listeners.find((x) => x.name === l.name)!;
        assert.equal(lr.hat?.entries.map((e) => e.name), l.hat?.entries.map((e) => e.name), `${l.name}: entries restored`);
        assert.equal(lr.hat?.policies.map((p) => p.name), l.hat?.policies.map((p) => p.name), `${l.name}: policies restored`);
      }
      assert.is(planExport(undone.output, { recipe }).outcome, 'patched', 'the change is gone');
    }
  });
}

test('rollback by meaning refuses when what the patch left was changed since', () => {
  const f = allExports().find((x) => x.name === 'esa-standalone.xml')!;
  const r = planExport(f.text, { recipe });
  const artefact = buildArtefact(r, f.text, f.name, 'test');
  const changed = r.output.replace('    204.15.81.0/26\n    $CRES_TLS', '    204.15.81.0/26\n    192.0.2.99\n    $CRES_TLS');
  assert.ok(changed !== r.output);
  const undone = rollbackExport(changed, artefact);
  assert.is(undone.outcome, 'refused');
  assert.is(undone.findings[0]!.code, 'rollback-conflict');
  assert.match(undone.findings[0]!.message, 'CRES');
  assert.ok(undone.output === changed);
});

test('a tampered artefact is detected', () => {
  const f = allExports().find((x) => x.name === 'esa-standalone.xml')!;
  const r = planExport(f.text, { recipe });
  const artefact = buildArtefact(r, f.text, f.name, 'test');
  artefact.edits[0]!.delete = 'x' + artefact.edits[0]!.delete;
  const undone = rollbackExport(r.output, artefact);
  assert.is(undone.outcome, 'error');
  assert.is(undone.findings[0]!.code, 'artefact-corrupt');
});

test.after(() => rmSync(work, { recursive: true, force: true }));

test.run();
