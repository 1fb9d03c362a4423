/**
 * A real browser for the HTML report: playwright-core driving the headless Chromium that the
 * @sparticuz/chromium package ships (unpacked to the temp directory on first use), or the
 * Chromium named by CHROMIUM_PATH when set (e.g. a system chromium on an OS the package's
 * Linux x64/arm64 build does not run on).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import type { Oracle } from './oracle.js';

/** How to launch the browser the oracle found. */
export interface Browser {
  /** Where it came from: "CHROMIUM_PATH" or "@sparticuz/chromium". */
  source: string;
  executablePath: string;
  args: string[];
  /** The browser's version, as it reported on the trial launch. */
  version: string;
}

// A system Chromium launched the way Debian's needs it in a container.
const SYSTEM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

async function find(): Promise<Omit<Browser, 'version'>> {
  const configured = process.env['CHROMIUM_PATH'];
  if (configured) return { source: 'CHROMIUM_PATH', executablePath: configured, args: SYSTEM_ARGS };
  const { default: chromium } = await import('@sparticuz/chromium');
  return { source: '@sparticuz/chromium', executablePath: await chromium.executablePath(), args: chromium.args };
}

/** Headless Chromium; starting it is a trial launch, so a browser that cannot run is a skip with the reason. */
export const browser: Oracle<Browser> = {
  name: 'Chromium (playwright-core)',
  start: async () => {
    const found = await find();
    const { chromium } = await import('playwright-core');
    const b = await chromium.launch({ executablePath: found.executablePath, args: found.args, headless: true, timeout: 60_000 });
    try {
      return { ...found, version: b.version() };
    } finally {
      await b.close();
    }
  },
};

/** A fresh browser context with its own profile directory; close it when done. */
export async function openBrowser(b: Browser, profileDir: string, viewport: { width: number; height: number }): Promise<BrowserContext> {
  const { chromium } = await import('playwright-core');
  return chromium.launchPersistentContext(profileDir, { executablePath: b.executablePath, args: b.args, headless: true, viewport });
}

/** A page of a fresh browser with what it requested and what it complained of (console errors and warnings, page errors). */
export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  requests: string[];
  problems: string[];
}

/**
 * Opens the local file `htmlPath` in a fresh context (its profile under `dir`), recording every
 * request and every console error or warning from the start. Close `context` when done.
 */
export async function openPage(
  b: Browser,
  dir: string,
  htmlPath: string,
  viewport: { width: number; height: number },
): Promise<OpenedPage> {
  const profile = join(dir, 'chromium-profile');
  mkdirSync(profile);
  const context = await openBrowser(b, profile, viewport);
  const page = context.pages()[0] ?? (await context.newPage());
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load' });
  return { context, page, requests, problems };
}
