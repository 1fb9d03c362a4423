/**
 * One recipe validator, end to end through the patch path (`planExport`, what `plan` runs):
 * every shipped recipe is accepted on every export; every example of the README's "Example
 * recipes" plans on the sample it is shown with and prints the diff shown; and `recipe
 * extract` of every group of every listener of every export, planned on its own source, is
 * "nothing to do".
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readExport } from '../../src/esa/export.js';
import { readHat } from '../../src/hat/index.js';
import { planExport } from '../../src/patch/patch.js';
import { extractRecipe } from '../../src/recipes/extract.js';
import { isUtf8 } from '../../src/xml/encoding.js';
import { loadRecipe } from '../../src/recipes/load.js';
import { checkRecipe } from '../../src/recipes/check.js';
import type { Recipe } from '../../src/recipes/recipe.js';
import { allExports, ROOT, SAMPLES, tempDir } from '../helpers.js';
import { cli } from '../cli/run.js';

const shipped = [
  ...readdirSync(join(SAMPLES, 'recipes')).map((f) => join('samples', 'recipes', f)),
  ...readdirSync(join(ROOT, 'recipes')).map((f) => join('recipes', f)),
].filter((f) => /\.(ya?ml|json)$/.test(f));

const load = (file: string): Recipe => {
  const r = loadRecipe(readFileSync(join(ROOT, file), 'utf8'), { file });
  assert.equal(r.findings, [], file);
  return r.recipe!;
};

test('every shipped recipe passes the rules plan runs, and plans on every export without a recipe error', () => {
  assert.ok(shipped.length >= 4, `${shipped.length} recipes`);
  for (const file of shipped) {
    const recipe = load(file);
    assert.equal(
      checkRecipe(recipe).findings.filter((f) => f.severity !== 'info'),
      [],
      `${file}: checkRecipe refuses what the loader accepted`,
    );
    for (const e of allExports()) {
      const plan = planExport(e.text, { recipe });
      const bad = plan.findings.filter((f) => f.code === 'recipe-invalid' || f.code === 'bad-recipe' || f.code === 'sender-invalid');
      assert.equal(bad, [], `${file} on ${e.name}`);
      if (readExport(e.text).export) assert.is.not(plan.outcome, 'error', `${file} on ${e.name}: ${plan.findings.map((f) => f.code)}`);
    }
  }
});

/** The README's "Example recipes": each `npx esa-patch plan …` line and the diff block after it. */
function readmeExamples(): { args: string[]; diff: string }[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Example recipes'), readme.indexOf('### Migration'));
  const out: { args: string[]; diff: string }[] = [];
  for (const m of section.matchAll(/```sh\n(npx esa-patch plan [^\n]+)\n```\n[\s\S]*?```diff\n([\s\S]*?)```/g))
    out.push({ args: m[1]!.split(/\s+/).slice(2), diff: m[2]! });
  return out;
}

test('every README example recipe plans on its sample (exit 2) and prints the diff shown, hunk for hunk', async () => {
  const examples = readmeExamples();
  const documented = new Set(examples.map((x) => x.args[x.args.indexOf('--recipe') + 1]));
  for (const f of shipped.filter((f) => f.startsWith('samples')))
    assert.ok(documented.has(f.replace(/\\/g, '/')), `${f} has no plan example in the README`);
  for (const { args, diff } of examples) {
    const r = await cli(args, { cwd: ROOT });
    assert.is(r.code, 2, `esa-patch ${args.join(' ')}: exit ${r.code}\n${r.err}`);
    // The hunk header of the output names the listener after `@@`: compare the rest line by line.
    const strip = (t: string) => t.replace(/^(@@ [^@]+ @@).*$/gm, '$1');
    assert.ok(strip(r.out).includes(strip(diff)), `esa-patch ${args.join(' ')}: the README's diff is not what plan prints\n${r.out}`);
  }
});

test('recipe extract of every group, planned on its own source, is nothing to do (every listener of every export)', () => {
  let extracted = 0;
  for (const e of allExports()) {
    const exp = readExport(e.text).export;
    if (!exp) continue;
    for (const l of exp.listeners) {
      if (!l.hat || exp.listeners.filter((x) => x.name === l.name).length > 1) continue;
      const { model } = readHat(l.hat.text);
      // A UTF-8 export's names and comments become characters in the recipe (a UTF-8 text file).
      const utf8 = isUtf8(exp.doc.prolog);
      const groups = model.entries.filter((x) => x.kind === 'group').map((x) => x.name);
      // Each group alone, and every group that can be extracted, together.
      const alone = groups.map((g) => ({ g: [g], made: extractRecipe(model, { listener: l.name, groups: [g], utf8 }) }));
      const ok = alone.filter((x) => x.made.recipe).map((x) => x.g[0]!);
      const sets = [...alone, ...(ok.length > 1 ? [{ g: ok, made: extractRecipe(model, { listener: l.name, groups: ok, utf8 }) }] : [])];
      for (const { g, made } of sets) {
        if (!made.recipe) {
          // Refused only for what a recipe cannot carry, never by the validator.
          assert.equal(
            made.findings.map((f) => f.code),
            ['recipe-extract'],
            `${e.name} ${l.name} ${g}: ${JSON.stringify(made.findings)}`,
          );
          continue;
        }
        extracted++;
        const again = loadRecipe(made.text!);
        assert.equal(again.recipe, made.recipe, `${e.name} ${l.name} ${g}: the text reads back as the recipe`);
        const plan = planExport(e.text, { recipe: made.recipe, listeners: [l.path] });
        assert.is(
          plan.outcome,
          'unchanged',
          `${e.name} ${l.name} ${g}: ${plan.outcome} ${JSON.stringify(plan.findings.filter((f) => f.severity === 'error'))}`,
        );
        assert.equal(plan.operations, [], `${e.name} ${l.name} ${g}`);
      }
    }
  }
  assert.ok(extracted >= 20, `${extracted} recipes extracted`);
});

test('recipe extract -o FILE (YAML and JSON), then plan --recipe FILE on the source: exit 0, nothing to do', async () => {
  const dir = tempDir();
  cpSync(join(ROOT, 'samples'), join(dir, 'samples'), { recursive: true });
  for (const [source, listener, groups] of [
    ['samples/multi-listener.xml', 'InboundMail', ['WHITELIST']],
    ['samples/multi-listener.xml', 'RelayOut', ['RELAYLIST', 'APPLICATIONS']],
    ['samples/cluster.xml', 'EdgeInbound', ['OFFICE365', 'WHITELIST']],
  ] as const) {
    for (const out of ['x.yaml', 'x.json']) {
      const args = ['recipe', 'extract', source, '--listener', listener, ...groups.flatMap((g) => ['--group', g]), '-o', out, '--force'];
      const made = await cli(args, { cwd: dir });
      assert.is(made.code, 0, `${args.join(' ')}\n${made.err}`);
      const check = await cli(['recipe', 'check', out], { cwd: dir });
      assert.is(check.code, 0, check.err);
      const plan = await cli(['plan', source, '--recipe', out], { cwd: dir });
      assert.is(plan.code, 0, `${source} ${listener} ${out}: exit ${plan.code}\n${plan.out}\n${plan.err}`);
    }
  }
  rmSync(dir, { recursive: true });
});

test.run();
