/**
 * Text rendering of `diff` (one comparison, or a fleet's drift by group), of `trace`, and of
 * the published-hosts before/after table. Pure: documents in, text out. Strings from an export
 * pass through {@link shown} (control characters escaped) before they reach a terminal.
 */
import type { ExportIdentity, HatChange, ListenerDiff, SettingChange } from '../patch/diff-exports.js';
import type { HatTrace, Landing, ListenerTrace, PublishedHostRow, TraceHost, TraceStep } from '../patch/trace.js';
import { messageOf } from './messages.js';
import type { DiffComparison, DiffDocument } from './diff-schema.js';
import { differingListeners } from './drift.js';
import type { Finding } from '../findings.js';

/**
 * Text from an export with its C0 controls and DEL as `\xNN`, so no line of the report is
 * forged. Everything else stays: the document holds text decoded from each export's encoding,
 * and the CLI escapes C1 and bidi controls at its output (`cli/output.ts`, `safeForTerminal`).
 */
export function shown(s: string | null | undefined): string {
  // eslint-disable-next-line no-control-regex
  return (s ?? '').replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

const value = (v: string | null) => (v === null ? '(not set)' : shown(v));
const params = (p: readonly [string, string][]) => (p.length ? ` { ${p.map(([k, v]) => `${shown(k)} = ${shown(v)}`).join(', ')} }` : '');
const list = (xs: readonly string[]) => xs.map(shown).join(', ');

/** One line for one HAT change, in the appliance's words (orders 1-based); the first character says added (+), removed (-) or changed (~). */
export function describeHatChange(c: HatChange): string {
  switch (c.kind) {
    case 'policy-added':
      return `+ policy $${shown(c.policy)}: ${shown(c.behaviour)}${params(c.params)}`;
    case 'policy-removed':
      return `- policy $${shown(c.policy)}: ${shown(c.behaviour)}${params(c.params)}`;
    case 'policy-behaviour-changed':
      return `~ $${shown(c.policy)}: behaviour ${shown(c.from)} -> ${shown(c.to)}`;
    case 'policy-param-changed':
      return `~ $${shown(c.policy)}: ${shown(c.param)} ${value(c.from)} -> ${value(c.to)}`;
    case 'policy-comment-changed':
      return `~ $${shown(c.policy)}: comment ${value(c.from)} -> ${value(c.to)}`;
    case 'entry-added':
      return `+ ${entryWord(c.entryKind)} ${shown(c.entry)} at order ${c.index + 1}${c.members.length ? `: ${list(c.members)}` : ''} -> ${shown(c.policy)}`;
    case 'entry-removed':
      return `- ${entryWord(c.entryKind)} ${shown(c.entry)} (was order ${c.index + 1})${c.members.length ? `: ${list(c.members)}` : ''} -> ${shown(c.policy)}`;
    case 'entry-renamed':
      return `~ sender group ${shown(c.from)} renamed ${shown(c.to)} (same senders and policy)`;
    case 'entry-moved':
      return `~ ${shown(c.entry)}: order ${c.from + 1} -> ${c.to + 1}`;
    case 'members-added':
      return `+ ${shown(c.entry)}: ${list(c.members)}`;
    case 'members-removed':
      return `- ${shown(c.entry)}: ${list(c.members)}`;
    case 'entry-policy-changed':
      return `~ ${shown(c.entry)}: ${shown(c.from)} -> ${shown(c.to)}`;
    case 'entry-comment-changed':
      return `~ ${shown(c.entry)}: comment ${value(c.from)} -> ${value(c.to)}`;
    case 'unknown-added':
      return `+ line not understood (${shown(c.where)}): ${shown(c.text)}`;
    case 'unknown-removed':
      return `- line not understood (${shown(c.where)}): ${shown(c.text)}`;
    case 'format':
      return `  formatting (${shown(c.item)}): ${shown(c.detail)}`;
    case 'operation-failed':
      return `! cannot ${shown(c.operation)}: ${shown(c.reason)}`;
  }
}

function entryWord(kind: 'group' | 'inline' | 'all'): string {
  return kind === 'group' ? 'sender group' : kind === 'inline' ? 'inline entry' : 'entry';
}

function describeSetting(s: SettingChange): string {
  if (s.from === null) return `+ setting ${shown(s.key)} = ${shown(s.to)}`;
  if (s.to === null) return `- setting ${shown(s.key)} (was ${shown(s.from)})`;
  return `~ setting ${shown(s.key)}: ${shown(s.from)} -> ${shown(s.to)}`;
}

/** `hostname, AsyncOS x, serial y`. */
export function describeIdentity(i: ExportIdentity | null): string {
  if (!i) return '(not read)';
  return [
    shown(i.hostname) || '(no hostname)',
    i.version ? `AsyncOS ${shown(i.version)}` : 'AsyncOS (unknown)',
    i.serial ? `serial ${shown(i.serial)}` : '',
  ]
    .filter(Boolean)
    .join(', ');
}

/** The lines of one listener's differences (indented), with its heading. */
export function formatListenerDiff(l: ListenerDiff): string {
  const where = l.a && l.b ? (l.a.path === l.b.path ? l.a.path : `${l.a.path} / ${l.b.path}`) : (l.a ?? l.b)!.path;
  const name = l.match === 'map' ? `${shown(l.a!.name)} = ${shown(l.b!.name)}` : shown(l.listener);
  if (l.match === 'only-a') return `listener ${name} (${shown(where)}): only in the first export\n`;
  if (l.match === 'only-b') return `listener ${name} (${shown(where)}): only in the second export\n`;
  const how = l.match === 'name' ? ', paired by name' : l.match === 'map' ? ', paired by --map-listener' : '';
  const lines = [...l.settings.map(describeSetting), ...l.hat.map(describeHatChange)];
  if (!lines.length) return `listener ${name} (${shown(where)}${how}): same\n`;
  return `listener ${name} (${shown(where)}${how}):\n${lines.map((x) => `  ${x}\n`).join('')}`;
}

function formatFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `  ${f.severity}: ${shown(messageOf(f))} [${f.code}]\n`).join('');
}

function formatHeader(c: DiffComparison): string {
  return c.header.map((h) => `  ${h.key}: ${value(h.from)} -> ${value(h.to)} (not a difference)\n`).join('');
}

/** One comparison in full: both appliances, header, every listener, findings, verdict. */
export function formatComparison(c: DiffComparison, baseline: string): string {
  let out = `${shown(baseline)}: ${describeIdentity(c.a)}\n${shown(c.file)}: ${describeIdentity(c.b)}\n`;
  out += formatHeader(c);
  for (const l of c.listeners) out += formatListenerDiff(l);
  out += formatFindings(c.findings);
  const n = differingListeners(c.listeners).length;
  out +=
    c.outcome === 'error'
      ? 'not compared: see the errors above\n'
      : c.outcome === 'identical'
        ? 'identical by meaning (listeners: settings and HAT; other sections are not compared)\n'
        : `different: ${n} listener${n === 1 ? '' : 's'} differ${n === 1 ? 's' : ''}\n`;
  return out;
}

function fileList(files: readonly string[], max = 8): string {
  const head = files.slice(0, max).map(shown).join(', ');
  return files.length > max ? `${head}, ... (${files.length - max} more)` : head;
}

/** A whole diff document: one comparison in full, or a fleet's drift by group. */
export function formatDiffDocument(doc: DiffDocument): string {
  if (doc.comparisons.length === 1) return formatComparison(doc.comparisons[0]!, doc.baseline);
  let out = `baseline ${shown(doc.baseline)}: ${describeIdentity(doc.comparisons.find((c) => c.a)?.a ?? null)}\n`;
  const same = doc.comparisons.filter((c) => c.outcome === 'identical').length;
  const failed = doc.comparisons.filter((c) => c.outcome === 'error');
  const drift = doc.groups.filter((g) => g.outcome === 'different');
  out += `${doc.comparisons.length} exports: ${same} identical, ${doc.comparisons.length - same - failed.length} different in ${drift.length} group${drift.length === 1 ? '' : 's'}, ${failed.length} not compared\n`;
  for (const g of doc.groups) {
    out += `\n${g.id} (${g.files.length} export${g.files.length === 1 ? '' : 's'}): ${fileList(g.files)}\n`;
    for (const l of g.listeners) out += formatListenerDiff(l).replace(/^(?=.)/gm, '  ');
  }
  for (const c of failed) out += `\nnot compared: ${shown(c.file)}\n${formatFindings(c.findings)}`;
  return out;
}

// ---------------------------------------------------------------------------------------------
// trace
// ---------------------------------------------------------------------------------------------

const REASON: Record<TraceStep['reason'], string> = {
  'address-inside': 'the address is inside',
  'ptr-equal': 'the PTR name is',
  'ptr-below': 'the PTR name is below',
  'sbrs-inside': 'the SBRS score is inside',
  'sbrs-none': 'SenderBase has no score (--sbrs none):',
  all: 'everything else:',
  'needs-sbrs': 'no --sbrs given for',
  'needs-dns': 'a DNS list lookup decides',
  'needs-senderbase': 'SenderBase decides',
  'unknown-member': 'not understood offline:',
};

function policyOf(s: TraceStep): string {
  if (s.policy === null) return s.behaviour ? `${s.behaviour} (the entry's own)` : '(no policy)';
  return s.behaviour ? `${s.behaviour} by $${shown(s.policy)}` : `$${shown(s.policy)} (not defined in this HAT)`;
}

function stepLine(s: TraceStep): string {
  return `${shown(s.entry)} (order ${s.index + 1}): ${REASON[s.reason]} ${shown(s.member)} [${s.memberKind}]`;
}

/** A traced host: `192.0.2.10 (mail.partner.example) sbrs 2`. */
export function describeTraceHost(h: TraceHost): string {
  return `${shown(h.ip)}${h.ptr ? ` (${shown(h.ptr)})` : ''}${h.sbrs !== undefined ? ` sbrs ${h.sbrs}` : ''}`;
}

/** One listener's trace: may-match entries, the match, its behaviour and effective parameters. */
export function formatListenerTrace(t: ListenerTrace): string {
  const out = `listener ${shown(t.listener)} (${shown(t.path)}), host ${describeTraceHost(t.host)}:\n`;
  if (t.findings.length) return out + formatFindings(t.findings);
  return out + formatWalk(t);
}

/** A walk (may-match and continued entries, the match, its behaviour and parameters), each line indented by `indent`. */
export function formatWalk(t: HatTrace, indent = '  '): string {
  let out = '';
  const before = [...t.mayMatch.map((s) => ({ s, cont: false })), ...t.continued.map((s) => ({ s, cont: true }))].sort(
    (x, y) => x.s.index - y.s.index,
  );
  for (const { s, cont } of before) {
    if (!cont) out += `${indent}may match  ${stepLine(s)} -> ${policyOf(s)}\n`;
    else out += `${indent}${s.certain ? 'continues ' : 'may match '} ${stepLine(s)} -> ${policyOf(s)}: decides nothing, the walk goes on\n`;
  }
  const m = t.match;
  if (!m)
    return (
      out + `${indent}no entry matches (${t.continued.some((s) => s.entryKind === 'all') ? 'ALL is CONTINUE' : 'the HAT has no ALL'})\n`
    );
  out += `${indent}matches    ${stepLine(m)}\n`;
  out += `${indent}behaviour  ${policyOf(m)}\n`;
  const from = m.policy === null ? 'the entry' : `$${shown(m.policy)}`;
  for (const p of m.params) out += `${indent}  ${shown(p.key)} = ${shown(p.value)}  (${p.source === 'default' ? '$DEFAULT' : from})\n`;
  return out;
}

function landingText(l: Landing): string {
  if (!l.entry) return '(no match)';
  const tls = l.tls === null ? '' : `, tls ${shown(l.tls)}`;
  const may = l.may.length ? ` [may first: ${l.may.map(shown).join('; ')}]` : '';
  return `${shown(l.entry)} #${l.index! + 1} ${l.policy === null ? '' : `$${shown(l.policy)} `}${l.behaviour ?? '?'}${tls}${may}`;
}

/** The published hosts of one listener, before and after a change, as an aligned table. */
export function formatPublishedHosts(listener: string, rows: readonly PublishedHostRow[]): string {
  const cells = rows.map((r) => [
    `${shown(r.host)} ${shown(r.ip)}`,
    landingText(r.before),
    landingText(r.after),
    r.changed ? 'changed' : 'same',
  ]);
  const head = ['published host', 'today', 'after the change', ''];
  const width = head.map((h, k) => Math.max(h.length, ...cells.map((c) => c[k]!.length)));
  const line = (c: string[]) =>
    c
      .map((x, k) => x.padEnd(width[k]!))
      .join('  ')
      .trimEnd() + '\n';
  return `listener ${shown(listener)}: where the published hosts land\n` + [head, ...cells].map((c) => '  ' + line(c)).join('');
}
