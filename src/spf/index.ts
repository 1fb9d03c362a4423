export type { SpfCode, SpfFinding, SpfSeverity, SpfTextProblem, TxtResolver } from './types.js';
export { isSpfRecordText, parseSpfRecord } from './parse.js';
export type { SpfRecord } from './parse.js';
export type { SpfDirective, SpfMechanismName, SpfModifier, SpfQualifier, SpfTerm } from './terms.js';
export { locate, readSpfInput } from './input.js';
export type { SpfInput, SpfRecordText } from './input.js';
export {
  CRES_DOMAIN,
  CRES_INCLUDE_COST,
  SPF_LOOKUP_LIMIT,
  SPF_VOID_LIMIT,
  countLookupsStatic,
  evaluatedTerms,
  isCresInclude,
  isLookupTerm,
  normaliseDomain,
} from './lookups.js';
export type { StaticLookupCount } from './lookups.js';
export { CRES_INCLUDE_TERM, proposeCresInclude } from './propose.js';
export type { SpfProposal } from './propose.js';
export { SPF_MAX_DEPTH, SPF_MAX_QUERIES, createSpfExpander } from './resolve.js';
export type { SpfExpander, SpfExpandLimits, SpfExpansion } from './resolve.js';
export { DNS_UDP_MAX, TXT_RDATA_MAX, TXT_STRING_MAX, formatTxtStrings, splitTxtStrings, txtAnswerBytes, txtRdataBytes } from './txt.js';
export { SPF_RECORD_SIZE_WARNING, planSpf, planSpfResolved } from './plan.js';
export type { SpfExitCode, SpfLookups, SpfPlan, SpfPlanOptions } from './plan.js';
export { duplicateDomainFindings, parseDomainFile } from './domain-file.js';
export type { SpfDomainEntry, SpfDomainFile } from './domain-file.js';
export { formatSpfGlobalProblem, formatSpfJson, formatSpfText, spfWhere } from './format.js';
export type { SpfGlobalProblem, SpfJsonReport, SpfReportEntry, SpfSource } from './format.js';
