/**
 * Output paths: whatever the inputs are called and wherever they are (`../`, absolute paths,
 * odd characters, an inventory pointing anywhere), batch outputs land inside --out-dir, and a
 * symbolic link planted there is replaced, never written through.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { CORPUS, errorCodes, esa, tempScope } from './helpers.js';

const { tmp, cleanup } = tempScope();

const standalone = readFileSync(join(CORPUS, 'esa-standalone.xml'), 'latin1');

/** Every file and link under `dir`, relative to it. */
function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (lstatSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

/** New files under `root` after a run, and whether they all lie inside `outDir`. */
function newFiles(root: string, before: string[], outDir: string): { added: string[]; outside: string[] } {
  const added = tree(root).filter((f) => !before.includes(f));
  const inside = relative(root, outDir) + sep;
  return { added, outside: added.filter((f) => !f.startsWith(inside)) };
}

const ODD_NAMES = [
  'a b.xml',
  'ünïcödé-€.xml',
  'new\nline.xml',
  'back\\slash.xml',
  '-dash.xml',
  '..xml',
  '.xml',
  'x.XML',
  'semi;colon.xml',
  '$(touch pwned).xml',
  '*.xml',
  'quote\'d".xml',
  'tab\t.xml',
];

test('odd input names: every output lands inside --out-dir, named after the input', async () => {
  const root = tmp();
  const inputs = join(root, 'in');
  mkdirSync(inputs);
  for (const n of ODD_NAMES) writeFileSync(join(inputs, n), standalone, 'latin1');
  const before = tree(root);
  const outDir = join(root, 'out');
  const r = await esa(['apply', '--out-dir', outDir, '--jobs', '1', ...ODD_NAMES.map((n) => join(inputs, n))]);
  assert.is(r.code, 0, r.err);
  const { added, outside } = newFiles(root, before, outDir);
  assert.equal(outside, [], 'nothing written outside --out-dir');
  for (const n of ODD_NAMES) {
    const stem = n.toLowerCase().endsWith('.xml') ? n.slice(0, -4) : n;
    for (const ext of ['.xml', '.diff', '.patch.json']) assert.ok(added.includes(join('out', stem + ext)), `${stem}${ext} written`);
  }
});

test('inputs given as ../ paths, absolute paths and through a directory: outputs inside --out-dir', async () => {
  const root = tmp();
  mkdirSync(join(root, 'deep', 'er'), { recursive: true });
  mkdirSync(join(root, 'cwd'));
  mkdirSync(join(root, 'dir.xml'));
  writeFileSync(join(root, 'up.xml'), standalone, 'latin1');
  writeFileSync(join(root, 'deep', 'er', 'abs.xml'), standalone, 'latin1');
  writeFileSync(join(root, 'dir.xml', 'inner.xml'), standalone, 'latin1');
  const before = tree(root);
  const outDir = join(root, 'cwd', 'out');
  const r = await esa(
    [
      'apply',
      '--out-dir',
      'out',
      '--jobs',
      '1',
      '../up.xml',
      join(root, 'deep', 'er', 'abs.xml'),
      '../dir.xml',
      `..${sep}deep${sep}..${sep}deep${sep}er${sep}..${sep}..${sep}up.xml`,
    ],
    join(root, 'cwd'),
  );
  // Two inputs are the same file under two names: it is processed once, with a warning.
  assert.is(r.code, 0, r.err);
  assert.match(r.out, '[duplicate-input]');
  const { added, outside } = newFiles(root, before, outDir);
  assert.equal(outside, []);
  assert.equal(
    added.filter((f) => f.endsWith('.xml')).sort(),
    ['cwd/out/abs.xml', 'cwd/out/inner.xml', 'cwd/out/up.xml'].map((f) => f.split('/').join(sep)),
  );
});

test('an inventory pointing up and away: outputs still inside --out-dir', async () => {
  const root = tmp();
  mkdirSync(join(root, 'fleet', 'conf'), { recursive: true });
  mkdirSync(join(root, 'elsewhere'));
  writeFileSync(join(root, 'elsewhere', 'gw1.xml'), standalone, 'latin1');
  writeFileSync(join(root, 'gw2.xml'), standalone, 'latin1');
  const inventory = join(root, 'fleet', 'conf', 'fleet.json');
  const entries = [{ file: '../../elsewhere/gw1.xml' }, { file: join(root, 'gw2.xml') }];
  writeFileSync(inventory, JSON.stringify([...entries, { file: '../../elsewhere/../gw2.xml', groupName: 'RES' }]));
  const before = tree(root);
  const outDir = join(root, 'fleet', 'out');
  const refused = await esa(['apply', '--inventory', inventory, '--out-dir', outDir, '--jobs', '1']);
  assert.is(refused.code, 1, 'the third entry writes the outputs of the second');
  assert.match(refused.err, /\[output-collision\]/);
  assert.equal(tree(root), before, 'nothing written');
  writeFileSync(inventory, JSON.stringify(entries));
  const r = await esa(['apply', '--inventory', inventory, '--out-dir', outDir, '--jobs', '1']);
  assert.is(r.code, 0, r.err);
  const { outside } = newFiles(root, before, outDir);
  assert.equal(outside, []);
  assert.equal(
    readdirSync(outDir)
      .filter((f) => f.endsWith('.xml'))
      .sort(),
    ['gw1.xml', 'gw2.xml'],
  );
});

test('a symbolic link planted in --out-dir is refused, or replaced with --force: its target is never written', async () => {
  const root = tmp();
  writeFileSync(join(root, 'esa.xml'), standalone, 'latin1');
  const victim = join(root, 'victim.txt');
  writeFileSync(victim, 'precious\n');
  const outDir = join(root, 'out');
  mkdirSync(outDir);
  for (const ext of ['.xml', '.diff', '.patch.json']) symlinkSync(victim, join(outDir, `esa${ext}`));
  symlinkSync(join(root, 'nowhere'), join(outDir, 'esa2.xml'));
  writeFileSync(join(root, 'esa2.xml'), standalone, 'latin1');
  const refused = await esa(['apply', '--out-dir', outDir, '--jobs', '1', join(root, 'esa.xml'), join(root, 'esa2.xml')]);
  assert.is(refused.code, 1);
  assert.equal(errorCodes(refused.err).sort(), ['output-exists', 'output-exists']);
  assert.match(refused.err, /Pass --force to overwrite/);
  assert.is(readFileSync(victim, 'utf8'), 'precious\n');
  const forced = await esa(['apply', '--out-dir', outDir, '--force', '--jobs', '1', join(root, 'esa.xml')]);
  assert.is(forced.code, 0, forced.err);
  assert.is(readFileSync(victim, 'utf8'), 'precious\n', 'the link target is untouched');
  for (const ext of ['.xml', '.diff', '.patch.json'])
    assert.ok(lstatSync(join(outDir, `esa${ext}`)).isFile(), `esa${ext} is a file now, not a link`);
});

test('an --out-dir that is a file: refused with a message, nothing written', async () => {
  const root = tmp();
  writeFileSync(join(root, 'esa.xml'), standalone, 'latin1');
  writeFileSync(join(root, 'out'), 'a file\n');
  const r = await esa(['apply', '--out-dir', join(root, 'out'), join(root, 'esa.xml')]);
  assert.is(r.code, 1);
  assert.equal(errorCodes(r.err), ['write-failed']);
  assert.match(r.err, /ENOTDIR|EEXIST|not a directory/);
  assert.equal(readdirSync(root).sort(), ['esa.xml', 'out']);
});

test.after(cleanup);
test.run();
