#!/usr/bin/env node
// The layer rules of src/, checked over the import graph (part of `npm run lint`):
//
//   cli → {check, appliance, spf} → patch → {recipes, esa} → hat → net      esa → {xml, hat}      report: types only from the core
//
// Tightened in issue 21: the CLI reaches the core only through its use cases (patch, check,
// appliance, spf, recipes) and the report; it never imports values from xml, esa, hat or net.
// patch works on the appliance model that esa owns: it imports no values from xml (offsets,
// edits and encodings are esa's).
//
// and nothing below src/cli imports node:fs or node:child_process or touches `process` (src/version.ts
// may). A value import must follow the arrows (transitively); a type-only import may also point at any
// lower layer; nothing but src/index.ts (the library's entry) imports src/cli. findings.ts and
// version.ts are leaves every layer may use.
//
//   node scripts/check-deps.mjs [ROOT]     ROOT defaults to this repository; ROOT/src is checked
//
// Prints one line per violation, `FILE:LINE: what [rule]`, and exits 1 when there is any.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The layers: folders under src/ (or top-level files), their rank and the layers they may import values from. */
export const LAYERS = {
  // The one Finding type: its typed arguments may name types of any layer of the core.
  'findings.ts': { rank: 0, values: [], typesFromAnyCore: true },
  'version.ts': { rank: 0, values: [] },
  xml: { rank: 0, values: [] },
  net: { rank: 0, values: [] },
  hat: { rank: 1, values: ['net', 'xml'] },
  esa: { rank: 2, values: ['xml', 'hat', 'net'] },
  spf: { rank: 2, values: ['net'] },
  recipes: { rank: 3, values: ['hat', 'net', 'xml'] },
  patch: { rank: 4, values: ['recipes', 'esa', 'hat', 'net'] },
  // The appliance's side, pure: the CLI dialogue as data, rollout plans and journals (issue 19).
  appliance: { rank: 5, values: ['patch', 'recipes', 'esa', 'hat', 'net', 'xml'] },
  // esa-patch check (issue 20): HAT analyses and a fleet's rules, pure, on the read model of diff and trace.
  check: { rank: 5, values: ['patch', 'recipes', 'esa', 'hat', 'net', 'xml'] },
  // The report renders what the core hands it: types from the core, values only from generic text tools.
  report: { rank: 6, values: ['xml'], typesFromAnyCore: true },
  // Types from any layer; values only from the use cases and the report.
  cli: { rank: 7, values: ['patch', 'check', 'appliance', 'spf', 'recipes', 'report'], typesFromAnyCore: true },
  'index.ts': { rank: 8, values: '*' },
};
/** Leaves any layer may import. */
const LEAVES = ['findings.ts', 'version.ts'];
const FORBIDDEN_MODULES = /^(node:)?(fs|fs\/promises|child_process)$/;
/** Below cli, only these may touch `process`. */
const PROCESS_ALLOWED = ['version.ts'];

/**
 * Code without comments and template text, blanked to spaces (same length and lines, so offsets
 * hold); quoted strings are kept when `keepStrings` (the import scan reads module specifiers).
 */
export function codeOnly(text, keepStrings = true) {
  let out = '';
  let i = 0;
  const braces = []; // for each open `${`, the brace depth at which the template resumes
  let depth = 0;
  const blank = (s) => s.replace(/[^\n]/g, ' ');
  const template = () => {
    // at a backtick or after a `}` that closes `${`: read template text up to the next ` or ${
    let j = i;
    while (j < text.length && text[j] !== '`' && !(text[j] === '$' && text[j + 1] === '{')) j += text[j] === '\\' ? 2 : 1;
    out += blank(text.slice(i, j));
    if (text[j] === '`') {
      out += '`';
      i = j + 1;
    } else {
      out += '${';
      i = j + 2;
      braces.push(depth);
      depth++;
    }
  };
  while (i < text.length) {
    const c = text[i];
    const d = text[i + 1];
    if (c === '/' && d === '/') {
      const j = text.indexOf('\n', i);
      const end = j < 0 ? text.length : j;
      out += blank(text.slice(i, end));
      i = end;
    } else if (c === '/' && d === '*') {
      const j = text.indexOf('*/', i + 2);
      const end = j < 0 ? text.length : j + 2;
      out += blank(text.slice(i, end));
      i = end;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      const body = text.slice(i + 1, j);
      out += c + (keepStrings ? body : blank(body)) + (text[j] ?? '');
      i = j + 1;
    } else if (c === '`') {
      out += '`';
      i++;
      template();
    } else if (c === '{') {
      depth++;
      out += c;
      i++;
    } else if (c === '}') {
      depth--;
      out += c;
      i++;
      if (braces.length && braces[braces.length - 1] === depth) {
        braces.pop();
        template();
      }
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Every static or dynamic import and re-export of `code`: specifier, whether type-only, and its line. */
export function importsOf(code) {
  const found = [];
  const line = (at) => code.slice(0, at).split('\n').length;
  const re =
    /\b(import|export)\s+(type\s+)?([^'";]*?)\bfrom\s*(['"])([^'"]+)\4|\bimport\s*(['"])([^'"]+)\6|\bimport\s*\(\s*(['"])([^'"]+)\8\s*\)/g;
  for (const m of code.matchAll(re)) {
    if (m[5] !== undefined) {
      const clause = m[3].trim();
      const named = /^\{([\s\S]*)\}$/.exec(clause);
      const allTypes =
        named !== null &&
        named[1]
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
          .every((s) => s.startsWith('type '));
      found.push({ spec: m[5], typeOnly: m[2] !== undefined || allTypes, line: line(m.index) });
    } else {
      found.push({ spec: m[7] ?? m[9], typeOnly: false, line: line(m.index) });
    }
  }
  return found;
}

/** The layer of a path relative to src/ (e.g. "hat/syntax.ts" -> "hat"), or null outside the layers. */
function layerOf(rel) {
  const first = rel.split(sep)[0];
  return Object.hasOwn(LAYERS, first) ? first : null;
}

function* sourceFiles(dir) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* sourceFiles(p);
    else if (/\.(ts|mts|js|mjs)$/.test(name) && !name.endsWith('.d.ts')) yield p;
  }
}

/** The violations of the layer rules under `root`/src. */
export function checkDeps(root) {
  const src = join(root, 'src');
  const problems = [];
  for (const file of sourceFiles(src)) {
    const rel = relative(src, file);
    const shown = relative(root, file);
    const from = layerOf(rel);
    const text = readFileSync(file, 'utf8');
    const code = codeOnly(text);
    if (from === null) {
      problems.push({
        file: shown,
        line: 1,
        text: `${rel.split(sep)[0]} is not a known layer of src/: add it to LAYERS in scripts/check-deps.mjs`,
        rule: 'unknown-layer',
      });
      continue;
    }
    const below = from !== 'cli' && from !== 'index.ts';
    for (const imp of importsOf(code)) {
      if (below && FORBIDDEN_MODULES.test(imp.spec)) {
        problems.push({
          file: shown,
          line: imp.line,
          text: `imports ${imp.spec}; only src/cli reads and writes files or starts processes`,
          rule: 'no-fs-below-cli',
        });
        continue;
      }
      if (!imp.spec.startsWith('.')) continue;
      const target = resolve(dirname(file), imp.spec);
      const targetRel = relative(src, target);
      if (targetRel.startsWith('..')) {
        problems.push({ file: shown, line: imp.line, text: `imports ${imp.spec}, outside src/`, rule: 'outside-src' });
        continue;
      }
      const to = layerOf(targetRel.replace(/\.js$/, '.ts'));
      if (to === null || to === from || LEAVES.includes(to)) continue;
      const rule = LAYERS[from];
      if (rule.values === '*' && (to !== 'cli' || from === 'index.ts')) continue;
      if (to === 'cli' || to === 'index.ts') {
        problems.push({ file: shown, line: imp.line, text: `imports ${imp.spec}: nothing below src/cli imports the CLI`, rule: 'layer' });
        continue;
      }
      if (Array.isArray(rule.values) && rule.values.includes(to)) continue;
      if (imp.typeOnly && (rule.typesFromAnyCore || LAYERS[to].rank < rule.rank)) continue;
      const allowed = Array.isArray(rule.values) && rule.values.length ? rule.values.join(', ') : 'no other layer';
      const kind = imp.typeOnly ? 'types' : 'values';
      problems.push({
        file: shown,
        line: imp.line,
        text: `${from} imports ${kind} from ${to} (${imp.spec}); ${from} may import values from ${allowed}${rule.typesFromAnyCore ? ', types from any layer of the core' : ', types from lower layers'}`,
        rule: 'layer',
      });
    }
    if (below && !PROCESS_ALLOWED.includes(rel)) {
      const bare = codeOnly(text, false);
      for (const m of bare.matchAll(/(?<![.\w$])process\b(?!\s*:)/g)) {
        const line = bare.slice(0, m.index).split('\n').length;
        problems.push({
          file: shown,
          line,
          text: 'touches process; only src/cli reads the environment, arguments or exit codes: pass what is needed in',
          rule: 'no-process-below-cli',
        });
      }
    }
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
  const problems = checkDeps(root);
  for (const p of problems) console.log(`${p.file}:${p.line}: ${p.text} [${p.rule}]`);
  console.log(problems.length ? `dependency rules: ${problems.length} violation(s)` : 'dependency rules: ok');
  process.exit(problems.length ? 1 : 0);
}
