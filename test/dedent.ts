/**
 * A dedent tag for HAT snippets: drops the first line if blank, the common leading indentation
 * of non-blank lines, and the trailing whitespace-only line. Lines end with `\n`.
 */
export function dedent(strings: TemplateStringsArray, ...values: unknown[]): string {
  let raw = strings.raw.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw.split('\n');
  if (lines[0]!.trim() === '') lines.shift();
  if (lines.length && lines[lines.length - 1]!.trim() === '') lines.pop();
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length));
  return lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join('\n') + '\n';
}
