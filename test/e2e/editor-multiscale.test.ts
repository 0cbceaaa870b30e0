// The multi-scale generator in the editor: a Frame History seeded from the source feeds it the
// last 4 frames and takes its output back; it trains from the inspector while the loop runs,
// and the loop goes on with the trained weights.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, waitForFrame } from './browser';
import type { TestBrowser } from './browser';
import { ensureRunning, eventually, graphOf, openStudio, paramOf, selectNode } from './editor-page';
import { storeStripesDataset, trainingProgress, trainingRegion, trainingStatus } from './training-page';

let browser: TestBrowser;
beforeAll(async () => { browser = await launchBrowser(); });
afterAll(async () => { await browser?.close(); });

const STEPS = 2;

describe('multi-scale generator in the editor', () => {
  it('runs in a loop through a Frame History, trains from the inspector and keeps looping with the trained weights', async () => {
    const page = await openStudio(browser);
    const id = await storeStripesDataset(page, 32);
    await page.evaluate(({ id, steps }) => {
      const node = (nodeId: string, type: string, params: Record<string, unknown>, x: number, y: number) =>
        ({ id: nodeId, type, typeVersion: 1, params, position: { x, y } });
      const edge = (n: number, from: string, to: string) => {
        const [fromNode, fromPort] = from.split('.');
        const [toNode, toPort] = to.split('.');
        return { id: `e${n}`, from: { node: fromNode, port: fromPort }, to: { node: toNode, port: toPort } };
      };
      window.__studio!.document.replace({
        name: 'Multi-scale test', settings: { width: 48, height: 48, fps: 30 }, models: [], plugins: [],
        nodes: [
          node('source', 'train-window-source', { seed: 7, speed: 1, poles: true }, 0, 0),
          node('data', 'dataset', { dataset: id }, 0, 300),
          node('history', 'frame-history', { seedFrames: 4 }, 300, 0),
          node('gen', 'multiscale-generator', {
            checkpoint: '', preset: 'tiny', runAt: 'full', trainSize: '32', steps, batch: 1, checkpointEvery: steps,
            motionThreshold: 0, distance: 'L2', gdlWeight: 1, advWeight: 0.05, seed: 3,
          }, 600, 0),
          node('preview', 'preview', {}, 900, 0),
        ],
        edges: [
          edge(1, 'source.frame', 'history.seed'),
          edge(2, 'history.t3', 'gen.t3'), edge(3, 'history.t2', 'gen.t2'), edge(4, 'history.t1', 'gen.t1'), edge(5, 'history.t0', 'gen.t0'),
          edge(6, 'data.dataset', 'gen.dataset'), edge(7, 'gen.frame', 'history.in'), edge(8, 'gen.frame', 'preview.frame'),
        ],
      } as never);
    }, { id, steps: STEPS });
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
