/**
 * The long explanation of each finding code, for `esa-patch explain CODE` (and beside a
 * finding in the HTML report): why it matters on an appliance and what to do. The one-line
 * message of a finding (report/messages.ts) says what and where; this says why.
 */
import { APPLIANCE_EXPLANATIONS } from './explain-appliance.js';
import { CHANGE_EXPLANATIONS } from './explain-change.js';
import { LANGUAGE_EXPLANATIONS } from './explain-language.js';
import { READING_EXPLANATIONS } from './explain-reading.js';
import { SPF_EXPLANATIONS } from './explain-spf.js';
import { CHECK_EXPLANATIONS } from './explain-check.js';
import { PUSH_EXPLANATIONS } from './explain-push.js';
import type { Explanation } from './explanation.js';

/**
 * Explanations by finding code. The parts are spread in this order, which is the order of the codes
 * (`suggest` breaks ties by it).
 */
export const EXPLANATIONS: Readonly<Record<string, Explanation>> = {
  ...READING_EXPLANATIONS,
  ...CHANGE_EXPLANATIONS,
  ...LANGUAGE_EXPLANATIONS,
  ...SPF_EXPLANATIONS,
  ...CHECK_EXPLANATIONS,
  ...PUSH_EXPLANATIONS,
  ...APPLIANCE_EXPLANATIONS,
};

/** The explanation of `code`, or undefined. */
export function explain(code: string): Explanation | undefined {
  return Object.prototype.hasOwnProperty.call(EXPLANATIONS, code) ? EXPLANATIONS[code] : undefined;
}
