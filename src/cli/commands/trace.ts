/**
 * `esa-patch trace <export.xml|dirs...> --host ADDRESS [--ptr NAME] [--sbrs SCORE]` (repeatable;
 * or `--cres` for every host of the note's table): for each listener, the entry that matches
 * first and why, the behaviour and the effective parameters (src/patch/trace.ts).
 * Exit 0 traced, 1 an error.
 */
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import type { CommandModule } from './command.js';
import type { CliIo } from '../io.js';
import { CliError, expandInputs, readLatin1 } from '../fs/index.js';
import { jsonOut } from '../job.js';
import { TOOL } from '../../version.js';
import { loadView, type ExportIdentity } from '../../patch/diff-exports.js';
import { TRACE_SCHEMA_ID, type TraceDocument } from '../../report/diff-schema.js';
import { checkTraceHost, traceHost, type ListenerTrace, type TraceHost } from '../../patch/trace.js';
import { DEFAULT_RECIPE } from '../../recipes/index.js';
import { describeIdentity, formatListenerTrace, shown } from '../../report/diff-report.js';
import { messageOf, withMessage } from '../../report/messages.js';
import { finding, type Finding } from '../../findings.js';

/** The arguments of `trace`. */
export interface TraceArgs {
  exports?: string[];
  host?: string[];
  ptr?: string[];
  sbrs?: string[];
  cres?: boolean;
  listener?: string[];
  json?: boolean;
}

function score(text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) throw new CliError(`--sbrs ${text}: give a score from -10 to 10`, 'bad-arguments');
  return n;
}

/** The hosts to trace: `--host` with `--ptr`/`--sbrs` paired by position, and with `--cres` the note's table. */
export function hostsOf(a: TraceArgs): TraceHost[] {
  const ips = (a.host ?? []).map(String);
  const ptrs = (a.ptr ?? []).map(String);
  const sbrs = (a.sbrs ?? []).map(String);
  for (const [flag, n] of [['--ptr', ptrs.length], ['--sbrs', sbrs.length]] as const) {
    if (n && n !== ips.length) throw new CliError(`${flag} is given ${n} time(s) for ${ips.length} --host: give it once per --host, in the same order (or not at all)`, 'bad-arguments');
  }
  const hosts: TraceHost[] = ips.map((ip, k) => ({ ip, ...(ptrs[k] ? { ptr: ptrs[k] } : {}), ...(sbrs[k] !== undefined ? { sbrs: score(sbrs[k]!) } : {}) }));
  if (a.cres) for (const h of (DEFAULT_RECIPE.published?.hosts ?? [])) hosts.push({ ip: h.ip, ptr: h.host });
  if (!hosts.length) throw new CliError('name the connecting host: --host ADDRESS [--ptr NAME] [--sbrs SCORE], or --cres', 'bad-arguments');
  for (const h of hosts) {
    const problem = checkTraceHost(h);
    if (problem) throw new CliError(problem, 'bad-arguments');
  }
  return hosts;
}

/** Runs `trace`. */
export async function runTrace(a: TraceArgs, io: CliIo): Promise<number> {
  const hosts = hostsOf(a);
  const inputs = expandInputs((a.exports ?? []).map(String), io.cwd);
  if (!inputs.length) throw new CliError('name the export(s) to trace on: files or directories', 'no-input');
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
        appliance = loaded.view.identity;
        const only = a.listener?.length ? a.listener : undefined;
        for (const name of only ?? []) {
          if (!loaded.view.listeners.some((l) => l.name === name)) findings.push(finding('diff-unknown-listener', 'error', { listener: name, side: 'a', available: loaded.view.listeners.map((l) => l.name) }, { file }));
        }
        listeners = hosts.flatMap((h) => traceHost(loaded.view, h, { listeners: only }));
      }
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      findings.push(finding('io-error', 'error', { path: file, reason: e.message }, { file }));
    }
    if (findings.some((f) => f.severity === 'error') || listeners.some((l) => l.findings.length)) doc.exitCode = 1;
    doc.files.push({ file, appliance, listeners, findings: findings.map(withMessage) });
    text += `${shown(file)}: ${describeIdentity(appliance)}\n`;
    for (const f of findings) text += `  ${f.severity}: ${shown(messageOf(f))} [${f.code}]\n`;
    for (const l of listeners) text += formatListenerTrace(l);
  }
  io.out(a.json ? jsonOut(doc) : text);
  return doc.exitCode;
}

/** The `trace` command. */
export const traceCommand: CommandModule<TraceArgs> = {
  command: 'trace [exports..]',
  describe: 'what happens to mail from a host: the first HAT entry that matches on each listener, its behaviour and parameters',
  builder: (y: Argv) =>
    y
      .option('host', { type: 'string', array: true, describe: 'IPv4 or IPv6 address of the connecting host (repeatable)' })
      .option('ptr', { type: 'string', array: true, describe: "the host's verified PTR name (once per --host, same order)" })
      .option('sbrs', { type: 'string', array: true, describe: "the host's SBRS score, -10 to 10 (once per --host); without it SBRS members may match" })
      .option('cres', { type: 'boolean', describe: 'trace every relay and MX host the CRES note publishes' })
      .option('listener', { type: 'string', array: true, describe: 'trace on this listener only (repeatable)' })
      .option('json', { type: 'boolean', describe: 'print the esa-patch/trace@1 document' }),
  handler: runTrace,
};
