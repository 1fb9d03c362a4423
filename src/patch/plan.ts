/**
 * The planner: reads a listener's HAT and emits only the operations still needed to reach the
 * goal state (CRES group first, covering every sender, bound to an ACCEPT policy with TLS
 * Required). Compliance is judged by meaning, not text.
 */
import { findPolicy, paramValue, resolveBehaviour, type Hat, type HatEntry, type HatPolicyRef } from '../esa/hat.js';
import { coveredBy, overlaps, parseSender } from '../net/sender.js';
import type { Finding } from './findings.js';
import type { Operation } from './operations.js';
import type { CresRecipe } from './recipe.js';

/** The plan for one listener. */
export interface ListenerPlan {
  listener: string;
  operations: Operation[];
  findings: Finding[];
  /** Set when the tool will not resolve a conflict on its own (exit 3). */
  refusal: Finding | null;
}

function sameToken(a: string | undefined, b: string): boolean {
  return a !== undefined && a.toLowerCase() === b.toLowerCase();
}

/** Does `entry` satisfy the recipe: covers every sender, ACCEPTs, TLS set to the token? */
export function entryCompliant(hat: Hat, entry: HatEntry, recipe: CresRecipe): boolean {
  if (entry.kind !== 'group') return false;
  const members = entry.members.map((m) => m.sender);
  if (!recipe.senders.every((s) => coveredBy(parseSender(s), members))) return false;
  const b = resolveBehaviour(hat, entry);
  return !!b && b.keyword === 'ACCEPT' && sameToken(paramValue(b, 'tls'), recipe.tls);
}

/** Is the HAT already in the goal state? */
export function hatCompliant(hat: Hat, recipe: CresRecipe): boolean {
  const first = hat.entries[0];
  return !!first && entryCompliant(hat, first, recipe);
}

/** How an entry's policy reference reads, for operations and messages. */
export function describeRef(hat: Hat, ref: HatPolicyRef | null): string {
  if (!ref) return '(none)';
  if (ref.kind === 'named') return `$${ref.name}`;
  const b = ref.behaviour;
  return hat.lines
    .slice(b.line, b.lastLine + 1)
    .map((l) => l.body)
    .join('\n');
}

function usesPolicy(entry: HatEntry, policy: string): boolean {
  return entry.policy?.kind === 'named' && entry.policy.name === policy;
}

/** Other entries that also match a CRES sender: reported, never changed. */
export function overlapFindings(hat: Hat, recipe: CresRecipe, listener: string, skip: HatEntry | undefined): Finding[] {
  const wanted = recipe.senders.map(parseSender);
  const out: Finding[] = [];
  for (const e of hat.entries) {
    if (e === skip || e.kind === 'all') continue;
    for (const m of e.members) {
      const hit = wanted.find((w) => overlaps(m.sender, w));
      if (!hit) continue;
      const b = resolveBehaviour(hat, e);
      const what = b ? `${describeRef(hat, e.policy).split('\n')[0]} (${b.keyword})` : describeRef(hat, e.policy);
      out.push({
        code: 'cres-sender-overlap',
        severity: 'warning',
        listener,
        line: m.line + 1,
        message: `${e.kind === 'group' ? 'sender group' : 'inline entry'} ${e.name} also matches CRES sender ${hit.text} (member ${m.text}, policy ${what}); it is left unchanged, and CRES connections now match the ${recipe.group} group first`,
      });
    }
  }
  return out;
}

/** Plans the CRES change for one listener's HAT. */
export function planListener(hat: Hat, listener: string, recipe: CresRecipe): ListenerPlan {
  const findings: Finding[] = [];
  const refuse = (code: string, message: string): ListenerPlan => ({
    listener,
    operations: [],
    findings,
    refusal: { code, severity: 'error', message, listener },
  });

  const blocking = hat.problems.filter((p) => p.severity === 'error');
  if (blocking.length) {
    const p = blocking[0]!;
    return refuse(p.code, `the HAT cannot be read safely: line ${p.line} of the HAT: ${p.message}`);
  }
  const first = hat.entries[0];
  const ours = hat.entries.filter((e) => e.kind === 'group' && e.name === recipe.group);
  const compliantFirst = first && entryCompliant(hat, first, recipe) ? first : undefined;
  findings.push(...overlapFindings(hat, recipe, listener, compliantFirst ?? ours[0]));
  if (compliantFirst) return { listener, operations: [], findings, refusal: null };

  const clash = hat.entries.find((e) => e.kind === 'group' && e.name !== recipe.group && e.name.toLowerCase() === recipe.group.toLowerCase());
  if (clash) {
    return refuse('name-collision', `sender group ${clash.name} differs from --group-name ${recipe.group} only by case; the appliance may treat them as one. Choose another --group-name or rename the group`);
  }
  const group = ours[0];
  const operations: Operation[] = [];
  const policy = findPolicy(hat, recipe.policy);
  if (!policy) {
    operations.push({ op: 'add-policy', listener, policy: recipe.policy, behaviour: 'ACCEPT', params: { tls: recipe.tls } });
  } else {
    const b = policy.behaviour;
    const users = hat.entries.filter((e) => e !== group && usesPolicy(e, recipe.policy)).map((e) => e.name);
    if (!b || b.keyword !== 'ACCEPT') {
      return refuse(
        'policy-conflict',
        `mail flow policy $${recipe.policy} exists with behaviour ${b?.keyword ?? '(none)'}, not ACCEPT${users.length ? `; it is used by ${users.join(', ')}` : ''}. Changing it would change how those senders are treated: choose another name with --policy-name`,
      );
    }
    const current = paramValue(b, 'tls');
    if (!sameToken(current, recipe.tls)) {
      if (users.length) {
        return refuse(
          'policy-conflict',
          `mail flow policy $${recipe.policy} has tls = ${current === undefined ? '(inherited)' : `"${current}"`} and is also used by ${users.join(', ')}; setting TLS Required would change those groups too. Choose another name with --policy-name`,
        );
      }
      operations.push({ op: 'set-policy-param', listener, policy: recipe.policy, param: 'tls', from: current ?? null, to: recipe.tls });
    }
  }
  const head = hat.entries[0];
  if (!group) {
    operations.push({
      op: 'add-sender-group',
      listener,
      group: recipe.group,
      senders: [...recipe.senders],
      policy: recipe.policy,
      comment: recipe.comment,
      before: head ? head.name : null,
    });
  } else {
    const index = hat.entries.indexOf(group);
    if (index !== 0) {
      operations.push({
        op: 'move-sender-group',
        listener,
        group: group.name,
        from: index,
        to: 0,
        fromBefore: hat.entries[index + 1]?.name ?? null,
        toBefore: head!.name,
      });
    }
    const members = group.members.map((m) => m.sender);
    const missing = recipe.senders.filter((s) => !coveredBy(parseSender(s), members));
    if (missing.length) operations.push({ op: 'add-senders', listener, group: group.name, senders: missing });
    if (!usesPolicy(group, recipe.policy)) {
      operations.push({ op: 'set-group-policy', listener, group: group.name, from: describeRef(hat, group.policy), to: `$${recipe.policy}` });
    }
  }
  return { listener, operations, findings, refusal: null };
}
