/** The terms of an SPF record: mechanisms with their qualifiers and arguments, and modifiers. */
import type { SpfTextProblem } from './types.js';
import { checkDomainSpec, scanMacroString } from './macros.js';
import { syntax, truncate } from './syntax.js';

/** A directive's qualifier; `+` when none is written. */
export type SpfQualifier = '+' | '-' | '~' | '?';

/** The eight mechanisms of RFC 7208, lower-cased. */
export type SpfMechanismName = 'all' | 'include' | 'a' | 'mx' | 'ptr' | 'ip4' | 'ip6' | 'exists';

/** A mechanism with its qualifier, e.g. `-all`, `include:_spf.example.com`, `a:%{d}/24`. */
export interface SpfDirective {
  kind: 'directive';
  /** The term as written. */
  text: string;
  /** 0-based offset of the term (its qualifier, if any) in the record text. */
  offset: number;
  qualifier: SpfQualifier;
  /** The qualifier is written (`+all`), not implied (`all`). */
  qualifierExplicit: boolean;
  mechanism: SpfMechanismName;
  /** The domain-spec of include, exists, a, mx, ptr, as written (may hold macros). */
  domainSpec?: string;
  /** The address of ip4/ip6, as written. */
  network?: string;
  cidr4?: number;
  cidr6?: number;
}

/** A `name=value` modifier: `redirect=`, `exp=` or one receivers ignore. */
export interface SpfModifier {
  kind: 'modifier';
  text: string;
  offset: number;
  /** Lower-cased name. */
  name: string;
  value: string;
}

/** One term of a record, in the record's order. */
export type SpfTerm = SpfDirective | SpfModifier;

const MECHANISMS: readonly SpfMechanismName[] = ['all', 'include', 'a', 'mx', 'ptr', 'ip4', 'ip6', 'exists'];
const MECHANISM_LIST = 'all, include, a, mx, ptr, ip4, ip6, exists';
const MODIFIER = /^([A-Za-z][A-Za-z0-9\-_.]*)=/;
const QNUM = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]\d|\d)$/;

/** Parses one term (a token of the record) at `offset`; undefined, with a problem, when it does not parse. */
export function parseTerm(token: string, offset: number, problems: SpfTextProblem[]): SpfTerm | undefined {
  const mod = MODIFIER.exec(token);
  if (mod !== null) return parseModifier(token, offset, mod[1]!, problems);
  const explicit = '+-~?'.includes(token[0]!);
  const qualifier = (explicit ? token[0] : '+') as SpfQualifier;
  const rest = explicit ? token.slice(1) : token;
  const nameMatch = /^[A-Za-z][A-Za-z0-9]*/.exec(rest);
  if (nameMatch === null) {
    problems.push(
      syntax(
        offset,
        token.length,
        rest === ''
          ? `"${token}" has no mechanism after the qualifier: write e.g. ${token}all`
          : `"${truncate(token)}" is neither a mechanism nor a modifier: mechanisms are ${MECHANISM_LIST}; a modifier is name=value`,
      ),
    );
    return undefined;
  }
  const name = nameMatch[0].toLowerCase();
  const args = rest.slice(nameMatch[0].length);
  const argsOffset = offset + token.length - args.length;
  if (!(MECHANISMS as readonly string[]).includes(name)) {
    const near = MECHANISMS.find((m) => m.length > 2 && editDistance(m, name) <= 2);
    const hint =
      (name === 'redirect' || name === 'exp') && args.startsWith(':')
        ? `did you mean ${name}=${args.slice(1)}? (modifiers take "=")`
        : near !== undefined
          ? `did you mean "${near}"? (mechanisms are ${MECHANISM_LIST})`
          : `mechanisms are ${MECHANISM_LIST}; a modifier is name=value`;
    problems.push(syntax(offset, token.length, `unknown mechanism "${truncate(nameMatch[0])}": ${hint}`));
    return undefined;
  }
  const d: SpfDirective = {
    kind: 'directive',
    text: token,
    offset,
    qualifier,
    qualifierExplicit: explicit,
    mechanism: name as SpfMechanismName,
  };
  const before = problems.length;
  switch (d.mechanism) {
    case 'all':
      if (args !== '') problems.push(syntax(offset, token.length, `"all" takes no argument: write all, -all, ~all or ?all`));
      break;
    case 'include':
    case 'exists':
      if (!args.startsWith(':')) {
        problems.push(syntax(offset, token.length, `"${d.mechanism}" needs a domain: write ${d.mechanism}:example.com`));
      } else {
        d.domainSpec = args.slice(1);
        checkDomainSpec(d.domainSpec, argsOffset + 1, d.mechanism, problems);
      }
      break;
    case 'a':
    case 'mx':
      parseDomainWithCidr(d, args, argsOffset, problems);
      break;
    case 'ptr':
      if (args !== '') {
        if (!args.startsWith(':')) {
          problems.push(syntax(argsOffset, args.length, `"ptr" takes an optional ":domain", not "${truncate(args)}"`));
        } else {
          d.domainSpec = args.slice(1);
          checkDomainSpec(d.domainSpec, argsOffset + 1, 'ptr', problems);
        }
      }
      break;
    case 'ip4':
    case 'ip6':
      parseNetwork(d, args, argsOffset, problems);
      break;
  }
  return problems.slice(before).some((p) => p.code === 'spf-syntax') ? undefined : d;
}

export function parseModifier(token: string, offset: number, rawName: string, problems: SpfTextProblem[]): SpfModifier | undefined {
  const name = rawName.toLowerCase();
  const value = token.slice(rawName.length + 1);
  const valueOffset = offset + rawName.length + 1;
  const before = problems.length;
  if (name === 'redirect' || name === 'exp') {
    checkDomainSpec(value, valueOffset, `${name}=`, problems);
  } else {
    scanMacroString(value, valueOffset, problems);
    if (!(name === 'v' && value.toLowerCase() === 'spf1')) {
      const hint = (MECHANISMS as readonly string[]).includes(name)
        ? `did you mean ${rawName}:${value}? (mechanisms take ":")`
        : 'receivers ignore it; check the spelling if it was meant to do something';
      problems.push({
        code: 'spf-unknown-modifier',
        severity: 'warning',
        offset,
        length: token.length,
        message: `unknown modifier "${rawName}=": ${hint}`,
      });
    }
  }
  if (problems.slice(before).some((p) => p.code === 'spf-syntax')) return undefined;
  return { kind: 'modifier', text: token, offset, name, value };
}

export function parseDomainWithCidr(d: SpfDirective, args: string, offset: number, problems: SpfTextProblem[]): void {
  if (args === '') return;
  if (!args.startsWith(':') && !args.startsWith('/')) {
    problems.push(syntax(offset, args.length, `"${d.mechanism}" takes an optional ":domain" and "/prefix", not "${truncate(args)}"`));
    return;
  }
  const m = /^(.*?)(?:\/([0-9]*))?(?:\/\/([0-9]*))?$/s.exec(args.startsWith(':') ? args.slice(1) : args)!;
  const spec = m[1]!;
  if (!args.startsWith(':')) {
    if (spec !== '') {
      problems.push(
        syntax(offset, args.length, `"${truncate(args)}" is not a prefix length: write e.g. ${d.mechanism}/24 or ${d.mechanism}//64`),
      );
      return;
    }
  } else {
    d.domainSpec = spec;
    checkDomainSpec(spec, offset + 1, d.mechanism, problems);
  }
  const cidrAt = offset + (args.startsWith(':') ? 1 : 0) + spec.length;
  if (m[2] !== undefined) {
    const v = prefixLength(m[2], 32);
    if (v === undefined) problems.push(syntax(cidrAt, m[2].length + 1, cidrMessage(m[2], 'IPv4', 32)));
    else d.cidr4 = v;
  }
  if (m[3] !== undefined) {
    const v = prefixLength(m[3], 128);
    const at = cidrAt + (m[2] === undefined ? 0 : m[2].length + 1);
    if (v === undefined) problems.push(syntax(at, m[3].length + 2, cidrMessage(m[3], 'IPv6', 128)));
    else d.cidr6 = v;
  }
}

export function parseNetwork(d: SpfDirective, args: string, offset: number, problems: SpfTextProblem[]): void {
  const v4 = d.mechanism === 'ip4';
  const example = v4 ? 'ip4:192.0.2.0/24' : 'ip6:2001:db8::/32';
  if (!args.startsWith(':') || args.length === 1) {
    problems.push(
      syntax(offset - d.mechanism.length, d.mechanism.length + args.length, `"${d.mechanism}" needs an address: write e.g. ${example}`),
    );
    return;
  }
  const body = args.slice(1);
  const slash = body.indexOf('/');
  const network = slash < 0 ? body : body.slice(0, slash);
  const ok = v4 ? isIpv4(network) : isIpv6(network);
  if (!ok) {
    problems.push(
      syntax(
        offset + 1,
        network.length,
        v4
          ? `"${truncate(network)}" is not an IPv4 address: write four numbers 0-255 without leading zeros, e.g. ${example}`
          : `"${truncate(network)}" is not an IPv6 address: write it as in RFC 4291, e.g. ${example}`,
      ),
    );
    return;
  }
  d.network = network;
  if (slash >= 0) {
    const digits = body.slice(slash + 1);
    const max = v4 ? 32 : 128;
    const v = prefixLength(digits, max);
    if (v === undefined) problems.push(syntax(offset + 1 + slash, digits.length + 1, cidrMessage(digits, v4 ? 'IPv4' : 'IPv6', max)));
    else if (v4) d.cidr4 = v;
    else d.cidr6 = v;
  }
}

export function prefixLength(digits: string, max: number): number | undefined {
  if (!/^(?:0|[1-9]\d{0,2})$/.test(digits)) return undefined;
  const v = Number(digits);
  return v <= max ? v : undefined;
}

export function cidrMessage(digits: string, family: string, max: number): string {
  return `"/${truncate(digits)}" is not an ${family} prefix length: use /0 to /${max} without leading zeros`;
}

export function isIpv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => QNUM.test(p));
}

/** RFC 4291 section 2.2 text forms: eight groups, one `::`, an optional dotted IPv4 tail. */
export function isIpv6(s: string): boolean {
  if (!/^[0-9A-Fa-f:.]+$/.test(s)) return false;
  let groups = s;
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    if (!isIpv4(s.slice(lastColon + 1))) return false;
    groups = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const halves = groups.split('::');
  if (halves.length > 2) return false;
  const parse = (h: string): string[] | undefined => {
    if (h === '') return [];
    const g = h.split(':');
    return g.every((x) => /^[0-9A-Fa-f]{1,4}$/.test(x)) ? g : undefined;
  };
  const left = parse(halves[0]!);
  const right = halves.length === 2 ? parse(halves[1]!) : [];
  if (left === undefined || right === undefined) return false;
  const n = left.length + right.length;
  return halves.length === 2 ? n <= 7 : n === 8;
}

export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}
