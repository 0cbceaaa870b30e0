import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONDITION_MS, launchBrowser, screenshot } from './browser';
import type { TestBrowser } from './browser';
import { eventually, focusCanvas, graphOf, openStudio, paramOf, selectNode, waitForStudio } from './editor-page';

const NAME = 'E2E saved loop';

// One browser profile for the whole file: IndexedDB lives in it, per origin and port, so a
// reload of the same page sees what the previous load saved.
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await openStudio(browser);
});

afterAll(async () => {
  await browser?.close();
});

async function libraryNames(p: Page): Promise<string[]> {
  await p.getByRole('button', { name: 'Open library' }).click();
  const dialog = p.getByRole('dialog', { name: 'Graph library' });
  await dialog.waitFor({ timeout: CONDITION_MS });
  await p.waitForFunction(() => !document.querySelector('dialog[open]')?.textContent?.includes('Loading…'), null, { timeout: CONDITION_MS });
  // Top-level entries only: an expanded history is a nested list of its own.
  return dialog.locator('ul[aria-label="Saved graphs"] > li').evaluateAll((items) => items.map((li) => li.getAttribute('aria-label') ?? ''));
}

async function closeLibrary(p: Page): Promise<void> {
  await p.getByRole('button', { name: 'Close library' }).click();
  await p.waitForFunction(() => document.querySelector('dialog[open]') === null, null, { timeout: CONDITION_MS });
}

describe('graph library', () => {
  it('saves with the Save button and Ctrl+S, and finds the graph in the library after a reload', async () => {
    const p = page;
    await p.getByRole('button', { name: 'Rename graph' }).click();
    await p.getByRole('textbox', { name: 'Graph name' }).fill(NAME);
    await p.keyboard.press('Enter');
    await eventually(async () => (await graphOf(p)).name).toBe(NAME);

    await p.getByRole('button', { name: 'Save', exact: true }).click();
    await eventually(() => p.getByLabel('Save state').textContent()).toContain('Saved');

    await selectNode(p, 'transform');
    await p.getByRole('spinbutton', { name: 'Gain' }).fill('0.9');
    await eventually(() => paramOf(p, 'transform', 'gain')).toBe(0.9);
    await eventually(() => p.getByLabel('Save state').textContent()).toContain('Unsaved');
    await focusCanvas(p);
    await p.keyboard.press('Control+s');
    await eventually(() => p.getByLabel('Save state').textContent()).toContain('Saved');
    await eventually(() => p.getByLabel('Library status').textContent()).toContain('revision 2');

    await p.reload();
    await waitForStudio(p);
    const names = await libraryNames(p);
    expect(names).toContain(NAME);
    await screenshot(p, 'editor-library');
    await p.getByRole('button', { name: `Open “${NAME}”` }).click();
    await p.waitForFunction(() => document.querySelector('dialog[open]') === null, null, { timeout: CONDITION_MS });
    await eventually(async () => (await graphOf(p)).name).toBe(NAME);
    expect(await paramOf(p, 'transform', 'gain')).toBe(0.9);
    expect(browser.consoleErrors).toEqual([]);
  });

  it('shows an error for a broken graph file and changes neither the library nor the open graph', async () => {
    const p = page;
    const names = await libraryNames(p);
    await closeLibrary(p);
    const graph = await graphOf(p);

    await p.locator('input[type="file"][aria-label="Graph file to import"]').setInputFiles({
      name: 'broken.nfpgraph.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"format": "nfp-studio-graph", "version": 1, "nodes": [ oops'),
    });
    const banner = p.getByRole('alert').filter({ hasText: 'broken.nfpgraph.json' });
    await banner.waitFor({ timeout: CONDITION_MS });
    expect(await banner.textContent()).toContain('nothing changed');
    await screenshot(p, 'editor-import-error');

    expect(await graphOf(p)).toEqual(graph);
    expect(await libraryNames(p)).toEqual(names);
    await closeLibrary(p);
    expect(browser.consoleErrors).toEqual([]);
  });
});
