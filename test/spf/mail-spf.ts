// Runs records through Mail::SPF (scripts/mail-spf-check.pl) and returns its verdict per record.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../scripts/mail-spf-check.pl', import.meta.url));

/** Mail::SPF's verdict for each record: "ok" or "error: ...". Throws if perl or Mail::SPF is missing. */
export function mailSpfVerdicts(records: readonly string[]): string[] {
  if (records.length === 0) return [];
  for (const r of records) if (/[\r\n]/.test(r)) throw new Error(`record with a line break: ${JSON.stringify(r)}`);
  const run = spawnSync('perl', [script], { input: `${records.join('\n')}\n`, encoding: 'utf8' });
  if (run.error !== undefined || run.status !== 0) {
    throw new Error(`Mail::SPF check failed to run (install libmail-spf-perl): ${run.error?.message ?? run.stderr}`);
  }
  const lines = run.stdout.split('\n').slice(0, records.length);
  if (lines.length !== records.length) throw new Error(`Mail::SPF answered ${lines.length} of ${records.length} records`);
  return lines;
}

/** The records Mail::SPF rejects, with its reason; empty when it accepts them all. */
export function rejectedByMailSpf(records: readonly string[]): { record: string; reason: string }[] {
  const verdicts = mailSpfVerdicts(records);
  return records.flatMap((record, i) => (verdicts[i] === 'ok' ? [] : [{ record, reason: verdicts[i] ?? 'no answer' }]));
}
