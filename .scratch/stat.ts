import fc from 'fast-check';
import { hat } from '../test/hat/generators.ts';
import { readHat } from '../src/hat/model.ts';
import { planGroupGoal } from '../src/recipes/plan.ts';
import { lowerAndProve, LoweringRefusal } from '../src/hat/lower.ts';
import { CRES_GROUP, CRES_POLICY } from '../test/recipes/cres-goal.ts';
const stats: Record<string, number> = {};
const inc = (k: string) => (stats[k] = (stats[k] ?? 0) + 1);
for (const h of fc.sample(hat, 2000)) {
  const b = readHat(h.text);
  const p = planGroupGoal(b.model, CRES_GROUP, CRES_POLICY, { listener: 'L' });
  if (p.refusal) { inc('refused ' + p.refusal.code + ' ' + ((p.refusal.args as any).problem ?? '')); continue; }
  if (!p.operations.length) { inc('compliant'); continue; }
  try { const r = lowerAndProve(b.syntax, p.operations); inc(r.ok ? 'proven ' + p.operations.map(o=>o.op).join('+') : 'NOT PROVEN'); }
  catch (e) { if (e instanceof LoweringRefusal) inc('lower-refused ' + e.detail.slice(0, 60)); else throw e; }
}
console.log(stats);
