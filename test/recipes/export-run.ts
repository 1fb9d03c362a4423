/**
 * A recipe run on a whole export, for tests and the README's examples: each listener the
 * recipe selects is planned with planRecipe, lowered and proven, and its HAT edits mapped to
 * file edits. The way the patch layer wires planRecipe in (this file stays test-only).
 */
import { readExport } from '../../src/esa/export.js';
import { lowerAndProve, readHat, type HatOperation } from '../../src/hat/index.js';
import { planRecipe, selectsListener, type RecipePlan } from '../../src/recipes/plan-recipe.js';
import type { Recipe } from '../../src/recipes/recipe.js';
import { unifiedDiff } from '../../src/patch/unified-diff.js';
import { applyEdits, sortEdits, type TextEdit } from '../../src/esa/edits.js';

export interface ExportRun {
  plans: { listener: string; plan: RecipePlan }[];
  operations: { listener: string; ops: HatOperation[] }[];
  edits: TextEdit[];
  output: string;
  diff: string;
}

/** Runs `recipe` (or, with `reverse`, the given operations per listener) on the export `text`. */
export function runOnExport(text: string, recipe: Recipe, name = 'export.xml', reverse?: ExportRun['operations']): ExportRun {
  const read = readExport(text);
  if (!read.export) throw new Error(`not an export: ${read.finding.code}`);
  const run: ExportRun = { plans: [], operations: [], edits: [], output: text, diff: '' };
  for (const l of read.export.listeners) {
    if (!l.hat || !selectsListener(recipe.listeners, l)) continue;
    const { syntax, model } = readHat(l.hat.text);
    let ops: HatOperation[];
    if (reverse) {
      ops = reverse.find((r) => r.listener === l.name)?.ops ?? [];
    } else {
      const plan = planRecipe(model, recipe, { listener: l.name, listenerPath: l.path, syntax });
      run.plans.push({ listener: l.name, plan });
      if (plan.refusal) continue;
      ops = plan.operations;
    }
    if (!ops.length) continue;
    const lowered = lowerAndProve(syntax, ops);
    if (!lowered.ok) throw new Error(`${l.name}: not proven: ${JSON.stringify(lowered.differences)}`);
    run.operations.push({ listener: l.name, ops });
    run.edits.push(...l.hat.toFileEdits(lowered.edits));
  }
  run.edits = sortEdits(run.edits);
  run.output = applyEdits(text, run.edits);
  run.diff = run.edits.length ? unifiedDiff(text, run.edits, name) : '';
  return run;
}
