/**
 * Reading parsed arguments: every value option is declared as a string (so its raw text can be
 * named in a message), read here with its check, and turned into the type the command needs.
 * A bad value is a one-line error naming the option (exit 1).
 */
import { refused, type Refused } from '../findings.js';
import { refuseDirectory } from './fs/index.js';
import { WRITTEN_NAME_RE } from '../recipes/validate.js';

/** A command-line mistake (`bad-arguments`): one line, then a pointer to the `--help` of `command` (null: the top level). */
export function usageError(detail: string, command: string | null = null): Refused {
  return refused('bad-arguments', { detail, command });
}

/** yargs' key of an option (`group-name` -> `groupName`). */
const keyOf = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** Typed, checked access to one command's parsed arguments. */
export class Args {
  constructor(
    private readonly raw: Record<string, unknown>,
    private readonly command: string,
  ) {}

  /** Throws a usage error of this command. */
  fail(message: string): never {
    throw usageError(message, this.command);
  }

  /** The values given to `--name` (none, one or several occurrences), each checked non-empty. */
  strings(name: string): string[] {
    const v = this.raw[keyOf(name)];
    if (v === undefined) return [];
    const list = (Array.isArray(v) ? v : [v]).map((x) => (x === undefined || x === null ? '' : String(x)));
    for (const x of list) if (x === '') this.fail(`--${name} needs a value: --${name} VALUE`);
    return list;
  }

  /** The value of `--name` given at most once, or undefined. */
  string(name: string): string | undefined {
    const list = this.strings(name);
    if (list.length > 1) this.fail(`--${name} was given ${list.length} times (${list.join(', ')}); give it once`);
    return list[0];
  }

  /** A flag. */
  flag(name: string): boolean {
    const v = this.raw[keyOf(name)];
    return Array.isArray(v) ? v.some(Boolean) : !!v;
  }

  /** `--name` as a whole number of at least 1. */
  positiveInt(name: string): number | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    if (!/^[0-9]+$/.test(v.trim()) || Number(v) < 1) this.fail(`--${name} must be a whole number of at least 1, not "${v}"`);
    return Number(v);
  }

  /** `--name` as one of `choices`. */
  choice<T extends string>(name: string, choices: readonly T[]): T | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    const hit = choices.find((c) => c === v.toLowerCase());
    if (!hit) this.fail(`--${name} must be ${choices.join(' or ')}, not "${v}"${suggest(v, choices)}`);
    return hit;
  }

  /** `--name` as a sender group or mail flow policy name the HAT accepts. */
  hatName(name: string): string | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    if (!WRITTEN_NAME_RE.test(v)) this.fail(`--${name} "${v}" is not a HAT name: use letters, digits, '_', '.' or '-'`);
    if (v.toUpperCase() === 'ALL') this.fail(`--${name} ALL is reserved for the last HAT entry; choose another name`);
    return v;
  }

  /** `--name` as a file to write: not an existing directory. */
  outputFile(name: string, cwd: string): string | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    // A directory is refused by the file layer's finding (`output-is-directory`).
    refuseDirectory(v, name === 'output' ? '-o' : `--${name}`, cwd);
    return v;
  }

  /** A positional list, with anything given after `--`. */
  positionals(name: string): string[] {
    const v = this.raw[name];
    const list = v === undefined ? [] : Array.isArray(v) ? v : [v];
    const rest = Array.isArray(this.raw['--']) ? (this.raw['--'] as unknown[]) : [];
    return [...list, ...rest].map(String);
  }

  /** A single positional (required ones are enforced by the parser). */
  positional(name: string): string | undefined {
    const list = this.positionals(name);
    return list[0];
  }
}

/** Edit distance, for "did you mean". */
export function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, k) => k);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const keep = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = keep;
    }
  }
  return row[b.length]!;
}

/** The closest candidates to `word` (by edit distance, or as a prefix), best first. */
export function closest(word: string, candidates: readonly string[]): string[] {
  const w = word.toLowerCase();
  if (w.length < 2) return [];
  const scored = candidates
    .filter((c) => c.length > 1)
    .map((c) => ({
      c,
      d: c.toLowerCase().startsWith(w) ? 0.5 : c.toLowerCase().includes(w) && w.length >= 4 ? 1 : distance(w, c.toLowerCase()),
    }))
    .filter((x) => x.d <= Math.max(1, Math.min(3, Math.floor(x.c.length / 3))));
  return scored.sort((a, b) => a.d - b.d).map((x) => x.c);
}

/** ` (did you mean X?)`, or nothing. */
export function suggest(word: string, candidates: readonly string[], prefix = ''): string {
  const best = closest(word, candidates)[0];
  return best === undefined ? '' : `; did you mean ${prefix}${best}?`;
}
