/** The goals of a recipe: each sender group with the policy it is bound to. */
import type { GroupGoal, PolicyGoal, Recipe } from '../recipes/recipe.js';

/** A sender group goal and its policy goal. */
export interface Goal {
  group: GroupGoal;
  policy: PolicyGoal;
}

/** One {@link Goal} per sender group of the recipe (a group whose policy the recipe lacks is skipped; checkRecipe reports it). */
export function recipeGoals(recipe: Recipe): Goal[] {
  const out: Goal[] = [];
  for (const group of recipe.groups) {
    const policy = recipe.policies.find((p) => p.name === group.policy);
    if (policy) out.push({ group, policy });
  }
  return out;
}
