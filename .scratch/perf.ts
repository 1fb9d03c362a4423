import { readHat } from '../src/hat/model.ts';
import { semanticDiff } from '../src/hat/diff.ts';
import { planGroupGoal } from '../src/recipes/plan.ts';
import { lowerAndProve } from '../src/hat/lower.ts';
import { CRES_GROUP, CRES_POLICY } from '../test/recipes/cres-goal.ts';
for (const n of [2000, 20000]) {
  const parts = ['$A\n    ACCEPT {\n        tls = "off"\n    }\n$B\n    REJECT\n'];
  for (let i = 0; i < n; i++) parts.push(`G${i}:\n    10.${(i >> 8) & 255}.${i & 255}.0/24, host${i}.example.com\n    .d${i}.example\n    $${i % 2 ? 'A' : 'B'}\n`);
  parts.push('ALL\n    $A\n');
  const t = parts.join('');
  let t0 = performance.now();
  const r = readHat(t);
  const t1 = performance.now();
  semanticDiff(r.model, r.model);
  const t2 = performance.now();
  const p = planGroupGoal(r.model, CRES_GROUP, CRES_POLICY, { listener: 'L' });
  const t3 = performance.now();
  const l = lowerAndProve(r.syntax, p.operations);
  const t4 = performance.now();
  console.log(n, t.length, 'read', (t1 - t0).toFixed(0), 'diff', (t2 - t1).toFixed(0), 'plan', (t3 - t2).toFixed(0), 'lower+prove', (t4 - t3).toFixed(0), l.ok);
}
