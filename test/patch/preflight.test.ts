import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readExport as read, type EsaExport, type Listener } from '../../src/esa/export.js';
import { isDemoCertificate, preflightFindings } from '../../src/patch/preflight.js';
import { clusterLevelOf } from '../../src/esa/cluster.js';
import type { RecipeOverrides } from '../../src/recipes/recipe.js';
import type { Finding, FindingOf } from '../../src/findings.js';
import { messageOf } from '../../src/report/messages.js';
import { patch, recipe as cresRecipe } from './run.js';
import { cli } from '../cli/run.js';
import { tempDir } from '../helpers.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = fileURLToPath(new URL('../..', import.meta.url));

function readExport(text: string): EsaExport {
  const r = read(text);
  assert.ok(r.export, r.finding?.code);
  return r.export!;
}
const files: Record<string, string> = {
  multi: 'samples/multi-listener.xml',
  half: 'samples/half-patched.xml',
  tabs: 'samples/tabs-comments-inline.xml',
  cluster: 'samples/cluster.xml',
  crlf: 'samples/crlf-allowed-list.xml',
  bom: 'samples/bom-utf8.xml',
  compliant: 'samples/already-compliant-reexport.xml',
};
const cache = new Map<string, string>();
function source(name: string): string {
  if (name === 'applied') return patch(source('multi'), { recipe: cresRecipe() }).output;
  if (!cache.has(name)) cache.set(name, readFileSync(root + files[name]!, 'latin1'));
  return cache.get(name)!;
}

/** half-patched.xml with the appliance's demo certificate on both its listeners (and in its certificate list). */
const demo = (t: string) =>
  edit(
    edit(t, '<certificate>branch_signed_2025</certificate>', '<certificate>Demo</certificate>'),
    '<certificate_name>branch_signed_2025</certificate_name>',
    '<certificate_name>Demo</certificate_name>',
  );

/** Replaces `from` (which must occur) by `to`: every occurrence, or only the first with `once`. */
function edit(text: string, from: string, to: string, once = false): string {
  assert.ok(text.includes(from), `variant: ${JSON.stringify(from)} not found`);
  return once ? text.replace(from, to) : text.split(from).join(to);
}

interface Row {
  name: string;
  file: string;
  change?: (text: string) => string;
  /** Listener names to check; default: every public listener. */
  listeners?: string[];
  recipe?: RecipeOverrides;
  allowMasked?: boolean;
  code: string;
  /** How many findings with `code` (0: none). */
  count: number;
  severity?: Finding['severity'];
  /** The file text at the finding's line/col starts with this (first finding of `code`). */
  at?: string;
}

function run(row: Row): { text: string; exp: EsaExport; findings: Finding[] } {
  let text = source(row.file);
  if (row.change) text = row.change(text);
  const exp = readExport(text);
  const selected: Listener[] = row.listeners
    ? exp.listeners.filter((l) => row.listeners!.includes(l.name))
    : exp.listeners.filter((l) => l.type === 'public');
  if (row.listeners) assert.is(selected.length, row.listeners.length, 'listeners found');
  return { text, exp, findings: preflightFindings(exp, selected, cresRecipe(row.recipe ?? {}), { allowMasked: row.allowMasked }) };
}

/** The text at a 1-based line and column (columns count bytes). */
function textAt(text: string, line: number, col: number): string {
  let offset = 0;
  for (let k = 1; k < line; k++) offset = text.indexOf('\n', offset) + 1;
  return text.slice(offset + col - 1, offset + col - 1 + 80);
}

const rows: Row[] = [
  // appliance-version / version-unknown
  { name: 'version read from the header', file: 'multi', code: 'appliance-version', count: 1, severity: 'info', at: 'Version: 14.0.2-020' },
  { name: 'version read: nothing unknown', file: 'crlf', code: 'version-unknown', count: 0 },
  {
    name: 'no Version: line',
    file: 'multi',
    change: (t) => edit(t, '  Version: 14.0.2-020\n', ''),
    code: 'version-unknown',
    count: 1,
    severity: 'warning',
  },
  {
    name: 'no Version: line: no appliance-version',
    file: 'multi',
    change: (t) => edit(t, '  Version: 14.0.2-020\n', ''),
    code: 'appliance-version',
    count: 0,
  },
  {
    name: 'unreadable Version: value',
    file: 'tabs',
    change: (t) => edit(t, 'Version: 14.2.3-027', 'Version: unknown'),
    code: 'version-unknown',
    count: 1,
    at: 'Version: unknown',
  },
  { name: 'version of a CRLF, BOM file', file: 'bom', code: 'appliance-version', count: 1, at: 'Version: 14.3.0-032' },
  { name: 'no header comment at all', file: 'multi', change: (t) => t.replace(/<!--[\s\S]*?-->/, ''), code: 'version-unknown', count: 1 },

  // certificate-missing
  {
    name: 'listeners without <certificate>',
    file: 'multi',
    change: (t) => edit(t, '<certificate>mx_example_net_2025</certificate>', ''),
    code: 'certificate-missing',
    count: 2,
    severity: 'warning',
    at: '<listener>',
  },
  {
    name: 'empty <certificate/>',
    file: 'multi',
    change: (t) => edit(t, '<certificate>mx_example_net_2025</certificate>', '<certificate></certificate>'),
    listeners: ['PartnerMX'],
    code: 'certificate-missing',
    count: 1,
    at: '<certificate>',
  },
  { name: 'a certificate is named', file: 'multi', code: 'certificate-missing', count: 0 },
  {
    name: 'missing only on the unselected private listener',
    file: 'multi',
    change: (t) => {
      const cert = '<certificate>mx_example_net_2025</certificate>';
      const last = t.lastIndexOf(cert);
      assert.ok(last > t.indexOf('<listener_name>RelayOut'));
      return t.slice(0, last) + t.slice(last + cert.length);
    },
    code: 'certificate-missing',
    count: 0,
  },

  // certificate-demo
  {
    name: 'Demo certificate on the public listener',
    file: 'half',
    change: (t) => demo(t),
    code: 'certificate-demo',
    count: 1,
    severity: 'warning',
    at: '<certificate>Demo</certificate>',
  },
  {
    name: 'Demo also on the private one when selected',
    file: 'half',
    change: (t) => demo(t),
    listeners: ['MailFromInternet', 'BranchRelay'],
    code: 'certificate-demo',
    count: 2,
  },
  {
    name: 'demo name in lower case',
    file: 'multi',
    change: (t) => edit(t, '<certificate>mx_example_net_2025</certificate>', '<certificate>demo</certificate>'),
    code: 'certificate-demo',
    count: 2,
  },
  {
    name: 'Cisco ESA Certificate',
    file: 'tabs',
    change: (t) => edit(t, '<certificate>mx-east-2025</certificate>', '<certificate>Cisco ESA Certificate</certificate>'),
    code: 'certificate-demo',
    count: 1,
  },
  { name: 'a signed certificate', file: 'multi', code: 'certificate-demo', count: 0 },
  { name: 'half-patched has a signed certificate', file: 'half', code: 'certificate-demo', count: 0 },
  {
    name: 'demo certificate not listed is not also absent',
    file: 'half',
    change: (t) => edit(demo(t), '<certificate_name>Demo</certificate_name>', '<certificate_name>other</certificate_name>'),
    code: 'certificate-absent',
    count: 0,
  },

  // certificate-absent
  {
    name: 'certificate not among certificate_name',
    file: 'multi',
    change: (t) => edit(t, '<certificate>mx_example_net_2025</certificate>', '<certificate>mx_example_net_2024</certificate>'),
    code: 'certificate-absent',
    count: 2,
    severity: 'warning',
    at: '<certificate>mx_example_net_2024',
  },
  {
    name: 'certificate name differing by case',
    file: 'crlf',
    change: (t) => edit(t, '<certificate>mx.example.ch (2025)</certificate>', '<certificate>MX.example.ch (2025)</certificate>'),
    code: 'certificate-absent',
    count: 1,
  },
  { name: 'certificate with spaces and parentheses is found', file: 'crlf', code: 'certificate-absent', count: 0 },
  { name: 'certificate present (cluster, nested certificates)', file: 'cluster', code: 'certificate-absent', count: 0 },

  // cluster-level / cluster-override
  { name: 'group-level listener', file: 'cluster', code: 'cluster-level', count: 1, severity: 'info', at: '<listener>' },
  { name: 'group- and machine-level listeners', file: 'cluster', listeners: ['EdgeInbound', 'AmsRelay'], code: 'cluster-level', count: 2 },
  { name: 'standalone export', file: 'multi', code: 'cluster-level', count: 0 },
  {
    name: 'same listener at machine level overrides',
    file: 'cluster',
    change: (t) => edit(t, '<listener_name>AmsRelay</listener_name>', '<listener_name>EdgeInbound</listener_name>'),
    code: 'cluster-override',
    count: 1,
    severity: 'warning',
  },
  { name: 'no lower-level copy', file: 'cluster', code: 'cluster-override', count: 0 },
];

for (const row of rows) {
  test(`${row.code}: ${row.name}`, () => {
    const { text, findings } = run(row);
    const hits = findings.filter((f) => f.code === row.code);
    assert.is(hits.length, row.count, `${row.code} count; got ${JSON.stringify(findings.map((f) => f.code))}`);
    for (const f of hits) {
      if (row.severity) assert.is(f.severity, row.severity);
      assert.ok(messageOf(f).length > 20);
      if (f.line !== undefined) {
        assert.ok(f.col !== undefined && f.line >= 1 && f.col >= 1);
      }
    }
    if (row.at && hits[0]) {
      const f = hits[0];
      assert.ok(f.line !== undefined && f.col !== undefined, 'located');
      assert.ok(
        textAt(text, f.line!, f.col!).startsWith(row.at),
        `at ${f.line}:${f.col}: ${JSON.stringify(textAt(text, f.line!, f.col!))}`,
      );
    }
  });
}

test('every sample: codes are known, findings of selected listeners name them', () => {
  const known = new Set([
    'appliance-version',
    'version-unknown',
    'certificate-missing',
    'certificate-demo',
    'certificate-absent',
    'cluster-level',
    'cluster-override',
  ]);
  for (const file of [...Object.keys(files), 'applied']) {
    const exp = readExport(source(file));
    const selected = exp.listeners.filter((l) => l.type === 'public');
    const findings = preflightFindings(exp, selected, cresRecipe(), {});
    for (const f of findings) {
      assert.ok(known.has(f.code), `${file}: unknown code ${f.code}`);
      if (f.listener)
        assert.ok(
          selected.some((l) => l.name === f.listener),
          `${file}: ${f.code} for an unselected listener`,
        );
    }
    assert.is(findings.filter((f) => f.code === 'appliance-version' || f.code === 'version-unknown').length, 1, `${file}: version once`);
  }
});

test('appliance-version names version and serial number', () => {
  const exp = readExport(source('tabs'));
  const f = preflightFindings(exp, exp.listeners, cresRecipe(), {}).find(
    (x) => x.code === 'appliance-version',
  ) as FindingOf<'appliance-version'>;
  assert.is(f.args.version, '14.2.3-027');
  assert.is(f.args.serial, '0CC47A1B2C3D-FCH2412K9PZ');
});

test('what an entry before the group did to CRES hosts is a treatment change of the plan', () => {
  const r = patch(source('tabs'), { recipe: cresRecipe() });
  const changes = r.findings.filter((f): f is FindingOf<'treatment-change'> => f.code === 'treatment-change');
  const blocked = changes.find((f) => f.args.host === '208.90.57.0/26');
  assert.ok(blocked, JSON.stringify(changes.map((f) => f.args)));
  assert.match(blocked!.args.before, /^REJECT by BLOCKED/);
  assert.match(blocked!.args.after, /^ACCEPT by CRES/);
});

test('cluster-level names the level from the path', () => {
  assert.is(clusterLevelOf('config/listeners/listener[1]'), null);
  assert.is(clusterLevelOf('config/cluster/cluster_settings/listeners/listener'), 'cluster');
  assert.is(clusterLevelOf('config/cluster/groups/group/listeners/listener'), 'group');
  assert.is(clusterLevelOf('config/cluster/machines/machine[2]/listeners/listener'), 'machine');
  assert.is(clusterLevelOf('config/cluster/groups/group[1]/machine/listeners/listener'), 'machine');
  const exp = readExport(source('cluster'));
  const args = preflightFindings(exp, exp.listeners, cresRecipe(), {})
    .filter((f): f is FindingOf<'cluster-level'> => f.code === 'cluster-level')
    .map((f) => [f.args.level, f.args.name]);
  assert.equal(args[0], ['group', 'MX_EDGE']);
  assert.is(args[1]![0], 'machine');
});

test('demo certificate names', () => {
  for (const n of [
    'Demo',
    'demo',
    'DEMO',
    'Demo_cert',
    'esa-demo-2020',
    'Cisco ESA Certificate',
    'Cisco Appliance Demo Certificate',
    'IronPort Appliance Demo Certificate',
    // Separators and case are not meaning (each was read as a real certificate before).
    'DemoCert',
    'democert',
    'DEMOCERT',
    'Cisco  ESA Certificate',
    'Cisco_ESA_Certificate',
    'Cisco\u00a0ESA Certificate',
    'Cisco\tESA\tCertificate',
    'cisco-esa-certificate',
    ' Cisco ESA Certificate ',
  ])
    assert.ok(isDemoCertificate(n), n);
  for (const n of [
    'mx_example_net_2025',
    'demonstration-ca',
    'Demonstration',
    'mx.example.ch (2025)',
    'Cisco-signed mx',
    'Cisco ESA Certificate 2025 mx',
  ])
    assert.not.ok(isDemoCertificate(n), n);
});

test('selected list is honoured: nothing per listener when none selected', () => {
  const exp = readExport(source('half'));
  const findings = preflightFindings(exp, [], cresRecipe(), {});
  assert.equal(findings.map((f) => f.code).sort(), ['appliance-version']);
});

test('a demo certificate blocks the listener change (exit 3) unless --accept-demo-certificate; a compliant listener is only warned about', () => {
  const text = demo(source('half'));
  const refused = patch(text, { recipe: cresRecipe() });
  assert.is(refused.outcome, 'refused');
  const f = refused.findings.find((x) => x.code === 'certificate-demo' && x.severity === 'error') as
    | FindingOf<'certificate-demo'>
    | undefined;
  assert.ok(f, JSON.stringify(refused.findings.map((x) => [x.code, x.severity])));
  assert.equal(f!.args, { listener: 'MailFromInternet', certificate: 'Demo', accepted: false, blocking: true });
  assert.is(refused.findings.filter((x) => x.code === 'certificate-demo').length, 1, 'reported once');
  assert.ok(f!.line !== undefined && textAt(text, f!.line!, f!.col!).startsWith('<certificate>Demo'));
  assert.equal(refused.edits ?? [], []);

  const accepted = patch(text, { recipe: cresRecipe(), acceptDemoCertificate: true });
  assert.is(accepted.outcome, 'patched');
  const w = accepted.findings.filter((x) => x.code === 'certificate-demo');
  assert.equal(
    w.map((x) => [x.severity, (x as FindingOf<'certificate-demo'>).args.accepted]),
    [['warning', true]],
  );

  // Once compliant (the patched output), the same certificate is a warning: nothing to change.
  const again = patch(accepted.output, { recipe: cresRecipe() });
  assert.is(again.outcome, 'unchanged');
  assert.equal(
    again.findings.filter((x) => x.code === 'certificate-demo').map((x) => x.severity),
    ['warning'],
  );
});

test('CLI: plan exits 3 on a demo certificate, 2 with --accept-demo-certificate (also through a worker pool)', async () => {
  const dir = tempDir();
  for (const n of ['a', 'b', 'c']) writeFileSync(join(dir, `${n}.xml`), demo(source('half')), 'latin1');
  const one = await cli(['plan', join(dir, 'a.xml')]);
  assert.is(one.code, 3);
  assert.is((one.out + one.err).split('[certificate-demo]').length - 1, 1, one.out + one.err);
  assert.is((await cli(['plan', join(dir, 'a.xml'), '--accept-demo-certificate'])).code, 2);
  const fleet = await cli(['plan', dir, '--jobs', '2', '--json', '--accept-demo-certificate']);
  assert.is(fleet.code, 2, fleet.err);
});

test.run();
