/** Domain-specs and macro-strings of SPF records (RFC 7208 sections 7 and 8.1). */
import type { SpfTextProblem } from './types.js';
import { syntax, truncate } from './syntax.js';

const TOPLABEL = /^(?:[a-z0-9]*[a-z][a-z0-9]*|[a-z0-9]+-[a-z0-9-]*[a-z0-9])$/i;
const MACRO_EXPAND = /^%\{([slodiphcrtv])(\d*)(r?)([.\-+,/_=]*)\}/i;

/**
 * Checks a domain-spec: a macro-string that ends in `.toplabel` (optionally a final dot) or
 * in a macro. Literal domains also get their labels checked (none empty, none over 63).
 */
export function checkDomainSpec(spec: string, offset: number, what: string, problems: SpfTextProblem[]): void {
  const name = what.endsWith('=') ? what : `${what}:`;
  if (spec === '') {
    problems.push(syntax(Math.max(offset - name.length, 0), name.length, `"${name}" needs a domain: write ${name}example.com`));
    return;
  }
  const scan = scanMacroString(spec, offset, problems);
  if (!scan.ok) return;
  if (!scan.endsWithMacro) {
    const tail = spec.slice(scan.literalTailStart);
    const m = /\.([^.]*)\.?$/.exec(tail);
    const top = m?.[1];
    if (m === null || top === undefined || !TOPLABEL.test(top)) {
      problems.push(
        syntax(
          offset,
          spec.length,
          `"${truncate(spec)}" is not a domain name: it must end in a top-level label such as ".com" (or in a macro)`,
        ),
      );
      return;
    }
  }
  if (scan.macros === 0) {
    const labels = spec.replace(/\.$/, '').split('.');
    if (labels.some((l) => l === '')) {
      problems.push(syntax(offset, spec.length, `"${truncate(spec)}" has an empty label (".."): remove the extra dot`));
    } else if (labels.some((l) => l.length > 63)) {
      problems.push(syntax(offset, spec.length, `"${truncate(spec)}" has a label longer than 63 characters: DNS cannot look it up`));
    }
  }
}

export interface MacroScan {
  ok: boolean;
  macros: number;
  endsWithMacro: boolean;
  literalTailStart: number;
}

export function scanMacroString(s: string, offset: number, problems: SpfTextProblem[]): MacroScan {
  let macros = 0;
  let endsWithMacro = false;
  let literalTailStart = 0;
  for (let i = 0; i < s.length; ) {
    if (s[i] !== '%') {
      i++;
      endsWithMacro = false;
      continue;
    }
    const next = s[i + 1];
    let len = 0;
    if (next === '%' || next === '_' || next === '-') {
      len = 2;
    } else if (next === '{') {
      const m = MACRO_EXPAND.exec(s.slice(i));
      if (m === null) {
        const close = s.indexOf('}', i);
        const bad = close < 0 ? s.slice(i) : s.slice(i, close + 1);
        problems.push(
          syntax(
            offset + i,
            bad.length,
            `malformed macro "${truncate(bad)}": write %{letter}, the letter one of s l o d i p h c r t v, then optional digits, "r" and delimiters . - + , / _ =`,
          ),
        );
        return { ok: false, macros, endsWithMacro, literalTailStart };
      }
      const letter = m[1]!.toLowerCase();
      if (letter === 'c' || letter === 'r' || letter === 't') {
        problems.push({
          code: 'spf-macro',
          severity: 'warning',
          offset: offset + i,
          length: m[0].length,
          message: `macro "${m[0]}" is only allowed in explanation text, not in a record: receivers may fail on it; use %{d}, %{i}, %{s} or %{h}`,
        });
      } else if (letter === 'p') {
        problems.push({
          code: 'spf-ptr',
          severity: 'warning',
          offset: offset + i,
          length: m[0].length,
          message: `macro "${m[0]}" needs reverse DNS lookups, which RFC 7208 says not to use: replace it`,
        });
      }
      len = m[0].length;
    } else {
      problems.push(syntax(offset + i, 1, `"%" must start a macro (%{d}, %%, %_ or %-): write %% for a literal percent sign`));
      return { ok: false, macros, endsWithMacro, literalTailStart };
    }
    macros++;
    i += len;
    endsWithMacro = true;
    literalTailStart = i;
  }
  return { ok: true, macros, endsWithMacro, literalTailStart };
}
