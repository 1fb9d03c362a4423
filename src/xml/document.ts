/**
 * A scanned document: the original text plus element spans, with the few navigation helpers
 * the appliance model needs. Nothing here re-serialises anything.
 */
import { isUtf8, scanXml, xmlErrorDetail, type ElementTable, type Prolog } from './scan.js';
import { decodeContent } from './text.js';

/** A parsed document: the original latin1 text and its element table. */
export interface XmlDocument {
  text: string;
  elements: ElementTable;
  prolog: Prolog;
}

/** Scans `text` (a whole file decoded as latin1). Throws a located Refused (see xmlError) when malformed. */
export function parseDocument(text: string): XmlDocument {
  const { elements, prolog } = scanXml(text);
  return { text, elements, prolog };
}

/** Name of element `i`. */
export function elementName(doc: XmlDocument, i: number): string {
  return doc.elements.names[doc.elements.nameId[i]!]!;
}

/**
 * The element after `j`'s subtree: its next sibling, or the next element after its parent's
 * end. Elements are in document order, so their starts are sorted: a binary search.
 */
function afterSubtree(doc: XmlDocument, j: number): number {
  const { start, end, count } = doc.elements;
  const stop = end[j]!;
  let lo = j + 1;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (start[mid]! < stop) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Indices of the direct children of element `i`, in order (skipping their subtrees). */
export function childElements(doc: XmlDocument, i: number): number[] {
  const { start, end, count } = doc.elements;
  const out: number[] = [];
  const stop = end[i]!;
  for (let j = i + 1; j < count && start[j]! < stop; j = afterSubtree(doc, j)) out.push(j);
  return out;
}

/** The first direct child of `i` named `name`, or -1. */
export function childNamed(doc: XmlDocument, i: number, name: string): number {
  const id = doc.elements.names.indexOf(name);
  if (id < 0) return -1;
  const { nameId, start, end, count } = doc.elements;
  const stop = end[i]!;
  for (let j = i + 1; j < count && start[j]! < stop; j = afterSubtree(doc, j)) {
    if (nameId[j] === id) return j;
  }
  return -1;
}

/** Every element named `name`, in document order. */
export function elementsNamed(doc: XmlDocument, name: string): number[] {
  const id = doc.elements.names.indexOf(name);
  const out: number[] = [];
  if (id < 0) return out;
  const { nameId, count } = doc.elements;
  for (let j = 0; j < count; j++) if (nameId[j] === id) out.push(j);
  return out;
}

/** For each parent: every child's 1-based position among its same-named siblings, and their number. */
const positions = new WeakMap<ElementTable, Map<number, { position: Map<number, number>; same: Map<number, number> }>>();

function siblingPosition(doc: XmlDocument, p: number, j: number): { position: number; same: number } {
  let byParent = positions.get(doc.elements);
  if (!byParent) positions.set(doc.elements, (byParent = new Map()));
  let entry = byParent.get(p);
  if (!entry) {
    entry = { position: new Map(), same: new Map() };
    for (const k of childElements(doc, p)) {
      const id = doc.elements.nameId[k]!;
      const n = (entry.same.get(id) ?? 0) + 1;
      entry.same.set(id, n);
      entry.position.set(k, n);
    }
    byParent.set(p, entry);
  }
  return { position: entry.position.get(j)!, same: entry.same.get(doc.elements.nameId[j]!)! };
}

/**
 * `config/listeners/listener[2]`-style path of element `i` (1-based positions among
 * same-named siblings, shown only when there are several). Each parent's children are
 * listed once per document, so paths of many siblings cost linear time in all.
 */
export function elementPath(doc: XmlDocument, i: number): string {
  const parts: string[] = [];
  let j = i;
  while (j >= 0) {
    const p = doc.elements.parent[j]!;
    const name = elementName(doc, j);
    if (p >= 0) {
      const { position, same } = siblingPosition(doc, p, j);
      parts.push(same > 1 ? `${name}[${position}]` : name);
    } else {
      parts.push(name);
    }
    j = p;
  }
  return parts.reverse().join('/');
}

/** The decoded text of element `i` (which must hold text only), or null if it holds markup. */
export function elementText(doc: XmlDocument, i: number): string | null {
  const { openEnd, closeStart } = doc.elements;
  try {
    return decodeContent(doc.text, openEnd[i]!, closeStart[i]!, isUtf8(doc.prolog)).text;
  } catch (e) {
    if (xmlErrorDetail(e) !== null) return null;
    throw e;
  }
}
