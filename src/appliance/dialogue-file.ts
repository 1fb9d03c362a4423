/**
 * The user's dialogue file (`--dialogue FILE`, JSON or YAML): overrides of the built-in dialogue
 * tables, for a release whose prompts or result texts differ from what the docs show.
 *
 *     family: "15"                  # optional: only this family's table (default: every family)
 *     cliPrompt: '^esa\d+> $'        # the CLI's own prompt: where a command is over
 *     rules:                        # prompt rules by id: change one, or add one to a command
 *       loadconfig.file: { prompt: 'Enter the file name:\s*$', answer: '{file}' }
 *       loadconfig.banner: { command: loadconfig, prompt: 'Press any key', answer: '' }
 *       loadconfig.passphrase: { answer: null }      # never answer it
 *     results:                      # result texts by id: change one, or add one
 *       loadconfig.loaded: { pattern: 'Configuration loaded' }
 *       loadconfig.loaded-2: { command: loadconfig, pattern: 'Import done', outcome: loaded }
 *     commands:                     # the command text of a command
 *       removeFile: 'rm {file}'
 *
 * Every problem is located at `line:col` of the file. Pure: text in, tables or problems out.
 */
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Pair, type YAMLMap } from 'yaml';
import type { PromptRule } from './session.js';
import type { CommandDialogue, CommandKey, DialogueTable, ResultKey, ResultRule } from './dialogue.js';

/** One problem of a dialogue file. */
export interface DialogueFileProblem {
  line: number;
  col: number;
  detail: string;
}

const COMMANDS: readonly CommandKey[] = [
  'version',
  'saveconfig',
  'loadconfig',
  'commit',
  'clear',
  'clustermode',
  'hostaccessImport',
  'hostaccessExport',
  'removeFile',
];
const RESULTS: Readonly<Record<ResultKey, readonly string[]>> = {
  loadconfig: ['loaded', 'parsing-failed', 'no-data', 'no-changes', 'other-version'],
  commit: ['committed', 'nothing-to-commit'],
  hostaccessImport: ['imported', 'import-failed'],
};
const PLACEHOLDERS = new Set(['secret', 'file', 'comment', 'listener', 'level']);
const ID = /^[a-z][a-zA-Z0-9]*\.[a-z0-9][a-z0-9-]{0,63}$/;
const MAX_CHARS = 200_000;

function regexProblem(source: string): string | null {
  if (source.length > 1000) return 'a regular expression of at most 1000 characters';
  try {
    new RegExp(source);
    return null;
  } catch (e) {
    return `not a regular expression: ${(e as Error).message}`;
  }
}

function textProblem(text: string, what: string): string | null {
  if (!/^[\x20-\x7E]*$/.test(text)) return `${what} is one line of printable ASCII`;
  // The passphrase goes to stdin only, never onto a command line the appliance may log.
  if (what === 'command' && text.includes('{secret}')) return 'command: {secret} is only for answers';
  for (const m of text.matchAll(/\{([^}]*)\}/g))
    if (!PLACEHOLDERS.has(m[1]!))
      return `${what}: unknown placeholder {${m[1]}} (known: ${[...PLACEHOLDERS].map((p) => `{${p}}`).join(', ')})`;
  return null;
}

function clone(t: DialogueTable): DialogueTable {
  return JSON.parse(JSON.stringify(t)) as DialogueTable;
}

/**
 * Applies the dialogue file `text` to `tables` (not changed: copies are returned). Problems are
 * located in the text; any problem means no tables.
 */
export function applyDialogueFile(
  text: string,
  tables: Readonly<Record<string, DialogueTable>>,
): { tables: Record<string, DialogueTable> } | { problems: DialogueFileProblem[] } {
  const lc = new LineCounter();
  const problems: DialogueFileProblem[] = [];
  const at = (offset: number | undefined, detail: string) => {
    const p = lc.linePos(offset ?? 0);
    problems.push({ line: p.line, col: p.col, detail });
  };
  if (text.length > MAX_CHARS) return { problems: [{ line: 1, col: 1, detail: `a dialogue file is at most ${MAX_CHARS} characters` }] };
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  for (const e of doc.errors) at(e.pos[0], e.message.split('\n')[0]!);
  if (problems.length) return { problems };
  const root = doc.contents;
  if (!isMap(root))
    return { problems: [{ line: 1, col: 1, detail: 'a dialogue file is a mapping with family?, rules?, results?, commands?' }] };
  const out: Record<string, DialogueTable> = Object.fromEntries(Object.entries(tables).map(([k, v]) => [k, clone(v)]));
  let selected = Object.values(out);

  const pairs = (m: YAMLMap) => m.items.filter((p): p is Pair => isPair(p));
  const keyOf = (p: Pair) => (isScalar(p.key) ? String(p.key.value) : '');
  const offset = (n: unknown) => (n as { range?: [number, number] } | null)?.range?.[0];
  const scalar = (p: Pair): unknown => (isScalar(p.value) ? p.value.value : undefined);

  for (const top of pairs(root)) {
    const key = keyOf(top);
    if (key === 'family') {
      const fam = String(scalar(top) ?? '');
      if (!out[fam]) at(offset(top.value), `no built-in family "${fam}" (known: ${Object.keys(out).join(', ')})`);
      else selected = [out[fam]!];
    } else if (!['rules', 'results', 'commands', 'cliPrompt'].includes(key))
      at(offset(top.key), `unknown key "${key}" (known: family, cliPrompt, rules, results, commands)`);
  }
  const cli = pairs(root).find((x) => keyOf(x) === 'cliPrompt');
  if (cli) {
    const v = scalar(cli);
    const why = typeof v === 'string' ? regexProblem(v) : 'a regular expression (string)';
    if (why) at(offset(cli.value ?? cli.key), `cliPrompt: ${why}`);
    else for (const table of selected) table.cliPrompt = v as string;
  }
  const section = (name: string): YAMLMap | null => {
    const p = pairs(root).find((x) => keyOf(x) === name);
    if (!p) return null;
    if (!isMap(p.value)) {
      at(offset(p.value ?? p.key), `"${name}" is a mapping`);
      return null;
    }
    return p.value;
  };
  const fields = (p: Pair, allowed: readonly string[]): Record<string, { value: unknown; at: number | undefined }> | null => {
    if (!isMap(p.value)) {
      at(offset(p.value ?? p.key), `"${keyOf(p)}" is a mapping of ${allowed.join(', ')}`);
      return null;
    }
    const f: Record<string, { value: unknown; at: number | undefined }> = {};
    for (const q of pairs(p.value)) {
      const k = keyOf(q);
      if (!allowed.includes(k)) at(offset(q.key), `unknown key "${k}" (known: ${allowed.join(', ')})`);
      else if (q.value !== null && !isScalar(q.value)) at(offset(q.value), `"${k}" is a string`);
      else f[k] = { value: q.value === null ? null : (q.value as { value: unknown }).value, at: offset(q.value) ?? offset(q.key) };
    }
    return f;
  };

  for (const p of section('rules')?.items.filter(isPair) ?? []) {
    const id = keyOf(p);
    if (!ID.test(id)) {
      at(offset(p.key), `"${id}" is not a rule id (command.name)`);
      continue;
    }
    const f = fields(p, ['command', 'prompt', 'answer']);
    if (!f) continue;
    const prompt = f['prompt'];
    if (prompt && (typeof prompt.value !== 'string' || regexProblem(prompt.value))) {
      at(prompt.at, `prompt: ${typeof prompt.value === 'string' ? regexProblem(prompt.value) : 'a regular expression (string)'}`);
      continue;
    }
    const answer = f['answer'];
    if (answer && answer.value !== null && (typeof answer.value !== 'string' || textProblem(answer.value, 'answer'))) {
      at(answer.at, typeof answer.value === 'string' ? textProblem(answer.value, 'answer')! : 'answer: a string, or null (never answer)');
      continue;
    }
    const command = f['command'];
    if (command && !COMMANDS.includes(command.value as CommandKey)) {
      at(command.at, `command: one of ${COMMANDS.join(', ')}`);
      continue;
    }
    for (const table of selected) {
      const list = Object.values(table.commands).flatMap((d: CommandDialogue | undefined) => (d ? [d.rules] : []));
      const rules = list.find((r) => r.some((x) => x.id === id));
      const existing = rules?.find((x) => x.id === id);
      if (existing) {
        if (prompt) existing.prompt = prompt.value as string;
        if (answer) existing.answer = answer.value as string | null;
      } else if (!command) {
        at(offset(p.key), `no built-in rule "${id}": a new rule names its "command"`);
        break;
      } else if (!prompt || !answer) {
        at(offset(p.key), `a new rule "${id}" needs "prompt" and "answer"`);
        break;
      } else {
        const key = command.value as CommandKey;
        const d = (table.commands[key] ??= { command: key, rules: [] });
        d.rules.push({ id, prompt: prompt.value, answer: answer.value } as PromptRule);
      }
    }
  }

  for (const p of section('results')?.items.filter(isPair) ?? []) {
    const id = keyOf(p);
    if (!ID.test(id)) {
      at(offset(p.key), `"${id}" is not a result id (command.name)`);
      continue;
    }
    const f = fields(p, ['command', 'pattern', 'outcome']);
    if (!f) continue;
    const pattern = f['pattern'];
    if (!pattern || typeof pattern.value !== 'string' || regexProblem(pattern.value)) {
      at(
        pattern?.at ?? offset(p.key),
        `pattern: ${typeof pattern?.value === 'string' ? regexProblem(pattern.value) : 'a regular expression (string) is needed'}`,
      );
      continue;
    }
    for (const table of selected) {
      const found = (Object.keys(table.results) as ResultKey[])
        .map((k) => table.results[k] as ResultRule[])
        .find((l) => l.some((r) => r.id === id));
      const existing = found?.find((r) => r.id === id);
      if (existing && !f['outcome'] && !f['command']) {
        existing.pattern = pattern.value;
        continue;
      }
      const cmd = f['command']?.value as ResultKey | undefined;
      const outcome = f['outcome']?.value as string | undefined;
      if (!cmd || !(cmd in RESULTS) || !outcome || !RESULTS[cmd].includes(outcome)) {
        at(offset(p.key), `a new result "${id}" names its "command" (${Object.keys(RESULTS).join(', ')}) and an "outcome" of that command`);
        break;
      }
      (table.results[cmd] as ResultRule[]).push({ id, pattern: pattern.value, outcome });
    }
  }

  for (const p of section('commands')?.items.filter(isPair) ?? []) {
    const key = keyOf(p) as CommandKey;
    const value = scalar(p);
    if (!COMMANDS.includes(key)) at(offset(p.key), `unknown command "${key}" (known: ${COMMANDS.join(', ')})`);
    else if (typeof value !== 'string' || value === '' || textProblem(value, 'command'))
      at(offset(p.value), typeof value === 'string' && value ? textProblem(value, 'command')! : 'command: a non-empty string');
    else for (const table of selected) table.commands[key] = { command: value, rules: table.commands[key]?.rules ?? [] };
  }
  return problems.length ? { problems } : { tables: out };
}
