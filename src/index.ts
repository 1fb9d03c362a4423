/**
 * esa-patch as a library: read Cisco ESA configuration exports, plan and apply the CRES TLS
 * change of tech note 118539 as byte-exact text edits, and undo it.
 */
export { planExport, loadExport, selectListeners, type PatchOptions, type PatchResult, type ListenerReport, type Outcome } from './patch/patch.js';
export { rollbackExport, type RollbackResult } from './patch/rollback.js';
export { buildArtefact, reverseArtefact, checkArtefact, sha256, ARTEFACT_FORMAT, type PatchArtefact } from './patch/artefact.js';
export { cresRecipe, checkRecipe, CRES_SENDERS, CRES_PUBLISHED_HOSTS, type CresRecipe } from './patch/recipe.js';
export { planListener, hatCompliant, entryCompliant, type ListenerPlan } from './patch/plan.js';
export { lowerListener, LoweringError } from './patch/lower.js';
export { reverseOperation, reverseOperations, describeOperation, type Operation } from './patch/operations.js';
export { inspectExport, type InspectReport } from './patch/inspect.js';
export { preflightFindings, isDemoCertificate, clusterLevelOf, type PreflightOptions } from './patch/preflight.js';
export type { Finding, Severity } from './patch/findings.js';
export { parseHat, printHat, type Hat, type HatEntry, type HatPolicy } from './esa/hat.js';
export { readExport, NotAnExportError, type EsaExport, type Listener } from './esa/export.js';
export { parseSender, covers, overlaps, type Sender } from './net/sender.js';
export { scanXml, XmlSyntaxError } from './xml/scan.js';
export { applyEdits, invertEdits, sortEdits, type TextEdit } from './xml/edits.js';
export { unifiedDiff, verifyDiff } from './report/diff.js';
export { renderHtmlReport } from './report/html.js';
export { REPORT_JSON_SCHEMA, REPORT_SCHEMA_ID, type ReportDocument } from './report/schema.js';
export { groupReports, type PlanGroup } from './report/groups.js';
export type { FileReport } from './report/model.js';
export { main } from './cli/main.js';
export { EXIT, EXIT_MEANING, exitCodeOf, worstExitCode, type ExitCode } from './cli/exit-codes.js';
export { EXPLANATIONS, explain, type Explanation } from './report/explain.js';
export { TOOL, TOOL_VERSION } from './version.js';
export * from './spf/index.js';
export { runSpf, type SpfCliOptions } from './cli/spf.js';
