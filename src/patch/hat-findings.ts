/**
 * The old line parser's problems (`src/esa/hat.ts`) as findings of the HAT section, with the
 * HAT line they are on. Goes away when the HAT language (`src/hat`) reports its own findings.
 */
import type { Hat, HatProblem } from '../esa/hat.js';
import { finding, type Finding } from '../findings.js';

/** A finding about a HAT and its 1-based HAT line, when it has one. */
export interface HatLocated {
  finding: Finding;
  line?: number;
}

/** The finding of one parser problem. */
export function hatProblemFinding(hat: Hat, p: HatProblem, listener: string): Finding {
  const sev = p.severity;
  const body = hat.lines[p.line - 1]?.body ?? '';
  const afterColon = (prefix: string) => (p.message.startsWith(prefix) ? p.message.slice(prefix.length) : body);
  switch (p.code) {
    case 'hat-unknown-param':
      return finding('hat-unknown-param', sev, { listener, text: afterColon('parameter text not understood: ') });
    case 'hat-unknown-line':
      return finding('hat-unknown-line', sev, { listener, text: body });
    case 'hat-unknown-text':
      return finding('hat-unknown-text', sev, { listener, text: p.message.replace(/^[^:]*: /, '') });
    case 'hat-unknown-member':
      return finding('hat-unknown-member', sev, { listener, member: afterColon('sender not understood, kept as is: ') });
    case 'hat-unclosed-block':
      return finding('hat-unclosed-block', sev, { listener, line: p.line });
    case 'hat-policy-without-behaviour':
    case 'hat-duplicate-policy':
      return finding(p.code, sev, { listener, policy: /^\$(\S+)/.exec(body)?.[1] ?? body });
    case 'hat-duplicate-group':
      return finding('hat-duplicate-group', sev, { listener, group: body.replace(/:\s*$/, '') });
    case 'hat-entry-without-policy':
    case 'hat-second-policy':
      return finding(p.code, sev, { listener, entry: p.message.replace(/ names .*$/, '') });
    default:
      return finding('hat-orphan-line', sev, { listener, text: body });
  }
}
