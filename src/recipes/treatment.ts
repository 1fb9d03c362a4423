/**
 * How the entries no single host can stand for are treated, before and after a plan: `ALL`
 * (every other sender) and groups whose members cannot be probed offline (`SBRS[…]`,
 * `dnslist[…]`, `SBO:n`). A recipe that changes the policy such an entry uses changes how
 * every sender it catches is treated: reported like any `treatment-change`. Pure.
 */
import { describeMatch, entryMatch } from '../hat/evaluate.js';
import type { HatEntry, HatModel } from '../hat/model.js';
import type { HatOperation } from '../hat/operations.js';

/** The name a report gives an entry no host stands for: `ALL (every other sender)`, `UNKNOWNLIST (sbrs[-1.0:10.0])`. */
function labelOf(e: HatEntry): string {
  if (e.kind === 'all') return 'ALL (every other sender)';
  const members = e.members.map((m) => m.text);
  const shown = members.slice(0, 3).join(', ') + (members.length > 3 ? `, … ${members.length - 3} more` : '');
  return `${e.name} (${shown})`;
}

/**
 * Entries of `before` that `probed` cannot stand for (ALL, and entries none of whose members is
 * an address or host name) and that treat their senders otherwise in `after`: the parameters
 * compared are `tls` and every parameter the operations set.
 */
export function unprobedTreatmentChanges(
  before: HatModel,
  after: HatModel,
  operations: readonly HatOperation[],
  defaults: Readonly<Record<string, string>>,
  probed: (e: HatEntry) => boolean,
): { host: string; before: string; after: string }[] {
  const keys = [...new Set(['tls', ...operations.flatMap((o) => (o.op === 'set-policy-param' ? [o.param] : []))])];
  const out: { host: string; before: string; after: string }[] = [];
  for (const e of before.entries) {
    if (e.kind !== 'all' && probed(e)) continue;
    const now = after.entries.find((x) => x.kind === e.kind && x.name === e.name);
    if (!now) continue;
    const b = describeMatch(entryMatch(before, e, defaults), keys);
    const a = describeMatch(entryMatch(after, now, defaults), keys);
    if (a !== b) out.push({ host: labelOf(e), before: b, after: a });
  }
  return out;
}
