/**
 * The packed npm package holds what the README points a user at (issue 18, "Smaller"): the
 * schemas and reference pages of docs/ it links, and the samples the quick start runs on.
 * Asked of npm itself (`npm pack --dry-run`), without running the build.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers.js';

function packed(): Set<string> {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.is(r.status, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { files: { path: string }[] }[];
  return new Set(doc[0]!.files.map((f) => f.path));
}

test('the package holds every file of docs/ and samples/, and every local file the README links', () => {
  const files = packed();
  for (const dir of ['docs', 'samples', join('samples', 'recipes')])
    for (const f of readdirSync(join(ROOT, dir), { withFileTypes: true }))
      if (f.isFile()) assert.ok(files.has(`${dir}/${f.name}`), `${dir}/${f.name} is not in the package`);
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const links = [...readme.matchAll(/\]\(((?:docs|samples|recipes|man)\/[^)#\s]+)\)/g)].map((m) => m[1]!);
  assert.ok(links.length >= 3, `${links.length} local links`);
  for (const l of links) assert.ok(files.has(l), `README links ${l}, which the package lacks`);
  // Nothing of the repository's own machinery.
  for (const f of files) assert.not.ok(/^(test|scripts|src|\.ci)\//.test(f), `${f} is packed`);
});

test.run();
