/**
 * JSON-Schema errors of a rules file in words (JSON pointers read as paths and the errors worth
 * showing as the recipe loader reads them): what the rules loader needs to locate an error at
 * file:line:col with what was expected.
 */
import type { ErrorObject } from 'ajv';

export { pointerPath, relevantErrors, type RecipePath as Path } from '../recipes/validate.js';

/** What a failing schema keyword expected, as data for the message. */
export function expectedOf(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  const parent = e.parentSchema as { title?: string; oneOf?: unknown[]; anyOf?: unknown[] } | undefined;
  switch (e.keyword) {
    case 'required':
      return `property ${String(p.missingProperty)}`;
    case 'additionalProperties':
      return `no property ${String(p.additionalProperty)}`;
    case 'propertyNames':
      return `a parameter name of lower-case letters, digits and '_' (not ${String(p.propertyName)})`;
    case 'type':
      return String(p.type);
    case 'enum':
      return `one of ${(p.allowedValues as unknown[]).map(String).join(', ')}`;
    case 'const':
      return JSON.stringify(p.allowedValue);
    case 'not':
      return 'a name other than ALL (ALL is the last entry of every HAT)';
    case 'pattern':
      return parent?.title ?? `text matching ${String(p.pattern)}`;
    case 'oneOf':
    case 'anyOf':
      return parent?.title ?? 'one of the allowed forms';
    case 'uniqueItems':
      return 'no item twice';
    default:
      return `${e.keyword} ${String(p.limit ?? '')}`.trim();
  }
}
