import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CONDITION_MS, launchBrowser, screenshot } from './browser';
import type { TestBrowser } from './browser';
import { eventually, graphOf, openStudio } from './editor-page';

// The gallery reads the previews `npm run previews` ships in public/examples/. This test
// changes the manifest on its way to the page, so that one example lists a file that is not
// there and one is not listed at all: both cards must fall back to their wiring sketch.
const WITH_PREVIEW = 'Train window generator (learned loop)';
const FILE_MISSING = { id: 'multiscale-loop', title: 'Multi-scale loop' };
const NOT_LISTED = { id: 'styled-loop', title: 'Styled loop' };

let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  await browser.context.route('**/examples/previews.json', async (route) => {
    const response = await route.fetch();
    const manifest = (await response.json()) as { previews: Record<string, { file: string }> };
    manifest.previews[FILE_MISSING.id] = { ...manifest.previews[FILE_MISSING.id]!, file: 'not-rendered.webm' };
    delete manifest.previews[NOT_LISTED.id];
    await route.fulfill({ response, json: manifest });
  });
  page = await openStudio(browser);
});

afterAll(async () => {
  await browser?.close();
});

describe('examples gallery', () => {
  it('plays each example\'s rendered preview with its frame size and speed, and says so quietly where there is none', async () => {
    await page.getByRole('button', { name: 'Examples', exact: true }).click();
    const gallery = page.getByRole('dialog', { name: 'Examples' });
    await gallery.waitFor({ timeout: CONDITION_MS });

    const card = gallery.getByRole('listitem', { name: WITH_PREVIEW });
    const video = card.locator('video');
    await video.waitFor({ timeout: CONDITION_MS });
    expect(await video.getAttribute('aria-label')).toBe(`Preview of “${WITH_PREVIEW}”`);
    expect(await video.getAttribute('src')).toBe('/examples/train-window-generator.webm');
    expect(await video.evaluate((v: HTMLVideoElement) => ({ autoplay: v.autoplay, loop: v.loop, muted: v.muted, playsInline: v.playsInline })))
      .toEqual({ autoplay: true, loop: true, muted: true, playsInline: true });
    // It decodes and plays: a picture is there and time moves on.
    await eventually(() => video.evaluate((v: HTMLVideoElement) => v.readyState >= 2 && v.videoWidth > 0 && v.currentTime > 0.2)).toBe(true);
    expect(await card.textContent()).toMatch(/\d+×\d+ · [\d.]+ ms\/frame on (webgpu|webgl|cpu)/);

    for (const { title } of [FILE_MISSING, NOT_LISTED]) {
      const without = gallery.getByRole('listitem', { name: title });
      await eventually(() => without.locator('video').count()).toBe(0);
      expect(await without.textContent()).toMatch(/\d+×\d+ · no preview/);
      expect(await without.locator('svg').count()).toBeGreaterThan(0);
    }
    await screenshot(page, 'examples-gallery');
    await gallery.getByRole('listitem', { name: NOT_LISTED.title }).scrollIntoViewIfNeeded();
    await screenshot(page, 'examples-gallery-without-previews');

    await card.getByRole('button', { name: `Open example “${WITH_PREVIEW}”` }).click();
    await eventually(async () => (await graphOf(page)).nodes.some((n) => n.type === 'next-frame-generator')).toBe(true);
    // The one error allowed: the browser reporting the missing file's 404.
    expect(browser.consoleErrors.filter((e) => !e.includes('status of 404'))).toEqual([]);
  });
});
