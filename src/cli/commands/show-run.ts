/** `esa-patch show X.patch.json`: a patch artefact in words. */
import type { CliIo } from '../io.js';
import type { Args } from '../args.js';
import { describeOperation } from '../../patch/operations.js';
import { ARTEFACT_FORMAT, type PatchArtefact } from '../../patch/artefact.js';
import { decodeForTerminal } from '../../report/terminal.js';
import { wrapText } from '../../report/text.js';
import { describeRecipe } from '../../report/recipe-text.js';
import { EXIT } from '../exit-codes.js';
import { artefactRecipe, readArtefactFile } from '../artefact-file.js';
import { jsonOut } from '../job.js';
import { outputOf } from '../output.js';
import { oneLine } from '../../report/terminal.js';

/** The artefact in words, one fact per line. */
export function describeArtefact(a: PatchArtefact, path: string): string {
  const deleted = a.edits.reduce((n, e) => n + e.delete.length, 0);
  const inserted = a.edits.reduce((n, e) => n + e.insert.length, 0);
  const r = a.recipe;
  let out = `${path}: patch artefact (${a.format}, ${a.direction === 'forward' ? 'as apply wrote it' : 'an undo'}), made by ${a.tool}\n`;
  const f1 = (s: string | null | undefined) => (s === null || s === undefined ? null : oneLine(s));
  if (a.created || a.changeId)
    out += `  ${a.changeId ? `change ${oneLine(a.changeId)}` : 'no change id'}; ${a.created ? `written ${oneLine(a.created)}` : 'time not recorded'}\n`;
  out += `  appliance: ${f1(a.input.hostname) ?? '(no hostname)'}; serial ${f1(a.input.serial) ?? '(not recorded)'}; AsyncOS ${f1(a.input.asyncos) ?? '(unknown)'}\n`;
  out += `  input:  ${oneLine(a.input.file)}, ${a.input.bytes} bytes, sha256 ${a.input.sha256}\n`;
  out += `  output: ${a.output.bytes} bytes, sha256 ${a.output.sha256}\n`;
  const recipe = artefactRecipe(a);
  const recorded =
    a.format === ARTEFACT_FORMAT
      ? ` (recorded as ${a.recipe.name}, sha256 ${a.recipe.sha256}${a.recipe.source ? `, made from ${a.recipe.source.name}` : ''})`
      : '';
  out += `  recipe: ${recipe ? describeRecipe(recipe) : describeRecipe(r as Record<string, unknown>)}${recorded}\n`;
  out += `  listeners: ${a.listeners.map((l) => `${oneLine(l.name)} (${oneLine(l.path)})`).join(', ') || '(none changed)'}\n`;
  out += `  operations:${a.operations.length ? '' : ' none'}\n`;
  for (const op of a.operations) out += `    - ${oneLine(op.listener)}: ${oneLine(describeOperation(op))}\n`;
  out += `  edits: ${a.edits.length} (${deleted} bytes removed, ${inserted} bytes inserted)\n`;
  out += `  load the output only on ${f1(a.input.hostname) ?? 'this appliance'} running AsyncOS ${f1(a.input.asyncos) ?? '(the version it was exported from)'}; undo with esa-patch rollback OUT.xml --patch ${path}\n`;
  return out;
}

/** Runs `show` (declared in `./show.ts`). */
export async function runShow(a: Args, io: CliIo): Promise<number> {
  const path = a.positional('artefact')!;
  const artefact = readArtefactFile(path, io.cwd);
  const out = outputOf(io);
  if (a.flag('json')) out.raw(jsonOut(artefact));
  // The artefact's strings are characters; the terminal path takes UTF-8 bytes, one character per byte.
  else out.out(decodeForTerminal(Buffer.from(wrapText(describeArtefact(artefact, path), out.width), 'utf8').toString('latin1'), null));
  return EXIT.ok;
}
