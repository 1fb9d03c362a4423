/**
 * Reading a recipe file: YAML or JSON text (JSON is read as the YAML it also is), checked by
 * the one rule set ({@link recipeProblems}: the schema, then the rules across fields). Every
 * problem is a finding located at `line:col` of the recipe text (the caller adds the file
 * name). Values are the text the user wrote: a plain number is read as its source text (an
 * integer beyond 2^53 stays exact, `10.1` stays `10.1`); a parameter value written as a number
 * must be a decimal integer, else it is refused (quote it to mean the text). Pure: text in, a
 * {@link Recipe} or findings out.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Scalar } from 'yaml';
import { finding, type Finding, type Span } from '../findings.js';
import type { GroupGoal, PolicyGoal, Position, Recipe, RemoveGoal } from './recipe.js';
import { recipeProblems, type RecipePath, type RecipeProblem } from './rules.js';
import { printable } from './validate.js';

/** What {@link loadRecipe} returns: the recipe, or null and the errors that stop it. */
export interface LoadedRecipe {
  recipe: Recipe | null;
  /** Errors (the recipe is null) and warnings, in the order of the text. */
  findings: Finding[];
}

/** Options of {@link loadRecipe}. */
export interface LoadRecipeOptions {
  /** File name as the user named it: put in every finding's span. */
  file?: string;
  /**
   * Checks one sender the recipe would write; returns a reason when it is not a sender, else
   * null. Defaults to the HAT member grammar.
   */
  validateSender?: (text: string) => string | null;
}

/** Largest recipe text read (a recipe is a few kilobytes; this bounds hostile input). */
export const MAX_RECIPE_CHARS = 1_000_000;

/** Source offset of the node at `path` (or of its key), falling back to the nearest ancestor found. */
export function offsetOf(doc: Document, path: RecipePath, key?: string): number {
  let node: unknown = doc.contents;
  let at = (node as { range?: [number, number] } | null)?.range?.[0] ?? 0;
  const segments: (string | number)[] = key === undefined ? path : [...path, key];
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    const wantKey = key !== undefined && i === segments.length - 1;
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return at;
      const k = pair.key as { range?: [number, number] };
      if (wantKey) return k.range?.[0] ?? at;
      node = pair.value;
      at = (node as { range?: [number, number] } | null)?.range?.[0] ?? k.range?.[0] ?? at;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      at = (node as { range?: [number, number] } | null)?.range?.[0] ?? at;
    } else return at;
  }
  return at;
}

/** A decimal integer as the HAT writes one bare: no sign but `-`, no leading zero, no `-0`. */
const DECIMAL = /^(0|-?[1-9][0-9]*)$/;

/**
 * Turns every plain number of the document into its source text (values are text), and
 * returns the parameter values written as numbers that are not decimal integers (`0x10`,
 * `1.0`, `1e3`, `+5`, `007`): what they mean in the HAT is not certain, so they are refused.
 */
function numbersAsText(doc: Document): { node: Scalar; path: RecipePath }[] {
  const odd: { node: Scalar; path: RecipePath }[] = [];
  const numbers = new Set<Scalar>();
  // The keys leading to a node, from the visitor's ancestors (`['policies', 0, 'params', 'tls']`).
  const keysOf = (ancestors: readonly unknown[], node: unknown): RecipePath => {
    const out: RecipePath = [];
    ancestors.forEach((a, i) => {
      const next = ancestors[i + 1] ?? node;
      if (isSeq(a)) out.push(a.items.indexOf(next as never));
      else if (isPair(a) && a.value === next && isScalar(a.key)) out.push(String(a.key.value));
    });
    return out;
  };
  const inParams = (path: RecipePath) => path.length === 4 && path[0] === 'policies' && path[2] === 'params';
  visit(doc, {
    Scalar(key, node, ancestors) {
      if (key === 'key' || (typeof node.value !== 'number' && typeof node.value !== 'bigint')) return;
      const source = node.source ?? String(node.value);
      node.value = source;
      numbers.add(node);
      const path = keysOf(ancestors, node);
      if (inParams(path) && !DECIMAL.test(source)) odd.push({ node, path });
    },
  });
  // An alias in a parameter value to a number written elsewhere: the same rule.
  visit(doc, {
    Alias(key, node, ancestors) {
      const target = node.resolve(doc);
      if (key === 'key' || !isScalar(target) || !numbers.has(target)) return;
      const path = keysOf(ancestors, node);
      if (inParams(path) && !DECIMAL.test(String(target.value))) odd.push({ node: target, path });
    },
  });
  return odd;
}

/** A problem as a finding located in the recipe text. */
function problemFinding(doc: Document, p: RecipeProblem, span: (offset: number) => Span, severity: 'error' | 'warning'): Finding {
  const atKey = p.key !== undefined && (p.rule === 'additionalProperties' || p.rule === 'propertyNames' || p.rule === 'param-unknown');
  const offset = atKey ? offsetOf(doc, p.rule === 'param-unknown' ? p.path.slice(0, -1) : p.path, p.key) : offsetOf(doc, p.path);
  const pointerPath = p.rule === 'additionalProperties' || p.rule === 'propertyNames' ? [...p.path, p.key!] : p.path;
  if (p.rule === 'param-unknown')
    return finding(
      'recipe-param-unknown',
      'warning',
      { pointer: '/' + pointerPath.join('/'), name: p.key!, suggestion: p.suggestion! },
      span(offset),
    );
  return finding('recipe-invalid', severity, invalidArgs(p, pointerPath), span(offset));
}

/** The arguments of a `recipe-invalid` finding. */
export function invalidArgs(p: RecipeProblem, path: RecipePath = p.path) {
  return {
    pointer: path.length ? '/' + path.map((s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('/') : '',
    rule: p.rule,
    expected: p.expected,
    ...(p.key !== undefined ? { key: p.key } : {}),
    ...(p.got !== undefined ? { got: p.got } : {}),
    ...(p.suggestion !== undefined ? { suggestion: p.suggestion } : {}),
  };
}

/**
 * Reads a recipe from YAML or JSON text. Returns the recipe with every default filled in, or
 * null with findings `recipe-syntax` / `recipe-invalid` located at the recipe's line and column.
 * Warnings (`recipe-param-unknown`) come with a recipe.
 */
export function loadRecipe(text: string, options: LoadRecipeOptions = {}): LoadedRecipe {
  const file = options.file;
  const lineCounter = new LineCounter();
  const span = (offset: number, length?: number): Span => {
    const { line, col } = lineCounter.linePos(offset);
    return { ...(file !== undefined ? { file } : {}), line, col, ...(length ? { length } : {}) };
  };
  if (text.length > MAX_RECIPE_CHARS) {
    return {
      recipe: null,
      findings: [
        finding(
          'recipe-syntax',
          'error',
          { detail: `the text is longer than ${MAX_RECIPE_CHARS} characters` },
          file !== undefined ? { file } : {},
        ),
      ],
    };
  }
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  if (doc.errors.length) {
    return {
      recipe: null,
      findings: doc.errors.map((e) => finding('recipe-syntax', 'error', { detail: e.message.split('\n')[0]! }, span(e.pos[0]))),
    };
  }
  const odd = numbersAsText(doc);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    return { recipe: null, findings: [finding('recipe-syntax', 'error', { detail: (err as Error).message }, span(0))] };
  }
  const checked = recipeProblems(data, options.validateSender ? { validateSender: options.validateSender } : {});
  const errors = [
    ...checked.errors.map((p) => problemFinding(doc, p, span, 'error')),
    ...odd.map(({ node, path }) =>
      finding(
        'recipe-invalid',
        'error',
        {
          pointer: '/' + path.join('/'),
          rule: 'number',
          expected: 'a decimal integer such as 16 or -1 (quote the value to mean the text)',
          got: printable(node.source ?? ''),
        },
        span(node.range?.[0] ?? 0),
      ),
    ),
  ];
  const byPlace = (a: Finding, b: Finding) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0);
  if (errors.length) {
    const seen = new Set<string>();
    const unique = errors.sort(byPlace).filter((f) => {
      const id = JSON.stringify([f.line, f.col, f.args]);
      return seen.has(id) ? false : (seen.add(id), true);
    });
    return { recipe: null, findings: unique };
  }
  return {
    recipe: toRecipe(data as RecipeFile),
    findings: checked.warnings.map((p) => problemFinding(doc, p, span, 'warning')).sort(byPlace),
  };
}

/** The file as the schema admits it. */
interface RecipeFile {
  name: string;
  description?: string;
  listeners?: Recipe['listeners'];
  policies?: (Omit<PolicyGoal, 'params'> & { params?: Record<string, string | number> })[];
  groups?: (Omit<GroupGoal, 'comment'> & { comment?: string })[];
  remove?: RemoveGoal;
  published?: Recipe['published'];
  replaceUnknownTls?: boolean;
}

function toRecipe(f: RecipeFile): Recipe {
  const r: Recipe = {
    name: f.name,
    listeners: f.listeners ?? 'public',
    policies: (f.policies ?? []).map((p) => ({
      name: p.name,
      behaviour: p.behaviour,
      params: Object.fromEntries(Object.entries(p.params ?? {}).map(([k, v]) => [k, String(v)])),
      shared: p.shared ?? 'refuse',
    })),
    groups: (f.groups ?? []).map((g) => ({
      name: g.name,
      senders: [...g.senders],
      policy: g.policy,
      comment: g.comment ?? '',
      position: g.position as Position,
    })),
  };
  if (f.description !== undefined) r.description = f.description;
  if (f.remove) r.remove = f.remove;
  if (f.published) r.published = f.published;
  if (f.replaceUnknownTls !== undefined) r.replaceUnknownTls = f.replaceUnknownTls;
  return r;
}
