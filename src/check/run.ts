/**
 * `check` on one export, and the rules that compare exports (same HAT across a group of
 * appliances): every listener's HAT analysed ({@link checkHat}) and every rule tried, results
 * located at the export's own lines. Pure: text in, plain data out (a worker returns it as is).
 */
import { readExport, type EsaExport, type Listener } from '../esa/export.js';
import { finding, type Finding, type Severity } from '../findings.js';
import { blockingProblems, describeChange, readHat } from '../hat/index.js';
import { diffHats, viewOfExport, type ExportIdentity, type ListenerView } from '../patch/diff-exports.js';
import { lineIndex } from '../esa/position.js';
import { buildCoverIndex } from './cover.js';
import { checkHat } from './hat-check.js';
import { appliesTo, appliesToAppliance, judgeListener, type CheckRule, type RuleOutcome, type RuleStatus } from './rules.js';

/** One rule tried on one listener of one appliance (a JUnit test case). */
export interface RuleResult {
  rule: string;
  kind: 'lands' | 'rejected' | 'relay-only' | 'same-hat' | 'policy-param';
  severity: Severity;
  description: string | null;
  listener: string;
  listenerPath: string;
  status: RuleStatus | 'not-checked';
  /** Hosts (or comparisons) tried. */
  tried: number;
  /** The `check-rule-broken` finding when it does not hold (or `check-hat-unreadable` when not checked). */
  finding: Finding | null;
}

/** What same-hat needs of a listener, and where each HAT line is in the file. */
export interface ListenerHat {
  name: string;
  path: string;
  type: string;
  text: string;
  defaults: Record<string, string>;
  /** File line and column of each HAT line (index 0: HAT line 1). */
  lines: { line: number; col: number }[];
  readable: boolean;
}

/** `check` of one export. */
export interface ExportCheck {
  /** The file as the user named it. */
  file: string;
  identity: ExportIdentity | null;
  /** How results name the appliance: its hostname, else the file. */
  appliance: string;
  listeners: { name: string; path: string; type: string; checked: boolean }[];
  /** HAT findings and broken rules, located at the file's lines, in file order. */
  findings: Finding[];
  results: RuleResult[];
  hats: ListenerHat[];
}

/** Options of {@link checkExportText}. */
export interface CheckOptions {
  rules: readonly CheckRule[];
  /** Skip the HAT analyses (rules only). */
  rulesOnly?: boolean;
}

function hatLines(text: string, l: Listener): { line: number; col: number }[] {
  if (!l.hat) return [];
  const at = lineIndex(text);
  return l.hat.syntax.lines.map((_, k) => at(l.hat!.lineOffset(k + 1, 1)));
}

/** A finding of a listener located at HAT line `line` (1-based), column `col`. */
function locate(f: Finding, file: string, hat: ListenerHat, line: number, col = 1): Finding {
  const pos = hat.lines[Math.max(0, Math.min(line, hat.lines.length) - 1)] ?? { line: 1, col: 1 };
  return { ...f, file, line: pos.line, col: pos.col + (col - 1), path: `${hat.path}/hat`, listener: hat.name, listenerPath: hat.path };
}

/** The result of a rule from its outcome on a listener. */
function resultOf(rule: CheckRule, hat: ListenerHat, file: string, appliance: string, o: RuleOutcome): RuleResult {
  const broken =
    o.status === 'holds'
      ? null
      : locate(
          finding('check-rule-broken', rule.severity, {
            rule: rule.id,
            kind: rule.assertion.kind,
            listener: hat.name,
            appliance,
            certain: o.status === 'breaks',
            host: o.host,
            ptr: o.ptr,
            landed: o.landed,
            expected: o.expected,
            found: o.found,
          }),
          file,
          hat,
          o.line || 1,
        );
  return {
    rule: rule.id,
    kind: rule.assertion.kind,
    severity: rule.severity,
    description: rule.description,
    listener: hat.name,
    listenerPath: hat.path,
    status: o.status,
    tried: o.tried,
    finding: broken,
  };
}

/** Checks one export's text (`file`: as the user named it). A file that is not a readable export is one finding. */
export function checkExportText(text: string, file: string, options: CheckOptions): ExportCheck {
  const read = readExport(text);
  if (!read.export)
    return { file, identity: null, appliance: file, listeners: [], findings: [{ ...read.finding, file }], results: [], hats: [] };
  return checkExport(read.export, text, file, options);
}

/** Checks a read export. */
export function checkExport(exp: EsaExport, text: string, file: string, options: CheckOptions): ExportCheck {
  const view = viewOfExport(exp);
  const appliance = view.identity.hostname || file;
  const names = [view.identity.hostname, file, file.split(/[\\/]/).pop() ?? file];
  const findings: Finding[] = [];
  const results: RuleResult[] = [];
  const hats: ListenerHat[] = [];
  const listeners: ExportCheck['listeners'] = [];
  exp.listeners.forEach((l, k) => {
    const v: ListenerView = view.listeners[k]!;
    if (!l.hat) {
      listeners.push({ name: l.name, path: l.path, type: l.type, checked: false });
      return;
    }
    const model = l.hat.model;
    // Several <hat> elements: which one the appliance reads is unknown.
    const blocking: { code: string; line: number; col: number } | undefined =
      l.hatCount > 1 ? { code: 'hat-multiple', line: 1, col: 1 } : blockingProblems(model)[0];
    const hat: ListenerHat = {
      name: l.name,
      path: l.path,
      type: l.type,
      text: l.hat.text,
      defaults: v.defaults,
      lines: hatLines(text, l),
      readable: !blocking,
    };
    hats.push(hat);
    listeners.push({ name: l.name, path: l.path, type: l.type, checked: !blocking });
    if (blocking) {
      const f = locate(
        finding('check-hat-unreadable', 'error', { listener: l.name, problem: blocking.code, line: blocking.line }),
        file,
        hat,
        blocking.line,
        blocking.col,
      );
      findings.push(f);
      for (const rule of options.rules)
        if (appliesTo(rule, l) && appliesToAppliance(rule, names) && rule.assertion.kind !== 'same-hat')
          results.push({
            rule: rule.id,
            kind: rule.assertion.kind,
            severity: rule.severity,
            description: rule.description,
            listener: l.name,
            listenerPath: l.path,
            status: 'not-checked',
            tried: 0,
            finding: f,
          });
      return;
    }
    if (!options.rulesOnly)
      for (const h of checkHat(model, { listener: l.name, type: l.type, defaults: v.defaults }))
        findings.push(locate(h.finding, file, hat, h.line, h.col));
    const rules = options.rules.filter((r) => r.assertion.kind !== 'same-hat' && appliesTo(r, l) && appliesToAppliance(r, names));
    if (rules.length) {
      const cover = buildCoverIndex(model);
      for (const rule of rules) {
        const o = judgeListener(rule, { name: l.name, type: l.type, model, defaults: v.defaults }, cover);
        const r = resultOf(rule, hat, file, appliance, o);
        results.push(r);
        if (r.finding) findings.push(r.finding);
      }
    }
  });
  findings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
  return { file, identity: view.identity, appliance, listeners, findings, results, hats };
}

/**
 * The same-hat rules over a run's exports: within each rule's appliances, every listener's HAT
 * means the same as the baseline's (the rule's `baseline`, by hostname or file, else the first
 * export), on diff's model. Results are added to each export's check.
 */
export function judgeSameHat(rules: readonly CheckRule[], checks: ExportCheck[]): void {
  for (const rule of rules) {
    const a = rule.assertion;
    if (a.kind !== 'same-hat') continue;
    const members = checks.filter(
      (c) => c.identity && appliesToAppliance(rule, [c.identity.hostname, c.file, c.file.split(/[\\/]/).pop() ?? c.file]),
    );
    if (!members.length) continue;
    const base =
      (a.baseline &&
        members.find((c) => c.identity?.hostname === a.baseline || c.file === a.baseline || c.file.endsWith(`/${a.baseline}`))) ||
      members[0]!;
    const models = new Map<ListenerHat, ReturnType<typeof readHat>>();
    const read = (h: ListenerHat) => models.get(h) ?? (models.set(h, readHat(h.text)), models.get(h)!);
    for (const c of members) {
      for (const h of c.hats) {
        if (!appliesTo(rule, h)) continue;
        const other = base.hats.find((x) => x.name === h.name);
        const push = (status: RuleStatus | 'not-checked', expected: string, found: string, line: number) => {
          const f =
            status === 'holds'
              ? null
              : locate(
                  finding('check-rule-broken', rule.severity, {
                    rule: rule.id,
                    kind: 'same-hat',
                    listener: h.name,
                    appliance: c.appliance,
                    certain: true,
                    host: null,
                    ptr: null,
                    landed: null,
                    expected,
                    found,
                  }),
                  c.file,
                  h,
                  line,
                );
          c.results.push({
            rule: rule.id,
            kind: 'same-hat',
            severity: rule.severity,
            description: rule.description,
            listener: h.name,
            listenerPath: h.path,
            status,
            tried: 1,
            finding: f,
          });
          if (f) c.findings.push(f);
        };
        const expected = `the HAT of ${base.appliance}`;
        if (!other) {
          push('breaks', expected, `${base.appliance} has no listener ${h.name}`, 1);
          continue;
        }
        if (!h.readable || !other.readable) {
          push('not-checked', expected, 'a HAT that cannot be read exactly', 1);
          continue;
        }
        if (c === base || h.text === other.text) {
          push('holds', expected, '', 1);
          continue;
        }
        const mine = read(h);
        const changes = diffHats(read(other), mine, other.defaults, h.defaults);
        if (!changes.length) {
          push('holds', expected, '', 1);
          continue;
        }
        const first = changes[0]!;
        const name = 'entry' in first ? first.entry : 'policy' in first ? first.policy : null;
        const entry = name === null ? undefined : mine.model.entries.find((e) => e.name === name);
        const policy = name === null ? undefined : mine.model.policies.find((p) => p.name === name);
        const line = (entry?.line ?? policy?.headLine ?? 0) + 1;
        push('breaks', expected, `${changes.length} difference(s): ${changes.slice(0, 3).map(describeChange).join('; ')}`, line);
      }
    }
    for (const c of members) c.findings.sort((x, y) => (x.line ?? 0) - (y.line ?? 0) || (x.col ?? 0) - (y.col ?? 0));
  }
}
