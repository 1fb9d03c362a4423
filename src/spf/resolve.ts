import { isSpfRecordText, parseSpfRecord } from './parse.js';
import type { SpfTerm } from './terms.js';
import { CRES_INCLUDE_COST, evaluatedTerms, isCresInclude, isLookupTerm, normaliseDomain } from './lookups.js';
import type { SpfTextProblem, TxtResolver } from './types.js';

/** Bounds on an expansion; the wall-clock bound belongs to the resolver (see `runSpf`). */
export interface SpfExpandLimits {
  /** Nested include/redirect levels followed; deeper ones count as 1. Default 10. */
  maxDepth?: number;
  /** DNS queries sent at most, over all expansions of one expander (one run). Default 50. */
  maxQueries?: number;
  /** The DNS server asked, for messages (`127.0.0.1:53`, or "the system resolver"). */
  server?: string;
}

/** Default of {@link SpfExpandLimits.maxQueries}. */
export const SPF_MAX_QUERIES = 50;
/** Default of {@link SpfExpandLimits.maxDepth}. */
export const SPF_MAX_DEPTH = 10;

/**
 * A lookup count with DNS: `lookups` the terms a receiver evaluates on the longest path,
 * `voids` the include/redirect lookups that found nothing, `complete` false when any
 * include/redirect could not be followed (macro, failure, loop, bound), in which case it
 * counted at its minimum. Findings about the record itself carry offsets into its text; those
 * about included records carry `domain` instead.
 */
export interface SpfExpansion {
  lookups: number;
  voids: number;
  complete: boolean;
  /** Include/redirect terms not followed. */
  unexpanded: number;
  findings: SpfTextProblem[];
}

/** Expands terms through DNS, sharing one cache and one query budget across calls. */
export interface SpfExpander {
  /**
   * Counts the DNS lookups of `terms` (the evaluated terms of a record published by `domain`,
   * when known), following include and redirect recursively.
   */
  expand(terms: readonly SpfTerm[], domain?: string): Promise<SpfExpansion>;
}

type Fetched =
  | { kind: 'records'; texts: string[] }
  | { kind: 'void'; why: string }
  | { kind: 'error'; why: string }
  | { kind: 'bound'; why: string };

/** What following one name gave, kept once per name and depth (see `createSpfExpander`). */
type Followed =
  | { kind: 'stop'; code: SpfTextProblem['code']; severity: SpfTextProblem['severity']; detail: string; voids: number }
  | { kind: 'record'; sub: SpfExpansion };

const VOID_CODES = new Set(['ENOTFOUND', 'ENODATA']);

const DNS_ERRORS: Record<string, string> = {
  ETIMEOUT: 'no answer in time',
  ESERVFAIL: 'the server failed (SERVFAIL)',
  EREFUSED: 'the server refused the query',
  ECONNREFUSED: 'the server is not reachable (connection refused)',
  ECANCELLED: 'the lookup was cancelled',
};

/**
 * Past this many lookups an expansion stops following includes and counts the rest of its
 * terms at their minimum: the record is far beyond the limit of 10 already, and following on
 * would only cost time (records of thousands of includes, each of thousands).
 */
export const SPF_EXPANSION_CAP = 100;

/** Distinct findings one expansion keeps at most (the first ones, in order). */
const FINDINGS_CAP = 50;

const EMPTY: SpfExpansion = { lookups: 0, voids: 0, complete: true, unexpanded: 0, findings: [] };

function findingKey(f: SpfTextProblem): string {
  return `${f.code}\0${f.domain ?? ''}\0${f.offset ?? ''}\0${f.message}`;
}

/**
 * Creates an expander over an injected TXT resolver, for one run. Each name is queried once
 * (cached), and each name's expansion is computed once per nesting depth (memoised), so a
 * graph of shared includes (30 names each including every later one) costs one expansion per
 * name and depth, not one per path; findings are merged without repeats. NXDOMAIN and empty
 * answers are void lookups (RFC 7208 section 4.6.4); loops (a domain reached again on its own
 * include chain), nesting beyond `maxDepth` and queries beyond `maxQueries` stop the
 * expansion there, so any input terminates with bounded work. A lookup that fails is an
 * `spf-dns-error`, a bound reached an `spf-resolve-bound` (both errors: the count is unknown).
 * Includes of one record are expanded one after another (their queries are sent together).
 */
export function createSpfExpander(resolve: TxtResolver, limits: SpfExpandLimits = {}): SpfExpander {
  const maxDepth = limits.maxDepth ?? SPF_MAX_DEPTH;
  const maxQueries = limits.maxQueries ?? SPF_MAX_QUERIES;
  const server = limits.server ?? 'the DNS server';
  const cache = new Map<string, Promise<Fetched>>();
  const memo = new Map<string, Followed>();
  let queries = 0;

  const fetch = (name: string): Promise<Fetched> => {
    const hit = cache.get(name);
    if (hit !== undefined) return hit;
    let p: Promise<Fetched>;
    if (queries >= maxQueries) {
      p = Promise.resolve({
        kind: 'bound',
        why: `the budget of ${maxQueries} DNS queries for this run was spent before it was looked up: raise --max-queries`,
      });
    } else {
      queries++;
      p = resolve(name).then(
        (records): Fetched =>
          records.length === 0
            ? { kind: 'void', why: 'has no TXT record' }
            : { kind: 'records', texts: records.map((chunks) => chunks.join('')) },
        (err: unknown): Fetched => {
          const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : String(err);
          if (VOID_CODES.has(code)) return { kind: 'void', why: code === 'ENOTFOUND' ? 'does not exist (NXDOMAIN)' : 'has no TXT record' };
          if (code === 'ETIMEBOUND') {
            const msg = err instanceof Error ? err.message : 'the time bound was reached';
            return { kind: 'bound', why: `${msg} before it was answered: raise --time-bound` };
          }
          return { kind: 'error', why: DNS_ERRORS[code] ?? code };
        },
      );
    }
    cache.set(name, p);
    return p;
  };

  /** The target of an include or redirect term that would be followed from `path`, else undefined. */
  const targetOf = (t: SpfTerm, path: readonly string[]): string | undefined => {
    if (!isLookupTerm(t) || !(t.kind === 'modifier' || t.mechanism === 'include')) return undefined;
    const spec = t.kind === 'modifier' ? t.value : (t.domainSpec ?? '');
    if (spec.includes('%')) return undefined;
    const target = normaliseDomain(spec);
    return path.includes(target) || path.length > maxDepth ? undefined : target;
  };

  const expandTerms = async (terms: readonly SpfTerm[], path: string[], owner: string | undefined): Promise<SpfExpansion> => {
    // Send the queries of this record's includes together, then follow them one by one: a
    // name in progress is then always on the path (a loop), never awaited from a sibling.
    let sent = 0;
    for (const t of terms) {
      if (++sent > SPF_EXPANSION_CAP) break;
      const target = targetOf(t, path);
      if (target !== undefined) void fetch(target);
    }
    const sum: SpfExpansion = { lookups: 0, voids: 0, complete: true, unexpanded: 0, findings: [] };
    const seen = new Set<string>();
    for (const t of terms) {
      if (sum.lookups > SPF_EXPANSION_CAP) {
        if (!isLookupTerm(t)) continue;
        sum.lookups += isCresInclude(t) ? CRES_INCLUDE_COST : 1;
        if (t.kind === 'modifier' || t.mechanism === 'include') {
          sum.unexpanded++;
          sum.complete = false;
        }
        continue;
      }
      const p = await expandTerm(t, path, owner);
      sum.lookups += p.lookups;
      sum.voids += p.voids;
      sum.complete &&= p.complete;
      sum.unexpanded += p.unexpanded;
      for (const f of p.findings) {
        if (sum.findings.length >= FINDINGS_CAP) break;
        const k = findingKey(f);
        if (!seen.has(k)) {
          seen.add(k);
          sum.findings.push(f);
        }
      }
    }
    return sum;
  };

  /** Looks `target` up and expands its record, once per depth. */
  const follow = async (target: string, path: string[]): Promise<Followed> => {
    const key = `${path.length}\0${target}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const fetched = await fetch(target);
    let out: Followed;
    if (fetched.kind === 'void') {
      out = {
        kind: 'stop',
        code: 'spf-missing-record',
        severity: 'error',
        voids: 1,
        detail: `${target} ${fetched.why}, a void lookup; receivers return permerror for this term: fix the name or remove the term`,
      };
    } else if (fetched.kind === 'error') {
      out = {
        kind: 'stop',
        code: 'spf-dns-error',
        severity: 'error',
        voids: 0,
        detail: `the lookup of ${target} at ${server} failed (${fetched.why}); the lookup count is unknown, so nothing is proposed: try again, or choose another server with --dns-server`,
      };
    } else if (fetched.kind === 'bound') {
      out = {
        kind: 'stop',
        code: 'spf-resolve-bound',
        severity: 'error',
        voids: 0,
        detail: `${target} was not looked up: ${fetched.why}; the lookup count is unknown, so nothing is proposed`,
      };
    } else {
      const spf = fetched.texts.filter(isSpfRecordText);
      if (spf.length === 0) {
        out = {
          kind: 'stop',
          code: 'spf-missing-record',
          severity: 'error',
          voids: 0,
          detail: `${target} publishes TXT records but no SPF record; receivers return permerror for this term: fix the name or remove the term`,
        };
      } else if (spf.length > 1) {
        out = {
          kind: 'stop',
          code: 'spf-multiple-records',
          severity: 'error',
          voids: 0,
          detail: `${target} publishes ${spf.length} SPF records; receivers return permerror for this term: ask its owner to merge them`,
        };
      } else {
        const record = parseSpfRecord(spf[0]!);
        if (!record.valid) {
          const first = record.problems.find((p) => p.code === 'spf-syntax');
          out = {
            kind: 'stop',
            code: 'spf-include-invalid',
            severity: 'error',
            voids: 0,
            detail: `the record of ${target} is malformed (${first?.message ?? 'syntax error'}); receivers return permerror for this term: ask its owner to fix it`,
          };
        } else {
          out = { kind: 'record', sub: await expandTerms(evaluatedTerms(record), [...path, target], target) };
        }
      }
    }
    memo.set(key, out);
    return out;
  };

  const expandTerm = async (t: SpfTerm, path: string[], owner: string | undefined): Promise<SpfExpansion> => {
    if (!isLookupTerm(t)) return EMPTY;
    const follows = t.kind === 'modifier' || t.mechanism === 'include';
    if (!follows) return { lookups: 1, voids: 0, complete: true, unexpanded: 0, findings: [] };
    const minimum = isCresInclude(t) ? CRES_INCLUDE_COST : 1;
    const spec = t.kind === 'modifier' ? t.value : (t.domainSpec ?? '');
    const term = t.kind === 'modifier' ? `redirect=${spec}` : `include:${spec}`;
    const where = owner === undefined ? `"${term}"` : `"${term}" in the record of ${owner}`;
    const note = (code: SpfTextProblem['code'], severity: SpfTextProblem['severity'], message: string): SpfTextProblem =>
      owner === undefined
        ? { code, severity, message, offset: t.offset, length: t.text.length }
        : { code, severity, message, domain: owner };
    const stop = (p: SpfTextProblem, voids = 0): SpfExpansion => ({
      lookups: minimum,
      voids,
      complete: false,
      unexpanded: 1,
      findings: [p],
    });

    if (spec.includes('%')) {
      return stop(note('spf-not-expanded', 'info', `${where} holds a macro, expanded per message by receivers: counted as ${minimum}`));
    }
    const target = normaliseDomain(spec);
    if (path.includes(target)) {
      return stop(
        note(
          'spf-loop',
          'error',
          `${where} loops: ${[...path.slice(path.indexOf(target)), target].join(' -> ')}; receivers exceed the lookup limit and return permerror: break the loop`,
        ),
      );
    }
    if (path.length > maxDepth) {
      return stop(
        note('spf-depth-limit', 'warning', `${where} is nested deeper than ${maxDepth} levels: not followed, counted as ${minimum}`),
      );
    }
    const followed = await follow(target, path);
    if (followed.kind === 'stop') return stop(note(followed.code, followed.severity, `${where}: ${followed.detail}`), followed.voids);
    const sub = followed.sub;
    return { lookups: 1 + sub.lookups, voids: sub.voids, complete: sub.complete, unexpanded: sub.unexpanded, findings: sub.findings };
  };

  return {
    expand: (terms, domain) => expandTerms(terms, domain === undefined ? [] : [normaliseDomain(domain)], undefined),
  };
}
