/**
 * The fuzzer shared by test/stress/fuzz.test.ts (fixed seed, bounded count, in `npm test`)
 * and scripts/fuzz.mjs (`npm run fuzz`: longer, any seed). It mutates the samples and the
 * corpus (truncation, byte flips, deleted or duplicated tags, broken entities, a stray `]]>`,
 * garbage and huge lines in a HAT, NUL bytes, invalid UTF-8 in a UTF-8 file, ...) and runs
 * `apply`, then `plan` and `rollback` on what it wrote, holding these laws:
 *
 *   F1 no crash: main() never throws, never prints a stack trace or "internal error", and
 *      exits with a documented code (apply: 0, 1 or 3)
 *   F2 every failure is a finding: exit 1 or 3 comes with at least one `error: ... [code]`
 *      line, and every error line has a code
 *   F3 nothing written on failure: the output directory stays empty
 *   F4 an output is well-formed (an independent parser: libxml2 as WebAssembly)
 *   F5 an output re-plans as compliant: `plan` on it exits 0
 *   F6 an output rolls back to the input byte for byte
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { crashed, errorCodes, esa, exportsUnderTest, put } from './helpers.js';
import { prng } from '../../scripts/bench/generate.mjs';

export { prng };

type Rnd = () => number;
const int = (rnd: Rnd, n: number) => Math.floor(rnd() * n);
const pick = <T>(rnd: Rnd, list: readonly T[]): T => list[int(rnd, list.length)]!;
const insertAt = (text: string, at: number, what: string) => text.slice(0, at) + what + text.slice(at);

/** Offsets of the content of every `<hat>` element, and whether it is CDATA. */
function hats(text: string): { from: number; to: number; cdata: boolean }[] {
  const out: { from: number; to: number; cdata: boolean }[] = [];
  for (const m of text.matchAll(/<hat>([\s\S]*?)<\/hat>/g)) {
    const from = m.index! + 5;
    out.push({ from, to: from + m[1]!.length, cdata: m[1]!.startsWith('<![CDATA[') });
  }
  return out;
}

/** An offset at the start of a line inside some HAT (or anywhere when there is none). */
function hatLineStart(rnd: Rnd, text: string): { at: number; cdata: boolean } {
  const list = hats(text);
  if (!list.length) return { at: int(rnd, text.length), cdata: false };
  const h = pick(rnd, list);
  const body = text.slice(h.from, h.to);
  const starts = [0];
  for (let k = body.indexOf('\n'); k !== -1 && k + 1 < body.length; k = body.indexOf('\n', k + 1)) starts.push(k + 1);
  const s = pick(rnd, starts);
  return { at: h.from + (h.cdata && s === 0 ? 9 : s), cdata: h.cdata };
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const GARBAGE_LINES = [
  '$',
  ':',
  '{',
  '}',
  'ALL',
  '    ACCEPT {',
  '    }',
  'ACCEPT',
  '$CRES_TLS',
  'CRES:',
  'cres:',
  '    $CRES_TLS',
  '    $NOPE (dangling)',
  '    tls = "required"',
  '    .res.cisco.com',
  '    208.90.57.0/26',
  '    999.1.2.3/99',
  '    ::::',
  '    sbrs[-11:x]',
  'WHITELIST:',
  '\t\t',
  '    # comment',
  '#',
  '(((',
  '    REJECT {} (x) y',
  '$CRES_TLS\n    REJECT {}',
  'CRES:\n    .res.cisco.com\n    $CRES_TLS',
  '$X\n    ACCEPT {\n        tls = "required"',
  'G:\n    $CRES_TLS\n    $OTHER',
  '    a = b = c',
  '\u00e9\u00e8\u00ff',
  'x'.repeat(300),
  '    mail.example.com, 10.0.0.1  192.0.2.0/24',
  '$CRES_TLS\n    ACCEPT {\n        tls = "off"\n    }',
];

/** One mutation: a name and a function of the text. */
interface Mutation {
  name: string;
  apply(rnd: Rnd, text: string): string;
}

export const MUTATIONS: readonly Mutation[] = [
  { name: 'truncate', apply: (rnd, t) => t.slice(0, int(rnd, t.length)) },
  {
    name: 'byte-flip',
    apply: (rnd, t) => {
      const chars = t.split('');
      for (let k = 1 + int(rnd, 8); k > 0; k--) {
        const at = int(rnd, chars.length);
        chars[at] = String.fromCharCode(chars[at]!.charCodeAt(0) ^ (1 << int(rnd, 8)));
      }
      return chars.join('');
    },
  },
  {
    name: 'delete-tag',
    apply: (rnd, t) => {
      const tags = [...t.matchAll(/<[^<>]{1,200}>/g)];
      const m = pick(rnd, tags);
      return m ? t.slice(0, m.index) + t.slice(m.index! + m[0].length) : t;
    },
  },
  {
    name: 'duplicate-tag',
    apply: (rnd, t) => {
      const tags = [...t.matchAll(/<[^<>]{1,200}>/g)];
      const m = pick(rnd, tags);
      return m ? insertAt(t, m.index!, m[0]) : t;
    },
  },
  {
    name: 'swap-tag-names',
    apply: (rnd, t) => {
      const tags = [...t.matchAll(/<\/([A-Za-z_]+)>/g)];
      const m = pick(rnd, tags);
      return m ? t.slice(0, m.index) + `</${m[1]}x>` + t.slice(m.index! + m[0].length) : t;
    },
  },
  {
    name: 'broken-entity',
    apply: (rnd, t) => {
      const bad = pick(rnd, ['&amp', '&bogus;', '&#xD800;', '&#0;', '&', '&#x110000;', '&;', '&#;', '&lt', '&#65', '&nbsp;', '&#x1F600;']);
      const refs = [...t.matchAll(/&[a-z#0-9]+;/g)];
      if (refs.length && rnd() < 0.5) {
        const m = pick(rnd, refs);
        return t.slice(0, m.index) + bad + t.slice(m.index! + m[0].length);
      }
      const { at } = hatLineStart(rnd, t);
      return insertAt(t, at, bad);
    },
  },
  {
    name: 'stray-cdata-end',
    apply: (rnd, t) => {
      const { at } = rnd() < 0.6 ? hatLineStart(rnd, t) : { at: t.indexOf('>', int(rnd, t.length)) + 1 };
      return insertAt(t, at, ']]>');
    },
  },
  {
    name: 'hat-garbage-lines',
    apply: (rnd, t) => {
      let out = t;
      for (let k = 1 + int(rnd, 4); k > 0; k--) {
        const { at, cdata } = hatLineStart(rnd, out);
        const line = pick(rnd, GARBAGE_LINES);
        out = insertAt(out, at, (cdata ? line : escape(line)) + (rnd() < 0.2 ? '\r\n' : '\n'));
      }
      return out;
    },
  },
  {
    name: 'hat-raw-markup',
    apply: (rnd, t) => {
      const { at } = hatLineStart(rnd, t);
      return insertAt(t, at, pick(rnd, ['<b>bold</b>\n', '<!-- c -->\n', '<?pi x?>\n', 'a < b\n', 'x]]>y\n', '<![CDATA[z]]>\n']));
    },
  },
  {
    name: 'hat-line-shuffle',
    apply: (rnd, t) => {
      const list = hats(t);
      if (!list.length) return t;
      const h = pick(rnd, list);
      const lines = t.slice(h.from, h.to).split('\n');
      for (let k = 1 + int(rnd, 3); k > 0; k--) {
        const a = int(rnd, lines.length);
        const b = int(rnd, lines.length);
        if (rnd() < 0.5) [lines[a], lines[b]] = [lines[b]!, lines[a]!];
        else lines.splice(a, 1);
      }
      return t.slice(0, h.from) + lines.join('\n') + t.slice(h.to);
    },
  },
  {
    name: 'huge-line',
    apply: (rnd, t) => {
      const size = pick(rnd, [70_000, 300_000, 1_500_000]);
      const where = rnd();
      if (where < 0.4) {
        const { at, cdata } = hatLineStart(rnd, t);
        return insertAt(t, at, `${cdata ? '' : '    '}${'.x'.repeat(size / 2)}\n`);
      }
      if (where < 0.7) return insertAt(t, t.indexOf('-->') >= 0 ? t.indexOf('-->') : 0, 'y'.repeat(size));
      const close = t.indexOf('</hostname>');
      return close >= 0 ? insertAt(t, close, 'h'.repeat(size)) : t + ' '.repeat(size);
    },
  },
  {
    name: 'nul-bytes',
    apply: (rnd, t) => {
      let out = t;
      for (let k = 1 + int(rnd, 3); k > 0; k--)
        out = insertAt(out, int(rnd, out.length), rnd() < 0.5 ? '\0' : pick(rnd, ['\x01', '\x08', '\x0B', '\x1F', '\0\0\0\0']));
      return out;
    },
  },
  {
    name: 'invalid-utf8',
    apply: (rnd, t) => {
      // Declare UTF-8 (or keep the BOM file's UTF-8), then break a sequence somewhere.
      let out = t.replace(/encoding="ISO-8859-1"/, 'encoding="UTF-8"');
      const bad = pick(rnd, [
        '\xC3\x28',
        '\xFF',
        '\xFE\xFF',
        '\xED\xA0\x80',
        '\xE2\x82',
        '\xF0\x9F\x98',
        '\xC0\xAF',
        '\xF5\x80\x80\x80',
        '\x80',
        '\xEF\xBF\xBE',
      ]);
      const at = rnd() < 0.5 ? hatLineStart(rnd, out).at : int(rnd, out.length);
      out = rnd() < 0.15 ? out + bad : insertAt(out, at, bad);
      return out;
    },
  },
  {
    name: 'line-endings',
    apply: (rnd, t) => {
      const r = rnd();
      if (r < 0.35) return t.replace(/\r?\n/g, '\r\n');
      if (r < 0.7) return t.replace(/\r\n/g, '\n');
      return t.replace(/\s+$/, '');
    },
  },
  {
    name: 'declaration',
    apply: (rnd, t) =>
      pick(rnd, [
        (s: string) => s.replace(/^(\xEF\xBB\xBF)?<\?xml[^>]*\?>\s*/, '$1'),
        (s: string) => s.replace('version="1.0"', 'version="2.0"'),
        (s: string) => s.replace('?>', ' standalone="maybe"?>'),
        (s: string) => s.replace('<!DOCTYPE config SYSTEM "config.dtd">', '<!DOCTYPE config SYSTEM "config.dtd" [<!ELEMENT config ANY>]>'),
        (s: string) => s.replace('<!DOCTYPE config SYSTEM "config.dtd">', '<!DOCTYPE config SYSTEM "config.dtd" junk>'),
        (s: string) =>
          s
            .replace('<!DOCTYPE config SYSTEM "config.dtd">', '<!DOCTYPE config [<!ENTITY x SYSTEM "file:///etc/passwd">]>')
            .replace('<hostname>', '<hostname>&x;'),
        (s: string) => s.replace(/<\?xml[^>]*\?>/, '<?xml version="1.0" encoding="UTF-8"?>'),
        (s: string) => `  ${s}`,
        (s: string) => `${s}<extra/>`,
        (s: string) => `${s}<?pi after?><!-- after -->`,
      ])(t),
  },
  {
    name: 'listener-changes',
    apply: (rnd, t) =>
      pick(rnd, [
        (s: string) => s.replace(/<type>public<\/type>/, '<type>private</type>'),
        (s: string) => s.replace(/<type>private<\/type>/, '<type>public</type>'),
        (s: string) => s.replace(/<hat>[\s\S]*?<\/hat>/, ''),
        (s: string) => s.replace(/<hat>[\s\S]*?<\/hat>/, '<hat/>'),
        (s: string) => s.replace(/<hat>[\s\S]*?<\/hat>/, '<hat></hat>'),
        (s: string) => s.replace(/<listener_name>[^<]*<\/listener_name>/, '<listener_name></listener_name>'),
        (s: string) => s.replace(/<enc_password>[^<]*<\/enc_password>/, '<enc_password>*****</enc_password>'),
        (s: string) => s.replace(/(<listener>[\s\S]*?<\/listener>)/, '$1$1'),
        (s: string) => s.replace(/<hat>/, '<hat><![CDATA[').replace(/<\/hat>/, ']]></hat>'),
        (s: string) => s.replace(/tls = "off"/g, 'tls = "required"'),
        (s: string) => s.replace(/\$ACCEPTED/, '$CRES_TLS'),
      ])(t),
  },
];

/** One fuzz case. */
export interface FuzzCase {
  id: number;
  source: string;
  mutations: string[];
  text: string;
}

/** `count` cases from `seed`: each a sample or corpus file with one to three mutations. */
export function* fuzzCases(seed: number, count: number): Generator<FuzzCase> {
  const inputs = exportsUnderTest();
  const rnd = prng(seed);
  for (let id = 0; id < count; id++) {
    const source = pick(rnd, inputs);
    let text = source.text;
    const names: string[] = [];
    for (let k = rnd() < 0.75 ? 1 : 2 + int(rnd, 2); k > 0; k--) {
      const m = pick(rnd, MUTATIONS);
      text = m.apply(rnd, text);
      names.push(m.name);
    }
    yield { id, source: source.name, mutations: names, text };
  }
}

/** What one case did: its exit code, the laws it broke, and the output to check for F4. */
export interface CaseResult {
  code: number;
  violations: string[];
  output: string | null;
}

/** Runs one case in `dir` (a fresh, empty directory) and checks laws F1-F3, F5, F6. */
export async function runCase(c: FuzzCase, dir: string): Promise<CaseResult> {
  const violations: string[] = [];
  const input = put(dir, 'in.xml', c.text);
  const outDir = join(dir, 'out');
  const out = join(outDir, 'in.xml');
  let r: { code: number; out: string; err: string };
  try {
    r = await esa(['apply', input, '-o', out, '--jobs', '1']);
  } catch (e) {
    return { code: -1, violations: [`F1 main() threw: ${(e as Error).stack}`], output: null };
  }
  if (crashed(r.err) || crashed(r.out)) violations.push(`F1 crash output: ${r.err.slice(0, 2000)}`);
  if (![0, 1, 3].includes(r.code)) violations.push(`F1 undocumented exit code ${r.code}`);
  let codes: string[] = [];
  try {
    codes = errorCodes(r.err);
  } catch (e) {
    violations.push(`F2 ${(e as Error).message}`);
  }
  if (r.code !== 0) {
    if (!codes.length) violations.push(`F2 exit ${r.code} without an error finding: ${r.err.slice(0, 500)}`);
    const written = existsSync(outDir) ? readdirSync(outDir) : [];
    if (written.length) violations.push(`F3 wrote ${written.join(', ')} although it failed (exit ${r.code})`);
    return { code: r.code, violations, output: null };
  }
  for (const f of ['in.xml', 'in.diff', 'in.patch.json'])
    if (!existsSync(join(outDir, f))) violations.push(`F1 exit 0 but ${f} is missing`);
  if (violations.length) return { code: r.code, violations, output: null };
  const plan = await esa(['plan', out, '--jobs', '1']);
  if (plan.code !== 0) violations.push(`F5 plan on the output exits ${plan.code}: ${plan.err.slice(0, 500)}${plan.out.slice(0, 500)}`);
  const back = join(dir, 'back.xml');
  const rb = await esa(['rollback', out, '--patch', join(outDir, 'in.patch.json'), '-o', back]);
  if (rb.code !== 0) violations.push(`F6 rollback exits ${rb.code}: ${rb.err.slice(0, 500)}`);
  else if (readFileSync(back, 'latin1') !== c.text) violations.push('F6 rollback does not restore the input byte for byte');
  return { code: r.code, violations, output: out };
}

/** Runs `count` cases from `seed` under `root`, keeping outputs for one batched F4 check. */
export async function fuzz(
  root: string,
  seed: number,
  count: number,
  onCase: (c: FuzzCase, r: CaseResult) => void = () => {},
): Promise<{ codes: Record<number, number>; failures: { c: FuzzCase; violations: string[] }[]; outputs: { c: FuzzCase; path: string }[] }> {
  const codes: Record<number, number> = {};
  const failures: { c: FuzzCase; violations: string[] }[] = [];
  const outputs: { c: FuzzCase; path: string }[] = [];
  for (const c of fuzzCases(seed, count)) {
    const dir = join(root, String(c.id));
    mkdirSync(dir, { recursive: true });
    const r = await runCase(c, dir);
    codes[r.code] = (codes[r.code] ?? 0) + 1;
    if (r.violations.length) failures.push({ c, violations: r.violations });
    if (r.output) outputs.push({ c, path: r.output });
    else rmSync(dir, { recursive: true, force: true });
    onCase(c, r);
  }
  return { codes, failures, outputs };
}
