/**
 * The start-up path of a command line that needs nothing of yargs but its parse: the command's
 * builder is read into a table, the words are parsed by yargs-parser (yargs' own tokenizer,
 * three modules instead of forty), and the result is what yargs would have made of them. Any
 * word this path is not sure of (help, version, an unknown or repeated option form, a missing
 * value, a value outside its choices, a missing positional) makes it decline: `main` then runs
 * yargs, which says what is wrong the way it always has. Tested against yargs
 * (test/cli/fast-args.test.ts).
 */
import parse from 'yargs-parser';
import type { CommandModule } from './commands/command.js';

interface OptionSpec {
  type: 'string' | 'boolean';
  array: boolean;
  requiresArg: boolean;
  demand: boolean;
  choices?: readonly string[];
  alias: string[];
}

/** Declared options of a command, or null when its builder uses more than this path knows. */
function optionsOf(m: CommandModule): Map<string, OptionSpec> | null {
  const options = new Map<string, OptionSpec>();
  let known = true;
  const KEYS = new Set(['type', 'array', 'requiresArg', 'demandOption', 'choices', 'alias', 'describe', 'group']);
  const recorder: Record<string, unknown> = {
    option(name: string, o: Record<string, unknown>) {
      if (Object.keys(o).some((k) => !KEYS.has(k)) || (o.type !== 'string' && o.type !== 'boolean')) known = false;
      const alias = o.alias === undefined ? [] : Array.isArray(o.alias) ? (o.alias as string[]) : [o.alias as string];
      options.set(name, {
        type: o.type as 'string' | 'boolean',
        array: o.array === true,
        requiresArg: o.requiresArg === true,
        demand: o.demandOption === true,
        choices: o.choices as string[] | undefined,
        alias,
      });
      return recorder;
    },
    positional(_name: string, o: Record<string, unknown>) {
      if (o.type !== 'string') known = false;
      return recorder;
    },
  };
  // Anything else a builder calls is unknown here: a TypeError ends the reading.
  try {
    m.builder(recorder as never);
  } catch {
    return null;
  }
  return known ? options : null;
}

const camel = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * `argv` (the command's name first) parsed as yargs parses it for `m`, or null when this path
 * declines (see the module comment).
 */
export function fastParse(m: CommandModule, argv: readonly string[]): Record<string, unknown> | null {
  // A lone `-` yargs drops (spf's standard input is marked before this): yargs decides.
  if (argv.some((w) => w === '-' || /^-(h|V)$|^--(help|version)(=|$)/.test(w))) return null;
  const options = optionsOf(m);
  if (!options) return null;
  const byWord = new Map<string, [string, OptionSpec]>();
  for (const [name, spec] of options) for (const w of [name, ...spec.alias]) byWord.set(w, [name, spec]);
  const end = argv.indexOf('--');
  const words = end < 0 ? argv.slice(1) : argv.slice(1, end);
  // Every option word one this path reads exactly: --name, --name=value, -x (an alias of one letter).
  for (let k = 0; k < words.length; k++) {
    const w = words[k]!;
    if (!w.startsWith('-') || w === '-') continue;
    const m = /^--([a-z][a-z0-9-]*)(=.*)?$/.exec(w) ?? /^-([a-zA-Z])()$/.exec(w);
    if (!m || (w.startsWith('--') && m[1]!.length === 1)) return null;
    const hit = byWord.get(m[1]!);
    if (!hit) return null;
    const [, spec] = hit;
    if (spec.type === 'boolean') {
      if (m[2]) return null;
      continue;
    }
    // `--name=` (an empty value): yargs-parser reads an empty list for an array option, which
    // would mean "not given"; yargs says what is wrong.
    if (m[2] === '=') return null;
    if (!m[2]) {
      // A value option takes the next word, which must be a value.
      const next = words[k + 1];
      if (next === undefined || next.startsWith('-')) return null;
      k++;
    }
  }
  const string: string[] = [];
  const boolean: string[] = [];
  const array: string[] = [];
  const alias: Record<string, string[]> = {};
  for (const [name, spec] of options) {
    (spec.type === 'string' ? string : boolean).push(name);
    if (spec.array) array.push(name);
    if (spec.alias.length) alias[name] = spec.alias;
  }
  const parsed = parse(argv.slice(1) as string[], {
    string,
    boolean,
    array,
    alias,
    configuration: {
      'greedy-arrays': false,
      'strip-dashed': true,
      'populate--': true,
      'parse-numbers': false,
      'parse-positional-numbers': false,
    },
  }) as Record<string, unknown>;
  for (const [name, spec] of options) {
    const v = parsed[camel(name)];
    if (v === undefined) {
      if (spec.demand) return null;
      continue;
    }
    const values = Array.isArray(v) ? v : [v];
    if (spec.type === 'string' && values.some((x) => typeof x !== 'string' || (spec.requiresArg && x === ''))) return null;
    if (spec.choices && values.some((x) => !spec.choices!.includes(x as string))) return null;
    // yargs keeps the last of several values of a single option; decline rather than guess.
    if (!spec.array && Array.isArray(v)) return null;
  }
  // The positionals, named as the command string names them.
  const given = (parsed._ as unknown[]).map(String);
  const slots = m.command.split(' ').slice(1);
  const out: Record<string, unknown> = { ...parsed, _: [m.command.split(' ')[0]], $0: 'esa-patch' };
  for (const slot of slots) {
    const s = /^([<[])([a-z][a-z-]*)(\.\.)?[>\]]$/.exec(slot);
    if (!s) return null;
    const [, bracket, name, variadic] = s;
    if (variadic) {
      if (bracket === '<' && !given.length) return null;
      out[name!] = given.splice(0);
      continue;
    }
    const v = given.shift();
    if (v === undefined) {
      if (bracket === '<') return null;
      continue;
    }
    out[name!] = v;
  }
  if (given.length) return null;
  return out;
}
