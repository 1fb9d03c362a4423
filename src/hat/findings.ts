/** HAT problems as findings of the one `Finding` type (the caller names the listener). */
import { finding, type Finding, type Span } from '../findings.js';
import type { HatProblem } from './model.js';

/** A HAT problem as a finding: `error` when blocking, else `info`. `span` adds file/path; line and col are HAT-relative. */
export function problemFinding(p: HatProblem, listener: string, span: Span = {}): Finding {
  const sev = p.blocking ? 'error' : 'info';
  const at: Span = { ...span, listener, line: p.line, col: p.col };
  const name = p.name ?? '';
  switch (p.code) {
    case 'hat-empty':
      return finding('hat-empty', sev, { listener }, at);
    case 'hat-no-column0-entry':
      return finding('hat-no-column0-entry', sev, { listener, line: p.line }, at);
    case 'hat-unclosed-block':
      return finding('hat-unclosed-block', sev, { listener, line: p.line }, at);
    case 'hat-stray-brace':
      return finding('hat-stray-brace', sev, { listener, line: p.line, text: p.text }, at);
    case 'hat-unterminated-quote':
      return finding('hat-unterminated-quote', sev, { listener, line: p.line, text: p.text }, at);
    case 'hat-orphan-line':
      return finding('hat-orphan-line', sev, { listener, text: p.text }, at);
    case 'hat-second-policy':
      return finding('hat-second-policy', sev, { listener, entry: name }, at);
    case 'hat-member-after-policy':
      return finding('hat-member-after-policy', sev, { listener, entry: name, member: p.text }, at);
    case 'hat-entry-without-policy':
      return finding('hat-entry-without-policy', sev, { listener, entry: name }, at);
    case 'hat-policy-without-behaviour':
      return finding('hat-policy-without-behaviour', sev, { listener, policy: name }, at);
    case 'hat-duplicate-policy':
      return finding('hat-duplicate-policy', sev, { listener, policy: p.text }, at);
    case 'hat-duplicate-group':
      return finding('hat-duplicate-group', sev, { listener, group: p.text }, at);
    case 'hat-unknown-line':
      return finding('hat-unknown-line', sev, { listener, text: p.text }, at);
    case 'hat-unknown-param':
      return finding('hat-unknown-param', sev, { listener, text: p.text }, at);
    case 'hat-duplicate-param':
      return finding('hat-duplicate-param', sev, { listener, policy: name, param: p.text, line: p.line }, at);
    case 'hat-value-escape':
    case 'hat-head-unclear':
    case 'hat-line-unclear':
      return finding(p.code, sev, { listener, line: p.line, text: p.text }, at);
    case 'hat-unknown-member':
      return finding('hat-unknown-member', sev, { listener, member: p.text }, at);
  }
}
