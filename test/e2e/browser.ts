// Headless Chromium for the e2e tests, launched as in docs/stack-facts.md ("Working launch configuration").
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, ConsoleMessage, Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--enable-unsafe-webgpu',
];

const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../test-results/screenshots');

export interface TestBrowser {
  readonly context: BrowserContext;
  /** Console errors and uncaught page errors from every page of this browser, in order. */
  readonly consoleErrors: string[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** A fresh Chromium with its own temporary profile, removed on close. */
export async function launchBrowser(): Promise<TestBrowser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'nfp-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: false, // --headless=new is in ARGS; Playwright's own flag would add plain --headless
    args: ARGS,
    viewport: { width: 1280, height: 800 },
  });
  const consoleErrors: string[] = [];
  const watch = (page: Page): void => {
    page.on('console', (message) => {
      if (message.type() === 'error' && !isFaviconNoise(message)) consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return {
    context,
    consoleErrors,
    newPage: () => context.newPage(),
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a PNG of the page to test-results/screenshots/<name>.png; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

// Chromium reports a missing favicon as a console error on every page.
function isFaviconNoise(message: ConsoleMessage): boolean {
  return message.location().url.includes('favicon') || message.text().includes('favicon');
}
