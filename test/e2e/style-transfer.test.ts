// Style transfer from the editor: a Style Transfer node with a stored style image and a wired
// dataset is trained with the inspector's Training panel (losses, samples, checkpoints, the node
// names its newest weights), then "Make stylized dataset" stores the clip run through it.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from './browser';
import type { TestBrowser } from './browser';
import { eventually, graphOf, openStudio, paramOf, selectNode } from './editor-page';
import { openTestGraph, trainingRegion, trainingStatus } from './training-page';

let browser: TestBrowser;
beforeAll(async () => { browser = await launchBrowser(); });
afterAll(async () => { await browser?.close(); });

const SIZE = 32;

/** Stores a 12-frame clip and a striped style picture, and opens a graph that trains a Style Transfer node on them. */
async function openStyleGraph(page: Page, steps: number): Promise<void> {
  const { id, style } = await page.evaluate(async (size) => {
    const studio = window.__studio!;
    const storage = studio.storage!;
    const id = await storage.createDataset({ name: 'Blobs', width: size, height: size });
    const frames = Array.from({ length: 12 }, (_, t) => {
      const bytes = new Uint8Array(size * size * 3);
      for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
        const d = Math.hypot(x - 8 - t, y - 16) / size;
        bytes.set([255 * Math.exp(-8 * d * d), 8 * x, 8 * y], (y * size + x) * 3);
      }
      return bytes;
    });
    await storage.appendFrames(id, frames);
    const canvas = new OffscreenCanvas(64, 64);
    const context = canvas.getContext('2d')!;
    for (let k = -64; k < 128; k += 8) {
      context.fillStyle = k % 16 === 0 ? '#e0402a' : '#2a50e0';
      context.beginPath();
      context.moveTo(k, 0); context.lineTo(k + 8, 0); context.lineTo(k + 72, 64); context.lineTo(k + 64, 64);
      context.fill();
    }
    const style = await storage.saveAsset({ name: 'stripes.png', kind: 'image', blob: await canvas.convertToBlob({ type: 'image/png' }) });
    return { id, style: style.sha256 };
  }, SIZE);
  await openTestGraph(page, {
    name: 'Style test', size: 64,
    nodes: [
      { id: 'source', type: 'train-window-source', params: { seed: 7, speed: 1, poles: true }, x: 0, y: 0 },
      { id: 'data', type: 'dataset', params: { dataset: id }, x: 0, y: 220 },
      { id: 'style', type: 'style-transfer', params: { style, size: String(SIZE), steps, batch: 1, checkpointEvery: 5, seed: 2 }, x: 300, y: 40 },
      { id: 'preview', type: 'preview', x: 600, y: 40 },
    ],
    edges: [['source.frame', 'style.frame'], ['data.dataset', 'style.dataset'], ['style.frame', 'preview.frame']],
  });
  await eventually(async () => (await graphOf(page)).nodes.length).toBe(4);
  await selectNode(page, 'style');
}

describe('style transfer in the editor', () => {
  it('trains against the style image from the inspector, then makes a stylized dataset of the clip', async () => {
    const page = await openStudio(browser);
    await openStyleGraph(page, 10);
    await trainingRegion(page).getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => trainingStatus(page), { timeout: 240_000, interval: 250 }).toBe('Finished');
    expect(await page.getByRole('img', { name: /Training losses by step \(style, content, tv\)/ }).count()).toBe(1);
    expect(await page.getByLabel('Training samples').locator('canvas').count()).toBe(3);
    await eventually(() => paramOf(page, 'style', 'checkpoint')).toMatch(/^[0-9a-f]{64}$/);

    await page.getByRole('button', { name: 'Make stylized dataset' }).click();
    await expect.poll(() => page.getByRole('status', { name: 'Stylizing status' }).textContent(), { timeout: 120_000, interval: 250 })
      .toContain('Stored “Blobs · styled”: 12 stylized frames');
    const stored = await page.evaluate(async () => (await window.__studio!.storage!.listDatasets()).map((d) => [d.name, d.frameCount]));
    expect(stored).toContainEqual(['Blobs · styled', 12]);
    await screenshot(page, 'style-transfer-trained');
    await page.close();
  }, 400_000);
});
