/**
 * No false claim on the project's own exports: `check` over every sample and fixture, each
 * finding reviewed (see notes/h8.md) and pinned here by file, export line, code and what it
 * names; every demonstration host walks to where the finding says. The built-in `cres` rules
 * hold on the exports that are already compliant and break on the others.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers.js';
import { checkExportText } from '../../src/check/run.js';
import { CRES_RULES } from '../../src/check/rules.js';
import { viewExport } from '../../src/patch/diff-exports.js';
import { traceHost } from '../../src/patch/trace.js';

const DIRS = ['samples', 'test/fixtures', 'test/fixtures/corpus'];
const files = DIRS.flatMap((d) =>
  readdirSync(join(ROOT, d))
    .filter((f) => f.endsWith('.xml'))
    .sort()
    .map((f) => `${d}/${f}`),
);

/** Reviewed: each is right (the HAT says so) or a refusal to judge a HAT that cannot be read exactly. */
const REVIEWED = [
  'samples/half-patched.xml:200 check-policy-unused CRES_TLS',
  'samples/multi-listener.xml:342 check-member-shadowed APPLICATIONS crm01.corp.example.net',
  'test/fixtures/case-different-unused-policy.xml:38 check-policy-unused cres_tls',
  'test/fixtures/duplicate-group.xml:37 check-hat-unreadable hat-duplicate-group',
  'test/fixtures/duplicate-unused-policy.xml:36 check-hat-unreadable hat-duplicate-policy',
  'test/fixtures/duplicate-unused-policy.xml:55 check-policy-unused ACCEPTED',
  'test/fixtures/duplicate-unused-policy.xml:69 check-policy-undefined ALL BLOCKED',
  'test/fixtures/empty-hat.xml:1 check-hat-unreadable hat-empty',
  'test/fixtures/fresh.xml:47 check-policy-unused ACCEPTED',
  'test/fixtures/fresh.xml:61 check-policy-undefined ALL BLOCKED',
  'test/fixtures/group-named-all.xml:41 check-hat-unreadable hat-duplicate-group',
  'test/fixtures/indented-hat.xml:24 check-hat-unreadable hat-no-column0-entry',
  // `cres` at column 0 without a colon: an inline entry or a misspelt group head; not read (issue 17.6).
  'test/fixtures/inline-named-like-group.xml:33 check-hat-unreadable hat-head-unclear',
  'test/fixtures/partner-in-cres-group.xml:46 check-member-shadowed CRES 208.90.57.0/26',
  'test/fixtures/partner-in-cres-group.xml:48 check-member-repeated CRES mx.badpartner.example',
  'test/fixtures/self-closing-hat.xml:1 check-hat-unreadable hat-empty',
  'test/fixtures/two-hats.xml:23 check-hat-unreadable hat-multiple',
  'test/fixtures/two-policy-lines.xml:44 check-hat-unreadable hat-second-policy',
  'test/fixtures/corpus/esa-cres-applied.xml:144 check-group-empty WHITELIST',
  'test/fixtures/corpus/esa-standalone.xml:132 check-group-empty WHITELIST',
];

test('check over every sample and fixture gives exactly the reviewed findings', () => {
  const got: string[] = [];
  for (const file of files) {
    const c = checkExportText(readFileSync(join(ROOT, file), 'latin1'), file, { rules: [] });
    for (const f of c.findings) {
      const a = f.args as Record<string, unknown>;
      const named = [a.entry, a.member, a.policy, a.problem].filter((x) => typeof x === 'string');
      got.push(`${file}:${f.line} ${f.code} ${named.join(' ')}`);
    }
  }
  assert.equal(got, REVIEWED);
});

test('every demonstration host of those findings lands where the finding says, with trace', () => {
  let shown = 0;
  for (const file of files) {
    const text = readFileSync(join(ROOT, file), 'latin1');
    for (const f of checkExportText(text, file, { rules: [] }).findings) {
      const a = f.args as Record<string, unknown>;
      if (typeof a.host !== 'string' || typeof a.landed !== 'string') continue;
      const [t] = traceHost(
        viewExport(text),
        { ip: a.host, ...(typeof a.ptr === 'string' ? { ptr: a.ptr } : {}) },
        { listeners: [f.listener!] },
      );
      assert.equal(t!.match?.entry, a.landed, `${file}: ${a.host}`);
      shown++;
    }
  }
  assert.ok(shown >= 2, `${shown} demonstrations`);
});

test('the built-in cres rules: the error rule holds on the compliant exports, and breaks where CRES is missing or below a REJECT', () => {
  const outcome = (file: string) =>
    checkExportText(readFileSync(join(ROOT, file), 'latin1'), file, { rules: CRES_RULES, rulesOnly: true })
      .results.filter((r) => r.rule === 'cres-senders-tls-required')
      .map((r) => `${r.listener}:${r.status}`);
  assert.equal(outcome('samples/already-compliant-reexport.xml'), ['Incoming:holds', 'BackupMX:holds']);
  assert.equal(outcome('test/fixtures/required-verify.xml'), ['IncomingMail:holds']);
  assert.equal(outcome('test/fixtures/corpus/esa-cres-applied.xml'), ['IncomingMail:holds']);
  assert.equal(outcome('samples/multi-listener.xml'), ['InboundMail:breaks', 'PartnerMX:breaks']);
  // tabs-comments-inline: BLOCKED holds 208.90.57.0/24, above where CRES would be.
  const tabs = checkExportText(readFileSync(join(ROOT, 'samples/tabs-comments-inline.xml'), 'latin1'), 'x', { rules: CRES_RULES });
  const broken = tabs.results.find((r) => r.rule === 'cres-senders-tls-required')!.finding!;
  assert.equal([broken.args.landed, (broken.args as { host: string }).host], ['BLOCKED', '208.90.57.32']);
  // A listener that cannot be read exactly is not judged.
  assert.equal(outcome('test/fixtures/two-policy-lines.xml'), ['IncomingMail:not-checked']);
});

test.run();
