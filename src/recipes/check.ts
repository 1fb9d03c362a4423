/**
 * Checks of a recipe's values before anything is planned: names and tokens that will be
 * written into a HAT, and senders read with the HAT member grammar (invalid: an error naming
 * the value, exit 1; a duplicate or a sender covered by another of the list: dropped with an
 * info finding, so a group never gets a duplicate).
 */
import { finding, type Finding } from '../findings.js';
import { dedupeSenders, validateSender } from '../net/sender.js';
import type { Recipe } from './recipe.js';

const NAME = /^[A-Za-z0-9_.-]+$/;

/** Problems of a recipe's names and tokens (empty when fine), as `bad-recipe` problems. */
function nameProblems(r: Recipe): string[] {
  const out: string[] = [];
  for (const g of r.groups) {
    if (!NAME.test(g.name)) out.push(`group name "${g.name}": use letters, digits, '_', '.' or '-'`);
    if (g.name.toUpperCase() === 'ALL') out.push('group name ALL is reserved for the last HAT entry');
    if (g.senders.length === 0) out.push(`the sender list of group ${g.name} is empty`);
    if (/[()\r\n]/.test(g.comment)) out.push(`the comment of group ${g.name} cannot hold parentheses or line breaks`);
    if (!r.policies.some((p) => p.name === g.policy)) out.push(`group ${g.name} uses policy ${g.policy}, which the recipe does not define`);
  }
  for (const p of r.policies) {
    if (!NAME.test(p.name)) out.push(`policy name "${p.name}": use letters, digits, '_', '.' or '-'`);
    for (const [k, v] of Object.entries(p.params)) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) out.push(`parameter name "${k}" of policy ${p.name}: use letters, digits or '_'`);
      if (!/^[A-Za-z0-9_-]+$/.test(v)) out.push(`${k === 'tls' ? 'TLS value' : `value of ${k}`} "${v}": use letters, digits, '_' or '-'`);
    }
  }
  return out;
}

/**
 * Checks a recipe and drops duplicate senders. Returns the recipe to plan with and findings:
 * `bad-recipe` and `sender-invalid` errors (the recipe cannot be used), `sender-dropped` infos.
 */
export function checkRecipe(recipe: Recipe): { recipe: Recipe; findings: Finding[] } {
  const findings: Finding[] = [];
  const problems = nameProblems(recipe);
  if (problems.length) findings.push(finding('bad-recipe', 'error', { problems }));
  const groups = recipe.groups.map((g) => {
    for (const s of g.senders) {
      const v = validateSender(s);
      if (!v.ok) findings.push(finding('sender-invalid', 'error', { value: v.value, reason: v.reason }));
    }
    const { kept, dropped } = dedupeSenders(g.senders.map((s) => s.trim()));
    for (const d of dropped) findings.push(finding('sender-dropped', 'info', { sender: d.sender, reason: d.reason, by: d.by }));
    return { ...g, senders: kept };
  });
  return { recipe: { ...recipe, groups }, findings };
}
