/**
 * Plans a whole recipe on one HAT: removals of senders and groups, the policy goals no group
 * uses (only the named parameters), every group goal with its policy (through
 * {@link planGroupGoal}: compliance by meaning, positions, name collisions, shared policies),
 * then removals of policies. Each step is planned on the model the previous steps leave, so the
 * operations apply in order, and planning the result again yields none. Names are compared
 * exactly; a HAT name that differs only by case from one the recipe changes is refused.
 */
import { finding, Refused, type Finding } from '../findings.js';
import { applyOperations, notApplied } from '../hat/apply-model.js';
import { blockingProblems, findPolicy, paramValue, type HatEntry, type HatModel, type HatPolicy } from '../hat/model.js';
import { describeOperation, type HatOperation, type PolicyTarget } from '../hat/operations.js';
import type { HatSyntax } from '../hat/syntax.js';
import { describeMatch, evaluate, type Connection } from '../hat/evaluate.js';
import { formatIpv4, parseSender, type Sender } from '../net/sender.js';
import { sameSender, stillMatches } from './removal.js';
import { planGroupGoal } from './plan.js';
import { tlsSatisfies, tlsStanding } from '../hat/tls.js';
import { planningOrder } from './rules.js';
import { unprobedTreatmentChanges } from './treatment.js';
import type { Behaviour, GroupGoal, ListenerSelection, PolicyGoal, Recipe } from './recipe.js';
import { atEntry, atPolicy, describePosition, linesOf, positionUnmet, usersOf } from './where.js';

/** Options of {@link planRecipe}. */
export interface RecipePlanOptions {
  /** Listener name, for findings. */
  listener: string;
  /** Listener element path, for findings. */
  listenerPath?: string;
  /** `$DEFAULT` parameters (from `hat_default_*`): an inherited parameter equal to the goal is compliant. */
  defaults?: Readonly<Record<string, string>>;
  /** Overrides the recipe's `replaceUnknownTls` when set (`--replace-tls-value`). */
  replaceUnknownTls?: boolean;
  /**
   * The HAT's syntax: lets removals record the exact text they remove, so that rollback by
   * meaning restores it as written. Pass it whenever the plan is to be applied: without it, a
   * removed group with a behaviour of its own cannot be written back.
   */
  syntax?: HatSyntax;
}

/** The plan of a recipe for one HAT. */
export interface RecipePlan {
  /** In the order to apply them. */
  operations: HatOperation[];
  findings: Finding[];
  /** Set when the tool will not decide on its own (exit 3); `operations` is then empty. */
  refusal: Finding | null;
  /** `treatment-change` warnings of the group goals. */
  treatmentChanges: Finding[];
}

/** Does the recipe's listener selection take this listener? */
export function selectsListener(selection: ListenerSelection, listener: { name: string; type: string }): boolean {
  if (selection === 'all') return true;
  if (selection === 'public' || selection === 'private') return listener.type.toLowerCase() === selection;
  return selection.includes(listener.name);
}

const lower = (s: string) => s.toLowerCase();
// Values are text, compared exactly; names are compared exactly too, and a case-only variant refused.
const sameValue = (a: string | undefined, b: string) => a === b;

/** The policy an entry names, or its own behaviour, as an operation target. */
function targetOf(e: HatEntry): PolicyTarget {
  const ref = e.policy!;
  return ref.kind === 'named'
    ? { kind: 'named', name: ref.name }
    : { kind: 'own', behaviour: ref.behaviour, params: ref.params.map(([k, v]) => [k, v]) };
}

/** Exact text of HAT lines `first`..`last` (with their endings), when the syntax is known. */
function textOf(syntax: HatSyntax | undefined, first: number, last: number): string | undefined {
  if (!syntax || first < 0) return undefined;
  return syntax.lines
    .slice(first, last + 1)
    .map((l) => l.text + l.eol)
    .join('');
}

/**
 * Plans `recipe` on one HAT. Pure. The plan is checked to be a fixed point: planning the
 * recipe again on the result must find nothing to do, else the recipe contradicts itself on
 * this HAT (two groups claiming the same hosts, a position that undoes another group's) and
 * the listener is refused (`recipe-unstable`), never patched halfway.
 */
export function planRecipe(model: HatModel, recipe: Recipe, options: RecipePlanOptions): RecipePlan {
  const plan = planOnce(model, recipe, options);
  if (plan.refusal || !plan.operations.length) return plan;
  const { syntax: _syntax, ...rest } = options;
  let after: HatModel;
  try {
    after = applyOperations(model, plan.operations);
  } catch (e) {
    const n = notApplied(e);
    if (!n) throw e;
    return { operations: [], findings: plan.findings, refusal: internal(options, n), treatmentChanges: [] };
  }
  const again = planOnce(after, recipe, rest);
  if (!again.refusal && !again.operations.length) return plan;
  const span = { listener: options.listener, ...(options.listenerPath !== undefined ? { listenerPath: options.listenerPath } : {}) };
  const still = again.refusal ? [`${again.refusal.code}`] : again.operations.map(describeOperation);
  return {
    operations: [],
    findings: plan.findings,
    refusal: finding('recipe-unstable', 'error', { listener: options.listener, operations: still }, span),
    treatmentChanges: [],
  };
}

/** A planned operation that does not apply to the model it was planned on (a bug, never written): its finding, at the listener. */
function internal(options: RecipePlanOptions, f: Finding): Finding {
  return { ...f, listener: options.listener, ...(options.listenerPath !== undefined ? { listenerPath: options.listenerPath } : {}) };
}

function planOnce(model: HatModel, recipe: Recipe, options: RecipePlanOptions): RecipePlan {
  const listener = options.listener;
  const span = { listener, ...(options.listenerPath !== undefined ? { listenerPath: options.listenerPath } : {}) };
  const replaceUnknownTls = options.replaceUnknownTls ?? recipe.replaceUnknownTls ?? false;
  const operations: HatOperation[] = [];
  const findings: Finding[] = [];
  const treatmentChanges: Finding[] = [];
  // Members whose treatment the recipe's own steps may change (removed, or using a tuned policy).
  const touched: string[] = [];
  const tunedKeys = new Set<string>(['tls']);
  let current = model;
  // The syntax knows the original lines only: text is recorded for what is still as it was read.
  const originalEntry = (e: HatEntry) => {
    const o = model.entries.find((x) => x.name === e.name);
    return o &&
      o.line >= 0 &&
      o.members.map((m) => m.text).join('\n') === e.members.map((m) => m.text).join('\n') &&
      JSON.stringify(o.policy) === JSON.stringify(e.policy)
      ? o
      : undefined;
  };

  const refuse = (f: Finding): never => {
    throw new Refused(f);
  };
  const emit = (ops: HatOperation[]) => {
    if (!ops.length) return;
    operations.push(...ops);
    try {
      current = applyOperations(current, ops);
    } catch (e) {
      const n = notApplied(e);
      if (!n) throw e;
      refuse(internal(options, n));
    }
  };
  /** The entry or policy named exactly `name`; refuses when only case-variants exist or several match. */
  const lookup = <T extends { name: string }>(items: readonly T[], name: string, kind: 'group' | 'policy'): T | undefined => {
    const matches = items.filter((x) => lower(x.name) === lower(name));
    const exact = matches.find((x) => x.name === name);
    if (matches.length > (exact ? 1 : 0)) {
      const second = matches.find((x) => x !== exact) as unknown as HatEntry & HatPolicy;
      const where = kind === 'group' ? atEntry(second) : atPolicy(second);
      refuse(
        finding('recipe-ambiguous-name', 'error', { listener, kind, name, matches: matches.map((x) => x.name) }, { ...span, ...where }),
      );
    }
    return exact;
  };

  try {
    // `$DEFAULT` is the listener's hat_default_* settings, never a policy of the HAT text (the
    // recipe rules refuse it; this guards callers that plan a recipe they did not check).
    const reserved = [...recipe.policies.map((p) => p.name), ...recipe.groups.map((g) => g.policy), ...(recipe.remove?.policies ?? [])];
    const dflt = reserved.find((n) => lower(n) === 'default');
    if (dflt !== undefined)
      refuse(
        finding('recipe-invalid', 'error', {
          pointer: '',
          rule: 'not',
          expected: "a policy name a recipe may use ($DEFAULT is the listener's hat_default_* settings, not a policy of the HAT text)",
          got: JSON.stringify(dflt),
        }),
      );
    // A problem blocks when the recipe's judgement depends on it: anything global, any entry,
    // any policy in use, anything the recipe names. An unknown line in an unused policy does not.
    const rm0 = recipe.remove ?? {};
    const depends = new Set(
      [
        ...model.entries.map((e) => e.name),
        ...model.entries.flatMap((e) => (e.policy?.kind === 'named' ? [e.policy.name] : [])),
        ...recipe.policies.map((p) => p.name),
        ...recipe.groups.flatMap((g) => [g.name, g.policy]),
        ...(rm0.groups ?? []),
        ...(rm0.policies ?? []),
      ].map(lower),
    );
    const blocking = blockingProblems(model).filter((p) => p.name === null || depends.has(lower(p.name)));
    if (blocking.length) {
      const p = blocking[0]!;
      refuse(
        finding('hat-blocking', 'error', { listener, problem: p.code, line: p.line, text: p.text }, { ...span, line: p.line, col: p.col }),
      );
    }
    const rm = recipe.remove ?? {};

    // 1. Senders out of groups.
    for (const item of rm.senders ?? []) {
      const groups =
        item.group === '*'
          ? current.entries.filter((e) => e.kind === 'group')
          : [lookup(current.entries, item.group, 'group')].filter((e): e is HatEntry => !!e && e.kind === 'group');
      for (const g of groups) {
        const gone = g.members.filter((m) => item.senders.some((s) => sameSender(m.text, s)));
        const rest = g.members.filter((m) => !gone.includes(m));
        for (const s of item.senders) {
          // A member left behind that still matches the host (a wider one, or one spelled in a
          // form read only as text): the desired state cannot be reached or cannot be known, so
          // it is refused at that member, never "nothing to do" nor a removal that removes nothing.
          const sender = parseSender(s);
          for (const m of rest) {
            const match = stillMatches(m.sender, m.text, sender);
            if (!match) continue;
            refuse(
              finding(
                match === 'certain' ? 'recipe-sender-still-matched' : 'recipe-sender-maybe-matched',
                'error',
                { listener, group: g.name, sender: s, member: m.text },
                { ...span, ...(m.line >= 0 ? { line: m.line + 1 } : atEntry(g)) },
              ),
            );
          }
        }
        if (!gone.length) continue;
        if (gone.length === g.members.length)
          refuse(finding('recipe-group-emptied', 'error', { listener, group: g.name }, { ...span, ...atEntry(g) }));
        touched.push(...gone.map((m) => m.text));
        emit([{ op: 'remove-senders', group: g.name, senders: gone.map((m) => m.text) }]);
      }
    }

    // 2. Whole groups.
    for (const name of rm.groups ?? []) {
      const g = lookup(current.entries, name, 'group');
      if (!g || g.kind !== 'group') continue;
      if (!g.policy)
        refuse(
          finding(
            'hat-blocking',
            'error',
            { listener, problem: 'hat-entry-without-policy', line: g.line + 1, text: g.name },
            { ...span, ...atEntry(g) },
          ),
        );
      const index = current.entries.indexOf(g);
      touched.push(...g.members.map((m) => m.text));
      const o = originalEntry(g);
      const text = o ? textOf(options.syntax, o.line, o.lastLine) : undefined;
      emit([
        {
          op: 'remove-sender-group',
          group: g.name,
          senders: g.members.map((m) => m.text),
          policy: targetOf(g),
          comment: g.policy!.comment ?? '',
          position: index,
          before: current.entries[index + 1]?.name ?? null,
          ...(text !== undefined ? { text } : {}),
        },
      ]);
    }

    // 3. Policy goals no recipe group uses: only the named parameters. (A policy a group uses is
    // converged with its group by planGroupGoal, which judges the pair by meaning.)
    const recipeGroups = new Set(recipe.groups.map((g) => g.name));
    const groupPolicies = new Set(recipe.groups.map((g) => g.policy));
    for (const goal of recipe.policies.filter((p) => !groupPolicies.has(p.name))) {
      const p = lookup(current.policies, goal.name, 'policy');
      if (!p) {
        emit([{ op: 'add-policy', policy: goal.name, behaviour: goal.behaviour, params: Object.entries(goal.params) }]);
        continue;
      }
      if (p.behaviour !== goal.behaviour) {
        refuse(
          finding(
            'recipe-policy-behaviour',
            'error',
            { listener, policy: p.name, current: p.behaviour, wanted: goal.behaviour },
            { ...span, ...atPolicy(p) },
          ),
        );
      }
      const ops: HatOperation[] = [];
      for (const [key, value] of Object.entries(goal.params)) {
        const now = paramValue(p.params, key);
        if (sameValue(now, value)) continue;
        if (now === undefined && sameValue(options.defaults?.[key], value)) continue;
        // A stricter TLS value (required_verify for required) meets the goal: never rewritten down.
        if (key === 'tls' && tlsSatisfies(now ?? options.defaults?.[key], value)) continue;
        // A TLS value the tool does not know is never overwritten silently; a known weaker one is raised.
        if (key === 'tls' && now !== undefined && tlsStanding(now, value) === 'unknown' && !replaceUnknownTls) {
          refuse(finding('tls-unknown', 'error', { listener, policy: p.name, value: now, target: value }, { ...span, ...atPolicy(p) }));
        }
        ops.push({ op: 'set-policy-param', policy: p.name, param: key, from: now ?? null, to: value });
      }
      if (!ops.length) continue;
      const sharing = usersOf(current, p.name).filter((e) => !recipeGroups.has(e.name));
      if (sharing.length && goal.shared !== 'allow') {
        refuse(
          finding(
            'policy-shared',
            'error',
            {
              listener,
              policy: p.name,
              entries: sharing.map((e) => e.name),
              params: ops.map((o) => (o as { param: string }).param),
              lines: linesOf(sharing),
            },
            { ...span, ...atPolicy(p) },
          ),
        );
      }
      for (const o of ops) tunedKeys.add((o as { param: string }).param);
      for (const e of current.entries)
        if (e.policy?.kind === 'named' && e.policy.name === p.name) touched.push(...e.members.map((m) => m.text));
      emit(ops);
    }

    // 4. Group goals, each with its policy: added, moved, completed, rebound, judged by meaning;
    // in the order given, except that a group placed next to another of the recipe's groups
    // comes after it, so that it is placed where that group ends up.
    for (const goal of planningOrder(recipe.groups)) {
      const policy = policyGoalOf(recipe, goal, current);
      if (!policy) refuse(finding('recipe-unknown-policy', 'error', { listener, group: goal.name, policy: goal.policy }, span));
      const published = recipe.published && recipe.published.group === goal.name ? recipe.published.hosts : undefined;
      const plan = planGroupGoal(current, goal, policy!, {
        listener,
        ...(options.listenerPath !== undefined ? { listenerPath: options.listenerPath } : {}),
        replaceUnknownTls,
        ...(published ? { published } : {}),
        ...(options.defaults ? { defaults: options.defaults } : {}),
      });
      findings.push(...plan.findings);
      if (plan.refusal) refuse(plan.refusal);
      treatmentChanges.push(...plan.treatmentChanges);
      emit(plan.operations);
    }

    // 5. Policies no entry uses any more.
    for (const name of rm.policies ?? []) {
      const p = lookup(current.policies, name, 'policy');
      if (!p) continue;
      const users = usersOf(current, p.name);
      if (users.length)
        refuse(
          finding(
            'recipe-policy-in-use',
            'error',
            { listener, policy: p.name, users: users.map((e) => e.name), lines: linesOf(users) },
            { ...span, ...atPolicy(p) },
          ),
        );
      // Policies are only added or tuned by earlier steps, never removed: the original is this one unless tuned.
      const o = model.policies.find((x) => x.name === p.name);
      const text = o && JSON.stringify(o.params) === JSON.stringify(p.params) ? textOf(options.syntax, o.headLine, o.lastLine) : undefined;
      emit([
        {
          op: 'remove-policy',
          policy: p.name,
          behaviour: p.behaviour,
          params: p.params.map(([k, v]) => [k, v]),
          ...(text !== undefined ? { text } : {}),
        },
      ]);
    }
    // 6. Every group the plan added or moved stands where its position says, in the end.
    for (const goal of recipe.groups) {
      if (!operations.some((o) => (o.op === 'add-sender-group' || o.op === 'move-sender-group') && o.group === goal.name)) continue;
      const standing = positionUnmet(current, goal);
      if (standing)
        refuse(
          finding(
            'recipe-position-unmet',
            'error',
            { listener, group: goal.name, position: describePosition(goal.position), standing },
            span,
          ),
        );
    }
  } catch (e) {
    if (e instanceof Refused) return { operations: [], findings, refusal: e.finding, treatmentChanges: [] };
    throw e;
  }
  const reported = new Set(treatmentChanges.map((f) => (f.args as { host: string }).host));
  for (const text of touched) {
    if (reported.has(text)) continue;
    reported.add(text);
    const conn = connectionOf(parseSender(text));
    if (!conn) continue;
    const before = describeMatch(evaluate(model, conn, options.defaults).match, [...tunedKeys]);
    const after = describeMatch(evaluate(current, conn, options.defaults).match, [...tunedKeys]);
    if (before !== after) treatmentChanges.push(finding('treatment-change', 'warning', { listener, host: text, before, after }, span));
  }
  // ALL, and groups of SBRS or dnslist members, whose policy the recipe changed: no host stands for them.
  const probed = (e: HatEntry) => e.members.some((m) => connectionOf(m.sender) !== null);
  for (const c of unprobedTreatmentChanges(model, current, operations, options.defaults ?? {}, probed))
    treatmentChanges.push(finding('treatment-change', 'warning', { listener, ...c }, span));
  return { operations, findings, refusal: null, treatmentChanges };
}

/** Full form of an IPv6 address held as a bigint. */
function formatIpv6(value: bigint): string {
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(((value >> shift) & 0xffffn).toString(16));
  return groups.join(':');
}

/**
 * A host that a member matches, to evaluate before and after: its first address, or a host
 * with that (verified) name, connecting from an address no HAT member names. Null for members
 * that cannot be judged offline.
 */
function connectionOf(s: Sender): Connection | null {
  if (s.kind === 'ip') return { ip: s.version === 4 ? formatIpv4(s.lo) : formatIpv6(s.lo) };
  if (s.kind === 'host') return { ip: '0.0.0.1', ptr: s.partial ? `host.${s.name}` : s.name };
  return null;
}

/**
 * The policy goal a group goal is planned with: the recipe's policy of that name, or the HAT's
 * own with all its parameters (so nothing of it changes). Null when neither defines it.
 */
function policyGoalOf(recipe: Recipe, goal: GroupGoal, model: HatModel): PolicyGoal | null {
  const own = recipe.policies.find((p) => p.name === goal.policy);
  if (own) return own;
  const p = findPolicy(model, goal.policy);
  // Every parameter it has: compliance by meaning then asks for its whole treatment, which it already has.
  return p ? { name: p.name, behaviour: p.behaviour as Behaviour, params: Object.fromEntries(p.params), shared: 'refuse' } : null;
}
