/**
 * The sample recipes on the sample exports, end to end: applied (edits inside the HATs only),
 * re-planned (nothing to do), rolled back exactly (inverse edits) and by meaning (reverse
 * operations lowered on the patched text), every HAT then meaning what it meant.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readExport } from '../../src/esa/export.js';
import { readHat, reverseOperations, semanticDiff } from '../../src/hat/index.js';
import { extractRecipe } from '../../src/recipes/extract.js';
import { loadRecipe } from '../../src/recipes/load.js';
import { applyEdits, invertEdits } from '../../src/esa/edits.js';
import { ROOT, SAMPLES } from '../helpers.js';
import { runOnExport } from './export-run.js';

const recipes = readdirSync(join(SAMPLES, 'recipes'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => ({ file: f, recipe: loadRecipe(readFileSync(join(SAMPLES, 'recipes', f), 'utf8')).recipe! }));
recipes.push({ file: 'cres-tls.yaml', recipe: loadRecipe(readFileSync(join(ROOT, 'recipes', 'cres-tls.yaml'), 'utf8')).recipe! });
const exports = readdirSync(SAMPLES)
  .filter((f) => f.endsWith('.xml'))
  .map((f) => ({ file: f, text: readFileSync(join(SAMPLES, f), 'latin1') }));

const hats = (text: string) =>
  new Map(
    readExport(text)
      .export!.listeners.filter((l) => l.hat)
      .map((l) => [l.name, readHat(l.hat!.text).model]),
  );

for (const r of recipes) {
  test(`${r.file} on every sample: apply, re-plan, roll back exactly and by meaning`, () => {
    let changed = 0;
    for (const e of exports) {
      const run = runOnExport(e.text, r.recipe, e.file);
      if (!run.edits.length) continue;
      changed++;
      const again = runOnExport(run.output, r.recipe, e.file);
      assert.equal(again.operations, [], `${e.file}: re-planned`);
      assert.is(applyEdits(run.output, invertEdits(run.edits)), e.text, `${e.file}: exact rollback`);
      const back = runOnExport(
        run.output,
        r.recipe,
        e.file,
        run.operations.map((o) => ({ listener: o.listener, ops: reverseOperations(o.ops) })),
      );
      const before = hats(e.text);
      for (const [name, model] of hats(back.output))
        assert.equal(semanticDiff(model, before.get(name)!), [], `${e.file} ${name}: rollback by meaning`);
    }
    assert.ok(changed > 0, `${r.file} changed no sample`);
  });
}

test('retire-sender on multi-listener.xml: the relay leaves PARTNERS, with a treatment change', () => {
  const r = recipes.find((x) => x.file === 'retire-sender.yaml')!.recipe;
  const e = exports.find((x) => x.file === 'multi-listener.xml')!;
  const run = runOnExport(e.text, r, e.file);
  assert.equal(run.operations, [
    { listener: 'InboundMail', ops: [{ op: 'remove-senders', group: 'PARTNERS', senders: ['mx.logistics.example.org'] }] },
  ]);
  const p = run.plans.find((x) => x.listener === 'InboundMail')!.plan;
  assert.equal(
    p.treatmentChanges.map((f) => (f.args as { host: string }).host),
    ['mx.logistics.example.org'],
  );
  assert.match(run.diff, /^-    mx\.logistics\.example\.org$/m);
});

test('partner-allow-list is refused where the HAT has no WHITELIST', () => {
  const r = recipes.find((x) => x.file === 'partner-allow-list.yaml')!.recipe;
  const e = exports.find((x) => x.file === 'crlf-allowed-list.xml')!;
  const run = runOnExport(e.text, r, e.file);
  assert.equal(
    run.plans.map((p) => [p.listener, p.plan.refusal?.code]),
    [['Eingang_Extern', 'position-unknown']],
  );
});

test('migration: extract from one export, apply to another, the groups and policy mean the same on both', () => {
  const src = exports.find((x) => x.file === 'multi-listener.xml')!;
  const dst = exports.find((x) => x.file === 'bom-utf8.xml')!;
  const srcHat = hats(src.text).get('PartnerMX')!;
  const extracted = extractRecipe(srcHat, { listener: 'PartnerMX', groups: ['REGISTERED_PARTNERS'] });
  assert.ok(extracted.recipe, JSON.stringify(extracted.findings));
  const recipe = { ...extracted.recipe!, listeners: 'public' as const };
  assert.equal(runOnExport(src.text, { ...recipe, listeners: ['PartnerMX'] }).edits, [], 'a no-op on its source');
  const run = runOnExport(dst.text, recipe, dst.file);
  assert.ok(run.edits.length > 0);
  const target = hats(run.output).get('Courrier_Entrant')!;
  const pick = (m: typeof srcHat) => {
    const e = m.entries.find((x) => x.name === 'REGISTERED_PARTNERS')!;
    const p = m.policies.find((x) => x.name === 'PARTNER_ACCEPT')!;
    return {
      index: m.entries.indexOf(e),
      members: e.members.map((x) => x.text),
      policy: e.policy && e.policy.kind === 'named' ? [e.policy.name, e.policy.comment] : null,
      behaviour: p.behaviour,
      params: p.params,
    };
  };
  assert.equal(pick(target), pick(srcHat));
  assert.equal(runOnExport(run.output, recipe, dst.file).edits, [], 'converged');
});

test.run();
