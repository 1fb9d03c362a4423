/**
 * The cases of issue 8 ("Why"), each an export under test/fixtures/, end to end through
 * planExport: outcome, operations (by listener path), findings by code and arguments, and the
 * text written where it matters.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding, FindingCode, FindingOf } from '../../src/findings.js';
import { buildArtefact } from '../../src/patch/artefact.js';
import { rollbackExport } from '../../src/patch/rollback.js';
import { ROOT } from '../helpers.js';
import { patch, recipe as recipeWith } from './run.js';

const recipe = recipeWith();

function fixture(name: string): string {
  return readFileSync(join(ROOT, 'test', 'fixtures', name), 'latin1');
}

function only<C extends FindingCode>(findings: readonly Finding[], code: C): FindingOf<C>[] {
  return findings.filter((f): f is FindingOf<C> => f.code === code);
}

/** The text of the HAT of the first listener after the patch. */
function hatOf(xml: string): string {
  return /<hat>([\s\S]*?)<\/hat>/.exec(xml)![1]!;
}

test('one-line block with {mx1} in a quoted value: tls added inside the block, every parameter kept', () => {
  const r = patch(fixture('brace-in-quoted-value.xml'), { recipe });
  assert.is(r.outcome, 'patched');
  assert.equal(
    r.operations.map((o) => [o.op, o.listenerPath]),
    [['set-policy-param', 'config/listeners/listener']],
  );
  assert.ok(
    hatOf(r.output).includes(
      'ACCEPT { smtp_banner_text = "ESA {mx1} ready" max_msgs_per_session = 100 spam_check = "off" tls = "required" }',
    ),
  );
});

test('escaped quotes in a quoted value: kept whole, tls added after the last parameter', () => {
  const r = patch(fixture('escaped-quote.xml'), { recipe });
  assert.is(r.outcome, 'patched');
  assert.ok(hatOf(r.output).includes('ACCEPT { smtp_banner_text = "ESA \\"mx1\\" ready" max_msgs_per_session = 100 tls = "required" }'));
});

test('braces on their own lines: the value changed in place, no second block', () => {
  const r = patch(fixture('braces-own-lines.xml'), { recipe });
  assert.is(r.outcome, 'patched');
  assert.equal(
    r.operations.map((o) => o.op),
    ['set-policy-param'],
  );
  assert.equal(
    r.edits.map((e) => [e.delete, e.insert]),
    [['off', 'required']],
  );
  assert.is(patch(fixture('braces-own-lines-compliant.xml'), { recipe }).outcome, 'unchanged');
});

test('a HAT indented as a whole is refused (hat-blocking), nothing written', () => {
  const r = patch(fixture('indented-hat.xml'), { recipe });
  assert.is(r.outcome, 'refused');
  assert.equal(r.edits, []);
  const [f] = only(r.findings, 'hat-blocking');
  assert.ok(f, 'hat-blocking');
  assert.ok(['hat-orphan-line', 'hat-no-column0-entry'].includes(f!.args.problem), f!.args.problem);
  assert.is(f!.listenerPath, 'config/listeners/listener');
});

test('a sender group with two policy lines is refused, naming the line', () => {
  const r = patch(fixture('two-policy-lines.xml'), { recipe });
  assert.is(r.outcome, 'refused');
  const [f] = only(r.findings, 'hat-blocking');
  assert.equal([f!.args.problem, f!.args.text], ['hat-second-policy', '$BLOCKED']);
  assert.ok(f!.line! > 1 && f!.col! >= 1, 'located in the file');
});

test('$CRES_TLS ACCEPT on one line: the block opens after the keyword', () => {
  const r = patch(fixture('dollar-accept-one-line.xml'), { recipe });
  assert.is(r.outcome, 'patched');
  assert.ok(/\$CRES_TLS ACCEPT \{\n\s+tls = "required"\n\s+\}\n/.test(hatOf(r.output)), hatOf(r.output));
});

test('compliant under other names, with an unused policy differing only by case: nothing to do', () => {
  const r = patch(fixture('case-different-unused-policy.xml'), { recipe });
  assert.is(r.outcome, 'unchanged');
  assert.equal(only(r.findings, 'name-collision'), []);
});

test('a partner host in the CRES group: moved first, and the change of its treatment is reported', () => {
  const r = patch(fixture('partner-in-cres-group.xml'), { recipe });
  assert.is(r.outcome, 'patched');
  assert.equal(
    r.operations.map((o) => o.op),
    ['move-sender-group'],
  );
  const changes = only(r.findings, 'treatment-change');
  const partner = changes.find((f) => f.args.host === 'mx.badpartner.example');
  assert.ok(partner, JSON.stringify(changes.map((f) => f.args)));
  assert.match(partner!.args.before, /^REJECT by BLOCKED_PARTNER/);
  assert.match(partner!.args.after, /^ACCEPT by CRES/);
  assert.is(partner!.severity, 'warning');
  assert.is(partner!.listenerPath, 'config/listeners/listener');
});

test('tls = "required_verify" satisfies TLS Required: nothing to do, never rewritten; an unknown value is refused naming both values', () => {
  for (const replaceUnknownTls of [false, true]) {
    const r = patch(fixture('required-verify.xml'), { recipe: recipeWith({ replaceUnknownTls }) });
    assert.is(r.outcome, 'unchanged');
    assert.equal(r.operations, []);
  }
  const text = fixture('tls-unknown.xml');
  const r = patch(text, { recipe });
  assert.is(r.outcome, 'refused');
  const [f] = only(r.findings, 'tls-unknown');
  assert.equal([f!.args.policy, f!.args.value, f!.args.target], ['CRES_TLS', 'mandatory', 'required']);
  const forced = patch(text, { recipe: recipeWith({ replaceUnknownTls: true }) });
  assert.is(forced.outcome, 'patched');
  assert.equal(
    forced.operations.map((o) => [o.op, (o as { from?: unknown }).from]),
    [['set-policy-param', 'mandatory']],
  );
});

test('cluster export, one listener name at two levels: two listeners, two operations each, undone by meaning', () => {
  const text = fixture('cluster-same-name.xml');
  const r = patch(text, { recipe });
  assert.is(r.outcome, 'patched');
  const paths = [...new Set(r.operations.map((o) => o.listenerPath))];
  assert.equal(paths, ['config/cluster/groups/group/listeners/listener', 'config/cluster/machines/machine/listeners/listener']);
  for (const p of paths)
    assert.equal(
      r.operations.filter((o) => o.listenerPath === p).map((o) => o.op),
      ['add-policy', 'add-sender-group'],
    );
  assert.equal(
    only(r.findings, 'cluster-path').map((f) => f.args.path),
    paths,
  );
  const artefact = buildArtefact(r, text, 'cluster-same-name.xml', 'test');
  const later = r.output.replace(/Current Time: [^\n]*/, 'Current Time: later');
  const back = rollbackExport(later, artefact);
  assert.is(back.outcome, 'patched', JSON.stringify(back.findings.map((f) => [f.code, f.args])));
  assert.ok(back.output === text.replace(/Current Time: [^\n]*/, 'Current Time: later'));
});

test('a sender group named ALL: is refused (a second ALL), nothing written', () => {
  const r = patch(fixture('group-named-all.xml'), { recipe });
  assert.is(r.outcome, 'refused');
  const [f] = only(r.findings, 'hat-blocking');
  assert.equal([f!.args.problem, f!.args.text], ['hat-duplicate-group', 'ALL']);
});

test('<hat></hat> and <hat/> are refused with one code', () => {
  for (const name of ['empty-hat.xml', 'self-closing-hat.xml']) {
    const r = patch(fixture(name), { recipe });
    assert.is(r.outcome, 'refused', name);
    assert.equal(
      r.findings.filter((f) => f.severity === 'error').map((f) => [f.code, f.args]),
      [['hat-empty', { listener: 'IncomingMail' }]],
      name,
    );
    assert.equal(r.edits, []);
  }
});

test('a listener with two <hat> elements is refused (hat-multiple)', () => {
  const r = patch(fixture('two-hats.xml'), { recipe });
  assert.is(r.outcome, 'refused');
  assert.equal(
    only(r.findings, 'hat-multiple').map((f) => f.args),
    [{ listener: 'IncomingMail', path: 'config/listeners/listener', count: 2 }],
  );
});

test('a duplicate sender group is refused, naming it', () => {
  const r = patch(fixture('duplicate-group.xml'), { recipe });
  assert.is(r.outcome, 'refused');
  assert.equal(
    only(r.findings, 'hat-blocking').map((f) => [f.args.problem, f.args.text]),
    [['hat-duplicate-group', 'BLOCKLIST']],
  );
});

test('a policy defined twice, even unused, is refused before a change (the proof finds policies by name)', () => {
  const r = patch(fixture('duplicate-unused-policy.xml'), { recipe });
  assert.is(r.outcome, 'refused');
  assert.equal(
    only(r.findings, 'hat-blocking').map((f) => [f.args.problem, f.args.text]),
    [['hat-duplicate-policy', 'UNUSED']],
  );
  assert.equal(only(r.findings, 'internal-check'), []);
});

test('a bare word at column 0 spelled like the group (`cres`) is no confirmed head: refused with the line, not read as a sender (issue 17)', () => {
  const r = patch(fixture('inline-named-like-group.xml'), { recipe });
  assert.is(r.outcome, 'refused');
  assert.equal(
    only(r.findings, 'hat-blocking').map((f) => [f.args.problem, f.args.line, f.args.text]),
    [['hat-head-unclear', 11, 'cres']],
  );
  assert.equal(r.operations, []);
});

test('a fresh HAT: the private listener is listed, not selected, not touched', () => {
  const r = patch(fixture('fresh.xml'), { recipe });
  assert.is(r.outcome, 'patched');
  assert.equal(
    r.listeners.map((l) => [l.path, l.selected, l.operations.length]),
    [
      ['config/listeners/listener[1]', true, 2],
      ['config/listeners/listener[2]', false, 0],
    ],
  );
  assert.equal(r.listeners[1]!.tls, { ACCEPTED: 'off', RELAYED: null });
});

test('every published host the result leaves out is reported by evaluation', () => {
  const r = patch(fixture('fresh.xml'), { recipe });
  const [f] = only(r.findings, 'published-outside-senders');
  // res.cisco.com itself is matched neither by .res.cisco.com nor by the two ranges: a gap of
  // the recipe (info), not of this HAT.
  assert.equal(f!.args.hosts, ['res.cisco.com (184.94.241.74)']);
  assert.is(f!.severity, 'info');
  assert.equal(only(r.findings, 'published-uncovered'), []);
  const wider = patch(fixture('fresh.xml'), {
    recipe: recipeWith({ senders: ['.res.cisco.com', '.cres.iphmx.com', '208.90.57.0/26', '204.15.81.0/26', '184.94.241.74'] }),
  });
  assert.equal(only(wider.findings, 'published-outside-senders'), []);
});

test('--sender values are validated (exit 1 naming the value) and deduplicated (info)', () => {
  const text = fixture('fresh.xml');
  for (const bad of ['postmaster@res.cisco.com', '208.90.57.0/33', '999.90.57.1', 'foo_bar', '']) {
    const r = patch(text, { recipe: recipeWith({ senders: ['.res.cisco.com', bad] }) });
    assert.is(r.outcome, 'error', bad);
    assert.equal(
      only(r.findings, 'sender-invalid').map((f) => f.args.value),
      [bad],
      bad,
    );
    assert.equal(r.edits, []);
  }
  const r = patch(text, {
    recipe: recipeWith({ senders: ['208.90.57.0/26', '.res.cisco.com', '208.90.57.0/26', '.RES.cisco.com', '208.90.57.10'] }),
  });
  assert.is(r.outcome, 'patched');
  const added = r.operations.find((o) => o.op === 'add-sender-group') as { senders: string[] };
  assert.equal(added.senders, ['208.90.57.0/26', '.res.cisco.com']);
  assert.equal(
    only(r.findings, 'sender-dropped').map((f) => [f.args.sender, f.args.reason]),
    [
      ['208.90.57.0/26', 'duplicate'],
      ['.RES.cisco.com', 'duplicate'],
      ['208.90.57.10', 'covered'],
    ],
  );
});

test.run();
