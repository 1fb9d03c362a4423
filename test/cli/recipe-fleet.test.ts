/**
 * Recipes in a fleet run: `--recipe FILE|NAME` on plan/apply, `recipe:` per appliance in the
 * inventory (a file relative to the inventory's directory, or a built-in's name), the
 * command line's overrides on top, plan groups across recipes, removals planned, applied and
 * rolled back, and the published hosts table in the report.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { SAMPLES, tempDir } from '../helpers.js';
import { dedent } from '../dedent.js';
import { cli, fixture } from './run.js';

const MULTI = readFileSync(join(SAMPLES, 'multi-listener.xml'), 'latin1');

const RETIRE = dedent`
  format: esa-patch/recipe@1
  name: retire-logistics
  description: The logistics relay is decommissioned.
  listeners: public
  remove:
    senders:
      - group: PARTNERS
        senders:
          - mx.logistics.example.org
`;

/** Appliances a1, a2 (default recipe), c1 (`recipe: cres-tls` by name), b1, b2 (a removal recipe file next to the inventory). */
function setUp(): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'exports'));
  mkdirSync(join(dir, 'inv', 'recipes'), { recursive: true });
  for (const [k, name] of ['a1', 'a2', 'c1', 'b1', 'b2'].entries()) {
    fixture(
      join(dir, 'exports'),
      `${name}.xml`,
      MULTI.replaceAll('mx-gw1.example.net', `${name}.example.net`).replace('7C210E3A9B14-FCH2231V0QX', `SERIAL-${k}`),
    );
  }
  fixture(join(dir, 'inv', 'recipes'), 'retire.yaml', RETIRE);
  fixture(
    join(dir, 'inv'),
    'fleet.yaml',
    dedent`
      - file: ../exports/a1.xml
      - file: ../exports/a2.xml
      - file: ../exports/c1.xml
        recipe: cres-tls
      - file: ../exports/b1.xml
        recipe: recipes/retire.yaml
      - file: ../exports/b2.xml
        recipe: recipes/retire.yaml
    `,
  );
  return dir;
}

const names = (files: string[]) => files.map((f) => f.replace(/^.*\//, '')).sort();

test('one inventory, two recipes: each file planned with its own; identical plans grouped across recipe specs', async () => {
  const dir = setUp();
  const r = await cli(['plan', '--json', '--inventory', 'inv/fleet.yaml'], { cwd: dir });
  assert.is(r.code, 2, r.err);
  const doc = JSON.parse(r.out);
  const byName = new Map<string, { operations: { op: string; group?: string; senders?: string[] }[]; published?: unknown[] }>(
    doc.files.map((f: { file: string }) => [f.file.replace(/^.*\//, ''), f]),
  );
  // The CRES change on a1, a2 and c1; the removal alone on b1 and b2.
  for (const n of ['a1.xml', 'a2.xml', 'c1.xml']) {
    const ops = byName.get(n)!.operations.map((o) => o.op);
    assert.ok(ops.includes('add-sender-group') && !ops.includes('remove-senders'), `${n}: ${ops}`);
    assert.ok((byName.get(n)!.published ?? []).length >= 1, `${n}: published hosts table`);
  }
  for (const n of ['b1.xml', 'b2.xml']) {
    const ops = byName.get(n)!.operations;
    assert.equal(
      ops.map((o) => [o.op, o.group, o.senders]),
      [['remove-senders', 'PARTNERS', ['mx.logistics.example.org']]],
    );
    assert.is(byName.get(n)!.published, undefined, 'the removal recipe publishes no hosts');
  }
  const groups = doc.groups.map((g: { files: string[] }) => names(g.files));
  assert.equal(groups.sort(), [
    ['a1.xml', 'a2.xml', 'c1.xml'],
    ['b1.xml', 'b2.xml'],
  ]);
  rmSync(dir, { recursive: true });
});

test("--recipe FILE on the command line, overrides on top; an inventory entry without recipe: takes the run's", async () => {
  const dir = setUp();
  const r = await cli(['plan', '--json', '--recipe', 'inv/recipes/retire.yaml', 'exports/a1.xml'], { cwd: dir });
  assert.is(r.code, 2, r.err);
  const doc = JSON.parse(r.out);
  assert.is(doc.recipe.name, 'retire-logistics');
  assert.equal(
    doc.files[0].operations.map((o: { op: string }) => o.op),
    ['remove-senders'],
  );
  // The run's recipe for a1, a2; c1 names cres-tls; b1, b2 their file.
  const inv = await cli(['plan', '--json', '--recipe', 'inv/recipes/retire.yaml', '--inventory', 'inv/fleet.yaml'], { cwd: dir });
  const ops = new Map(
    JSON.parse(inv.out).files.map((f: { file: string; operations: { op: string }[] }) => [
      f.file.replace(/^.*\//, ''),
      f.operations.map((o) => o.op),
    ]),
  );
  assert.equal(ops.get('a1.xml'), ['remove-senders']);
  assert.ok((ops.get('c1.xml') as string[]).includes('add-sender-group'));
  // --group-name changes the default recipe's group, named by the built-in's name too.
  const named = await cli(['plan', '--json', '--recipe', 'cres-tls', '--group-name', 'RES', 'exports/a1.xml'], { cwd: dir });
  assert.is(JSON.parse(named.out).recipe.groups[0].name, 'RES');
  assert.ok(
    JSON.parse(named.out).files[0].operations.some((o: { op: string; group?: string }) => o.op === 'add-sender-group' && o.group === 'RES'),
  );
  rmSync(dir, { recursive: true });
});

test('a recipe file that is not valid: exit 1 naming the file, nothing planned', async () => {
  const dir = setUp();
  fixture(join(dir, 'inv', 'recipes'), 'bad.yaml', 'format: esa-patch/recipe@1\nname: bad\ngroups: 3\n');
  const r = await cli(['plan', '--recipe', 'inv/recipes/bad.yaml', 'exports/a1.xml'], { cwd: dir });
  assert.is(r.code, 1);
  assert.match(r.err, 'inv/recipes/bad.yaml');
  assert.match(r.err, '[bad-recipe]');
  assert.is(r.out, '');
  rmSync(dir, { recursive: true });
});

test('apply a fleet with two recipes, then roll back a removal: the input comes back byte for byte', async () => {
  const dir = setUp();
  const r = await cli(['apply', '--inventory', 'inv/fleet.yaml', '--out-dir', 'out'], { cwd: dir });
  assert.is(r.code, 0, r.err);
  // Each artefact records the recipe file it was patched with, as the inventory names it, and its exact text.
  const artefact = JSON.parse(readFileSync(join(dir, 'out', 'b1.patch.json'), 'utf8'));
  assert.is(artefact.format, 'esa-patch/2');
  assert.is(artefact.recipe.name, 'recipes/retire.yaml');
  assert.is(artefact.recipe.text, RETIRE);
  assert.is(artefact.recipe.sha256, createHash('sha256').update(RETIRE, 'utf8').digest('hex'));
  const a1 = JSON.parse(readFileSync(join(dir, 'out', 'a1.patch.json'), 'utf8'));
  assert.is(a1.recipe.name, 'cres-tls');
  assert.match(a1.recipe.text, 'name: cres-tls');
  const shown = await cli(['show', 'out/b1.patch.json'], { cwd: dir });
  assert.is(shown.code, 0, shown.err);
  assert.match(shown.out, 'retire-logistics');
  assert.not.match(readFileSync(join(dir, 'out', 'b1.xml'), 'latin1'), 'mx.logistics.example.org');
  const back = await cli(['rollback', 'out/b1.xml', '--patch', 'out/b1.patch.json', '-o', 'restored.xml'], { cwd: dir });
  assert.is(back.code, 0, back.err);
  assert.ok(readFileSync(join(dir, 'restored.xml')).equals(readFileSync(join(dir, 'exports', 'b1.xml'))));
  rmSync(dir, { recursive: true });
});

test('the plan text shows where the published hosts land; --html has the table', async () => {
  const dir = setUp();
  const r = await cli(['plan', 'exports/a1.xml', '--html', 'r.html'], { cwd: dir, columns: 80 });
  assert.is(r.code, 2, r.err);
  assert.match(r.out, /published hosts on InboundMail, today -> after the change:/);
  assert.match(r.out.replace(/\n +/g, ' '), /-> CRES \$CRES_TLS ACCEPT, tls required/);
  const page = readFileSync(join(dir, 'r.html'), 'utf8');
  assert.match(page, /<table class="published" data-listener="InboundMail">/);
  assert.match(page, /mxnat1\.res\.cisco\.com/);
  rmSync(dir, { recursive: true });
});

test.run();
