/**
 * The layer rules of `npm run lint` (scripts/check-deps.mjs): a deliberate violation in a copy of
 * src/ makes the check fail, with the file, the line and the rule.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkDeps, codeOnly, importsOf } from '../../scripts/check-deps.mjs';
import { ROOT, tempDir } from '../helpers.js';

type Problem = { file: string; line: number; rule: string };
const key = (p: Problem) => `${p.file}:${p.line} ${p.rule}`;

/** A copy of this repository's src/ with `files` added, and the violations found in it beyond the real tree's. */
function withFiles(files: Record<string, string>): { root: string; added: string[] } {
  const root = tempDir();
  cpSync(join(ROOT, 'src'), join(root, 'src'), { recursive: true });
  const before = new Set((checkDeps(root) as Problem[]).map(key));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return { root, added: (checkDeps(root) as Problem[]).map(key).filter((k) => !before.has(k)) };
}

test("check-deps: import 'node:fs' under src/hat/ fails the check, and the command exits 1", () => {
  const { root, added } = withFiles({
    'src/hat/violation.ts': "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
  });
  assert.equal(added, ['src/hat/violation.ts:1 no-fs-below-cli']);
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'check-deps.mjs'), root], { encoding: 'utf8' });
  assert.is(r.status, 1);
  assert.match(r.stdout, 'src/hat/violation.ts:1: ');
  assert.match(r.stdout, '[no-fs-below-cli]');
});

test('check-deps: arrows against the layers fail; along them, and type-only downwards, pass', () => {
  const { added } = withFiles({
    'src/hat/up.ts': "import { x } from '../recipes/r.js';\nexport const y = x;\n",
    'src/recipes/r.ts': "import type { T } from '../esa/e.js';\nimport { n } from '../hat/ok.js';\nexport const x: T = n;\n",
    'src/hat/ok.ts': "import { s } from '../net/n.js';\nexport const n = s;\n",
    'src/net/n.ts': 'export const s = 1;\n',
    'src/esa/e.ts': "import { n } from '../hat/ok.js';\nexport type T = number;\nexport const e = n;\n",
    'src/esa/bad.ts': "import { x } from '../recipes/r.js';\nimport { main } from '../cli/main.js';\nexport const z = [x, main];\n",
    'src/report/r2.ts': "import type { T } from '../esa/e.js';\nimport { e } from '../esa/e.js';\nexport const v: T = e;\n",
  });
  assert.equal(
    added.sort(),
    ['src/esa/bad.ts:1 layer', 'src/esa/bad.ts:2 layer', 'src/hat/up.ts:1 layer', 'src/report/r2.ts:2 layer'].sort(),
  );
});

test('check-deps: process is for src/cli only; mentions in comments and strings do not count', () => {
  const { added } = withFiles({
    'src/xml/p.ts':
      "// process.env in a comment\nexport const a = 'the process';\nexport const b = `${'process'}`;\nexport const c = process.env['X'];\n",
    'src/cli/p.ts': 'export const d = process.argv;\n',
  });
  assert.equal(added, ['src/xml/p.ts:4 no-process-below-cli']);
});

test('check-deps: imports are read whole: multi-line, type-only, re-exports, dynamic', () => {
  const code = codeOnly(
    "import {\n  a,\n  type B,\n} from './a.js';\nimport { type C } from './c.js';\nexport * from './d.js';\n/* import 'node:fs' */\nconst m = await import('./e.js');\n",
  );
  assert.equal(importsOf(code), [
    { spec: './a.js', typeOnly: false, line: 1 },
    { spec: './c.js', typeOnly: true, line: 5 },
    { spec: './d.js', typeOnly: false, line: 6 },
    { spec: './e.js', typeOnly: false, line: 8 },
  ]);
});

test('check-deps (issue 21): the CLI reaches the core through its use cases; patch imports no xml values', () => {
  const { added } = withFiles({
    'src/cli/reach.ts':
      "import { readHat } from '../hat/model.js';\nimport { scanXml } from '../xml/scan.js';\nimport { readExport } from '../esa/export.js';\nimport { parseSender } from '../net/sender.js';\nexport const a = [readHat, scanXml, readExport, parseSender];\n",
    'src/cli/fine.ts':
      "import type { HatModel } from '../hat/model.js';\nimport type { EsaExport } from '../esa/export.js';\nimport { planExport } from '../patch/patch.js';\nimport { formatFinding } from '../report/text.js';\nexport const b = [planExport, formatFinding];\nexport type C = [HatModel, EsaExport];\n",
    'src/patch/offsets.ts':
      "import { scanXml } from '../xml/scan.js';\nimport type { XmlDocument } from '../xml/document.js';\nexport const d = scanXml;\nexport type E = XmlDocument;\n",
  });
  assert.equal(
    added.sort(),
    [
      'src/cli/reach.ts:1 layer',
      'src/cli/reach.ts:2 layer',
      'src/cli/reach.ts:3 layer',
      'src/cli/reach.ts:4 layer',
      'src/patch/offsets.ts:1 layer',
    ].sort(),
  );
});

test.run();
