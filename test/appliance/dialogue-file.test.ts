/** The user's dialogue file: overrides by id, new rules, and every problem at line:col. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIALOGUES, parseResult } from '../../src/appliance/dialogue.js';
import { applyDialogueFile } from '../../src/appliance/dialogue-file.js';
import { pullExport } from '../../src/appliance/pull.js';
import { cli } from '../cli/run.js';
import { CORPUS, tempDir } from '../helpers.js';
import { EmulatedAppliance } from './emulator.js';
import { localSession } from './local-session.js';

const STANDALONE = readFileSync(join(CORPUS, 'esa-standalone.xml'), 'latin1');

function tables(text: string) {
  const r = applyDialogueFile(text, DIALOGUES);
  if ('problems' in r) throw new Error(JSON.stringify(r.problems));
  return r.tables;
}

function problems(text: string) {
  const r = applyDialogueFile(text, DIALOGUES);
  return 'problems' in r ? r.problems : [];
}

test('a rule changed by id, a new rule, an answer taken away; the built-in tables stay as they were', () => {
  const t = tables(
    [
      'rules:',
      "  loadconfig.file: { prompt: 'File name\\?\\s*$' }",
      '  loadconfig.passphrase: { answer: null }',
      "  loadconfig.banner: { command: loadconfig, prompt: 'Press RETURN', answer: '' }",
    ].join('\n'),
  );
  for (const fam of ['14', '15', '16']) {
    const rules = t[fam]!.commands.loadconfig.rules;
    assert.is(rules.find((r) => r.id === 'loadconfig.file')!.prompt, 'File name\\?\\s*$');
    assert.is(rules.find((r) => r.id === 'loadconfig.file')!.answer, '{file}');
    assert.is(rules.find((r) => r.id === 'loadconfig.passphrase')!.answer, null);
    assert.equal(rules.at(-1), { id: 'loadconfig.banner', prompt: 'Press RETURN', answer: '' });
  }
  assert.is(DIALOGUES['14']!.commands.loadconfig.rules.find((r) => r.id === 'loadconfig.passphrase')!.answer, '{secret}');
});

test('family: only that table; results and commands', () => {
  const t = tables(
    [
      'family: "15"',
      'results:',
      "  loadconfig.loaded: { pattern: 'Configuration loaded' }",
      "  commit.done: { command: commit, pattern: 'Commit OK', outcome: committed }",
      'commands:',
      "  removeFile: 'rmconfig {file}'",
    ].join('\n'),
  );
  const r = parseResult('Configuration loaded\n', t['15']!.results.loadconfig);
  assert.ok(r.ok && r.outcome === 'loaded');
  assert.not.ok(parseResult('Values have been loaded\n', t['15']!.results.loadconfig).ok);
  assert.ok(parseResult('Values have been loaded\n', t['14']!.results.loadconfig).ok);
  const c = parseResult('Commit OK\n', t['15']!.results.commit);
  assert.ok(c.ok && c.outcome === 'committed');
  assert.is(t['15']!.commands.removeFile!.command, 'rmconfig {file}');
  assert.is(t['14']!.commands.removeFile, undefined);
});

test('JSON is read too; cliPrompt', () => {
  const t = tables('{ "commands": { "removeFile": "rmconfig {file}" }, "cliPrompt": "^esa\\\\d+> $" }');
  assert.is(t['16']!.commands.removeFile!.command, 'rmconfig {file}');
  assert.is(t['14']!.cliPrompt, '^esa\\d+> $');
  assert.match(problems('cliPrompt: "(("')[0]!.detail, /cliPrompt: not a regular expression/);
});

test('every problem at line:col', () => {
  // [text, line, what the column points at (its first occurrence on that line), message]
  const cases: [string, number, string, RegExp][] = [
    ['rules:\n  loadconfig.file: { prompt: "([" }', 2, '"([', /not a regular expression/],
    ['colour: red', 1, 'colour', /unknown key "colour"/],
    ['rules:\n  loadconfig.file: { answer: "{passphrase}" }', 2, '"{', /unknown placeholder \{passphrase\}/],
    ['commands:\n  removeFile: "rm {secret}"', 2, '"rm', /\{secret\} is only for answers/],
    ['rules:\n  loadconfig.new: { prompt: "x", answer: "y" }', 2, 'loadconfig', /names its "command"/],
    ['rules:\n  loadconfig.file: { prompt: "x", colour: 1 }', 2, 'colour', /unknown key "colour"/],
    ['family: "9"', 1, '"9"', /no built-in family "9"/],
    ['rules: [1, 2]', 1, '[', /"rules" is a mapping/],
    ['rules:\n  loadconfig.file: { answer: "a\\nb" }', 2, '"a', /printable ASCII/],
    ['results:\n  commit.x: { command: commit, pattern: "x", outcome: loaded }', 2, 'commit.x', /"outcome" of that command/],
    ['rules:\n  a: 1\n  a: 2', 3, 'a', /./],
    ['- 1', 1, '-', /a mapping/],
  ];
  for (const [text, line, marker, re] of cases) {
    const p = problems(text);
    assert.ok(p.length > 0, text);
    assert.match(p[0]!.detail, re, text);
    const col = text.split('\n')[line - 1]!.indexOf(marker) + 1;
    assert.equal([p[0]!.line, p[0]!.col], [line, col], `${text}: ${JSON.stringify(p)}`);
  }
});

test('removeFile from a dialogue file: the file is gone, proved by a second fetch; a command that does nothing is said', async () => {
  const ok = new EmulatedAppliance(STANDALONE);
  const r = await pullExport(localSession(ok, { name: 'esa1' }), {
    tables: tables("commands: { removeFile: 'rmconfig {file}' }"),
    removeRemote: true,
  });
  assert.ok(r.ok && r.pulled.removed, JSON.stringify(r.findings));
  assert.is(ok.files.size, 0);
  const noop = new EmulatedAppliance(STANDALONE);
  const n = await pullExport(localSession(noop, { name: 'esa1' }), {
    tables: tables("commands: { removeFile: 'rm {file}' }"),
    removeRemote: true,
  });
  assert.ok(n.ok && !n.pulled.removed);
  assert.equal(
    n.findings.map((f) => f.code),
    ['remote-remove-failed'],
  );
  assert.is(noop.files.size, 1);
});

test('pull --dialogue with a bad file: exit 1, file:line:col, nothing sent', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'd.yaml'), 'rules:\n  loadconfig.file: { prompt: "((" }\n');
  const r = await cli(['pull', '--dialogue', 'd.yaml', '127.0.0.1:1'], { cwd: dir });
  assert.is(r.code, 1);
  assert.match(r.err, /d\.yaml:2:30: prompt: not a regular expression/);
});

test.run();
