/** Real artefacts for the artefact tests: every bundled sample patched, plus a group with a behaviour of its own. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildArtefact, reverseArtefact, type PatchArtefact } from '../../src/patch/artefact.js';
import { planExport } from '../../src/patch/patch.js';
import { applyEdits } from '../../src/esa/edits.js';
import { DEFAULT_RECIPE } from '../../src/recipes/index.js';

const SAMPLES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'samples');

export interface RealArtefact {
  name: string;
  /** The input export (latin1). */
  input: string;
  /** The patched export (latin1). */
  output: string;
  /** The artefact as JSON would give it back. */
  artefact: PatchArtefact;
}

/** The CRES group of half-patched.xml with a behaviour of its own instead of `$CRES_TLS`: its rollback writes that behaviour back. */
function ownBehaviour(text: string): string {
  const ref = '    $CRES_TLS (Cisco RES secure replies - TODO: TLS, old range, iphmx)';
  if (!text.includes(ref)) throw new Error('half-patched.xml changed: update the fixture');
  return text.replace(ref, '    ACCEPT');
}

export function realArtefacts(): RealArtefact[] {
  const recipe = DEFAULT_RECIPE;
  const out: RealArtefact[] = [];
  const files = readdirSync(SAMPLES)
    .filter((f) => f.endsWith('.xml'))
    .sort();
  const inputs = files.map((f) => ({ name: f, text: readFileSync(join(SAMPLES, f), 'latin1') }));
  const half = inputs.find((i) => i.name === 'half-patched.xml');
  if (half) inputs.push({ name: 'own-behaviour.xml', text: ownBehaviour(half.text) });
  for (const { name, text } of inputs) {
    const r = planExport(text, { recipe });
    if (r.outcome !== 'patched') continue;
    const artefact = JSON.parse(JSON.stringify(buildArtefact(r, text, name, 'esa-patch test'))) as PatchArtefact;
    out.push({ name, input: text, output: applyEdits(text, r.edits), artefact });
  }
  // Removals that record their text: the undo of multi-listener.xml's patch, as an artefact of its own.
  const multi = out.find((x) => x.name === 'multi-listener.xml');
  if (multi) {
    const artefact = JSON.parse(JSON.stringify(reverseArtefact(multi.artefact))) as PatchArtefact;
    for (const op of artefact.operations) {
      if (op.op === 'remove-sender-group')
        op.text = `${op.group}:\n${op.senders.map((s) => `    ${s}\n`).join('')}    $CRES_TLS (${op.comment})\n`;
      if (op.op === 'remove-policy') op.text = `$${op.policy}\n    ACCEPT {\n        tls = "required"\n    }\n`;
    }
    out.push({ name: 'removal', input: multi.output, output: multi.input, artefact });
  }
  return out;
}
