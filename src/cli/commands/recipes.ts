/**
 * `esa-patch recipes` (the built-in recipes), `esa-patch recipe show NAME` (one of them, as its
 * file), `esa-patch recipe check FILE` (validate a recipe file) and `esa-patch recipe extract <source.xml> --listener NAME --group G... [--policy P...]`
 * (a recipe that recreates those groups and their policies on other exports): their
 * declarations; `./recipes-run.ts` runs them and reads a recipe file for `--recipe FILE`.
 */
import type { Argv } from 'yargs';
import type { CommandModule } from './command.js';

/** `esa-patch recipes`: the built-in recipes, one a line. */
export const recipesCommand: CommandModule = {
  command: 'recipes',
  describe: 'list the built-in recipes',
  examples: [['esa-patch recipes', 'the built-in recipes, the default first']],
  builder: (y: Argv) => y.option('json', { type: 'boolean', describe: 'print JSON' }),
  handler: async (a, io) => (await import('./recipes-run.js')).runRecipes(a, io),
};

/** `esa-patch recipe show NAME`, `recipe check FILE` and `recipe extract SOURCE …`. */
export const recipeCommand: CommandModule = {
  command: 'recipe <action> [target]',
  describe:
    'show a built-in recipe (show NAME), check a recipe file (check FILE), or extract a recipe from an export (extract SOURCE.xml --listener L --group G)',
  examples: [
    ['esa-patch recipe show cres-tls', 'print the built-in recipe file'],
    ['esa-patch recipe check my-recipe.yaml', 'validate a recipe file; errors at file:line:col'],
    [
      'esa-patch recipe extract esa1.xml --listener InboundMail --group PARTNERS -o partners.yaml',
      'a recipe that recreates PARTNERS and its policy on other exports',
    ],
  ],
  builder: (y: Argv) =>
    y
      .positional('action', { type: 'string', describe: 'show, check or extract' })
      .positional('target', {
        type: 'string',
        describe: 'show: a built-in name (see esa-patch recipes); check: a recipe file; extract: the export to copy from',
      })
      .option('listener', { type: 'string', requiresArg: true, describe: 'extract: the listener holding the groups' })
      .option('group', { type: 'string', array: true, requiresArg: true, describe: 'extract: a sender group to recreate (repeatable)' })
      .option('policy', {
        type: 'string',
        array: true,
        requiresArg: true,
        describe: 'extract: another policy to recreate (repeatable; the groups\u2019 policies are always taken)',
      })
      .option('recipe-name', { type: 'string', requiresArg: true, describe: 'extract: name of the recipe (default extract-LISTENER)' })
      .option('output', {
        alias: 'o',
        type: 'string',
        requiresArg: true,
        describe: 'extract: write the recipe to FILE.yaml, or FILE.json as JSON (default: print YAML)',
      })
      .option('force', { type: 'boolean', describe: 'extract: overwrite an existing output file' }),
  handler: async (a, io) => (await import('./recipes-run.js')).runRecipe(a, io),
};
