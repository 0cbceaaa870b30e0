// Training from the editor: a Next-Frame Generator wired to a stored dataset is trained with
// the inspector's Training panel while the loop runs; progress, losses, samples and
// checkpoints show up, the node ends up naming the checkpoint whose held-out loop came out best,
// pause/resume/stop work.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from './browser';
import type { TestBrowser } from './browser';
import { eventually, graphOf, openStudio, paramOf, selectNode } from './editor-page';
import { openTestGraph, storeStripesDataset, trainingProgress, trainingRegion, trainingStatus } from './training-page';

let browser: TestBrowser;
beforeAll(async () => { browser = await launchBrowser(); });
afterAll(async () => { await browser?.close(); });

const SIZE = 32;

/** Stores a 16-frame dataset of stripes sliding right and opens a graph that trains on it. */
async function openTrainingGraph(page: Page, steps: number, heldOut = 0): Promise<void> {
  const id = await storeStripesDataset(page, SIZE);
  await openTestGraph(page, {
    name: 'Training test', size: 64,
    nodes: [
      { id: 'source', type: 'train-window-source', params: { seed: 7, speed: 1, poles: true }, x: 0, y: 0 },
      { id: 'data', type: 'dataset', params: { dataset: id }, x: 0, y: 220 },
      {
        id: 'gen', type: 'next-frame-generator', x: 300, y: 40, params: {
          checkpoint: '', preset: 'tiny', size: String(SIZE), stochastic: false, steps, batch: 2, gap: 1, feedbackPairs: true, cycles: 2,
          driftDepth: 3, driftStarts: 2, longDrifts: 1, longDriftDepth: 6, checkpointEvery: 10, seed: 3, heldOut,
          // pix2pix's losses, whatever the default recipe: the plot's legend below names them.
          frameLoss: 'L1', adversarialWeight: 1,
        },
      },
      { id: 'preview', type: 'preview', x: 600, y: 40 },
    ],
    edges: [['source.frame', 'gen.frame'], ['data.dataset', 'gen.dataset'], ['gen.frame', 'preview.frame']],
  });
  await eventually(async () => (await graphOf(page)).nodes.length).toBe(4);
  await selectNode(page, 'gen');
}

describe('training in the editor', () => {
  it('trains while the loop runs: progress, loss plot, samples, checkpoints with held-out losses, and the node names the best loop\'s weights', async () => {
    const page = await openStudio(browser);
    // 25 % of 16 frames: the last 4 are held out and scored at each checkpoint.
    await openTrainingGraph(page, 20, 25);
    await trainingRegion(page).getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => trainingStatus(page), { timeout: 240_000, interval: 250 }).toBe('Finished');
    expect(await trainingProgress(page)).toBe('20');
    await expect.poll(() => page.getByRole('list', { name: 'Checkpoints' }).getByRole('listitem').count(), { timeout: 15_000 }).toBe(2);
    expect(await page.getByRole('img', { name: /Training losses by step \(l1, gAdv, d, held-out l1, held-out copy-last, held-out loop\)/ }).count()).toBe(1);
    const checkpoints = page.getByRole('list', { name: 'Checkpoints' }).getByRole('listitem');
    expect(await checkpoints.first().textContent()).toMatch(/held-out l1 \d.*held-out loop \d/);
    expect(await page.locator('.checkpoints .tag.best').count()).toBe(1);
    expect(await page.locator('.checkpoints .tag.loop').count()).toBe(1);
    // Every checkpoint says how its held-out loss compares with copying the last frame.
    expect(await page.locator('.checkpoints .tag.beats, .checkpoints .tag.trails').count()).toBe(2);
    expect(await checkpoints.first().textContent()).not.toMatch(/held-out copy-last/);
    expect(await page.getByLabel('Training samples').locator('canvas').count()).toBe(3);
    await eventually(() => paramOf(page, 'gen', 'checkpoint')).toMatch(/^[0-9a-f]{64}$/);
    // The run ends on the checkpoint the loop check rated best, and the panel says which and why.
    expect(await trainingRegion(page).locator('.message').textContent()).toMatch(/^Using step (10|20)\b.*held-out loop.*loop distance \d/);
    expect(await page.locator('.checkpoints li.current').count()).toBe(1);
    const state = await page.evaluate(() => window.__studio!.scheduler.state);
    expect(state).toBe('running');
    await screenshot(page, 'editor-training-finished');
    await page.locator('.checkpoints').scrollIntoViewIfNeeded();
    await screenshot(page, 'editor-training-checkpoints');
    await page.close();
  }, 300_000);

  it('pauses with a checkpoint, resumes, and stops', async () => {
    const page = await openStudio(browser);
    await openTrainingGraph(page, 400);
    await trainingRegion(page).getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(async () => Number(await trainingProgress(page)), { timeout: 120_000, interval: 250 }).toBeGreaterThanOrEqual(3);
    await trainingRegion(page).getByRole('button', { name: 'Pause', exact: true }).click();
    await expect.poll(() => trainingStatus(page), { timeout: 60_000 }).toBe('Paused');
    const pausedAt = Number(await trainingProgress(page));
    await expect.poll(() => page.getByRole('list', { name: 'Checkpoints' }).getByRole('listitem').first().textContent(), { timeout: 15_000 })
      .toContain(`step ${pausedAt}`);
    await trainingRegion(page).getByRole('button', { name: 'Resume', exact: true }).click();
    await expect.poll(async () => Number(await trainingProgress(page)), { timeout: 120_000, interval: 250 }).toBeGreaterThan(pausedAt);
    await trainingRegion(page).getByRole('button', { name: 'Stop', exact: true }).click();
    await expect.poll(() => trainingStatus(page), { timeout: 60_000 }).toBe('Stopped');
    await screenshot(page, 'editor-training-stopped');
    await page.close();
  }, 300_000);
});
