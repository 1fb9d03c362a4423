/** The loop's first half: pull a fleet into its inventory's directory, then plan it with the same inventory. */
import * as assert from 'uvu/assert';
import { test } from 'uvu';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../cli/run.js';
import { CORPUS, tempDir } from '../helpers.js';
import { oracleTest } from '../oracles/oracle.js';
import { EmulatedAppliance } from './emulator.js';
import { inventory, serve } from './fleet.js';
import { OPENSSH } from './ssh-oracle.js';
import { readExport } from '../../src/esa/export.js';
import { viewExport } from '../../src/patch/diff-exports.js';
import { tokensOf } from '../../src/appliance/tokens.js';

const STANDALONE = readFileSync(join(CORPUS, 'esa-standalone.xml'), 'latin1');

oracleTest("pull --out-dir the inventory's directory, then plan --inventory: the pulled files are planned", OPENSSH, async () => {
  const servers = await serve(new EmulatedAppliance(STANDALONE), new EmulatedAppliance(STANDALONE, { serial: 'SERIAL-B' }));
  try {
    const dir = tempDir();
    const inv = inventory(dir, [
      ['esa1', servers[0]!],
      ['esa2', servers[1]!],
    ]);
    const pulled = await cli(
      [
        'pull',
        '--json',
        '--jobs',
        '3',
        '--jobs-max',
        '2',
        '--inventory',
        inv,
        '--out-dir',
        dir,
        '--ssh-config',
        servers[0]!.fixture.configFile,
        '--tokens',
        join(dir, 'tokens.json'),
      ],
      {
        cwd: dir,
      },
    );
    assert.is(pulled.code, 0, pulled.err);
    const doc = JSON.parse(pulled.out) as {
      exitCode: number;
      findings: { code: string }[];
      appliances: { name: string; files: string[]; transcripts: { command: string; outcome: string; answered: string[] }[] }[];
    };
    assert.is(doc.exitCode, 0);
    assert.equal(
      doc.findings.map((f) => f.code),
      ['jobs-capped'],
    );
    assert.equal(
      doc.appliances.map((a) => [a.name, a.files.length, a.transcripts.map((t) => [t.command, t.outcome, t.answered])]),
      ['esa1', 'esa2'].map((n) => [
        n,
        2,
        [
          ['version', 'done', []],
          ['saveconfig', 'done', ['saveconfig.passphrase-option']],
        ],
      ]),
    );
    // --tokens: the tokens each pulled export uses, recorded as seen for the build it was pulled from.
    const tokens = JSON.parse(readFileSync(join(dir, 'tokens.json'), 'utf8')) as {
      format: string;
      versions: Record<string, { witnessed: string[]; seen: string[] }>;
    };
    const build = readExport(readFileSync(join(dir, 'esa1.xml'), 'latin1')).export!.header.version!;
    assert.equal(Object.keys(tokens.versions), [build]);
    assert.equal(tokens.versions[build]!.witnessed, []);
    assert.equal(tokens.versions[build]!.seen, [...tokensOf(viewExport(readFileSync(join(dir, 'esa1.xml'), 'latin1')))].sort());
    assert.ok(tokens.versions[build]!.seen.length > 0, 'the export uses TLS tokens');
    const plan = await cli(['plan', '--inventory', inv, '--json'], { cwd: dir });
    assert.is(plan.code, 2, plan.err);
    const files = (JSON.parse(plan.out) as { files: { file: string; outcome: string; serial: string | null }[] }).files;
    assert.equal(
      files.map((f) => [f.file.replace(/^.*[\\/]/, ''), f.outcome, f.serial]),
      [
        ['esa1.xml', 'patched', '564D1A2B3C4D5E6F7081-A1B2C3D4E5F6'],
        ['esa2.xml', 'patched', 'SERIAL-B'],
      ],
    );
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
});

test.run();
