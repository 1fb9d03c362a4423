/** What `inspect` shows: the appliance, its listeners, policies (with TLS values) and sender groups. */
import { paramValue, resolveBehaviour } from '../esa/hat.js';
import type { Finding } from './findings.js';
import { findingAt, loadExport, selectListeners } from './patch.js';
import { preflightFindings } from './preflight.js';
import { cresRecipe } from './recipe.js';
import { describeRef } from './plan.js';

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

/** Builds the inspect report of an export's text. */
export function inspectExport(text: string, file: string): InspectReport {
  const empty: InspectReport = { file, hostname: null, product: null, model: null, asyncos: null, serial: null, listeners: [], findings: [], error: null };
  const loaded = loadExport(text);
  if ('finding' in loaded) return { ...empty, error: { ...loaded.finding, file } };
  const exp = loaded.export;
  const findings: Finding[] = [];
  if (exp.masked.length) {
    findings.push({ ...findingAt(text, exp.masked[0]!.offset, { code: 'masked-secrets', severity: 'warning', message: `saved with masked passphrases (${exp.masked.length} element(s)): the appliance cannot load this file back` }), file });
  }
  const selected = selectListeners(exp, undefined);
  findings.push(...preflightFindings(exp, Array.isArray(selected) ? selected : [], cresRecipe(), {}).map((f) => ({ ...f, file })));
  const listeners = exp.listeners.map((l): InspectedListener => {
    const hat = l.hat;
    for (const p of hat?.problems ?? []) findings.push({ code: p.code, severity: p.severity, file, listener: l.name, message: `${l.name}: HAT line ${p.line}: ${p.message}` });
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
