// Keeping a loop alive from the editor: a generator trained in the inspector, then a
// Restoration node after it, pointed at that generator's checkpoint in its "Generator" field
// and trained the same way, while the loop G → R keeps running.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from './browser';
import type { TestBrowser } from './browser';
import { eventually, graphOf, openStudio, paramOf, selectNode } from './editor-page';
import { openTestGraph, storeStripesDataset, trainingProgress, trainingRegion, trainingStatus } from './training-page';

let browser: TestBrowser;
beforeAll(async () => { browser = await launchBrowser(); });
afterAll(async () => { await browser?.close(); });

const SIZE = 32;
const STEPS = 6;

describe('restoration in the editor', () => {
  it('trains a restorer against the generator picked in its Generator field, and the loop runs G → R', async () => {
    const page = await openStudio(browser);
    const id = await storeStripesDataset(page, SIZE);
    const small = { preset: 'tiny', size: String(SIZE), steps: STEPS, batch: 2, checkpointEvery: STEPS, seed: 3 };
    await openTestGraph(page, {
      name: 'Restoration test', size: 64,
      nodes: [
        { id: 'source', type: 'train-window-source', params: { seed: 7, speed: 1, poles: true }, x: 0, y: 0 },
        { id: 'data', type: 'dataset', params: { dataset: id }, x: 0, y: 240 },
        { id: 'gen', type: 'next-frame-generator', params: { ...small, feedbackPairs: false }, x: 300, y: 0 },
        { id: 'rest', type: 'restoration', params: { ...small, maxApplications: 3, maxAhead: 3, pool: 8, cycles: 2 }, x: 600, y: 0 },
        { id: 'preview', type: 'preview', x: 900, y: 0 },
      ],
      edges: [['source.frame', 'gen.frame'], ['data.dataset', 'gen.dataset'], ['gen.frame', 'rest.frame'], ['data.dataset', 'rest.dataset'], ['rest.frame', 'preview.frame']],
    });
    await eventually(async () => (await graphOf(page)).nodes.length).toBe(5);

    // Training the restorer before a generator is picked says what to do.
    await selectNode(page, 'rest');
    await trainingRegion(page).getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => trainingStatus(page), { timeout: 60_000 }).toContain('Pick the trained generator');

    await selectNode(page, 'gen');
    await trainingRegion(page).getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => trainingStatus(page), { timeout: 240_000, interval: 250 }).toBe('Finished');
    await eventually(() => paramOf(page, 'gen', 'checkpoint')).toMatch(/^[0-9a-f]{64}$/);
    const generator = String(await paramOf(page, 'gen', 'checkpoint'));

    await selectNode(page, 'rest');
    const picker = page.getByRole('combobox', { name: 'Generator' });
    await expect.poll(() => picker.locator(`option[value="${generator}"]`).count(), { timeout: 15_000 }).toBe(1);
    await picker.selectOption(generator);
    await eventually(() => paramOf(page, 'rest', 'generator')).toBe(generator);
    await trainingRegion(page).getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => trainingStatus(page), { timeout: 240_000, interval: 250 }).toBe('Finished');
    expect(await trainingProgress(page)).toBe(String(STEPS));
    await eventually(() => paramOf(page, 'rest', 'checkpoint')).toMatch(/^[0-9a-f]{64}$/);
    expect(await page.getByLabel('Training samples').locator('canvas').count()).toBe(3);
    expect(await page.getByLabel('Training samples').textContent()).toMatch(/drifted.*restored.*target/s);
    expect(await page.evaluate(() => window.__studio!.scheduler.state)).toBe('running');
    await screenshot(page, 'editor-restoration-trained');
    await page.close();
  }, 540_000);
});
