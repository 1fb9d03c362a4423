import type { SpfRecord } from './parse.js';
import type { SpfDirective } from './terms.js';
import { CRES_DOMAIN, isCresInclude } from './lookups.js';

/** The term the proposal adds. */
export const CRES_INCLUDE_TERM = `include:${CRES_DOMAIN}`;

/**
 * The change to a record, as a text edit: `inserted` goes at `offset` of the record text, and
 * `record` is the result. When `existing` is set the include is already there and there is
 * no edit.
 */
export interface SpfProposal {
  existing?: SpfDirective;
  offset?: number;
  inserted?: string;
  record?: string;
}

/**
 * Proposes adding `include:res.cisco.com` to a parsed record: right before the first `all`
 * mechanism (its qualifier included); without `all`, right after the last mechanism, hence
 * before a `redirect=` and any modifiers that end the record. Everything else, spacing and
 * letter case included, is kept byte for byte. If an `include:res.cisco.com` is present
 * (any qualifier, any case, final dot or not) nothing is proposed.
 */
export function proposeCresInclude(record: SpfRecord): SpfProposal {
  const existing = record.terms.find((t): t is SpfDirective => isCresInclude(t));
  if (existing !== undefined) return { existing };
  const all = record.terms.find((t) => t.kind === 'directive' && t.mechanism === 'all');
  let offset: number;
  let inserted: string;
  if (all !== undefined) {
    offset = all.offset;
    inserted = `${CRES_INCLUDE_TERM} `;
  } else {
    const last = record.terms.filter((t) => t.kind === 'directive').at(-1);
    offset = last === undefined ? 'v=spf1'.length : last.offset + last.text.length;
    inserted = ` ${CRES_INCLUDE_TERM}`;
  }
  const record2 = record.text.slice(0, offset) + inserted + record.text.slice(offset);
  return { offset, inserted, record: record2 };
}
