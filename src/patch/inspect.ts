/** What `inspect` shows: the appliance, its listeners, policies (with TLS values) and sender groups. */
import { findingAt, readExport } from '../esa/export.js';
import { targetOf } from '../hat/apply-model.js';
import { problemFinding } from '../hat/findings.js';
import { paramValue, resolvePolicy } from '../hat/model.js';
import { describeTarget } from '../hat/operations.js';
import { finding, type Finding } from '../findings.js';
import type { Recipe } from '../recipes/recipe.js';
import { preflightFindings } from './preflight.js';
import { selectListeners } from './select.js';

/** One listener as inspect shows it. */
export interface InspectedListener {
  name: string;
  type: string;
  path: string;
  certificate: string | null;
  hasHat: boolean;
  policies: { name: string; behaviour: string | null; tls: string | null; params: Record<string, string> }[];
  entries: { kind: 'group' | 'inline' | 'all'; name: string; order: number; policy: string; behaviour: string | null; members: string[] }[];
}

/** The inspect report of one file. */
export interface InspectReport {
  file: string;
  hostname: string | null;
  product: string | null;
  model: string | null;
  asyncos: string | null;
  serial: string | null;
  listeners: InspectedListener[];
  findings: Finding[];
  error: Finding | null;
}

/** Builds the inspect report of an export's text; the pre-flight checks are those of `recipe`. */
export function inspectExport(text: string, file: string, recipe: Recipe): InspectReport {
  const empty: InspectReport = {
    file,
    hostname: null,
    product: null,
    model: null,
    asyncos: null,
    serial: null,
    listeners: [],
    findings: [],
    error: null,
  };
  const read = readExport(text);
  if (read.finding) return { ...empty, error: { ...read.finding, file } };
  const exp = read.export;
  const findings: Finding[] = [];
  if (exp.masked.length) {
    const first = exp.masked[0]!;
    findings.push({
      ...findingAt(
        text,
        first.offset,
        finding('masked-secrets', 'warning', { count: exp.masked.length, first: first.path, allowed: true }, { path: first.path }),
      ),
      file,
    });
  }
  const selected = selectListeners(exp, undefined);
  findings.push(...preflightFindings(exp, Array.isArray(selected) ? selected : [], recipe, {}).map((f) => ({ ...f, file })));
  const listeners = exp.listeners.map((l): InspectedListener => {
    const source = l.hat;
    const hat = source?.model;
    for (const p of hat?.problems ?? []) {
      const { line: _line, col: _col, ...f } = problemFinding(p, l.name);
      findings.push({
        ...findingAt(text, source!.lineOffset(p.line, p.col), f as Finding),
        file,
        listener: l.name,
        listenerPath: l.path,
        path: `${l.path}/hat`,
      });
    }
    return {
      name: l.name,
      type: l.type,
      path: l.path,
      certificate: l.certificate,
      hasHat: !!hat,
      policies: (hat?.policies ?? []).map((p) => ({
        name: p.name,
        behaviour: p.behaviour || null,
        tls: paramValue(p.params, 'tls') ?? null,
        params: Object.fromEntries(p.params),
      })),
      entries: (hat?.entries ?? []).map((e, k) => ({
        kind: e.kind,
        name: e.name,
        order: k + 1,
        policy: e.policy ? describeTarget(targetOf(e.policy)) : '(none)',
        behaviour: resolvePolicy(hat!, e)?.behaviour ?? null,
        members: e.kind === 'inline' ? [] : e.members.map((m) => m.text),
      })),
    };
  });
  return {
    file,
    hostname: exp.hostname,
    product: exp.header.product,
    model: exp.header.model,
    asyncos: exp.header.version,
    serial: exp.header.serial,
    listeners,
    findings,
    error: null,
  };
}

// The encoding an export declares, for inspect's report of a file it could not read.
export { declaredEncoding } from '../esa/export.js';
