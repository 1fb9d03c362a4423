/**
 * The planner: converges one HAT towards a sender group goal and its policy goal, emitting only
 * the operations still needed. Compliance is judged by meaning, with the first-match evaluator;
 * every sender whose treatment the change alters is reported.
 */
import { tlsSatisfies, tlsStanding } from '../hat/tls.js';
import { finding, type Finding } from '../findings.js';
import { applyOperations, targetOf } from '../hat/apply-model.js';
import { describeMatch, effectiveParams, entryMatch, evaluate, type Connection } from '../hat/evaluate.js';
import { problemFinding } from '../hat/findings.js';
import { paramValue, resolvePolicy, type HatEntry, type HatMember, type HatModel } from '../hat/model.js';
import type { HatOperation, SetPolicyParam } from '../hat/operations.js';
import { covers, dedupeSenders, formatIpv4, overlaps, parseSender, validateSender, type Sender } from '../net/sender.js';
import type { GroupGoal, PolicyGoal, PublishedHost } from './recipe.js';
import { atEntry, atPolicy, linesOf, usersOf } from './where.js';

/** Options of {@link planGroupGoal}. */
export interface PlanOptions {
  /** Listener name, for findings. */
  listener: string;
  /** Listener element path, for findings. */
  listenerPath?: string;
  /** Overwrite a TLS value other than `off` and the goal's (`--replace-tls-value`). */
  replaceUnknownTls?: boolean;
  /** Hosts that must land on the goal after the change (reported when they do not). */
  published?: readonly PublishedHost[];
  /** `$DEFAULT` parameters (from `hat_default_*`). */
  defaults?: Readonly<Record<string, string>>;
}

/** The plan for one HAT. */
export interface GroupPlan {
  operations: HatOperation[];
  /** Info and warnings (dropped senders, uncovered published hosts, unknown lines, …). */
  findings: Finding[];
  /** Set when the tool will not decide on its own (exit 3); `operations` is then empty. */
  refusal: Finding | null;
  /** `treatment-change` warnings: hosts the change treats differently. */
  treatmentChanges: Finding[];
}

// Names differing only by case are refused as collisions (the appliance's case rule for names is
// not documented); values are text and compared exactly (`"Welcome"` is not `"WELCOME"`).
const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const sameValue = (a: string | undefined | null, b: string) => a === b;

/** Does the resolved policy of `entry` ACCEPT with every goal parameter? */
function entryMeetsPolicy(model: HatModel, entry: HatEntry, policy: PolicyGoal, defaults: Readonly<Record<string, string>>): boolean {
  const r = resolvePolicy(model, entry);
  if (!r || r.behaviour !== policy.behaviour) return false;
  const params = effectiveParams(r.params, defaults);
  return Object.entries(policy.params).every(([k, v]) => {
    const now = params.find((p) => p.key === k)?.value;
    return sameValue(now, v) || (k === 'tls' && tlsSatisfies(now, v));
  });
}

/** Where the connections of a goal sender land: the first entry with a member that overlaps it. */
function landing(model: HatModel, sender: Sender, certainOnly = false): { entry: HatEntry; whole: boolean; certain: boolean } | null {
  for (const e of model.entries) {
    // A CONTINUE entry decides nothing: the appliance's walk goes on below it.
    if (resolvePolicy(model, e)?.behaviour === 'CONTINUE') continue;
    if (e.kind === 'all') return { entry: e, whole: true, certain: true };
    for (const m of e.members) {
      if (m.sender.kind === 'other') {
        if (sender.kind !== 'other' && !certainOnly) return { entry: e, whole: false, certain: false };
        continue;
      }
      if (covers(m.sender, sender)) return { entry: e, whole: true, certain: true };
      if (overlaps(m.sender, sender)) return { entry: e, whole: false, certain: true };
    }
  }
  return null;
}

/** Does every connection of `sender` land on an entry that ACCEPTs with the goal parameters? */
function senderCompliant(model: HatModel, sender: Sender, policy: PolicyGoal, defaults: Readonly<Record<string, string>>): boolean {
  const l = landing(model, sender);
  return !!l && l.whole && l.certain && entryMeetsPolicy(model, l.entry, policy, defaults);
}

/** A connection that exercises one member (null: a member that cannot be probed offline). */
function probeOf(m: HatMember): Connection | null {
  const s = m.sender;
  if (s.kind === 'ip') return { ip: s.version === 4 ? formatIpv4(s.lo) : formatIpv6(s.lo) };
  // TEST-NET-1: an address no HAT member should hold, so the PTR decides.
  if (s.kind === 'host') return { ip: '192.0.2.1', ptr: s.partial ? `probe.${s.name}` : s.name };
  return null;
}

function formatIpv6(v: bigint): string {
  const parts: string[] = [];
  for (let i = 7; i >= 0; i--) parts.push(((v >> BigInt(16 * i)) & 0xffffn).toString(16));
  return parts.join(':');
}

/**
 * Plans the change of one HAT towards `group` bound to `policy`.
 *
 * Compliance is judged by meaning first: when every goal sender already lands (first match) on
 * an entry that ACCEPTs with the goal parameters, whatever its names or position, nothing is
 * planned. Otherwise the policy is converged (added, or only the goal parameters set), then the
 * group (added at its position, moved there, missing senders added, rebound). Refusals carry a
 * code: `sender-invalid`, `hat-blocking` (a blocking problem the judgement depends on: anything
 * global, any entry, the goal policy or a policy in use), `name-collision`, `policy-conflict`,
 * `tls-unknown`, `policy-shared`, `position-unknown`. Published hosts are evaluated after the
 * change and reported (`published-uncovered`), never added.
 */
export function planGroupGoal(model: HatModel, group: GroupGoal, policy: PolicyGoal, options: PlanOptions): GroupPlan {
  const listener = options.listener;
  const span = { listener, ...(options.listenerPath ? { listenerPath: options.listenerPath } : {}) };
  const defaults = options.defaults ?? {};
  const findings: Finding[] = [];
  const treatmentChanges: Finding[] = [];
  const refuse = (f: Finding): GroupPlan => ({ operations: [], findings, refusal: f, treatmentChanges: [] });

  // The goal's senders, as the HAT member grammar reads them; never a duplicate.
  for (const s of group.senders) {
    const v = validateSender(s);
    if (!v.ok) return refuse(finding('sender-invalid', 'error', { value: v.value, reason: v.reason }, span));
  }
  const { kept, dropped } = dedupeSenders(group.senders.map((s) => s.trim()));
  for (const d of dropped) findings.push(finding('sender-dropped', 'info', { sender: d.sender, reason: d.reason, by: d.by }, span));
  const wanted = kept.map(parseSender);

  // Problems the judgement depends on: anything global, any entry, any policy in use or named like the goal.
  const used = new Set(model.entries.flatMap((e) => (e.policy?.kind === 'named' ? [e.policy.name.toLowerCase()] : [])));
  used.add(policy.name.toLowerCase());
  const entryNames = new Set(model.entries.map((e) => e.name.toLowerCase()));
  for (const p of model.problems) {
    const depends = p.name === null || entryNames.has(p.name.toLowerCase()) || used.has(p.name.toLowerCase());
    if (p.blocking && depends)
      return refuse(
        finding('hat-blocking', 'error', { listener, problem: p.code, line: p.line, text: p.text }, { ...span, line: p.line, col: p.col }),
      );
    findings.push(problemFinding({ ...p, blocking: false }, listener, span));
  }

  const published = (after: HatModel) => {
    if (!options.published?.length) return;
    const uncovered = options.published.filter((h) => {
      const r = evaluate(after, { ip: h.ip, ptr: h.host }, defaults);
      const e = r.match && r.mayMatch.length === 0 ? after.entries[r.match.index] : undefined;
      return !e || !entryMeetsPolicy(after, e, policy, defaults);
    });
    // A host the goal's own senders do not name is a gap of the recipe, the same on every
    // appliance (info); one they name that still lands elsewhere is this HAT's doing (warning).
    const named = (h: PublishedHost) => wanted.some((s) => covers(s, parseSender(h.ip)) || covers(s, parseSender(h.host)));
    const show = (hs: readonly PublishedHost[]) => hs.map((h) => `${h.host} (${h.ip})`);
    const elsewhere = uncovered.filter(named);
    const outside = uncovered.filter((h) => !named(h));
    if (elsewhere.length)
      findings.push(finding('published-uncovered', 'warning', { listener, group: group.name, hosts: show(elsewhere) }, span));
    if (outside.length)
      findings.push(finding('published-outside-senders', 'info', { listener, group: group.name, hosts: show(outside) }, span));
  };

  // Already compliant by meaning (whatever the names): nothing to do.
  if (wanted.every((s) => senderCompliant(model, s, policy, defaults))) {
    published(model);
    return { operations: [], findings, refusal: null, treatmentChanges };
  }

  const operations: HatOperation[] = [];
  // The policy.
  const existing = model.policies.find((p) => p.name === policy.name);
  const clash = model.policies.find((p) => p.name !== policy.name && sameName(p.name, policy.name));
  if (clash)
    return refuse(
      finding(
        'name-collision',
        'error',
        { listener, existing: clash.name, wanted: policy.name, kind: 'policy' },
        { ...span, ...atPolicy(clash) },
      ),
    );
  const ours = model.entries.find((e) => e.kind === 'group' && e.name === group.name);
  const groupClash = model.entries.find((e) => e.kind !== 'inline' && e.name !== group.name && sameName(e.name, group.name));
  if (groupClash)
    return refuse(
      finding(
        'name-collision',
        'error',
        { listener, existing: groupClash.name, wanted: group.name, kind: 'group' },
        { ...span, ...atEntry(groupClash) },
      ),
    );
  if (!existing) {
    operations.push({ op: 'add-policy', policy: policy.name, behaviour: policy.behaviour, params: Object.entries(policy.params) });
  } else {
    const using = usersOf(model, policy.name);
    const users = using.filter((e) => e !== ours).map((e) => e.name);
    if (existing.behaviour !== policy.behaviour) {
      // Named with every entry that uses the policy now, each at its line.
      return refuse(
        finding(
          'policy-conflict',
          'error',
          {
            listener,
            policy: policy.name,
            behaviour: existing.behaviour,
            wanted: policy.behaviour,
            users: using.map((e) => e.name),
            lines: linesOf(using),
          },
          { ...span, ...atPolicy(existing) },
        ),
      );
    }
    const changes: SetPolicyParam[] = [];
    for (const [key, value] of Object.entries(policy.params)) {
      const now = paramValue(existing.params, key) ?? null;
      if (sameValue(now, value)) continue;
      // A stricter TLS value (required_verify for required) meets the goal: never rewritten down.
      // One esa-patch does not know is never overwritten silently; a known weaker one is raised.
      if (key === 'tls' && now !== null && tlsStanding(now, value) === 'stricter') continue;
      if (key === 'tls' && now !== null && tlsStanding(now, value) === 'unknown' && !options.replaceUnknownTls) {
        return refuse(
          finding('tls-unknown', 'error', { listener, policy: policy.name, value: now, target: value }, { ...span, ...atPolicy(existing) }),
        );
      }
      changes.push({ op: 'set-policy-param', policy: policy.name, param: key, from: now, to: value });
    }
    if (changes.length && users.length && policy.shared !== 'allow') {
      return refuse(
        finding(
          'policy-shared',
          'error',
          {
            listener,
            policy: policy.name,
            entries: users,
            params: changes.map((c) => c.param),
            lines: linesOf(using.filter((e) => e !== ours)),
          },
          { ...span, ...atPolicy(existing) },
        ),
      );
    }
    operations.push(...changes);
  }

  // The group: where it must stand.
  const without = model.entries.filter((e) => e !== ours);
  const all = without.findIndex((e) => e.kind === 'all');
  const pos = group.position;
  let to: number;
  if (pos === 'first') to = 0;
  else if (pos === 'last') to = all >= 0 ? all : without.length;
  else {
    const ref = 'before' in pos ? pos.before : pos.after;
    const i = without.findIndex((e) => e.name === ref);
    if (i < 0) return refuse(finding('position-unknown', 'error', { listener, group: group.name, entry: ref }, span));
    to = 'before' in pos ? i : i + 1;
    if (all >= 0 && to > all) to = all;
  }
  const toBefore = without[to]?.name ?? null;
  if (!ours) {
    operations.push({
      op: 'add-sender-group',
      group: group.name,
      senders: kept,
      policy: { kind: 'named', name: policy.name },
      comment: group.comment,
      position: to,
      before: toBefore,
    });
  } else {
    const from = model.entries.indexOf(ours);
    if (from !== to)
      operations.push({ op: 'move-sender-group', group: ours.name, from, to, fromBefore: model.entries[from + 1]?.name ?? null, toBefore });
    const members = ours.members.map((m) => m.sender);
    const missing = kept.filter((_, i) => !members.some((m) => covers(m, wanted[i]!)));
    if (missing.length) operations.push({ op: 'add-senders', group: ours.name, senders: missing });
    if (!(ours.policy?.kind === 'named' && ours.policy.name === policy.name)) {
      operations.push({ op: 'set-group-policy', group: ours.name, from: targetOf(ours.policy!), to: { kind: 'named', name: policy.name } });
    }
  }

  const after = applyOperations(model, operations);
  for (const s of wanted) {
    if (senderCompliant(after, s, policy, defaults)) continue;
    const l = landing(after, s);
    findings.push(
      finding(
        'goal-sender-shadowed',
        'warning',
        {
          listener,
          sender: s.text,
          entry: l?.entry.name ?? '(none)',
          treatment: l ? describeMatch(entryMatch(after, l.entry, defaults)) : 'no entry',
        },
        span,
      ),
    );
  }
  published(after);

  // Every other sender whose treatment the change may alter: the goal group's own members, the
  // members of the entries it moves past that overlap one of them, and the members of entries
  // bound to a policy that changes. (A group added with goal senders only changes goal senders.)
  const probes: HatMember[] = [];
  const oursMembers = ours ? ours.members : [];
  probes.push(...oursMembers);
  for (const op of operations) {
    if (op.op === 'move-sender-group')
      for (let i = Math.min(op.from, op.to); i <= Math.max(op.from, op.to); i++)
        for (const m of model.entries[i]!.members) if (oursMembers.some((o) => overlaps(o.sender, m.sender))) probes.push(m);
    if (op.op === 'set-policy-param')
      for (const e of model.entries) if (e.policy?.kind === 'named' && e.policy.name === op.policy) probes.push(...e.members);
  }
  const keys = Object.keys(policy.params);
  // Goal senders that an entry of the HAT named explicitly (not ALL) and treated otherwise,
  // the goal group itself included: a change of its policy's parameters (a TLS downgrade)
  // changes how the senders it already holds are treated.
  for (const w of wanted) {
    const was = landing(model, w, true);
    if (!was || was.entry.kind === 'all') continue;
    const now = landing(after, w, true);
    const before = describeMatch(entryMatch(model, was.entry, defaults), keys);
    const afterText = now ? describeMatch(entryMatch(after, now.entry, defaults), keys) : 'no entry matches';
    if (before !== afterText)
      treatmentChanges.push(finding('treatment-change', 'warning', { listener, host: w.text, before, after: afterText }, span));
  }
  const seen = new Set<string>();
  for (const m of probes) {
    if (seen.has(m.text.toLowerCase()) || wanted.some((w) => covers(w, m.sender))) continue;
    seen.add(m.text.toLowerCase());
    const probe = probeOf(m);
    if (!probe) continue;
    const before = describeMatch(evaluate(model, probe, defaults).match, keys);
    const afterText = describeMatch(evaluate(after, probe, defaults).match, keys);
    if (before !== afterText)
      treatmentChanges.push(finding('treatment-change', 'warning', { listener, host: m.text, before, after: afterText }, span));
  }
  return { operations, findings, refusal: null, treatmentChanges };
}
