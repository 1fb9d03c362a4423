/**
 * What the artefact schema cannot say: every value a rollback would write reads back, through
 * the HAT reader, as exactly one thing of its kind (a name as that name, a sender as one
 * member, a behaviour as that behaviour, a removal's recorded text as that one group or
 * policy, never as a new sender group or policy); the edits are in order and do not overlap;
 * a format-2 recipe's text has its sha256 and loads as a recipe. Operations of 0.1.0
 * (parameters as an object, policies as `$NAME` strings) are read as rollback upgrades them.
 */
import { readHat, type HatModel, type Param } from '../hat/model.js';
import { formatValue, type PolicyTarget } from '../hat/operations.js';
import { sameParams, sameTarget } from '../hat/apply-model.js';
import { tokenize } from '../hat/syntax.js';
import { validateSender } from '../net/sender.js';
import type { PatchArtefact } from './artefact.js';
import { CONTROLS, MAX_ARTEFACT_OPERATIONS, MAX_ARTEFACT_SENDERS, MAX_ARTEFACT_TOTAL_SENDERS } from './artefact-json-schema.js';
import { recipeRecordProblem } from './artefact-recipe.js';
import { Invalid, key, regex } from './schema-check.js';

type Loose = Record<string, unknown>;

/** Parameters as this version records them (0.1.0: an object). */
function paramsOf(v: unknown): Param[] {
  return Array.isArray(v) ? (v as Param[]) : Object.entries(v as Record<string, string>);
}

/** A group's policy or binding as this version records it (0.1.0: `$NAME`, `NAME` or a bare keyword), as rollback upgrades it. */
function targetOf(v: unknown, bareIsName: boolean): PolicyTarget {
  if (typeof v !== 'string') return v as PolicyTarget;
  if (v.startsWith('$') || bareIsName) return { kind: 'named', name: v.replace(/^\$/, '') };
  return { kind: 'own', behaviour: v, params: [] };
}

const IND = '    ';
const paramLine = ([k, v]: Param) => `${IND}${IND}${k} = ${formatValue(v)}\n`;
const behaviourLines = (behaviour: string, params: readonly Param[], comment = '') =>
  params.length ? `${IND}${behaviour} {\n${params.map(paramLine).join('')}${IND}}${comment}\n` : `${IND}${behaviour}${comment}\n`;
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const sameOrdered = (a: readonly Param[], b: readonly Param[]) =>
  a.length === b.length && a.every(([k, v], i) => k === b[i]![0] && v === b[i]![1]);

/** The HAT model of `text` when it reads without any problem or unknown line; null otherwise. */
function cleanModel(text: string): HatModel | null {
  const { model } = readHat(text);
  return model.problems.length || model.unknown.length ? null : model;
}

/** Does a sender group written from these values read back as exactly this one group? */
function readsAsGroup(group: string, members: readonly string[], target: PolicyTarget, comment: string): boolean {
  const note = comment ? ` (${comment})` : '';
  const policy = target.kind === 'named' ? `${IND}$${target.name}${note}\n` : behaviourLines(target.behaviour, target.params, note);
  const m = cleanModel(`${group}:\n${members.map((s) => `${IND}${s}\n`).join('')}${policy}`);
  const e = m?.entries[0];
  return (
    !!m &&
    m.policies.length === 0 &&
    m.entries.length === 1 &&
    e!.kind === 'group' &&
    e!.name === group &&
    sameList(
      e!.members.map((x) => x.text),
      members,
    ) &&
    e!.policy !== null &&
    (e!.policy.comment ?? '') === comment &&
    (target.kind === 'named'
      ? e!.policy.kind === 'named' && e!.policy.name === target.name
      : e!.policy.kind === 'own' && e!.policy.behaviour === target.behaviour && sameOrdered(e!.policy.params, target.params))
  );
}

/** Does a policy written from these values read back as exactly this one policy? */
function readsAsPolicy(name: string, behaviour: string, params: readonly Param[]): boolean {
  const m = cleanModel(`$${name}\n${behaviourLines(behaviour, params)}`);
  const p = m?.policies[0];
  return (
    !!m &&
    m.entries.length === 0 &&
    m.policies.length === 1 &&
    p!.name === name &&
    p!.behaviour === behaviour &&
    sameOrdered(p!.params, params)
  );
}

/** Does one sender, on a member line of its own, read back as that one member (and, when `strict`, as the forward path checks a sender)? */
function readsAsSender(s: string, strict: boolean): boolean {
  const words = tokenize(s);
  if (words.length !== 1 || words[0]!.kind !== 'word') return false;
  return !strict || validateSender(s).ok;
}

/** Format 1: the recipe as a value (0.1.0: flat settings), checked for size, depth and control characters. */
function checkLegacyRecipe(recipe: Loose): void {
  // Rollback writes nothing from the recipe; still, no string in it may hold a control
  // character, and its size and depth are bounded.
  const walk = (v: unknown, path: string, depth: number): void => {
    if (depth > 16) throw new Invalid(path, 'is nested more than 16 levels deep');
    if (typeof v === 'string') {
      if (v.length > 4096) throw new Invalid(path, 'is longer than 4096 characters');
      if (regex(`[${CONTROLS}]`).test(v)) throw new Invalid(path, 'holds a line break or a control character');
    } else if (Array.isArray(v)) {
      if (v.length > MAX_ARTEFACT_SENDERS) throw new Invalid(path, `holds more than ${MAX_ARTEFACT_SENDERS} items`);
      v.forEach((x, i) => walk(x, `${path}[${i}]`, depth + 1));
    } else if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v);
      if (keys.length > 1024) throw new Invalid(path, 'has more than 1024 properties');
      for (const k of keys) {
        if (regex(`[${CONTROLS}]`).test(k) || k.length > 256) throw new Invalid(key(path, k), 'is not an allowed property name');
        walk((v as Loose)[k], key(path, k), depth + 1);
      }
    }
  };
  walk(recipe, '$.recipe', 0);
}

/** The checks a schema cannot express (a schema-valid artefact); throws {@link Invalid} at the first problem. */
export function checkMeaning(a: PatchArtefact): void {
  if (a.format === 'esa-patch/2') {
    const p = recipeRecordProblem(a.recipe);
    if (p) throw new Invalid(p.path, p.problem);
  } else checkLegacyRecipe(a.recipe as unknown as Loose);
  // The forward path changes each object once per listener; the same change twice would
  // lower to overlapping edits.
  const seen = new Set<string>();
  for (let i = 0; i < a.operations.length; i++) {
    const o = a.operations[i]! as unknown as Loose;
    const at = `$.operations[${i}]`;
    const target = JSON.stringify([
      o.listenerPath ?? o.listener,
      o.op,
      o.group ?? null,
      typeof o.policy === 'string' ? o.policy : null,
      o.param ?? null,
    ]);
    if (seen.has(target)) throw new Invalid(at, 'repeats an earlier operation on the same object of the same listener');
    seen.add(target);
    checkOperation(o, at);
  }
  let end = 0;
  for (let i = 0; i < a.edits.length; i++) {
    const e = a.edits[i]!;
    if (e.offset < end)
      throw new Invalid(`$.edits[${i}].offset`, 'overlaps the edit before it, or is out of order (edits are sorted by offset)');
    end = e.offset + e.delete.length;
  }
}

const WRITES_OTHER = 'would not read back as written: rollback would write other HAT text (another sender group, policy or line)';

/** Every value of one operation (schema-valid) reads back, through the HAT reader, as what it is. */
function checkOperation(o: Loose, at: string): void {
  const op = o.op as string;
  const list = (k: string) => o[k] as string[];
  // Senders the forward path adds were checked as a user's senders; senders it removed may be
  // any member the HAT held (an SBRS range, a country), so they need only read back as one member.
  if (Array.isArray(o.senders)) {
    const strict = op === 'add-senders' || op === 'add-sender-group';
    const seen = new Set<string>();
    list('senders').forEach((s, k) => {
      if (!readsAsSender(s, strict))
        throw new Invalid(
          `${at}.senders[${k}]`,
          strict ? 'is not a sender the forward path writes (an address, range or host name)' : 'does not read back as one member',
        );
      if (seen.has(s.toLowerCase())) throw new Invalid(`${at}.senders[${k}]`, 'repeats a sender of the same operation');
      seen.add(s.toLowerCase());
    });
  }
  switch (op) {
    case 'add-policy':
    case 'remove-policy': {
      const params = paramsOf(o.params);
      if (!readsAsPolicy(o.policy as string, o.behaviour as string, params))
        throw new Invalid(`${at}.params`, `with its policy and behaviour ${WRITES_OTHER}`);
      if (typeof o.text === 'string') {
        const m = cleanModel(o.text);
        const p = m?.policies[0];
        if (
          !m ||
          m.entries.length !== 0 ||
          m.policies.length !== 1 ||
          p!.name !== o.policy ||
          p!.behaviour !== o.behaviour ||
          !sameParams(p!.params, params)
        ) {
          throw new Invalid(`${at}.text`, 'does not read back as exactly this one policy: rollback would write other HAT text');
        }
      }
      break;
    }
    case 'add-sender-group':
    case 'remove-sender-group': {
      const target = targetOf(o.policy, true);
      const comment = (o.comment as string | undefined) ?? '';
      if (!readsAsGroup(o.group as string, list('senders'), target, comment)) {
        // Say which value is at fault when one alone is.
        if (!readsAsGroup(o.group as string, list('senders'), target, ''))
          throw new Invalid(`${at}.policy`, `with its group and senders ${WRITES_OTHER}`);
        throw new Invalid(`${at}.comment`, WRITES_OTHER);
      }
      if (typeof o.text === 'string') {
        const m = cleanModel(o.text);
        const e = m?.entries[0];
        const ok =
          !!m &&
          m.policies.length === 0 &&
          m.entries.length === 1 &&
          e!.kind === 'group' &&
          e!.name === o.group &&
          sameList(
            e!.members.map((x) => x.text),
            list('senders'),
          ) &&
          e!.policy !== null &&
          (e!.policy.kind === 'named'
            ? sameTarget({ kind: 'named', name: e!.policy.name }, target)
            : sameTarget({ kind: 'own', behaviour: e!.policy.behaviour, params: e!.policy.params }, target));
        if (!ok)
          throw new Invalid(`${at}.text`, 'does not read back as exactly this one sender group: rollback would write other HAT text');
      }
      break;
    }
    case 'add-senders':
    case 'remove-senders':
    case 'move-sender-group':
      if (!readsAsGroup(o.group as string, ['192.0.2.1'], { kind: 'named', name: 'P' }, '')) throw new Invalid(`${at}.group`, WRITES_OTHER);
      break;
    case 'set-policy-param':
      for (const k of ['from', 'to'] as const) {
        const v = o[k] as string | null;
        if (v !== null && !readsAsPolicy(o.policy as string, 'ACCEPT', [[o.param as string, v]]))
          throw new Invalid(`${at}.${k}`, WRITES_OTHER);
      }
      break;
    case 'set-group-policy':
      for (const k of ['from', 'to'] as const) {
        if (!readsAsGroup(o.group as string, ['192.0.2.1'], targetOf(o[k], false), '')) throw new Invalid(`${at}.${k}`, WRITES_OTHER);
      }
      break;
  }
}

/** Refuses, before anything else is checked, more senders in all operations together than {@link MAX_ARTEFACT_TOTAL_SENDERS}. */
export function checkTotal(value: unknown): void {
  const ops = value !== null && typeof value === 'object' ? (value as Loose).operations : undefined;
  if (!Array.isArray(ops) || ops.length > MAX_ARTEFACT_OPERATIONS) return;
  let total = 0;
  for (const o of ops) {
    const senders = o !== null && typeof o === 'object' ? (o as Loose).senders : undefined;
    if (Array.isArray(senders)) total += senders.length;
  }
  if (total > MAX_ARTEFACT_TOTAL_SENDERS)
    throw new Invalid('$.operations', `hold ${total} senders together, more than ${MAX_ARTEFACT_TOTAL_SENDERS}`);
}
