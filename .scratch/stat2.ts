import fc from 'fast-check';
import { hat } from '../test/hat/generators.ts';
import { readHat } from '../src/hat/model.ts';
import { planGroupGoal } from '../src/recipes/plan.ts';
import { CRES_GROUP, CRES_POLICY } from '../test/recipes/cres-goal.ts';
let n = 0;
for (const h of fc.sample(hat, 2000)) {
  const b = readHat(h.text);
  const p = planGroupGoal(b.model, CRES_GROUP, CRES_POLICY, { listener: 'L' });
  if (p.refusal?.code === 'hat-blocking' && n++ < 2) { console.log(JSON.stringify(p.refusal.args), h.unusedWithUnknown); console.log(h.text.replace(/\r\n?/g, '\n')); }
}
