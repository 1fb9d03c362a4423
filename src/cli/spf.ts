import { Resolver } from 'node:dns/promises';
import { open } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import type { CliIo } from './io.js';
import { asciiForTerminal, asciiJson } from '../report/terminal.js';
import { worstExitCode } from './exit-codes.js';
import {
  SPF_MAX_QUERIES,
  createSpfExpander,
  duplicateDomainFindings,
  formatSpfGlobalProblem,
  formatSpfJson,
  formatSpfText,
  parseDomainFile,
  planSpf,
  planSpfResolved,
  type SpfExpander,
  type SpfFinding,
  type SpfGlobalProblem,
  type SpfReportEntry,
  type SpfSource,
  type TxtResolver,
} from '../spf/index.js';

/** Default of `--time-bound`: all DNS lookups of one run, in ms. */
export const SPF_TIME_BOUND_MS = 10_000;

/** A `--domain-file` read at most (a domain per line: a large fleet needs a few hundred kB). */
export const SPF_DOMAIN_FILE_MAX = 16 * 1024 * 1024;

/** Standard input read by `-` at most (a pasted `dig` answer is a few kB). */
export const SPF_STDIN_MAX = 1024 * 1024;

/** Options of `esa-patch spf`, as yargs hands them over. */
export interface SpfCliOptions {
  /** Record strings given as arguments (bare, quoted TXT strings, or `dig +short` output). */
  records: string[];
  /** A file of `domain<TAB>record` lines, relative to `io.cwd`. */
  domainFile?: string;
  /** Follow includes and redirects through DNS. */
  resolve: boolean;
  /** The DNS server for `--resolve`, `HOST:PORT` or `HOST` (an IP address; `[v6]:PORT`). */
  dnsServer?: string;
  json: boolean;
  /** Timeout of one DNS query with `--resolve`, in ms (default 2000). */
  lookupTimeoutMs?: number;
  /** Wall-clock bound on all DNS lookups of the run with `--resolve`, in ms (`--time-bound`, default 10000). */
  timeBoundMs?: number;
  /** DNS queries the run sends at most with `--resolve` (`--max-queries`, default 50). */
  maxQueries?: number;
  /** Reads standard input, for a record given as `-` (default: `process.stdin`). */
  readStdin?: () => Promise<string>;
}

interface Input {
  source: SpfSource;
  raw: string;
  domain?: string;
  extra?: SpfFinding;
}

/**
 * Runs `esa-patch spf`: plans adding `include:res.cisco.com` to each record given (arguments,
 * then the domain file's lines), prints the human report or the `--json` document, and
 * returns the exit code: 0 nothing to do, 2 a change is proposed, 3 refused (the record has or
 * would get a permerror), 1 an error; the worst wins (1 over 3 over 2 over 0) and every record
 * is processed. The only place of the feature that reads files and talks to DNS.
 */
export async function runSpf(options: SpfCliOptions, io: CliIo): Promise<number> {
  const errors: SpfGlobalProblem[] = [];
  const inputs: Input[] = [];
  let stdinRead = false;
  for (const [i, raw] of options.records.entries()) {
    if (raw !== '-') {
      inputs.push({ source: { kind: 'argument', index: i + 1 }, raw });
      continue;
    }
    if (stdinRead) {
      errors.push({ code: 'spf-option', severity: 'error', message: '"-" (standard input) is given twice: give it once' });
      continue;
    }
    stdinRead = true;
    try {
      inputs.push({ source: { kind: 'stdin' }, raw: await (options.readStdin ?? readProcessStdin)() });
    } catch (err) {
      errors.push({
        code: 'spf-file',
        severity: 'error',
        message: `cannot read the record from standard input: ${err instanceof Error ? err.message : String(err)}`,
      });
    }
  }
  for (const [name, value] of [
    ['--max-queries', options.maxQueries],
    ['--time-bound', options.timeBoundMs],
    ['--lookup-timeout', options.lookupTimeoutMs],
  ] as const) {
    if (value !== undefined && !(Number.isSafeInteger(value) && value > 0)) {
      errors.push({ code: 'spf-option', severity: 'error', message: `${name} must be a positive whole number, not ${String(value)}` });
    }
  }
  if (options.records.length === 0 && options.domainFile === undefined) {
    errors.push({
      code: 'spf-option',
      severity: 'error',
      message: 'no record given: pass the SPF record, e.g. esa-patch spf "v=spf1 mx -all", or --domain-file FILE',
    });
  }
  if (options.domainFile !== undefined) inputs.push(...(await readDomainFile(options.domainFile, io.cwd, errors)));

  let resolver: Resolver | undefined;
  let server = 'the system resolver';
  if (options.resolve && !errors.some((e) => e.code === 'spf-option')) {
    resolver = new Resolver({ timeout: options.lookupTimeoutMs ?? 2000, tries: 1 });
    const system = resolver.getServers()[0];
    if (system !== undefined) server = `${system} (the system resolver)`;
    if (options.dnsServer !== undefined) {
      const parsed = parseDnsServer(options.dnsServer);
      if (parsed === undefined) {
        errors.push({
          code: 'spf-option',
          severity: 'error',
          message: `--dns-server "${options.dnsServer}" is not an IP address with an optional port: write e.g. 127.0.0.1:5353 or [::1]:53`,
        });
        resolver = undefined;
      } else {
        resolver.setServers([parsed]);
        server = options.dnsServer;
      }
    }
  } else if (!options.resolve && options.dnsServer !== undefined && !options.json) {
    io.err('note: --dns-server is only used with --resolve; counting without DNS\n');
  }

  const entries: SpfReportEntry[] = [];
  try {
    if (!errors.some((e) => e.code === 'spf-option')) {
      // One cache, one query budget and one time bound for the whole run, whatever the records.
      let expander: SpfExpander | undefined;
      if (resolver !== undefined) {
        const lookup = boundedLookup(resolver, options.timeBoundMs ?? SPF_TIME_BOUND_MS);
        expander = createSpfExpander(lookup, { maxQueries: options.maxQueries ?? SPF_MAX_QUERIES, server });
      }
      for (const input of inputs) {
        const plan =
          expander === undefined ? planSpf(input.raw, planOptions(input)) : await planSpfResolved(input.raw, expander, planOptions(input));
        entries.push({ source: input.source, plan });
      }
    }
  } finally {
    resolver?.cancel();
  }

  // Records, domains and messages quote what the user, a file or DNS gave: never a control
  // character to the terminal, and JSON always valid UTF-8 (ASCII, with \u escapes).
  const exitCode = worstExitCode([...entries.map((e) => e.plan.exitCode), ...(errors.length > 0 ? [1 as const] : [])]);
  if (options.json) {
    io.out(asciiJson(formatSpfJson(entries, exitCode, errors)));
  } else {
    for (const e of errors) io.err(asciiForTerminal(formatSpfGlobalProblem(e)));
    if (entries.length > 0) io.out(asciiForTerminal(formatSpfText(entries)));
  }
  return exitCode;
}

function planOptions(input: Input): { domain?: string; extraFindings?: SpfFinding[] } {
  const o: { domain?: string; extraFindings?: SpfFinding[] } = {};
  if (input.domain !== undefined) o.domain = input.domain;
  if (input.extra !== undefined) o.extraFindings = [input.extra];
  return o;
}

async function readDomainFile(file: string, cwd: string, errors: SpfGlobalProblem[]): Promise<Input[]> {
  let text: string;
  try {
    text = await readBounded(resolvePath(cwd, file), SPF_DOMAIN_FILE_MAX);
  } catch (err) {
    if (err instanceof RangeError) {
      errors.push({
        code: 'spf-file',
        severity: 'error',
        file,
        message: `the domain file is larger than ${SPF_DOMAIN_FILE_MAX} bytes: split it`,
      });
      return [];
    }
    const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : 'error';
    errors.push({
      code: 'spf-file',
      severity: 'error',
      file,
      message: `cannot read the domain file (${code}): check the path and its permissions`,
    });
    return [];
  }
  const parsed = parseDomainFile(text);
  errors.push(...parsed.problems.map((p) => ({ ...p, file })));
  if (parsed.entries.length === 0 && parsed.problems.length === 0) {
    errors.push({
      code: 'spf-domain-file',
      severity: 'error',
      file,
      message: 'no "domain<TAB>record" line in the file: add one line per domain',
    });
  }
  const dups = duplicateDomainFindings(parsed.entries);
  return parsed.entries.map((e, i): Input => {
    const input: Input = { source: { kind: 'file', file, line: e.line, column: e.column }, raw: e.record, domain: e.domain };
    const dup = dups.get(i);
    if (dup !== undefined) input.extra = dup;
    return input;
  });
}

/** `HOST`, `HOST:PORT` or `[V6]:PORT` with an IP host and a port 1-65535, as `setServers` takes it. */
function parseDnsServer(text: string): string | undefined {
  const m =
    /^\[([0-9A-Fa-f:.]+)\](?::(\d{1,5}))?$/.exec(text) ??
    /^([0-9.]+)(?::(\d{1,5}))?$/.exec(text) ??
    /^([0-9A-Fa-f:]*:[0-9A-Fa-f:.]*)()$/.exec(text);
  if (m === null) return undefined;
  const port = m[2] === undefined || m[2] === '' ? undefined : Number(m[2]);
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  const host = m[1]!;
  const server = host.includes(':') ? (port === undefined ? host : `[${host}]:${port}`) : port === undefined ? host : `${host}:${port}`;
  try {
    new Resolver().setServers([server]);
  } catch {
    return undefined;
  }
  return server;
}

/** Reads a file as UTF-8, throwing a RangeError past `max` bytes (a pipe too: never more than that is read). */
async function readBounded(path: string, max: number): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.alloc(64 * 1024);
      const { bytesRead } = await handle.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > max) throw new RangeError('too large');
      chunks.push(buf.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** Reads all of standard input as UTF-8, refusing more than {@link SPF_STDIN_MAX} bytes. */
async function readProcessStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of process.stdin) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    total += b.length;
    if (total > SPF_STDIN_MAX) throw new Error(`more than ${SPF_STDIN_MAX} bytes`);
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Wraps the resolver's TXT lookup with one time bound shared by every lookup of the run. */
function boundedLookup(resolver: Resolver, boundMs: number): TxtResolver {
  const deadline = Date.now() + boundMs;
  const bound = () => Object.assign(new Error(`the time bound of ${boundMs} ms for this run was reached`), { code: 'ETIMEBOUND' });
  return (name) => {
    const left = deadline - Date.now();
    if (left <= 0) return Promise.reject(bound());
    return new Promise((ok, fail) => {
      const timer = setTimeout(() => fail(bound()), left);
      resolver.resolveTxt(name).then(
        (records) => {
          clearTimeout(timer);
          ok(records);
        },
        (err: unknown) => {
          clearTimeout(timer);
          fail(err);
        },
      );
    });
  };
}
