/**
 * Outputs are checked against inputs and each other by file identity, before anything is read
 * or written, `--force` or not: a directory alias, `--report`/`--html` over an input or over
 * another output, links, and `-o` naming a directory.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { linkSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../src/cli/main.js';
import { recordingIo } from '../../../src/cli/io.js';
import { checkOutputPlan } from '../../../src/cli/fs/index.js';
import { codeOf, SAMPLES, tempScope } from './helpers.js';

const { tmp, cleanup } = tempScope();
const sample = readFileSync(join(SAMPLES, 'multi-listener.xml'));

async function esa(args: string[], cwd: string) {
  const io = recordingIo(cwd);
  const code = await main(args, io);
  return { code, out: io.stdout, err: io.stderr };
}

/** The code in brackets of the error line of a refused run. */
const errCode = (err: string) => /\[([a-z-]+)\]\n?$/.exec(err.trim())?.[1];

/** A directory with exports/esa1.xml and the alias exports/alias -> exports. */
function aliased() {
  const root = tmp();
  mkdirSync(join(root, 'exports'));
  writeFileSync(join(root, 'exports', 'esa1.xml'), sample);
  symlinkSync('.', join(root, 'exports', 'alias'));
  symlinkSync('exports', join(root, 'alias'));
  return root;
}

test('a symlinked directory alias: -o alias/esa1.xml and --out-dir alias are refused, --force or not; the input is intact', async () => {
  const root = aliased();
  for (const args of [
    ['apply', 'exports/esa1.xml', '-o', 'exports/alias/esa1.xml', '--force'],
    ['apply', 'exports/esa1.xml', '-o', 'alias/esa1.xml', '--force'],
    ['apply', 'exports/esa1.xml', '-o', 'alias/esa1.xml'],
    ['apply', 'exports', '--out-dir', 'exports/alias', '--force'],
    ['apply', 'exports/esa1.xml', '--out-dir', 'alias', '--force'],
  ]) {
    const r = await esa(args, root);
    assert.is(r.code, 1, args.join(' '));
    assert.is(errCode(r.err), 'output-is-input', r.err);
    assert.ok(readFileSync(join(root, 'exports', 'esa1.xml')).equals(sample), 'input intact');
    assert.equal(readdirSync(join(root, 'exports')).sort(), ['alias', 'esa1.xml'], 'nothing written');
  }
});

test('--report and --html over an input or over another output are refused before anything is written', async () => {
  const root = aliased();
  const cases: [string[], string][] = [
    [['plan', 'exports/esa1.xml', '--report', 'exports/esa1.xml', '--force'], 'output-is-input'],
    [['plan', 'exports/esa1.xml', '--html', 'alias/esa1.xml', '--force'], 'output-is-input'],
    [['apply', 'exports/esa1.xml', '-o', 'out/x.xml', '--html', 'out/x.xml', '--force'], 'output-collision'],
    [['apply', 'exports/esa1.xml', '-o', 'out/x.xml', '--report', 'out/x.patch.json', '--force'], 'output-collision'],
    [['plan', 'exports/esa1.xml', '--report', 'r.json', '--html', 'exports/../r.json'], 'output-collision'],
  ];
  for (const [args, code] of cases) {
    const r = await esa(args, root);
    assert.is(r.code, 1, args.join(' '));
    assert.is(errCode(r.err), code, r.err);
    assert.ok(readFileSync(join(root, 'exports', 'esa1.xml')).equals(sample));
    assert.equal(readdirSync(root).sort(), ['alias', 'exports'], `nothing written by ${args.join(' ')}`);
  }
});

test('--report over the inventory, and an output reaching an input through a link, are refused', async () => {
  const root = aliased();
  writeFileSync(join(root, 'fleet.json'), JSON.stringify([{ file: 'exports/esa1.xml' }]));
  const r = await esa(['plan', '--inventory', 'fleet.json', '--report', 'fleet.json', '--force'], root);
  assert.is(errCode(r.err), 'output-is-input', r.err);
  mkdirSync(join(root, 'out'));
  symlinkSync(join(root, 'exports', 'esa1.xml'), join(root, 'out', 'esa1.xml'));
  const viaLink = await esa(['apply', 'exports/esa1.xml', '--out-dir', 'out', '--force'], root);
  assert.is(errCode(viaLink.err), 'output-is-input', viaLink.err);
  linkSync(join(root, 'exports', 'esa1.xml'), join(root, 'hard.xml'));
  const viaHardLink = await esa(['apply', 'exports/esa1.xml', '-o', 'hard.xml', '--force'], root);
  assert.is(errCode(viaHardLink.err), 'output-is-input', viaHardLink.err);
  assert.ok(readFileSync(join(root, 'exports', 'esa1.xml')).equals(sample));
});

test('-o naming an existing directory is an error (apply and rollback), not DIR.xml', async () => {
  const root = aliased();
  mkdirSync(join(root, 'existingdir'));
  const r = await esa(['apply', 'exports/esa1.xml', '-o', 'existingdir'], root);
  assert.is(r.code, 1);
  assert.is(errCode(r.err), 'output-is-directory', r.err);
  assert.equal(readdirSync(root).sort(), ['alias', 'existingdir', 'exports']);
  const applied = await esa(['apply', 'exports/esa1.xml', '-o', 'out/p.xml'], root);
  assert.is(applied.code, 0, applied.err);
  const rb = await esa(['rollback', 'out/p.xml', '--patch', 'out/p.patch.json', '-o', 'existingdir'], root);
  assert.is(rb.code, 1);
  assert.is(errCode(rb.err), 'output-is-directory', rb.err);
  const over = await esa(['rollback', 'out/p.xml', '--patch', 'out/p.patch.json', '-o', 'alias/../out/p.patch.json', '--force'], root);
  assert.is(errCode(over.err), 'output-is-input', over.err);
});

test('checkOutputPlan: identities, not names', () => {
  const root = aliased();
  const plan = (inputs: string[], outputs: string[]) => codeOf(() => checkOutputPlan({ inputs, outputs, cwd: root }));
  assert.is(plan(['exports/esa1.xml'], ['exports/alias/alias/esa1.xml']), 'output-is-input');
  assert.is(plan(['exports/esa1.xml'], ['new/a.xml', 'exports/../new/./a.xml']), 'output-collision');
  assert.is(plan(['exports/esa1.xml'], ['alias/new.xml', 'exports/new.xml']), 'output-collision');
  assert.is(plan(['exports/esa1.xml'], ['exports']), 'output-is-directory');
  assert.is(plan(['exports/esa1.xml'], ['exports/esa1.xml.old.xml', 'out/esa1.xml']), null);
  // An input where the run keeps its own working files (a lock, a journal) is never replaced.
  writeFileSync(join(root, 'exports', 'gw.xml.lock'), 'x');
  assert.is(plan(['exports/gw.xml.lock'], ['alias/gw.xml']), 'output-is-input');
  writeFileSync(join(root, 'exports', '.esa-patch-journal-0123456789abcdef.json'), '{}');
  assert.is(plan(['exports/.esa-patch-journal-0123456789abcdef.json'], ['exports/x.xml']), 'output-is-input');
});

test.after(cleanup);
test.run();
