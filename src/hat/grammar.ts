/**
 * The HAT grammar of names, parameters and senders, in one place: the JSON Schema patterns of
 * the recipe and the artefact, the lowering's checks and the reader's predicates are these.
 * Patterns are strings (JSON Schema `pattern`, read with the `u` flag); the regular
 * expressions beside them are compiled from the same strings.
 *
 * Case: every parameter name the format doc has seen is lower case, and whether the appliance
 * tells `TLS` from `tls` is not known, so a parameter name is lower case everywhere (the reader
 * refuses another, the recipe and the artefact cannot hold one). Names of groups and policies
 * are compared without case (the appliance may not tell them apart) and written as given.
 */

/** The behaviour keywords of a mail flow policy (as Cisco prints them: upper case). */
export const BEHAVIOURS = ['ACCEPT', 'REJECT', 'RELAY', 'TCPREFUSE', 'CONTINUE'] as const;
/** A behaviour keyword. */
export type Behaviour = (typeof BEHAVIOURS)[number];

/**
 * Characters never written into a HAT nor shown raw as a name (a character class body): C0,
 * DEL, C1, line and paragraph separators, bidi controls.
 */
export const CONTROLS = '\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029\\u200e\\u200f\\u061c\\u202a-\\u202e\\u2066-\\u2069';
/** {@link CONTROLS}, and what XML cannot hold: lone surrogates, U+FFFE, U+FFFF (what a recipe may not ask to write). */
export const WRITTEN_CONTROLS = `${CONTROLS}\\ud800-\\udfff\\ufffe\\uffff`;
/** Characters a recorded text (a removal's, a recipe's) never holds: {@link CONTROLS} but tab and line endings. */
export const RECORDED_CONTROLS =
  '\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\u2028\\u2029\\u200e\\u200f\\u061c\\u202a-\\u202e\\u2066-\\u2069';
/** One character of {@link CONTROLS}. */
export const CONTROL = new RegExp(`[${CONTROLS}]`, 'u');

// Characters that end or change a HAT word (the tokenizer's stops, `$` and `:` of heads, quotes).
const STOPS = `\\s:$(){}=,"'\\\\${CONTROLS}`;
// Characters a member word never holds (IPv6 members hold colons).
const MEMBER_STOPS = `\\s$(){}=,"'\\\\#${CONTROLS}`;

/** A sender group or policy name as the HAT reader takes one (`NAME:`, `$NAME`): one word, not a comment. */
export const HAT_NAME = `^[^#${STOPS}][^${STOPS}]{0,255}$`;
/** A sender group name: as {@link HAT_NAME}, and not `ALL` (the last entry's). */
export const HAT_GROUP = `^(?![Aa][Ll][Ll]$)[^#${STOPS}][^${STOPS}]{0,255}$`;
/** A name as the tool writes one (a recipe's, the lowering's): letters, digits, `_`, `.`, `-`. */
export const WRITTEN_NAME = '^[A-Za-z0-9_.-]+$';
/** `ALL`, in any case: the last entry, never a group. */
export const ALL_NAME = '^[Aa][Ll][Ll]$';
/** `DEFAULT`, in any case: the listener's `hat_default_*` settings, never a policy of the HAT text. */
export const DEFAULT_NAME = '^[Dd][Ee][Ff][Aa][Uu][Ll][Tt]$';
/**
 * A name as Cisco's GUI writes policy and sender group names: letters, digits, `_`, `-`, `.`.
 * Bytes from 0x80 count as letters: the HAT text is held one character per byte, so a UTF-8
 * `GRÜN_LISTE` arrives as `GR\xC3\x9CN_LISTE`, whose `\x9C` is no letter until decoded.
 */
export const CLEAR_NAME = /^[\p{L}\p{N}_.\x80-\xFF-]+$/u;

/** A sender as written on a member line: one HAT word, no `#` (a word holding `#` may start a comment). */
export const SENDER = `^[^${MEMBER_STOPS}]{1,255}$`;
/** A mail flow policy parameter name: lower case (see the module comment), up to 64 characters. */
export const PARAM_NAME = '^[a-z_][a-z0-9_]{0,63}$';
/** A parameter value the tool records (written bare when a number, else quoted and escaped): no control. */
export const PARAM_VALUE = `^[^${CONTROLS}]{0,1024}$`;
/** A parameter value a recipe may ask for: no quote, backslash, brace or control. */
export const WRITTEN_VALUE = `^[^"\\\\{}${WRITTEN_CONTROLS}]*$`;
/** A comment after a policy reference: no parentheses, no control. */
export const COMMENT = `^[^()${WRITTEN_CONTROLS}]*$`;

/** {@link WRITTEN_NAME} as a regular expression. */
export const WRITTEN_NAME_RE = new RegExp(WRITTEN_NAME);
/** {@link PARAM_NAME} as a regular expression. */
export const PARAM_NAME_RE = new RegExp(PARAM_NAME);
/** {@link SENDER} as a regular expression. */
export const SENDER_RE = new RegExp(SENDER, 'u');

/** Is `w` a behaviour keyword (upper case)? */
export function isBehaviour(w: string): w is Behaviour {
  return (BEHAVIOURS as readonly string[]).includes(w);
}

/** Is `w` a `$NAME` reference? */
export function isPolicyName(w: string): boolean {
  return /^\$[^\s$]+$/.test(w);
}

/** Is `w` a `NAME:` group head? (IPv6 members have two colons or more.) */
export function isGroupHead(w: string): boolean {
  return /^[^:\s$]+:$/.test(w);
}
