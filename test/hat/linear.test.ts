import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lowerAndProve } from '../../src/hat/lower.js';
import { readHat } from '../../src/hat/model.js';
import { planGroupGoal } from '../../src/recipes/plan.js';
import { CRES_GROUP, CRES_HOSTS, CRES_POLICY } from '../recipes/cres-goal.js';

/** A HAT with one big group of `n` members and `n / 10` small groups. */
function bigHat(n: number): string {
  const out = ['$ACCEPTED', '    ACCEPT', '$BLOCKED', '    REJECT', 'CUSTOMERS:'];
  for (let i = 0; i < n; i++) out.push(i % 3 ? `    10.${(i >> 8) & 255}.${i & 255}.${i % 7}` : `    .c${i}.example`);
  out.push('    $ACCEPTED');
  for (let i = 0; i < n / 10; i++) out.push(`G${i}:`, `    host${i}.example`, `    $BLOCKED`);
  out.push('ALL', '    $ACCEPTED', '');
  return out.join('\n');
}

function cost(n: number): number {
  const text = bigHat(n);
  let best = Infinity;
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    const { syntax, model } = readHat(text);
    const p = planGroupGoal(model, CRES_GROUP, CRES_POLICY, { listener: 'L', published: CRES_HOSTS });
    const r = lowerAndProve(syntax, p.operations, model);
    assert.ok(r.ok);
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

test('read + plan + lower + prove grow linearly with the HAT (4x members: well under 16x time)', () => {
  cost(2000); // warm up
  const small = cost(4000);
  const large = cost(16000);
  assert.ok(large / small < 10, `ratio ${(large / small).toFixed(1)}`);
});

test.run();
