/** `esa-patch verify X.patch.json`: do these files match the artefact's checksums? */
import type { CliIo } from '../io.js';
import type { Args } from '../args.js';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { sha256 } from '../../patch/artefact.js';
import { formatFinding } from '../../report/text.js';
import { wrapText } from '../../report/text.js';
import { EXIT } from '../exit-codes.js';
import { readLatin1 } from '../fs/index.js';
import { readArtefactFile } from '../artefact-file.js';
import { jsonOut } from '../job.js';
import { outputOf } from '../output.js';
import { cliFinding } from './common.js';

/** Runs `verify` (declared in `./verify.ts`). */
export async function runVerify(a: Args, io: CliIo): Promise<number> {
  const path = a.positional('artefact')!;
  const artefact = readArtefactFile(path, io.cwd);
  const input = a.string('input');
  let output = a.string('output');
  if (output === undefined && /\.patch\.json$/i.test(path)) {
    const guess = path.replace(/\.patch\.json$/i, '.xml');
    if (existsSync(resolve(io.cwd, guess)) || input === undefined) output = guess;
  }
  if (output === undefined && input === undefined) a.fail('name a file to check: --output PATCHED.xml and/or --input ORIGINAL.xml');
  const checks = [
    ...(input !== undefined ? [{ role: 'input' as const, file: input, expect: artefact.input }] : []),
    ...(output !== undefined ? [{ role: 'output' as const, file: output, expect: artefact.output }] : []),
  ];
  const findings = checks.map(({ role, file, expect }) => {
    const text = readLatin1(resolve(io.cwd, file));
    const found = { sha256: sha256(text), bytes: text.length };
    const ok = found.sha256 === expect.sha256 && found.bytes === expect.bytes;
    return ok
      ? cliFinding('artefact-match', 'info', { role, path: file }, { file })
      : cliFinding(
          'artefact-mismatch',
          'error',
          {
            role,
            path: file,
            expected: `${expect.bytes} bytes, sha256 ${expect.sha256}`,
            found: `${found.bytes} bytes, sha256 ${found.sha256}`,
          },
          { file },
        );
  });
  const code = findings.some((f) => f.severity === 'error') ? EXIT.error : EXIT.ok;
  const out = outputOf(io);
  if (a.flag('json')) {
    out.raw(jsonOut({ schema: 'esa-patch/verify@1', artefact: path, exitCode: code, findings }));
    return code;
  }
  for (const f of findings) (f.severity === 'error' ? out.err : out.out)(wrapText(formatFinding(f), out.width) + '\n');
  out.out(`verify: ${code === EXIT.ok ? 'every file matches the artefact' : 'MISMATCH: a file is not the one the artefact describes'}\n`);
  return code;
}
