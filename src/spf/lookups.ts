import type { SpfRecord } from './parse.js';
import type { SpfTerm } from './terms.js';

/** RFC 7208 section 4.6.4: more DNS-lookup terms than this is a permerror. */
export const SPF_LOOKUP_LIMIT = 10;

/** RFC 7208 section 4.6.4: more lookups with no answer (NXDOMAIN, no data) than this is a permerror. */
export const SPF_VOID_LIMIT = 2;

/** The domain whose SPF record CRES needs included. */
export const CRES_DOMAIN = 'res.cisco.com';

/**
 * What `include:res.cisco.com` costs: res.cisco.com publishes
 * `v=spf1 mx:res.cisco.com exists:%{i}.spf.res.cisco.com -all`: the include, the mx and the
 * exists.
 */
export const CRES_INCLUDE_COST = 3;

/** `true` for `include:res.cisco.com` with any qualifier, in any case, with or without a final dot. */
export function isCresInclude(term: SpfTerm): boolean {
  return term.kind === 'directive' && term.mechanism === 'include' && normaliseDomain(term.domainSpec ?? '') === CRES_DOMAIN;
}

/** Lower-cases a domain and drops one final dot. */
export function normaliseDomain(domain: string): string {
  return domain.toLowerCase().replace(/\.$/, '');
}

/**
 * The terms a receiver can evaluate, in order: the directives up to and including the first
 * `all` (later ones are never reached), then `redirect=` when there is no `all` (RFC 7208
 * section 6.1 ignores it otherwise).
 */
export function evaluatedTerms(record: SpfRecord): SpfTerm[] {
  const out: SpfTerm[] = [];
  for (const t of record.terms) {
    if (t.kind !== 'directive') continue;
    out.push(t);
    if (t.mechanism === 'all') return out;
  }
  const redirect = record.terms.find((t) => t.kind === 'modifier' && t.name === 'redirect');
  if (redirect !== undefined) out.push(redirect);
  return out;
}

/** `true` for the terms that cost a DNS lookup: include, a, mx, ptr, exists, redirect. */
export function isLookupTerm(term: SpfTerm): boolean {
  return term.kind === 'directive' ? ['include', 'a', 'mx', 'ptr', 'exists'].includes(term.mechanism) : term.name === 'redirect';
}

/** A count without DNS: `unexpanded` terms (include, redirect) were counted at their minimum. */
export interface StaticLookupCount {
  count: number;
  unexpanded: number;
}

/**
 * Counts the DNS-lookup terms of `terms` without looking anything up: each costs 1, except
 * `include:res.cisco.com`, which costs its known 3; every other include and the redirect
 * count as 1 and are reported as `unexpanded` (their own records may cost more).
 */
export function countLookupsStatic(terms: readonly SpfTerm[]): StaticLookupCount {
  let count = 0;
  let unexpanded = 0;
  for (const t of terms) {
    if (!isLookupTerm(t)) continue;
    if (isCresInclude(t)) {
      count += CRES_INCLUDE_COST;
      continue;
    }
    count += 1;
    if ((t.kind === 'directive' && t.mechanism === 'include') || t.kind === 'modifier') unexpanded++;
  }
  return { count, unexpanded };
}
