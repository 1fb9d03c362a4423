/**
 * Human-readable reports of plan, apply and rollback, in the appliance's words, for a terminal
 * of a given width: what changes, file by file or group by group; then the findings, folded
 * when several files share one, errors last; then a one-line summary. Single files and batches
 * show findings the same way. Pure: the caller prints (see `cli/output.ts`).
 */
import type { Finding, Severity } from '../findings.js';
import { messageOf } from './messages.js';
import { decodeForTerminal } from './terminal.js';
import type { Landing } from '../patch/trace.js';
import type { FileReport } from './model.js';
import type { PlanGroup } from './groups.js';
import { oneLine } from './terminal.js';

/** `file:line:col: ` or `file: ` or nothing. */
function where(f: Finding): string {
  return f.file ? `${oneLine(f.file)}${f.line ? `:${f.line}:${f.col ?? 1}` : ''}: ` : '';
}

/** `file:line:col: severity: message [code]`, in full. */
export function formatFinding(f: Finding): string {
  return `${where(f)}${f.severity}: ${messageOf(f)} [${f.code}]`;
}

/** What the run was, for the words of verdicts and the summary. */
export type Verb = 'plan' | 'apply' | 'rollback' | 'rollback-plan';

/** How a report is rendered. */
export interface TextOptions {
  verb: Verb;
  /** Columns; lines are wrapped to fit (info findings, one line each, are shortened instead; warnings and errors never). */
  width: number;
  detail: 'quiet' | 'normal' | 'verbose';
  /** Print the diffs. */
  showDiff: boolean;
  /** How a written path is shown (the CLI: relative to the working directory); default as it is. */
  shown?: (path: string) => string;
  /** List each input's written files (default); false: the caller prints one summary line instead, `verbose` still lists them. */
  listWrites?: boolean;
}

const VERDICT: Record<Verb, Record<FileReport['outcome'], string>> = {
  plan: { unchanged: 'nothing to do', patched: 'changes pending', refused: 'REFUSED', error: 'ERROR' },
  apply: { unchanged: 'nothing to do (written unchanged)', patched: 'patched', refused: 'REFUSED', error: 'ERROR' },
  rollback: { unchanged: 'nothing to undo', patched: 'rolled back', refused: 'REFUSED', error: 'ERROR' },
  'rollback-plan': { unchanged: 'nothing to undo', patched: 'would roll back', refused: 'REFUSED', error: 'ERROR' },
};

/** The verdict on one file; a re-run's set found whole says so. */
function verdictOf(r: FileReport, verb: Verb): string {
  return `${VERDICT[verb][r.outcome]}${r.upToDate ? ' (already up to date: nothing written)' : ''}`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** `file (hostname, AsyncOS x, serial s)`. */
function appliance(r: FileReport): string {
  const head = [r.hostname, r.asyncos ? `AsyncOS ${r.asyncos}` : null]
    .filter(Boolean)
    .map((x) => oneLine(x!))
    .join(', ');
  return `${oneLine(r.file)}${head ? ` (${head})` : ''}`;
}

/** `"off" ($A, $B), "required" ($C)`: the TLS tokens a HAT uses, so users see their release's vocabulary. */
export function tlsVocabulary(tls: Record<string, string | null>): string {
  const byValue = new Map<string, string[]>();
  for (const [policy, value] of Object.entries(tls)) {
    const key = value === null ? '(inherited)' : `"${value}"`;
    byValue.set(key, [...(byValue.get(key) ?? []), `$${policy}`]);
  }
  return [...byValue].map(([v, ps]) => `${v} (${ps.join(', ')})`).join(', ');
}

/**
 * Wraps one line to `width` at spaces; continuation lines are indented two more than the
 * line. A word longer than a line is cut.
 */
export function wrapLine(line: string, width: number, hang = 2): string[] {
  if (line.length <= width) return [line];
  const indent = ' '.repeat(Math.min(line.length - line.trimStart().length + hang, Math.floor(width / 2)));
  const out: string[] = [];
  let rest = line;
  let first = true;
  while (rest.length > 0) {
    const prefix = first ? '' : indent;
    const room = width - prefix.length;
    if (rest.length <= room) {
      out.push(prefix + rest);
      break;
    }
    let cut = rest.lastIndexOf(' ', room);
    if (cut <= (first ? line.length - line.trimStart().length : 0)) cut = room;
    out.push(prefix + rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
    first = false;
  }
  return out;
}

/** Wraps every line of `text` (not diffs: they are printed as they are). */
export function wrapText(text: string, width: number, hang = 2): string {
  return text
    .split('\n')
    .flatMap((l) => wrapLine(l, width, hang))
    .join('\n');
}

/** `line` shortened to `width` with an ellipsis, keeping `tail` (the code) whole. */
function shorten(head: string, tail: string, width: number): string {
  if (head.length + tail.length <= width) return head + tail;
  return `${head.slice(0, Math.max(10, width - tail.length - 1)).trimEnd()}…${tail}`;
}

/**
 * Operation `i` of a report in words: the CLI puts the HAT language's description of each
 * operation in `changes` (the report layer renders, it does not describe the core's values).
 */
export function changeText(r: FileReport | undefined, i: number): string {
  return r?.changes?.[i] ?? r?.operations[i]?.op ?? '?';
}

/** Listeners and operations of one file. */
function fileBody(r: FileReport, o: TextOptions): string {
  let out = `${appliance(r)}: ${verdictOf(r, o.verb)}\n`;
  for (const l of r.listeners) {
    if (!l.selected) {
      out += `  listener ${oneLine(l.name)} (${oneLine(l.type || 'no type')}): not selected\n`;
      continue;
    }
    const ops = r.operations
      .map((op, i) => ({ op, i }))
      .filter(({ op }) => (op.listenerPath === undefined ? op.listener === l.name : op.listenerPath === l.path));
    const state = ops.length
      ? plural(ops.length, 'change')
      : r.outcome === 'patched' || r.outcome === 'unchanged'
        ? 'already compliant'
        : 'not changed';
    out += `  listener ${oneLine(l.name)} (${oneLine(l.type || 'no type')}, ${l.path}): ${state}\n`;
    for (const { i } of ops) out += `    - ${changeText(r, i)}\n`;
    const vocabulary = tlsVocabulary(l.tls);
    if (vocabulary && o.detail === 'verbose') out += `    TLS values in this HAT: ${vocabulary}\n`;
  }
  if (!r.listeners.length) r.operations.forEach((op, i) => (out += `  - ${op.listener}: ${changeText(r, i)}\n`));
  return decodeForTerminal(wrapText(out, o.width), r.encoding ?? null) + publishedText(r, o);
}

/** Where a host lands, in a few words: `CRES $CRES_TLS ACCEPT, tls required`. */
function landingWords(l: Landing): string {
  if (!l.entry) return 'no entry';
  return `${l.entry}${l.policy === null ? '' : ` $${l.policy}`} ${l.behaviour ?? '?'}${l.tls === null ? '' : `, tls ${l.tls}`}`;
}

/**
 * For a plan: where the recipe's published hosts land, today and after the change, in each
 * listener the plan changes, one host a line (`--json` and the HTML page have every selected
 * listener, and the entries that may match first).
 */
function publishedText(r: FileReport | undefined, o: TextOptions): string {
  if (!r?.published || o.verb !== 'plan') return '';
  const changed = new Set(r.operations.map((op) => op.listenerPath ?? op.listener));
  let out = '';
  for (const p of r.published) {
    if (!changed.has(p.listenerPath) && !changed.has(p.listener)) continue;
    out += `  published hosts on ${oneLine(p.listener)}, today -> after the change:\n`;
    // Hosts treated alike are one line (every name with --verbose).
    const alike = new Map<string, string[]>();
    for (const row of p.rows) {
      const words = row.changed ? `${landingWords(row.before)} -> ${landingWords(row.after)}` : `${landingWords(row.after)} (unchanged)`;
      alike.set(words, [...(alike.get(words) ?? []), `${row.host} ${row.ip}`]);
    }
    for (const [words, hosts] of alike)
      out += `    ${hosts.length === 1 ? hosts[0] : o.detail === 'verbose' ? hosts.join(', ') : `${hosts.length} hosts (${fewOf(hosts, 2)})`}: ${words}\n`;
  }
  return out ? decodeForTerminal(wrapText(out, o.width, 6), r.encoding ?? null) : '';
}

/** `group g1: 150 appliances: a.xml, b.xml, c.xml and 147 more`, naming as many (1 to 3) as fit the width. */
function groupTitle(g: PlanGroup, width: number): string {
  let title = '';
  for (let few = 3; few >= 1; few--) {
    title = `group ${g.id}: ${plural(g.files.length, 'appliance')}: ${fewOf(g.files, few)}`;
    if (title.length <= width) break;
  }
  return title;
}

/** `a.xml, b.xml, c.xml and 147 more`. */
export function fewOf(names: readonly string[], few = 3): string {
  const shown = names.slice(0, few).map(oneLine).join(', ');
  return names.length <= few ? shown : `${shown} and ${names.length - few} more`;
}

/** One finding shared by one or more files. */
interface Folded {
  f: Finding;
  message: string;
  places: string[];
}

/** Identical findings (same severity, code and message) of several files, folded, in order of first appearance. */
export function foldFindings(reports: readonly FileReport[]): Folded[] {
  const byKey = new Map<string, Folded>();
  for (const r of reports) {
    for (const f of r.findings) {
      const message = decodeForTerminal(messageOf(f), r.encoding ?? null);
      const key = `${f.severity}\0${f.code}\0${message}`;
      const place = where(f).replace(/: $/, '');
      const hit = byKey.get(key);
      if (hit) hit.places.push(place);
      else byKey.set(key, { f, message, places: [place] });
    }
  }
  return [...byKey.values()];
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/**
 * The findings block: info, then warnings, then errors (last, nearest the summary). Errors,
 * and every finding with `verbose`, are printed in full after their location; warnings in
 * full too, wrapped to the width, never shortened; info on one line, shortened to fit. In a
 * run of several files the places follow on the next line (a one-file run names only line and
 * column: the file is the run's).
 */
function findingLines(folded: readonly Folded[], o: TextOptions, severities: readonly Severity[], files: number): string {
  let out = '';
  const list = folded.filter((x) => severities.includes(x.f.severity)).sort((a, b) => RANK[a.f.severity] - RANK[b.f.severity]);
  // In a batch, info findings of one code whose messages differ by appliance (a serial, a
  // version) are one line, not one per appliance: --verbose shows each.
  const infoCodes = new Map<string, number>();
  if (files > 1 && o.detail === 'normal')
    for (const x of list) if (x.f.severity === 'info') infoCodes.set(x.f.code, (infoCodes.get(x.f.code) ?? 0) + 1);
  const merged = new Set<string>();
  for (const { f, message, places } of list) {
    const tail = ` [${f.code}]`;
    if ((infoCodes.get(f.code) ?? 0) > 1) {
      if (merged.has(f.code)) continue;
      merged.add(f.code);
      const same = list.filter((x) => x.f.severity === 'info' && x.f.code === f.code);
      const n = same.reduce((k, x) => k + x.places.length, 0);
      out += `${shorten(`info: ${n} findings, different in each file, e.g. ${message}`, tail, o.width)}\n`;
      continue;
    }
    if (f.severity === 'error' || o.detail === 'verbose') {
      out += places.map((p) => `${wrapLine(`${p ? `${p}: ` : ''}${f.severity}: ${message}${tail}`, o.width).join('\n')}\n`).join('');
      continue;
    }
    const local = files === 1 && f.file && f.line ? `${f.line}:${f.col ?? 1}: ` : '';
    // A warning is never shortened (a treatment-change's point is its last words): wrapped.
    out +=
      f.severity === 'info'
        ? `${shorten(`${local}${f.severity}: ${message}`, tail, o.width)}\n`
        : `${wrapLine(`${local}${f.severity}: ${message}${tail}`, o.width).join('\n')}\n`;
    if (files > 1)
      out += `${wrapLine(`  in ${places.length === 1 ? '' : `${plural(places.length, 'file')}: `}${fewOf(places.filter(Boolean))}`, o.width).join('\n')}\n`;
  }
  return out;
}

/** The parts of a run's text report, in the order they are printed. */
export interface RunText {
  /** What changes (standard output; empty with `quiet`). */
  body: string;
  /** Info and warning findings (standard output; empty with `quiet`). */
  notes: string;
  /** Errors and refusals (standard error), printed last before the summary. */
  errors: string;
  /** The one-line summary. */
  summary: string;
}

/** Renders a run over one or more files. */
export function renderRun(reports: readonly FileReport[], groups: readonly PlanGroup[], o: TextOptions): RunText {
  let body = '';
  const byFile = new Map(reports.map((r) => [r.file, r]));
  if (reports.length === 1) {
    const r = reports[0]!;
    body += fileBody(r, o);
    if (o.showDiff && r.diff) body += decodeForTerminal(r.diff, r.encoding ?? null);
  } else {
    const groupOf = new Map<string, PlanGroup>();
    for (const g of groups) for (const f of g.files) groupOf.set(f, g);
    for (const r of reports) {
      const g = groupOf.get(r.file);
      const tag = g && g.files.length > 1 ? ` [${g.id}]` : '';
      body += `${wrapLine(`${oneLine(r.file)}${r.hostname ? ` (${oneLine(r.hostname)})` : ''}: ${verdictOf(r, o.verb)}${tag}`, o.width).join('\n')}\n`;
    }
    for (const g of groups) {
      if (g.outcome !== 'patched') continue;
      const first = byFile.get(g.files[0]!);
      const encoding = first?.encoding ?? null;
      const title = g.files.length === 1 ? `${first ? appliance(first) : g.files[0]}:` : groupTitle(g, o.width);
      let text = `\n${title}\n`;
      g.operations.forEach((op, i) => (text += `  - ${op.listener}: ${changeText(first, i)}\n`));
      body += decodeForTerminal(wrapText(text, o.width), encoding) + publishedText(first, o);
      if (o.showDiff && g.diff) body += decodeForTerminal(g.diff, encoding);
    }
  }
  const shown = (p: string) => oneLine((o.shown ?? ((x) => x))(p));
  for (const r of o.listWrites === false && o.detail !== 'verbose' ? [] : reports) {
    if (!r.written) continue;
    body += wrapText(`wrote ${shown(r.written.xml)}, ${shown(r.written.diff)}, ${shown(r.written.artefact)}\n`, o.width);
  }
  const folded = foldFindings(reports);
  const notes = findingLines(folded, o, ['info', 'warning'], reports.length);
  const errors = findingLines(folded, o, ['error'], reports.length);
  const shortened = o.detail === 'normal' && /…/.test(notes);
  const hint = shortened ? wrapText(`(shortened: esa-patch explain CODE says more; --verbose prints all in full)\n`, o.width) : '';
  return {
    body: o.detail === 'quiet' ? '' : body,
    notes: o.detail === 'quiet' ? '' : notes + hint,
    errors,
    summary: wrapText(summaryLine(reports, groups, o.verb, folded), o.width) + '\n',
  };
}

/** `3 files: 1 changes pending, 1 nothing to do, 1 ERROR; 2 groups; 1 error, 2 warnings, 5 info`. */
function summaryLine(reports: readonly FileReport[], groups: readonly PlanGroup[], verb: Verb, folded: readonly Folded[]): string {
  // Sets a re-run found whole are counted apart: `100 patched, 36 already up to date`.
  const outcomes = (['patched', 'unchanged', 'refused', 'error'] as const)
    .map((o) => ({ n: reports.filter((r) => r.outcome === o && !r.upToDate).length, o }))
    .filter((x) => x.n > 0)
    .map((x) => `${x.n} ${VERDICT[verb][x.o]}`);
  const upToDate = reports.filter((r) => r.upToDate).length;
  if (upToDate) outcomes.push(`${upToDate} already up to date`);
  const count = (s: Severity) => folded.filter((x) => x.f.severity === s).reduce((n, x) => n + x.places.length, 0);
  const severities = [plural(count('error'), 'error'), plural(count('warning'), 'warning'), `${count('info')} info`];
  const grouped = reports.length > 1 ? `; ${plural(groups.length, 'group')} of identical plans` : '';
  return `${verb === 'rollback-plan' ? 'rollback --plan' : verb}: ${plural(reports.length, 'file')}: ${outcomes.join(', ')}${grouped}; ${severities.join(', ')}`;
}
