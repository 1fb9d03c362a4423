/** `esa-patch recipes`, `recipe show`, `recipe extract` and the reading of `--recipe FILE`. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { recordingIo } from '../../src/cli/io.js';
import { readRecipeFile, resolveRecipe } from '../../src/cli/commands/recipes-run.js';
import { CRES_TLS } from '../../src/recipes/cres-tls.js';
import { Refused } from '../../src/findings.js';
import { formatFinding } from '../../src/report/text.js';
import { readExport } from '../../src/esa/export.js';
import { readHat } from '../../src/hat/index.js';
import { loadRecipe } from '../../src/recipes/load.js';
import { planRecipe } from '../../src/recipes/plan-recipe.js';
import { ROOT, tempDir } from '../helpers.js';

async function run(args: string[], cwd = ROOT) {
  const io = recordingIo(cwd);
  const code = await main(args, io);
  return { code, out: io.stdout, err: io.stderr };
}

test('recipes lists the built-ins, cres-tls the default', async () => {
  const r = await run(['recipes', '--json']);
  assert.is(r.code, 0, r.err);
  const list = JSON.parse(r.out).recipes as { name: string; default: boolean }[];
  assert.equal(
    list.map((x) => [x.name, x.default]),
    [['cres-tls', true]],
  );
  assert.match((await run(['recipes'])).out, /^cres-tls \(default\)/);
});

test('recipe show prints the shipped file; an unknown name is exit 1', async () => {
  const r = await run(['recipe', 'show', 'cres-tls']);
  assert.is(r.code, 0, r.err);
  assert.is(r.out, readFileSync(join(ROOT, 'recipes', 'cres-tls.yaml'), 'utf8'));
  const bad = await run(['recipe', 'show', 'nope']);
  assert.is(bad.code, 1);
  assert.match(bad.err, /recipe-unknown-builtin/);
});

test('recipe extract writes a recipe that is a no-op on its source', async () => {
  const dir = tempDir();
  const out = join(dir, 'partners.yaml');
  const r = await run([
    'recipe',
    'extract',
    'samples/multi-listener.xml',
    '--listener',
    'PartnerMX',
    '--group',
    'REGISTERED_PARTNERS',
    '-o',
    out,
  ]);
  assert.is(r.code, 0, r.err);
  const loaded = loadRecipe(readFileSync(out, 'utf8'));
  assert.equal(loaded.findings, []);
  assert.equal(
    loaded.recipe!.groups.map((g) => [g.name, g.position]),
    [['REGISTERED_PARTNERS', 'first']],
  );
  assert.equal(
    loaded.recipe!.policies.map((p) => [p.name, p.params['max_concurrency']]),
    [['PARTNER_ACCEPT', '50']],
  );
  const exp = readExport(readFileSync(join(ROOT, 'samples', 'multi-listener.xml'), 'latin1')).export!;
  const hat = exp.listeners.find((l) => l.name === 'PartnerMX')!.hat!.text;
  const p = planRecipe(readHat(hat).model, loaded.recipe!, { listener: 'PartnerMX' });
  assert.is(p.refusal, null);
  assert.equal(p.operations, []);
  const again = await run([
    'recipe',
    'extract',
    'samples/multi-listener.xml',
    '--listener',
    'PartnerMX',
    '--group',
    'REGISTERED_PARTNERS',
    '-o',
    out,
  ]);
  assert.is(again.code, 0, 'the same recipe again: already up to date');
  assert.match(again.err, /already up to date/);
  writeFileSync(out, '# edited\n');
  const edited = await run([
    'recipe',
    'extract',
    'samples/multi-listener.xml',
    '--listener',
    'PartnerMX',
    '--group',
    'REGISTERED_PARTNERS',
    '-o',
    out,
  ]);
  assert.is(edited.code, 1, 'an existing output with other content is not overwritten without --force');
});

test('recipe extract: an unknown listener or group is exit 1 naming it', async () => {
  const a = await run(['recipe', 'extract', 'samples/multi-listener.xml', '--listener', 'Nope', '--group', 'PARTNERS']);
  assert.is(a.code, 1);
  assert.match(a.err, /unknown-listener/);
  const b = await run(['recipe', 'extract', 'samples/multi-listener.xml', '--listener', 'InboundMail', '--group', 'NOPE']);
  assert.is(b.code, 1);
  assert.match(b.err, /recipe-extract/);
  const c = await run(['recipe', 'extract', 'samples/multi-listener.xml', '--listener', 'InboundMail', '--group', 'PARTNERS']);
  assert.is(c.code, 1, 'PARTNERS holds SBO:3, which a recipe cannot write');
  assert.match(c.err, /SBO:3.*\[recipe-extract\]/);
});

test('readRecipeFile: the recipe with its text and sha256; errors at file:line:col, exit 1', () => {
  const dir = tempDir();
  const good = join(dir, 'good.yaml');
  writeFileSync(good, 'name: g\ngroups:\n  - { name: G, senders: [a.example], policy: TRUSTED, position: first }\n');
  const r = readRecipeFile('good.yaml', dir);
  assert.is(r.recipe.name, 'g');
  assert.match(r.sha256, /^[0-9a-f]{64}$/);
  writeFileSync(join(dir, 'bad.yaml'), 'name: b\ngroups:\n  - { name: G, senders: [a.example], policy: TRUSTED, position: middle }\n');
  try {
    readRecipeFile('bad.yaml', dir);
    assert.unreachable('accepted a bad recipe');
  } catch (e) {
    assert.instance(e, Refused);
    const f = (e as Refused).finding;
    assert.is(f.code, 'bad-recipe');
    assert.match((f.args as { problems: string[] }).problems[0]!, /^bad\.yaml:3:\d+: error: .*\[recipe-invalid\]/);
    assert.match(formatFinding(f), /bad\.yaml:3/);
  }
});

test('resolveRecipe: the default built-in with overrides, a built-in by name, a file by path', () => {
  const dir = tempDir();
  const def = resolveRecipe({ overrides: { group: 'RES', tls: 'on' } }, dir);
  assert.is(def.file, 'recipes/cres-tls.yaml');
  assert.equal([def.recipe.groups[0]!.name, def.recipe.policies[0]!.params['tls'], def.recipe.published?.group], ['RES', 'on', 'RES']);
  assert.equal(resolveRecipe({ recipe: 'cres-tls' }, dir).recipe, CRES_TLS);
  writeFileSync(join(dir, 'cres-tls'), 'name: local\n');
  assert.is(resolveRecipe({ recipe: './cres-tls' }, dir).recipe.name, 'local', 'a path is a file even when a built-in has its name');
});

test('recipe check: exit 0 on a good file, 1 with located errors on a bad one', async () => {
  const ok = await run(['recipe', 'check', 'samples/recipes/retire-sender.yaml']);
  assert.is(ok.code, 0, ok.err);
  assert.match(ok.out, /retire-sender: 0 policies, 0 groups, 1 removals/);
  const dir = tempDir();
  writeFileSync(join(dir, 'bad.json'), '{"name": "b",\n "listeners": "everywhere"}\n');
  const bad = await run(['recipe', 'check', 'bad.json'], dir);
  assert.is(bad.code, 1);
  assert.match(bad.err, /bad\.json:2:\d+: error: .*\[recipe-invalid\]/);
});

test.run();
