/**
 * The built-in recipes: recipe files shipped in the package's `recipes/` directory and read
 * through the same loader as a user's file. The caller reads the file (only the CLI touches
 * files): {@link builtinRecipeUrl} says where, {@link loadBuiltinRecipe} takes a reader.
 */
import { finding } from '../findings.js';
import { loadRecipe, type LoadedRecipe, type LoadRecipeOptions } from './load.js';

/** One built-in recipe. */
export interface BuiltinRecipe {
  name: string;
  /** Path of its file relative to the package root. */
  file: string;
}

/** Every built-in recipe, the default first. */
export const BUILTIN_RECIPE_FILES: readonly BuiltinRecipe[] = [{ name: 'cres-tls', file: 'recipes/cres-tls.yaml' }];

/** The recipe `plan` and `apply` use when none is named. */
export const DEFAULT_RECIPE_NAME = 'cres-tls';

/** Names of the built-ins. */
export function builtinRecipeNames(): string[] {
  return BUILTIN_RECIPE_FILES.map((r) => r.name);
}

/**
 * Where the built-in `name` is installed, or null when there is none of that name.
 * This module lives at `src/recipes/` (or `dist/recipes/`), two levels below the package root.
 */
export function builtinRecipeUrl(name: string): URL | null {
  const b = BUILTIN_RECIPE_FILES.find((r) => r.name === name);
  return b ? new URL(`../../${b.file}`, import.meta.url) : null;
}

/**
 * Loads the built-in `name` with `read` (e.g. `(u) => readFileSync(u, 'utf8')`); an unknown
 * name is a `recipe-unknown-builtin` finding. Findings are located in the shipped file.
 */
export function loadBuiltinRecipe(
  name: string,
  read: (url: URL) => string,
  options: Omit<LoadRecipeOptions, 'file'> = {},
): LoadedRecipe & { text: string | null } {
  const url = builtinRecipeUrl(name);
  if (!url)
    return { recipe: null, text: null, findings: [finding('recipe-unknown-builtin', 'error', { name, available: builtinRecipeNames() })] };
  const text = read(url);
  const b = BUILTIN_RECIPE_FILES.find((r) => r.name === name)!;
  return { ...loadRecipe(text, { ...options, file: b.file }), text };
}
