/**
 * A small tagged template for HTML that escapes by construction: every interpolated string is
 * decoded for display and HTML-escaped; only values already of type {@link Html} (made by this
 * template, or by {@link trusted} for diff2html's output and the stylesheet) go in as they are.
 */

/** A piece of HTML that is safe to insert. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A string read from a file (one character per byte) as a person should see it: decoded as
 * UTF-8 when its bytes are valid UTF-8, as is (latin1) otherwise. Strings holding characters
 * above U+00FF are not byte strings and are returned unchanged.
 */
export function displayText(s: string): string {
  if (!/[\u0080-\uffff]/.test(s)) return s;
  if (/[^\u0000-\u00ff]/.test(s)) return s;
  try {
    return utf8.decode(Buffer.from(s, 'latin1'));
  } catch {
    return s;
  }
}

/** HTML-escapes text for element content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A value the template accepts. */
export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

function piece(v: HtmlValue): string {
  if (v instanceof Html) return v.text;
  if (Array.isArray(v)) return v.map(piece).join('');
  if (v === null || v === undefined || v === false || v === true) return '';
  return escapeHtml(displayText(String(v)));
}

/** `html\`<p>${text}</p>\``: interpolated values are escaped unless they are Html. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  let out = strings[0]!;
  for (let k = 0; k < values.length; k++) out += piece(values[k]!) + strings[k + 1]!;
  return new Html(out);
}

/** Text this program made itself and vouches for (diff2html's escaped output, a stylesheet). */
export function trusted(text: string): Html {
  return new Html(text);
}

/** Pieces joined by a separator (itself escaped unless Html). */
export function join(items: readonly HtmlValue[], separator: HtmlValue = ''): Html {
  return new Html(items.map(piece).join(piece(separator)));
}
