/**
 * Every code block of the README runs as written (issue 18.9): `sh` blocks line by line from a
 * fresh clone (esa-patch commands run, in order, with a documented exit code; anything else must
 * be a documented set-up step), transcripts print exactly what they show (`npm run readme`
 * rewrites them), YAML and JSON blocks parse. A block marked `<!-- readme: not run (REASON) -->`
 * (one that needs an appliance) is only checked to name real commands.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ROOT } from '../helpers.js';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { commandName } from '../../src/cli/commands/command.js';
import { blocksOf, esaPatchArgs, isTranscript, rerunTranscript, run, scratch, SETUP, words } from './readme-blocks.js';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const BLOCKS = blocksOf(README);
const commandNames = new Set(COMMANDS.map(commandName));

test('the README has the blocks this test reads', () => {
  assert.ok(BLOCKS.filter((b) => b.lang === 'sh').length >= 3, 'sh blocks');
  assert.ok(BLOCKS.filter(isTranscript).length >= 4, 'transcripts');
});

test('every line of every sh block is an esa-patch command or a documented set-up step', () => {
  for (const b of BLOCKS.filter((x) => x.lang === 'sh')) {
    for (const raw of b.body.split('\n')) {
      const line = raw.trim();
      if (!line || line.startsWith('#')) continue;
      const args = esaPatchArgs(line);
      if (args) {
        assert.ok(commandNames.has(args[0] ?? ''), `README.md:${b.line}: "${line}" names no esa-patch command`);
        continue;
      }
      assert.ok(SETUP.test(line), `README.md:${b.line}: "${line}" is neither an esa-patch command nor a documented set-up step`);
    }
  }
});

test('the sh blocks run, in order, in a copy of the repository (no path outside it), each with exit 0 or 2', async () => {
  const dir = scratch(ROOT);
  let ran = 0;
  try {
    for (const b of BLOCKS.filter((x) => x.lang === 'sh' && !x.notRun)) {
      for (const raw of b.body.split('\n')) {
        const args = esaPatchArgs(raw.trim());
        if (!args) continue;
        assert.not.ok(
          args.some((a) => a.startsWith('..') || a.startsWith('/')),
          `README.md:${b.line}: ${args.join(' ')} reaches outside the clone`,
        );
        const r = await run(args, dir);
        assert.ok([0, 2].includes(r.code), `README.md:${b.line}: esa-patch ${args.join(' ')}: exit ${r.code}\n${r.text}`);
        ran++;
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.ok(ran >= 10, `${ran} commands`);
});

test('every transcript prints exactly what the README shows (npm run readme rewrites them)', async () => {
  const dir = scratch(ROOT);
  try {
    for (const b of BLOCKS.filter((x) => isTranscript(x) && !x.notRun)) {
      const now = await rerunTranscript(b.body, dir);
      assert.fixture(b.body, now, `README.md:${b.line}: the transcript is out of date: run npm run readme`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('YAML and JSON blocks parse', () => {
  for (const b of BLOCKS) {
    if (b.lang === 'yaml') parseYaml(b.body);
    // JSON excerpts may elide with …; a block without an elision parses.
    if (b.lang === 'json' && !b.body.includes('…')) JSON.parse(b.body);
  }
});

test('a block not run still names real commands', () => {
  for (const b of BLOCKS.filter((x) => x.notRun)) {
    for (const line of b.body.split('\n')) {
      const cmd = line.startsWith('$ ') ? line.slice(2) : line.trim();
      const args = esaPatchArgs(cmd);
      if (args) assert.ok(commandNames.has(args[0] ?? ''), `README.md:${b.line}: "${cmd}" names no esa-patch command`);
    }
  }
});

test('the inventory example uses the Required token', () => {
  const inventory = readFileSync(join(ROOT, 'samples', 'fleet.yaml'), 'utf8');
  assert.match(inventory, 'tlsValue: required');
  assert.not.match(README, 'tlsValue: "on"');
});

test('words: quotes, and a # word ends the command', () => {
  assert.equal(words(`esa-patch spf "v=spf1 -all" 'a b'   # comment`), ['esa-patch', 'spf', 'v=spf1 -all', 'a b']);
});

test.run();
