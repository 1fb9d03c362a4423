/**
 * libxml2 itself, compiled to WebAssembly (the libxml2-wasm package): the independent parser that
 * says whether a file is well-formed XML, as `xmllint --noout --nonet` would.
 */
import { readFileSync } from 'node:fs';
import type { Oracle } from './oracle.js';
import { startOracle } from './oracle.js';

type LibXml2 = typeof import('libxml2-wasm');

/** libxml2-wasm, loaded once. */
export const libxml2: Oracle<LibXml2> = {
  name: 'libxml2 (libxml2-wasm)',
  start: async () => {
    const lib = await import('libxml2-wasm');
    // It must tell the two apart, or every check below would pass for nothing.
    if (libxml2Error(lib, Buffer.from('<ok/>')) !== null || libxml2Error(lib, Buffer.from('<a><b></a>')) === null) {
      throw new Error('libxml2-wasm does not answer as expected');
    }
    return lib;
  },
};

/** libxml2's complaint about `bytes` (an XML file's raw bytes), or null when it is well-formed. */
export function libxml2Error(lib: LibXml2, bytes: Uint8Array): string | null {
  const { ParseOption, XmlDocument } = lib;
  try {
    // No network, no external entities: like xmllint --noout --nonet, the DTD is not loaded.
    XmlDocument.fromBuffer(bytes, { option: ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE }).dispose();
    return null;
  } catch (e) {
    return e instanceof Error ? e.message.trim() : String(e);
  }
}

/** The files libxml2 rejects as not well-formed. Throws when libxml2-wasm cannot start. */
export async function notWellFormed(paths: readonly string[]): Promise<string[]> {
  if (!paths.length) return [];
  const s = await startOracle(libxml2);
  if (!s.ok) throw new Error(`${libxml2.name} cannot start: ${s.reason}`);
  return paths.filter((p) => libxml2Error(s.value, readFileSync(p)) !== null);
}
