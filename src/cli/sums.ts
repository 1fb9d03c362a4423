/**
 * What an `apply --out-dir DIR` run leaves beside its outputs: `DIR/SHA256SUMS`, the checksum of
 * every file the run wrote under DIR, in the format `sha256sum -c` reads (`cd DIR && sha256sum
 * -c SHA256SUMS`), names relative to DIR, sorted by name. A run into a directory that already
 * has one keeps its lines for files the run did not write that are still there, so appliances
 * added to a fleet's directory in a later run are listed beside the earlier ones; a re-run that
 * writes the same set finds the same file: done, not a conflict. Paths shown to people are
 * relative to the working directory (see {@link shownPath}).
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { ReportDocument } from '../report/report-document.js';
import type { WrittenFile } from '../report/model.js';
import { commitOutputSet } from './fs/index.js';
import { refused } from '../findings.js';

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
export function sumsText(dir: string, written: readonly WrittenFile[], earlier: ReadonlyMap<string, string> = new Map()): string {
  const entries = new Map<string, string>(earlier);
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
  const entries = sumsEntries(text);
  return entries && [...entries.keys()];
}

/** A checksum file's lines as name → sha256 (GNU format, escapes undone); null when a line is not of that format. */
export function sumsEntries(text: string): Map<string, string> | null {
  const entries = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const m = /^(\\?)([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!m) return null;
    entries.set(m[1] ? m[3]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c)) : m[3]!, m[2]!);
  }
  return entries;
}

/**
 * Before anything is written: a file named SHA256SUMS already in `dir` that is not a checksum
 * file (a line not in the format `sha256sum` writes) would have to be replaced, so without
 * `force` the run is refused now (`output-exists`, nothing written). One that is a checksum
 * file is kept and extended at the end (see {@link writeSums}).
 */
export function checkSums(dir: string, force: boolean, shown: string): void {
  const path = join(dir, SUMS_NAME);
  if (force || !existsSync(path)) return;
  if (sumsEntries(Buffer.from(readFileSync(path, 'latin1'), 'latin1').toString('utf8')) === null)
    throw refused('output-exists', { path: shown });
}

/** What became of the checksum file. */
export interface SumsResult {
  path: string;
  /** `written`, or `same`: the file was there with exactly this content (a re-run of the same set). */
  status: 'written' | 'same';
  /** Files listed. */
  count: number;
  /** Of those, files an earlier run wrote (kept from the checksum file that was there). */
  earlier: number;
}

/**
 * Writes `dir/SHA256SUMS` for `written` atomically (temporary file, fsync, rename), keeping the
 * lines of a checksum file already there for the files this run did not write that are still
 * in `dir` (a later run adding appliances to the directory). A file already there with exactly
 * this content is left as it is. {@link checkSums} has refused, before anything was written, a
 * SHA256SUMS that is not a checksum file.
 */
export function writeSums(dir: string, written: readonly WrittenFile[]): SumsResult {
  const path = join(dir, SUMS_NAME);
  const before = existsSync(path) ? readFileSync(path, 'latin1') : null;
  // The lines of an earlier run for files this run did not write and that are still there.
  const earlier = new Map<string, string>();
  const mine = new Set(written.map((w) => nameIn(dir, w.path)));
  for (const [name, sha] of (before !== null && sumsEntries(Buffer.from(before, 'latin1').toString('utf8'))) || [])
    if (!mine.has(name) && existsSync(join(dir, ...name.split('/')))) earlier.set(name, sha);
  const text = sumsText(dir, written, earlier);
  const count = text ? text.split('\n').length - 1 : 0;
  // File names are written as UTF-8, as sha256sum reads them on a UTF-8 system.
  const content = Buffer.from(text, 'utf8').toString('latin1');
  if (before === content) return { path, status: 'same', count, earlier: earlier.size };
  // The checksum file is the run's own account of the directory: replaced as a whole, atomically.
  commitOutputSet([{ path, content }], { force: true });
  return { path, status: 'written', count, earlier: earlier.size };
}
