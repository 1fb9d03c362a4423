/** The problems the SPF parser reports, and how it quotes text in them. */
import type { SpfCode, SpfSeverity, SpfTextProblem } from './types.js';

/** An `spf-syntax` error at `offset`. */
export function syntax(offset: number, length: number, message: string): SpfTextProblem {
  return problem('spf-syntax', 'error', offset, length, message);
}

/** A problem of any SPF code. */
export function problem(code: SpfCode, severity: SpfSeverity, offset: number, length: number, message: string): SpfTextProblem {
  return { code, severity, offset, length, message };
}

/** `s`, cut to 40 characters for a message. */
export function truncate(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}
