/**
 * What apply writes, the tool reads (issue 17.4): every artefact apply writes is one that show,
 * verify and rollback accept, whatever code point a recipe comment, a recipe value, a name or a
 * HAT comment holds (line and paragraph separators, bidi controls, C1, NUL, lone surrogates,
 * latin1 and astral characters), in ISO-8859-1 and UTF-8 exports alike; otherwise apply refuses
 * with a finding and writes nothing.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readExport } from '../../src/esa/export.js';
import { escapeText } from '../../src/xml/text.js';
import { ROOT } from '../helpers.js';
import { cli } from './run.js';

const RUNS = Number(process.env['ESA_PROPERTY_RUNS'] ?? 40);
const fresh = readFileSync(join(ROOT, 'test', 'fixtures', 'fresh.xml'), 'latin1');

/** fresh.xml with a group OLD (comment `comment`) and, in UTF-8, a group GRÜN_LISTE before BLOCKLIST. */
function exportOf(utf8: boolean, comment: string): string {
  const note = comment ? ` (${comment})` : '';
  const hat = `OLD:\n    192.0.2.66\n    $ACCEPTED${note}\n\n${utf8 ? 'GRÜN_LISTE:\n    192.0.2.77\n    $ACCEPTED (grün)\n\n' : ''}BLOCKLIST:`;
  if (!utf8) return fresh.replace('BLOCKLIST:', escapeText(hat));
  const text = fresh.replace('encoding="ISO-8859-1"', 'encoding="UTF-8"').replace(
    'BLOCKLIST:',
    hat.replace(/[&<>]/g, (c) => escapeText(c)),
  );
  return Buffer.from(text, 'utf8').toString('latin1');
}

interface Case {
  yamlComment: string;
  description: string;
  groupComment: string;
  group: string;
  policy: string;
  hatComment: string;
  utf8: boolean;
  removeOld: boolean;
}

function recipeText(c: Case): string {
  const q = (s: string) => JSON.stringify(s);
  return [
    `# ${c.yamlComment.replace(/[\r\n]/g, ' ')}`,
    'format: esa-patch/recipe@1',
    'name: prop',
    `description: ${q(c.description)}`,
    'listeners: public',
    'policies:',
    `  - name: ${q(c.policy)}`,
    '    behaviour: ACCEPT',
    '    params:',
    '      tls: required',
    'groups:',
    `  - name: ${q(c.group)}`,
    '    senders: [192.0.2.1]',
    `    policy: ${q(c.policy)}`,
    `    comment: ${q(c.groupComment)}`,
    '    position: first',
    ...(c.removeOld ? ['remove:', '  groups: [OLD]'] : []),
    '',
  ].join('\n');
}

/** Codes named in a run's error output (`[code]`). */
const codes = (err: string) => [...err.matchAll(/\[([a-z0-9-]+)\]/g)].map((m) => m[1]!);

/** apply, then show, verify and rollback (exact, and by meaning on a later export) of what it wrote. */
async function check(c: Case): Promise<'written' | 'refused'> {
  const dir = mkdtempSync(join(tmpdir(), 'esa-readback-'));
  try {
    const input = exportOf(c.utf8, c.hatComment);
    writeFileSync(join(dir, 'in.xml'), input, 'latin1');
    writeFileSync(join(dir, 'r.yaml'), recipeText(c), 'utf8');
    const apply = await cli(['apply', 'in.xml', '--recipe', 'r.yaml', '-o', 'out.xml'], { cwd: dir });
    const written = ['out.xml', 'out.diff', 'out.patch.json'].filter((f) => existsSync(join(dir, f)));
    assert.not.ok(
      codes(apply.err).some((x) => x === 'internal-check' || x === 'internal-error'),
      apply.err,
    );
    if (apply.code !== 0) {
      assert.ok(apply.code === 1 || apply.code === 3, `exit ${apply.code}: ${apply.err}`);
      assert.equal(written, [], 'a refusal writes nothing');
      assert.ok(codes(apply.err).length > 0, `a refusal names its finding: ${apply.err}`);
      return 'refused';
    }
    assert.equal(written, ['out.xml', 'out.diff', 'out.patch.json']);
    const show = await cli(['show', 'out.patch.json'], { cwd: dir });
    assert.is(show.code, 0, show.err);
    const verify = await cli(['verify', 'out.patch.json', '--input', 'in.xml'], { cwd: dir });
    assert.is(verify.code, 0, verify.err);
    const exact = await cli(['rollback', 'out.xml', '--patch', 'out.patch.json', '-o', 'back.xml'], { cwd: dir });
    assert.is(exact.code, 0, exact.err);
    assert.ok(readFileSync(join(dir, 'back.xml'), 'latin1') === input, 'the exact rollback restores the input');
    const later = (t: string) => t.replace(/Current Time: [^\n]*/, 'Current Time: later');
    writeFileSync(join(dir, 'later.xml'), later(readFileSync(join(dir, 'out.xml'), 'latin1')), 'latin1');
    const meaning = await cli(['rollback', 'later.xml', '--patch', 'out.patch.json', '-o', 'back2.xml'], { cwd: dir });
    assert.is(meaning.code, 0, meaning.err);
    const back = readFileSync(join(dir, 'back2.xml'), 'latin1');
    const a = readExport(back).export!.listeners[0]!.hat!.model;
    const b = readExport(later(input)).export!.listeners[0]!.hat!.model;
    assert.equal(
      a.entries.map((e) => [e.name, e.members.map((m) => m.text), e.policy?.comment ?? null]),
      b.entries.map((e) => [e.name, e.members.map((m) => m.text), e.policy?.comment ?? null]),
      'the rollback by meaning restores the HAT',
    );
    return 'written';
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const base: Case = {
  yamlComment: 'a recipe',
  description: 'TLS for a partner',
  groupComment: 'partner relays',
  group: 'PARTNER',
  policy: 'PARTNER_TLS',
  hatComment: 'old partner',
  utf8: false,
  removeOld: false,
};

const HOSTILE = ['\u2028', '\u2029', '\u200f', '\u202e', '\u2066', '\u061c', '\u0085', '\u009c', '\u0000', '\u0007', '\ud800', '\udfff'];

test('a line separator, bidi control or C1 in the recipe comment or description: written, and show, verify and rollback accept it', async () => {
  for (const ch of HOSTILE) {
    for (const utf8 of [false, true]) {
      assert.is(await check({ ...base, utf8, yamlComment: `note ${ch} here` }), 'written', `comment U+${ch.charCodeAt(0).toString(16)}`);
      const d = await check({ ...base, utf8, description: `about ${ch} this` });
      // A NUL or BEL in a YAML double-quoted scalar is the loader's to refuse; anything else is written.
      if (!['\u0000', '\u0007'].includes(ch)) assert.is(d, 'written', `description U+${ch.charCodeAt(0).toString(16)}`);
    }
  }
});

test('such a character in a group comment the recipe writes: refused (exit 3 or 1), nothing written', async () => {
  for (const ch of HOSTILE)
    for (const utf8 of [false, true]) assert.is(await check({ ...base, utf8, groupComment: `x ${ch} y` }), 'refused');
});

test('non-ASCII recipe text into a UTF-8 export: written as the export encodes it, read back as the same characters', async () => {
  for (const comment of ['Grüße', 'Ā € 😀', 'é']) {
    assert.is(await check({ ...base, utf8: true, groupComment: comment }), 'written');
    assert.is(await check({ ...base, utf8: false, groupComment: comment }), 'written');
  }
  // The characters themselves, not their bytes as latin1, in the patched HAT.
  const dir = mkdtempSync(join(tmpdir(), 'esa-readback-'));
  try {
    writeFileSync(join(dir, 'in.xml'), exportOf(true, 'old'), 'latin1');
    writeFileSync(join(dir, 'r.yaml'), recipeText({ ...base, groupComment: 'Grüße €' }), 'utf8');
    assert.is((await cli(['apply', 'in.xml', '--recipe', 'r.yaml', '-o', 'out.xml'], { cwd: dir })).code, 0);
    assert.match(readFileSync(join(dir, 'out.xml'), 'utf8'), '$PARTNER_TLS (Grüße €)');
    const artefact = JSON.parse(readFileSync(join(dir, 'out.patch.json'), 'utf8'));
    assert.is(artefact.hatText, 'characters');
    const add = artefact.operations.find((o: { op: string }) => o.op === 'add-sender-group');
    assert.equal([add.comment, add.before], ['Grüße €', 'OLD']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a UTF-8 export whose moved group neighbours GRÜN_LISTE, and a removed group with a non-ASCII comment: recorded as characters, rolled back', async () => {
  assert.is(await check({ ...base, utf8: true, removeOld: true, hatComment: 'für Ümlaute — ok' }), 'written');
  assert.is(await check({ ...base, utf8: false, removeOld: true, hatComment: 'für Ümlaute' }), 'written');
});

test('a removed group whose HAT comment holds a bidi control: refused with artefact-unreadable, nothing written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'esa-readback-'));
  try {
    writeFileSync(join(dir, 'in.xml'), exportOf(true, 'evil \u202e txt'), 'latin1');
    writeFileSync(join(dir, 'r.yaml'), recipeText({ ...base, removeOld: true }), 'utf8');
    const r = await cli(['apply', 'in.xml', '--recipe', 'r.yaml', '-o', 'out.xml', '--json'], { cwd: dir });
    assert.is(r.code, 3, r.err);
    const report = JSON.parse(r.out);
    const f = report.files[0].findings.find((x: { severity: string }) => x.severity === 'error');
    assert.is(f.code, 'artefact-unreadable');
    assert.match(f.args.path, /^\$\.operations\[\d+\]\.(text|comment)$/);
    assert.not.ok(existsSync(join(dir, 'out.xml')) || existsSync(join(dir, 'out.patch.json')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('property: any code point in recipe comments, values, names and HAT comments: apply refuses, or show, verify and rollback accept what it wrote', async () => {
  const special = fc.constantFrom(...HOSTILE, 'é', 'Ü', 'ÿ', '€', 'Ā', '😀', '\t', '"', "'", '#', ':', '$', '(', ')', '\\', ' ', 'A');
  const text = fc.array(fc.oneof(special, fc.string({ unit: 'binary', maxLength: 3 })), { maxLength: 6 }).map((a) => a.join(''));
  const name = (valid: string) =>
    fc.oneof({ weight: 3, arbitrary: fc.constant(valid) }, { weight: 1, arbitrary: text.map((t) => `${valid}${t}`) });
  const cases = fc.record({
    yamlComment: text,
    description: text,
    groupComment: fc.oneof(fc.constant('partner'), text),
    group: name('PARTNER'),
    policy: name('PARTNER_TLS'),
    hatComment: fc.oneof(fc.constant(''), text),
    utf8: fc.boolean(),
    removeOld: fc.boolean(),
  });
  const seen = { written: 0, refused: 0 };
  await fc.assert(
    fc.asyncProperty(cases, async (c) => {
      seen[await check(c)]++;
    }),
    { numRuns: RUNS },
  );
  // The property covers both sides.
  assert.ok(seen.written > 0 && seen.refused > 0, JSON.stringify(seen));
});

test.run();
