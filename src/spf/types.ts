import type { Severity, SpfFindingArgs } from '../findings.js';

/** How bad a finding is: `error` blocks the change, `warning` and `info` only inform. */
export type SpfSeverity = Severity;

/** Stable codes of SPF findings (documented in `src/findings.ts`); tests and scripts match on these, never on the wording. */
export type SpfCode = keyof SpfFindingArgs;

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
