/**
 * Reading a recipe file: YAML or JSON text (JSON is read as the YAML it also is), validated
 * against {@link RECIPE_JSON_SCHEMA} at run time, then checked across fields. Every problem is
 * a finding located at `line:col` of the recipe text (the caller adds the file name). Pure:
 * text in, a {@link Recipe} or findings out.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { finding, type Finding, type Span } from '../findings.js';
import { validateSender } from '../net/sender.js';
import type { GroupGoal, PolicyGoal, Position, Recipe, RemoveGoal } from './recipe.js';
import { RECIPE_JSON_SCHEMA } from './schema.js';

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
   * null. Defaults to the HAT member grammar ({@link validateSender}).
   */
  validateSender?: (text: string) => string | null;
}

/** Largest recipe text read (a recipe is a few kilobytes; this bounds hostile input). */
export const MAX_RECIPE_CHARS = 1_000_000;

let compiled: ValidateFunction | null = null;
function validator(): ValidateFunction {
  // The schema is ours and fixed: its validity against the draft 2020-12 meta-schema is a test
  // (test/recipes/load.test.ts), not the work of every run (compiling the meta-schema was most
  // of the compile); unoptimised code validates alike and compiles in half the time.
  compiled ??= new Ajv2020({
    allErrors: true,
    verbose: true,
    strict: true,
    allowUnionTypes: true,
    validateSchema: false,
    code: { optimize: false },
  }).compile(RECIPE_JSON_SCHEMA as object);
  return compiled;
}

/** A path into a YAML/JSON document. */
export type Path = (string | number)[];

/** Parses a JSON pointer (`/groups/0/name`) into its segments. */
export function pointerPath(pointer: string): Path {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

/** Source offset of the node at `path` (or of its key), falling back to the nearest ancestor found. */
export function offsetOf(doc: Document, path: Path, key?: string): number {
  let node: unknown = doc.contents;
  let at = (node as { range?: [number, number] } | null)?.range?.[0] ?? 0;
  const segments: (string | number)[] = key === undefined ? path : [...path, key];
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    const wantKey = key !== undefined && i === segments.length - 1;
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

/** What a failing schema keyword expected, as data for the message. */
export function expectedOf(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  const parent = e.parentSchema as { title?: string; oneOf?: unknown[]; anyOf?: unknown[] } | undefined;
  switch (e.keyword) {
    case 'required':
      return `property ${String(p.missingProperty)}`;
    case 'additionalProperties':
      return `no property ${String(p.additionalProperty)}`;
    case 'propertyNames':
      return `a parameter name of lower-case letters, digits and '_' (not ${String(p.propertyName)})`;
    case 'type':
      return String(p.type);
    case 'enum':
      return `one of ${(p.allowedValues as unknown[]).map(String).join(', ')}`;
    case 'const':
      return JSON.stringify(p.allowedValue);
    case 'not':
      return 'a name other than ALL (ALL is the last entry of every HAT)';
    case 'pattern':
      return parent?.title ?? `text matching ${String(p.pattern)}`;
    case 'oneOf':
    case 'anyOf':
      return parent?.title ?? 'one of the allowed forms';
    case 'uniqueItems':
      return 'no item twice';
    default:
      return `${e.keyword} ${String(p.limit ?? '')}`.trim();
  }
}

/** The schema errors worth showing: one per failing choice, none from inside it. */
export function relevantErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const composites = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf' || e.keyword === 'propertyNames');
  return errors.filter((e) => !composites.some((c) => c !== e && e.schemaPath.startsWith(c.schemaPath + '/')));
}

/**
 * Reads a recipe from YAML or JSON text. Returns the recipe with every default filled in, or
 * null with findings `recipe-syntax` / `recipe-invalid` located at the recipe's line and column.
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
      findings: doc.errors.map((e) =>
        finding('recipe-syntax', 'error', { detail: e.code + ': ' + e.message.split('\n')[0]! }, span(e.pos[0])),
      ),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    return { recipe: null, findings: [finding('recipe-syntax', 'error', { detail: (err as Error).message }, span(0))] };
  }
  const validate = validator();
  if (!validate(data)) {
    const out = relevantErrors(validate.errors ?? []).map((e) => {
      const path = pointerPath(e.instancePath);
      const p = e.params as Record<string, unknown>;
      const key =
        e.keyword === 'additionalProperties'
          ? String(p.additionalProperty)
          : e.keyword === 'propertyNames'
            ? String(p.propertyName)
            : undefined;
      const pointer = key === undefined ? e.instancePath : `${e.instancePath}/${key}`;
      return { offset: offsetOf(doc, path, key), f: { pointer, rule: e.keyword, expected: expectedOf(e) } };
    });
    const seen = new Set<string>();
    const findings = out
      .sort((a, b) => a.offset - b.offset)
      .filter((x) => {
        const id = `${x.f.pointer}\0${x.f.rule}\0${x.f.expected}`;
        return seen.has(id) ? false : (seen.add(id), true);
      })
      .map((x) => finding('recipe-invalid', 'error', x.f, span(x.offset)));
    return { recipe: null, findings };
  }
  const recipe = toRecipe(data as RecipeFile);
  const problems = crossChecks(recipe, options.validateSender ?? senderProblem);
  if (problems.length) {
    return {
      recipe: null,
      findings: problems
        .map((p) => ({ offset: offsetOf(doc, p.path), p }))
        .sort((a, b) => a.offset - b.offset)
        .map(({ offset, p }) =>
          finding('recipe-invalid', 'error', { pointer: '/' + p.path.join('/'), rule: p.rule, expected: p.expected }, span(offset)),
        ),
    };
  }
  return { recipe, findings: [] };
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

interface Problem {
  path: Path;
  rule: string;
  expected: string;
}

const lower = (s: string) => s.toLowerCase();

/** Rules across fields, which a JSON Schema cannot say (or says unreadably). */
/** Why `text` is not a HAT sender a recipe may write, or null. */
function senderProblem(text: string): string | null {
  const v = validateSender(text);
  return v.ok ? null : v.reason;
}

function crossChecks(r: Recipe, check: (text: string) => string | null): Problem[] {
  const out: Problem[] = [];
  const firstIndex = new Map<string, number>();
  // A name given twice (case-insensitive) in one list: the second is the problem.
  const unique = (list: 'policies' | 'groups', rule: string, kind: string, i: number, name: string) => {
    const key = `${list === 'policies' ? 'p' : 'g'}:${lower(name)}`;
    const first = firstIndex.get(key);
    if (first === undefined) firstIndex.set(key, i);
    else out.push({ path: [list, i, 'name'], rule, expected: `a ${kind} name not already given (${list}/${first})` });
  };
  r.policies.forEach((p, i) => unique('policies', 'unique-policy', 'policy', i, p.name));
  r.groups.forEach((g, i) => {
    const k = lower(g.name);
    unique('groups', 'unique-group', 'group', i, g.name);
    const pos = g.position;
    const target = typeof pos === 'object' ? ('before' in pos ? pos.before : pos.after) : null;
    if (target !== null && lower(target) === k)
      out.push({ path: ['groups', i, 'position'], rule: 'self-position', expected: 'a position relative to another entry' });
    // Two groups that both want to be first (or last) would displace each other on every run.
    if (typeof pos === 'string') {
      if (firstIndex.has('pos:' + pos))
        out.push({
          path: ['groups', i, 'position'],
          rule: 'unique-position',
          expected: `only one group ${pos} (groups/${firstIndex.get('pos:' + pos)}); place the others before or after it`,
        });
      else firstIndex.set('pos:' + pos, i);
    }
    const seen = new Set<string>();
    g.senders.forEach((s, j) => {
      if (seen.has(lower(s))) out.push({ path: ['groups', i, 'senders', j], rule: 'unique-sender', expected: `${s} only once` });
      seen.add(lower(s));
      const why = check(s);
      if (why) out.push({ path: ['groups', i, 'senders', j], rule: 'sender', expected: `a HAT sender (${why})` });
    });
  });
  const rm = r.remove;
  if (rm) {
    rm.groups?.forEach((g, i) => {
      if (firstIndex.has('g:' + lower(g)))
        out.push({ path: ['remove', 'groups', i], rule: 'remove-conflict', expected: `a group the recipe does not also add (${g})` });
    });
    const used = new Set(r.groups.map((g) => lower(g.policy)));
    rm.policies?.forEach((p, i) => {
      if (firstIndex.has('p:' + lower(p)) || used.has(lower(p)))
        out.push({
          path: ['remove', 'policies', i],
          rule: 'remove-conflict',
          expected: `a policy the recipe does not also define or use (${p})`,
        });
    });
    rm.senders?.forEach((s, i) => {
      s.senders.forEach((x, j) => {
        const why = check(x);
        if (why) out.push({ path: ['remove', 'senders', i, 'senders', j], rule: 'sender', expected: `a HAT sender (${why})` });
        const adds = r.groups.find(
          (g) => (s.group === '*' || lower(s.group) === lower(g.name)) && g.senders.some((y) => lower(y) === lower(x)),
        );
        if (adds)
          out.push({
            path: ['remove', 'senders', i, 'senders', j],
            rule: 'remove-conflict',
            expected: `a sender the recipe does not also add (${x}, group ${adds.name})`,
          });
      });
    });
  }
  if (r.published && !firstIndex.has('g:' + lower(r.published.group))) {
    out.push({ path: ['published', 'group'], rule: 'published-group', expected: "the name of one of the recipe's groups" });
  }
  return out;
}
