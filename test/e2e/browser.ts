// Headless Chromium for the e2e tests, launched as in docs/stack-facts.md ("Working launch configuration").
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, ConsoleMessage, Page } from 'playwright-core';

import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/lib/chromium';

export { CHROMIUM_PATH };
const ARGS = [...CHROMIUM_ARGS];

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

// ---- Page helpers shared by the e2e files -------------------------------------------------

/** WebGPU on SwiftShader compiles shaders on first use: the first frame can take many seconds. */
export const FIRST_FRAME_MS = 90_000;
/** How long a condition (a label, a counter) may take to come true once the loop runs. */
export const CONDITION_MS = 60_000;

/** The number shown in the transport's frame counter. */
export async function frameCount(page: Page): Promise<number> {
  const text = (await page.getByLabel('Frame counter').textContent()) ?? '';
  const match = /Frame (\d+)/.exec(text);
  if (!match) throw new Error(`frame counter reads "${text}"`);
  return Number(match[1]);
}

/** Waits until the frame counter reads at least `atLeast`; returns what it reads then. */
export async function waitForFrame(page: Page, atLeast: number, timeout = CONDITION_MS): Promise<number> {
  await page.waitForFunction(
    (n) => Number(/Frame (\d+)/.exec(document.querySelector('[aria-label="Frame counter"]')?.textContent ?? '')?.[1] ?? -1) >= n,
    atLeast,
    { timeout, polling: 100 },
  );
  return frameCount(page);
}

/** What the preview canvas shows, summed up in the page. */
export interface PreviewPixels {
  /** Distinct RGBA colours: 1 means a blank (flat) picture. */
  readonly distinct: number;
  /** Mean of R, G and B over the picture, 0…255. */
  readonly mean: readonly [number, number, number];
  /** Cheap fingerprint of the whole picture, to tell two frames apart. */
  readonly hash: number;
  /** Which node the canvas shows (its `data-shows`). */
  readonly shows: string | null;
}

/**
 * Reads the preview canvas by drawing it into a 2D canvas: on WebGPU the preview canvas
 * has a 'webgpu' context, so `getContext('2d')` on it returns null. Null when no canvas
 * or no picture is there yet.
 */
export function previewPixels(page: Page): Promise<PreviewPixels | null> {
  return page.evaluate(() => {
    const source = document.querySelector<HTMLCanvasElement>('canvas[aria-label="Preview"]');
    if (!source || source.width === 0 || source.height === 0) return null;
    const copy = document.createElement('canvas');
    copy.width = source.width;
    copy.height = source.height;
    const context = copy.getContext('2d', { willReadFrequently: true });
    if (!context) return null;
    context.drawImage(source, 0, 0);
    const { data } = context.getImageData(0, 0, copy.width, copy.height);
    const colours = new Set<number>();
    const sum = [0, 0, 0];
    let hash = 0;
    for (let i = 0; i < data.length; i += 4) {
      colours.add(((data[i]! << 24) | (data[i + 1]! << 16) | (data[i + 2]! << 8) | data[i + 3]!) >>> 0);
      sum[0]! += data[i]!;
      sum[1]! += data[i + 1]!;
      sum[2]! += data[i + 2]!;
      hash = (Math.imul(hash, 31) + data[i]! + (data[i + 1]! << 8) + (data[i + 2]! << 16)) | 0;
    }
    const n = data.length / 4;
    return { distinct: colours.size, mean: [sum[0]! / n, sum[1]! / n, sum[2]! / n] as const, hash, shows: source.dataset.shows ?? null };
  });
}

/** Waits until `accept` holds for the preview's pixels; returns them. */
export async function waitForPreview(page: Page, accept: (pixels: PreviewPixels) => boolean, timeout = CONDITION_MS): Promise<PreviewPixels> {
  const started = Date.now();
  let last: PreviewPixels | null = null;
  while (Date.now() - started < timeout) {
    last = await previewPixels(page);
    if (last && accept(last)) return last;
    await page.waitForTimeout(150);
  }
  throw new Error(`the preview never matched; last read ${JSON.stringify(last)}`);
}
