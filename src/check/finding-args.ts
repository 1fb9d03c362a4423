/** The arguments of `esa-patch check`'s findings (one area of the one `Finding` type in src/findings.ts). */

/**
 * `esa-patch check` (`src/check`): what a HAT does wrong, and a fleet's rules. `line`/`otherLine`
 * are 1-based HAT lines; `host`/`ptr`: a connecting host that demonstrates the claim with
 * `trace` (null when none can), `landed`: the entry it lands on.
 */
export interface CheckFindingArgs {
  'check-hat-unreadable': { listener: string; problem: string; line: number };
  'check-after-all': { listener: string; entry: string; allLine: number; host: string | null; ptr: string | null; landed: string | null };
  'check-entry-shadowed': {
    listener: string;
    entry: string;
    by: readonly string[];
    host: string | null;
    ptr: string | null;
    landed: string | null;
  };
  'check-member-shadowed': {
    listener: string;
    entry: string;
    member: string;
    by: readonly string[];
    host: string | null;
    ptr: string | null;
    landed: string | null;
  };
  'check-member-partly-shadowed': {
    listener: string;
    entry: string;
    member: string;
    by: string;
    host: string | null;
    ptr: string | null;
    landed: string | null;
  };
  'check-member-repeated': { listener: string; entry: string; member: string; other: string; otherLine: number; sameTreatment: boolean };
  'check-member-never-matches': {
    listener: string;
    entry: string;
    member: string;
    reason: 'reversed-range' | 'bad-octet' | 'bad-prefix' | 'empty-label' | 'long-label' | 'not-a-source';
  };
  'check-group-empty': { listener: string; entry: string };
  'check-policy-undefined': { listener: string; entry: string; policy: string };
  'check-policy-unused': { listener: string; policy: string };
  'check-risky-order': {
    listener: string;
    entry: string;
    behaviour: string;
    by: string;
    byMember: string;
    byBehaviour: string;
    host: string | null;
    ptr: string | null;
  };
  'check-relay-public': { listener: string; entry: string; member: string };
  'check-all-relays': { listener: string; listenerType: string };
  /** A rule of the rules file does not hold (`certain` false: it may not, depending on what is unknown offline). */
  'check-rule-broken': {
    rule: string;
    kind: 'lands' | 'rejected' | 'relay-only' | 'same-hat' | 'policy-param';
    listener: string;
    appliance: string;
    certain: boolean;
    host: string | null;
    ptr: string | null;
    landed: string | null;
    expected: string;
    found: string;
  };
  /** The rules file is not YAML/JSON (span: file:line:col of the rules file). */
  'check-rules-syntax': { detail: string };
  /** The rules file breaks its schema or a rule across fields (span: file:line:col). */
  'check-rules-invalid': { pointer: string; rule: string; expected: string };
}
