/**
 * Fuzzing artefacts in `npm test` (fixed seed, bounded count; ESA_ARTEFACT_FUZZ_COUNT and
 * ESA_ARTEFACT_FUZZ_SEED for longer runs): random mutations of real artefacts. Laws:
 * A1 validateArtefact never throws; A2 what it lets through holds only values the forward path
 * would write (names, senders, comments, parameter values, bindings, a removal's text); A3 rollback
 * with a validated artefact never throws, on the exact file and on a later export; A4 a rollback
 * never creates a sender group or policy that no operation names (the `OPEN: 0.0.0.0/0 $TRUSTED`
 * attack), nor a HAT problem the file did not have.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readExport } from '../../src/esa/export.js';
import { readHat, tokenize } from '../../src/hat/index.js';
import { validateSender } from '../../src/net/sender.js';
import type { ArtefactOperation } from '../../src/patch/artefact.js';
import { validateArtefact } from '../../src/patch/artefact-schema.js';
import { reverseOperations } from '../../src/patch/operations.js';
import { rollbackExport } from '../../src/patch/rollback.js';
import { realArtefacts } from '../patch/artefact-corpus.js';
import { prng } from '../../scripts/bench/generate.mjs';

const SEED = Number(process.env['ESA_ARTEFACT_FUZZ_SEED'] ?? 13006);
const COUNT = Number(process.env['ESA_ARTEFACT_FUZZ_COUNT'] ?? 400);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = (string | number)[];

function paths(v: Json, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
  return out;
}

const HOSTILE = [
  '\nOPEN:\n0.0.0.0/0\n$TRUSTED',
  'ACCEPT\nOPEN:\n    0.0.0.0/0\n    $TRUSTED',
  '$TRUSTED\nOPEN:',
  'x\x1b]52;c;AAAA\x07',
  '\r',
  '"',
  ')',
  '\u202e',
  '\u011b',
  ' ',
  '',
  'ALL',
  '(none)',
  '$CRES_TLS',
  'ACCEPT {\ntls = "on"\n}',
  'CRES:\n    .res.cisco.com\n    $CRES_TLS\n',
  'CRES:\n    .res.cisco.com\n    $CRES_TLS\nOPEN:\n    0.0.0.0/0\n    $TRUSTED\n',
  '#CRES',
  'RELAY {\n}\nBAD:',
  '0.0.0.0/0',
  'CRES',
];
const OPS = [
  'add-policy',
  'remove-policy',
  'add-sender-group',
  'remove-sender-group',
  'move-sender-group',
  'add-senders',
  'remove-senders',
  'set-policy-param',
  'set-group-policy',
  'drop',
];

/** One random mutation of `root` (in place), named. */
function mutate(root: { v: Json }, rnd: () => number): string {
  const all = paths(root.v);
  const at = all[Math.floor(rnd() * all.length)]!;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const get = (p: Path): Json => p.reduce<Json>((o, k) => (o as Record<string | number, Json>)[k]!, root.v);
  const set = (p: Path, x: Json | undefined) => {
    if (p.length === 0) {
      root.v = x ?? null;
      return;
    }
    const parent = get(p.slice(0, -1)) as Record<string | number, Json>;
    if (x === undefined) {
      if (Array.isArray(parent)) parent.splice(p[p.length - 1] as number, 1);
      else delete parent[p[p.length - 1]!];
    } else parent[p[p.length - 1]!] = x;
  };
  const cur = get(at);
  const kind = Math.floor(rnd() * 12);
  switch (kind) {
    case 0:
      set(at, Math.floor(rnd() * 2000) - 1000);
      return 'number';
    case 1:
      set(at, null);
      return 'null';
    case 2:
      set(at, typeof cur === 'string' ? cur + pick(HOSTILE) : pick(HOSTILE));
      return 'append-hostile';
    case 3:
      set(at, pick(HOSTILE));
      return 'hostile';
    case 4:
      if (at.length) set(at, undefined);
      return 'delete';
    case 5: {
      const ops = (root.v as { operations?: Json[] } | null)?.operations;
      if (Array.isArray(ops) && ops.length) {
        const o = ops[Math.floor(rnd() * ops.length)];
        if (o && typeof o === 'object' && !Array.isArray(o)) o.op = pick(OPS);
      }
      return 'op';
    }
    case 6: {
      // Swap in another string of the artefact (a name where a behaviour goes, and so on).
      const strings = all.filter((p) => typeof get(p) === 'string');
      if (strings.length) set(at, get(pick(strings)));
      return 'swap';
    }
    case 7:
      if (Array.isArray(cur) && cur.length) cur.push(cur[0]!);
      return 'duplicate';
    case 8:
      set(at, Array.isArray(cur) ? {} : []);
      return 'container';
    case 9:
      if (cur && typeof cur === 'object' && !Array.isArray(cur))
        cur[pick(['extra', 'listenerPath', 'serial', 'op', 'text', 'kind', 'name', 'behaviour'])] = pick(HOSTILE);
      return 'add-key';
    case 10:
      set(at, typeof cur === 'number' ? cur + pick([1, -1, 1e9, 0.5]) : true);
      return 'nudge';
    default:
      set(at, typeof cur === 'string' ? cur.toUpperCase() : 'x'.repeat(300));
      return 'long';
  }
}

const CONTROL = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const TEXT_CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** One HAT word: what a name, a sender or an entry must be to be written on its line. */
const oneWord = (v: string) =>
  !CONTROL.test(v) &&
  !v.startsWith('#') &&
  !v.startsWith('$') &&
  tokenize(v).length === 1 &&
  tokenize(v)[0]!.kind === 'word' &&
  !v.includes(':');
const loose = (o: ArtefactOperation) => o as unknown as Record<string, any>;

/** A2: the values a rollback could write, checked as the forward path checks them. */
function forwardProblems(ops: readonly ArtefactOperation[]): string[] {
  const out: string[] = [];
  const value = (v: unknown, what: string) => {
    if (typeof v !== 'string' || CONTROL.test(v)) out.push(`${what} ${JSON.stringify(v)}`);
  };
  const params = (ps: unknown, what: string) => {
    const list = Array.isArray(ps) ? ps : Object.entries((ps ?? {}) as object);
    for (const [k, v] of list as [string, string][]) {
      if (!/^[A-Za-z_]\w*$/.test(k)) out.push(`${what} parameter ${JSON.stringify(k)}`);
      value(v, `${what} parameter value`);
    }
  };
  const target = (t: unknown, what: string) => {
    if (typeof t === 'string') {
      if (!/^(\$[^\s$]+|ACCEPT|REJECT|RELAY|TCPREFUSE|CONTINUE)$/.test(t) && !oneWord(t)) out.push(`${what} ${JSON.stringify(t)}`);
      return;
    }
    const x = t as Record<string, any>;
    if (x.kind === 'named') {
      if (!oneWord(x.name)) out.push(`${what} name ${JSON.stringify(x.name)}`);
    } else if (!['ACCEPT', 'REJECT', 'RELAY', 'TCPREFUSE', 'CONTINUE'].includes(x.behaviour))
      out.push(`${what} behaviour ${JSON.stringify(x.behaviour)}`);
    else params(x.params, what);
  };
  const text = (o: Record<string, any>, kind: 'group' | 'policy') => {
    if (o.text === undefined) return;
    if (TEXT_CONTROL.test(o.text)) return void out.push(`text with a control character`);
    const m = readHat(o.text).model;
    const n =
      kind === 'group'
        ? m.entries.filter((e) => e.kind === 'group' && e.name === o.group).length
        : m.policies.filter((p) => p.name === o.policy).length;
    if (n !== 1 || m.entries.length + m.policies.length !== 1 || m.problems.length) out.push(`text ${JSON.stringify(o.text)}`);
  };
  for (const op of ops) {
    const o = loose(op);
    if (typeof o.group === 'string' && (!oneWord(o.group) || o.group.toUpperCase() === 'ALL')) out.push(`group ${JSON.stringify(o.group)}`);
    if (typeof o.comment === 'string' && (CONTROL.test(o.comment) || /[()]/.test(o.comment)))
      out.push(`comment ${JSON.stringify(o.comment)}`);
    for (const s of (o.senders ?? []) as string[]) {
      if (!oneWord(s) || ((o.op === 'add-senders' || o.op === 'add-sender-group') && !validateSender(s).ok))
        out.push(`sender ${JSON.stringify(s)} of ${o.op}`);
    }
    switch (op.op) {
      case 'add-policy':
      case 'remove-policy':
        if (!oneWord(o.policy)) out.push(`policy ${JSON.stringify(o.policy)}`);
        params(o.params, 'policy');
        text(o, 'policy');
        break;
      case 'add-sender-group':
      case 'remove-sender-group':
        target(typeof o.policy === 'string' && !o.policy.startsWith('$') ? `$${o.policy}` : o.policy, 'group policy');
        text(o, 'group');
        break;
      case 'set-policy-param':
        for (const v of [o.from, o.to]) if (v !== null) value(v, 'param value');
        break;
      case 'set-group-policy':
        target(o.from, 'binding');
        target(o.to, 'binding');
        break;
      case 'move-sender-group':
        for (const v of [o.fromBefore, o.toBefore])
          if (v !== null && (CONTROL.test(v) || /\s/.test(v))) out.push(`entry ${JSON.stringify(v)}`);
        break;
    }
  }
  return out;
}

/** Every listener's sender groups, policies and HAT problems, by listener path. */
function hatsOf(text: string): Map<string, { groups: Set<string>; policies: Set<string>; problems: number }> {
  const out = new Map<string, { groups: Set<string>; policies: Set<string>; problems: number }>();
  const read = readExport(text);
  if (read.finding) return out;
  for (const l of read.export.listeners) {
    const m = l.hat?.model;
    if (m)
      out.set(l.path, {
        groups: new Set(m.entries.map((e) => e.name)),
        policies: new Set(m.policies.map((p) => p.name)),
        problems: m.problems.length,
      });
  }
  return out;
}

test(`artefact fuzz: ${COUNT} mutated artefacts (seed ${SEED}): validation never throws, never lets through a value the forward path rejects; rollback never throws, never creates an unnamed group`, () => {
  const real = realArtefacts();
  const rnd = prng(SEED);
  const violations: string[] = [];
  const outcomes = { valid: 0, refused: 0, rolledBack: 0 };
  for (let i = 0; i < COUNT; i++) {
    const base = real[i % real.length]!;
    const root = { v: JSON.parse(JSON.stringify(base.artefact)) as Json };
    const applied: string[] = [];
    const n = 1 + Math.floor(rnd() * 3);
    for (let k = 0; k < n; k++) applied.push(mutate(root, rnd));
    const what = `case ${i} (${base.name}: ${applied.join(' + ')})`;
    let v: ReturnType<typeof validateArtefact>;
    try {
      v = validateArtefact(root.v);
    } catch (e) {
      violations.push(`${what}: A1 validateArtefact threw ${String(e)}`);
      continue;
    }
    if (!v.ok) {
      outcomes.refused++;
      if (!/^\$/.test(v.path) || !v.problem) violations.push(`${what}: a refusal without a JSON path: ${JSON.stringify(v)}`);
      continue;
    }
    outcomes.valid++;
    const a = v.artefact;
    const problems = [...forwardProblems(a.operations), ...forwardProblems(reverseOperations(a.operations) as ArtefactOperation[])];
    if (problems.length) violations.push(`${what}: A2 let through ${problems.join('; ')}`);
    const later = base.output.replace(/(<hostname>)/, '$1');
    const variants = [base.output, base.input, later.replace('</config>', '<!-- later -->\n</config>')];
    for (const text of variants) {
      try {
        const back = rollbackExport(text, a);
        if (back.outcome === 'patched') {
          outcomes.rolledBack++;
          const before = hatsOf(text);
          const named = new Set(a.operations.flatMap((o) => [loose(o).group, loose(o).policy].filter((x) => typeof x === 'string')));
          for (const [path, after] of hatsOf(back.output)) {
            const was = before.get(path);
            for (const g of after.groups)
              if (!was?.groups.has(g) && !named.has(g)) violations.push(`${what}: A4 rollback created sender group ${JSON.stringify(g)}`);
            for (const p of after.policies)
              if (!was?.policies.has(p) && !named.has(p)) violations.push(`${what}: A4 rollback created policy ${JSON.stringify(p)}`);
            if (after.problems > (was?.problems ?? 0))
              violations.push(`${what}: A4 rollback left ${after.problems} HAT problems in ${path}`);
          }
        }
      } catch (e) {
        violations.push(`${what}: A3 rollback threw ${e instanceof Error ? e.stack?.split('\n').slice(0, 3).join(' ') : String(e)}`);
      }
    }
  }
  assert.equal(violations.slice(0, 10), []);
  // Both sides must be exercised, or the laws say little.
  assert.ok(outcomes.valid >= COUNT / 20, JSON.stringify(outcomes));
  assert.ok(outcomes.refused >= COUNT / 4, JSON.stringify(outcomes));
  assert.ok(outcomes.rolledBack > 0, JSON.stringify(outcomes));
});

test.run();
