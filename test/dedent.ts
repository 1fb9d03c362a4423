/**
 * A `dedent` tagged template for HAT and recipe snippets in tests: drops the first line when
 * it is empty and the common indentation of the other lines; keeps a final newline.
 */
export function dedent(strings: TemplateStringsArray, ...values: unknown[]): string {
  let text = strings.raw.reduce((acc, s, i) => acc + s.replace(/\\`/g, '`') + (i < values.length ? String(values[i]) : ''), '');
  text = text.replace(/^[ \t]*\n/, '').replace(/\n[ \t]*$/, '\n');
  const indents = text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => /^[ \t]*/.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return text
    .split('\n')
    .map((l) => l.slice(Math.min(cut, /^[ \t]*/.exec(l)![0].length)))
    .join('\n');
}
