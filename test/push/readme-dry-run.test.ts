/** The README's `push --dry-run` output is what push prints (checksums aside: they change with the tool's version string). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from '../helpers.js';
import { cli } from '../cli/run.js';

const hex = (s: string) => s.replace(/[0-9a-f]{12,64}/g, 'HEX');

test('README: the push --dry-run block is the real output', async () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const m = /```\n\$ esa-patch (push [^\n]*--dry-run)\n([\s\S]*?)```/.exec(readme);
  assert.ok(m, 'the README shows a push --dry-run');
  const dir = tempDir();
  cpSync(join(ROOT, 'samples'), join(dir, 'samples'), { recursive: true });
  const ap = await cli(['apply', 'samples/multi-listener.xml', '-o', 'out/esa1.xml'], { cwd: dir });
  assert.is(ap.code, 0);
  const r = await cli(m![1]!.split(' '), { cwd: dir });
  assert.is(r.code, 0, r.err);
  assert.is(hex(r.out), hex(m![2]!));
});

test.run();
