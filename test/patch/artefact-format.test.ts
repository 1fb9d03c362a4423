/**
 * Artefact format `esa-patch/2` (issue 12, item 5): the recipe recorded as `{ name, sha256,
 * text }`, round trips on every sample (apply, artefact, validate, rollback exactly and by
 * meaning), format-1 artefacts still valid and rolled back, a tampered recipe refused with its
 * JSON path.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { readExport } from '../../src/esa/export.js';
import { semanticDiff } from '../../src/hat/diff.js';
import { buildArtefact, checkArtefact, reverseArtefact, type PatchArtefact } from '../../src/patch/artefact.js';
import { canonicalJson, recordRecipe, sameRecipe } from '../../src/patch/artefact-recipe.js';
import { ARTEFACT_JSON_SCHEMA, validateArtefact } from '../../src/patch/artefact-schema.js';
import { rollbackExport } from '../../src/patch/rollback.js';
import { loadRecipe, MAX_RECIPE_CHARS } from '../../src/recipes/load.js';
import { withOverrides, type Recipe } from '../../src/recipes/recipe.js';
import { DEFAULT_RECIPE } from '../../src/recipes/index.js';
import { readHat } from '../../src/hat/model.js';
import { planRecipe } from '../../src/recipes/plan-recipe.js';
import { dedent } from '../dedent.js';
import { ROOT } from '../helpers.js';
import { patch } from './run.js';

const YAML = readFileSync(join(ROOT, 'recipes', 'cres-tls.yaml'), 'utf8');
const SHIPPED = loadRecipe(YAML).recipe!;
const SOURCE = { name: 'cres-tls', text: YAML };
const SAMPLES = readdirSync(join(ROOT, 'samples'))
  .filter((f) => f.endsWith('.xml'))
  .sort()
  .map((name) => ({ name, text: readFileSync(join(ROOT, 'samples', name), 'latin1') }));
const ajv = new (Ajv2020 as unknown as typeof Ajv2020.default)({
  allErrors: false,
  strict: true,
  unicodeRegExp: true,
  discriminator: true,
});
const ajvValidate = ajv.compile(ARTEFACT_JSON_SCHEMA as object);
const json = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const sha = (t: string) => createHash('sha256').update(Buffer.from(t, 'utf8')).digest('hex');

/** A later export of the same appliance: another header time (so rollback must go by meaning). */
const later = (t: string) => t.replace(/Current Time: [^\n<]*/, 'Current Time: later');

/** Every sample the shipped recipe changes: input, output and the artefact as read back from disk. */
function applied(recipe: Recipe = SHIPPED, source = SOURCE) {
  const out: { name: string; input: string; output: string; artefact: PatchArtefact }[] = [];
  for (const s of SAMPLES) {
    const r = patch(s.text, { recipe });
    if (r.outcome !== 'patched') continue;
    out.push({ name: s.name, input: s.text, output: r.output, artefact: json(buildArtefact(r, s.text, s.name, 'esa-patch test', source)) });
  }
  return out;
}

/** `a` in the shape of format 1: the recipe as a value. */
function asFormat1(a: PatchArtefact, recipe: Recipe): PatchArtefact {
  return json({ ...a, format: 'esa-patch/1', recipe }) as PatchArtefact;
}

function rollsBack(name: string, input: string, output: string, artefact: PatchArtefact): void {
  const exact = rollbackExport(output, artefact);
  assert.is(exact.mode, 'exact', name);
  assert.ok(exact.output === input, `${name}: exact rollback restores the input byte for byte`);
  const back = rollbackExport(later(output), artefact);
  assert.is(back.mode, 'meaning', name);
  assert.is(back.outcome, 'patched', `${name}: ${JSON.stringify(back.findings.map((f) => [f.code, f.args]))}`);
  // Every HAT means what it meant before the change (its spelling may differ: an emptied block keeps its braces).
  const want = readExport(later(input)).export!;
  const got = readExport(back.output).export!;
  for (const l of want.listeners) {
    const g = got.listeners.find((x) => x.path === l.path)!;
    if (l.hat) assert.equal(semanticDiff(l.hat.model, g.hat!.model), [], `${name} ${l.path}: meaning restored`);
  }
}

test('format 2 on every sample: the shipped recipe text recorded verbatim, valid, rolled back exactly and by meaning', () => {
  const all = applied();
  assert.ok(all.length >= 5, `samples changed: ${all.length}`);
  for (const { name, input, output, artefact } of all) {
    assert.is(artefact.format, 'esa-patch/2');
    assert.equal(artefact.recipe, { name: 'cres-tls', sha256: sha(YAML), text: YAML }, name);
    assert.ok(artefact.listeners.length > 0 && artefact.listeners.every((l) => /^config\//.test(l.path)), name);
    assert.ok('serial' in artefact.input, name);
    for (const a of [artefact, reverseArtefact(artefact)]) {
      const v = validateArtefact(json(a));
      assert.ok(v.ok, `${name}: ${JSON.stringify(v)}`);
      assert.ok(ajvValidate(json(a)), `${name}: ${JSON.stringify(ajvValidate.errors)}`);
      assert.is(checkArtefact(a), null);
    }
    rollsBack(name, input, output, artefact);
    // The reverse artefact re-applies the change on the restored file.
    assert.ok(rollbackExport(input, reverseArtefact(artefact)).output === output, `${name}: reverse of the reverse`);
  }
});

test('format 1 (the recipe as a value, as the previous version wrote it) still validates and rolls back on every sample', () => {
  for (const { name, input, output, artefact } of applied()) {
    const old = asFormat1(artefact, SHIPPED);
    assert.ok(validateArtefact(json(old)).ok, `${name}: ${JSON.stringify(validateArtefact(json(old)))}`);
    assert.ok(ajvValidate(json(old)), `${name}: ${JSON.stringify(ajvValidate.errors)}`);
    assert.is(checkArtefact(old), null);
    rollsBack(name, input, output, old);
  }
});

test('a format-1 artefact from a fixture file still validates and rolls back', () => {
  const input = readFileSync(join(ROOT, 'samples', 'multi-listener.xml'), 'latin1');
  const old = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'artefact-v1-multi-listener.patch.json'), 'utf8')) as PatchArtefact;
  assert.is(old.format, 'esa-patch/1');
  assert.ok(validateArtefact(old).ok, JSON.stringify(validateArtefact(old)));
  const r = patch(input, { recipe: SHIPPED });
  const read = validateArtefact(old);
  if (!read.ok) throw new Error(JSON.stringify(read));
  rollsBack('fixture', input, r.output, read.artefact);
});

test('tampered recipe text: refused at $.recipe.sha256; a text that is no recipe: refused at $.recipe.text', () => {
  const { artefact } = applied()[0]!;
  const path = (a: unknown) => {
    const v = validateArtefact(a);
    return v.ok ? null : v.path;
  };
  // TLS preferred instead of required: the desired state differs from the one applied.
  const tampered = json(artefact);
  tampered.recipe = { ...tampered.recipe, text: YAML.replace('tls: required', 'tls: preferred') } as never;
  assert.is(path(tampered), '$.recipe.sha256');
  // Consistent hash, but not a recipe: the loader refuses it.
  const text = 'name: cres-tls\ngroups: 3\n';
  assert.is(path(json({ ...artefact, recipe: { name: 'x', sha256: sha(text), text } })), '$.recipe.text');
  const syntax = 'name: [\n';
  assert.is(path(json({ ...artefact, recipe: { name: 'x', sha256: sha(syntax), text: syntax } })), '$.recipe.text');
  // Bounded in size, no control characters, no field of format 1's recipe.
  const long = `${YAML}#${'x'.repeat(MAX_RECIPE_CHARS)}\n`;
  assert.is(path(json({ ...artefact, recipe: { name: 'x', sha256: sha(long), text: long } })), '$.recipe.text');
  const ctl = `${YAML}# \u001b[2J\n`;
  assert.is(path(json({ ...artefact, recipe: { name: 'x', sha256: sha(ctl), text: ctl } })), '$.recipe.text');
  assert.is(path(json({ ...artefact, recipe: { ...artefact.recipe, name: 'a\nb' } })), '$.recipe.name');
  assert.is(path(json({ ...artefact, recipe: { ...artefact.recipe, group: 'CRES' } })), '$.recipe.group');
  assert.is(path(json({ ...artefact, recipe: { name: 'cres-tls', sha256: sha(YAML) } })), '$.recipe.text');
});

test('overrides: the effective recipe is recorded as canonical JSON, which loads as exactly the recipe applied; the file by sha256', () => {
  const effective = withOverrides(SHIPPED, { group: 'RES_TLS', tls: 'preferred', senders: ['.res.cisco.com'] });
  const all = applied(effective);
  assert.ok(all.length >= 5);
  for (const { name, input, output, artefact } of all) {
    const rec = artefact.recipe as { name: string; sha256: string; text: string; source?: { name: string; sha256: string } };
    assert.equal(rec.source, { name: 'cres-tls', sha256: sha(YAML) }, name);
    assert.is(rec.sha256, sha(rec.text));
    const loaded = loadRecipe(rec.text);
    assert.equal(loaded.findings, []);
    assert.ok(sameRecipe(loaded.recipe!, effective), `${name}: the text states the desired state applied`);
    assert.ok(validateArtefact(json(artefact)).ok, name);
    rollsBack(name, input, output, artefact);
  }
});

test('without a recipe source: the recipe planned, as canonical JSON; a source equal by meaning is kept verbatim', () => {
  const rec = recordRecipe(DEFAULT_RECIPE);
  assert.is(rec.name, 'cres-tls');
  assert.is(rec.source, undefined);
  assert.is(rec.text, `${canonicalJson(JSON.parse(rec.text))}\n`, 'canonical: sorted keys');
  assert.ok(sameRecipe(loadRecipe(rec.text).recipe!, DEFAULT_RECIPE));
  // The built-in value and the shipped file state the same recipe: the file is what is recorded.
  assert.equal(recordRecipe(DEFAULT_RECIPE, SOURCE), { name: 'cres-tls', sha256: sha(YAML), text: YAML });
  // Only the TLS value differs: not the file's recipe.
  assert.ok(recordRecipe(withOverrides(DEFAULT_RECIPE, { tls: 'preferred' }), SOURCE).source);
});

test('what an export may say of itself is valid in an artefact: an empty listener name, a hostname over 1 MiB', () => {
  const { artefact } = applied()[0]!;
  const a = json(artefact);
  a.listeners[0]!.name = '';
  for (const o of a.operations) o.listener = '';
  a.input.hostname = 'x'.repeat(1_500_000);
  const v = validateArtefact(a);
  assert.ok(v.ok, JSON.stringify(v));
});

test('removals made by a recipe carry the removed text, which the artefact validator reads back as that one group or policy', () => {
  const hat = dedent`
    $OLD
        ACCEPT {
            tls = "off"
        }
    BLOCKED_NETS:
        192.0.2.0/24
        .spam.example
        REJECT {
            max_msgs_per_session = 1
        } (own behaviour)
    ALL
        $ACCEPTED
    $ACCEPTED
        ACCEPT
  `;
  const { syntax, model } = readHat(hat);
  const r: Recipe = {
    name: 'retire',
    listeners: 'public',
    policies: [],
    groups: [],
    remove: { groups: ['BLOCKED_NETS'], policies: ['OLD'] },
  };
  const ops = planRecipe(model, r, { listener: 'IncomingMail', syntax }).operations;
  assert.equal(
    ops.map((o) => o.op),
    ['remove-sender-group', 'remove-policy'],
  );
  for (const o of ops) assert.type((o as { text?: string }).text, 'string', `${o.op} records its text`);
  const base = applied()[0]!.artefact;
  const listenerPath = 'config/listeners/listener[1]';
  const artefact = json({ ...base, operations: ops.map((o) => ({ ...o, listener: 'IncomingMail', listenerPath })) });
  assert.ok(validateArtefact(artefact).ok, JSON.stringify(validateArtefact(artefact)));
  // A recorded text that would write one more member: refused at that operation's text.
  const tampered = json(artefact);
  (tampered.operations[0] as { text: string }).text = (tampered.operations[0] as { text: string }).text.replace(
    '.spam.example',
    '.spam.example\n    0.0.0.0/0',
  );
  const v = validateArtefact(tampered);
  assert.equal(v.ok ? null : v.path, '$.operations[0].text');
});

test.run();
