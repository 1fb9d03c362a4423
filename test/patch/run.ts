/** Test helpers for the patch use case: the built-in recipe with overrides, and a plan with its output. */
import { applyPlan, planExport, type PatchOptions, type Plan } from '../../src/patch/patch.js';
import { DEFAULT_RECIPE, withOverrides, type Recipe, type RecipeOverrides } from '../../src/recipes/index.js';
import { applyEdits } from '../../src/esa/edits.js';
import { recipeGoals } from '../../src/patch/goals.js';
import type { Goal } from '../../src/patch/goals.js';

/** The built-in recipe with `overrides`. */
export function recipe(overrides: RecipeOverrides = {}): Recipe {
  return withOverrides(DEFAULT_RECIPE, overrides);
}

/** planExport, and the text its applyPlan makes (the input when nothing changes). */
export function patch(text: string, options: PatchOptions): Plan & { output: string } {
  const plan = planExport(text, options);
  return { ...plan, output: applyEdits(text, applyPlan(plan).edits) };
}

/** The (first) goal of the built-in recipe with `overrides`: what planListener converges. */
export function goal(overrides: RecipeOverrides = {}): Goal {
  return recipeGoals(recipe(overrides))[0]!;
}
