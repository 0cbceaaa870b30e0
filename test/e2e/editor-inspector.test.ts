import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { frameCount, launchBrowser, screenshot, waitForFrame, waitForPreview } from './browser';
import type { TestBrowser } from './browser';
import { eventually, focusCanvas, graphOf, nodeCard, openStudio, paramOf, selectNode } from './editor-page';

// A fresh profile per test: the library keeps a crash-recovery draft of the open graph, so a
// page opened in the same profile would start from the previous test's edits.
let browser: TestBrowser;

beforeEach(async () => {
  browser = await launchBrowser();
});

afterEach(async () => {
  await browser?.close();
});

async function open(query?: string): Promise<Page> {
  return openStudio(browser, query);
}

/** A frame that is black: every channel's mean below 2 of 255. */
const isBlack = (mean: readonly number[]): boolean => mean.every((c) => c < 2);

describe('inspector and viewer', () => {
  it('shows the Preview node with nothing selected, and the selected node once one is', async () => {
    const p = await open();
    const shown = p.getByLabel('Shown node');
    await eventually(() => shown.textContent()).toBe('Preview');
    await eventually(() => p.getByText('No node selected').count()).toBe(1);
    await waitForPreview(p, (pixels) => pixels.shows === 'preview' && pixels.distinct > 16);

    await selectNode(p, 'source');
    await eventually(() => shown.textContent()).toBe('Train Window');
    await waitForPreview(p, (pixels) => pixels.shows === 'source' && pixels.distinct > 16);
    await eventually(() => p.getByRole('textbox', { name: 'Node label' }).getAttribute('placeholder')).toBe('Train Window');
    await eventually(() => p.getByText('train-window-source', { exact: true }).count()).toBeGreaterThan(0);
    expect(await p.getByLabel('Backend in use').textContent()).toContain('webgl');
    expect(browser.consoleErrors).toEqual([]);
  });

  it('edits params live while the loop runs, and the preview follows', async () => {
    const p = await open();
    await selectNode(p, 'transform');
    const frameBefore = await waitForFrame(p, 2);
    await waitForPreview(p, (pixels) => pixels.shows === 'transform' && !isBlack(pixels.mean));

    await p.getByRole('spinbutton', { name: 'Source mix' }).fill('0');
    await eventually(() => paramOf(p, 'transform', 'mix')).toBe(0);

    // Drag the Gain slider all the way left with the real mouse.
    const slider = p.getByRole('slider', { name: 'Gain' });
    const box = (await slider.boundingBox())!;
    const y = box.y + box.height / 2;
    await p.mouse.move(box.x + box.width * 0.49, y);
    await p.mouse.down();
    for (let i = 1; i <= 12; i++) await p.mouse.move(box.x + box.width * 0.49 * (1 - i / 12) - (i === 12 ? 8 : 0), y);
    await p.mouse.up();
    await eventually(() => paramOf(p, 'transform', 'gain')).toBe(0);
    expect(await p.getByRole('spinbutton', { name: 'Gain' }).inputValue()).toBe('0');

    // Gain 0 and no source mix: the node outputs black, and the running loop shows it.
    await waitForPreview(p, (pixels) => pixels.shows === 'transform' && isBlack(pixels.mean));
    expect(await waitForFrame(p, frameBefore + 2)).toBeGreaterThan(frameBefore);
    await screenshot(p, 'editor-param-edit');

    // Undo takes the gain back before it touches the other param. How many steps the drag
    // took depends on how fast the busy page handled its input events (see the next test).
    await focusCanvas(p);
    let steps = 0;
    while ((await paramOf(p, 'transform', 'gain')) !== 0.98 && steps < 12) {
      await p.keyboard.press('Control+z');
      steps++;
    }
    console.info(`[e2e] undoing a real-mouse slider drag took ${steps} step(s)`);
    expect(await paramOf(p, 'transform', 'gain')).toBe(0.98);
    expect(await paramOf(p, 'transform', 'mix')).toBe(0);
    await p.keyboard.press('Control+z');
    await eventually(() => paramOf(p, 'transform', 'mix')).toBe(0.15);
    // The source is mixed back in, so the loop (shown by the Preview node now that the click
    // on the canvas cleared the selection) comes back from black.
    await waitForPreview(p, (pixels) => pixels.shows === 'preview' && !isBlack(pixels.mean));
    await p.keyboard.press('Control+Shift+z');
    await eventually(() => paramOf(p, 'transform', 'mix')).toBe(0);
    expect(browser.consoleErrors).toEqual([]);
  });

  it('undoes a slider drag as one step when its input events come in quick succession', async () => {
    const p = await open();
    await selectNode(p, 'transform');
    const slider = p.getByRole('slider', { name: 'Gain' });
    // Twenty input events in one task, as a drag delivers them when the page keeps up.
    await slider.evaluate((input: HTMLInputElement) => {
      for (let i = 19; i >= 0; i--) {
        input.value = String(i / 10);
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }
    });
    await eventually(() => paramOf(p, 'transform', 'gain')).toBe(0);
    await focusCanvas(p);
    await p.keyboard.press('Control+z');
    await eventually(() => paramOf(p, 'transform', 'gain')).toBe(0.98);
    await p.keyboard.press('Control+Shift+z');
    await eventually(() => paramOf(p, 'transform', 'gain')).toBe(0);
    expect(browser.consoleErrors).toEqual([]);
  });

  it('refuses invalid values with the reason beside the field and leaves the graph untouched', async () => {
    const p = await open();
    await selectNode(p, 'transform');
    const before = await graphOf(p);
    const gain = p.getByRole('spinbutton', { name: 'Gain' });

    await gain.fill('5');
    await eventually(() => p.getByRole('alert').filter({ hasText: 'must be ≤ 2' }).count()).toBe(1);
    expect(await gain.getAttribute('aria-invalid')).toBe('true');
    expect(await graphOf(p)).toEqual(before);

    await gain.fill('');
    await eventually(() => p.getByRole('alert').filter({ hasText: 'expected a finite number' }).count()).toBe(1);
    expect(await graphOf(p)).toEqual(before);

    await p.getByRole('spinbutton', { name: 'Shift X' }).fill('2.5');
    await eventually(() => p.getByRole('alert').filter({ hasText: 'expected an integer' }).count()).toBe(1);
    expect(await graphOf(p)).toEqual(before);

    await gain.fill('1.5');
    await eventually(() => paramOf(p, 'transform', 'gain')).toBe(1.5);
    await eventually(() => p.getByRole('alert').filter({ hasText: 'must be ≤ 2' }).count()).toBe(0);
    expect(browser.consoleErrors).toEqual([]);
  });

  it('randomises a seed with the dice button and renames a node with its label field', async () => {
    const p = await open();
    await selectNode(p, 'source');
    await p.getByRole('button', { name: 'Randomise Seed' }).click();
    await eventually(() => paramOf(p, 'source', 'seed')).not.toBe(7);
    const seed = await paramOf(p, 'source', 'seed');
    expect(Number.isInteger(seed)).toBe(true);
    expect(await p.getByRole('spinbutton', { name: 'Seed' }).inputValue()).toBe(String(seed));

    await p.getByRole('checkbox', { name: 'Poles' }).uncheck();
    await eventually(() => paramOf(p, 'source', 'poles')).toBe(false);

    await p.getByRole('textbox', { name: 'Node label' }).fill('Landscape');
    await eventually(async () => (await graphOf(p)).nodes.find((n) => n.id === 'source')?.label).toBe('Landscape');
    await eventually(() => p.getByLabel('Shown node').textContent()).toBe('Landscape');
    await eventually(() => nodeCard(p, 'source').getAttribute('aria-label')).toBe('Node Landscape');
    // Two more frames, so the picture taken shows the new seed without poles.
    await waitForFrame(p, (await frameCount(p)) + 2);
    await waitForPreview(p, (pixels) => pixels.shows === 'source' && pixels.distinct > 16);
    await screenshot(p, 'editor-inspector-seed');
    expect(browser.consoleErrors).toEqual([]);
  });

  it('says how many nodes are selected, and shows a missing type read-only', async () => {
    const p = await open();
    await selectNode(p, 'source');
    await selectNode(p, 'loop', true);
    await eventually(() => p.getByText('2 nodes selected.').count()).toBe(1);
    await p.getByRole('button', { name: 'Inspect Feedback' }).click();
    await eventually(() => p.evaluate(() => window.__studio!.document.selection.join())).toBe('loop');
    await eventually(() => p.getByText('Outputs its input from the previous frame', { exact: false }).count()).toBe(1);
    await eventually(() => p.getByText('delayed', { exact: true }).count()).toBeGreaterThan(0);

    // A graph whose node type no plugin provides (as when a file comes from another install).
    await p.evaluate(() => {
      const studio = window.__studio!;
      const graph = studio.document.graph;
      studio.document.replace({
        ...graph,
        nodes: [...graph.nodes, { id: 'ghost', type: 'missing-plugin/glow', typeVersion: 3, params: { radius: 4, tint: '#ff8800' }, position: { x: 0, y: 320 } }],
      });
    });
    await selectNode(p, 'ghost');
    await eventually(() => p.getByRole('note').filter({ hasText: 'is not installed' }).count()).toBe(1);
    const saved = p.locator('.inspector dl');
    await eventually(() => saved.textContent()).toContain('radius');
    expect(await saved.textContent()).toContain('#ff8800');
    expect(await p.locator('.inspector input:not([aria-label="Node label"])').count()).toBe(0);
    await eventually(() => p.getByText('has no output', { exact: false }).count()).toBe(1);
    expect(browser.consoleErrors).toEqual([]);
  });
});
