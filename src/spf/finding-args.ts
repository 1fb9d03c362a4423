/** The arguments of SPF's findings (one area of the one `Finding` type in src/findings.ts). */

/**
 * SPF records (`src/spf`): the codes `SpfCode` is made of. The SPF module keeps its own
 * detailed finding type (`SpfFinding`, whose message is the `detail` here).
 */
export interface SpfFindingArgs {
  /** The input is not a valid RFC 7208 record (exit 1). */
  'spf-syntax': { detail: string };
  /** Several `v=spf1` records for one domain (receivers: permerror). */
  'spf-multiple-records': { detail: string };
  /** More than 10 DNS-lookup terms (receivers: permerror). */
  'spf-lookup-limit': { detail: string };
  /** More than 2 lookups with no answer (receivers: permerror). */
  'spf-void-limit': { detail: string };
  /** An include/redirect chain comes back to a domain already on it. */
  'spf-loop': { detail: string };
  /** An include/redirect target publishes no SPF record. */
  'spf-missing-record': { detail: string };
  /** An include/redirect target publishes a malformed record. */
  'spf-include-invalid': { detail: string };
  /** A lookup failed (timeout, SERVFAIL, refused) with `--resolve` (exit 1). */
  'spf-dns-error': { detail: string };
  /** The run's query budget or time bound was reached with `--resolve` (exit 1). */
  'spf-resolve-bound': { detail: string };
  /** The record's TXT data would exceed 65,535 bytes, more than a TXT record holds (exit 3). */
  'spf-txt-size': { detail: string };
  /** Expansion stopped at the nesting bound. */
  'spf-depth-limit': { detail: string };
  /** Include/redirect counted as 1 without looking inside. */
  'spf-not-expanded': { detail: string };
  /** The `ptr` mechanism or `%{p}` macro (RFC 7208: do not use). */
  'spf-ptr': { detail: string };
  /** `+all`, `all` or `?all`. */
  'spf-permissive-all': { detail: string };
  /** Neither `all` nor `redirect=`: unmatched mail gets `neutral`. */
  'spf-no-all': { detail: string };
  /** Terms after `all`, never evaluated. */
  'spf-after-all': { detail: string };
  /** `redirect=` together with `all`, never followed. */
  'spf-redirect-ignored': { detail: string };
  /** `include:res.cisco.com` present with a qualifier other than `+`. */
  'spf-include-qualifier': { detail: string };
  /** A modifier receivers ignore (often a typo such as `include=`). */
  'spf-unknown-modifier': { detail: string };
  /** A macro letter only valid in explanation text (`c`, `r`, `t`). */
  'spf-macro': { detail: string };
  /** Longer than 255 characters: the TXT record needs several strings. */
  'spf-too-long': { detail: string };
  /** The DNS answer would exceed 512 bytes (UDP without EDNS); without a domain, longer than 450 characters (RFC 7208 section 3.4). */
  'spf-record-size': { detail: string };
  /** `include:res.cisco.com` cannot be flattened into IP lists. */
  'spf-flatten-warning': { detail: string };
  /** A non-SPF TXT string in pasted `dig` output was skipped. */
  'spf-ignored-txt': { detail: string };
  /** A malformed line in a `--domain-file`. */
  'spf-domain-file': { detail: string };
  /** The domain file cannot be read. */
  'spf-file': { detail: string };
  /** A bad command-line option value. */
  'spf-option': { detail: string };
}
