/**
 * Issue 8, "Done when": for generated HATs (every block spelling, random entries, comments,
 * unknown lines) inside an export, `planExport` either refuses (nothing written) or writes an
 * output whose meaning differs from the input by exactly its operations, whose evaluation sends
 * every CRES sender to the Required policy, and that plans again to nothing.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readExport } from '../../src/esa/export.js';
import { proveOperations } from '../../src/hat/diff.js';
import { evaluate } from '../../src/hat/evaluate.js';
import { CRES_SENDERS } from '../../src/recipes/cres-tls.js';
import { escapeCdata, escapeText } from '../../src/xml/text.js';
import { hat } from '../hat/generators.js';
import { ROOT } from '../helpers.js';
import { patch, recipe as recipeWith } from './run.js';

const recipe = recipeWith();
const template = readFileSync(join(ROOT, 'test', 'fixtures', 'fresh.xml'), 'latin1');
const RUNS = Number(process.env['ESA_PROPERTY_RUNS'] ?? 200);

/** The fixture with its public listener's HAT replaced, as escaped text or as CDATA. */
function exportWith(text: string, cdata: boolean): string {
  const m = /<hat>[\s\S]*?<\/hat>/.exec(template)!;
  const content = cdata ? `<![CDATA[${escapeCdata(text)}]]>` : escapeText(text);
  return template.slice(0, m.index) + `<hat>${content}</hat>` + template.slice(m.index + m[0].length);
}

/** A connection that exercises a CRES sender: an address of the range, or a host under the name. */
function probe(sender: string): { ip: string; ptr?: string } {
  if (sender.startsWith('.')) return { ip: '192.0.2.1', ptr: `probe${sender}` };
  return { ip: sender.replace(/\/\d+$/, '') };
}

test('property: planExport refuses, or writes exactly its operations and every CRES sender lands on TLS Required', () => {
  let patched = 0;
  fc.assert(
    fc.property(hat, fc.boolean(), (h, cdata) => {
      const x = exportWith(h.text, cdata);
      const r = patch(x, { recipe });
      if (r.outcome !== 'patched') {
        assert.equal(r.edits, []);
        assert.ok(r.output === x);
        return;
      }
      patched++;
      const after = readExport(r.output).export!;
      const before = readExport(x).export!;
      for (const c of r.changes) {
        const inFile = after.listeners.find((l) => l.path === c.listenerPath)!.hat!;
        assert.is(inFile.text, c.after, 'the file holds the HAT that was proven');
        const was = before.listeners.find((l) => l.path === c.listenerPath)!.hat!;
        assert.equal(proveOperations(was.model, inFile.model, c.operations), [], 'meaning = input + operations');
        const defaults = { tls: 'off' };
        for (const s of CRES_SENDERS) {
          const m = evaluate(inFile.model, probe(s), defaults).match;
          const tls = m?.params.find((p) => p.key === 'tls')?.value;
          assert.ok(
            m && m.behaviour === 'ACCEPT' && ['required', 'required_verify'].includes(tls?.toLowerCase() ?? ''),
            `${s} lands on ${JSON.stringify(m)}`,
          );
        }
      }
      for (const l of before.listeners.filter((x) => x.type !== 'public')) {
        assert.is(after.listeners.find((y) => y.path === l.path)!.hat?.text, l.hat?.text, 'private listeners untouched');
      }
      assert.is(patch(r.output, { recipe }).outcome, 'unchanged', 'plans again to nothing');
    }),
    { numRuns: RUNS, seed: 8 },
  );
  assert.ok(patched >= RUNS / 10, `only ${patched} of ${RUNS} generated exports were patched`);
});

test.run();
