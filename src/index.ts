/**
 * esa-patch as a library: read Cisco ESA configuration exports, plan and apply the CRES TLS
 * change of tech note 118539 as byte-exact text edits, and undo it.
 */
export {
  planExport,
  applyPlan,
  selectListeners,
  type PatchOptions,
  type Plan,
  type ListenerChange,
  type ListenerReport,
  type Outcome,
} from './patch/patch.js';
export { rollbackExport, type RollbackResult } from './patch/rollback.js';
export {
  buildArtefact,
  reverseArtefact,
  checkArtefact,
  sha256,
  ARTEFACT_FORMAT,
  ARTEFACT_FORMAT_1,
  ARTEFACT_FORMATS,
  type PatchArtefact,
  type PatchArtefact1,
  type PatchArtefact2,
  type ArtefactOperation,
  type ArtefactRecipe,
  type RecipeSource,
} from './patch/artefact.js';
export { recordRecipe, recipeSha256 } from './patch/artefact-recipe.js';
export { validateArtefact, ARTEFACT_JSON_SCHEMA, type ArtefactValidation } from './patch/artefact-schema.js';
export {
  BUILT_IN_RECIPES,
  DEFAULT_RECIPE,
  withOverrides,
  checkRecipe,
  type Recipe,
  type RecipeOverrides,
  type GroupGoal,
  type PolicyGoal,
  type PublishedHost,
} from './recipes/index.js';
export { recipeGoals, type Goal } from './patch/goals.js';
export { planGroupGoal, type GroupPlan, type PlanOptions } from './recipes/plan.js';
export { onListener, type Operation, type ListenerRef } from './patch/operations.js';
export { inspectExport, type InspectReport } from './patch/inspect.js';
export { preflightFindings, isDemoCertificate, clusterLevelOf, type PreflightOptions } from './patch/preflight.js';
export { finding, type Finding, type FindingCode, type FindingArgs, type Severity, type Span } from './findings.js';
export { messageOf, withMessage } from './report/messages.js';
export * from './hat/index.js';
export { readExport, type ReadExport, type EsaExport, type Listener, type HatSource } from './esa/export.js';
export { parseSender, covers, overlaps, type Sender } from './net/sender.js';
export { scanXml, XmlSyntaxError } from './xml/scan.js';
export { applyEdits, invertEdits, sortEdits, type TextEdit } from './xml/edits.js';
export { unifiedDiff, verifyDiff } from './report/diff.js';
export { renderHtmlReport } from './report/html.js';
export { REPORT_SCHEMA_ID, type ReportDocument } from './report/report-document.js';
export { REPORT_JSON_SCHEMA } from './report/schema.js';
export { groupReports, type PlanGroup } from './report/groups.js';
export type { FileReport } from './report/model.js';
export { main } from './cli/main.js';
export { EXIT, EXIT_MEANING, exitCodeOf, worstExitCode, type ExitCode } from './cli/exit-codes.js';
export { EXPLANATIONS, explain } from './report/explain.js';
export type { Explanation } from './report/explanation.js';
export { TOOL, TOOL_VERSION } from './version.js';
export * from './spf/index.js';
export { runSpf, type SpfCliOptions } from './cli/spf.js';
export { checkExportText, judgeSameHat, type ExportCheck, type RuleResult, type CheckOptions } from './check/run.js';
export { checkHat, type HatFinding, type HatCheckContext } from './check/hat-check.js';
export { loadRules, RULES_JSON_SCHEMA, type LoadedRules } from './check/rules-load.js';
export { CRES_RULES, type CheckRule, type Assertion, type RuleHost } from './check/rules.js';
