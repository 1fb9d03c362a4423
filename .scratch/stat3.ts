import fc from 'fast-check';
import { hat } from '../test/hat/generators.ts';
import { readHat } from '../src/hat/model.ts';
import { parseHat } from '../src/hat/syntax.ts';
import { lowerAndProve, LoweringRefusal } from '../src/hat/lower.ts';
const stats: Record<string, number> = {};
const inc = (k: string) => (stats[k] = (stats[k] ?? 0) + 1);
for (const h of fc.sample(hat, 1000)) {
  const m = readHat(h.text).model;
  const g = m.entries.filter((e) => e.kind === 'group')[0];
  const p = m.policies[0]!;
  const ops: any[] = [{ op: 'set-policy-param', policy: p.name, param: 'tls', from: p.params.filter(([k]) => k === 'tls').pop()?.[1] ?? null, to: 'required' }];
  if (g) { const from = m.entries.indexOf(g); ops.push({ op: 'remove-senders', group: g.name, senders: [g.members[0]!.text] }); ops.push({ op: 'add-senders', group: g.name, senders: ['203.0.113.7'] }); if (from > 0) ops.push({ op: 'move-sender-group', group: g.name, from, to: 0, fromBefore: m.entries[from+1]?.name ?? null, toBefore: m.entries[0]!.name }); }
  try { const r = lowerAndProve(parseHat(h.text), ops); inc(r.ok ? 'ok' : 'NOT ' + JSON.stringify(r.differences).slice(0, 200)); }
  catch (e) { if (e instanceof LoweringRefusal) inc('refused ' + e.detail.slice(0, 50)); else inc('THROW ' + (e as Error).message); }
}
console.log(stats);
