// Issue 23 item 4 in a real browser: two tabs (pages of one Chromium profile, so one IndexedDB,
// one set of Web Locks and one BroadcastChannel) save the same library graph.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONDITION_MS, launchBrowser, screenshot } from './browser';
import type { TestBrowser } from './browser';
import { eventually, graphOf, openStudio } from './editor-page';

const NAME = 'E2E two tabs';

let browser: TestBrowser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function rename(p: Page, name: string): Promise<void> {
  await p.getByRole('button', { name: 'Rename graph' }).click();
  await p.getByRole('textbox', { name: 'Graph name' }).fill(name);
  await p.keyboard.press('Enter');
  await eventually(async () => (await graphOf(p)).name).toBe(name);
}

async function save(p: Page): Promise<void> {
  await p.getByRole('button', { name: 'Save', exact: true }).click();
}

describe('two tabs on one graph', () => {
  it('tells the second tab of the first one\'s save, and its own save asks instead of overwriting', async () => {
    const a = await openStudio(browser);
    await rename(a, NAME);
    await save(a);
    await eventually(() => a.getByLabel('Library status').textContent()).toContain('revision 1');

    // A second tab of the same profile reopens the graph open last: revision 1, nothing recovered.
    const b = await openStudio(browser);
    await eventually(async () => (await graphOf(b)).name).toBe(NAME);
    expect(await b.evaluate(() => window.__studio!.document.savedRevision)).toBe(1);
    expect(await b.getByRole('region', { name: 'Recovery notice' }).count()).toBe(0);

    await rename(a, `${NAME} (A)`);
    await save(a);
    await eventually(() => a.getByLabel('Library status').textContent()).toContain('revision 2');
    const notice = b.getByRole('region', { name: 'Other tab notice' });
    await notice.waitFor({ timeout: CONDITION_MS });
    expect(await notice.textContent()).toContain('saved in another tab (revision 2)');

    await rename(b, `${NAME} (B)`);
    await save(b);
    const dialog = b.getByRole('dialog', { name: 'Saved in another tab' });
    await dialog.waitFor({ timeout: CONDITION_MS });
    expect(await dialog.textContent()).toContain('revision 2');
    await screenshot(b, 'editor-tabs-conflict');
    await dialog.getByRole('button', { name: 'Save as a copy' }).click();
    await eventually(async () => (await graphOf(b)).name).toBe(`${NAME} (B) copy`);
    await eventually(() => b.getByLabel('Save state').textContent()).toContain('Saved');

    // A's revision is still the head of the graph both opened.
    const heads = await a.evaluate(async () => (await window.__studio!.storage!.listGraphs()).map((g) => `${g.name}@${g.revision}`));
    expect(heads.sort()).toEqual([`${NAME} (A)@2`, `${NAME} (B) copy@1`]);
    expect(browser.consoleErrors).toEqual([]);
  });
});
