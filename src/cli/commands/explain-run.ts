/** `esa-patch explain CODE`: the long explanation of a finding code. */
import type { CliIo } from '../io.js';
import type { Args } from '../args.js';
import { EXPLANATIONS, explain as explanationOf } from '../../report/explain.js';
import { wrapText } from '../../report/text.js';
import { EXIT } from '../exit-codes.js';
import { suggest } from '../args.js';
import { outputOf } from '../output.js';

/** Runs `explain` (declared in `./explain.ts`). */
export async function runExplain(a: Args, io: CliIo): Promise<number> {
  const out = outputOf(io);
  const code = a.positional('code')?.replace(/^\[|\]$/g, '');
  if (code === undefined) {
    const codes = Object.keys(EXPLANATIONS).sort();
    const pad = Math.max(...codes.map((c) => c.length)) + 2;
    out.out(codes.map((c) => wrapText(`${c.padEnd(pad)}${EXPLANATIONS[c]!.title}`, out.width)).join('\n') + '\n');
    return EXIT.ok;
  }
  const e = explanationOf(code);
  if (!e) return a.fail(`no finding code "${code}"${suggest(code, Object.keys(EXPLANATIONS))} (esa-patch explain lists them)`);
  out.out(`${code}: ${e.title}\n\n${wrapText(e.text, out.width, 0)}\n`);
  return EXIT.ok;
}
