/**
 * The recipe as an artefact of format `esa-patch/2` records it: `{ name, sha256, text }`, the
 * text being a recipe file the recipe loader reads, so that the artefact says exactly which
 * desired state was applied. When the run applied a recipe file unchanged, `text` is that
 * file as read (its sha256 is then the file's `sha256sum`); when the command line changed it
 * (`--group-name`, `--sender`, …) or its checks dropped duplicate senders, `text` is the
 * effective recipe as canonical JSON, and `source` names the file it was made from.
 */
import { createHash } from 'node:crypto';
import { loadRecipe } from '../recipes/load.js';
import type { Recipe } from '../recipes/recipe.js';
import { RECIPE_FORMAT } from '../recipes/schema.js';
import { CONTROLS, RECORDED_CONTROLS } from '../hat/grammar.js';

export type { ArtefactRecipe } from './artefact-json-schema.js';
import type { ArtefactRecipe } from './artefact-json-schema.js';

/** A recipe file's text as the run read it. */
export interface RecipeSource {
  name: string;
  text: string;
}

/** sha256 (hex) of the UTF-8 bytes of a recipe text. */
export function recipeSha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** JSON with object keys sorted and `undefined` left out: one text per value. */
export function canonicalJson(value: unknown): string {
  const norm = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(norm);
    if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      return Object.fromEntries(
        Object.keys(o)
          .filter((k) => o[k] !== undefined)
          .sort()
          .map((k) => [k, norm(o[k])]),
      );
    }
    return v;
  };
  return JSON.stringify(norm(value), null, 2);
}

/** A recipe as the recipe file would write it: every field the loader reads, defaults spelt out. */
function recipeFile(r: Recipe): Record<string, unknown> {
  return {
    format: RECIPE_FORMAT,
    name: r.name,
    description: r.description,
    listeners: r.listeners,
    policies: r.policies.map((p) => ({ name: p.name, behaviour: p.behaviour, params: p.params, shared: p.shared ?? 'refuse' })),
    groups: r.groups.map((g) => ({ name: g.name, senders: g.senders, policy: g.policy, comment: g.comment, position: g.position })),
    remove: r.remove,
    published: r.published,
    // `false` is the loader's default: left out so that a file without it compares equal.
    replaceUnknownTls: r.replaceUnknownTls ? true : undefined,
  };
}

// A batch records and reads back the same recipe text for every export: loaded once (read only).
let lastLoaded: { text: string; loaded: ReturnType<typeof loadRecipe> } | null = null;
function loadRecipeText(text: string): ReturnType<typeof loadRecipe> {
  if (lastLoaded?.text !== text) lastLoaded = { text, loaded: loadRecipe(text) };
  return lastLoaded.loaded;
}

/** Do two recipes state the same desired state (every field, defaults filled in)? */
export function sameRecipe(a: Recipe, b: Recipe): boolean {
  return canonicalJson(recipeFile(a)) === canonicalJson(recipeFile(b));
}

/**
 * The record of `applied` (the recipe as planned). `source`, the file text the run read, is
 * recorded as it is when it loads as exactly `applied`; otherwise `applied` is recorded as
 * canonical JSON text (which the loader also reads) and `source` by name and sha256.
 */
export function recordRecipe(applied: Recipe, source?: RecipeSource): ArtefactRecipe {
  const name = recordableName(source?.name ?? applied.name);
  // A file holding a character the artefact does not record raw (a C1 control, a line separator
  // or a bidi control, even in a comment) is recorded as the effective recipe instead, with
  // such characters as JSON escapes: the text the reader takes means the same recipe.
  if (source && !UNRECORDED.test(source.text)) {
    const loaded = loadRecipeText(source.text).recipe;
    if (loaded && sameRecipe(loaded, applied)) return { name, sha256: recipeSha256(source.text), text: source.text };
  }
  const text = `${escapeUnrecorded(canonicalJson(recipeFile(applied)))}\n`;
  return {
    name,
    sha256: recipeSha256(text),
    text,
    ...(source ? { source: { name, sha256: recipeSha256(source.text) } } : {}),
  };
}

// Characters a recorded text may not hold raw (see RECORDED), and lone surrogates.
const UNRECORDED = new RegExp(`[${RECORDED_CONTROLS}]|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]`);
const UNRECORDED_ALL = new RegExp(UNRECORDED.source, 'g');
const hex4 = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** JSON text with every character a recorded text may not hold raw as its `\\uXXXX` escape (JSON.stringify leaves C1, U+2028, bidi controls raw). */
function escapeUnrecorded(json: string): string {
  return json.replace(UNRECORDED_ALL, hex4);
}

/** A file or recipe name as the artefact records it: for people, at most 256 characters, no control (escaped as `\\uXXXX`). */
export function recordableName(name: string): string {
  const plain = name.replace(new RegExp(`[${CONTROLS}]|${UNRECORDED.source}`, 'g'), hex4) || '(unnamed)';
  return plain.length > 256 ? `…${plain.slice(-255)}` : plain;
}

/**
 * What is wrong with a format-2 recipe record (schema-valid), as a JSON path and a problem,
 * or null: its sha256 must be of its text, and its text must load as a recipe.
 */
export function recipeRecordProblem(r: ArtefactRecipe): { path: string; problem: string } | null {
  if (recipeSha256(r.text) !== r.sha256)
    return { path: '$.recipe.sha256', problem: 'is not the sha256 of the recipe text: the text was changed after the run' };
  const loaded = loadRecipeText(r.text);
  if (!loaded.recipe) {
    const f = loaded.findings.find((x) => x.severity === 'error');
    const at = f?.line !== undefined ? ` (${f.code} at line ${f.line}, column ${f.col ?? 1})` : f ? ` (${f.code})` : '';
    return { path: '$.recipe.text', problem: `does not load as a recipe${at}` };
  }
  return null;
}
