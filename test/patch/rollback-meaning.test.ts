/**
 * Rollback by meaning checks what it undoes, and only that (issue 17.1): every operation kind's
 * undo on later exports that differ in every way an administrator makes them differ (groups
 * added before or after the patch's group, members added, parameters tuned, the group renamed
 * or moved, a policy the undo changes now used by entries added since).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildArtefact, type PatchArtefact } from '../../src/patch/artefact.js';
import { rollbackExport, type RollbackResult } from '../../src/patch/rollback.js';
import { readExport } from '../../src/esa/export.js';
import { loadRecipe } from '../../src/recipes/load.js';
import type { Recipe } from '../../src/recipes/recipe.js';
import { ROOT } from '../helpers.js';
import { patch, recipe as recipeWith } from './run.js';

const fresh = readFileSync(join(ROOT, 'test', 'fixtures', 'fresh.xml'), 'latin1');

/** fresh.xml with its first HAT replaced by `hat`. */
function withHat(hat: string): string {
  const from = fresh.indexOf('<hat>\n') + 6;
  const to = fresh.indexOf('</hat>');
  return fresh.slice(0, from) + hat + fresh.slice(to);
}

/** Apply `recipe` on `input`: the output and its artefact as written to disk. */
function applied(input: string, recipe: Recipe = recipeWith()): { output: string; artefact: PatchArtefact } {
  const r = patch(input, { recipe });
  assert.is(r.outcome, 'patched', JSON.stringify(r.findings.map((f) => [f.code, f.args])));
  return { output: r.output, artefact: JSON.parse(JSON.stringify(buildArtefact(r, input, 'in.xml', 'test'))) as PatchArtefact };
}

/** A later export of the same appliance (another header time), changed by `change` (which must change it). */
function later(text: string, change: (t: string) => string): string {
  const changed = change(text);
  assert.is.not(changed, text, 'the change applies');
  return changed.replace(/Current Time: [^\n]*/, 'Current Time: later');
}

const errors = (r: RollbackResult) => r.findings.filter((f) => f.severity === 'error').map((f) => [f.code, f.args]);

/** The first HAT of an export, as names in order and the policies with their parameters. */
function meaning(text: string): {
  entries: string[];
  members: Record<string, string[]>;
  bound: Record<string, string>;
  policies: Record<string, string>;
} {
  const r = readExport(text);
  assert.ok(r.export, 're-reads');
  const m = r.export!.listeners[0]!.hat!.model;
  return {
    entries: m.entries.map((e) => e.name),
    members: Object.fromEntries(m.entries.map((e) => [e.name, e.members.map((x) => x.text)])),
    bound: Object.fromEntries(
      m.entries.map((e) => [e.name, e.policy?.kind === 'named' ? `$${e.policy.name}` : String(e.policy?.behaviour)]),
    ),
    policies: Object.fromEntries(m.policies.map((p) => [p.name, JSON.stringify(p.params)])),
  };
}

const ADMIN = 'ADMIN:\n    198.51.100.7\n    $ACCEPTED\n\n';

// --- The patch added the policy and the group (add-policy, add-sender-group). ---

test('a group the administrator added before CRES: undone (CRES is not at its recorded position, which does not matter)', () => {
  const { output, artefact } = applied(fresh);
  const text = later(output, (t) => t.replace('\nCRES:\n', `\n${ADMIN}CRES:\n`));
  const back = rollbackExport(text, artefact);
  assert.is(back.outcome, 'patched', JSON.stringify(errors(back)));
  const m = meaning(back.output);
  assert.equal(m.entries, ['ADMIN', 'BLOCKLIST', 'ALL']);
  assert.not.ok('CRES_TLS' in m.policies);
  assert.equal(meaning(later(fresh, (t) => t.replace('\nBLOCKLIST:\n', `\n${ADMIN}BLOCKLIST:\n`))), m);
});

test('a group the administrator added after CRES, and CRES moved below BLOCKLIST: the removal undoes wherever CRES stands', () => {
  const { output, artefact } = applied(fresh);
  const after = later(output, (t) => t.replace('\nBLOCKLIST:\n', `\n${ADMIN}BLOCKLIST:\n`));
  const a = rollbackExport(after, artefact);
  assert.is(a.outcome, 'patched', JSON.stringify(errors(a)));
  assert.equal(meaning(a.output).entries, ['ADMIN', 'BLOCKLIST', 'ALL']);
  // CRES moved below BLOCKLIST by hand.
  const cres = /\nCRES:\n[\s\S]*?\n\n/.exec(output)![0];
  const moved = later(output, (t) => t.replace(cres, '\n').replace('\nALL\n', `${cres.slice(0, -1)}\nALL\n`));
  assert.equal(meaning(moved).entries, ['BLOCKLIST', 'CRES', 'ALL']);
  const b = rollbackExport(moved, artefact);
  assert.is(b.outcome, 'patched', JSON.stringify(errors(b)));
  assert.equal(meaning(b.output).entries, ['BLOCKLIST', 'ALL']);
});

test('a group added since that uses $CRES_TLS: refused (exit 3), naming the group and its line; nothing written', () => {
  const { output, artefact } = applied(fresh);
  const text = later(output, (t) => t.replace('\nBLOCKLIST:\n', '\nPARTNER:\n    192.0.2.50\n    $CRES_TLS\n\nBLOCKLIST:\n'));
  const back = rollbackExport(text, artefact);
  assert.is(back.outcome, 'refused');
  assert.ok(back.output === text);
  const line = text.slice(0, text.indexOf('\nPARTNER:')).split('\n').length + 1;
  const policyLine = text.slice(0, text.indexOf('\n$CRES_TLS')).split('\n').length + 1;
  const f = back.findings.find((x) => x.severity === 'error')!;
  assert.equal(
    [f.code, f.args, f.line],
    [
      'rollback-policy-in-use',
      {
        listener: 'IncomingMail',
        operation: 'remove mail flow policy $CRES_TLS',
        policy: 'CRES_TLS',
        users: ['PARTNER'],
        lines: [String(line)],
      },
      policyLine,
    ],
  );
});

test('ALL bound to $CRES_TLS since: refused, naming ALL', () => {
  const { output, artefact } = applied(fresh);
  const text = later(output, (t) => t.replace('ALL\n    $ACCEPTED\n</hat>', 'ALL\n    $CRES_TLS\n</hat>'));
  const back = rollbackExport(text, artefact);
  assert.is(back.outcome, 'refused');
  const f = back.findings.find((x) => x.severity === 'error')!;
  assert.is(f.code, 'rollback-policy-in-use');
  assert.equal((f.args as { users: string[] }).users, ['ALL']);
});

test('CRES renamed since: refused (rollback-conflict), nothing guessed', () => {
  const { output, artefact } = applied(fresh);
  const text = later(output, (t) => t.replace('\nCRES:\n', '\nCRES_OLD:\n'));
  const back = rollbackExport(text, artefact);
  assert.is(back.outcome, 'refused');
  assert.equal(
    back.findings.filter((x) => x.severity === 'error').map((x) => x.code),
    ['rollback-conflict'],
  );
  assert.ok(back.output === text);
});

test('a sender added to CRES since: refused at the line of CRES', () => {
  const { output, artefact } = applied(fresh);
  const text = later(output, (t) => t.replace('    204.15.81.0/26\n', '    204.15.81.0/26\n    192.0.2.99\n'));
  const back = rollbackExport(text, artefact);
  const f = back.findings.find((x) => x.severity === 'error')!;
  assert.is(f.code, 'rollback-conflict');
  assert.is(f.line, text.slice(0, text.indexOf('\nCRES:')).split('\n').length + 1);
});

test('$CRES_TLS renamed since (CRES bound to the new name): refused at the binding, nothing removed', () => {
  const { output, artefact } = applied(fresh);
  const text = later(output, (t) => t.replace('\n$CRES_TLS\n', '\n$CRES_TLS2\n').replace('    $CRES_TLS (', '    $CRES_TLS2 ('));
  const back = rollbackExport(text, artefact);
  assert.is(back.outcome, 'refused');
  const f = back.findings.find((x) => x.severity === 'error')!;
  assert.is(f.code, 'rollback-conflict');
  assert.is(f.line, text.slice(0, text.indexOf('    $CRES_TLS2 (')).split('\n').length);
  assert.ok(back.output === text);
});

test('property: groups added anywhere around CRES are kept and never refuse; any that uses $CRES_TLS refuses, all named', () => {
  const { output, artefact } = applied(fresh);
  const hat = output.slice(output.indexOf('<hat>\n') + 6, output.indexOf('</hat>'));
  // The entry heads of the patched HAT, where an administrator may insert a group before.
  const heads = ['CRES:', 'BLOCKLIST:', 'ALL\n'];
  const added = fc.array(fc.record({ at: fc.nat({ max: heads.length - 1 }), uses: fc.boolean(), n: fc.nat({ max: 250 }) }), {
    maxLength: 5,
  });
  fc.assert(
    fc.property(added, (groups) => {
      let text = hat;
      const names: string[] = [];
      groups.forEach((g, k) => {
        const name = `ADMIN${k}`;
        names.push(name);
        const head = heads[g.at]!;
        const i = text.indexOf(`\n${head}`) + 1;
        text = `${text.slice(0, i)}${name}:\n    198.51.100.${g.n}\n    $${g.uses ? 'CRES_TLS' : 'ACCEPTED'}\n\n${text.slice(i)}`;
      });
      const exported = later(output, (t) => t.replace(hat, text) + (groups.length ? '' : '<!-- later -->'));
      const before = meaning(exported);
      const back = rollbackExport(exported, artefact);
      const users = before.entries.filter((e) => before.bound[e] === '$CRES_TLS' && e !== 'CRES');
      if (users.length) {
        assert.is(back.outcome, 'refused');
        const f = back.findings.find((x) => x.severity === 'error')!;
        assert.equal([f.code, (f.args as { users: string[] }).users], ['rollback-policy-in-use', users]);
        assert.ok(back.output === exported);
        return;
      }
      assert.is(back.outcome, 'patched', JSON.stringify(errors(back)));
      const after = meaning(back.output);
      assert.equal(
        after.entries,
        before.entries.filter((e) => e !== 'CRES'),
      );
      assert.not.ok('CRES_TLS' in after.policies);
      for (const n of names) assert.equal(after.members[n], before.members[n]);
    }),
    { numRuns: Number(process.env['ESA_PROPERTY_RUNS'] ?? 100) },
  );
});

// --- CRES and $CRES_TLS existed: the patch tuned tls, moved CRES to order 1, added a sender. ---

const OWN = `$ACCEPTED
    ACCEPT {
        spam_check = "on"
    }

$CRES_TLS
    ACCEPT {
        tls = "off"
    }

$BLOCKED
    REJECT {}

BLOCKLIST:
    sbrs[-10.0:-3.0]
    $BLOCKED

CRES:
    .res.cisco.com
    .cres.iphmx.com
    208.90.57.0/26
    $CRES_TLS

ALL
    $ACCEPTED
`;

test('the patch tuned an existing policy: its operations are a parameter, a move and a sender', () => {
  const { artefact } = applied(withHat(OWN));
  assert.equal(
    artefact.operations.map((o) => o.op),
    ['set-policy-param', 'move-sender-group', 'add-senders'],
  );
});

test('a group added since that uses the tuned $CRES_TLS: refused, naming it (the severe case of issue 17.1)', () => {
  const { output, artefact } = applied(withHat(OWN));
  const text = later(output, (t) => t.replace('\nALL\n', '\nPARTNER:\n    192.0.2.50\n    $CRES_TLS\n\nALL\n'));
  const back = rollbackExport(text, artefact);
  assert.is(back.outcome, 'refused');
  assert.ok(back.output === text);
  const f = back.findings.find((x) => x.severity === 'error')!;
  assert.is(f.code, 'rollback-policy-in-use');
  const args = f.args as { policy: string; users: string[]; lines: string[]; operation: string };
  assert.equal(
    [args.policy, args.users, args.lines],
    ['CRES_TLS', ['PARTNER'], [String(text.slice(0, text.indexOf('\nPARTNER:')).split('\n').length + 1)]],
  );
  assert.match(args.operation, 'tls');
});

test('CRES itself still using the tuned policy, and a group added before it: undone, tls back to off, CRES back before ALL', () => {
  const input = withHat(OWN);
  const { output, artefact } = applied(input);
  const text = later(output, (t) => t.replace('\n$BLOCKED\n    REJECT {}\n\n', `\n$BLOCKED\n    REJECT {}\n\n${ADMIN}`));
  assert.equal(meaning(text).entries, ['ADMIN', 'CRES', 'BLOCKLIST', 'ALL']);
  const back = rollbackExport(text, artefact);
  assert.is(back.outcome, 'patched', JSON.stringify(errors(back)));
  const m = meaning(back.output);
  assert.equal(m.entries, ['ADMIN', 'BLOCKLIST', 'CRES', 'ALL']);
  assert.equal(m.members['CRES'], ['.res.cisco.com', '.cres.iphmx.com', '208.90.57.0/26']);
  assert.equal(m.policies['CRES_TLS'], JSON.stringify([['tls', 'off']]));
});

test('another parameter of $CRES_TLS tuned since: kept, the patched one set back', () => {
  const { output, artefact } = applied(withHat(OWN));
  const text = later(output, (t) => t.replace('tls = "required"', 'tls = "required"\n        max_msgs_per_session = 50'));
  const back = rollbackExport(text, artefact);
  assert.is(back.outcome, 'patched', JSON.stringify(errors(back)));
  assert.equal(
    meaning(back.output).policies['CRES_TLS'],
    JSON.stringify([
      ['tls', 'off'],
      ['max_msgs_per_session', '50'],
    ]),
  );
});

test('the patched parameter tuned since: refused (rollback-conflict) at the policy', () => {
  const { output, artefact } = applied(withHat(OWN));
  const text = later(output, (t) => t.replace('tls = "required"', 'tls = "preferred"'));
  const back = rollbackExport(text, artefact);
  assert.is(back.outcome, 'refused');
  const f = back.findings.find((x) => x.severity === 'error')!;
  assert.is(f.code, 'rollback-conflict');
  assert.is(f.line, text.slice(0, text.indexOf('\n$CRES_TLS')).split('\n').length + 1);
});

test('CRES moved since behind BLOCKLIST (where the patch did not leave it): refused, the move is not undone over it', () => {
  const { output, artefact } = applied(withHat(OWN));
  const cres = /\nCRES:\n[\s\S]*?\n\n/.exec(output)![0];
  const text = later(output, (t) => t.replace(cres, '\n').replace('\nALL\n', `${cres.slice(0, -1)}\nALL\n`));
  assert.equal(meaning(text).entries, ['BLOCKLIST', 'CRES', 'ALL']);
  const back = rollbackExport(text, artefact);
  assert.is(back.outcome, 'refused');
  const f = back.findings.find((x) => x.severity === 'error')!;
  assert.equal([f.code, (f.args as { operation: string }).operation.startsWith('move sender group CRES')], ['rollback-conflict', true]);
});

test('a sender the patch added to CRES removed by hand since: refused (rollback-conflict)', () => {
  const { output, artefact } = applied(withHat(OWN));
  const text = later(output, (t) => t.replace('    204.15.81.0/26\n', ''));
  const back = rollbackExport(text, artefact);
  assert.is(back.outcome, 'refused');
  assert.equal(
    back.findings.filter((x) => x.severity === 'error').map((x) => x.code),
    ['rollback-conflict'],
  );
});

// --- CRES existed bound to $ACCEPTED: the patch added $CRES_TLS and rebound CRES (set-group-policy). ---

const BOUND = OWN.replace('$CRES_TLS\n    ACCEPT {\n        tls = "off"\n    }\n\n', '').replace(
  '208.90.57.0/26\n    $CRES_TLS',
  '208.90.57.0/26\n    204.15.81.0/26\n    $ACCEPTED',
);

test('rebound CRES: undone with an unrelated group added (CRES back before its former neighbour ALL), refused when a new group uses $CRES_TLS', () => {
  const input = withHat(BOUND);
  const { output, artefact } = applied(input);
  assert.equal(
    artefact.operations.map((o) => o.op),
    ['add-policy', 'move-sender-group', 'set-group-policy'],
  );
  const ok = rollbackExport(
    later(output, (t) => t.replace('\nALL\n', `\n${ADMIN}ALL\n`)),
    artefact,
  );
  assert.is(ok.outcome, 'patched', JSON.stringify(errors(ok)));
  const m = meaning(ok.output);
  assert.equal([m.entries, m.bound['CRES'], 'CRES_TLS' in m.policies], [['BLOCKLIST', 'ADMIN', 'CRES', 'ALL'], '$ACCEPTED', false]);
  const used = later(output, (t) => t.replace('\nALL\n', '\nPARTNER:\n    192.0.2.50\n    $CRES_TLS\n\nALL\n'));
  const no = rollbackExport(used, artefact);
  assert.is(no.outcome, 'refused');
  assert.equal(
    no.findings.filter((f) => f.severity === 'error').map((f) => [f.code, (f.args as { users: string[] }).users]),
    [['rollback-policy-in-use', ['PARTNER']]],
  );
});

// --- A recipe that removed a group, senders and a policy: the undo restores them. ---

const REMOVALS = `${OWN.replace('CRES:', 'RETIRED:').replace('$CRES_TLS\n\nALL', '$CRES_TLS\n\nPARTNERS:\n    192.0.2.10\n    mx.logistics.example.org\n    $ACCEPTED\n\nALL')}`;

const removalRecipe = (): Recipe => {
  const loaded = loadRecipe(`format: esa-patch/recipe@1
name: retire
listeners: all
remove:
  senders:
    - group: PARTNERS
      senders: [mx.logistics.example.org]
  groups: [RETIRED]
  policies: [CRES_TLS]
`);
  assert.ok(loaded.recipe, JSON.stringify(loaded.findings));
  return loaded.recipe!;
};

test('removals undone on a later export with groups added around them: restored before their recorded neighbour', () => {
  const input = withHat(REMOVALS);
  const { output, artefact } = applied(input, removalRecipe());
  assert.equal(
    artefact.operations.filter((o) => o.listener === 'IncomingMail').map((o) => o.op),
    ['remove-senders', 'remove-sender-group', 'remove-policy'],
  );
  const text = later(output, (t) => t.replace('$BLOCKED\n\n', `$BLOCKED\n\n${ADMIN}`));
  const back = rollbackExport(text, artefact);
  assert.is(back.outcome, 'patched', JSON.stringify(errors(back)));
  const m = meaning(back.output);
  assert.equal(m.entries, ['BLOCKLIST', 'ADMIN', 'RETIRED', 'PARTNERS', 'ALL']);
  assert.equal(m.members['PARTNERS'], ['192.0.2.10', 'mx.logistics.example.org']);
  assert.equal(m.policies['CRES_TLS'], JSON.stringify([['tls', 'off']]));
});

test('a removed group whose neighbour is gone since: refused, not placed by guess', () => {
  const input = withHat(REMOVALS);
  const { output, artefact } = applied(input, removalRecipe());
  const partners = /\nPARTNERS:\n[\s\S]*?\n\n/.exec(output)![0];
  const text = later(output, (t) => t.replace(partners, '\n'));
  const back = rollbackExport(text, artefact);
  assert.is(back.outcome, 'refused');
  assert.equal(
    back.findings.filter((x) => x.severity === 'error').map((x) => x.code),
    ['rollback-conflict'],
  );
});

test.run();
