/** What `inspect` shows: the appliance, its listeners, policies (with TLS values) and sender groups. */
import { findingAt, readExport } from '../esa/export.js';
import { paramValue, resolveBehaviour } from '../esa/hat.js';
import { finding, type Finding } from '../findings.js';
import type { Recipe } from '../recipes/recipe.js';
import { hatProblemFinding } from './hat-findings.js';
import { describeRef } from './plan.js';
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
  const empty: InspectReport = { file, hostname: null, product: null, model: null, asyncos: null, serial: null, listeners: [], findings: [], error: null };
  const read = readExport(text);
  if (read.finding) return { ...empty, error: { ...read.finding, file } };
  const exp = read.export;
  const findings: Finding[] = [];
  if (exp.masked.length) {
    const first = exp.masked[0]!;
    findings.push({ ...findingAt(text, first.offset, finding('masked-secrets', 'warning', { count: exp.masked.length, first: first.path, allowed: true }, { path: first.path })), file });
  }
  const selected = selectListeners(exp, undefined);
  findings.push(...preflightFindings(exp, Array.isArray(selected) ? selected : [], recipe, {}).map((f) => ({ ...f, file })));
  const listeners = exp.listeners.map((l): InspectedListener => {
    const hat = l.hat?.parsed;
    for (const p of hat?.problems ?? []) {
      const line = hat!.lines[p.line - 1];
      const at = line ? findingAt(text, l.hat!.fileOffset(line.offset + line.indent.length), hatProblemFinding(hat!, p, l.name)) : hatProblemFinding(hat!, p, l.name);
      findings.push({ ...at, file, listener: l.name, listenerPath: l.path, path: `${l.path}/hat` });
    }
    return {
      name: l.name,
      type: l.type,
      path: l.path,
      certificate: l.certificate,
      hasHat: !!hat,
      policies: (hat?.policies ?? []).map((p) => ({
        name: p.name,
        behaviour: p.behaviour?.keyword ?? null,
        tls: paramValue(p.behaviour, 'tls') ?? null,
        params: Object.fromEntries((p.behaviour?.params ?? []).map((x) => [x.key, x.value])),
      })),
      entries: (hat?.entries ?? []).map((e, k) => ({
        kind: e.kind,
        name: e.name,
        order: k + 1,
        policy: describeRef(hat!, e.policy),
        behaviour: resolveBehaviour(hat!, e)?.keyword ?? null,
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
