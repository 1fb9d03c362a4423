/**
 * Element names of a document, interned: each distinct name is stored once and compared in
 * place, and the name of the next tag is predicted from the tag before it.
 */
import { matchAt } from './chars.js';

/** Names compared in place per (length, first character) before the map takes over. */
const BUCKET = 8;

/** The interned names of one document, numbered in order of first appearance. */
export class NameTable {
  names: string[] = [];
  /** The characters of each name, for comparing without allocating. */
  codes: Uint16Array[] = [];
  ids = new Map<string, number>();

  // A direct-mapped cache of name ids, keyed by length and first and last character: most
  // tags repeat a name seen just before, and a hit costs one comparison, no allocation.
  private cache = new Int32Array(256).fill(-1);
  private buckets = new Map<number, number[]>();

  /**
   * Which name followed each event (a start or an end tag of each name): records repeat, so
   * the name of the next start tag is usually known before it is read.
   */
  private next = new Int32Array(64).fill(-1);

  /**
   * The id of the name predicted after event `key` if `text` holds it at `at`, else -1; the
   * caller checks that no name character follows it.
   */
  predict(key: number, text: string, at: number): number {
    const id = key < this.next.length ? this.next[key]! : -1;
    return id >= 0 && matchAt(text, this.codes[id]!, at) ? id : -1;
  }

  /** Records that name `id` followed event `key`. */
  learn(key: number, id: number): void {
    if (key >= this.next.length) {
      const grown = new Int32Array(Math.max(key + 1, this.next.length * 2)).fill(-1);
      grown.set(this.next);
      this.next = grown;
    }
    this.next[key] = id;
  }

  /** The id of the name `text[from..to)`. */
  intern(text: string, from: number, to: number): number {
    const len = to - from;
    const h = (len * 31 + text.charCodeAt(from) * 7 + text.charCodeAt(to - 1)) & 255;
    const cached = this.cache[h]!;
    if (cached >= 0 && this.codes[cached]!.length === len && matchAt(text, this.codes[cached]!, from)) return cached;
    // A miss: the names of this length and first character, still without allocating.
    // A bucket holds at most BUCKET names; past that the map alone answers, so that many
    // distinct names of one length and first character stay linear.
    const key = len * 256 + text.charCodeAt(from);
    const bucket = this.buckets.get(key);
    if (bucket) {
      for (const id of bucket) {
        if (matchAt(text, this.codes[id]!, from)) {
          this.cache[h] = id;
          return id;
        }
      }
    }
    const slice = text.slice(from, to);
    let id = this.ids.get(slice);
    if (id === undefined) {
      // A fresh flat copy: a slice would keep pointing into the (large) document.
      const name = len > 12 ? (' ' + slice).slice(1) : slice;
      const codes = new Uint16Array(len);
      for (let k = 0; k < len; k++) codes[k] = name.charCodeAt(k);
      id = this.names.length;
      this.names.push(name);
      this.codes.push(codes);
      this.ids.set(name, id);
      if (!bucket) this.buckets.set(key, [id]);
      else if (bucket.length < BUCKET) bucket.push(id);
    }
    this.cache[h] = id;
    return id;
  }
}
