/**
 * Independent SPF checkers, for the records our planner proposes and the ones it calls malformed:
 *
 * - mailauth's SPF checker (an npm package, always runs). It evaluates rather than parses, so a
 *   record is checked by evaluating it for a client address nothing in it matches, with a DNS
 *   resolver answered from memory (no network): every term is reached, a syntax error is its
 *   `permerror`. Lookup limits are raised out of the way: they are not syntax.
 * - Mail::SPF (Perl, optional: where Perl has it, e.g. Debian's libmail-spf-perl; CI installs it),
 *   through scripts/mail-spf-check.pl, which parses each record.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DNSResolver } from 'mailauth';
import type { Test } from 'uvu';
import { type Oracle, optionalOracle, oracleTest } from './oracle.js';

/** An SPF checker: its verdict for each record, "ok" or "error: ...". */
export interface SpfChecker {
  name: string;
  verdicts(records: readonly string[]): Promise<string[]>;
}

/** The domain whose TXT record is the record under test. */
const DOMAIN = 'spf-oracle.test';
/** Client addresses that no record of the tests designates (MCAST-TEST-NET, the discard prefix). */
const CLIENTS = ['233.252.0.77', '100::77'];

type MailauthSpf = typeof import('mailauth/lib/spf/index.js').spf;

/**
 * The DNS of the check, from memory: the record for DOMAIN, "v=spf1 ?all" for any other name
 * (include and redirect targets), and documentation addresses for A, AAAA and MX.
 */
function resolverFor(record: string): DNSResolver {
  // MX answers are objects, which mailauth's DNSResolver type does not spell.
  const resolve = async (name: string, type: string): Promise<unknown[]> => {
    switch (type) {
      case 'TXT':
        return [[name.toLowerCase() === DOMAIN ? record : 'v=spf1 ?all']];
      case 'A':
        return ['192.0.2.1'];
      case 'AAAA':
        return ['2001:db8::1'];
      case 'MX':
        return [{ exchange: `mx.${DOMAIN}`, priority: 10 }];
      default:
        return [];
    }
  };
  return resolve as DNSResolver;
}

/** mailauth's SPF checker. */
export const mailauth: Oracle<SpfChecker> = {
  name: 'mailauth SPF',
  start: async () => {
    const mod: { spf?: MailauthSpf; default?: { spf?: MailauthSpf } } = await import('mailauth/lib/spf/index.js');
    const spf = mod.spf ?? mod.default?.spf;
    if (typeof spf !== 'function') throw new Error('mailauth/lib/spf has no spf function');
    const verdict = async (record: string): Promise<string> => {
      for (const ip of CLIENTS) {
        const r = await spf({
          sender: `postmaster@${DOMAIN}`,
          ip,
          helo: `mail.${DOMAIN}`,
          mta: 'oracle.test',
          resolver: resolverFor(record),
          maxResolveCount: 1000,
          maxVoidCount: 1000,
        });
        // "none": the text is no SPF record at all (no v=spf1), which for these tests is malformed.
        if (['permerror', 'temperror', 'none'].includes(r.status.result)) return `error: ${r.status.result}: ${r.status.comment ?? ''}`;
      }
      return 'ok';
    };
    if ((await verdict('v=spf1 -all')) !== 'ok' || (await verdict('v=spf1 bogus:x -all')) === 'ok')
      throw new Error('mailauth SPF does not answer as expected');
    return { name: 'mailauth SPF', verdicts: (records) => Promise.all(records.map(verdict)) };
  },
};

const script = fileURLToPath(new URL('../../scripts/mail-spf-check.pl', import.meta.url));

function runMailSpf(records: readonly string[]): string[] {
  if (records.length === 0) return [];
  for (const r of records) if (/[\r\n]/.test(r)) throw new Error(`record with a line break: ${JSON.stringify(r)}`);
  const run = spawnSync('perl', [script], { input: `${records.join('\n')}\n`, encoding: 'utf8' });
  if (run.error !== undefined || run.status !== 0) {
    const why = run.error?.message ?? run.stderr.split(' in @INC')[0]!.trim();
    throw new Error(`perl with Mail::SPF did not run (Debian: apt-get install libmail-spf-perl): ${why}`);
  }
  const lines = run.stdout.split('\n').slice(0, records.length);
  if (lines.length !== records.length) throw new Error(`Mail::SPF answered ${lines.length} of ${records.length} records`);
  return lines;
}

/** Mail::SPF through Perl; optional: the suite passes without it. */
export const mailSpf: Oracle<SpfChecker> = {
  name: 'Mail::SPF (Perl)',
  optional: true,
  start: async () => {
    const probe = runMailSpf(['v=spf1 -all', 'v=spf1 bogus:x -all']);
    if (probe[0] !== 'ok' || probe[1] === 'ok') throw new Error(`Mail::SPF does not answer as expected: ${probe.join('; ')}`);
    return { name: 'Mail::SPF', verdicts: async (records) => runMailSpf(records) };
  },
};

/** The records `checker` rejects, with its reason; empty when it accepts them all. */
export async function rejectedBy(checker: SpfChecker, records: readonly string[]): Promise<{ record: string; reason: string }[]> {
  const verdicts = await checker.verdicts(records);
  return records.flatMap((record, i) => (verdicts[i] === 'ok' ? [] : [{ record, reason: verdicts[i] ?? 'no answer' }]));
}

/**
 * Declares a test that checks records with every SPF checker of this machine: mailauth (skipped
 * with the reason if it cannot start) and Mail::SPF where Perl has it (noted when it does not).
 */
export function spfOracleTest(name: string, fn: (checker: SpfChecker) => Promise<void>, suite?: Test): void {
  oracleTest(
    name,
    mailauth,
    async (first) => {
      const other = await optionalOracle(name, mailSpf);
      for (const checker of other ? [first, other] : [first]) await fn(checker);
    },
    suite,
  );
}
