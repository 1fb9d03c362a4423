/**
 * Pre-flight checks (issue 3): what an administrator should know before loading a patched
 * export back, beyond the HAT change itself (which the planner judges, with the senders whose
 * treatment it alters and the published hosts it leaves out): the appliance's version, the
 * listener's TLS certificate (when the recipe requires TLS), the cluster level being patched.
 * Pure: findings only, located in the file; nothing here refuses or edits.
 */
import { certificateElement, type EsaExport, type Listener } from '../esa/export.js';
import { clusterLevelName, clusterLevelOf, LEVELS } from '../esa/cluster.js';
import { finding, type Finding } from '../findings.js';
import { lineIndexOf, type LineIndex } from '../esa/position.js';
import type { Recipe } from '../recipes/recipe.js';

/** Options of {@link preflightFindings}. */
export interface PreflightOptions {
  /**
   * The run patches an export saved with masked passphrases (for review only). The masked
   * passphrases themselves are reported by planExport (`masked-secrets`), not here.
   */
  allowMasked?: boolean;
  /** `--accept-demo-certificate`: a demo certificate is reported, and blocks no change. */
  acceptDemoCertificate?: boolean;
  /** The caller's line index of the export's text (see {@link LineIndex}). */
  lines?: LineIndex;
}

/**
 * Does a certificate name look like the appliance's demo certificate? Separators are not
 * meaning: runs of spaces (no-break space and tabs included), `_`, `-` and `.` read as one space,
 * so `Cisco  ESA Certificate`, `Cisco_ESA_Certificate` and `Demo-Cert` are the demo certificate
 * as much as their usual spelling; `DemoCert` and `democert` too (but not `demonstration-ca`).
 */
export function isDemoCertificate(name: string): boolean {
  const words = name
    .normalize('NFKC')
    .replace(/[\s_.-]+/gu, ' ')
    .trim();
  return (
    /(?:^|[^a-z])demo(?:[^a-z]|cert|$)/i.test(words) ||
    /(?:^|[^A-Za-z])[Dd]emo(?=[A-Z])/.test(name) ||
    /^(?:cisco|ironport)(?: (?:esa|appliance|email security appliance|secure email gateway))? certificate$/i.test(words)
  );
}

/**
 * Pre-flight findings for a recipe on one export: `appliance-version` / `version-unknown`
 * (once), per selected listener `certificate-missing`, `certificate-demo`, `certificate-absent`
 * (when the recipe requires TLS), `cluster-level`, `cluster-override`. Every finding carries a
 * 1-based line and column in the file where one applies. Does not repeat what planExport
 * reports (`masked-secrets`, `cluster-path`, the planner's findings and refusals).
 */
export function preflightFindings(
  exp: EsaExport,
  selected: readonly Listener[],
  recipe: Recipe,
  options: PreflightOptions = {},
): Finding[] {
  const text = exp.doc.text;
  const index = lineIndexOf(text, options.lines);
  const out: Finding[] = [];
  const push: Push = (f, offset) => {
    out.push(offset === null ? f : { ...f, ...index(offset) });
  };
  const needsTls = recipe.policies.some((p) => p.params['tls'] !== undefined);
  versionFindings(exp, options, push);
  for (const l of selected) {
    if (needsTls) certificateFindings(exp, l, push, options.acceptDemoCertificate);
    clusterFindings(exp, l, selected, push);
  }
  return out;
}

type Push = (f: Finding, offset: number | null) => void;

function versionFindings(exp: EsaExport, options: PreflightOptions, push: Push): void {
  const comment = exp.doc.prolog.comments[0];
  const { version, serial, model, product } = exp.header;
  let at: number | null = comment ? comment.start : null;
  if (comment) {
    const m = /^[ \t]*(Version[ \t]*:)/m.exec(exp.doc.text.slice(comment.start, comment.end));
    if (m) at = comment.start + m.index + m[0].length - m[1]!.length;
  }
  if (version && /\d+\.\d+/.test(version)) {
    push(
      finding('appliance-version', 'info', {
        version,
        serial,
        model: model ?? product,
        reviewOnly: !!(exp.masked.length && options.allowMasked),
      }),
      at,
    );
    return;
  }
  push(finding('version-unknown', 'warning', { version, serial }), at);
}

function certificateFindings(exp: EsaExport, l: Listener, push: Push, accept: boolean | undefined): void {
  const certEl = certificateElement(exp, l);
  const span = { listener: l.name, listenerPath: l.path };
  if (!l.certificate) {
    push(
      finding('certificate-missing', 'warning', { listener: l.name, element: certEl >= 0 }, { ...span, path: l.path }),
      exp.doc.elements.start[certEl >= 0 ? certEl : l.element]!,
    );
    return;
  }
  const at = exp.doc.elements.start[certEl]!;
  if (isDemoCertificate(l.certificate)) {
    // The built-in demo certificate need not be listed among the export's certificates.
    push(
      finding(
        'certificate-demo',
        'warning',
        { listener: l.name, certificate: l.certificate, accepted: !!accept },
        { ...span, path: `${l.path}/certificate` },
      ),
      at,
    );
    return;
  }
  if (!exp.certificates.includes(l.certificate)) {
    const near = exp.certificates.find((c) => c.toLowerCase() === l.certificate!.toLowerCase()) ?? null;
    push(
      finding(
        'certificate-absent',
        'warning',
        { listener: l.name, certificate: l.certificate, known: exp.certificates, near },
        { ...span, path: `${l.path}/certificate` },
      ),
      at,
    );
  }
}

function clusterFindings(exp: EsaExport, l: Listener, selected: readonly Listener[], push: Push): void {
  const level = clusterLevelOf(l.path);
  if (!level) return;
  const at = exp.doc.elements.start[l.element]!;
  const span = { listener: l.name, listenerPath: l.path, path: l.path };
  const lower = LEVELS.slice(LEVELS.indexOf(level) + 1);
  push(finding('cluster-level', 'info', { listener: l.name, path: l.path, level, name: clusterLevelName(exp, l, level), lower }, span), at);
  for (const other of exp.listeners) {
    if (other === l || other.name !== l.name || selected.includes(other)) continue;
    const otherLevel = clusterLevelOf(other.path);
    if (!otherLevel || LEVELS.indexOf(otherLevel) <= LEVELS.indexOf(level)) continue;
    push(
      finding(
        'cluster-override',
        'warning',
        { listener: l.name, level, patched: l.path, other: other.path, otherLevel },
        { ...span, path: other.path },
      ),
      exp.doc.elements.start[other.element]!,
    );
  }
}
