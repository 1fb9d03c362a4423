/** `esa-patch inspect`: the appliance, its listeners, their policies and sender groups. */
import type { CliIo } from '../io.js';
import type { Args } from '../args.js';
import { resolve } from 'node:path';
import { TOOL } from '../../version.js';
import { inspectExport } from '../../patch/inspect.js';
import { DEFAULT_RECIPE } from '../../recipes/index.js';
import { withMessage } from '../../report/messages.js';
import { formatInspect } from '../../report/inspect.js';
import { formatFinding } from '../../report/text.js';
import { decodeExportStrings } from '../../report/terminal.js';
import { EXIT, worstExitCode } from '../exit-codes.js';
import { CliError, checkInputs, readLatin1 } from '../fs/index.js';
import { expandNamedInputs } from './common.js';
import { jsonOut } from '../job.js';
import { outputOf } from '../output.js';

/** Runs `inspect` (declared in `./inspect.ts`). */
export async function runInspect(a: Args, io: CliIo): Promise<number> {
  const given = a.positionals('exports');
  const json = a.flag('json');
  const inputs = expandNamedInputs(io, given, { recursive: a.flag('recursive'), quiet: false });
  if (!inputs.length) a.fail(`no *.xml export found in ${given.join(', ')}`);
  checkInputs(inputs, io.cwd);
  const out = outputOf(io);
  const results = [];
  let code: number = EXIT.ok;
  for (const input of inputs) {
    let text: string;
    try {
      text = readLatin1(resolve(io.cwd, input));
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      out.err(`${input}: error: ${e.message} [${e.code}]\n`);
      code = worstExitCode([code, EXIT.error]);
      continue;
    }
    const raw = inspectExport(text, input, DEFAULT_RECIPE);
    // What the export says, decoded in its own encoding (text and JSON alike); the file as named.
    const r = { ...decodeExportStrings(raw, raw.encoding), file: input };
    results.push(r);
    if (r.error) {
      code = worstExitCode([code, EXIT.error]);
      if (!json) out.err(formatFinding(r.error) + '\n');
    } else if (!json) {
      out.out(formatInspect(r));
    }
  }
  if (json) {
    const files = results.map((r) => ({ ...r, findings: r.findings.map(withMessage), error: r.error && withMessage(r.error) }));
    out.raw(jsonOut({ schema: 'esa-patch/inspect@1', tool: TOOL, files }));
  }
  return code;
}
