// Page helpers for the editor e2e files: open the studio, read the graph, add nodes from the
// palette, drag wires between sockets, select nodes. DOM hooks: palette buttons "Add <title>",
// node cards role=group with data-node-id, sockets with data-node-id/data-side/data-port.
import type { Locator, Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { CONDITION_MS, FIRST_FRAME_MS, waitForFrame } from './browser';
import type { TestBrowser } from './browser';

export const baseUrl = inject('e2eBaseUrl');

/** `expect.poll` with the patience a page computing frames on a software GPU needs. */
export function eventually<T>(read: () => T | Promise<T>): ReturnType<typeof expect.poll<T>> {
  return expect.poll(read, { timeout: 15_000, interval: 100 });
}

/** The graph as plain data, with edges written `from.port>to.port` for short assertions. */
export interface GraphView {
  readonly name: string;
  readonly nodes: readonly { id: string; type: string; label?: string; params: Record<string, unknown> }[];
  readonly edges: readonly string[];
}

/**
 * Opens the built app with the test handle. WebGL by default: these tests are about the
 * editor, and on SwiftShader WebGL computes frames outside the page's main thread, so the
 * page answers the mouse at once. (On cpu, frames block the main thread for ~100 ms each
 * and input events queue up; WebGPU's first frame takes seconds of shader compiling.)
 */
export async function openStudio(browser: TestBrowser, query = '&backend=webgl'): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${baseUrl}/?test${query}`);
  await waitForStudio(page);
  return page;
}

/** Waits until the app has started and computed its first frame (after a goto or a reload). */
export async function waitForStudio(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__studio !== undefined, null, { timeout: CONDITION_MS });
  await waitForFrame(page, 1, FIRST_FRAME_MS);
}

export function graphOf(page: Page): Promise<GraphView> {
  return page.evaluate(() => {
    const graph = window.__studio!.document.graph;
    return {
      name: graph.name,
      nodes: graph.nodes.map((n) => ({ id: n.id, type: n.type, params: { ...n.params }, ...(n.label ? { label: n.label } : {}) })),
      edges: graph.edges.map((e) => `${e.from.node}.${e.from.port}>${e.to.node}.${e.to.port}`),
    };
  });
}

export async function paramOf(page: Page, nodeId: string, name: string): Promise<unknown> {
  return (await graphOf(page)).nodes.find((n) => n.id === nodeId)?.params[name];
}

/** Starts an empty graph with the "New graph" button, discarding edits if asked. */
export async function newEmptyGraph(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'New graph' }).click();
  const discard = page.getByRole('button', { name: 'Discard changes' });
  await page.waitForFunction(() => window.__studio!.document.graph.nodes.length === 0 || document.querySelector('dialog[open]') !== null, null, {
    timeout: CONDITION_MS,
  });
  if (await discard.isVisible()) await discard.click();
  await page.waitForFunction(() => window.__studio!.document.graph.nodes.length === 0, null, { timeout: CONDITION_MS });
}

/** Clicks the palette's "Add <title>" button; returns the id of the node it added. */
export async function addFromPalette(page: Page, title: string): Promise<string> {
  const before = new Set((await graphOf(page)).nodes.map((n) => n.id));
  await page.getByRole('button', { name: `Add ${title}`, exact: true }).click();
  await page.waitForFunction((count) => window.__studio!.document.graph.nodes.length > count, before.size, { timeout: CONDITION_MS });
  const added = (await graphOf(page)).nodes.find((n) => !before.has(n.id));
  if (!added) throw new Error(`"Add ${title}" added no node`);
  await nodeCard(page, added.id).waitFor({ timeout: CONDITION_MS });
  return added.id;
}

/** Drags a palette entry onto the canvas at `at` (page coordinates); returns the new node's id. */
export async function dragFromPalette(page: Page, title: string, at: { x: number; y: number }): Promise<string> {
  const before = new Set((await graphOf(page)).nodes.map((n) => n.id));
  const canvas = page.getByRole('application', { name: 'Graph canvas' });
  const box = (await canvas.boundingBox())!;
  await page.getByRole('button', { name: `Add ${title}`, exact: true }).dragTo(canvas, { targetPosition: { x: at.x - box.x, y: at.y - box.y } });
  await page.waitForFunction((count) => window.__studio!.document.graph.nodes.length > count, before.size, { timeout: CONDITION_MS });
  const added = (await graphOf(page)).nodes.find((n) => !before.has(n.id));
  if (!added) throw new Error(`dragging "${title}" added no node`);
  await nodeCard(page, added.id).waitFor({ timeout: CONDITION_MS });
  return added.id;
}

export function nodeCard(page: Page, nodeId: string): Locator {
  return page.locator(`[role="group"][data-node-id="${nodeId}"]`);
}

export function socket(page: Page, nodeId: string, side: 'input' | 'output', port: string): Locator {
  return page.locator(`[data-node-id="${nodeId}"][data-side="${side}"][data-port="${port}"]`);
}

/** Drags a wire with the real mouse, from the middle of one socket to the middle of another. */
export async function dragWire(page: Page, from: Locator, to: Locator): Promise<void> {
  const a = await centre(from);
  const b = await centre(to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2 + 20, { steps: 4 });
  await page.mouse.move(b.x, b.y, { steps: 4 });
  await page.mouse.up();
}

/** Drags a node card by its header to a point of the page. */
export async function moveCard(page: Page, nodeId: string, to: { x: number; y: number }): Promise<void> {
  const box = await nodeCard(page, nodeId).boundingBox();
  if (!box) throw new Error(`node ${nodeId} is not on screen`);
  await page.mouse.move(box.x + box.width / 2, box.y + 10);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 10 });
  await page.mouse.up();
}

/** Selects a node by clicking its card's header (with Shift to add it to the selection). */
export async function selectNode(page: Page, nodeId: string, add = false): Promise<void> {
  const card = nodeCard(page, nodeId);
  await card.click({ position: { x: 60, y: 12 }, ...(add ? { modifiers: ['Shift' as const] } : {}) });
  await page.waitForFunction(
    ([id, accumulate]) => {
      const selection = window.__studio!.document.selection;
      return accumulate ? selection.includes(id) : selection.length === 1 && selection[0] === id;
    },
    [nodeId, add] as const,
    { timeout: CONDITION_MS },
  );
}

/** Gives the keyboard to the editor (not to a field) by clicking an empty spot of the canvas. */
export async function focusCanvas(page: Page): Promise<void> {
  const area = page.getByRole('application', { name: 'Graph canvas' });
  const box = await area.boundingBox();
  if (!box) throw new Error('the canvas is not on screen');
  // Top right: clear of the tool bar (top left), the legend (bottom left) and the minimap (bottom right).
  await page.mouse.click(box.x + box.width - 40, box.y + 50);
  await page.waitForFunction(() => !['INPUT', 'SELECT', 'TEXTAREA'].includes(document.activeElement?.tagName ?? ''), null, { timeout: CONDITION_MS });
}

/** Makes sure the loop runs (a new graph keeps the run state, but a test should not rely on it). */
export async function ensureRunning(page: Page): Promise<void> {
  const run = page.getByRole('button', { name: 'Run', exact: true });
  if (await run.isVisible()) await run.click();
  await page.getByRole('button', { name: 'Pause', exact: true }).waitFor({ timeout: CONDITION_MS });
}

async function centre(locator: Locator): Promise<{ x: number; y: number }> {
  await locator.scrollIntoViewIfNeeded();
  const box = await locator.boundingBox();
  if (!box) throw new Error(`${String(locator)} is not on screen`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}
