/**
 * Checks of a recipe's values before anything is planned: names and tokens that will be
 * written into a HAT, and senders read with the HAT member grammar (invalid: exit 1 naming the
 * value; a duplicate or a sender covered by another of the list: dropped with an info finding).
 */
import { finding, type Finding } from '../findings.js';
import { covers, parseSender, type Sender } from '../net/sender.js';
import type { Recipe } from './recipe.js';

const NAME = /^[A-Za-z0-9_.-]+$/;

/**
 * Is `text` a sender the appliance accepts as a sender group member? Addresses, CIDR ranges,
 * address ranges, partial addresses, hostnames and partial hostnames; not an e-mail address,
 * not an all-numeric "hostname" such as `999.90.57.1`, not a name with `_`.
 */
export function senderProblem(text: string): boolean {
  const s = parseSender(text);
  if (s.kind === 'other') return true;
  if (s.kind === 'host') return s.name.split('.').every((label) => /^\d+$/.test(label)) || s.name.includes('_');
  return false;
}

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
 * `bad-recipe` and `bad-sender` errors (the recipe cannot be used), `sender-duplicate` infos.
 */
export function checkRecipe(recipe: Recipe): { recipe: Recipe; findings: Finding[] } {
  const findings: Finding[] = [];
  const problems = nameProblems(recipe);
  if (problems.length) findings.push(finding('bad-recipe', 'error', { problems }));
  const groups = recipe.groups.map((g) => {
    const kept: { text: string; sender: Sender }[] = [];
    for (const text of g.senders) {
      if (senderProblem(text)) {
        findings.push(finding('bad-sender', 'error', { sender: text }));
        continue;
      }
      const sender = parseSender(text);
      const by = kept.find((k) => covers(k.sender, sender));
      if (by) {
        findings.push(finding('sender-duplicate', 'info', { sender: text, by: by.text }));
        continue;
      }
      // A later, wider sender replaces the earlier ones it covers.
      for (let k = kept.length - 1; k >= 0; k--) {
        if (covers(sender, kept[k]!.sender)) {
          findings.push(finding('sender-duplicate', 'info', { sender: kept[k]!.text, by: text }));
          kept.splice(k, 1);
        }
      }
      kept.push({ text: text.trim(), sender });
    }
    return { ...g, senders: kept.map((k) => k.text) };
  });
  return { recipe: { ...recipe, groups }, findings };
}
