/** Reading a patch artefact (`OUT.patch.json`) from a file. */
import { resolve } from 'node:path';
import { checkArtefact, type PatchArtefact } from '../patch/artefact.js';
import { CliError, readLatin1 } from './files.js';

/** Reads and checks the artefact at `path`. Throws CliError `bad-artefact` (exit 1) saying what is wrong. */
export function readArtefactFile(path: string, cwd: string): PatchArtefact {
  const text = readLatin1(resolve(cwd, path));
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(text, 'latin1').toString('utf8')) as unknown;
  } catch (e) {
    throw new CliError(`${path}: not a patch artefact: not valid JSON (${(e as Error).message}); give the OUT.patch.json that apply wrote`, 'bad-artefact');
  }
  const problem = checkArtefact(raw);
  if (problem) throw new CliError(`${path}: not an esa-patch artefact: ${problem}; give the OUT.patch.json that apply wrote`, 'bad-artefact');
  return raw as PatchArtefact;
}
