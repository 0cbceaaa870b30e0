// Training from the editor: a Next-Frame Generator wired to a stored dataset is trained with
// the inspector's Training panel while the loop runs; progress, losses, samples and
// checkpoints show up, the node ends up naming its newest checkpoint, pause/resume/stop work.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from './browser';
import type { TestBrowser } from './browser';
import { eventually, graphOf, openStudio, paramOf, selectNode } from './editor-page';

let browser: TestBrowser;
beforeAll(async () => { browser = await launchBrowser(); });
afterAll(async () => { await browser?.close(); });

const SIZE = 32;

/** Stores a 16-frame dataset of stripes sliding right and opens a graph that trains on it. */
async function openTrainingGraph(page: Page, steps: number): Promise<void> {
  await page.evaluate(async ({ size, steps }) => {
    const studio = window.__studio!;
    const storage = studio.storage!;
    const id = await storage.createDataset({ name: 'Stripes', width: size, height: size });
    const frames = Array.from({ length: 16 }, (_, t) => {
      const bytes = new Uint8Array(size * size * 3);
      for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
        const v = 128 + 100 * Math.sin(((x - 2 * t) / 6) * Math.PI) * Math.cos((y / 9) * Math.PI);
        bytes.set([v, 255 - v, (v + y * 4) % 256], (y * size + x) * 3);
      }
      return bytes;
    });
    await storage.appendFrames(id, frames);
    const node = (nodeId: string, type: string, params: Record<string, unknown>, x: number, y: number) =>
      ({ id: nodeId, type, typeVersion: 1, params, position: { x, y } });
    studio.document.replace({
      name: 'Training test', settings: { width: 64, height: 64, fps: 30 }, models: [], plugins: [],
      nodes: [
        node('source', 'train-window-source', { seed: 7, speed: 1, poles: true }, 0, 0),
        node('data', 'dataset', { dataset: id }, 0, 220),
        node('gen', 'next-frame-generator', {
          checkpoint: '', preset: 'tiny', size: String(size), stochastic: false, steps, batch: 2, gap: 1, feedbackPairs: true, cycles: 2,
          driftDepth: 3, driftStarts: 2, longDrifts: 1, longDriftDepth: 6, checkpointEvery: 10, seed: 3,
        }, 300, 40),
        node('preview', 'preview', {}, 600, 40),
      ],
      edges: [
        { id: 'e1', from: { node: 'source', port: 'frame' }, to: { node: 'gen', port: 'frame' } },
        { id: 'e2', from: { node: 'data', port: 'dataset' }, to: { node: 'gen', port: 'dataset' } },
        { id: 'e3', from: { node: 'gen', port: 'frame' }, to: { node: 'preview', port: 'frame' } },
      ],
    } as never);
  }, { size: SIZE, steps });
  await eventually(async () => (await graphOf(page)).nodes.length).toBe(4);
  await selectNode(page, 'gen');
}

/** The panel's status, or its error text when a command was refused (so a failure says why). */
async function status(page: Page): Promise<string | null> {
  const problem = page.locator('.training .problem');
  return (await problem.count()) > 0 ? problem.textContent() : page.locator('.training .status').textContent();
}
const training = (page: Page) => page.getByRole('region', { name: 'Training' });
const progress = (page: Page) => page.getByRole('progressbar', { name: 'Training progress' }).getAttribute('aria-valuenow');

describe('training in the editor', () => {
  it('trains while the loop runs: progress, loss plot, samples, checkpoints, and the node names its newest weights', async () => {
    const page = await openStudio(browser);
    await openTrainingGraph(page, 20);
    await training(page).getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => status(page), { timeout: 240_000, interval: 250 }).toBe('Finished');
    expect(await progress(page)).toBe('20');
    await expect.poll(() => page.getByRole('list', { name: 'Checkpoints' }).getByRole('listitem').count(), { timeout: 15_000 }).toBe(2);
    expect(await page.getByRole('img', { name: /Training losses by step \(l1, gAdv, d\)/ }).count()).toBe(1);
    expect(await page.getByLabel('Training samples').locator('canvas').count()).toBe(3);
    const hash = await eventually(() => paramOf(page, 'gen', 'checkpoint')).toMatch(/^[0-9a-f]{64}$/);
    void hash;
    expect(await page.locator('.checkpoints li.current').count()).toBe(1);
    const state = await page.evaluate(() => window.__studio!.scheduler.state);
    expect(state).toBe('running');
    await screenshot(page, 'editor-training-finished');
    await page.close();
  }, 300_000);

  it('pauses with a checkpoint, resumes, and stops', async () => {
    const page = await openStudio(browser);
    await openTrainingGraph(page, 400);
    await training(page).getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(async () => Number(await progress(page)), { timeout: 120_000, interval: 250 }).toBeGreaterThanOrEqual(3);
    await training(page).getByRole('button', { name: 'Pause', exact: true }).click();
    await expect.poll(() => status(page), { timeout: 60_000 }).toBe('Paused');
    const pausedAt = Number(await progress(page));
    await expect.poll(() => page.getByRole('list', { name: 'Checkpoints' }).getByRole('listitem').first().textContent(), { timeout: 15_000 })
      .toContain(`step ${pausedAt}`);
    await training(page).getByRole('button', { name: 'Resume', exact: true }).click();
    await expect.poll(async () => Number(await progress(page)), { timeout: 120_000, interval: 250 }).toBeGreaterThan(pausedAt);
    await training(page).getByRole('button', { name: 'Stop', exact: true }).click();
    await expect.poll(() => status(page), { timeout: 60_000 }).toBe('Stopped');
    await screenshot(page, 'editor-training-stopped');
    await page.close();
  }, 300_000);
});
