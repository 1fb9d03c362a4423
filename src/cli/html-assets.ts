/**
 * The files the HTML report embeds, read from the installed packages: the CLI passes them to
 * renderHtmlReport() (src/report/html.ts), which stays pure.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { HtmlReportAssets } from '../report/html.js';

/** Absolute path of diff2html's stylesheet (`diff2html/bundles/css/diff2html.min.css`). */
export function diff2htmlCssPath(): string {
  return createRequire(import.meta.url).resolve('diff2html/bundles/css/diff2html.min.css');
}

/** The assets of renderHtmlReport(): diff2html's stylesheet, read as UTF-8. */
export function readHtmlReportAssets(): HtmlReportAssets {
  return { css: readFileSync(diff2htmlCssPath(), 'utf8') };
}
