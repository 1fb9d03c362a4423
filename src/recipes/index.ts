/** The built-in recipes, by name. */
import { CRES_TLS } from './cres-tls.js';
import type { Recipe } from './recipe.js';

export { withOverrides, type Recipe, type RecipeOverrides, type GroupGoal, type PolicyGoal, type PublishedHost } from './recipe.js';
export { checkRecipe } from './check.js';

/** Built-in recipes by name. */
export const BUILT_IN_RECIPES: Readonly<Record<string, Recipe>> = { [CRES_TLS.name]: CRES_TLS };

/** The recipe the commands apply when none is named. */
export const DEFAULT_RECIPE: Recipe = CRES_TLS;
