import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONDITION_MS, launchBrowser, screenshot } from './browser';
import type { TestBrowser } from './browser';
import { addFromPalette, dragWire, ensureRunning, graphOf, openStudio, selectNode, socket } from './editor-page';

let browser: TestBrowser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('recording from the editor', () => {
  it('records the loop through an Encoder node wired by mouse and offers the file with its graph', async () => {
    const p = await openStudio(browser);
    const encoder = await addFromPalette(p, 'Encoder');
    await dragWire(p, socket(p, 'transform', 'output', 'frame'), socket(p, encoder, 'input', 'frame'));
    expect((await graphOf(p)).edges).toContain(`transform.frame>${encoder}.frame`);

    await selectNode(p, encoder);
    const frames = p.getByRole('spinbutton', { name: 'Frame count (0 = until stopped)' });
    await frames.fill('12');
    await frames.blur();
    await p.getByRole('checkbox', { name: 'Record' }).check();
    await ensureRunning(p);

    const tray = p.getByRole('region', { name: 'Recordings' });
    const download = tray.getByRole('link', { name: /^Download .*\.webm$/ });
    await download.waitFor({ timeout: CONDITION_MS * 2 });
    await expect.poll(() => tray.textContent()).toContain('12 frames');
    expect(await tray.textContent()).toContain('Graph embedded and verified');
    await screenshot(p, 'editor-recording');

    const bytes = await p.evaluate(async (href) => (await (await fetch(href!)).arrayBuffer()).byteLength, await download.getAttribute('href'));
    expect(bytes).toBeGreaterThan(1000);
  });
});
