/**
 * fast-check generators of HAT text in every spelling Cisco prints (and some it does not):
 * bare behaviours, `{}`, inline and multi-line blocks, braces on their own lines, `$NAME
 * ACCEPT …` on one line, quoted values with braces and escaped quotes, groups with one or
 * several members a line, inline entries, `ALL`, `#` comments, blank lines, unknown lines
 * (inside unused policies, where nothing depends on them), and CR LF / CR / LF endings.
 */
import fc from 'fast-check';

export type Eol = '\n' | '\r\n' | '\r';

/** A generated HAT and what was put in it. */
export interface GeneratedHat {
  text: string;
  eol: Eol;
  policies: string[];
  groups: string[];
  /** Names of policies holding an unknown line (none of them is used by an entry). */
  unusedWithUnknown: string[];
}

const POLICY_NAMES = ['TRUSTED', 'BLOCKED', 'ACCEPTED', 'THROTTLED', 'RELAYED', 'CRES_TLS', 'PARTNER_TLS', 'TLS_REQ'];
const GROUP_NAMES = ['WHITELIST', 'BLACKLIST', 'SUSPECTLIST', 'UNKNOWNLIST', 'CRES', 'PARTNERS', 'ALLOWED_LIST', 'BLOCKED_LIST'];
const BEHAVIOURS = ['ACCEPT', 'REJECT', 'RELAY', 'TCPREFUSE', 'CONTINUE'];

export const stringValue = fc.constantFrom(
  'off',
  'on',
  'preferred',
  'required',
  'ESA {mx1} ready',
  'ESA \\"mx1\\" ready',
  'a } b',
  '',
  'x=y',
  '(paren)',
);
export const numberValue = fc.constantFrom('-1', '0', '100', '5000', '10485760');

/** A `key = value` parameter as written. */
export const param: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.constantFrom('spam_check', 'virus_check', 'smtp_banner_text', 'use_sb'), stringValue).map(([k, v]) => `${k} = "${v}"`),
  fc
    .tuple(
      fc.constantFrom(
        'max_msgs_per_session',
        'max_concurrency',
        'max_rcpts_per_msg',
        'max_rcpts_per_hour',
        'dhap_limit',
        'max_message_size',
      ),
      numberValue,
    )
    .map(([k, v]) => `${k} = ${v}`),
  fc.constantFrom('off', 'preferred', 'required', 'required_verify').map((v) => `tls = "${v}"`),
);

/** A member as written. */
export const member = fc.oneof(
  fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join('.')),
  fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.integer({ min: 8, max: 32 })).map(([a, b, c, p]) => `${a}.${b}.${c}.0/${p}`),
  fc.tuple(fc.nat(255), fc.nat(255)).map(([a, b]) => `${a}.${b}.`),
  fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(127)).map(([a, b, c, d]) => `${a}.${b}.${c}.${d}-${d + 100}`),
  fc.constantFrom(
    'mail.partner.example',
    '.partner.example',
    'mx.badpartner.example',
    '2001:db8::/32',
    '2001:db8::1',
    'SBRS[-10.0:-3.0]',
    'SBRS[none]',
    'dnslist[bl.example.org]',
    '.example.com',
    'mxnat1.res.cisco.com',
  ),
);

const comment = fc.constantFrom(
  '',
  ' (My trusted senders)',
  ' (reject the domain "spamdomain.com")',
  ' (nested (parens) here)',
  ' (quote ")" inside)',
);

/** The text of a behaviour in one of the spellings, as lines after the `$NAME` head (or on it when `onHead`). */
function behaviourLines(b: string, params: string[], spelling: number, ind: string, c: string): { head: string; lines: string[] } {
  const p2 = ind + ind;
  switch (spelling) {
    case 0: // bare
      return { head: '', lines: [`${ind}${b}${c}`] };
    case 1: // {}
      return { head: '', lines: [`${ind}${b} {}${c}`] };
    case 2: // inline
      return { head: '', lines: [`${ind}${b} { ${params.join(' ')} }${c}`] };
    case 3: // multi-line
      return { head: '', lines: [`${ind}${b} {`, ...params.map((p) => p2 + p), `${ind}}${c}`] };
    case 4: // braces on their own lines
      return { head: '', lines: [`${ind}${b}`, `${ind}{`, ...params.map((p) => p2 + p), `${ind}}${c}`] };
    case 5: // on the head line, bare
      return { head: ` ${b}${c}`, lines: [] };
    default: // on the head line, inline block
      return { head: ` ${b} { ${params.join(' ')} }${c}`, lines: [] };
  }
}

/** A whole HAT. */
export const hat: fc.Arbitrary<GeneratedHat> = fc
  .record({
    eol: fc.constantFrom<Eol>('\n', '\r\n', '\r'),
    ind: fc.constantFrom('    ', '\t', '  '),
    policies: fc.uniqueArray(fc.constantFrom(...POLICY_NAMES), { minLength: 1, maxLength: 5 }),
    policyShapes: fc.array(
      fc.record({
        b: fc.constantFrom(...BEHAVIOURS),
        params: fc.uniqueArray(param, { maxLength: 4, selector: (p) => p.split(' ')[0] }),
        spelling: fc.nat(6),
        c: comment,
        unknown: fc.boolean(),
      }),
      {
        minLength: 5,
        maxLength: 5,
      },
    ),
    groups: fc.uniqueArray(fc.constantFrom(...GROUP_NAMES), { maxLength: 4 }),
    groupShapes: fc.array(
      fc.record({
        members: fc.array(member, { minLength: 1, maxLength: 4 }),
        perLine: fc.nat(2),
        policy: fc.nat(10),
        c: comment,
        own: fc.nat(4),
      }),
      {
        minLength: 4,
        maxLength: 4,
      },
    ),
    inline: fc.array(fc.record({ m: member, sameLine: fc.boolean(), b: fc.constantFrom(...BEHAVIOURS) }), { maxLength: 2 }),
    blanks: fc.boolean(),
    hashComments: fc.boolean(),
    finalEol: fc.boolean(),
  })
  .map((g) => {
    const out: string[] = [];
    const { ind } = g;
    const used = new Set<string>();
    const groupPolicies = g.groups.map((_, i) => g.policies[g.groupShapes[i]!.policy % g.policies.length]!);
    for (const p of groupPolicies) used.add(p);
    used.add(g.policies[0]!); // ALL's policy
    const unusedWithUnknown: string[] = [];
    if (g.hashComments) out.push('# Host Access Table');
    g.policies.forEach((name, i) => {
      const s = g.policyShapes[i]!;
      const spelling = s.params.length === 0 && s.spelling === 2 ? 1 : s.spelling;
      const { head, lines } = behaviourLines(s.b, s.params, spelling, ind, s.c);
      out.push(`$${name}${head}`, ...lines);
      if (s.unknown && !used.has(name) && name !== 'CRES_TLS' && spelling !== 5 && spelling !== 6) {
        out.push(`${ind}frobnicate 1`);
        unusedWithUnknown.push(name);
      }
      if (g.blanks) out.push('');
    });
    g.groups.forEach((name, i) => {
      const s = g.groupShapes[i]!;
      out.push(`${name}:`);
      const per = s.perLine + 1;
      for (let k = 0; k < s.members.length; k += per) out.push(ind + s.members.slice(k, k + per).join(k % 2 ? ', ' : ' '));
      if (s.own === 0) out.push(`${ind}REJECT${s.c}`);
      else out.push(`${ind}${ind}$${groupPolicies[i]}${s.c}`);
      if (g.blanks) out.push('');
    });
    for (const e of g.inline) {
      const policy = `$${g.policies[0]}`;
      if (e.sameLine) out.push(`${e.m} ${policy}`);
      else out.push(e.m, `${ind}${e.b}`);
    }
    if (g.hashComments) out.push('# everything else');
    out.push('ALL', `${ind}$${g.policies[0]}`);
    const text = out.join(g.eol) + (g.finalEol ? g.eol : '');
    return { text, eol: g.eol, policies: g.policies, groups: g.groups, unusedWithUnknown };
  });

/** Arbitrary text made of HAT characters: for parse → print identity on anything. */
export const hatLikeText = fc
  .array(
    fc.constantFrom(
      '$',
      'A',
      'ALL',
      ':',
      ' ',
      '\t',
      '\n',
      '\r',
      '\r\n',
      '{',
      '}',
      '=',
      '"',
      '\\',
      '(',
      ')',
      ',',
      '#',
      'ACCEPT',
      'x',
      '1.2.3.4',
      '.e.com',
      ' = ',
      '"q"',
    ),
    { maxLength: 80 },
  )
  .map((parts) => parts.join(''));
