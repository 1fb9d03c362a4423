/** The built-in recipes: shipped as files, loaded through the loader, equal to the values in code. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_RECIPE_FILES, DEFAULT_RECIPE_NAME, builtinRecipeUrl, loadBuiltinRecipe } from '../../src/recipes/builtin.js';
import { CRES_TLS } from '../../src/recipes/cres-tls.js';
import { ROOT } from '../helpers.js';

const read = (u: URL) => readFileSync(u, 'utf8');

test('recipes/cres-tls.yaml loads to exactly the CRES_TLS value', () => {
  const r = loadBuiltinRecipe('cres-tls', read);
  assert.equal(r.findings, []);
  assert.equal(r.recipe, CRES_TLS);
});

test('every built-in is a file of the package, listed in package.json files', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
  assert.ok(pkg.files.includes('recipes'));
  assert.is(DEFAULT_RECIPE_NAME, BUILTIN_RECIPE_FILES[0]!.name);
  for (const b of BUILTIN_RECIPE_FILES) {
    assert.is(builtinRecipeUrl(b.name)!.pathname, join(ROOT, b.file));
    assert.ok(b.file.startsWith('recipes/'));
  }
});

test('an unknown built-in is a finding naming the built-ins', () => {
  const r = loadBuiltinRecipe('nope', read);
  assert.is(r.recipe, null);
  assert.equal(
    r.findings.map((f) => [f.code, f.args]),
    [['recipe-unknown-builtin', { name: 'nope', available: ['cres-tls'] }]],
  );
});

test.run();
