/** One export of `esa-patch check`: read and checked, in the main thread or a worker; plain data in and out. */
import { checkExportText, type ExportCheck } from '../check/run.js';
import type { CheckRule } from '../check/rules.js';
import { finding, Refused } from '../findings.js';
import { messageOf } from '../report/messages.js';
import { readLatin1 } from './fs/index.js';

/** What one export's check needs. */
export interface CheckJob {
  /** The export as the user named it. */
  input: string;
  /** Its absolute path. */
  path: string;
  rules: CheckRule[];
  rulesOnly: boolean;
}

/** The check of a file that could not be checked at all. */
export function failedCheck(job: CheckJob, why: string): ExportCheck {
  return {
    file: job.input,
    identity: null,
    appliance: job.input,
    listeners: [],
    findings: [{ ...finding('internal-error', 'error', { detail: why }), file: job.input }],
    results: [],
    hats: [],
  };
}

/** Reads and checks one export. */
export function runCheckJob(job: CheckJob): ExportCheck {
  let text: string;
  try {
    text = readLatin1(job.path);
  } catch (e) {
    if (!(e instanceof Refused)) throw e;
    return { ...failedCheck(job, messageOf(e.finding)), findings: [{ ...e.finding, file: job.input }] };
  }
  return checkExportText(text, job.input, { rules: job.rules, rulesOnly: job.rulesOnly });
}
