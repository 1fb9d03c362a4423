/**
 * What the artefact schema cannot say: every value a rollback would write reads back, through
 * the HAT reader, as exactly one thing of its kind (a name as that name, a sender as one
 * member, a behaviour as that behaviour, a removal's recorded text as that one group or
 * policy, never as a new sender group or policy); the edits are in order and do not overlap;
 * a format-2 recipe's text has its sha256 and loads as a recipe. Each check returns the
 * first problem (its JSON path and what is wrong) or null.
 */
import { readHat, type HatModel, type Param } from '../hat/model.js';
import { formatValue, type PolicyTarget } from '../hat/operations.js';
import { sameParams, sameTarget } from '../hat/apply-model.js';
import { tokenize } from '../hat/syntax.js';
import { validateSender } from '../net/sender.js';
import { CONTROL } from '../hat/grammar.js';
import type { ArtefactOperation, PatchArtefact } from './artefact-json-schema.js';
import { MAX_ARTEFACT_OPERATIONS, MAX_ARTEFACT_SENDERS, MAX_ARTEFACT_TOTAL_SENDERS } from './artefact-json-schema.js';
import { recipeRecordProblem } from './artefact-recipe.js';

type Loose = Record<string, unknown>;
/** A value that is not as the artefact must be: its JSON path and what is wrong. */
export interface Problem {
  path: string;
  problem: string;
}
const at = (path: string, problem: string): Problem => ({ path, problem });

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/**
 * `path` and the property `k` of untrusted input: anything but printable ASCII escaped, so that
 * a path is safe to show in a terminal.
 */
export const key = (path: string, k: string) =>
  IDENT.test(k)
    ? `${path}.${k}`
    : `${path}[${JSON.stringify(k.length > 64 ? `${k.slice(0, 64)}…` : k).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}]`;

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
function legacyRecipeProblem(recipe: unknown): Problem | null {
  // Rollback writes nothing from the recipe; still, no string in it may hold a control
  // character, and its size and depth are bounded.
  const walk = (v: unknown, path: string, depth: number): Problem | null => {
    if (depth > 16) return at(path, 'is nested more than 16 levels deep');
    if (typeof v === 'string') {
      if (v.length > 4096) return at(path, 'is longer than 4096 characters');
      if (CONTROL.test(v)) return at(path, 'holds a line break or a control character');
    } else if (Array.isArray(v)) {
      if (v.length > MAX_ARTEFACT_SENDERS) return at(path, `holds more than ${MAX_ARTEFACT_SENDERS} items`);
      for (let i = 0; i < v.length; i++) {
        const p = walk(v[i], `${path}[${i}]`, depth + 1);
        if (p) return p;
      }
    } else if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v);
      if (keys.length > 1024) return at(path, 'has more than 1024 properties');
      for (const k of keys) {
        if (CONTROL.test(k) || k.length > 256) return at(key(path, k), 'is not an allowed property name');
        const p = walk((v as Loose)[k], key(path, k), depth + 1);
        if (p) return p;
      }
    }
    return null;
  };
  return walk(recipe, '$.recipe', 0);
}

/** The checks a schema cannot express, on a schema-valid artefact (its operations upgraded): the first problem, or null. */
export function checkMeaning(a: PatchArtefact): Problem | null {
  const recipe = a.format === 'esa-patch/2' ? recipeRecordProblem(a.recipe) : legacyRecipeProblem(a.recipe);
  if (recipe) return recipe;
  // The forward path changes each object once per listener; the same change twice would
  // lower to overlapping edits.
  const seen = new Set<string>();
  for (let i = 0; i < a.operations.length; i++) {
    const o = a.operations[i]!;
    const path = `$.operations[${i}]`;
    const l = o as unknown as Loose;
    const target = JSON.stringify([
      o.listenerPath ?? o.listener,
      o.op,
      l.group ?? null,
      typeof l.policy === 'string' ? l.policy : null,
      l.param ?? null,
    ]);
    if (seen.has(target)) return at(path, 'repeats an earlier operation on the same object of the same listener');
    seen.add(target);
    const p = operationProblem(o, path);
    if (p) return p;
  }
  let end = 0;
  for (let i = 0; i < a.edits.length; i++) {
    const e = a.edits[i]!;
    if (e.offset < end) return at(`$.edits[${i}].offset`, 'overlaps the edit before it, or is out of order (edits are sorted by offset)');
    end = e.offset + e.delete.length;
  }
  return null;
}

const WRITES_OTHER = 'would not read back as written: rollback would write other HAT text (another sender group, policy or line)';

/** Senders the forward path adds were checked as a user's senders; senders it removed may be any member the HAT held (an SBRS range, a country), so they need only read back as one member. */
function sendersProblem(senders: readonly string[], strict: boolean, path: string): Problem | null {
  const seen = new Set<string>();
  for (let k = 0; k < senders.length; k++) {
    const s = senders[k]!;
    if (!readsAsSender(s, strict))
      return at(
        `${path}.senders[${k}]`,
        strict ? 'is not a sender the forward path writes (an address, range or host name)' : 'does not read back as one member',
      );
    if (seen.has(s.toLowerCase())) return at(`${path}.senders[${k}]`, 'repeats a sender of the same operation');
    seen.add(s.toLowerCase());
  }
  return null;
}

/** Every value of one operation (schema-valid) reads back, through the HAT reader, as what it is. */
function operationProblem(o: ArtefactOperation, path: string): Problem | null {
  if ('senders' in o) {
    const p = sendersProblem(o.senders, o.op === 'add-senders' || o.op === 'add-sender-group', path);
    if (p) return p;
  }
  switch (o.op) {
    case 'add-policy':
    case 'remove-policy': {
      if (!readsAsPolicy(o.policy, o.behaviour, o.params)) return at(`${path}.params`, `with its policy and behaviour ${WRITES_OTHER}`);
      if (o.text === undefined) return null;
      const m = cleanModel(o.text);
      const p = m?.policies[0];
      const same =
        !!m &&
        m.entries.length === 0 &&
        m.policies.length === 1 &&
        p!.name === o.policy &&
        p!.behaviour === o.behaviour &&
        sameParams(p!.params, o.params);
      return same ? null : at(`${path}.text`, 'does not read back as exactly this one policy: rollback would write other HAT text');
    }
    case 'add-sender-group':
    case 'remove-sender-group': {
      if (!readsAsGroup(o.group, o.senders, o.policy, o.comment)) {
        // Say which value is at fault when one alone is.
        if (!readsAsGroup(o.group, o.senders, o.policy, '')) return at(`${path}.policy`, `with its group and senders ${WRITES_OTHER}`);
        return at(`${path}.comment`, WRITES_OTHER);
      }
      if (o.text === undefined) return null;
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
          o.senders,
        ) &&
        e!.policy !== null &&
        (e!.policy.kind === 'named'
          ? sameTarget({ kind: 'named', name: e!.policy.name }, o.policy)
          : sameTarget({ kind: 'own', behaviour: e!.policy.behaviour, params: e!.policy.params }, o.policy));
      return ok ? null : at(`${path}.text`, 'does not read back as exactly this one sender group: rollback would write other HAT text');
    }
    case 'add-senders':
    case 'remove-senders':
    case 'move-sender-group':
      return readsAsGroup(o.group, ['192.0.2.1'], { kind: 'named', name: 'P' }, '') ? null : at(`${path}.group`, WRITES_OTHER);
    case 'set-policy-param':
      for (const k of ['from', 'to'] as const) {
        const v = o[k];
        if (v !== null && !readsAsPolicy(o.policy, 'ACCEPT', [[o.param, v]])) return at(`${path}.${k}`, WRITES_OTHER);
      }
      return null;
    case 'set-group-policy':
      for (const k of ['from', 'to'] as const) if (!readsAsGroup(o.group, ['192.0.2.1'], o[k], '')) return at(`${path}.${k}`, WRITES_OTHER);
      return null;
  }
}

/** More senders in all operations together than {@link MAX_ARTEFACT_TOTAL_SENDERS}, told before anything else is checked; else null. */
export function checkTotal(value: unknown): Problem | null {
  const ops = value !== null && typeof value === 'object' ? (value as Loose).operations : undefined;
  if (!Array.isArray(ops) || ops.length > MAX_ARTEFACT_OPERATIONS) return null;
  let total = 0;
  for (const o of ops) {
    const senders = o !== null && typeof o === 'object' ? (o as Loose).senders : undefined;
    if (Array.isArray(senders)) total += senders.length;
  }
  return total > MAX_ARTEFACT_TOTAL_SENDERS
    ? at('$.operations', `hold ${total} senders together, more than ${MAX_ARTEFACT_TOTAL_SENDERS}`)
    : null;
}
