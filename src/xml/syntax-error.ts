/** Well-formedness errors of the XML scanner, as the core's one throwable. */
import { finding, Refused, type XmlFindingArgs } from '../findings.js';

/**
 * A well-formedness error at byte offset `offset`: a {@link Refused} whose finding's `detail`
 * says what is wrong.
 */
export function xmlError(detail: string, offset: number, code: keyof XmlFindingArgs = 'xml-malformed'): Refused {
  return new Refused(finding(code, 'error', { detail }), offset);
}

/** The detail of a well-formedness error (the text of its finding), or null when `e` is none. */
export function xmlErrorDetail(e: unknown): string | null {
  if (!(e instanceof Refused) || e.at === undefined) return null;
  const args = e.finding.args as { detail?: unknown };
  return typeof args.detail === 'string' ? args.detail : null;
}
