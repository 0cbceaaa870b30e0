import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONDITION_MS, launchBrowser, screenshot } from './browser';
import type { TestBrowser } from './browser';
import { eventually, openStudio } from './editor-page';

let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await openStudio(browser);
});

afterAll(async () => {
  await browser?.close();
});

/** Stores `steps.length` checkpoints of node `nodeId` through the app's storage, oldest first; returns their names. */
function storeCheckpoints(p: Page, nodeId: string, steps: number[]): Promise<string[]> {
  return p.evaluate(async ({ nodeId, steps }) => {
    const storage = window.__studio!.storage!;
    const names: string[] = [];
    for (const step of steps) {
      const name = `${nodeId} · step ${step}`;
      await storage.saveModel({
        weightSpecs: [{ name: 'w', shape: [256], dtype: 'float32' }], weightData: new Float32Array(256).fill(step + nodeId.length * 10_000).buffer,
        userDefinedMetadata: { checkpointOf: 'next-frame-generator', nodeId, step },
      }, name);
      names.push(name);
    }
    return names;
  }, { nodeId, steps });
}

function storedNames(p: Page): Promise<string[]> {
  return p.evaluate(async () => (await window.__studio!.storage!.listModels()).map((m) => m.name).sort());
}

describe('the Storage panel', () => {
  it('shows usage by kind and persistence, previews a checkpoint prune and deletes exactly what it previewed', async () => {
    const gen = await storeCheckpoints(page, 'gen', [100, 200, 300, 400]);
    const other = await storeCheckpoints(page, 'restorer', [50, 60]);
    const before = await storedNames(page);
    expect(before).toEqual(expect.arrayContaining([...gen, ...other]));

    await page.getByRole('button', { name: 'Storage', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Storage' });
    await dialog.waitFor({ timeout: CONDITION_MS });
    await eventually(() => dialog.getByRole('row', { name: /Checkpoints/ }).textContent()).toMatch(/\d KB$/);
    await expect(dialog.getByRole('row', { name: /Datasets/ }).textContent()).resolves.toMatch(/B$/);
    // The first stored checkpoint asked the browser to make storage persistent; its answer is shown.
    await eventually(() => dialog.getByTestId('persistence').textContent()).toMatch(/^(Persistent|Not persistent)/);
    await eventually(() => dialog.getByTestId('estimate').textContent()).toMatch(/used of .* allowed/);

    await dialog.getByLabel('Keep newest per node').fill('1');
    await dialog.getByRole('button', { name: 'Preview' }).click();
    const list = dialog.getByRole('list', { name: 'Checkpoints to delete' });
    await list.waitFor({ timeout: CONDITION_MS });
    // Each item reads "<name> · step N · <size> · <age>", and these names end in " · step N".
    const previewed = (await list.getByRole('listitem').allTextContents()).map((text) => text.split(' · ').slice(0, 2).join(' · '));
    expect(previewed.sort()).toEqual([gen[0], gen[1], gen[2], other[0]].sort());
    expect(await storedNames(page)).toEqual(before); // a preview deletes nothing
    await screenshot(page, 'storage-prune-preview');

    await dialog.getByRole('button', { name: 'Delete 4 checkpoints' }).click();
    await eventually(() => dialog.getByRole('status').textContent()).toMatch(/^Deleted 4 checkpoints, 4\.0 KB\./);
    const after = await storedNames(page);
    expect(before.filter((name) => !after.includes(name)).sort()).toEqual(previewed.sort());
    expect(after).toEqual(expect.arrayContaining([gen[3], other[1]]));
  });
});
