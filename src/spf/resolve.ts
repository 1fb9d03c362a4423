import { isSpfRecordText, parseSpfRecord, type SpfTerm } from './parse.js';
import { CRES_INCLUDE_COST, evaluatedTerms, isCresInclude, isLookupTerm, normaliseDomain } from './lookups.js';
import type { SpfTextProblem, TxtResolver } from './types.js';

/** Bounds on an expansion; the time bound belongs to the resolver (see `runSpf`). */
export interface SpfExpandLimits {
  /** Nested include/redirect levels followed; deeper ones count as 1. Default 10. */
  maxDepth?: number;
  /** DNS queries sent at most, over all expansions of one expander. Default 50. */
  maxQueries?: number;
}

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
  | { kind: 'error'; why: string };

const VOID_CODES = new Set(['ENOTFOUND', 'ENODATA']);

const DNS_ERRORS: Record<string, string> = {
  ETIMEOUT: 'no answer in time',
  ETIMEBOUND: 'the time bound for this record was reached',
  ESERVFAIL: 'the server failed (SERVFAIL)',
  EREFUSED: 'the server refused the query',
  ECONNREFUSED: 'the server is not reachable (connection refused)',
  ECANCELLED: 'the lookup was cancelled',
};

/**
 * Creates an expander over an injected TXT resolver. Each name is queried once (cached);
 * NXDOMAIN and empty answers are void lookups (RFC 7208 section 4.6.4); loops (a domain
 * reached again on its own include chain), nesting beyond `maxDepth` and queries beyond
 * `maxQueries` stop the expansion there, so any input terminates.
 */
export function createSpfExpander(resolve: TxtResolver, limits: SpfExpandLimits = {}): SpfExpander {
  const maxDepth = limits.maxDepth ?? 10;
  const maxQueries = limits.maxQueries ?? 50;
  const cache = new Map<string, Promise<Fetched>>();
  let queries = 0;

  const fetch = (name: string): Promise<Fetched> => {
    const hit = cache.get(name);
    if (hit !== undefined) return hit;
    let p: Promise<Fetched>;
    if (queries >= maxQueries) {
      p = Promise.resolve({ kind: 'error', why: `the budget of ${maxQueries} DNS queries is spent` });
    } else {
      queries++;
      p = resolve(name).then(
        (records): Fetched => records.length === 0
          ? { kind: 'void', why: 'has no TXT record' }
          : { kind: 'records', texts: records.map((chunks) => chunks.join('')) },
        (err: unknown): Fetched => {
          const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : String(err);
          if (VOID_CODES.has(code)) return { kind: 'void', why: code === 'ENOTFOUND' ? 'does not exist (NXDOMAIN)' : 'has no TXT record' };
          return { kind: 'error', why: DNS_ERRORS[code] ?? code };
        },
      );
    }
    cache.set(name, p);
    return p;
  };

  const expandTerms = async (terms: readonly SpfTerm[], path: string[], owner: string | undefined): Promise<SpfExpansion> => {
    const parts = await Promise.all(terms.map((t) => expandTerm(t, path, owner)));
    const sum: SpfExpansion = { lookups: 0, voids: 0, complete: true, unexpanded: 0, findings: [] };
    for (const p of parts) {
      sum.lookups += p.lookups;
      sum.voids += p.voids;
      sum.complete &&= p.complete;
      sum.unexpanded += p.unexpanded;
      sum.findings.push(...p.findings);
    }
    return sum;
  };

  const expandTerm = async (t: SpfTerm, path: string[], owner: string | undefined): Promise<SpfExpansion> => {
    if (!isLookupTerm(t)) return { lookups: 0, voids: 0, complete: true, unexpanded: 0, findings: [] };
    const follows = t.kind === 'modifier' || t.mechanism === 'include';
    if (!follows) return { lookups: 1, voids: 0, complete: true, unexpanded: 0, findings: [] };
    const minimum = isCresInclude(t) ? CRES_INCLUDE_COST : 1;
    const spec = t.kind === 'modifier' ? t.value : t.domainSpec ?? '';
    const term = t.kind === 'modifier' ? `redirect=${spec}` : `include:${spec}`;
    const where = owner === undefined ? `"${term}"` : `"${term}" in the record of ${owner}`;
    const note = (code: SpfTextProblem['code'], severity: SpfTextProblem['severity'], message: string): SpfTextProblem =>
      owner === undefined
        ? { code, severity, message, offset: t.offset, length: t.text.length }
        : { code, severity, message, domain: owner };
    const stop = (p: SpfTextProblem, voids = 0): SpfExpansion => ({ lookups: minimum, voids, complete: false, unexpanded: 1, findings: [p] });

    if (spec.includes('%')) {
      return stop(note('spf-not-expanded', 'info',
        `${where} holds a macro, expanded per message by receivers: counted as ${minimum}`));
    }
    const target = normaliseDomain(spec);
    if (path.includes(target)) {
      return stop(note('spf-loop', 'error',
        `${where} loops: ${[...path.slice(path.indexOf(target)), target].join(' -> ')}; receivers exceed the lookup limit and return permerror: break the loop`));
    }
    if (path.length > maxDepth) {
      return stop(note('spf-depth-limit', 'warning',
        `${where} is nested deeper than ${maxDepth} levels: not followed, counted as ${minimum}`));
    }
    const fetched = await fetch(target);
    if (fetched.kind === 'void') {
      return stop(note('spf-missing-record', 'error',
        `${where}: ${target} ${fetched.why}, a void lookup; receivers return permerror for this term: fix the name or remove the term`), 1);
    }
    if (fetched.kind === 'error') {
      return stop(note('spf-dns-error', 'warning',
        `${where}: the lookup of ${target} failed (${fetched.why}): counted as ${minimum}; try again, or choose another server with --dns-server`));
    }
    const spf = fetched.texts.filter(isSpfRecordText);
    if (spf.length === 0) {
      return stop(note('spf-missing-record', 'error',
        `${where}: ${target} publishes TXT records but no SPF record; receivers return permerror for this term: fix the name or remove the term`));
    }
    if (spf.length > 1) {
      return stop(note('spf-multiple-records', 'error',
        `${where}: ${target} publishes ${spf.length} SPF records; receivers return permerror for this term: ask its owner to merge them`));
    }
    const record = parseSpfRecord(spf[0]!);
    if (!record.valid) {
      const first = record.problems.find((p) => p.code === 'spf-syntax');
      return stop(note('spf-include-invalid', 'error',
        `${where}: the record of ${target} is malformed (${first?.message ?? 'syntax error'}); receivers return permerror for this term: ask its owner to fix it`));
    }
    const sub = await expandTerms(evaluatedTerms(record), [...path, target], target);
    return { lookups: 1 + sub.lookups, voids: sub.voids, complete: sub.complete, unexpanded: sub.unexpanded, findings: sub.findings };
  };

  return {
    expand: (terms, domain) => expandTerms(terms, domain === undefined ? [] : [normaliseDomain(domain)], undefined),
  };
}
