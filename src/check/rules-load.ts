/**
 * Reading a rules file (`esa-patch check --rules FILE`): YAML or JSON, validated against
 * {@link RULES_JSON_SCHEMA} (ajv), then checked across fields (unique ids, hosts and ranges read
 * with the HAT member grammar). Every problem is a finding at `line:col` of the rules text.
 * Pure: text in, rules or findings out.
 */
import type { ValidateFunction } from 'ajv';
import { LineCounter, parseDocument } from 'yaml';
import { finding, type Finding, type Span } from '../findings.js';
import { PARAM_NAME, WRITTEN_NAME } from '../hat/grammar.js';
import { parseSender } from '../net/sender.js';
import { offsetOf } from '../recipes/load.js';
import { compileSchema } from '../recipes/validate.js';
import { expectedOf, pointerPath, relevantErrors, type Path } from './schema-errors.js';
import type { Assertion, CheckRule, RuleHost } from './rules.js';

/** Largest rules text read. */
export const MAX_RULES_CHARS = 1_000_000;

const host = {
  title: 'an address or range, or { ip, ptr?, sbrs? }',
  oneOf: [
    { type: 'string', minLength: 1, maxLength: 100 },
    {
      type: 'object',
      additionalProperties: false,
      required: ['ip'],
      properties: {
        ip: { type: 'string', minLength: 1, maxLength: 100 },
        ptr: { type: 'string', minLength: 1, maxLength: 253 },
        sbrs: { type: 'number', minimum: -10, maximum: 10 },
      },
    },
  ],
};
const hosts = { type: 'array', minItems: 1, maxItems: 10000, items: host };
const strings = {
  title: 'a value or a list of values',
  oneOf: [{ type: ['string', 'number'] }, { type: 'array', minItems: 1, items: { type: ['string', 'number'] } }],
};

/** The JSON Schema (draft 2020-12) of a rules file. */
export const RULES_JSON_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://esa-patch.example/schemas/check-rules-1.json',
  title: 'esa-patch check rules',
  type: 'object',
  additionalProperties: false,
  required: ['rules'],
  properties: {
    description: { type: 'string' },
    rules: {
      type: 'array',
      maxItems: 1000,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id'],
        minProperties: 2,
        properties: {
          id: { type: 'string', pattern: WRITTEN_NAME, title: "an id of letters, digits, '_', '.' or '-'" },
          description: { type: 'string' },
          severity: { enum: ['error', 'warning', 'note'] },
          listeners: {
            title: 'public, private, all, or a list of listener names',
            oneOf: [{ enum: ['public', 'private', 'all'] }, { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } }],
          },
          appliances: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
          lands: {
            type: 'object',
            additionalProperties: false,
            required: ['hosts', 'behaviour'],
            properties: {
              hosts,
              behaviour: {
                title: 'ACCEPT, RELAY, REJECT, TCPREFUSE or a list of them',
                oneOf: [
                  { enum: ['ACCEPT', 'RELAY', 'REJECT', 'TCPREFUSE'] },
                  { type: 'array', minItems: 1, items: { enum: ['ACCEPT', 'RELAY', 'REJECT', 'TCPREFUSE'] } },
                ],
              },
              params: { type: 'object', propertyNames: { pattern: PARAM_NAME }, additionalProperties: strings },
            },
          },
          rejected: { type: 'object', additionalProperties: false, required: ['hosts'], properties: { hosts } },
          relayOnly: {
            type: 'object',
            additionalProperties: false,
            required: ['ranges'],
            properties: { ranges: { type: 'array', items: { type: 'string', minLength: 1 } } },
          },
          sameHat: { type: 'object', additionalProperties: false, properties: { baseline: { type: 'string', minLength: 1 } } },
          policyParam: {
            type: 'object',
            additionalProperties: false,
            required: ['policy', 'param'],
            properties: {
              policy: { type: 'string', pattern: WRITTEN_NAME, title: 'a policy name without $' },
              param: { type: 'string', pattern: PARAM_NAME, title: 'a parameter name' },
              equals: strings,
              max: { type: 'number' },
              min: { type: 'number' },
              required: { type: 'boolean' },
            },
          },
        },
      },
    },
  },
} as const;

const KINDS = ['lands', 'rejected', 'relayOnly', 'sameHat', 'policyParam'] as const;

let compiled: ValidateFunction | null = null;
function validator(): ValidateFunction {
  compiled ??= compileSchema(RULES_JSON_SCHEMA, { allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
  return compiled;
}

/** What {@link loadRules} returns. */
export interface LoadedRules {
  rules: CheckRule[] | null;
  findings: Finding[];
}

type Raw = Record<string, unknown>;
const list = (v: unknown): string[] => (Array.isArray(v) ? v : [v]).map(String);
const hostOf = (h: unknown): RuleHost =>
  typeof h === 'string' ? { ip: h.trim() } : { ...(h as RuleHost), ip: String((h as RuleHost).ip).trim() };

/** Reads a rules file from YAML or JSON text; `file` is put in every finding's span. */
export function loadRules(text: string, file?: string): LoadedRules {
  const lineCounter = new LineCounter();
  const span = (offset: number): Span => ({ ...(file !== undefined ? { file } : {}), ...lineCounter.linePos(offset) });
  if (text.length > MAX_RULES_CHARS)
    return {
      rules: null,
      findings: [finding('check-rules-syntax', 'error', { detail: `longer than ${MAX_RULES_CHARS} characters` }, span(0))],
    };
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  if (doc.errors.length)
    return {
      rules: null,
      findings: doc.errors.map((e) =>
        finding('check-rules-syntax', 'error', { detail: `${e.code}: ${e.message.split('\n')[0]}` }, span(e.pos[0])),
      ),
    };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    return { rules: null, findings: [finding('check-rules-syntax', 'error', { detail: (err as Error).message }, span(0))] };
  }
  const validate = validator();
  if (!validate(data)) {
    const findings = relevantErrors(validate.errors ?? []).map((e) => {
      const p = e.params as Record<string, unknown>;
      const key = e.keyword === 'additionalProperties' ? String(p.additionalProperty) : undefined;
      const pointer = key === undefined ? e.instancePath : `${e.instancePath}/${key}`;
      return finding(
        'check-rules-invalid',
        'error',
        { pointer, rule: e.keyword, expected: expectedOf(e) },
        span(offsetOf(doc, pointerPath(e.instancePath), key)),
      );
    });
    return { rules: null, findings };
  }
  const problems: { path: Path; rule: string; expected: string }[] = [];
  const ids = new Map<string, number>();
  const rules = ((data as Raw)['rules'] as Raw[]).map((r, i): CheckRule => {
    const id = String(r['id']);
    if (ids.has(id.toLowerCase()))
      problems.push({
        path: ['rules', i, 'id'],
        rule: 'unique-id',
        expected: `an id not already given (rules/${ids.get(id.toLowerCase())})`,
      });
    ids.set(id.toLowerCase(), i);
    const given = KINDS.filter((k) => r[k] !== undefined);
    if (given.length !== 1)
      problems.push({
        path: ['rules', i],
        rule: 'one-assertion',
        expected: `exactly one of ${KINDS.join(', ')} (found ${given.join(', ') || 'none'})`,
      });
    const sender = (path: Path, text: string, single: boolean) => {
      const s = parseSender(text);
      if (s.kind !== 'ip')
        problems.push({ path, rule: 'address', expected: `an IPv4 or IPv6 address${single ? '' : ' or range'} (not ${text})` });
    };
    const hostsAt = (kind: string, hs: unknown[]) =>
      hs.map((h, j) => {
        const x = hostOf(h);
        sender(['rules', i, kind, 'hosts', j], x.ip, false);
        if (x.ptr !== undefined && parseSender(x.ptr).kind !== 'host')
          problems.push({ path: ['rules', i, kind, 'hosts', j, 'ptr'], rule: 'ptr', expected: 'a host name' });
        return x;
      });
    let assertion: Assertion;
    const k = given[0] ?? 'lands';
    const body = (r[k] ?? {}) as Raw;
    if (k === 'lands') {
      const params = Object.fromEntries(Object.entries((body['params'] ?? {}) as Raw).map(([key, v]) => [key, list(v)]));
      assertion = {
        kind: 'lands',
        hosts: hostsAt('lands', (body['hosts'] ?? []) as unknown[]),
        behaviour: list(body['behaviour']),
        params,
      };
    } else if (k === 'rejected') assertion = { kind: 'rejected', hosts: hostsAt('rejected', body['hosts'] as unknown[]) };
    else if (k === 'relayOnly') {
      const ranges = (body['ranges'] as string[]).map((x) => x.trim());
      ranges.forEach((x, j) => sender(['rules', i, k, 'ranges', j], x, false));
      assertion = { kind: 'relay-only', ranges };
    } else if (k === 'sameHat') assertion = { kind: 'same-hat', baseline: (body['baseline'] as string | undefined) ?? null };
    else
      assertion = {
        kind: 'policy-param',
        policy: String(body['policy']).replace(/^\$/, ''),
        param: String(body['param']),
        equals: body['equals'] === undefined ? null : list(body['equals']),
        max: (body['max'] as number | undefined) ?? null,
        min: (body['min'] as number | undefined) ?? null,
        required: body['required'] === true,
      };
    const sev = (r['severity'] as 'error' | 'warning' | 'note' | undefined) ?? 'error';
    return {
      id,
      description: (r['description'] as string | undefined) ?? null,
      severity: sev === 'note' ? 'info' : sev,
      listeners: (r['listeners'] as CheckRule['listeners'] | undefined) ?? (k === 'lands' || k === 'rejected' ? 'public' : 'all'),
      appliances: (r['appliances'] as string[] | undefined) ?? null,
      assertion,
    };
  });
  if (problems.length)
    return {
      rules: null,
      findings: problems
        .map((p) => ({ offset: offsetOf(doc, p.path), p }))
        .sort((a, b) => a.offset - b.offset)
        .map(({ offset, p }) =>
          finding('check-rules-invalid', 'error', { pointer: '/' + p.path.join('/'), rule: p.rule, expected: p.expected }, span(offset)),
        ),
    };
  return { rules, findings: [] };
}
