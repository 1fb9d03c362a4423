/** Types of generate.mjs (for the TypeScript tests that import it). */
export declare const GENERATOR_VERSION: number;
export declare function prng(seed: number): () => number;
export interface GeneratedStats {
  bytes: number;
  elements: number;
  listenerElements: number;
  outsideListeners: number;
  members: number;
  listeners: number;
}
export declare function generateExport(
  path: string,
  options?: { bytes?: number; members?: number; seed?: number; listeners?: number },
): GeneratedStats;
