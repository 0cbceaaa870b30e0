// Shared by the browser tests that train nodes in the editor.
import type { Page } from 'playwright-core';

/** Stores a 16-frame `size`² dataset of stripes sliding right in the page's storage; resolves to its id. */
export function storeStripesDataset(page: Page, size: number): Promise<string> {
  return page.evaluate(async (side) => {
    const storage = window.__studio!.storage!;
    const id = await storage.createDataset({ name: 'Stripes', width: side, height: side });
    const frames = Array.from({ length: 16 }, (_, t) => {
      const bytes = new Uint8Array(side * side * 3);
      for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) {
        const v = 128 + 100 * Math.sin(((x - 2 * t) / 6) * Math.PI) * Math.cos((y / 9) * Math.PI);
        bytes.set([v, 255 - v, (v + y * 4) % 256], (y * side + x) * 3);
      }
      return bytes;
    });
    await storage.appendFrames(id, frames);
    return id;
  }, size);
}

/** The Training panel's status, or its error text when a command was refused (so a failure says why). */
export async function trainingStatus(page: Page): Promise<string | null> {
  const problem = page.locator('.training .problem');
  return (await problem.count()) > 0 ? problem.textContent() : page.locator('.training .status').textContent();
}

export const trainingRegion = (page: Page) => page.getByRole('region', { name: 'Training' });
export const trainingProgress = (page: Page) => page.getByRole('progressbar', { name: 'Training progress' }).getAttribute('aria-valuenow');
