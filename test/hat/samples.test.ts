import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lowerAndProve } from '../../src/hat/lower.js';
import { readHat } from '../../src/hat/model.js';
import { printHat } from '../../src/hat/syntax.js';
import { planGroupGoal } from '../../src/recipes/plan.js';
import { hatTexts, SAMPLES } from '../helpers.js';
import { CRES_GROUP, CRES_HOSTS, CRES_POLICY } from '../recipes/cres-goal.js';

/** The decoded text of a `<hat>` element's content (CDATA or escaped text). */
function decode(raw: string): string {
  const cdata = /^\s*<!\[CDATA\[([\s\S]*)\]\]>\s*$/.exec(raw);
  if (cdata) return cdata[1]!;
  return raw
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#([0-9]+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

const samples = readdirSync(SAMPLES).filter((f) => f.endsWith('.xml'));

test('every HAT of the samples reads without a blocking problem and prints back byte for byte', () => {
  assert.ok(samples.length >= 7);
  for (const f of samples) {
    for (const raw of hatTexts(readFileSync(join(SAMPLES, f), 'latin1'))) {
      const text = decode(raw);
      const { syntax, model } = readHat(text);
      assert.is(printHat(syntax), text, f);
      assert.equal(
        model.problems.filter((p) => p.blocking),
        [],
        f,
      );
    }
  }
});

const first = (f: string) => readHat(decode(hatTexts(readFileSync(join(SAMPLES, f), 'latin1'))[0]!));
const plan = (f: string) => {
  const { syntax, model } = first(f);
  const p = planGroupGoal(model, CRES_GROUP, CRES_POLICY, { listener: f, published: CRES_HOSTS });
  const r = lowerAndProve(syntax, p.operations);
  assert.ok(r.ok, f);
  return { p, after: r.ok ? r.after.model : null! };
};

test('already-compliant-reexport: nothing to do (other names, wider CIDRs, every parameter spelled out)', () => {
  assert.equal(plan('already-compliant-reexport.xml').p.operations, []);
});

test('half-patched: set tls, move CRES first, add the missing senders', () => {
  const { p, after } = plan('half-patched.xml');
  assert.equal(
    p.operations.map((o) => o.op),
    ['set-policy-param', 'move-sender-group', 'add-senders'],
  );
  assert.is(after.entries[0]!.name, 'CRES');
});

test('tabs-comments-inline: CRES goes before the inline entries; the blocked /24 is reported; unknown members kept', () => {
  const { p, after } = plan('tabs-comments-inline.xml');
  assert.equal(
    p.operations.map((o) => o.op),
    ['add-policy', 'add-sender-group'],
  );
  assert.is(after.entries[0]!.name, 'CRES');
  assert.equal(
    p.treatmentChanges.map((f) => f.args.host),
    ['208.90.57.0/26'],
  );
  assert.equal(
    p.findings.filter((f) => f.code === 'hat-unknown-member').map((f) => (f.args as { member: string }).member),
    ['geo[country:KP]', 'threat_feed[abuse.example]'],
  );
});

test.run();
