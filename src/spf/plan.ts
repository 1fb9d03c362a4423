import { locate, readSpfInput, sliceRecordText, type SpfRecordText } from './input.js';
import { parseSpfRecord, type SpfRecord } from './parse.js';
import type { SpfDirective } from './terms.js';
import { CRES_INCLUDE_COST, SPF_LOOKUP_LIMIT, SPF_VOID_LIMIT, countLookupsStatic, evaluatedTerms, isCresInclude } from './lookups.js';
import { CRES_INCLUDE_TERM, proposeCresInclude } from './propose.js';
import { createSpfExpander, type SpfExpander, type SpfExpandLimits } from './resolve.js';
import { DNS_UDP_MAX, TXT_RDATA_MAX, TXT_STRING_MAX, splitTxtStrings, txtAnswerBytes, txtRdataBytes } from './txt.js';
import type { SpfFinding, SpfTextProblem, TxtResolver } from './types.js';

/** Exit codes of the `spf` command per record (the shared ones of `cli/exit-codes.ts`). */
export type SpfExitCode = 0 | 1 | 2 | 3;

/** Without a domain to size the answer with: beyond this, RFC 7208 section 3.4 warns the DNS answer may not fit a UDP datagram. */
export const SPF_RECORD_SIZE_WARNING = 450;

/** Lookup counts before and after the change. */
export interface SpfLookups {
  /** DNS-lookup terms receivers evaluate in the record as given. */
  before: number;
  /** The same with `include:res.cisco.com` added (equal to `before` when nothing is added). */
  after: number;
  /** Every include and redirect was followed through DNS (`--resolve`); otherwise the counts are minimums. */
  expanded: boolean;
  /** Include/redirect terms counted at their minimum, not followed (all of them without DNS, except res.cisco.com's known 3). */
  unexpanded: number;
  /** Void lookups before and after, known only with DNS (`--resolve`). */
  voidBefore?: number;
  voidAfter?: number;
}

/**
 * The outcome for one record. `exitCode`: 0 the include is present, nothing to do; 2 a change
 * is proposed (`proposed`); 3 refused: the record has or would have a problem receivers turn
 * into permerror (several records, lookup or void limit, loop), `candidate` shows what the
 * change would have been; 1 the input cannot be read as one SPF record.
 */
export interface SpfPlan {
  domain: string | null;
  /** The input as the user gave it. */
  input: string;
  /** The record text read from it (TXT strings joined), or null when none could be read. */
  record: string | null;
  proposed: string | null;
  /** The record with the include added, whether or not it is proposed. */
  candidate: string | null;
  /** The record to publish (proposed, else candidate, else the record) as TXT strings of at most 255 characters. */
  txt: string[] | null;
  alreadyIncluded: boolean;
  lookups: SpfLookups | null;
  findings: SpfFinding[];
  exitCode: SpfExitCode;
}

/** Options shared by `planSpf` and `planSpfResolved`. */
export interface SpfPlanOptions {
  /** The domain publishing the record (for messages and loop detection). */
  domain?: string;
  /** Findings the caller found about this record (e.g. a domain listed twice); they count for the exit code. */
  extraFindings?: SpfFinding[];
}

interface Analysis {
  record?: SpfRecord;
  text?: SpfRecordText;
  findings: SpfFinding[];
  candidate?: string;
  alreadyIncluded: boolean;
}

/**
 * Plans adding `include:res.cisco.com` to one SPF record without DNS: parses it, proposes the
 * include, counts DNS-lookup terms (other includes and redirects at their minimum of 1,
 * `expanded: false`), and reports findings. Pure.
 */
export function planSpf(input: string, options: SpfPlanOptions = {}): SpfPlan {
  const a = analyse(input);
  let lookups: SpfLookups | null = null;
  if (a.record !== undefined) {
    const before = countLookupsStatic(evaluatedTerms(a.record));
    lookups = {
      before: before.count,
      after: before.count + (a.candidate === undefined ? 0 : CRES_INCLUDE_COST),
      expanded: false,
      unexpanded: before.unexpanded,
    };
  }
  return finish(input, options, a, lookups);
}

/**
 * Like `planSpf`, but follows includes and redirects through `resolve` (recursively, within
 * `limits`), so the counts are real, void lookups are counted, and loops and broken targets
 * are found. The resolver is injected: this function does no I/O of its own. Pass an
 * expander (`createSpfExpander`) instead of a resolver to share one cache and one query
 * budget across the records of a run. A failed lookup or a bound reached is exit 1.
 */
export async function planSpfResolved(
  input: string,
  resolve: TxtResolver | SpfExpander,
  options: SpfPlanOptions & SpfExpandLimits = {},
): Promise<SpfPlan> {
  const a = analyse(input);
  let lookups: SpfLookups | null = null;
  if (a.record !== undefined && a.text !== undefined) {
    const expander = typeof resolve === 'function' ? createSpfExpander(resolve, options) : resolve;
    const before = await expander.expand(evaluatedTerms(a.record), options.domain);
    lookups = {
      before: before.lookups,
      after: before.lookups,
      expanded: before.complete,
      unexpanded: before.unexpanded,
      voidBefore: before.voids,
      voidAfter: before.voids,
    };
    a.findings.push(...before.findings.map((p) => locate(p, a.text, input)));
    if (a.candidate !== undefined) {
      const added = await expander.expand(parseSpfRecord(`v=spf1 ${CRES_INCLUDE_TERM}`).terms, options.domain);
      lookups.after += added.lookups;
      lookups.voidAfter! += added.voids;
      lookups.expanded &&= added.complete;
      lookups.unexpanded += added.unexpanded;
      a.findings.push(
        ...added.findings.map(({ offset: _o, length: _l, ...rest }) => ({ ...rest, domain: rest.domain ?? 'res.cisco.com' })),
      );
    }
  }
  return finish(input, options, a, lookups);
}

function analyse(input: string): Analysis {
  const read = readSpfInput(input);
  const findings = read.problems.map((p) => locate(p, undefined, input));
  const out: Analysis = { findings, alreadyIncluded: false };
  if (read.records.length === 0 || findings.some((f) => f.code === 'spf-syntax')) return out;
  if (read.records.length > 1) {
    for (const [i, t] of read.records.entries()) {
      if (i > 0) findings.push(multipleRecords(t, 0, input, read.records.length));
      findings.push(...parseSpfRecord(t.text).problems.map((p) => locate(p, t, input)));
    }
    return out;
  }
  const text = read.records[0]!;
  const starts = [...text.text.matchAll(/v=spf1(?= |$)/gi)].map((m) => m.index ?? 0).filter((i) => i > 0);
  if (starts.length > 0) {
    const bounds = [0, ...starts, text.text.length];
    for (let i = 0; i + 1 < bounds.length; i++) {
      const part = sliceRecordText(text, bounds[i]!, bounds[i + 1]!);
      if (i > 0) findings.push(multipleRecords(text, bounds[i]!, input, bounds.length - 1));
      findings.push(...parseSpfRecord(part.text).problems.map((p) => locate(p, part, input)));
    }
    return out;
  }
  const record = parseSpfRecord(text.text);
  findings.push(...record.problems.map((p) => locate(p, text, input)));
  if (!record.valid) return out;
  findings.push(...recordRemarks(record).map((p) => locate(p, text, input)));
  const proposal = proposeCresInclude(record);
  return { record, text, findings, candidate: proposal.record, alreadyIncluded: proposal.existing !== undefined };
}

function multipleRecords(t: SpfRecordText, offset: number, input: string, n: number): SpfFinding {
  return locate(
    {
      code: 'spf-multiple-records',
      severity: 'error',
      offset,
      length: 6,
      message: `a second SPF record starts here (${n} in all): a domain must publish exactly one (receivers return permerror): merge them into one record, then run again`,
    },
    t,
    input,
  );
}

function recordRemarks(record: SpfRecord): SpfTextProblem[] {
  const out: SpfTextProblem[] = [];
  const at = (t: { offset: number; text: string }) => ({ offset: t.offset, length: t.text.length });
  const directives = record.terms.filter((t) => t.kind === 'directive');
  const allIndex = directives.findIndex((d) => d.mechanism === 'all');
  const all = directives[allIndex];
  const redirect = record.terms.find((t) => t.kind === 'modifier' && t.name === 'redirect');
  for (const d of directives) {
    if (d.mechanism === 'ptr') {
      out.push({
        code: 'spf-ptr',
        severity: 'warning',
        ...at(d),
        message: `"${d.text}" needs reverse DNS lookups, slow and unreliable; RFC 7208 says not to use ptr: replace it with ip4:, ip6: or a: terms`,
      });
    }
  }
  if (all !== undefined && (all.qualifier === '+' || all.qualifier === '?')) {
    out.push({
      code: 'spf-permissive-all',
      severity: 'warning',
      ...at(all),
      message:
        all.qualifier === '+'
          ? `"${all.text}" lets every host on the Internet send as this domain: end the record with ~all or -all`
          : `"${all.text}" gives unlisted senders "neutral", which receivers treat like no SPF at all: end the record with ~all or -all`,
    });
  }
  if (all === undefined && redirect === undefined) {
    out.push({
      code: 'spf-no-all',
      severity: 'info',
      message: 'no "all" and no "redirect=": mail from unlisted hosts gets "neutral": end the record with ~all or -all',
    });
  }
  const dead = directives[allIndex + 1];
  if (all !== undefined && dead !== undefined) {
    out.push({
      code: 'spf-after-all',
      severity: 'warning',
      offset: dead.offset,
      length: record.text.trimEnd().length - dead.offset,
      message: `terms after "${all.text}" are never evaluated: move them before it or remove them (include:res.cisco.com goes before it)`,
    });
  }
  if (all !== undefined && redirect !== undefined) {
    out.push({
      code: 'spf-redirect-ignored',
      severity: 'warning',
      ...at(redirect),
      message: `"${redirect.text}" is ignored because the record has "${all.text}" (RFC 7208 section 6.1): remove one of them`,
    });
  }
  const cres = record.terms.find((t): t is SpfDirective => isCresInclude(t));
  if (cres !== undefined && cres.qualifier !== '+') {
    out.push({
      code: 'spf-include-qualifier',
      severity: 'warning',
      ...at(cres),
      message: `"${cres.text}" gives mail from CRES "${{ '-': 'fail', '~': 'softfail', '?': 'neutral' }[cres.qualifier]}" instead of "pass": write ${CRES_INCLUDE_TERM} without a qualifier`,
    });
  }
  return out;
}

function finish(input: string, options: SpfPlanOptions, a: Analysis, lookups: SpfLookups | null): SpfPlan {
  const findings = [...a.findings, ...(options.extraFindings ?? [])];
  const current = a.record?.text ?? null;
  const final = a.candidate ?? current;
  if (final !== null) {
    if (final.length > TXT_STRING_MAX) {
      const strings = splitTxtStrings(final);
      findings.push({
        code: 'spf-too-long',
        severity: 'warning',
        message: `the ${a.candidate === undefined ? '' : 'proposed '}record is ${final.length} characters, more than the ${TXT_STRING_MAX} a TXT string holds: publish it as ${strings.length} quoted strings of at most ${TXT_STRING_MAX} characters in one TXT record (receivers join them), as listed under "TXT" (JSON: txt)`,
      });
    }
    const strings = splitTxtStrings(final);
    const rdata = txtRdataBytes(strings);
    const which = a.candidate === undefined ? '' : 'proposed ';
    if (rdata > TXT_RDATA_MAX) {
      findings.push({
        code: 'spf-txt-size',
        severity: 'error',
        message: `the ${which}record needs ${rdata} bytes of TXT data, more than the ${TXT_RDATA_MAX} one TXT record holds: it cannot be published; shorten it (flatten or remove terms)`,
      });
    } else if (options.domain !== undefined) {
      const answer = txtAnswerBytes(options.domain, strings);
      if (answer > DNS_UDP_MAX) {
        findings.push({
          code: 'spf-record-size',
          severity: 'warning',
          message: `a DNS answer holding the ${which}record for ${options.domain} is at least ${answer} bytes, more than the ${DNS_UDP_MAX} UDP carries without EDNS: receivers must retry over TCP, and some fail (RFC 7208 section 3.4): shorten it`,
        });
      }
    } else if (final.length > SPF_RECORD_SIZE_WARNING) {
      findings.push({
        code: 'spf-record-size',
        severity: 'warning',
        message: `the ${which}record is ${final.length} characters, more than ${SPF_RECORD_SIZE_WARNING}: the DNS answer may not fit in ${DNS_UDP_MAX} bytes of UDP without EDNS (RFC 7208 section 3.4): shorten it`,
      });
    }
  }
  if (lookups !== null) {
    const least = lookups.expanded ? '' : 'at least ';
    let limit = false;
    if (lookups.before > SPF_LOOKUP_LIMIT) {
      limit = true;
      findings.push({
        code: 'spf-lookup-limit',
        severity: 'error',
        message: `the record already needs ${least}${lookups.before} DNS lookups, more than the ${SPF_LOOKUP_LIMIT} RFC 7208 allows (receivers return permerror): remove or flatten terms first`,
      });
    } else if (lookups.after > SPF_LOOKUP_LIMIT) {
      limit = true;
      findings.push({
        code: 'spf-lookup-limit',
        severity: 'error',
        message: `adding ${CRES_INCLUDE_TERM} (${CRES_INCLUDE_COST} lookups) takes the record from ${lookups.before} to ${least}${lookups.after} DNS lookups, more than the ${SPF_LOOKUP_LIMIT} RFC 7208 allows (receivers return permerror): free ${lookups.after - SPF_LOOKUP_LIMIT} first`,
      });
    }
    if (limit) {
      findings.push({
        code: 'spf-flatten-warning',
        severity: 'info',
        message: `${CRES_INCLUDE_TERM} cannot be flattened into ip4:/ip6: terms (its exists:%{i} macro needs each message's IP): free lookups by flattening other includes, or by replacing a/mx/ptr terms with the addresses they stand for`,
      });
    }
    const voids = Math.max(lookups.voidBefore ?? 0, lookups.voidAfter ?? 0);
    if (voids > SPF_VOID_LIMIT) {
      findings.push({
        code: 'spf-void-limit',
        severity: 'error',
        message: `${voids} lookups find nothing (void lookups), more than the ${SPF_VOID_LIMIT} RFC 7208 allows (receivers return permerror): remove the terms that point at missing domains`,
      });
    }
  }
  const unique = dedupe(findings);
  const exitCode: SpfExitCode = unique.some((f) => EXIT_1.has(f.code))
    ? 1
    : unique.some((f) => f.severity === 'error')
      ? 3
      : a.candidate !== undefined
        ? 2
        : 0;
  const proposed = exitCode === 2 ? (a.candidate ?? null) : null;
  return {
    domain: options.domain ?? null,
    input,
    record: current,
    proposed,
    candidate: a.candidate ?? null,
    txt: final === null ? null : splitTxtStrings(final),
    alreadyIncluded: a.alreadyIncluded,
    lookups: exitCode === 1 && !unique.some((f) => f.code === 'spf-dns-error' || f.code === 'spf-resolve-bound') ? null : lookups,
    findings: unique,
    exitCode,
  };
}

/** Codes that make a record's exit code 1: it could not be read, or counted. */
const EXIT_1 = new Set<SpfFinding['code']>(['spf-syntax', 'spf-domain-file', 'spf-dns-error', 'spf-resolve-bound']);

function dedupe(findings: SpfFinding[]): SpfFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = JSON.stringify(f);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
