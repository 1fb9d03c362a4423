/**
 * What an `apply --out-dir DIR` run leaves beside its outputs: `DIR/SHA256SUMS`, the checksum of
 * every file the run wrote under DIR, in the format `sha256sum -c` reads (`cd DIR && sha256sum
 * -c SHA256SUMS`). Its content is a pure function of the output set (names relative to DIR,
 * sorted by name), so a re-run that writes the same set finds the same file: done, not a
 * conflict. Paths shown to people are relative to the working directory (see {@link shownPath}).
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { ReportDocument } from '../report/report-document.js';
import type { WrittenFile } from '../report/model.js';
import { commitOutputSet, fsError } from './fs/index.js';

/** The checksum file's name, in the output directory. */
export const SUMS_NAME = 'SHA256SUMS';

/**
 * A path as a report shows it: relative to `cwd` when it lies under `cwd` (`out/esa1.xml`),
 * in full otherwise (an output elsewhere is named unambiguously, never as `../../..`).
 */
export function shownPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  if (rel === '') return '.';
  if (isAbsolute(rel) || rel === '..' || rel.startsWith(`..${sep}`)) return path;
  return rel;
}

/** The report document with every written path (per file and besides) as {@link shownPath} shows it: for the HTML page. */
export function shownDocument(doc: ReportDocument, cwd: string): ReportDocument {
  const files = (ws: readonly WrittenFile[]) => ws.map((w) => ({ ...w, path: shownPath(cwd, w.path) }));
  return {
    ...doc,
    files: doc.files.map((r) => ({
      ...r,
      ...(r.written
        ? {
            written: {
              xml: shownPath(cwd, r.written.xml),
              diff: shownPath(cwd, r.written.diff),
              artefact: shownPath(cwd, r.written.artefact),
            },
          }
        : {}),
      ...(r.outputs ? { outputs: files(r.outputs) } : {}),
    })),
    ...(doc.written ? { written: files(doc.written) } : {}),
  };
}

/**
 * One line of a checksum file as GNU `sha256sum` writes it: `HEX  NAME`; a name holding a
 * backslash, a line feed or a carriage return is escaped (`\\`, `\n`, `\r`) and the line
 * starts with a backslash, which `sha256sum -c` reads back.
 */
export function sumsLine(sha256: string, name: string): string {
  if (!/[\\\n\r]/.test(name)) return `${sha256}  ${name}\n`;
  const escaped = name.replace(/[\\\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : '\\r'));
  return `\\${sha256}  ${escaped}\n`;
}

/**
 * The checksum file of the files written under `dir` (absolute paths; others are not listed):
 * one line per file, names relative to `dir` with `/` separators, sorted by name. Pure.
 */
export function sumsText(dir: string, written: readonly WrittenFile[]): string {
  const entries = new Map<string, string>();
  for (const w of written) {
    const name = nameIn(dir, w.path);
    if (name !== null) entries.set(name, w.sha256);
  }
  return [...entries]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, sha]) => sumsLine(sha, name))
    .join('');
}

/** `name` relative to `dir` with `/` separators, or null when it is not under `dir` (or is the checksum file). */
function nameIn(dir: string, path: string): string | null {
  const rel = relative(dir, path);
  if (rel === '' || isAbsolute(rel) || rel === '..' || rel.startsWith(`..${sep}`) || rel === SUMS_NAME) return null;
  return rel.split(sep).join('/');
}

/** The names a checksum file lists (GNU format, escapes undone); null when a line is not of that format. */
export function sumsNames(text: string): string[] | null {
  const names: string[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const m = /^(\\?)[0-9a-f]{64} [ *](.+)$/.exec(line);
    if (!m) return null;
    names.push(m[1] ? m[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c)) : m[2]!);
  }
  return names;
}

/**
 * Before anything is written: a checksum file already in `dir` that lists other files than the
 * run will write (`paths`, absolute) would have to be replaced, so without `force` the run is
 * refused now (`output-exists`, nothing written) rather than after its outputs are written. One
 * listing the same names is a re-run of the same set: its content is compared at the end.
 */
export function checkSums(dir: string, paths: readonly string[], force: boolean, shown: string): void {
  const path = join(dir, SUMS_NAME);
  if (force || !existsSync(path)) return;
  const planned = [...new Set(paths.map((p) => nameIn(dir, p)).filter((n): n is string => n !== null))].sort();
  const listed = sumsNames(readFileSync(path, 'utf8'));
  if (listed && listed.length === planned.length && [...listed].sort().every((n, k) => n === planned[k])) return;
  throw fsError('output-exists', { path: shown });
}

/** What became of the checksum file. */
export interface SumsResult {
  path: string;
  /** `written`, or `same`: the file was there with exactly this content (a re-run of the same set). */
  status: 'written' | 'same';
  /** Files listed. */
  count: number;
}

/**
 * Writes `dir/SHA256SUMS` for `written` atomically (temporary file, fsync, rename). A file
 * already there with the same content is left as it is; another one is replaced only with
 * `force` (else the `output-exists` CliError of {@link commitOutputSet}).
 */
export function writeSums(dir: string, written: readonly WrittenFile[], force: boolean): SumsResult {
  const path = join(dir, SUMS_NAME);
  const text = sumsText(dir, written);
  const count = text ? text.split('\n').length - 1 : 0;
  // File names are written as UTF-8, as sha256sum reads them on a UTF-8 system.
  const content = Buffer.from(text, 'utf8').toString('latin1');
  if (existsSync(path) && readFileSync(path, 'latin1') === content) return { path, status: 'same', count };
  commitOutputSet([{ path, content }], { force });
  return { path, status: 'written', count };
}
