import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { frameCount, launchBrowser, screenshot, waitForFrame } from './browser';
import type { TestBrowser } from './browser';
import {
  addFromPalette, dragWire, ensureRunning, eventually, focusCanvas, graphOf, newEmptyGraph, nodeCard, openStudio, paramOf, selectNode, socket,
} from './editor-page';

let browser: TestBrowser;

beforeEach(async () => {
  browser = await launchBrowser();
});

afterEach(async () => {
  await browser?.close();
});

/**
 * Drags a wire from an output to a param of another card with the real mouse. The param's drop
 * socket appears only once the wire is on its way, so it is found after the button goes down.
 */
async function dragWireToParam(p: Page, from: { node: string; port: string }, to: { node: string; param: string }): Promise<void> {
  const start = (await socket(p, from.node, 'output', from.port).boundingBox())!;
  const a = { x: start.x + start.width / 2, y: start.y + start.height / 2 };
  await p.mouse.move(a.x, a.y);
  await p.mouse.down();
  await p.mouse.move(a.x + 30, a.y + 30, { steps: 4 });
  const target = socket(p, to.node, 'input', `param:${to.param}`);
  await target.waitFor({ timeout: 10_000 });
  const box = (await target.boundingBox())!;
  const b = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await p.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 4 });
  await p.mouse.move(b.x, b.y, { steps: 4 });
  await screenshot(p, 'param-wires-dragging');
  await p.mouse.up();
}

describe('wiring a number into a param', () => {
  it('drives Transform 2D\'s zoom from an LFO by mouse, shows the live value, and undo brings the hand value back', async () => {
    const p = await openStudio(browser);
    await newEmptyGraph(p);
    const source = await addFromPalette(p, 'Train Window');
    const transform = await addFromPalette(p, 'Transform 2D');
    const preview = await addFromPalette(p, 'Preview');
    const lfo = await addFromPalette(p, 'LFO');
    await dragWire(p, socket(p, source, 'output', 'frame'), socket(p, transform, 'input', 'frame'));
    await dragWire(p, socket(p, transform, 'output', 'frame'), socket(p, preview, 'input', 'frame'));
    await eventually(async () => (await graphOf(p)).edges.length).toBe(2);
    const hand = await paramOf(p, transform, 'zoom');

    // No param socket until a number wire is on its way.
    expect(await socket(p, transform, 'input', 'param:zoom').count()).toBe(0);
    await dragWireToParam(p, { node: lfo, port: 'value' }, { node: transform, param: 'zoom' });
    await eventually(async () => (await graphOf(p)).edges).toContain(`${lfo}.value>${transform}.param:zoom`);
    // The wired param is an input of the card now, with its live value beside it.
    await socket(p, transform, 'input', 'param:zoom').waitFor();
    expect(await nodeCard(p, transform).getByRole('group', { name: /a number wire can drive/ }).count()).toBe(0);

    await ensureRunning(p);
    await selectNode(p, transform);
    const live = p.locator('output[aria-label="Live value of Zoom"]');
    await live.waitFor();
    const first = await live.textContent();
    await waitForFrame(p, (await waitForFrame(p, 1)) + 10);
    await eventually(() => live.textContent()).not.toBe(first);
    // The hand value stays what it was: the wire drives only what `process` gets.
    expect(await paramOf(p, transform, 'zoom')).toBe(hand);
    expect(await p.locator(`[data-live-param="param:zoom"]`).textContent()).not.toBe('');
    await screenshot(p, 'param-wires-live');

    // Undo takes the wire away; the inspector shows the hand value only.
    await focusCanvas(p);
    await p.keyboard.press('Control+z');
    await eventually(async () => (await graphOf(p)).edges).not.toContain(`${lfo}.value>${transform}.param:zoom`);
    await selectNode(p, transform);
    await eventually(() => p.locator('[data-wired-param]').count()).toBe(0);
    await eventually(() => socket(p, transform, 'input', 'param:zoom').count()).toBe(0);
    expect(await p.getByRole('spinbutton', { name: 'Zoom' }).inputValue()).toBe(String(hand));
    await screenshot(p, 'param-wires-undone');
    expect(browser.consoleErrors).toEqual([]);
  });

  it('refuses a malformed Keyframes schedule typed in the inspector, naming the position, while the loop runs on', async () => {
    const p = await openStudio(browser);
    await newEmptyGraph(p);
    const source = await addFromPalette(p, 'Train Window');
    const transform = await addFromPalette(p, 'Transform 2D');
    const preview = await addFromPalette(p, 'Preview');
    const keys = await addFromPalette(p, 'Keyframes');
    await dragWire(p, socket(p, source, 'output', 'frame'), socket(p, transform, 'input', 'frame'));
    await dragWire(p, socket(p, transform, 'output', 'frame'), socket(p, preview, 'input', 'frame'));
    await dragWireToParam(p, { node: keys, port: 'value' }, { node: transform, param: 'zoom' });
    await eventually(async () => (await graphOf(p)).edges).toContain(`${keys}.value>${transform}.param:zoom`);
    await ensureRunning(p);
    const good = '0:(1.0), 120:(1.04)';
    expect(await paramOf(p, keys, 'schedule')).toBe(good);

    // Delete the schedule's last ")" with the keyboard, as a slip of the hand does.
    await selectNode(p, keys);
    const field = p.getByRole('textbox', { name: 'Schedule' });
    await field.click();
    await field.press('End');
    await p.keyboard.press('Backspace');
    expect(await field.inputValue()).toBe('0:(1.0), 120:(1.04');

    // The field says where the mistake is; the node keeps its last good schedule.
    const problem = p.getByRole('alert').filter({ hasText: 'position 19: expected ")", found the end' });
    await eventually(() => problem.textContent()).toBe('position 19: expected ")", found the end');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await paramOf(p, keys, 'schedule')).toBe(good);
    // So nothing fails and the loop runs on, the zoom still on the good schedule's way from 1 to 1.04.
    await waitForFrame(p, (await frameCount(p)) + 10);
    const zoom = Number(await nodeCard(p, transform).locator('[data-live-param="param:zoom"]').textContent());
    expect(zoom).toBeGreaterThanOrEqual(1);
    expect(zoom).toBeLessThanOrEqual(1.04);
    expect(await p.getByRole('button', { name: 'Pause', exact: true }).isVisible()).toBe(true);
    expect(await nodeCard(p, keys).getByRole('status').count()).toBe(0);
    expect(await p.getByText('Node failed').count()).toBe(0);
    expect(await problem.count()).toBe(1);
    await screenshot(p, 'param-wires-schedule-refused');

    // Typing the ")" back is taken, and the message goes.
    await field.click();
    await field.press('End');
    await p.keyboard.type(') ease-in, 240:(1)');
    await eventually(() => paramOf(p, keys, 'schedule')).toBe('0:(1.0), 120:(1.04) ease-in, 240:(1)');
    expect(await problem.count()).toBe(0);
    expect(await field.getAttribute('aria-invalid')).not.toBe('true');
    await screenshot(p, 'param-wires-schedule-mended');
    expect(browser.consoleErrors).toEqual([]);
  });

  it('says when the range clamps a wired value', async () => {
    const p = await openStudio(browser);
    await newEmptyGraph(p);
    const source = await addFromPalette(p, 'Train Window');
    const transform = await addFromPalette(p, 'Transform 2D');
    const lfo = await addFromPalette(p, 'LFO');
    await dragWire(p, socket(p, source, 'output', 'frame'), socket(p, transform, 'input', 'frame'));
    await selectNode(p, lfo);
    // Min 20 … Max 30: always above Zoom's maximum of 10.
    await p.getByRole('spinbutton', { name: 'Max' }).fill('30');
    await p.getByRole('spinbutton', { name: 'Min' }).fill('20');
    await eventually(() => paramOf(p, lfo, 'min')).toBe(20);
    await dragWireToParam(p, { node: lfo, port: 'value' }, { node: transform, param: 'zoom' });
    await eventually(async () => (await graphOf(p)).edges).toContain(`${lfo}.value>${transform}.param:zoom`);
    await ensureRunning(p);
    await selectNode(p, transform);
    await eventually(() => p.locator('output[aria-label="Live value of Zoom"]').textContent()).toBe('10');
    await eventually(() => p.getByText(/clamped to ≤ 10 \(wire: 2\d/).isVisible()).toBe(true);
    await screenshot(p, 'param-wires-clamped');
    expect(browser.consoleErrors).toEqual([]);
  });
});
