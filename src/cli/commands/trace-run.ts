/**
 * `esa-patch trace <export.xml|dirs...> --host ADDRESS [--ptr NAME] [--sbrs SCORE]` (repeatable;
 * or `--cres` for every host of the note's table): for each listener, the entry that matches
 * first and why, the behaviour and the effective parameters (src/patch/trace.ts).
 * Exit 0 traced, 1 an error.
 */
import { resolve } from 'node:path';
import type { CliIo } from '../io.js';
import { readLatin1 } from '../fs/index.js';
import { usageError, type Args } from '../args.js';
import { outputOf, type Detail } from '../output.js';
import { expandNamedInputs, readOutputSettings } from './common.js';
import { decodeExportStrings, decodeExportText, encodeForExport } from '../../report/terminal.js';
import { jsonOut } from '../job.js';
import { TOOL } from '../../version.js';
import { loadView, type ExportIdentity } from '../../patch/diff-exports.js';
import { TRACE_SCHEMA_ID, type TraceDocument } from '../../report/trace-schema.js';
import { checkTraceHost, traceHost, type ListenerTrace, type TraceHost } from '../../patch/trace.js';
import { DEFAULT_RECIPE } from '../../recipes/index.js';
import { describeIdentity, formatListenerTrace, shown } from '../../report/diff-report.js';
import { formatWalkGroups, groupWalks } from '../../report/trace-groups.js';
import { messageOf, withMessage } from '../../report/messages.js';
import { finding, Refused, refused, type Finding } from '../../findings.js';

/** The arguments of `trace`, read and checked. */
export interface TraceArgs {
  exports: string[];
  hosts: TraceHost[];
  listener: string[];
  json: boolean;
  detail: Detail;
  /** Read directories' subdirectories too. */
  recursive?: boolean;
}

/** `--sbrs` as a decimal score from -10.0 to 10.0 (`0x5`, `1e1`, `Infinity` are not scores), or `none`. */
function score(a: Args, text: string): number | 'none' {
  const t = text.trim();
  if (/^none$/i.test(t)) return 'none';
  const n = Number(t);
  if (!/^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/.test(t) || !(n >= -10 && n <= 10))
    a.fail(`--sbrs "${text}" must be a decimal score from -10.0 to 10.0, or none`);
  return n;
}

/** The hosts to trace: `--host` with `--ptr`/`--sbrs` paired by position, and with `--cres` the note's table. */
export function hostsOf(a: Args): TraceHost[] {
  const ips = a.strings('host');
  const ptrs = a.strings('ptr');
  const sbrs = a.strings('sbrs').map((x) => score(a, x));
  for (const [flag, n] of [
    ['--ptr', ptrs.length],
    ['--sbrs', sbrs.length],
  ] as const) {
    if (n && n !== ips.length)
      a.fail(`${flag} is given ${n} time(s) for ${ips.length} --host: give it once per --host, in the same order (or not at all)`);
  }
  const hosts: TraceHost[] = ips.map((ip, k) => ({
    ip,
    ...(ptrs[k] ? { ptr: ptrs[k] } : {}),
    ...(sbrs[k] !== undefined ? { sbrs: sbrs[k] } : {}),
  }));
  if (a.flag('cres')) for (const h of DEFAULT_RECIPE.published?.hosts ?? []) hosts.push({ ip: h.ip, ptr: h.host });
  if (!hosts.length) a.fail('name the connecting host: --host ADDRESS [--ptr NAME] [--sbrs SCORE], or --cres');
  for (const h of hosts) {
    const problem = checkTraceHost(h);
    if (problem) a.fail(problem);
  }
  return hosts;
}

/** Reads and checks the arguments of `trace`. */
export function readTraceArgs(a: Args): TraceArgs {
  const s = readOutputSettings(a);
  return {
    exports: a.positionals('exports'),
    hosts: hostsOf(a),
    listener: a.strings('listener'),
    json: s.json,
    detail: s.detail,
    recursive: a.flag('recursive'),
  };
}

/** Runs `trace`. */
export async function runTrace(a: TraceArgs, io: CliIo): Promise<number> {
  const hosts = a.hosts;
  if (!a.exports.length) throw usageError('name the export(s) to trace on: files or directories', 'trace');
  const inputs = expandNamedInputs(io, a.exports, { recursive: !!a.recursive, quiet: a.detail === 'quiet' });
  if (!inputs.length) throw refused('no-input', { given: a.exports.join(', ') });
  const out = outputOf(io, a.detail);
  const doc: TraceDocument = { schema: TRACE_SCHEMA_ID, tool: TOOL, command: 'trace', exitCode: 0, hosts, files: [] };
  const only = a.listener.length ? a.listener : undefined;
  // The listeners each export has, to tell a fleet where some lack `--listener` from a wrong name.
  const names: (string[] | null)[] = [];
  const findingsOf: Finding[][] = [];
  for (const file of inputs) {
    const findings: Finding[] = [];
    let listeners: ListenerTrace[] = [];
    let appliance: ExportIdentity | null = null;
    let has: string[] | null = null;
    try {
      const loaded = loadView(readLatin1(resolve(io.cwd, file)));
      if ('finding' in loaded) findings.push({ ...loaded.finding, file });
      else {
        const encoding = loaded.view.encoding;
        appliance = decodeExportStrings(loaded.view.identity, encoding);
        // Names are compared across the fleet decoded; matched in each export as it holds them.
        has = loaded.view.listeners.map((l) => decodeExportText(l.name, encoding));
        const mine = only?.map((n) => encodeForExport(n, encoding));
        // What the export says is shown decoded in its own encoding (text and JSON alike).
        listeners = decodeExportStrings(
          hosts.flatMap((h) => traceHost(loaded.view, h, { listeners: mine })),
          encoding,
        );
      }
    } catch (e) {
      if (!(e instanceof Refused)) throw e;
      findings.push({ ...e.finding, file });
    }
    names.push(has);
    findingsOf.push(findings);
    doc.files.push({ file, appliance, listeners, findings: [] });
  }
  for (const name of only ?? []) {
    const elsewhere = names.some((has) => has?.includes(name));
    names.forEach((has, k) => {
      if (has && !has.includes(name))
        findingsOf[k]!.push(
          finding(
            'trace-unknown-listener',
            elsewhere ? 'warning' : 'error',
            { listener: name, available: has, elsewhere },
            { file: inputs[k]! },
          ),
        );
    });
  }
  let text = '';
  let errors = '';
  let warnings = 0;
  doc.files.forEach((f, k) => {
    const findings = findingsOf[k]!;
    f.findings = findings.map(withMessage);
    if (findings.some((x) => x.severity === 'error') || f.listeners.some((l) => l.findings.length)) doc.exitCode = 1;
    warnings += findings.filter((x) => x.severity === 'warning').length;
    if (a.detail !== 'quiet') text += `${shown(f.file)}: ${describeIdentity(f.appliance)}\n`;
    for (const x of findings) errors += `${shown(f.file)}: ${x.severity}: ${shown(messageOf(x))} [${x.code}]\n`;
  });
  // A fleet: identical walks once, with where they happen; one export: each listener's walk.
  const fleet = inputs.length > 1;
  const groups = groupWalks(hosts, doc.files);
  doc.groups = groups;
  for (const f of doc.files)
    for (const l of f.listeners) {
      if (l.findings.length) text += fleet ? `${shown(f.file)}: ${formatListenerTrace(l)}` : formatListenerTrace(l);
      else if (!fleet && a.detail !== 'quiet') text += formatListenerTrace(l);
    }
  if (fleet && a.detail !== 'quiet') text += formatWalkGroups(hosts, groups, a.detail === 'verbose');
  if (a.json) {
    out.raw(jsonOut(doc));
    return doc.exitCode;
  }
  // Errors last, above the summary, as the other commands print them.
  // Decoded text: out.out and out.err make it safe for the terminal and write UTF-8.
  if (text) out.out(text);
  if (errors) out.err(errors);
  const traced = doc.files.reduce((n, f) => n + f.listeners.filter((l) => !l.findings.length).length, 0);
  const failed =
    doc.files.reduce((n, f) => n + f.findings.filter((x) => x.severity === 'error').length, 0) +
    doc.files.reduce((n, f) => n + f.listeners.filter((l) => l.findings.length).length, 0);
  const walks = fleet ? ` in ${groups.length} walk${groups.length === 1 ? '' : 's'}` : '';
  out.out(
    `${text ? '\n' : ''}${hosts.length} host${hosts.length === 1 ? '' : 's'} on ${inputs.length} export${inputs.length === 1 ? '' : 's'}: ${traced} listener trace${traced === 1 ? '' : 's'}${walks}, ${failed} error${failed === 1 ? '' : 's'}${warnings ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}\n`,
  );
  return doc.exitCode;
}

/** Runs `trace` (declared in `./trace.ts`). */
export async function runTraceCommand(a: Args, io: CliIo): Promise<number> {
  return runTrace(readTraceArgs(a), io);
}
