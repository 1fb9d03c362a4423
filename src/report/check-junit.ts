/**
 * `check --junit FILE`: JUnit XML as CI systems render it. One test suite per export, one test
 * case per rule × listener (classname `appliance.listener`, name the rule id), and one case per
 * listener for the HAT analyses (`hat-analysis`), failing when a finding reaches --fail-on.
 * Written directly (a few elements); every text is escaped, characters XML 1.0 cannot hold dropped.
 */
import type { Severity } from '../findings.js';
import { atLeast, type CheckDocument } from './check.js';
import { messageOf } from './messages.js';

/** Text for an XML attribute or element: escaped, without characters XML 1.0 forbids. */
export function xmlText(s: string): string {
  return (
    s
      .replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd]/gu, '')
      // C1 controls and bidirectional overrides from an export: shown, never obeyed, by whatever renders the report.
      .replace(/[\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '\ufffd')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

interface Case {
  classname: string;
  name: string;
  file: string;
  line: number | undefined;
  failure: { message: string; type: string; text: string } | null;
  skipped: string | null;
}

/** The JUnit XML of a check document. */
export function renderJunit(doc: CheckDocument): string {
  const suites: string[] = [];
  let total = 0;
  let failures = 0;
  let skipped = 0;
  for (const f of doc.files) {
    const cases: Case[] = [];
    const base = f.appliance.replace(/\./g, '_');
    if (!f.listeners.length && f.findings.length) {
      const first = f.findings[0]!;
      cases.push({
        classname: base,
        name: 'read',
        file: f.file,
        line: first.line,
        failure: { message: messageOf(first), type: first.code, text: first.message },
        skipped: null,
      });
    }
    for (const l of f.listeners) {
      if (!l.checked && !f.findings.some((x) => x.listenerPath === l.path)) continue;
      const loud = f.findings.filter(
        (x) => x.listenerPath === l.path && x.code !== 'check-rule-broken' && atLeast(x.severity, doc.failOn as Severity),
      );
      cases.push({
        classname: `${base}.${l.name}`,
        name: 'hat-analysis',
        file: f.file,
        line: loud[0]?.line,
        failure: loud.length
          ? {
              message: `${loud.length} finding(s) at ${doc.failOn === 'info' ? 'note' : doc.failOn} or worse`,
              type: loud[0]!.code,
              text: loud.map((x) => `${f.file}:${x.line}:${x.col}: ${x.severity}: ${x.message} [${x.code}]`).join('\n'),
            }
          : null,
        skipped: null,
      });
    }
    for (const r of f.results) {
      const fx = r.finding;
      cases.push({
        classname: `${base}.${r.listener}`,
        name: r.rule,
        file: f.file,
        line: fx?.line,
        failure:
          r.status === 'breaks' || r.status === 'may-break'
            ? {
                message: fx ? fx.message : r.status,
                type: r.status,
                text: fx ? `${f.file}:${fx.line}:${fx.col}: ${fx.severity}: ${fx.message}` : r.status,
              }
            : r.status === 'not-checked'
              ? { message: fx ? fx.message : 'not checked', type: 'not-checked', text: fx ? fx.message : '' }
              : null,
        skipped: null,
      });
    }
    total += cases.length;
    const failed = cases.filter((c) => c.failure).length;
    failures += failed;
    skipped += cases.filter((c) => c.skipped !== null).length;
    const body = cases
      .map((c) => {
        const attrs = `classname="${xmlText(c.classname)}" name="${xmlText(c.name)}" file="${xmlText(c.file)}"${c.line ? ` line="${c.line}"` : ''}`;
        if (c.failure)
          return `    <testcase ${attrs}>\n      <failure message="${xmlText(c.failure.message)}" type="${xmlText(c.failure.type)}">${xmlText(c.failure.text)}</failure>\n    </testcase>`;
        if (c.skipped !== null) return `    <testcase ${attrs}>\n      <skipped message="${xmlText(c.skipped)}"/>\n    </testcase>`;
        return `    <testcase ${attrs}/>`;
      })
      .join('\n');
    suites.push(
      `  <testsuite name="${xmlText(`${f.appliance} (${f.file})`)}" tests="${cases.length}" failures="${failed}" errors="0" skipped="${cases.filter((c) => c.skipped !== null).length}">\n${body}${body ? '\n' : ''}  </testsuite>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="esa-patch check" tests="${total}" failures="${failures}" errors="0" skipped="${skipped}">\n${suites.join('\n')}${suites.length ? '\n' : ''}</testsuites>\n`;
}
