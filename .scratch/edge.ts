import { readHat } from '../src/hat/model.ts';
import { planGroupGoal } from '../src/recipes/plan.ts';
import { lowerAndProve } from '../src/hat/lower.ts';
import { CRES_GROUP, CRES_POLICY, CRES_HOSTS } from '../test/recipes/cres-goal.ts';
for (const t of [
  '\n$ACCEPTED\n    ACCEPT\nALL $ACCEPTED\n  ',
  '\n$ACCEPTED\n    ACCEPT\n\nWHITELIST:\n    1.2.3.4\n    $ACCEPTED\n\nALL\n    $ACCEPTED\n  ',
  'ALL\n    $ACCEPTED',
  '$ACCEPTED ACCEPT\nALL $ACCEPTED',
]) {
  const b = readHat(t);
  const p = planGroupGoal(b.model, CRES_GROUP, CRES_POLICY, { listener: 'L', published: CRES_HOSTS });
  console.log(JSON.stringify(b.model.problems), p.refusal?.code, p.operations.map(o => o.op));
  const r = lowerAndProve(b.syntax, p.operations);
  console.log(r.ok, JSON.stringify(r.text));
  if (!r.ok) console.log(r.differences);
}
