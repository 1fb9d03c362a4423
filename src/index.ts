/**
 * esa-patch as a library: read Cisco ESA configuration exports, plan and apply a recipe (the
 * CRES TLS change of tech note 118539 is the built-in one) as byte-exact text edits, prove and
 * undo it, compare exports and trace hosts by meaning. Strings taken from an export hold one
 * character per byte (read the file as `latin1`); nothing here reads or writes files.
 *
 * What a library user needs, and nothing of the command line: the CLI is `esa-patch` (bin/).
 */

// Reading an export.
export { readExport, type ReadExport, type EsaExport, type Listener, type HatSource } from './esa/export.js';

// Planning and applying a recipe.
export {
  planExport,
  applyPlan,
  type PatchOptions,
  type Plan,
  type ListenerChange,
  type ListenerReport,
  type Outcome,
} from './patch/patch.js';
export { applyEdits, invertEdits, type TextEdit } from './esa/edits.js';
export { unifiedDiff, verifyDiff } from './patch/unified-diff.js';

// Recipes.
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

// The artefact, and undoing a change.
export {
  buildArtefact,
  reverseArtefact,
  ARTEFACT_FORMAT,
  type PatchArtefact,
  type ArtefactOperation,
} from './patch/artefact.js';
export { validateArtefact, ARTEFACT_JSON_SCHEMA, type ArtefactValidation } from './patch/artefact-schema.js';
export { rollbackExport, type RollbackResult } from './patch/rollback.js';

// The HAT by meaning: read, compare, evaluate.
export { readHat, type HatModel, type HatEntry, type HatPolicy, type HatMember } from './hat/model.js';
export { semanticDiff, proveOperations, type HatChange } from './hat/diff.js';
export { evaluate, type Connection, type Evaluation, type EntryMatch } from './hat/evaluate.js';
export { describeOperation, type HatOperation } from './hat/operations.js';
export { tlsSatisfies, tlsStanding, TLS_VALUES, type TlsStanding } from './hat/tls.js';
export { parseSender, covers, overlaps, type Sender } from './net/sender.js';

// Exports compared and hosts traced (what `diff` and `trace` do).
export { viewExport, diffExports, type ExportView, type ExportDiff, type ExportDiffOptions } from './patch/diff-exports.js';
export { traceHost, type TraceHost, type ListenerTrace } from './patch/trace.js';
export { inspectExport, type InspectReport } from './patch/inspect.js';

// Findings: codes with typed arguments, and their words.
export { type Finding, type FindingCode, type FindingArgs, type Severity } from './findings.js';
export { messageOf } from './report/messages.js';
export { explain } from './report/explain.js';

// Reports.
export { REPORT_SCHEMA_ID, type ReportDocument } from './report/report-document.js';
export { REPORT_JSON_SCHEMA } from './report/schema.js';
export { renderHtmlReport } from './report/html.js';

// SPF: the include the note asks for.
export { parseSpfRecord, planSpf, proposeCresInclude, type SpfPlan, type SpfRecord } from './spf/index.js';

// Checking HATs and a fleet's own rules (what `check` does).
export { checkExportText, judgeSameHat, type ExportCheck, type RuleResult, type CheckOptions } from './check/run.js';
export { checkHat, type HatFinding, type HatCheckContext } from './check/hat-check.js';
export { loadRules, RULES_JSON_SCHEMA, type LoadedRules } from './check/rules-load.js';
export { CRES_RULES, type CheckRule, type Assertion, type RuleHost } from './check/rules.js';

export { TOOL_VERSION } from './version.js';
