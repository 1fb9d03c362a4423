/**
 * What `plan` and `apply` do for the appliance's side after the plans: `apply --hat-files DIR`
 * writes each changed listener's new HAT text as a file (what `hostaccess import` loads, for an
 * administrator, or a cloud-gateway customer going through Cisco support, to import by hand);
 * `--tokens FILE` records the TLS tokens each export uses and warns `tls-token-unwitnessed`
 * when the token a plan writes has not been read back by a verified push on that AsyncOS version.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { finding, Refused } from '../../findings.js';
import { hatFilesOf } from '../../appliance/hat-files.js';
import { formatTokens, isWitnessed, recordTokens, tokensOf, type TokensFile } from '../../appliance/tokens.js';
import { viewExport } from '../../patch/diff-exports.js';
import type { Recipe } from '../../recipes/recipe.js';
import type { FileReport } from '../../report/model.js';
import { commitOutputSet, readLatin1 } from '../fs/index.js';
import { readTokensFile } from './tokens-file.js';
import { writeBytesDurably } from './rollout-journal.js';

/** Writes the HAT files of every patched report into `dir`; returns the lines to print. Throws a `Refused`. */
export function writeHatFiles(reports: readonly FileReport[], dir: string, force: boolean): string[] {
  const files: { path: string; content: string; listener: string }[] = [];
  for (const r of reports) {
    if (r.outcome !== 'patched' || !r.written) continue;
    const patched = readLatin1(r.written.xml);
    const artefact = JSON.parse(readFileSync(r.written.artefact, 'utf8')) as { listeners: { name: string; path: string }[] };
    const stem = basename(r.written.xml).replace(/\.xml$/i, '');
    try {
      for (const h of hatFilesOf(patched, artefact.listeners, stem))
        files.push({ path: join(dir, h.name), content: h.bytes, listener: h.listener });
    } catch (e) {
      throw e instanceof Refused ? new Refused({ ...e.finding, file: r.file }) : e;
    }
  }
  if (!files.length) return ['--hat-files: no listener changed, no HAT file written'];
  mkdirSync(dir, { recursive: true });
  commitOutputSet(
    files.map((f) => ({ path: f.path, content: f.content })),
    { force },
  );
  return files.map((f) => `wrote the HAT of listener ${f.listener} to ${f.path} (${f.content.length} bytes)`);
}

/**
 * With `--tokens FILE`: warns on each report whose plan writes a TLS token not witnessed for its
 * export's version, records the tokens the exports use as `seen`, and writes the file back.
 */
export function witnessTokens(path: string, jobs: readonly { path: string; recipe: Recipe }[], reports: FileReport[]): void {
  let tokens: TokensFile = readTokensFile(path);
  const before = tokens;
  jobs.forEach((job, k) => {
    const r = reports[k];
    if (!r || !r.asyncos || (r.outcome !== 'patched' && r.outcome !== 'unchanged')) return;
    try {
      tokens = recordTokens(tokens, r.asyncos, 'seen', tokensOf(viewExport(readLatin1(job.path))));
    } catch {
      // an export the plan read but diff cannot view: nothing to record
    }
    if (r.outcome !== 'patched') return;
    for (const p of job.recipe.policies) {
      const token = p.params['tls'];
      if (token && !isWitnessed(before, r.asyncos, token))
        r.findings.push(finding('tls-token-unwitnessed', 'warning', { token, version: r.asyncos, policy: p.name }, { file: r.file }));
    }
  });
  writeBytesDurably(path, Buffer.from(formatTokens(tokens), 'utf8'));
}

/**
 * `pull --tokens FILE`: records the TLS tokens each pulled export uses as `seen` for the
 * AsyncOS build the appliance reported, and writes the file back (only when it changed).
 */
export function recordPulledTokens(path: string, pulled: readonly { file: string; build: string }[]): void {
  let tokens: TokensFile = readTokensFile(path);
  const before = formatTokens(tokens);
  for (const p of pulled) {
    try {
      tokens = recordTokens(tokens, p.build, 'seen', tokensOf(viewExport(readLatin1(p.file))));
    } catch {
      // an export pull wrote but diff cannot view: nothing to record
    }
  }
  const after = formatTokens(tokens);
  if (after !== before) writeBytesDurably(path, Buffer.from(after, 'utf8'));
}
