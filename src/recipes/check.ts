/**
 * Checks of a recipe given as data (built in code, or a file's recipe changed by
 * `--group-name`, `--tls-value`, an inventory's overrides) before anything is planned: the
 * same rule set as a recipe file ({@link recipeProblems}: schema and rules across fields), so
 * `plan` accepts exactly what `recipe check` accepts. Senders are read with the HAT member
 * grammar (invalid: `sender-invalid`, naming the value); a duplicate or a sender covered by
 * another of the list is dropped with an info finding, so a group never gets a duplicate.
 */
import { finding, type Finding } from '../findings.js';
import { dedupeSenders, validateSender } from '../net/sender.js';
import { invalidArgs } from './load.js';
import type { Recipe } from './recipe.js';
import { recipeData, recipeProblems } from './rules.js';

/** The sender at `path` (a group's or a removal's) when the HAT member grammar refuses it. */
function senderAt(r: Recipe, path: readonly (string | number)[]): { value: string; reason: string } | null {
  const [a, x1, x2, x3, x4] = path;
  const value =
    a === 'groups' && x2 === 'senders' && path.length === 4
      ? r.groups[x1 as number]?.senders[x3 as number]
      : a === 'remove' && x1 === 'senders' && x3 === 'senders' && path.length === 5
        ? r.remove?.senders?.[x2 as number]?.senders[x4 as number]
        : undefined;
  if (typeof value !== 'string') return null;
  const v = validateSender(value);
  return v.ok ? null : { value, reason: v.reason };
}

/**
 * Checks a recipe and drops duplicate senders. Returns the recipe to plan with and findings:
 * `recipe-invalid` and `sender-invalid` errors (the recipe cannot be used),
 * `recipe-param-unknown` warnings, `sender-dropped` infos.
 */
export function checkRecipe(recipe: Recipe): { recipe: Recipe; findings: Finding[] } {
  const findings: Finding[] = [];
  const { errors, warnings } = recipeProblems(recipeData(recipe));
  for (const p of errors) {
    const sender = p.sender ?? senderAt(recipe, p.path);
    if (sender) findings.push(finding('sender-invalid', 'error', { value: sender.value, reason: sender.reason }));
    else {
      const path = p.key !== undefined && (p.rule === 'additionalProperties' || p.rule === 'propertyNames') ? [...p.path, p.key] : p.path;
      findings.push(finding('recipe-invalid', 'error', invalidArgs(p, path)));
    }
  }
  // One finding per place and kind (an empty sender breaks two schema rules, one sender rule).
  const seen = new Set<string>();
  findings.splice(0, findings.length, ...findings.filter((f) => !seen.has(JSON.stringify(f)) && seen.add(JSON.stringify(f))));
  for (const p of warnings)
    findings.push(finding('recipe-param-unknown', 'warning', { pointer: '/' + p.path.join('/'), name: p.key!, suggestion: p.suggestion! }));
  if (errors.length) return { recipe, findings };
  const groups = recipe.groups.map((g) => {
    const { kept, dropped } = dedupeSenders(g.senders.map((s) => s.trim()));
    for (const d of dropped) findings.push(finding('sender-dropped', 'info', { sender: d.sender, reason: d.reason, by: d.by }));
    return { ...g, senders: kept };
  });
  return { recipe: { ...recipe, groups }, findings };
}
