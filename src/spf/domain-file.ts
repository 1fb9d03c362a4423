import { normaliseDomain } from './lookups.js';
import type { SpfFinding } from './types.js';

/** One `domain<TAB>record` line of a domain file; `column` is where the record field starts (1-based). */
export interface SpfDomainEntry {
  domain: string;
  record: string;
  line: number;
  column: number;
}

/** A domain file read into entries; `problems` are `spf-domain-file` errors with file line and column. */
export interface SpfDomainFile {
  entries: SpfDomainEntry[];
  problems: SpfFinding[];
}

const DOMAIN = /^(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.?$/i;

/**
 * Reads a domain file: one `domain<TAB>record` per line (the record as a bare string or as
 * quoted TXT strings); blank lines and lines starting with `#` are skipped, CRLF and a BOM
 * are accepted. Malformed lines become problems and are left out of `entries`.
 */
export function parseDomainFile(text: string): SpfDomainFile {
  const entries: SpfDomainEntry[] = [];
  const problems: SpfFinding[] = [];
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const n = i + 1;
    const tab = line.indexOf('\t');
    const bad = (column: number, length: number, message: string) =>
      problems.push({ code: 'spf-domain-file', severity: 'error', line: n, column, length, message });
    if (tab < 0) {
      bad(
        1,
        line.length,
        `expected "domain<TAB>record"${/\s/.test(trimmed) ? ' (found spaces)' : ''}: separate the domain from its record with one tab`,
      );
      continue;
    }
    const domain = line.slice(0, tab).trim();
    const record = line.slice(tab + 1);
    if (!DOMAIN.test(domain) || domain.length > 254) {
      const column = line.indexOf(domain) + 1 || 1;
      bad(
        column,
        Math.max(domain.length, 1),
        domain === ''
          ? 'no domain before the tab: write "domain<TAB>record"'
          : `"${domain}" is not a domain name: write the domain that publishes the record, e.g. example.com`,
      );
      continue;
    }
    if (record.trim() === '') {
      bad(tab + 2, 0, `no record after the tab for ${domain}: write its SPF record, e.g. "v=spf1 mx -all"`);
      continue;
    }
    entries.push({ domain, record, line: n, column: tab + 2 });
  }
  return { entries, problems };
}

/**
 * Finds domains listed more than once: a domain publishing several SPF records gets
 * permerror from receivers. Returns, for each affected entry index, its finding.
 */
export function duplicateDomainFindings(entries: readonly SpfDomainEntry[]): Map<number, SpfFinding> {
  const byDomain = new Map<string, number[]>();
  for (const [i, e] of entries.entries()) {
    const key = normaliseDomain(e.domain);
    byDomain.set(key, [...(byDomain.get(key) ?? []), i]);
  }
  const out = new Map<number, SpfFinding>();
  for (const [domain, indexes] of byDomain) {
    if (indexes.length < 2) continue;
    const lines = indexes.map((i) => entries[i]!.line).join(', ');
    for (const i of indexes) {
      out.set(i, {
        code: 'spf-multiple-records',
        severity: 'error',
        message: `${domain} is listed ${indexes.length} times (lines ${lines}): a domain must publish exactly one SPF record (receivers return permerror): merge them into one line`,
      });
    }
  }
  return out;
}
