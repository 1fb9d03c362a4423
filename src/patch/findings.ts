/** Problems and observations are data; wording is formatted at the edge. */

/** How bad a finding is. */
export type Severity = 'error' | 'warning' | 'info';

/** One finding: a stable `code`, a message a person can act on, and where. */
export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  /** File name, when known (the CLI fills it). */
  file?: string;
  /** 1-based line and column in the file. */
  line?: number;
  col?: number;
  /** Element path in the document, e.g. `config/listeners/listener[1]/hat`. */
  path?: string;
  listener?: string;
}
