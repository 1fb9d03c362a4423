/**
 * The TLS tokens seen, per AsyncOS version (`--tokens FILE`): which spelling of the `tls`
 * parameter a verified push read back from an appliance (`witnessed`), and which spellings the
 * pulled or planned exports of that version use (`seen`). Nobody has seen how an appliance
 * spells TLS Required in its HAT: a token is trusted for a version once a re-export after a
 * load showed the appliance kept it.
 *
 * Format (JSON, UTF-8):
 *
 *     { "format": "esa-patch-tokens/1",
 *       "versions": { "15.0.0-104": { "witnessed": ["required"], "seen": ["off", "preferred"] } } }
 *
 * Pure: text in, data out.
 */
import type { ExportView } from '../patch/diff-exports.js';

/** Format name of the tokens file. */
export const TOKENS_FORMAT = 'esa-patch-tokens/1';

/** What is known of one AsyncOS version's TLS tokens. */
export interface VersionTokens {
  /** Tokens a verified push wrote and read back unchanged. */
  witnessed: string[];
  /** Tokens pulled or planned exports of this version use. */
  seen: string[];
}

/** The tokens file. */
export interface TokensFile {
  format: typeof TOKENS_FORMAT;
  versions: Record<string, VersionTokens>;
}

const TOKEN = /^[A-Za-z0-9_-]{1,64}$/;
const VERSION = /^[0-9][0-9A-Za-z.-]{0,63}$/;
const MAX_VERSIONS = 1000;
const MAX_TOKENS = 100;

/** An empty tokens file. */
export function emptyTokens(): TokensFile {
  return { format: TOKENS_FORMAT, versions: {} };
}

/** Reads a tokens file; throws an Error saying what is wrong and where (a JSON path). */
export function parseTokens(text: string): TokensFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`$: not valid JSON (${(e as Error).message.replace(/[^\x20-\x7e]/g, '?').slice(0, 120)})`);
  }
  const obj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
  if (!obj(raw)) throw new Error('$: expected an object { "format", "versions" }');
  for (const k of Object.keys(raw)) if (k !== 'format' && k !== 'versions') throw new Error(`$.${k.slice(0, 40)}: unknown key`);
  if (raw['format'] !== TOKENS_FORMAT) throw new Error(`$.format: expected "${TOKENS_FORMAT}"`);
  const versions = raw['versions'];
  if (!obj(versions)) throw new Error('$.versions: expected an object keyed by AsyncOS version');
  const keys = Object.keys(versions);
  if (keys.length > MAX_VERSIONS) throw new Error(`$.versions: more than ${MAX_VERSIONS} versions`);
  const out = emptyTokens();
  for (const v of keys) {
    if (!VERSION.test(v)) throw new Error(`$.versions: "${v.replace(/[^\x20-\x7e]/g, '?').slice(0, 40)}" is not an AsyncOS version`);
    const entry = versions[v];
    if (!obj(entry)) throw new Error(`$.versions["${v}"]: expected { "witnessed", "seen" }`);
    const list = (key: 'witnessed' | 'seen'): string[] => {
      const xs = entry[key] ?? [];
      if (!Array.isArray(xs) || xs.length > MAX_TOKENS) throw new Error(`$.versions["${v}"].${key}: expected a list of tokens`);
      xs.forEach((t, k) => {
        if (typeof t !== 'string' || !TOKEN.test(t)) throw new Error(`$.versions["${v}"].${key}[${k}]: not a HAT token`);
      });
      return [...new Set(xs as string[])];
    };
    for (const k of Object.keys(entry))
      if (k !== 'witnessed' && k !== 'seen') throw new Error(`$.versions["${v}"].${k.slice(0, 40)}: unknown key`);
    out.versions[v] = { witnessed: list('witnessed'), seen: list('seen') };
  }
  return out;
}

/** The file's text: keys sorted, one version a line group, a final line end. */
export function formatTokens(t: TokensFile): string {
  const versions: Record<string, VersionTokens> = {};
  for (const v of Object.keys(t.versions).sort())
    versions[v] = { witnessed: [...t.versions[v]!.witnessed].sort(), seen: [...t.versions[v]!.seen].sort() };
  return `${JSON.stringify({ format: TOKENS_FORMAT, versions }, null, 2)}\n`;
}

/** `t` with `tokens` added to `version`'s list `kind` (a new object; `t` is kept). */
export function recordTokens(t: TokensFile, version: string, kind: 'witnessed' | 'seen', tokens: readonly string[]): TokensFile {
  if (!VERSION.test(version)) return t;
  const prev = t.versions[version] ?? { witnessed: [], seen: [] };
  const next = { ...prev, [kind]: [...new Set([...prev[kind], ...tokens.filter((x) => TOKEN.test(x))])] };
  return { ...t, versions: { ...t.versions, [version]: next } };
}

/** Whether `token` has been witnessed for `version`. */
export function isWitnessed(t: TokensFile, version: string | null, token: string): boolean {
  return version !== null && (t.versions[version]?.witnessed.includes(token) ?? false);
}

/** Every `tls` token an export uses: its policies' `tls` parameters and each listener's `$DEFAULT`. */
export function tokensOf(v: ExportView): string[] {
  const out = new Set<string>();
  for (const l of v.listeners) {
    if (l.defaults['tls'] !== undefined) out.add(l.defaults['tls']);
    for (const p of l.hat?.model.policies ?? []) for (const [k, val] of p.params) if (k === 'tls') out.add(val);
  }
  return [...out].filter((x) => TOKEN.test(x)).sort();
}

/** The `tls` token policy `policy` has on the listeners `paths` of an export (null where it is absent). */
export function policyTokens(v: ExportView, policy: string, paths: readonly string[]): (string | null)[] {
  return paths.map((path) => {
    const l = v.listeners.find((x) => x.path === path);
    const p = l?.hat?.model.policies.find((x) => x.name === policy);
    return p?.params.find(([k]) => k === 'tls')?.[1] ?? null;
  });
}
