/** The man page is the help text, and current; shell completion comes from the parser's options. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT } from '../helpers.js';
import { manPage } from '../../src/cli/man.js';
import { cli } from './run.js';

test('man/esa-patch.1 is current (npm run man rewrites it)', async () => {
  const page = await manPage();
  assert.fixture(readFileSync(join(ROOT, 'man', 'esa-patch.1'), 'utf8'), page, 'man/esa-patch.1 is stale: run npm run man');
  const help = (await cli(['plan', '--help'], { columns: 80 })).out;
  for (const line of help.split('\n').filter((l) => l.includes('--listener'))) assert.ok(page.includes(line.replace(/\\/g, '\\e')), line);
});

test("completion bash: a valid script completing commands and each command's options", async () => {
  const r = await cli(['completion', 'bash']);
  assert.is(r.code, 0);
  for (const s of [
    'complete -o filenames -F _esa_patch esa-patch',
    'plan apply pull push revert rollback show verify inspect diff trace check recipes recipe explain spf completion',
    '--listener',
    '--out-dir',
    '--other-appliance',
    '--fail-on',
  ])
    assert.match(r.out, s);
  const syntax = spawnSync('bash', ['-n'], { input: r.out });
  assert.is(syntax.status, 0, String(syntax.stderr));
  const words = spawnSync(
    'bash',
    ['-c', `${r.out}\nCOMP_WORDS=(esa-patch plan --lis); COMP_CWORD=2; _esa_patch; echo "\${COMPREPLY[@]}"`],
    { encoding: 'utf8' },
  );
  assert.is(words.stdout.trim(), '--listener');
});

test('completion zsh: a compdef script with every command', async () => {
  const r = await cli(['completion', 'zsh']);
  assert.is(r.code, 0);
  assert.match(r.out, '#compdef esa-patch');
  for (const c of ['plan', 'apply', 'rollback', 'verify']) assert.match(r.out, `    ${c}) _arguments`);
  assert.is((await cli(['completion', 'fish'])).code, 1);
});

test('explain without a code lists the codes; an unknown code suggests one', async () => {
  const list = await cli(['explain']);
  assert.is(list.code, 0);
  assert.match(list.out, /^treatment-change +/m);
  const near = await cli(['explain', 'treatment-chnge']);
  assert.is(near.code, 1);
  assert.match(near.err, 'did you mean treatment-change?');
});

test('every finding code the samples and fixtures produce has a long explanation', async () => {
  const { explain } = await import('../../src/report/explain.js');
  const codes = new Set<string>();
  for (const args of [
    ['plan', '--json', 'samples', 'test/fixtures'],
    ['plan', '--json', '--allow-masked', 'test/fixtures'],
    ['inspect', '--json', 'samples'],
  ]) {
    const doc = JSON.parse((await cli(args)).out);
    for (const f of doc.files) for (const x of f.findings ?? []) codes.add(x.code);
  }
  assert.ok(codes.size >= 8, [...codes].join(' '));
  assert.equal(
    [...codes].filter((c) => !explain(c)),
    [],
    'codes without an explanation',
  );
});

test('every code of the FindingCode union has a long explanation', async () => {
  const { explain } = await import('../../src/report/explain.js');
  const { FINDING_CODES } = await import('../../src/report/messages.js');
  assert.ok(FINDING_CODES.length > 100 && FINDING_CODES.includes('spf-lookup-limit'));
  assert.equal(
    FINDING_CODES.filter((c) => !explain(c)),
    [],
    'codes without an explanation',
  );
  const r = await cli(['explain', 'spf-lookup-limit']);
  assert.is(r.code, 0);
});

test('--fail-on turns a success or pending changes into exit 1, and leaves a refusal at 3', async () => {
  assert.is((await cli(['plan', '--fail-on', 'error', 'test/fixtures/masked.xml'])).code, 3);
  assert.is((await cli(['plan', '--fail-on', 'warning', '--allow-masked', 'test/fixtures/masked.xml'])).code, 1);
});

test.run();
