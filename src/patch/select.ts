/** Which listeners a run patches. */
import type { EsaExport, Listener } from '../esa/export.js';
import { finding, type Finding } from '../findings.js';
import { selectsListener } from '../recipes/plan-recipe.js';
import type { ListenerSelection } from '../recipes/recipe.js';

/** The listeners of an export, for messages that must list them. */
export function listenerList(exp: EsaExport): string {
  return exp.listeners.map((l) => `${l.name} (${l.type || 'no type'}, ${l.path})`).join(', ');
}

/**
 * Selects listeners: those named (a name selects every listener of that name; a value with `/`
 * is a listener path), else those the recipe's `selection` takes (default: every public listener). Returns them, or the finding that says why
 * there are none (`unknown-listener`: exit 1; `no-public-listener`: refused).
 */
export function selectListeners(
  exp: EsaExport,
  names: readonly string[] | undefined,
  selection: ListenerSelection = 'public',
): Listener[] | Finding {
  if (!names?.length && Array.isArray(selection)) names = selection as readonly string[];
  if (!names?.length && (selection === 'all' || selection === 'private')) {
    // A recipe for private listeners (or all) on an appliance without any has nothing to do.
    return exp.listeners.filter((l) => selectsListener(selection, l));
  }
  if (names && names.length) {
    const matches = (l: Listener, n: string) => (n.includes('/') ? l.path === n : l.name === n);
    const missing = names.filter((n) => !exp.listeners.some((l) => matches(l, n)));
    if (missing.length) return finding('unknown-listener', 'error', { names: missing, available: listenerList(exp) });
    return exp.listeners.filter((l) => names.some((n) => matches(l, n)));
  }
  const pub = exp.listeners.filter((l) => l.type === 'public');
  if (!pub.length) return finding('no-public-listener', 'error', { available: listenerList(exp) });
  return pub;
}
