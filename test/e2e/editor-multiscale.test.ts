// The multi-scale generator in the editor: a Frame History seeded from the source feeds it the
// last 4 frames and takes its output back; it trains from the inspector while the loop runs,
// and the loop goes on with the trained weights.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, waitForFrame } from './browser';
import type { TestBrowser } from './browser';
import { ensureRunning, eventually, graphOf, openStudio, paramOf, selectNode } from './editor-page';
import { openTestGraph, storeStripesDataset, trainingProgress, trainingRegion, trainingStatus } from './training-page';

let browser: TestBrowser;
beforeAll(async () => { browser = await launchBrowser(); });
afterAll(async () => { await browser?.close(); });

const STEPS = 2;

describe('multi-scale generator in the editor', () => {
  it('runs in a loop through a Frame History, trains from the inspector and keeps looping with the trained weights', async () => {
    const page = await openStudio(browser);
    const id = await storeStripesDataset(page, 32);
    await openTestGraph(page, {
      name: 'Multi-scale test', size: 48,
      nodes: [
        { id: 'source', type: 'train-window-source', params: { seed: 7, speed: 1, poles: true }, x: 0, y: 0 },
        { id: 'data', type: 'dataset', params: { dataset: id }, x: 0, y: 300 },
        { id: 'history', type: 'frame-history', params: { seedFrames: 4 }, x: 300, y: 0 },
        {
          id: 'gen', type: 'multiscale-generator', x: 600, y: 0, params: {
            checkpoint: '', preset: 'tiny', runAt: 'full', trainSize: '32', steps: STEPS, batch: 1, checkpointEvery: STEPS,
            motionThreshold: 0, distance: 'L2', gdlWeight: 1, advWeight: 0.05, seed: 3,
          },
        },
        { id: 'preview', type: 'preview', x: 900, y: 0 },
      ],
      edges: [
        ['source.frame', 'history.seed'],
        ['history.t3', 'gen.t3'], ['history.t2', 'gen.t2'], ['history.t1', 'gen.t1'], ['history.t0', 'gen.t0'],
        ['data.dataset', 'gen.dataset'], ['gen.frame', 'history.in'], ['gen.frame', 'preview.frame'],
      ],
    });
    await eventually(async () => (await graphOf(page)).nodes.length).toBe(5);
    await ensureRunning(page);
    const before = await waitForFrame(page, 5, 120_000);

    await selectNode(page, 'gen');
    await trainingRegion(page).getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => trainingStatus(page), { timeout: 300_000, interval: 250 }).toBe('Finished');
    expect(await trainingProgress(page)).toBe(String(STEPS));
    await eventually(() => paramOf(page, 'gen', 'checkpoint')).toMatch(/^[0-9a-f]{64}$/);
    expect(await page.getByLabel('Training samples').textContent()).toMatch(/frame t.*prediction.*frame t\+1/s);
    expect(await page.getByLabel('Training losses by step (l2, gdl, gAdv, d, movingClips)').count()).toBe(1);
    // The loop kept running through training and goes on with the trained weights.
    await waitForFrame(page, before + 10, 120_000);
    expect(await page.evaluate(() => window.__studio!.scheduler.state)).toBe('running');
    await screenshot(page, 'editor-multiscale-loop');
    await page.close();
  }, 540_000);
});
