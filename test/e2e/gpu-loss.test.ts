// A lost GPU mid-training, for real: the webgl backend's context is destroyed with
// WEBGL_lose_context while a Next-Frame Generator trains. The app says so, rebuilds the
// backend, runs the loop again and resumes training from the last checkpoint, losing at most
// one checkpoint interval of steps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameCount, launchBrowser, screenshot } from './browser';
import type { TestBrowser } from './browser';
import { eventually, graphOf, openStudio, selectNode } from './editor-page';
import { openTestGraph, storeStripesDataset, trainingProgress, trainingRegion, trainingStatus } from './training-page';

let browser: TestBrowser;
beforeAll(async () => { browser = await launchBrowser(); });
afterAll(async () => { await browser?.close(); });

const SIZE = 32;
const CHECKPOINT_EVERY = 3;

describe('a lost GPU', () => {
  it('rebuilds a lost WebGL context and resumes training from the last checkpoint', async () => {
    const page = await openStudio(browser);
    const id = await storeStripesDataset(page, SIZE);
    await openTestGraph(page, {
      name: 'GPU loss test', size: 64,
      nodes: [
        { id: 'source', type: 'train-window-source', params: { seed: 7, speed: 1, poles: true }, x: 0, y: 0 },
        { id: 'data', type: 'dataset', params: { dataset: id }, x: 0, y: 220 },
        {
          id: 'gen', type: 'next-frame-generator', x: 300, y: 40, params: {
            checkpoint: '', preset: 'tiny', size: String(SIZE), stochastic: false, steps: 400, batch: 2, gap: 1, feedbackPairs: false,
            checkpointEvery: CHECKPOINT_EVERY, seed: 3, heldOut: 0,
          },
        },
        { id: 'preview', type: 'preview', x: 600, y: 40 },
      ],
      edges: [['source.frame', 'gen.frame'], ['data.dataset', 'gen.dataset'], ['gen.frame', 'preview.frame']],
    });
    await eventually(async () => (await graphOf(page)).nodes.length).toBe(4);
    await selectNode(page, 'gen');
    await trainingRegion(page).getByRole('button', { name: 'Train', exact: true }).click();
    // Past the second checkpoint, so the loss lands between two of them.
    await expect.poll(async () => Number(await trainingProgress(page)), { timeout: 180_000, interval: 250 }).toBeGreaterThan(2 * CHECKPOINT_EVERY);
    expect(await page.evaluate(() => window.__studio!.tf.getBackend())).toBe('webgl');

    const lostAt = await page.evaluate(() => {
      const backend = window.__studio!.tf.backend() as unknown as { gpgpu: { gl: WebGL2RenderingContext } };
      backend.gpgpu.gl.getExtension('WEBGL_lose_context')!.loseContext();
      return backend.gpgpu.gl.isContextLost();
    });
    expect(lostAt).toBe(true);

    // The app says what happened, and that it runs again on a new context.
    const banner = page.getByRole('alert').filter({ hasText: /GPU was lost/ });
    await expect.poll(() => banner.textContent(), { timeout: 60_000 }).toMatch(/The webgl GPU was lost; it runs again on a new webgl context/);
    const message = trainingRegion(page).locator('.message');
    await expect.poll(() => message.textContent(), { timeout: 120_000 }).toMatch(/^The GPU was lost at step \d+; training resumed on webgl from the checkpoint at step \d+\.$/);
    const [, lostStep, resumedStep] = /at step (\d+);.*at step (\d+)\./.exec((await message.textContent())!)!.map(Number);
    expect(lostStep! - resumedStep!).toBeLessThanOrEqual(CHECKPOINT_EVERY);
    expect(resumedStep! % CHECKPOINT_EVERY).toBe(0);
    expect(await trainingStatus(page)).toBe('Training');

    // The loop runs again, and training goes on past the step it was lost at.
    const frameAfter = await frameCount(page);
    await expect.poll(() => frameCount(page), { timeout: 60_000 }).toBeGreaterThan(frameAfter);
    await expect.poll(async () => Number(await trainingProgress(page)), { timeout: 180_000, interval: 250 }).toBeGreaterThan(lostStep! + 1);
    const state = await page.evaluate(() => ({ backend: window.__studio!.tf.getBackend(), run: window.__studio!.scheduler.state }));
    expect(state).toEqual({ backend: 'webgl', run: 'running' });
    await screenshot(page, 'gpu-loss-resumed');
    await trainingRegion(page).getByRole('button', { name: 'Stop', exact: true }).click();
    await expect.poll(() => trainingStatus(page), { timeout: 60_000 }).toBe('Stopped');
    await page.close();
  }, 420_000);
});
