/**
 * What a rollback by meaning checks of each undo operation, on the HAT as it is now: what the
 * undo changes, and nothing else. An entry's index is never compared (an administrator adding
 * a group before or after the patch's group changes no undo); what is compared is the object
 * undone (its name, members, binding, parameters), the neighbour a restored or moved-back group
 * must stand before, and every entry that uses a policy the undo changes or removes.
 */
import { applyOperations, notApplied } from '../hat/apply-model.js';
import { lineOfOperation } from '../hat/lines.js';
import type { HatEntry, HatModel } from '../hat/model.js';
import type { HatOperation } from '../hat/operations.js';
import { NOTHING, type ProblemAbout, type RollbackProblem } from '../findings.js';

/** Why an undo operation cannot be done on this HAT: a refusal, with the 0-based HAT line it concerns (null: none). */
export type UndoProblem =
  | { kind: 'conflict'; operation: HatOperation; problem: RollbackProblem; about: ProblemAbout; line: number | null }
  | {
      kind: 'policy-in-use';
      operation: HatOperation;
      policy: string;
      /** 0-based HAT line of the policy's definition. */
      line: number | null;
      users: { name: string; line: number }[];
    };

const lower = (s: string) => s.toLowerCase();

/** Entries of `model` bound to the policy `name` (compared as the appliance names policies: case-insensitively). */
function usersOf(model: HatModel, name: string): HatEntry[] {
  return model.entries.filter((e) => e.policy?.kind === 'named' && lower(e.policy.name) === lower(name));
}

/**
 * The undo operations with their positions taken from `model` (the HAT now), each checked for
 * what it undoes, in order: each sees the HAT as the operations before it leave it. `own` are
 * the sender groups the patch is about (the recipe's groups and those its operations name): the
 * only entries that may use a policy whose parameters the undo sets back. Returns the rebased
 * operations, or the first problem.
 */
export function rebaseUndo(
  model: HatModel,
  ops: readonly HatOperation[],
  own: ReadonlySet<string>,
): { ops: HatOperation[] } | { problem: UndoProblem } {
  let m = model;
  const out: HatOperation[] = [];
  const conflict = (
    operation: HatOperation,
    problem: RollbackProblem,
    about: Partial<ProblemAbout>,
    line: number | null = lineOfOperation(m, operation),
  ) => ({
    problem: { kind: 'conflict' as const, operation, problem, about: { ...NOTHING, ...about }, line },
  });
  const index = (name: string) => m.entries.findIndex((e) => e.name === name);
  for (const op of ops) {
    let next: HatOperation = op;
    switch (op.op) {
      case 'remove-sender-group': {
        // Removed wherever it stands now.
        const i = index(op.group);
        if (i < 0 || m.entries[i]!.kind !== 'group') return conflict(op, 'group-gone', { name: op.group }, null);
        next = { ...op, position: i, before: m.entries[i + 1]?.name ?? null };
        break;
      }
      case 'add-sender-group': {
        // Restored before the entry it stood before; that entry must still be there.
        if (op.before === null) next = { ...op, position: m.entries.length };
        else {
          const j = index(op.before);
          if (j < 0) return conflict(op, 'neighbour-gone', { name: op.before }, null);
          next = { ...op, position: j };
        }
        break;
      }
      case 'move-sender-group': {
        const i = index(op.group);
        if (i < 0) return conflict(op, 'group-gone', { name: op.group }, null);
        // The patch placed it before `fromBefore`: moved since behind that entry, it is not where the patch left it.
        if (op.fromBefore !== null) {
          const k = index(op.fromBefore);
          if (k >= 0 && k < i) return conflict(op, 'moved', { name: op.group, value: op.fromBefore });
        }
        const rest = m.entries.filter((_, x) => x !== i);
        let to = rest.length;
        if (op.toBefore !== null) {
          to = rest.findIndex((e) => e.name === op.toBefore);
          if (to < 0) return conflict(op, 'neighbour-gone', { name: op.toBefore });
        }
        next = { ...op, from: i, fromBefore: m.entries[i + 1]?.name ?? null, to };
        break;
      }
      case 'set-policy-param':
      case 'remove-policy': {
        const p = m.policies.find((x) => x.name === op.policy);
        const users = usersOf(m, op.policy).filter((e) => op.op === 'remove-policy' || e.kind !== 'group' || !own.has(e.name));
        if (users.length)
          return {
            problem: {
              kind: 'policy-in-use',
              operation: op,
              policy: op.policy,
              line: p && p.headLine >= 0 ? p.headLine : null,
              users: users.map((e) => ({ name: e.kind === 'group' ? e.name : e.kind === 'all' ? 'ALL' : e.name, line: e.line })),
            },
          };
        break;
      }
      default:
        break;
    }
    try {
      m = applyOperations(m, [next]);
    } catch (e) {
      const n = notApplied(e);
      if (!n) throw e;
      const { operation: _operation, problem, ...about } = n.args;
      return conflict(next, problem, about);
    }
    out.push(next);
  }
  return { ops: out };
}
