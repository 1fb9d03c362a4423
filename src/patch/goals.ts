/** The goals of a recipe, one per sender group, each with the policy it is bound to. */
import type { Recipe } from '../recipes/recipe.js';
import type { Goal } from './plan.js';

/** One {@link Goal} per sender group of the recipe (groups whose policy the recipe lacks are skipped; checkRecipe reports them). */
export function recipeGoals(recipe: Recipe): Goal[] {
  const out: Goal[] = [];
  for (const group of recipe.groups) {
    const policy = recipe.policies.find((p) => p.name === group.policy);
    if (policy) out.push({ group, policy, replaceUnknownTls: recipe.replaceUnknownTls ?? false });
  }
  return out;
}
