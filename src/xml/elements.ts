/** The element table of a scanned document: every element's span, parent and name, in flat typed arrays. */

/** Element spans of a scanned document, in document order (index 0 is the root). */
export interface ElementTable {
  /** Number of elements. */
  count: number;
  /** Offset of `<` of the start tag. */
  start: Int32Array;
  /** Offset just past `>` of the start tag. */
  openEnd: Int32Array;
  /** Offset of `<` of the end tag (equals openEnd for an empty-element tag). */
  closeStart: Int32Array;
  /** Offset just past `>` of the end tag (or of the empty-element tag). */
  end: Int32Array;
  /** Index of the parent element, -1 for the root. */
  parent: Int32Array;
  /** Index into `names`. */
  nameId: Int32Array;
  /** Interned element names. */
  names: string[];
}

/** Builds an {@link ElementTable}, growing its arrays as elements are added. */
export class ElementTableBuilder {
  count = 0;
  cap: number;
  start: Int32Array;
  openEnd: Int32Array;
  closeStart: Int32Array;
  end: Int32Array;
  parent: Int32Array;
  nameId: Int32Array;

  /** `expected`: a guess of the element count; the table grows past it when needed. */
  constructor(expected: number) {
    this.cap = Math.max(1024, expected | 0);
    this.start = new Int32Array(this.cap);
    this.openEnd = new Int32Array(this.cap);
    this.closeStart = new Int32Array(this.cap);
    this.end = new Int32Array(this.cap);
    this.parent = new Int32Array(this.cap);
    this.nameId = new Int32Array(this.cap);
  }

  /** Adds an element of name `id` whose start tag begins at `start`; returns its index. */
  add(id: number, start: number, parent: number): number {
    if (this.count === this.cap) this.grow();
    const i = this.count++;
    this.start[i] = start;
    this.parent[i] = parent;
    this.nameId[i] = id;
    return i;
  }

  private grow(): void {
    this.cap *= 2;
    const g = (a: Int32Array) => {
      const b = new Int32Array(this.cap);
      b.set(a);
      return b;
    };
    this.start = g(this.start);
    this.openEnd = g(this.openEnd);
    this.closeStart = g(this.closeStart);
    this.end = g(this.end);
    this.parent = g(this.parent);
    this.nameId = g(this.nameId);
  }

  /** The table of the elements added, naming them by `names`. */
  freeze(names: string[]): ElementTable {
    const n = this.count;
    return {
      count: n,
      start: this.start.subarray(0, n),
      openEnd: this.openEnd.subarray(0, n),
      closeStart: this.closeStart.subarray(0, n),
      end: this.end.subarray(0, n),
      parent: this.parent.subarray(0, n),
      nameId: this.nameId.subarray(0, n),
      names,
    };
  }
}
