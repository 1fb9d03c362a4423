/**
 * Two exports of one appliance compared by meaning for push: the listeners through `diff`'s
 * machinery (src/patch/diff-exports.ts), and everything outside the listeners as text with the
 * header comment left out and the whitespace between elements ignored (a loadconfig of the
 * whole file would put back any of it, so any difference there counts too).
 */
import { readExport } from '../esa/export.js';
import { diffExports, viewExport, type ExportView, type ListenerDiff } from '../patch/diff-exports.js';

/** The result of {@link compareExports}. */
export interface Comparison {
  identical: boolean;
  /** Listeners that differ (with their differences), at most 20. */
  listeners: ListenerDiff[];
  /** The first differing line outside the listeners (`LINE: text`), or null. */
  outside: string | null;
}

/** The text of an export outside its `<listeners>` elements and header comment, as lines without layout. */
function outsideLines(text: string): string[] {
  const body = text
    .replace(/^[\s\S]*?<!--[\s\S]*?-->/, '')
    .replace(/<listeners\b[\s\S]*?<\/listeners\s*>/g, '<listeners/>')
    .replace(/>\s+</g, '>\n<');
  return body
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** Element names whose values are secrets (as src/esa reads them): compared, never shown. */
const SECRET_NAME = /pass|secret|phrase|psk|key|community|credential|token/i;

/** A line as a difference may show it: a secret's value left out. */
function shownLine(line: string | undefined): string {
  if (line === undefined) return '(end)';
  return line
    .replace(/<([A-Za-z_][\w.-]*)>[^<]*<\/\1>/g, (whole, name: string) => (SECRET_NAME.test(name) ? `<${name}>(secret)</${name}>` : whole))
    .slice(0, 120);
}

function firstDifference(a: string, b: string): string | null {
  const la = outsideLines(a);
  const lb = outsideLines(b);
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) return `${shownLine(la[i])} / ${shownLine(lb[i])}`;
  }
  return null;
}

/** The last few views read: a push compares the same base and planned exports again and again. */
const views = new Map<string, ExportView | null>();
const VIEWS_KEPT = 8;

/** A view of an export for comparison, or null when it cannot be read. */
export function viewOrNull(text: string): ExportView | null {
  const hit = views.get(text);
  if (hit !== undefined) return hit;
  let v: ExportView | null;
  try {
    v = viewExport(text);
  } catch {
    v = null;
  }
  views.set(text, v);
  if (views.size > VIEWS_KEPT) views.delete(views.keys().next().value!);
  return v;
}

/** Compares `a` (what was expected) with `b` (what the appliance has) by meaning. */
export function compareExports(a: string, b: string): Comparison {
  if (a === b && viewOrNull(a)) return { identical: true, listeners: [], outside: null };
  const va = viewOrNull(a);
  const vb = viewOrNull(b);
  if (!va || !vb) return { identical: false, listeners: [], outside: `${va ? 'the second' : 'the first'} export cannot be read` };
  const d = diffExports(va, vb);
  const listeners = d.listeners.filter((l) => l.match === 'only-a' || l.match === 'only-b' || l.settings.length || l.hat.length);
  const outside = firstDifference(a, b);
  const unreadable = d.findings.some((f) => f.severity === 'error');
  return {
    identical: d.identical && !outside && !unreadable,
    listeners: listeners.slice(0, 20),
    outside: outside ?? (unreadable ? 'a HAT cannot be read exactly' : null),
  };
}

/** Number of masked passphrases in an export (0 when it cannot be read: the comparison refuses that). */
export function maskedCount(text: string): number {
  return readExport(text).export?.masked.length ?? 0;
}

/** The settings (outside HATs) that differ between `a` and `b`: what `--via hat` cannot carry. */
export function nonHatChanges(a: string, b: string): string[] {
  const c = compareExports(a, b);
  const out = c.listeners.flatMap((l) =>
    l.match === 'only-a' || l.match === 'only-b' ? [`listener ${l.listener}`] : l.settings.map((s) => `${l.listener}: ${s.key}`),
  );
  if (c.outside) out.push(c.outside);
  return out;
}
