/**
 * `esa-patch recipes` (the built-in recipes), `esa-patch recipe show NAME` (one of them, as its
 * file), `esa-patch recipe check FILE` (validate a recipe file) and `esa-patch recipe extract <source.xml> --listener NAME --group G... [--policy P...]`
 * (a recipe that recreates those groups and their policies on other exports). Also the reading
 * of a recipe file for `--recipe FILE` ({@link readRecipeFile}).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Finding } from '../../findings.js';
import { WRITTEN_NAME_RE } from '../../recipes/validate.js';
import { isUtf8Export, readExport } from '../../patch/patch.js';
import { BUILTIN_RECIPE_FILES, loadBuiltinRecipe } from '../../recipes/builtin.js';
import { loadRecipe } from '../../recipes/load.js';
import { withOverrides, type Recipe, type RecipeOverrides } from '../../recipes/recipe.js';
import { DEFAULT_RECIPE_NAME } from '../../recipes/builtin.js';
import { messageOf } from '../../report/messages.js';
import { checkOutputPlan, commitOutputSet, readLatin1, reason } from '../fs/index.js';
import { suggest, type Args } from '../args.js';
import { EXIT } from '../exit-codes.js';
import { outputOf } from '../output.js';
import { utf8Bytes, warnRecovered } from './common.js';
import type { CliIo } from '../io.js';
import { encodeForExport } from '../../report/terminal.js';
import { refused } from '../../findings.js';

/** A finding as one line for a terminal: `file:line:col: severity: message [code]`. */
function formatFinding(f: Finding): string {
  const where = f.file ? `${f.file}${f.line ? `:${f.line}:${f.col ?? 1}` : ''}: ` : '';
  // Control characters never reach the terminal, whatever a file held.
  return `${where}${f.severity}: ${messageOf(f)} [${f.code}]`.replace(
    /[\x00-\x08\x0b-\x1f\x7f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

const readUrl = (u: URL) => readFileSync(u, 'utf8');

/** A recipe read from a file for `--recipe FILE`: the recipe, its exact text and sha256 (for the artefact). */
export interface RecipeFile {
  recipe: Recipe;
  /** File name as the user gave it. */
  file: string;
  text: string;
  sha256: string;
  /** Warnings of the file (`recipe-param-unknown`), located; the recipe is still used. */
  warnings: Finding[];
}

/**
 * Reads and validates the recipe file `path` (relative to `cwd`). Throws a `Refused` (exit 1)
 * naming the file's line and column of every problem.
 */
export function readRecipeFile(path: string, cwd: string): RecipeFile {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, path), 'utf8');
  } catch (e) {
    throw refused('io-error', { path, reason: `cannot read the recipe (${reason(e)})` });
  }
  const loaded = loadRecipe(text.replace(/^\uFEFF/, ''), { file: path });
  if (!loaded.recipe) throw refused('bad-recipe', { problems: loaded.findings.map(formatFinding) });
  return {
    recipe: loaded.recipe,
    file: path,
    text,
    sha256: createHash('sha256').update(text, 'utf8').digest('hex'),
    warnings: loaded.findings,
  };
}

/** The built-in `name`, loaded from its shipped file. Throws a `Refused` when there is none. */
export function readBuiltinRecipe(name: string): RecipeFile {
  const loaded = loadBuiltinRecipe(name, readUrl);
  if (!loaded.recipe || loaded.text === null) throw refused('bad-recipe', { problems: loaded.findings.map(formatFinding) });
  return {
    recipe: loaded.recipe,
    file: BUILTIN_RECIPE_FILES.find((b) => b.name === name)!.file,
    text: loaded.text,
    sha256: createHash('sha256').update(loaded.text, 'utf8').digest('hex'),
    warnings: loaded.findings,
  };
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

/** Runs `recipes` (declared in `./recipes.ts`). */
export async function runRecipes(a: Args, io: CliIo): Promise<number> {
  const list = BUILTIN_RECIPE_FILES.map((b) => {
    const r = readBuiltinRecipe(b.name);
    return { name: b.name, file: b.file, description: r.recipe.description ?? '', default: b === BUILTIN_RECIPE_FILES[0] };
  });
  const out = outputOf(io);
  if (a.flag('json')) out.raw(JSON.stringify({ recipes: list }, null, 2) + '\n');
  else for (const r of list) out.out(`${r.name}${r.default ? ' (default)' : ''}  ${r.description}\n`);
  return EXIT.ok;
}

const ACTIONS = ['show', 'check', 'extract'] as const;
/** Options only `recipe extract` takes. */
const EXTRACT_ONLY = ['listener', 'group', 'policy', 'recipe-name', 'output', 'force'] as const;

/** The checked arguments of `recipe extract`. */
interface ExtractArgs {
  source: string;
  listener: string;
  groups: string[];
  policies: string[];
  recipeName?: string;
  output?: string;
  force: boolean;
}

function readExtractArgs(a: Args, source: string, cwd: string): ExtractArgs {
  const listener = a.string('listener');
  if (listener === undefined) a.fail('recipe extract needs --listener NAME: the listener holding the groups');
  const groups = a.strings('group');
  if (!groups.length) a.fail('recipe extract needs --group NAME (repeatable): the sender groups to recreate');
  const name = (option: string) => (v: string) => {
    if (!WRITTEN_NAME_RE.test(v)) a.fail(`--${option} "${v}" is not a HAT name: use letters, digits, '_', '.' or '-'`);
    if (v.toUpperCase() === 'ALL') a.fail(`--${option} ALL is the HAT's last entry, not a sender group or policy to recreate`);
    return v;
  };
  const recipeName = a.string('recipe-name');
  if (recipeName !== undefined && !/\S/.test(recipeName)) a.fail('--recipe-name needs a name');
  const output = a.outputFile('output', cwd);
  if (a.flag('force') && output === undefined) a.fail('--force overwrites the -o file: give -o FILE too');
  return {
    source,
    listener,
    groups: groups.map(name('group')),
    policies: a.strings('policy').map(name('policy')),
    recipeName,
    output,
    force: a.flag('force'),
  };
}

/** Runs `recipe` (declared in `./recipes.ts`). */
export async function runRecipe(a: Args, io: CliIo): Promise<number> {
  const given = a.positional('action')!;
  const action = ACTIONS.find((x) => x === given.toLowerCase());
  if (!action) return a.fail(`recipe ${given}: the actions are show NAME, check FILE and extract SOURCE.xml${suggest(given, ACTIONS)}`);
  const target = a.positional('target');
  const what = { show: 'NAME', check: 'FILE', extract: 'SOURCE.xml' }[action];
  if (target === undefined) return a.fail(`recipe ${action} needs ${what}: esa-patch recipe ${action} ${what}`);
  if (a.positionals('target').length > 1) a.fail(`recipe ${action} takes one ${what}, not ${a.positionals('target').length}`);
  if (action !== 'extract') {
    const stray = EXTRACT_ONLY.find((o) => a.strings(o).length || a.flag(o));
    if (stray) a.fail(`--${stray} is an option of recipe extract, not of recipe ${action}`);
  }
  const out = outputOf(io);
  if (action === 'show') {
    const r = readBuiltinRecipe(target);
    out.out(r.text.endsWith('\n') ? r.text : r.text + '\n');
    return EXIT.ok;
  }
  if (action === 'check') {
    const r = readRecipeFile(target, io.cwd);
    for (const w of r.warnings) out.err(formatFinding(w) + '\n');
    out.out(
      `${r.file}: recipe ${r.recipe.name}: ${r.recipe.policies.length} policies, ${r.recipe.groups.length} groups, ${removals(r.recipe)} removals\n`,
    );
    return EXIT.ok;
  }
  return extract(readExtractArgs(a, target, io.cwd), io);
}

function removals(r: Recipe): number {
  const rm = r.remove ?? {};
  return (rm.senders ?? []).reduce((n, x) => n + x.senders.length, 0) + (rm.groups ?? []).length + (rm.policies ?? []).length;
}

async function extract(args: ExtractArgs, io: CliIo): Promise<number> {
  const source = args.source;
  const out = outputOf(io);
  if (args.output) {
    checkOutputPlan({ inputs: [source], outputs: [{ name: args.output, path: resolve(io.cwd, args.output), option: '-o' }], cwd: io.cwd });
  }
  const text = readLatin1(resolve(io.cwd, source));
  const read = readExport(text);
  if (!read.export) {
    out.err(formatFinding({ ...read.finding, file: source }) + '\n');
    return 1;
  }
  const exp = read.export;
  const wanted = args.listener;
  const listeners = exp.listeners.filter((l) => l.name === wanted);
  const file = { file: source };
  const available = exp.listeners.map((l) => l.name).join(', ');
  if (!listeners.length) throw refused('unknown-listener', { names: [wanted], available }, file);
  if (listeners.length > 1) throw refused('listener-ambiguous', { listener: wanted, count: listeners.length, available }, file);
  if (!listeners[0]!.hat) throw refused('listener-without-hat', { listener: wanted, path: listeners[0]!.path }, file);
  // The HAT as the export read it: parsed once.
  const { model } = listeners[0]!.hat!;
  // Only `recipe extract` needs it: loaded here, not at start-up.
  const { extractRecipe } = await import('../../recipes/extract.js');
  const encoding = exp.doc.prolog.encoding;
  const made = extractRecipe(model, {
    listener: wanted,
    // Names from the command line, as the export holds its names (in its encoding).
    groups: args.groups.map((g) => encodeForExport(g, encoding)),
    policies: args.policies.map((p) => encodeForExport(p, encoding)),
    utf8: isUtf8Export(exp),
    ...(args.recipeName ? { name: args.recipeName } : {}),
    source: `${source.split(/[\\/]/).pop()}${exp.hostname ? `, ${exp.hostname}` : ''}`,
    format: args.output && /\.json$/i.test(args.output) ? 'json' : 'yaml',
  });
  if (!made.text) {
    const findings = made.findings.map((f) => ({ ...f, file: source }));
    // Errors last, above the summary.
    for (const f of [...findings.filter((f) => f.severity !== 'error'), ...findings.filter((f) => f.severity === 'error')])
      out.err(formatFinding(f) + '\n');
    const n = findings.filter((f) => f.severity === 'error').length;
    out.err(`${source}: no recipe extracted: ${n} error${n === 1 ? '' : 's'}\n`);
    return EXIT.error;
  }
  if (args.output) {
    // A recipe file is UTF-8 (its text is characters); the writer takes one character per byte.
    const { recovered, kept } = commitOutputSet([{ path: resolve(io.cwd, args.output), content: utf8Bytes(made.text) }], {
      force: args.force,
    });
    warnRecovered(out, recovered);
    out.err(kept.length ? `${args.output} already up to date: nothing written\n` : `wrote ${args.output}\n`);
  } else {
    out.out(made.text);
  }
  return EXIT.ok;
}
