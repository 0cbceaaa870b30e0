import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONDITION_MS, frameCount, launchBrowser, screenshot, waitForFrame, waitForPreview } from './browser';
import type { TestBrowser } from './browser';
import { addFromPalette, dragFromPalette, dragWire, ensureRunning, eventually, focusCanvas, graphOf, newEmptyGraph, nodeCard, openStudio, paramOf, selectNode, socket } from './editor-page';

// A fresh profile per test: the library keeps a crash-recovery draft of the open graph, so a
// page opened in the same profile would start from the previous test's edits.
let browser: TestBrowser;

beforeEach(async () => {
  browser = await launchBrowser();
});

afterEach(async () => {
  await browser?.close();
});

async function open(): Promise<Page> {
  return openStudio(browser);
}

async function edgeCount(p: Page): Promise<number> {
  return (await graphOf(p)).edges.length;
}

describe('patching with the mouse', () => {
  it('builds the feedback loop from an empty canvas, runs it and shows frames', async () => {
    const p = await open();
    await newEmptyGraph(p);

    const source = await addFromPalette(p, 'Train Window');
    const loop = await addFromPalette(p, 'Feedback');
    const transform = await addFromPalette(p, 'Shift + Blend');
    // The last one by drag and drop, to a spot of the canvas chosen here.
    const canvas = (await p.getByRole('application', { name: 'Graph canvas' }).boundingBox())!;
    const drop = { x: canvas.x + canvas.width * 0.78, y: canvas.y + canvas.height * 0.4 };
    const preview = await dragFromPalette(p, 'Preview', drop);
    const card = (await nodeCard(p, preview).boundingBox())!;
    expect(Math.hypot(card.x - drop.x, card.y - drop.y)).toBeLessThan(card.width);

    await dragWire(p, socket(p, source, 'output', 'frame'), socket(p, loop, 'input', 'seed'));
    await eventually(() => edgeCount(p)).toBe(1);
    await dragWire(p, socket(p, loop, 'output', 'out'), socket(p, transform, 'input', 'frame'));
    await dragWire(p, socket(p, transform, 'output', 'frame'), socket(p, loop, 'input', 'in'));
    await dragWire(p, socket(p, transform, 'output', 'frame'), socket(p, preview, 'input', 'frame'));
    await dragWire(p, socket(p, source, 'output', 'frame'), socket(p, transform, 'input', 'source'));
    await eventually(async () => [...(await graphOf(p)).edges].sort()).toEqual([
      `${loop}.out>${transform}.frame`,
      `${source}.frame>${loop}.seed`,
      `${source}.frame>${transform}.source`,
      `${transform}.frame>${loop}.in`,
      `${transform}.frame>${preview}.frame`,
    ].sort());

    await ensureRunning(p);
    const start = await frameCount(p);
    await waitForFrame(p, start + 5);
    await waitForPreview(p, (pixels) => pixels.shows === preview && pixels.distinct > 16);
    expect(await p.getByRole('alert').count()).toBe(0);
    await p.getByRole('button', { name: 'Zoom to fit' }).click();
    await screenshot(p, 'editor-built-loop');
    expect(browser.consoleErrors).toEqual([]);
  });

  it('refuses a connection between different port types, and one that closes a loop without Feedback, saying why', async () => {
    const p = await open();
    // A plugin-style node type with a number output: the built-ins only have frame ports.
    await p.evaluate(() => {
      window.__studio!.registry.register({
        type: 'e2e/number', version: 1, title: 'E2E Number', category: 'Test', inputs: [],
        outputs: [{ name: 'value', type: 'number', label: 'Value' }], params: {}, process: () => ({ value: 1 }),
      });
    });
    const number = await addFromPalette(p, 'E2E Number');
    const edges = await edgeCount(p);

    await dragWire(p, socket(p, number, 'output', 'value'), socket(p, 'transform', 'input', 'source'));
    await eventually(() => p.getByText(/A number output cannot feed a frame input/).first().isVisible()).toBe(true);
    expect(await edgeCount(p)).toBe(edges);

    await dragWire(p, socket(p, 'transform', 'output', 'frame'), socket(p, 'transform', 'input', 'source'));
    await eventually(() => p.getByText(/would close a loop without a Feedback node/).first().isVisible()).toBe(true);
    expect(await edgeCount(p)).toBe(edges);
    await screenshot(p, 'editor-refused-connection');
  });

  it('undoes and redoes adding a node, connecting it and editing a param with Ctrl+Z and Ctrl+Shift+Z', async () => {
    const p = await open();
    const before = await graphOf(p);
    const colour = await addFromPalette(p, 'Solid Colour');
    await dragWire(p, socket(p, colour, 'output', 'frame'), socket(p, 'transform', 'input', 'source'));
    await eventually(async () => (await graphOf(p)).edges).toContain(`${colour}.frame>transform.source`);
    await selectNode(p, colour);
    await p.getByLabel('Colour', { exact: true }).fill('#ff0000');
    await eventually(() => paramOf(p, colour, 'color')).toBe('#ff0000');
    const after = await graphOf(p);

    await focusCanvas(p);
    await p.keyboard.press('Control+z');
    await eventually(() => paramOf(p, colour, 'color')).toBe('#808080');
    await p.keyboard.press('Control+z');
    await eventually(async () => (await graphOf(p)).edges).not.toContain(`${colour}.frame>transform.source`);
    // The replaced edge (source → transform.source) comes back with the undo.
    expect((await graphOf(p)).edges).toEqual(before.edges);
    await p.keyboard.press('Control+z');
    await eventually(async () => (await graphOf(p)).nodes.map((n) => n.id)).toEqual(before.nodes.map((n) => n.id));

    await p.keyboard.press('Control+Shift+z');
    await eventually(async () => (await graphOf(p)).nodes.length).toBe(before.nodes.length + 1);
    await p.keyboard.press('Control+Shift+z');
    await p.keyboard.press('Control+Shift+z');
    await eventually(() => graphOf(p)).toEqual(after);
    await waitForFrame(p, (await waitForFrame(p, 1)) + 2, CONDITION_MS);
    expect(browser.consoleErrors).toEqual([]);
  });
});
