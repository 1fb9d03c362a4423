/** Explanations of the codes of `esa-patch spf` (SPF records and their options) and of `--fail-on`. */
import { E, type Explanation } from './explanation.js';

/** Explanations of SPF and `--fail-on` codes. */
export const SPF_EXPLANATIONS: Readonly<Record<string, Explanation>> = {
  'spf-syntax': E(
    'not a valid SPF record',
    'The text is not a record RFC 7208 accepts (it must start with v=spf1, and each term must be a mechanism or a modifier). Receivers treat such a record as a permanent error, so mail of the domain may fail SPF. Correct the record before adding include:res.cisco.com.',
  ),
  'spf-multiple-records': E(
    'several SPF records for one domain',
    'A domain may publish one v=spf1 TXT record. With several, receivers return permerror and SPF fails for all its mail. Merge them into one record, then add include:res.cisco.com to it.',
  ),
  'spf-lookup-limit': E(
    'more than 10 DNS lookups',
    'RFC 7208 limits a record to 10 terms that cause DNS lookups (include, a, mx, ptr, exists, redirect), counted through every include. Over the limit receivers return permerror. Adding include:res.cisco.com counts one more: remove unused includes or replace a, mx by ip4/ip6 first.',
  ),
  'spf-void-limit': E(
    'more than 2 lookups with no answer',
    'RFC 7208 allows at most two DNS lookups that return no record (NXDOMAIN or empty); beyond that receivers return permerror. Remove the includes and mechanisms that point at names which no longer exist.',
  ),
  'spf-loop': E(
    'an include or redirect loop',
    'An include: or redirect= chain comes back to a domain already on it. Receivers stop with permerror. Remove the include that closes the loop.',
  ),
  'spf-missing-record': E(
    'an include target without an SPF record',
    'A domain named by include: or redirect= publishes no v=spf1 record. For include, receivers return permerror; for redirect, the result is permerror too. Remove the term or ask the owner of that domain to publish a record.',
  ),
  'spf-include-invalid': E(
    'an include target with a malformed record',
    'The record an include: or redirect= target publishes is not valid SPF, so receivers return permerror when they reach it. Ask the owner of that domain to fix it, or remove the term.',
  ),
  'spf-dns-error': E(
    'a DNS lookup failed',
    'With --resolve a lookup timed out or was refused (SERVFAIL, REFUSED, no answer). The record could not be checked completely, so the run exits 1. Check --dns-server and the network, and run again.',
  ),
  'spf-resolve-bound': E(
    'the DNS budget of the run was reached',
    'With --resolve one run sends at most --max-queries queries and waits at most --time-bound milliseconds in all, so a hostile or huge include tree cannot hold it. The check is incomplete (exit 1); raise the bound if the record is legitimately large.',
  ),
  'spf-txt-size': E(
    'a record larger than a TXT record holds',
    'The proposed record would need more than 65,535 bytes of TXT data, which DNS cannot publish. The change is refused (exit 3): shorten the record (fewer ip4/ip6 terms, includes in place of lists).',
  ),
  'spf-depth-limit': E(
    'includes nested too deep',
    'Expansion stopped at the nesting bound: the terms below it were not checked. Receivers may still evaluate them; check the deeper records by hand or flatten the chain.',
  ),
  'spf-not-expanded': E(
    'an include counted without looking inside',
    'Without --resolve an include: or redirect= counts as one lookup; the lookups inside it are not counted. Run with --resolve to count the whole tree against the limit of 10.',
  ),
  'spf-ptr': E(
    'the ptr mechanism',
    'RFC 7208 says not to use ptr (or the %{p} macro): it is slow, unreliable, and many receivers skip it. Replace it by ip4/ip6 or a mechanisms.',
  ),
  'spf-permissive-all': E(
    'an all that lets any host pass',
    '+all (or all without a qualifier) authorises every host on the Internet to send as the domain, and ?all says nothing. Use -all or ~all once every legitimate sender, including include:res.cisco.com, is listed.',
  ),
  'spf-no-all': E(
    'no all and no redirect',
    'Without an all mechanism or a redirect= modifier, mail from hosts not listed gets neutral, as if there were no SPF. End the record with -all or ~all.',
  ),
  'spf-after-all': E(
    'terms after all',
    'Receivers stop at all: the terms after it are never evaluated. Move them before all (include:res.cisco.com must come before it to count).',
  ),
  'spf-redirect-ignored': E(
    'a redirect that is never followed',
    'redirect= is used only when no mechanism matches; with an all in the record something always matches, so the redirect is ignored. Remove one of the two.',
  ),
  'spf-include-qualifier': E(
    'include:res.cisco.com with a qualifier',
    'include:res.cisco.com is present with -, ~ or ?: mail Cisco RES sends then fails (or softfails) SPF instead of passing. Write it as include:res.cisco.com (the + qualifier).',
  ),
  'spf-unknown-modifier': E(
    'a modifier receivers ignore',
    'A term name=value that is not redirect or exp is ignored by receivers. It is often a typo such as include=res.cisco.com for include:res.cisco.com; correct it.',
  ),
  'spf-macro': E(
    'a macro letter only valid in explanations',
    'The macro letters c, r and t are only valid in the text of an exp= explanation. In a mechanism receivers return permerror. Remove the macro or use a valid letter.',
  ),
  'spf-too-long': E(
    'a record longer than 255 characters',
    'One TXT string holds at most 255 characters: the record must be published as several quoted strings in one TXT record, which receivers join. The proposed record is printed split that way; publish it as shown.',
  ),
  'spf-record-size': E(
    'an answer larger than 512 bytes',
    'A DNS answer over 512 bytes does not fit in a UDP packet without EDNS; some receivers then fall back to TCP or fail. RFC 7208 section 3.4 advises keeping records short: shorten the record or move parts into an include.',
  ),
  'spf-flatten-warning': E(
    'include:res.cisco.com cannot be flattened',
    'A flattener replaces includes by the addresses they hold at one moment. Cisco changes the addresses of res.cisco.com, so a flattened copy goes stale and RES mail fails SPF. Keep include:res.cisco.com as an include.',
  ),
  'spf-ignored-txt': E(
    'a TXT string that is not SPF',
    'In pasted dig output, TXT strings that do not start with v=spf1 (site verification tokens and the like) are skipped; only the SPF record is checked.',
  ),
  'spf-domain-file': E(
    'a malformed line in the domain file',
    'Each line of --domain-file is a domain, a tab, and its record (or a comment starting with #). The line named is not; correct it.',
  ),
  'spf-file': E('the domain file cannot be read', 'The --domain-file could not be read: check the path and its permissions.'),
  'spf-option': E(
    'a bad option of spf',
    'An option of esa-patch spf has a value it cannot use (the message names it); see esa-patch spf --help.',
  ),
  'fail-on': E('--fail-on', '--fail-on warning makes a run with any warning exit 1, for CI; --fail-on error the same for errors only.'),
};
