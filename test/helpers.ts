import { readdirSync, readFileSync, mkdtempSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Reconstructed exports of our own (test/fixtures/corpus): tests read nothing outside the repository. */
export const CORPUS = join(ROOT, 'test', 'fixtures', 'corpus');
export const SAMPLES = join(ROOT, 'samples');

/** Every export we test the laws on: samples/ and test/fixtures/corpus/. */
export function allExports(): { name: string; path: string; text: string }[] {
  const out = [];
  for (const dir of [SAMPLES, CORPUS]) {
    for (const n of readdirSync(dir)
      .filter((f) => f.endsWith('.xml'))
      .sort()) {
      out.push({ name: n, path: join(dir, n), text: readFileSync(join(dir, n), 'latin1') });
    }
  }
  if (out.length < 8) throw new Error(`expected the samples and the corpus, found ${out.length} files`);
  return out;
}

export function readLatin1(path: string): string {
  return readFileSync(path, 'latin1');
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'esa-patch-test-'));
}

/** The raw content of every <hat> element (regex is fine on our own fixtures). */
export function hatTexts(text: string): string[] {
  return [...text.matchAll(/<hat>([\s\S]*?)<\/hat>/g)].map((m) => m[1]!);
}
