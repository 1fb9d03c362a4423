/** Reading the TLS tokens file (`--tokens FILE`, format `esa-patch-tokens/1`, see src/appliance/tokens.ts). */
import { readFileSync } from 'node:fs';
import { emptyTokens, parseTokens, type TokensFile } from '../../appliance/tokens.js';
import { refused } from '../../findings.js';

/** The tokens file at `path`: empty when it does not exist yet; exit 1 when it is not one. */
export function readTokensFile(path: string): TokensFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return emptyTokens();
  }
  try {
    return parseTokens(text);
  } catch (e) {
    throw refused('bad-tokens', { path, problem: (e as Error).message });
  }
}
