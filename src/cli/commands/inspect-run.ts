/** `esa-patch inspect`: the appliance, its listeners, their policies and sender groups. */
import type { CliIo } from '../io.js';
import type { Args } from '../args.js';
import { resolve } from 'node:path';
import { TOOL } from '../../version.js';
import { inspectExport, type InspectReport } from '../../patch/inspect.js';
import type { Finding } from '../../findings.js';
import { declaredEncoding } from '../../patch/inspect.js';
import { DEFAULT_RECIPE } from '../../recipes/index.js';
import { withMessage, messageOf } from '../../report/messages.js';
import { formatInspect } from '../../report/inspect.js';
import { formatFinding } from '../../report/text.js';
import { decodeExportStrings, safeForTerminal } from '../../report/terminal.js';
import { EXIT, worstExitCode } from '../exit-codes.js';
import { checkInputs, readLatin1 } from '../fs/index.js';
import { expandNamedInputs } from './common.js';
import { jsonOut } from '../job.js';
import { outputOf } from '../output.js';
import { Refused } from '../../findings.js';

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
      if (!(e instanceof Refused)) throw e;
      out.err(`${input}: error: ${messageOf(e.finding)} [${e.finding.code}]\n`);
      code = worstExitCode([code, EXIT.error]);
      continue;
    }
    const r = decodedReport(inspectExport(text, input, DEFAULT_RECIPE), exportEncoding(text));
    results.push(r);
    if (r.error) {
      code = worstExitCode([code, EXIT.error]);
      if (!json) out.err(formatFinding(r.error) + '\n');
    } else if (!json) {
      out.out(safeForTerminal(formatInspect(r)));
    }
  }
  if (json) {
    const files = results.map((r) => ({ ...r, findings: r.findings.map(withMessage), error: r.error && withMessage(r.error) }));
    out.raw(jsonOut({ schema: 'esa-patch/inspect@1', tool: TOOL, files }));
  }
  return code;
}

/** The encoding an export's bytes are in: UTF-8 with a BOM, else its declaration's (null: none, UTF-8). */
function exportEncoding(latin1Text: string): string | null {
  return latin1Text.startsWith('\xEF\xBB\xBF') ? null : declaredEncoding(latin1Text);
}

/** What the export says, decoded from its own encoding (text and JSON alike); the file name is the command line's. */
function decodedReport(r: InspectReport, encoding: string | null): InspectReport {
  const { hostname, product, model, asyncos, serial, listeners } = r;
  const finding = (f: Finding): Finding => ({ ...f, args: decodeExportStrings(f.args, encoding) }) as Finding;
  return {
    ...r,
    ...decodeExportStrings({ hostname, product, model, asyncos, serial, listeners }, encoding),
    findings: r.findings.map(finding),
    error: r.error && finding(r.error),
  };
}
