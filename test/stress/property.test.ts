/**
 * Properties of the core, with fast-check (fixed seeds, so a failure repeats): for generated
 * HATs, parse then print is the identity; apply is idempotent; reverse(reverse(p)) = p;
 * rollback(apply(x)) = x, exactly and by meaning. Also the layers below: edits, their
 * inversion and the output pieces; decoding with its offset map; line and column lookups.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHat, printHat } from '../../src/hat/syntax.js';
import { readHat } from '../../src/hat/model.js';
import { patch as planExport } from '../patch/run.js';
import { rollbackExport } from '../../src/patch/rollback.js';
import { buildArtefact, reverseArtefact } from '../../src/patch/artefact.js';
import { reverseOperation } from '../../src/patch/operations.js';
import { recipe as cresRecipe } from '../patch/run.js';
import { applyEdits, editedLength, editedPieces, invertEdits, type TextEdit } from '../../src/esa/edits.js';
import { decodeContent, escapeCdata, escapeText } from '../../src/xml/text.js';
import { lineColAt, lineIndex } from '../../src/esa/position.js';
import { scanTextContent } from '../../src/xml/scan.js';
import { CORPUS } from './helpers.js';

const RUNS = Number(process.env['ESA_PROPERTY_RUNS'] ?? 300);
const opts = (seed: number, numRuns = RUNS) => ({ seed, numRuns });
const recipe = cresRecipe();

// ---- a generator of HAT text: the shapes of the format, its variations, and some junk ----

const ws = fc.constantFrom('    ', '  ', '\t', '\t\t', '        ', ' ');
const name = fc.constantFrom(
  'WHITELIST',
  'BLACKLIST',
  'ALLOWED_LIST',
  'PARTNERS',
  'CRES',
  'cres',
  'RES_REPLIES',
  'G1',
  'G2',
  'UNKNOWNLIST',
);
const policyName = fc.constantFrom('ACCEPTED', 'BLOCKED', 'TRUSTED', 'CRES_TLS', 'THROTTLED', 'RELAYED', 'P1');
const member = fc.constantFrom(
  '.res.cisco.com',
  '.cres.iphmx.com',
  '208.90.57.0/26',
  '204.15.81.0/26',
  '208.90.56.0/23',
  '204.15.80.0/22',
  '208.90.57.0/24',
  'mail.example.com',
  '.partner.example',
  '192.0.2.10-20',
  '10.1.',
  '10.2.3-7.',
  '2001:db8::/32',
  '2001:db8:5::10-2001:db8:5::1f',
  'sbrs[-10.0:-3.0]',
  'SBRS[none]',
  'SBO:3',
  'dnslist[bl.example.org]',
  'geo[country:KP]',
  '999.1.2.3',
  'res.cisco.com',
  'x..y',
);
const param = fc
  .tuple(
    fc.constantFrom('tls', 'spam_check', 'max_rcpts_per_hour', 'use_sb', 'TLS'),
    fc.constantFrom('"off"', '"on"', '"required"', '-1', '1000', "'required'", '"REQUIRED"'),
  )
  .map(([k, v]) => `${k} = ${v}`);
const behaviour = fc.oneof(
  fc
    .tuple(fc.constantFrom('ACCEPT', 'REJECT', 'RELAY', 'CONTINUE', 'accept'), fc.array(param, { maxLength: 4 }), ws, ws)
    .map(([kw, ps, i1, i2]) => (ps.length ? [`${i1}${kw} {`, ...ps.map((p) => i1 + i2 + p), `${i1}}`] : [`${i1}${kw} {}`])),
  fc
    .tuple(fc.constantFrom('ACCEPT', 'REJECT', 'TCPREFUSE'), ws, fc.array(param, { maxLength: 2 }))
    .map(([kw, i, ps]) => [`${i}${kw}${ps.length ? ` {${ps.join(', ')}}` : ''}`]),
  fc.tuple(fc.constantFrom('REJECT', 'TCPREFUSE'), ws).map(([kw, i]) => [`${i}${kw}`]),
);
const comment = fc.constantFrom('', ' (a comment)', ' (R&D <internal> "quoted")', ' (accents \u00e9\u00e8)', ' ()');
const policy = fc.tuple(policyName, behaviour).map(([n, b]) => [`$${n}`, ...b]);
const group = fc
  .tuple(
    name,
    fc.array(member, { minLength: 0, maxLength: 6 }),
    ws,
    fc.oneof(
      fc.tuple(policyName, comment).map(([p, c]) => [`$${p}${c}`]),
      behaviour.map((b) => b.map((l) => l.trimStart())),
    ),
    fc.boolean(),
  )
  .map(([n, ms, i, ref, oneLine]) => [
    `${n}:`,
    ...(oneLine && ms.length ? [i + ms.join(', ')] : ms.map((m) => i + m)),
    ...ref.map((l) => i + l),
  ]);
const inline = fc.tuple(member, ws, policyName).map(([m, i, p]) => [m, `${i}$${p}`]);
const junk = fc.oneof(
  fc.constantFrom('# a comment', '   # indented comment', '', '  ', '\t', '$', '}', '{', ':', 'ALL:', '    orphan line', 'x'.repeat(200)),
  fc.string({ maxLength: 30 }).map((s) => s.replace(/[\r\n]/g, ' ')),
);
const all = fc.tuple(ws, policyName).map(([i, p]) => ['ALL', `${i}$${p}`]);

/** HAT text: policies, entries, ALL, junk in between, a line ending and a final newline or not. */
const hatText = fc
  .tuple(
    fc.array(policy, { maxLength: 5 }),
    fc.array(fc.oneof({ weight: 5, arbitrary: group }, { weight: 1, arbitrary: inline }), { maxLength: 6 }),
    fc.option(all, { freq: 4 }),
    fc.array(
      fc.tuple(
        fc.nat(40),
        junk.map((j) => [j]),
      ),
      { maxLength: 3 },
    ),
    fc.constantFrom('\n', '\r\n'),
    fc.constantFrom('', '\n', '\n\n'),
    fc.boolean(),
  )
  .map(([ps, es, a, js, eol, lead, blank]) => {
    const blocks: string[][] = [...ps, ...es, ...(a ? [a] : [])];
    for (const [at, j] of js) blocks.splice(at % (blocks.length + 1), 0, j);
    const lines = blocks.flatMap((b) => (blank ? [...b, ''] : b));
    return lead.replace(/\n/g, eol) + lines.join(eol) + (lines.length ? eol : '');
  });

// ---- an export around a generated HAT ----

const template = readFileSync(join(CORPUS, 'esa-standalone.xml'), 'latin1');

type Form = 'escaped' | 'cdata' | 'utf8';
const form = fc.constantFrom<Form>('escaped', 'cdata', 'utf8');

/**
 * The standalone export with its public listener's HAT replaced: as escaped text or as CDATA
 * in the ISO-8859-1 export, or as raw UTF-8 bytes in the same export declared UTF-8.
 */
function exportWith(hat: string, how: Form | boolean): string {
  const kind: Form = how === true ? 'cdata' : how === false ? 'escaped' : how;
  const m = /<hat>[\s\S]*?<\/hat>/.exec(template)!;
  const content =
    kind === 'cdata'
      ? `<![CDATA[${escapeCdata(hat)}]]>`
      : kind === 'utf8'
        ? Buffer.from(hat.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'), 'utf8').toString('latin1')
        : escapeText(hat);
  const doc = template.slice(0, m.index) + `<hat>${content}</hat>` + template.slice(m.index + m[0].length);
  return kind === 'utf8' ? doc.replace('encoding="ISO-8859-1"', 'encoding="UTF-8"') : doc;
}

test('property: parse then print is the identity, for generated HATs and for any text', () => {
  fc.assert(
    fc.property(hatText, (t) => printHat(parseHat(t)) === t),
    opts(1),
  );
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (t) => printHat(parseHat(t)) === t),
    opts(2),
  );
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom('a', ' ', '\t', '\r', '\n', '$', ':', '{', '}', '#', '('), { maxLength: 60 }).map((a) => a.join('')),
      (t) => printHat(parseHat(t)) === t,
    ),
    opts(3),
  );
});

test('property: apply is idempotent, and rollback(apply(x)) = x byte for byte', () => {
  let patched = 0;
  fc.assert(
    fc.property(hatText, form, (hat, how) => {
      const x = exportWith(hat, how);
      const r = planExport(x, { recipe });
      assert.ok(['patched', 'unchanged', 'refused', 'error'].includes(r.outcome));
      if (r.outcome !== 'patched') {
        assert.is(r.edits.length, 0);
        assert.is(r.output, x);
        return;
      }
      patched++;
      const again = planExport(r.output, { recipe });
      assert.is(again.outcome, 'unchanged', `apply twice: ${again.findings.map((f) => f.code).join(', ')}`);
      assert.is(again.output, r.output);
      const artefact = buildArtefact(r, x, 'x.xml', 'test');
      const back = rollbackExport(r.output, artefact);
      assert.is(back.mode, 'exact');
      assert.ok(back.output === x, 'rollback restores the input');
      assert.is(editedPieces(x, r.edits).join(''), r.output);
      assert.is(editedLength(x, r.edits), r.output.length);
    }),
    opts(4),
  );
  // The generator mixes junk into most HATs; the HAT language refuses what a decision depends on
  // and cannot read exactly (about 9 in 10 of these), so fewer are patched than with 0.1.0's guesses.
  assert.ok(patched >= RUNS / 20, `only ${patched} of ${RUNS} generated exports were patched`);
});

test('property: rollback by meaning on a later export undoes the patch there', () => {
  let checked = 0;
  fc.assert(
    fc.property(hatText, (hat) => {
      // Undo by meaning finds places by entry name: names must not repeat (a group called ALL,
      // two inline entries for one sender would make "before ALL" ambiguous).
      const names = readHat(hat).model.entries.map((e) => e.name);
      fc.pre(new Set(names).size === names.length);
      const x = exportWith(hat, false);
      const r = planExport(x, { recipe });
      if (r.outcome !== 'patched') return;
      const artefact = buildArtefact(r, x, 'x.xml', 'test');
      // The appliance exported again after other changes: the offsets no longer hold.
      const later = r.output.replace('<hostname>', '<hostname>renamed-');
      const back = rollbackExport(later, artefact);
      if (back.outcome === 'refused') return; // a conflict the tool names rather than guesses
      checked++;
      assert.is(back.mode, 'meaning');
      assert.is(back.outcome, 'patched');
      const undone = planExport(back.output, { recipe });
      const original = planExport(x, { recipe });
      assert.equal(
        undone.operations.map((o) => o.op),
        original.operations.map((o) => o.op),
        'after the undo, the same changes are pending as before the patch',
      );
    }),
    opts(5),
  );
  assert.ok(checked >= RUNS / 20, `only ${checked} exports undone by meaning`);
});

test('property: reverse(reverse(p)) = p, for operations and for artefacts', () => {
  fc.assert(
    fc.property(hatText, (hat) => {
      const x = exportWith(hat, false);
      const r = planExport(x, { recipe });
      for (const op of r.operations) assert.equal(reverseOperation(reverseOperation(op)), op);
      const a = buildArtefact(r, x, 'x.xml', 'test');
      assert.equal(reverseArtefact(reverseArtefact(a)), a);
      // Applying the reversed artefact's edits to the output gives the input back.
      assert.is(applyEdits(r.output, reverseArtefact(a).edits), x);
    }),
    opts(6),
  );
});

// ---- the layers below ----

/** Sorted, non-overlapping edits of `text`. */
const textAndEdits = fc.string({ unit: 'binary-ascii', maxLength: 200 }).chain((text) =>
  fc.array(fc.tuple(fc.nat(text.length), fc.nat(5), fc.string({ unit: 'binary-ascii', maxLength: 8 })), { maxLength: 8 }).map((raw) => {
    const edits: TextEdit[] = [];
    let pos = 0;
    for (const [at, len, insert] of [...raw].sort((a, b) => a[0] - b[0])) {
      if (at < pos) continue;
      const end = Math.min(text.length, at + len);
      edits.push({ offset: at, delete: text.slice(at, end), insert });
      pos = end === at ? at + 1 : end;
    }
    return { text, edits };
  }),
);

test('property: edits: invert(edits) undoes them; the pieces are the output; stale edits are refused', () => {
  fc.assert(
    fc.property(textAndEdits, ({ text, edits }) => {
      const out = applyEdits(text, edits);
      assert.is(applyEdits(out, invertEdits(edits)), text);
      assert.is(editedPieces(text, edits).join(''), out);
      assert.is(editedLength(text, edits), out.length);
      const stale = edits.find((e) => e.delete.length);
      if (stale)
        assert.throws(() =>
          applyEdits(
            text,
            edits.map((e) => (e === stale ? { ...e, delete: `${e.delete}\u0100` } : e)),
          ),
        );
    }),
    opts(7, 300),
  );
});

/** Text an XML document can hold (no C0 control but tab, LF, CR; no U+FFFE/U+FFFF; no lone surrogate), astral characters included. */
const xmlText = fc
  .string({ unit: 'binary', maxLength: 80 })
  .map((s) =>
    s.replace(/[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, 'x'),
  );

test('property: escaped text and CDATA decode back to the text, with an offset for every character', () => {
  fc.assert(
    fc.property(xmlText, fc.boolean(), (s, cdata) => {
      const raw = cdata ? `<![CDATA[${escapeCdata(s)}]]>` : escapeText(s);
      scanTextContent(raw);
      const d = decodeContent(raw, 0, raw.length);
      assert.is(d.text, s);
      assert.is(d.offsets.length, s.length + 1);
      assert.is(d.inCdata.length, s.length + 1);
      for (let k = 1; k < d.offsets.length; k++) assert.ok(d.offsets[k]! >= d.offsets[k - 1]!, 'offsets never go back');
      assert.ok(d.offsets[s.length]! <= raw.length);
    }),
    opts(8, 300),
  );
});

test('property: lineIndex agrees with lineColAt, in any order of lookups', () => {
  fc.assert(
    fc.property(
      fc.string({ unit: fc.constantFrom('a', '\n', '\r', 'b'), maxLength: 60 }),
      fc.array(fc.nat(70), { maxLength: 20 }),
      (text, offsets) => {
        const at = lineIndex(text);
        for (const o of offsets) assert.equal(at(o), lineColAt(text, o));
      },
    ),
    opts(9, 300),
  );
});

test.run();
