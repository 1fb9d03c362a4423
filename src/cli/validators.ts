/** The schema validators `npm run build` compiled ahead of time (`dist/validators`, see `scripts/validators.mjs`). */
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { usePrebuiltValidators } from '../recipes/validate.js';

/**
 * Loads the validators compiled at build time, so that no schema is compiled at start-up.
 * Where there are none (running the sources, under tsx), each schema is compiled on first use.
 */
export function loadPrebuiltValidators(): void {
  const require = createRequire(import.meta.url);
  try {
    usePrebuiltValidators({
      recipe: require('../validators/recipe.cjs') as ValidateFunction,
      artefact: require('../validators/artefact.cjs') as ValidateFunction,
      'artefact-all-errors': require('../validators/artefact-all-errors.cjs') as ValidateFunction,
    });
  } catch {
    // Not built: compiled on first use.
  }
}
