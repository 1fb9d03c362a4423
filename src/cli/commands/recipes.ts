/**
 * `esa-patch recipes` (the built-in recipes), `esa-patch recipe show NAME` (one of them, as its
 * file), `esa-patch recipe check FILE` (validate a recipe file) and `esa-patch recipe extract <source.xml> --listener NAME --group G... [--policy P...]`
 * (a recipe that recreates those groups and their policies on other exports). Also the reading
 * of a recipe file for `--recipe FILE` ({@link readRecipeFile}).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import type { Finding } from '../../findings.js';
import { readHat } from '../../hat/model.js';
import { readExport } from '../../esa/export.js';
import { BUILTIN_RECIPE_FILES, loadBuiltinRecipe } from '../../recipes/builtin.js';
import { extractRecipe } from '../../recipes/extract.js';
import { loadRecipe } from '../../recipes/load.js';
import { withOverrides, type Recipe, type RecipeOverrides } from '../../recipes/recipe.js';
import { DEFAULT_RECIPE_NAME } from '../../recipes/builtin.js';
import { messageOf } from '../../report/messages.js';
import { CliError, checkOutputPlan, commitOutputSet, readLatin1, refuseDirectory } from '../fs/index.js';
import { recoveryFinding } from '../job.js';
import type { CliIo } from '../io.js';
import type { CommandModule } from './command.js';

/** A finding as one line for a terminal: `file:line:col: severity: message [code]`. */
function formatFinding(f: Finding): string {
  const where = f.file ? `${f.file}${f.line ? `:${f.line}:${f.col ?? 1}` : ''}: ` : '';
  // Control characters never reach the terminal, whatever a file held.
  return `${where}${f.severity}: ${messageOf(f)} [${f.code}]`.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

const readUrl = (u: URL) => readFileSync(u, 'utf8');

/** A recipe read from a file for `--recipe FILE`: the recipe, its exact text and sha256 (for the artefact). */
export interface RecipeFile {
  recipe: Recipe;
  /** File name as the user gave it. */
  file: string;
  text: string;
  sha256: string;
}

/**
 * Reads and validates the recipe file `path` (relative to `cwd`). Throws a `CliError` (exit 1)
 * naming the file's line and column of every problem.
 */
export function readRecipeFile(path: string, cwd: string): RecipeFile {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, path), 'utf8');
  } catch (e) {
    throw new CliError(`${path}: cannot read the recipe (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 'io-error');
  }
  const loaded = loadRecipe(text.replace(/^\uFEFF/, ''), { file: path });
  if (!loaded.recipe) throw new CliError(loaded.findings.map(formatFinding).join('\n'), 'bad-recipe');
  return { recipe: loaded.recipe, file: path, text, sha256: createHash('sha256').update(text, 'utf8').digest('hex') };
}

/** The built-in `name`, loaded from its shipped file. Throws a `CliError` when there is none. */
export function readBuiltinRecipe(name: string): RecipeFile {
  const loaded = loadBuiltinRecipe(name, readUrl);
  if (!loaded.recipe || loaded.text === null) throw new CliError(loaded.findings.map(formatFinding).join('\n'), 'bad-recipe');
  return { recipe: loaded.recipe, file: BUILTIN_RECIPE_FILES.find((b) => b.name === name)!.file, text: loaded.text, sha256: createHash('sha256').update(loaded.text, 'utf8').digest('hex') };
}

/**
 * The recipe of one run (or one appliance of an inventory): the file `recipe` names (a path,
 * or the name of a built-in), else the default built-in; `overrides` (`--group-name`,
 * `--policy-name`, `--tls-value`, `--sender`) change its first policy and group. The text and
 * sha256 are those of the file, for the artefact.
 */
export function resolveRecipe(spec: { recipe?: string; overrides?: RecipeOverrides }, cwd: string): RecipeFile {
  const name = spec.recipe ?? DEFAULT_RECIPE_NAME;
  const isBuiltin = !/[\\/.]/.test(name) && BUILTIN_RECIPE_FILES.some((b) => b.name === name);
  const file = isBuiltin ? readBuiltinRecipe(name) : readRecipeFile(name, cwd);
  return spec.overrides ? { ...file, recipe: withOverrides(file.recipe, spec.overrides) } : file;
}

/** `esa-patch recipes`: the built-in recipes, one a line. */
export const recipesCommand: CommandModule<{ json?: boolean }> = {
  command: 'recipes',
  describe: 'list the built-in recipes',
  builder: (y: Argv) => y.option('json', { type: 'boolean', describe: 'print JSON' }),
  handler: async (args, io) => {
    const list = BUILTIN_RECIPE_FILES.map((b) => {
      const r = readBuiltinRecipe(b.name);
      return { name: b.name, file: b.file, description: r.recipe.description ?? '', default: b === BUILTIN_RECIPE_FILES[0] };
    });
    if (args.json) io.out(JSON.stringify({ recipes: list }, null, 2) + '\n');
    else for (const r of list) io.out(`${r.name}${r.default ? ' (default)' : ''}  ${r.description}\n`);
    return 0;
  },
};

interface RecipeArgs {
  _: (string | number)[];
  name?: string;
  file?: string;
  source?: string;
  listener?: string;
  group?: string[];
  policy?: string[];
  recipeName?: string;
  output?: string;
  force?: boolean;
}

/** `esa-patch recipe show NAME` and `esa-patch recipe extract …`. */
export const recipeCommand: CommandModule<RecipeArgs> = {
  command: 'recipe',
  describe: 'show a built-in recipe, check a recipe file, or extract a recipe from an export',
  builder: (y: Argv) =>
    y
      .command('show <name>', 'print a built-in recipe file', (s) => s.positional('name', { type: 'string', describe: 'built-in recipe name (see esa-patch recipes)' }))
      .command('check <file>', 'validate a recipe file; errors at file:line:col', (s) => s.positional('file', { type: 'string', describe: 'recipe file (YAML or JSON)' }))
      .command('extract <source>', 'write a recipe that recreates sender groups and their policies of one listener', (s) =>
        s
          .positional('source', { type: 'string', describe: 'the export to copy from' })
          .option('listener', { type: 'string', demandOption: true, describe: 'listener holding the groups' })
          .option('group', { type: 'string', array: true, demandOption: true, describe: 'sender group to recreate (repeatable)' })
          .option('policy', { type: 'string', array: true, describe: 'another policy to recreate (repeatable; the groups\u2019 policies are always taken)' })
          .option('recipe-name', { type: 'string', describe: 'name of the recipe (default extract-LISTENER)' })
          .option('output', { alias: 'o', type: 'string', describe: 'write the recipe to FILE.yaml, or FILE.json as JSON (default: print YAML)' })
          .option('force', { type: 'boolean', describe: 'overwrite an existing output file' }),
      )
      .demandCommand(1, 'name a sub-command: show, check or extract'),
  handler: async (args, io) => {
    const sub = String(args._[1] ?? '');
    if (sub === 'show') return showRecipe(String(args.name), io);
    if (sub === 'check') {
      const r = readRecipeFile(String(args.file), io.cwd);
      io.out(`${r.file}: recipe ${r.recipe.name}: ${r.recipe.policies.length} policies, ${r.recipe.groups.length} groups, ${removals(r.recipe)} removals\n`);
      return 0;
    }
    if (sub === 'extract') return extract(args, io);
    throw new CliError(`unknown sub-command ${sub}: use recipe show NAME, recipe check FILE or recipe extract SOURCE`, 'bad-arguments');
  },
};

function removals(r: Recipe): number {
  const rm = r.remove ?? {};
  return (rm.senders ?? []).reduce((n, x) => n + x.senders.length, 0) + (rm.groups ?? []).length + (rm.policies ?? []).length;
}

function showRecipe(name: string, io: CliIo): number {
  const r = readBuiltinRecipe(name);
  io.out(r.text.endsWith('\n') ? r.text : r.text + '\n');
  return 0;
}

function extract(args: RecipeArgs, io: CliIo): number {
  const source = String(args.source);
  if (args.output) {
    refuseDirectory(args.output, '-o', io.cwd);
    checkOutputPlan({ inputs: [source], outputs: [{ name: args.output, path: resolve(io.cwd, args.output), option: '-o' }], cwd: io.cwd });
  }
  const text = readLatin1(resolve(io.cwd, source));
  const read = readExport(text);
  if (!read.export) {
    io.err(formatFinding({ ...read.finding, file: source }) + '\n');
    return 1;
  }
  const exp = read.export;
  const wanted = String(args.listener);
  const listeners = exp.listeners.filter((l) => l.name === wanted);
  if (listeners.length !== 1 || !listeners[0]!.hat) {
    const why = listeners.length > 1 ? `${listeners.length} listeners are named ${wanted}` : listeners.length ? `listener ${wanted} has no <hat>` : `no listener named ${wanted}`;
    throw new CliError(`${source}: ${why}; listeners: ${exp.listeners.map((l) => l.name).join(', ')}`, 'unknown-listener');
  }
  const hatText = listeners[0]!.hat!.text;
  const { model } = readHat(hatText);
  const out = extractRecipe(model, {
    listener: wanted,
    groups: (args.group ?? []).map(String),
    policies: (args.policy ?? []).map(String),
    ...(args.recipeName ? { name: args.recipeName } : {}),
    source: `${source.split(/[\\/]/).pop()}${exp.hostname ? `, ${exp.hostname}` : ''}`,
    format: args.output && /\.json$/i.test(args.output) ? 'json' : 'yaml',
  });
  if (!out.text) {
    for (const f of out.findings) io.err(formatFinding({ ...f, file: source }) + '\n');
    return 1;
  }
  if (args.output) {
    const { recovered } = commitOutputSet([{ path: resolve(io.cwd, args.output), content: out.text }], { force: !!args.force });
    for (const r of recovered) {
      const f = recoveryFinding(r);
      io.err(`esa-patch: warning: ${messageOf(f)} [${f.code}]\n`);
    }
    io.err(`wrote ${args.output}\n`);
  } else {
    io.out(out.text);
  }
  return 0;
}
