import type { SpfFindingArgs } from '../findings.js';

/** How bad a finding is: `error` blocks the change, `warning` and `info` only inform. */
export type SpfSeverity = 'error' | 'warning' | 'info';

/**
 * Stable codes of SPF findings; tests and scripts match on these, never on the wording.
 *
 * - `spf-syntax`: the input is not a valid RFC 7208 record (exit 1).
 * - `spf-multiple-records`: several `v=spf1` records for one domain (receivers: permerror).
 * - `spf-lookup-limit`: more than 10 DNS-lookup terms (receivers: permerror).
 * - `spf-void-limit`: more than 2 lookups with no answer (receivers: permerror).
 * - `spf-loop`: an include/redirect chain comes back to a domain already on it.
 * - `spf-missing-record`: an include/redirect target publishes no SPF record.
 * - `spf-include-invalid`: an include/redirect target publishes a malformed record.
 * - `spf-dns-error`: a lookup failed (timeout, SERVFAIL, refused) with `--resolve` (exit 1).
 * - `spf-resolve-bound`: the run's query budget or time bound was reached with `--resolve` (exit 1).
 * - `spf-txt-size`: the record's TXT data would exceed 65,535 bytes, more than a TXT record holds (exit 3).
 * - `spf-depth-limit`: expansion stopped at the nesting bound.
 * - `spf-not-expanded`: include/redirect counted as 1 without looking inside.
 * - `spf-ptr`: the `ptr` mechanism or `%{p}` macro (RFC 7208: do not use).
 * - `spf-permissive-all`: `+all`, `all` or `?all`.
 * - `spf-no-all`: neither `all` nor `redirect=`: unmatched mail gets `neutral`.
 * - `spf-after-all`: terms after `all`, never evaluated.
 * - `spf-redirect-ignored`: `redirect=` together with `all`, never followed.
 * - `spf-include-qualifier`: `include:res.cisco.com` present with a qualifier other than `+`.
 * - `spf-unknown-modifier`: a modifier receivers ignore (often a typo such as `include=`).
 * - `spf-macro`: a macro letter only valid in explanation text (`c`, `r`, `t`).
 * - `spf-too-long`: longer than 255 characters: the TXT record needs several strings.
 * - `spf-record-size`: the DNS answer would exceed 512 bytes (UDP without EDNS); without a
 *   domain, longer than 450 characters (RFC 7208 section 3.4).
 * - `spf-flatten-warning`: `include:res.cisco.com` cannot be flattened into IP lists.
 * - `spf-ignored-txt`: a non-SPF TXT string in pasted `dig` output was skipped.
 * - `spf-domain-file`: a malformed line in a `--domain-file`.
 * - `spf-file`: the domain file cannot be read.
 * - `spf-option`: a bad command-line option value.
 */
export type SpfCode =
  | 'spf-syntax'
  | 'spf-multiple-records'
  | 'spf-lookup-limit'
  | 'spf-void-limit'
  | 'spf-loop'
  | 'spf-missing-record'
  | 'spf-include-invalid'
  | 'spf-dns-error'
  | 'spf-resolve-bound'
  | 'spf-txt-size'
  | 'spf-depth-limit'
  | 'spf-not-expanded'
  | 'spf-ptr'
  | 'spf-permissive-all'
  | 'spf-no-all'
  | 'spf-after-all'
  | 'spf-redirect-ignored'
  | 'spf-include-qualifier'
  | 'spf-unknown-modifier'
  | 'spf-macro'
  | 'spf-too-long'
  | 'spf-record-size'
  | 'spf-flatten-warning'
  | 'spf-ignored-txt'
  | 'spf-domain-file'
  | 'spf-file'
  | 'spf-option';

/**
 * A problem or remark, as data. `message` says what is wrong and what to do; the caller adds
 * where. Positions, when present, are 1-based and refer to the text the user gave (the
 * record argument or the record field of a domain-file line), `length` is the span to
 * underline. `domain` names the record the finding is about when it is not the input's own
 * (an included record, with `--resolve`).
 */
export interface SpfFinding {
  code: SpfCode;
  severity: SpfSeverity;
  message: string;
  line?: number;
  column?: number;
  length?: number;
  domain?: string;
}

/**
 * A finding about a span of a record text, before it is mapped back to what the user typed:
 * `offset` and `length` are 0-based positions in the record text.
 */
export interface SpfTextProblem {
  code: SpfCode;
  severity: SpfSeverity;
  message: string;
  offset?: number;
  length?: number;
  domain?: string;
}

/**
 * A TXT lookup, injected so the SPF modules stay pure: resolves to the TXT records of `name`,
 * each as its list of character strings (what `node:dns` `resolveTxt` returns). It rejects
 * with an error whose `code` is `ENOTFOUND` (NXDOMAIN) or `ENODATA` (no TXT record): both are
 * void lookups; any other rejection is a lookup failure.
 */
export type TxtResolver = (name: string) => Promise<string[][]>;

/** Every SPF code is registered in the SPF section of `src/findings.ts`, and nothing else is. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const SPF_CODES_REGISTERED: Same<SpfCode, keyof SpfFindingArgs> = true;
