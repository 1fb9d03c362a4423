/** Reading a patch artefact (`OUT.patch.json`): parsed and validated before anything uses it. */
import { resolve } from 'node:path';
import { finding } from '../findings.js';
import type { PatchArtefact } from '../patch/artefact.js';
import { validateArtefact } from '../patch/artefact-schema.js';
import { messageOf } from '../report/messages.js';
import { CliError, readLatin1 } from './fs/index.js';

/**
 * The artefact of `file` (its bytes as latin1): parsed and validated before anything uses it.
 * Anything else is exit 1 with `artefact-invalid`, naming the JSON path of the first problem.
 */
export function readArtefact(bytes: string, file: string): PatchArtefact {
  const invalid = (path: string, problem: string) => new CliError(messageOf(finding('artefact-invalid', 'error', { file, path, problem })), 'artefact-invalid');
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(bytes, 'latin1').toString('utf8')) as unknown;
  } catch (e) {
    throw invalid('$', `is not valid JSON (${e instanceof Error ? e.message.replace(/[^\x20-\x7e]/g, '?').slice(0, 200) : 'unreadable'})`);
  }
  const v = validateArtefact(raw);
  if (!v.ok) throw invalid(v.path, v.problem);
  return v.artefact;
}

/** Reads and validates the artefact at `path` (relative to `cwd`); see {@link readArtefact}. */
export function readArtefactFile(path: string, cwd: string): PatchArtefact {
  return readArtefact(readLatin1(resolve(cwd, path)), path);
}
