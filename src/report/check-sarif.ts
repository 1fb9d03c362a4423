/**
 * `check --sarif FILE`: SARIF 2.1.0, so a code-hosting platform shows each finding on the
 * export's line in a pull request. One run; the driver's rules are the finding codes met (with
 * their explanation) and the rules of the rules file (`rules/ID`); each result is located by
 * its export (`artifactLocation.uri` relative to the directory the run started in) and line.
 */
import type { Finding, Severity } from '../findings.js';
import type { CheckDocument } from './check.js';
import { explain } from './explain.js';

/** Text from an export without C1 controls or bidirectional overrides (shown, never obeyed). */
const clean = (s: string) => s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '\ufffd');

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** A relative path as a URI reference (`/` separators, each segment percent-encoded). */
export function uriOf(relative: string): string {
  return relative
    .split(/[\\/]/)
    .map((s) => encodeURIComponent(s))
    .join('/');
}

/** The SARIF log of a check document; `relativeOf` gives a file's path relative to the run's directory. */
export function renderSarif(doc: CheckDocument, toolVersion: string, relativeOf: (file: string) => string): string {
  const rules: {
    id: string;
    name: string;
    shortDescription: { text: string };
    fullDescription: { text: string };
    defaultConfiguration: { level: string };
  }[] = [];
  const index = new Map<string, number>();
  const ruleOf = (f: Finding): string => {
    const id = f.code === 'check-rule-broken' ? `rules/${f.args.rule}` : f.code;
    if (!index.has(id)) {
      const declared = f.code === 'check-rule-broken' ? doc.rules.find((r) => r.id === f.args.rule) : undefined;
      const e = explain(f.code);
      index.set(id, rules.length);
      rules.push({
        id,
        name: id.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')),
        shortDescription: { text: declared ? `rule ${declared.id} (${declared.kind})` : (e?.title ?? id) },
        fullDescription: { text: declared?.description ?? e?.text ?? id },
        defaultConfiguration: { level: LEVEL[declared?.severity ?? f.severity] },
      });
    }
    return id;
  };
  const results = doc.files.flatMap((file) =>
    file.findings.map((f) => {
      const ruleId = ruleOf(f);
      const region = f.line ? { region: { startLine: f.line, startColumn: f.col ?? 1 } } : {};
      return {
        ruleId,
        ruleIndex: index.get(ruleId)!,
        level: LEVEL[f.severity],
        message: { text: clean(f.message) },
        locations: [
          {
            physicalLocation: { artifactLocation: { uri: uriOf(relativeOf(file.file)) }, ...region },
            ...(f.listener
              ? { logicalLocations: [{ name: clean(f.listener), fullyQualifiedName: clean(f.listenerPath ?? f.listener), kind: 'object' }] }
              : {}),
          },
        ],
      };
    }),
  );
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'esa-patch', version: toolVersion, rules } }, results }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
