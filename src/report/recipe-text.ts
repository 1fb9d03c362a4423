/** A recipe in words, for reports, `show` and the HTML page. */
import type { Position, Recipe } from '../recipes/recipe.js';

function positionText(p: Position): string {
  return typeof p === 'string' ? p : 'before' in p ? `before ${p.before}` : `after ${p.after}`;
}

/**
 * One line: the recipe's name, each sender group with its position, policy (behaviour and TLS
 * token) and senders, then its removals. An artefact of esa-patch 0.1.0 recorded flat settings
 * (`group`, `policy`, `tls`, `senders`): they are shown as they are.
 */
export function describeRecipe(r: Recipe | Record<string, unknown>): string {
  if (!Array.isArray((r as Recipe).groups) || !Array.isArray((r as Recipe).policies)) {
    const flat = r as Record<string, unknown>;
    const senders = Array.isArray(flat['senders']) ? (flat['senders'] as unknown[]).map(String).join(', ') : '';
    return `${String(flat['name'] ?? '(unnamed)')}: sender group ${String(flat['group'] ?? '?')}, mail flow policy $${String(flat['policy'] ?? '?')}, TLS token "${String(flat['tls'] ?? '?')}"${senders ? `, senders ${senders}` : ''}`;
  }
  const recipe = r as Recipe;
  const groups = recipe.groups.map((g) => {
    const p = recipe.policies.find((x) => x.name === g.policy);
    const tls = p?.params['tls'];
    return `sender group ${g.name} (${positionText(g.position)}) with mail flow policy $${g.policy}${p ? ` (${p.behaviour}${tls ? `, TLS token "${tls}"` : ''})` : ''}, senders ${g.senders.join(', ')}`;
  });
  const rm = recipe.remove;
  const removals = rm
    ? [
        ...(rm.senders ?? []).map((s) => `senders ${s.senders.join(', ')} from ${s.group}`),
        ...(rm.groups ?? []).map((g) => `sender group ${g}`),
        ...(rm.policies ?? []).map((p) => `policy $${p}`),
      ]
    : [];
  const parts = [...groups, ...(removals.length ? [`removes ${removals.join(', ')}`] : [])];
  return `${recipe.name}: ${parts.join('; ') || 'no change'}`;
}
