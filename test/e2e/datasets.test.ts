import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONDITION_MS, frameCount, launchBrowser, screenshot } from './browser';
import type { TestBrowser } from './browser';
import { addFromPalette, eventually, graphOf, openStudio, selectNode } from './editor-page';
import { clipPath } from '../helpers/clips';

// One browser profile for the whole file: the dataset made by the first test is the one the
// later ones pick and delete.
let browser: TestBrowser;
let page: Page;
const CLIP = clipPath('pedestrians.webm');

beforeAll(async () => {
  browser = await launchBrowser();
  page = await openStudio(browser);
});

afterAll(async () => {
  await browser?.close();
});

interface StoredDataset { id: string; name: string; width: number; height: number; frameCount: number; frames: number; firstBytes: number[]; lastBytes: number[] }

/** The datasets as IndexedDB holds them, read with plain IndexedDB (not through the app). */
function storedDatasets(p: Page): Promise<StoredDataset[]> {
  return p.evaluate(() => new Promise<StoredDataset[]>((resolve, reject) => {
    const open = indexedDB.open('nfp-studio');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['datasets', 'frames'], 'readonly');
      const all = tx.objectStore('datasets').getAll();
      const out: StoredDataset[] = [];
      all.onsuccess = () => {
        for (const d of all.result as { id: string; name: string; width: number; height: number; frameCount: number }[]) {
          const frames = tx.objectStore('frames').getAll(IDBKeyRange.bound([d.id, 0], [d.id, Number.MAX_SAFE_INTEGER]));
          frames.onsuccess = () => {
            const list = frames.result as Uint8Array[];
            const sample = (f: Uint8Array | undefined) => Array.from(new Uint8Array(f ?? []).slice(0, 64 * 3 * 40)).filter((_, i) => i % 97 === 0);
            out.push({ ...d, frames: list.length, firstBytes: [list[0]?.byteLength ?? 0, ...sample(list[0])], lastBytes: sample(list[list.length - 1]) });
          };
        }
      };
      tx.oncomplete = () => { db.close(); resolve(out); };
      tx.onerror = () => reject(tx.error);
    };
  }));
}

/** Opens "Extract frames…" for a node and fills the form. */
async function openExtract(p: Page, nodeId: string): Promise<Locator> {
  await selectNode(p, nodeId);
  await p.getByRole('button', { name: 'Extract frames…' }).click();
  const dialog = p.getByRole('dialog', { name: 'Extract frames' });
  await dialog.waitFor({ timeout: CONDITION_MS });
  return dialog;
}

async function fill(dialog: Locator, form: { size: number; stride: number; maxFrames: number; name: string }): Promise<void> {
  await dialog.getByRole('button', { name: new RegExp(`^${form.size}²`) }).click();
  await dialog.getByRole('spinbutton', { name: 'Stride' }).fill(String(form.stride));
  await dialog.getByRole('spinbutton', { name: 'Max frames' }).fill(String(form.maxFrames));
  await dialog.getByRole('textbox', { name: 'Dataset name' }).fill(form.name);
}

/** The dialog's status line, whitespace collapsed. */
async function status(dialog: Locator): Promise<string> {
  return ((await dialog.getByRole('status', { name: 'Extraction status' }).textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

describe('frame datasets', () => {
  it('extracts 20 frames at 64×64 with stride 2 from the Train Window source while the loop runs, and lists the dataset', async () => {
    const dialog = await openExtract(page, 'source');
    // Defaults: the graph's size, and a proposal for a source that never ends.
    expect(await dialog.getByRole('spinbutton', { name: 'Width' }).inputValue()).toBe('128');
    expect(await dialog.textContent()).toContain('This source never ends');
    await fill(dialog, { size: 64, stride: 2, maxFrames: 20, name: 'Train window 64' });
    expect(await dialog.textContent()).toContain('Runs the source for 39 frames and stores 20 frames (240 KB).');
    await screenshot(page, 'datasets-extract-form');

    const loopBefore = await frameCount(page);
    const started = Date.now();
    await dialog.getByRole('button', { name: 'Extract', exact: true }).click();
    const progress = dialog.getByRole('progressbar', { name: 'Extraction progress' });
    await progress.waitFor({ timeout: CONDITION_MS });
    await eventually(() => status(dialog)).toMatch(/^Stored “Train window 64”: 20 frames at 64×64 in [\d.]+ s \([\d.]+ frames\/s\)\.$/);
    console.log(`[datasets] 20 frames (39 computed) at 64×64 on webgl, with the loop running: ${Date.now() - started} ms from click to stored`);
    expect(await progress.getAttribute('value')).toBe('20');
    expect(await frameCount(page)).toBeGreaterThan(loopBefore);
    await screenshot(page, 'datasets-extract-done');

    const [stored] = (await storedDatasets(page)).filter((d) => d.name === 'Train window 64');
    expect(stored).toMatchObject({ width: 64, height: 64, frameCount: 20, frames: 20 });
    expect(stored!.firstBytes[0]).toBe(64 * 64 * 3);
    // The source moves: the last stored frame differs from the first.
    expect(stored!.lastBytes).not.toEqual(stored!.firstBytes.slice(1));

    await dialog.getByRole('button', { name: 'Show datasets' }).click();
    const list = page.getByRole('dialog', { name: 'Datasets' });
    const item = list.getByRole('listitem', { name: 'Train window 64' });
    await eventually(() => item.textContent()).toMatch(/20 frames · 64×64 · 240 KB/);
    await eventually(() => item.locator('canvas').count()).toBe(4);
    await screenshot(page, 'datasets-list');
    await list.getByRole('button', { name: 'Close datasets' }).click();
    expect(browser.consoleErrors).toEqual([]);
  });

  it('cancels an extraction midway and keeps nothing; stop-and-keep keeps what was extracted', async () => {
    let dialog = await openExtract(page, 'source');
    await fill(dialog, { size: 256, stride: 1, maxFrames: 5000, name: 'Cancelled run' });
    await dialog.getByRole('button', { name: 'Extract', exact: true }).click();
    const progress = dialog.getByRole('progressbar', { name: 'Extraction progress' });
    await page.waitForFunction(() => Number(document.querySelector('progress[aria-label="Extraction progress"]')?.getAttribute('value') ?? 0) >= 5, null, { timeout: CONDITION_MS });
    await eventually(() => status(dialog)).toMatch(/\/ 5,000 frames · [\d.]+ frames\/s · about/);
    // The top bar shows the extraction too.
    await eventually(() => page.getByRole('button', { name: 'Datasets', exact: true }).textContent()).toMatch(/\d+%/);
    await screenshot(page, 'datasets-extract-progress');
    // Escape must not walk away from a running extraction.
    await page.keyboard.press('Escape');
    expect(await dialog.isVisible()).toBe(true);

    await dialog.getByRole('button', { name: 'Cancel extraction' }).click();
    await eventually(() => status(dialog)).toContain('Extraction cancelled: nothing was kept.');
    expect(Number(await progress.getAttribute('value'))).toBeLessThan(5000);
    await screenshot(page, 'datasets-extract-cancelled');
    expect((await storedDatasets(page)).map((d) => d.name)).not.toContain('Cancelled run');
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();

    dialog = await openExtract(page, 'source');
    await fill(dialog, { size: 64, stride: 1, maxFrames: 5000, name: 'Kept run' });
    await dialog.getByRole('button', { name: 'Extract', exact: true }).click();
    await page.waitForFunction(() => Number(document.querySelector('progress[aria-label="Extraction progress"]')?.getAttribute('value') ?? 0) >= 10, null, { timeout: CONDITION_MS });
    await dialog.getByRole('button', { name: /^Stop and keep \d+ frames$/ }).click();
    await eventually(() => status(dialog)).toMatch(/^Stopped early: kept \d+ of 5,000 frames in “Kept run”\.$/);
    const kept = Number(/kept (\d+)/.exec(await status(dialog))![1]);
    const [stored] = (await storedDatasets(page)).filter((d) => d.name === 'Kept run');
    expect(stored).toMatchObject({ frameCount: kept, frames: kept });
    await dialog.getByRole('button', { name: 'Done' }).click();
    expect(browser.consoleErrors).toEqual([]);
  });

  it('says clearly when a source has no file, and proposes the whole clip once one is picked', async () => {
    const video = await addFromPalette(page, 'Video Source');
    let dialog = await openExtract(page, video);
    await eventually(() => dialog.getByRole('alert').textContent()).toBe(
      '"Video Source" has no clip picked, so there is nothing to extract. Pick a file in the inspector, then extract frames.',
    );
    expect(await dialog.getByRole('button', { name: 'Extract', exact: true }).isDisabled()).toBe(true);
    await screenshot(page, 'datasets-extract-no-file');
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();

    const field = page.locator('[data-param-kind="asset"]');
    await field.locator('input[type="file"]').setInputFiles(CLIP);
    await eventually(() => field.textContent()).toContain('795 frames');
    dialog = await openExtract(page, video);
    await eventually(() => dialog.textContent()).toContain('pedestrians.webm has 795 frames.');
    const maxFrames = dialog.getByRole('spinbutton', { name: 'Max frames' });
    expect(await maxFrames.inputValue()).toBe('795');
    await dialog.getByRole('spinbutton', { name: 'Stride' }).fill('4');
    await eventually(() => maxFrames.inputValue()).toBe('199');
    await fill(dialog, { size: 64, stride: 4, maxFrames: 12, name: 'Pedestrians 64' });
    await dialog.getByRole('button', { name: 'Extract', exact: true }).click();
    await eventually(() => status(dialog)).toMatch(/^Stored “Pedestrians 64”: 12 frames at 64×64 in /);
    console.log(`[datasets] ${await status(dialog)} (video decode, every 4th frame)`);
    const [stored] = (await storedDatasets(page)).filter((d) => d.name === 'Pedestrians 64');
    expect(stored).toMatchObject({ width: 64, height: 64, frameCount: 12, frames: 12 });
    await dialog.getByRole('button', { name: 'Done' }).click();
    expect(browser.consoleErrors).toEqual([]);
  });

  it('picks a dataset in a Dataset node\'s inspector', async () => {
    const node = await addFromPalette(page, 'Dataset');
    await selectNode(page, node);
    const picker = page.getByRole('combobox', { name: 'Dataset' });
    await eventually(() => picker.locator('option').allTextContents()).toContain('Train window 64 · 20 frames · 64×64');
    const [stored] = (await storedDatasets(page)).filter((d) => d.name === 'Train window 64');
    await picker.selectOption({ label: 'Train window 64 · 20 frames · 64×64' });
    await eventually(async () => (await graphOf(page)).nodes.find((n) => n.id === node)?.params['dataset']).toBe(stored!.id);
    await screenshot(page, 'datasets-node-picker');
  });

  it('deletes a dataset after asking, naming the Dataset node that uses it', async () => {
    await page.getByRole('button', { name: 'Datasets', exact: true }).click();
    const list = page.getByRole('dialog', { name: 'Datasets' });
    await list.getByRole('button', { name: 'Delete Train window 64' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete dataset “Train window 64”?' });
    await eventually(() => confirm.textContent()).toContain('A Dataset node in this graph will then point at a missing dataset.');
    await screenshot(page, 'datasets-delete-confirm');
    await confirm.getByRole('button', { name: 'Delete dataset' }).click();
    await eventually(() => list.getByRole('listitem', { name: 'Train window 64' }).count()).toBe(0);
    expect((await storedDatasets(page)).map((d) => d.name).sort()).toEqual(['Kept run', 'Pedestrians 64']);
    await list.getByRole('button', { name: 'Close datasets' }).click();
    expect(browser.consoleErrors).toEqual([]);
  });
});
