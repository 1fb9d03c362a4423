/**
 * `esa-patch trace <export.xml|dirs...> --host ADDRESS [--ptr NAME] [--sbrs SCORE]` (repeatable;
 * or `--cres` for every host of the note's table): for each listener, the entry that matches
 * first and why, the behaviour and the effective parameters (src/patch/trace.ts).
 * Exit 0 traced, 1 an error.
 */
import { resolve } from 'node:path';
import type { CliIo } from '../io.js';
import { CliError, expandInputs, readLatin1 } from '../fs/index.js';
import { UsageError, type Args } from '../args.js';
import { outputOf, type Detail } from '../output.js';
import { readOutputSettings } from './common.js';
import { decodeExportStrings, encodeForExport } from '../../report/terminal.js';
import { jsonOut } from '../job.js';
import { TOOL } from '../../version.js';
import { loadView, type ExportIdentity } from '../../patch/diff-exports.js';
import { TRACE_SCHEMA_ID, type TraceDocument } from '../../report/trace-schema.js';
import { checkTraceHost, traceHost, type ListenerTrace, type TraceHost } from '../../patch/trace.js';
import { DEFAULT_RECIPE } from '../../recipes/index.js';
import { describeIdentity, formatListenerTrace, shown } from '../../report/diff-report.js';
import { messageOf, withMessage } from '../../report/messages.js';
import { finding, type Finding } from '../../findings.js';

/** The arguments of `trace`, read and checked. */
export interface TraceArgs {
  exports: string[];
  hosts: TraceHost[];
  listener: string[];
  json: boolean;
  detail: Detail;
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
  };
}

/** Runs `trace`. */
export async function runTrace(a: TraceArgs, io: CliIo): Promise<number> {
  const hosts = a.hosts;
  if (!a.exports.length) throw new UsageError('name the export(s) to trace on: files or directories', 'trace');
  const inputs = expandInputs(a.exports, io.cwd);
  if (!inputs.length) throw new CliError('name the export(s) to trace on: files or directories', 'no-input');
  const out = outputOf(io, a.detail);
  let errors = '';
  const doc: TraceDocument = { schema: TRACE_SCHEMA_ID, tool: TOOL, command: 'trace', exitCode: 0, hosts, files: [] };
  let text = '';
  for (const file of inputs) {
    const findings: Finding[] = [];
    let listeners: ListenerTrace[] = [];
    let appliance: ExportIdentity | null = null;
    try {
      const loaded = loadView(readLatin1(resolve(io.cwd, file)));
      if ('finding' in loaded) findings.push({ ...loaded.finding, file });
      else {
        const encoding = loaded.view.encoding;
        appliance = decodeExportStrings(loaded.view.identity, encoding);
        // Names from the command line are matched as the export holds its names: in its encoding.
        const only = a.listener.length ? a.listener.map((n) => encodeForExport(n, encoding)) : undefined;
        for (const name of only ?? []) {
          if (!loaded.view.listeners.some((l) => l.name === name))
            findings.push(
              finding(
                'diff-unknown-listener',
                'error',
                { listener: name, side: 'a', available: loaded.view.listeners.map((l) => l.name) },
                { file },
              ),
            );
        }
        // What the export says is shown decoded in its own encoding (text and JSON alike).
        listeners = decodeExportStrings(
          hosts.flatMap((h) => traceHost(loaded.view, h, { listeners: only })),
          encoding,
        );
        for (const f of findings) f.args = decodeExportStrings(f.args, encoding);
      }
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      findings.push(finding('io-error', 'error', { path: file, reason: e.message }, { file }));
    }
    if (findings.some((f) => f.severity === 'error') || listeners.some((l) => l.findings.length)) doc.exitCode = 1;
    doc.files.push({ file, appliance, listeners, findings: findings.map(withMessage) });
    if (a.detail !== 'quiet') text += `${shown(file)}: ${describeIdentity(appliance)}\n`;
    for (const f of findings) errors += `${shown(file)}: ${f.severity}: ${shown(messageOf(f))} [${f.code}]\n`;
    for (const l of listeners) {
      if (a.detail !== 'quiet' || l.findings.length) text += formatListenerTrace(l);
    }
  }
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
    doc.files.filter((f) => f.findings.length).length +
    doc.files.reduce((n, f) => n + f.listeners.filter((l) => l.findings.length).length, 0);
  out.out(
    `${hosts.length} host${hosts.length === 1 ? '' : 's'} on ${inputs.length} export${inputs.length === 1 ? '' : 's'}: ${traced} listener trace${traced === 1 ? '' : 's'}, ${failed} error${failed === 1 ? '' : 's'}\n`,
  );
  return doc.exitCode;
}

/** Runs `trace` (declared in `./trace.ts`). */
export async function runTraceCommand(a: Args, io: CliIo): Promise<number> {
  return runTrace(readTraceArgs(a), io);
}
