import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { CONDITION_MS, FIRST_FRAME_MS, frameCount, launchBrowser, previewPixels, screenshot, waitForFrame, waitForPreview } from './browser';
import type { TestBrowser } from './browser';

const baseUrl = inject('e2eBaseUrl');
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

afterEach(async () => {
  await page?.close();
});

async function open(query = ''): Promise<Page> {
  page = await browser.newPage();
  await page.goto(`${baseUrl}/?test${query}`);
  return page;
}

/** Waits until the loop is idle: the toggle reads Run and the transport is enabled again. */
async function waitUntilPaused(p: Page): Promise<void> {
  await p.getByRole('button', { name: 'Run' }).waitFor({ timeout: CONDITION_MS });
  await p.waitForFunction(() => !document.querySelector<HTMLButtonElement>('[role="toolbar"] button')?.disabled, null, {
    timeout: CONDITION_MS,
    polling: 50,
  });
}

/** Waits until the preview shows a picture, not a flat colour. */
async function waitForPreviewImage(p: Page): Promise<void> {
  await waitForPreview(p, (pixels) => pixels.distinct > 1);
}

describe('app shell', () => {
  it('opens on the demo graph, picks a backend and runs the loop into the preview', async () => {
    const p = await open();
    const active = p.getByLabel('Active backend');
    await active.waitFor({ timeout: CONDITION_MS });
    const backend = (await active.textContent())?.trim();
    expect(['webgpu', 'webgl', 'cpu']).toContain(backend);
    expect(await p.evaluate(() => window.__studio?.tf.getBackend())).toBe(backend);

    await expect.poll(() => p.getByRole('listitem', { name: 'Preview' }).count()).toBe(1);
    const first = await waitForFrame(p, 1, FIRST_FRAME_MS);
    const later = await waitForFrame(p, first + 3);
    expect(later).toBeGreaterThan(first);

    await waitForPreviewImage(p);
    expect((await previewPixels(p))?.distinct).toBeGreaterThan(16);
    expect(await p.getByRole('alert').count()).toBe(0);
    await screenshot(p, 'app-running');
    expect(browser.consoleErrors).toEqual([]);
  });

  it('pauses, steps exactly one frame and resets to frame 0', async () => {
    const p = await open();
    await waitForFrame(p, 2, FIRST_FRAME_MS);

    await p.getByRole('button', { name: 'Pause' }).click();
    await waitUntilPaused(p);
    const paused = await frameCount(p);
    await p.waitForTimeout(1000); // nothing to wait *for*: the counter must simply not move
    expect(await frameCount(p)).toBe(paused);

    await p.getByRole('button', { name: 'Step' }).click();
    await waitForFrame(p, paused + 1);
    await waitUntilPaused(p);
    await p.waitForTimeout(500);
    expect(await frameCount(p)).toBe(paused + 1);

    await p.getByRole('button', { name: 'Reset' }).click();
    await p.getByLabel('Frame counter').filter({ hasText: /^Frame 0$/ }).waitFor({ timeout: CONDITION_MS });
    expect(await frameCount(p)).toBe(0);

    await p.getByRole('button', { name: 'Run' }).click();
    await p.getByRole('button', { name: 'Pause' }).waitFor({ timeout: CONDITION_MS });
    await waitForFrame(p, 2);
    expect(browser.consoleErrors).toEqual([]);
  });

  it('honours ?backend=cpu', async () => {
    const p = await open('&backend=cpu');
    const active = p.getByLabel('Active backend');
    await active.filter({ hasText: 'cpu' }).waitFor({ timeout: CONDITION_MS });
    expect((await active.textContent())?.trim()).toBe('cpu');
    expect(await p.getByRole('combobox', { name: 'Backend' }).inputValue()).toBe('cpu');
    await waitForFrame(p, 2, FIRST_FRAME_MS);
    expect(browser.consoleErrors).toEqual([]);
  });

  it('remembers a backend chosen in the Backend select across reloads', async () => {
    // A browser of its own: the stored choice must not leak into the other tests' profile.
    const own = await launchBrowser();
    try {
      const p = await own.newPage();
      await p.goto(`${baseUrl}/?test`);
      await waitForFrame(p, 1, FIRST_FRAME_MS);
      await Promise.all([p.waitForURL(/[?&]backend=cpu/, { timeout: CONDITION_MS }), p.getByRole('combobox', { name: 'Backend' }).selectOption('cpu')]);
      await p.getByLabel('Active backend').filter({ hasText: 'cpu' }).waitFor({ timeout: CONDITION_MS });

      await p.goto(`${baseUrl}/?test`);
      await p.getByLabel('Active backend').filter({ hasText: /^(webgpu|webgl|cpu)$/ }).waitFor({ timeout: CONDITION_MS });
      expect((await p.getByLabel('Active backend').textContent())?.trim()).toBe('cpu');
      expect(own.consoleErrors).toEqual([]);
    } finally {
      await own.close();
    }
  });

  it('shows feedback trails after about 60 frames', async () => {
    const p = await open();
    await waitForFrame(p, 60, FIRST_FRAME_MS + 60_000);
    await waitForPreviewImage(p);
    // Let the throttled preview catch up with the latest frame before the picture is taken.
    await p.waitForTimeout(300);
    await screenshot(p, 'app-feedback-60-frames');
    expect(browser.consoleErrors).toEqual([]);
  });
});
