// Files into the editor: picking a clip in a Video Source's file field, dropping a recorded
// video (which carries its graph) onto the canvas, and dropping a file that is not a video.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONDITION_MS, launchBrowser, screenshot, waitForPreview } from './browser';
import type { TestBrowser } from './browser';
import { addFromPalette, dragWire, ensureRunning, eventually, graphOf, newEmptyGraph, openStudio, selectNode, socket } from './editor-page';
import { clipPath } from '../helpers/clips';

const CLIP = clipPath('pedestrians.webm');
const SHA256 = /^[0-9a-f]{64}$/;

// One profile for the file: the clip picked in the first test stays stored for the others.
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await openStudio(browser);
});

afterAll(async () => {
  await browser?.close();
});

/** A file to drop: bytes from the test (base64) or a blob URL the page already holds. */
type DropSource = { readonly name: string; readonly type: string } & ({ readonly base64: string } | { readonly url: string });

/**
 * Drags files over the canvas and lets go, as the OS would: dragenter, dragover and drop
 * events carrying a DataTransfer with the files, at a point of the canvas. `release: false`
 * stops before the drop (to look at the overlay); call {@link releaseDrag} after.
 */
async function dragFiles(p: Page, files: readonly DropSource[], release = true, onto?: Locator): Promise<{ x: number; y: number }> {
  // A field low in the side column may be scrolled out of view, where no element is under its box.
  if (onto) await onto.scrollIntoViewIfNeeded();
  const box = (await (onto ?? p.getByRole('application', { name: 'Graph canvas' })).boundingBox())!;
  const at = onto
    ? { x: Math.round(box.x + box.width / 2), y: Math.round(box.y + box.height / 2) }
    : { x: Math.round(box.x + box.width * 0.4), y: Math.round(box.y + box.height * 0.35) };
  await p.evaluate(async ({ files, at, release }) => {
    const transfer = new DataTransfer();
    for (const f of files) {
      const blob = 'url' in f
        ? await (await fetch(f.url)).blob()
        : new Blob([Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))]);
      transfer.items.add(new File([blob], f.name, { type: f.type }));
    }
    const target = document.elementFromPoint(at.x, at.y)!;
    const fire = (type: string) =>
      target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, composed: true, dataTransfer: transfer, clientX: at.x, clientY: at.y }));
    fire('dragenter');
    fire('dragover');
    if (release) fire('drop');
    else (window as unknown as { __pendingDrop: () => void }).__pendingDrop = () => fire('drop');
  }, { files, at, release });
  return at;
}

async function releaseDrag(p: Page): Promise<void> {
  await p.evaluate(() => (window as unknown as { __pendingDrop: () => void }).__pendingDrop());
}

/** Draws a `size`×`size` PNG of one colour in the page; returns its blob URL. */
function pngUrl(p: Page, colour: string, size = 32): Promise<string> {
  return p.evaluate(async ({ colour, size }) => {
    const canvas = new OffscreenCanvas(size, size);
    const context = canvas.getContext('2d')!;
    context.fillStyle = colour;
    context.fillRect(0, 0, size, size);
    return URL.createObjectURL(await canvas.convertToBlob({ type: 'image/png' }));
  }, { colour, size });
}

/** Records 12 frames of the demo loop's transform through an Encoder; returns the blob URL of the WebM. */
async function recordDemo(p: Page): Promise<string> {
  const encoder = await addFromPalette(p, 'Encoder');
  await dragWire(p, socket(p, 'transform', 'output', 'frame'), socket(p, encoder, 'input', 'frame'));
  await selectNode(p, encoder);
  const frames = p.getByRole('spinbutton', { name: 'Frame count (0 = until stopped)' });
  await frames.fill('12');
  await frames.blur();
  await p.getByRole('checkbox', { name: 'Record' }).check();
  await ensureRunning(p);
  const download = p.getByRole('region', { name: 'Recordings' }).getByRole('link', { name: /^Download .*\.webm$/ });
  await download.waitFor({ timeout: CONDITION_MS * 2 });
  return (await download.getAttribute('href'))!;
}

describe('media in the editor', () => {
  it('picks a clip in a Video Source’s file field, shows its facts and plays it in the viewer', async () => {
    const p = page;
    const node = await addFromPalette(p, 'Video Source');
    await selectNode(p, node);
    const field = p.locator('[data-param-kind="asset"]');
    await expect.poll(() => field.textContent()).toContain('No file');

    await field.locator('input[type="file"]').setInputFiles(CLIP);
    await eventually(() => field.textContent()).toContain('795 frames · 256×192 · VP9');
    expect(await field.textContent()).toContain('pedestrians.webm');
    const clip = (await graphOf(p)).nodes.find((n) => n.id === node)!.params;
    expect(Object.values(clip).some((v) => typeof v === 'string' && SHA256.test(v))).toBe(true);

    await waitForPreview(p, (pixels) => pixels.shows === node && pixels.distinct > 200);
    await screenshot(p, 'editor-media-picked-clip');

    // Undo takes the clip back out; the file stays stored and is offered in the field's menu.
    await p.keyboard.press('Control+z');
    await eventually(() => field.textContent()).toContain('No file');
    const stored = field.getByRole('combobox');
    const option = stored.locator('option', { hasText: 'pedestrians.webm — 795 frames · 256×192 · VP9' });
    await stored.selectOption((await option.getAttribute('value'))!);
    await eventually(() => field.textContent()).toContain('795 frames');
    expect(browser.consoleErrors).toEqual([]);
  });

  it('drops a recorded video onto the canvas and restores the graph it carries', async () => {
    const p = page;
    const url = await recordDemo(p);
    const recorded = await graphOf(p);
    expect(recorded.nodes.some((n) => n.type === 'encoder')).toBe(true);

    await newEmptyGraph(p);
    await dragFiles(p, [{ name: 'loop.webm', type: 'video/webm', url }], false);
    await p.getByText('Drop to add it to the graph').waitFor({ timeout: CONDITION_MS });
    await screenshot(p, 'editor-media-drop-overlay');
    await releaseDrag(p);

    const dialog = p.getByRole('dialog', { name: 'This video carries the graph it was made with' });
    await dialog.waitFor({ timeout: CONDITION_MS });
    expect(await dialog.textContent()).toContain('“loop.webm”');
    await screenshot(p, 'editor-media-video-graph-dialog');
    await dialog.getByRole('button', { name: 'Open its graph' }).click();

    await eventually(async () => (await graphOf(p)).nodes.map((n) => n.id).sort()).toEqual(recorded.nodes.map((n) => n.id).sort());
    expect((await graphOf(p)).edges).toEqual(recorded.edges);
    await eventually(() => p.getByLabel('Library status').textContent()).toContain('the graph inside “loop.webm”');

    // The same file, used as a clip instead: a Video Source lands at the drop point with it set.
    const before = (await graphOf(p)).nodes.length;
    await dragFiles(p, [{ name: 'loop.webm', type: 'video/webm', url }]);
    await dialog.waitFor({ timeout: CONDITION_MS });
    await dialog.getByRole('button', { name: 'Use the clip as a source' }).click();
    await eventually(async () => (await graphOf(p)).nodes.length).toBe(before + 1);
    const added = (await graphOf(p)).nodes.at(-1)!;
    expect(added.type).toBe('video-source');
    expect(Object.values(added.params).some((v) => typeof v === 'string' && SHA256.test(v))).toBe(true);
    await eventually(() => p.locator('[data-param-kind="asset"]').textContent()).toContain('12 frames');
    await waitForPreview(p, (pixels) => pixels.shows === added.id && pixels.distinct > 16);
    await screenshot(p, 'editor-media-dropped-clip');
    expect(browser.consoleErrors).toEqual([]);
  });

  it('refuses a text file renamed .webm with a message naming it, and leaves the graph as it was', async () => {
    const p = page;
    const graph = await graphOf(p);
    await dragFiles(p, [{ name: 'notes.webm', type: 'video/webm', base64: Buffer.from('just some text, not a video\n').toString('base64') }]);
    const alert = p.getByRole('alert').filter({ hasText: 'notes.webm' });
    await alert.waitFor({ timeout: CONDITION_MS });
    expect(await alert.textContent()).toContain('not a video');
    expect(await alert.textContent()).toContain('the graph is unchanged');
    await screenshot(p, 'editor-media-not-a-video');
    expect(await graphOf(p)).toEqual(graph);

    await dragFiles(p, [{ name: 'notes.txt', type: 'text/plain', base64: Buffer.from('hello').toString('base64') }]);
    await p.getByRole('alert').filter({ hasText: '“notes.txt” is not a file the studio can use' }).waitFor({ timeout: CONDITION_MS });
    expect(await graphOf(p)).toEqual(graph);

    // A graph file goes through the library's import, which checks it before anything changes.
    await dragFiles(p, [{ name: 'broken.json', type: 'application/json', base64: Buffer.from('{"format": "nfp-studio-graph", "nodes": [').toString('base64') }]);
    await p.getByRole('alert').filter({ hasText: '“broken.json” was not opened and nothing changed' }).waitFor({ timeout: CONDITION_MS });
    expect(await graphOf(p)).toEqual(graph);
    expect(browser.consoleErrors).toEqual([]);
  });

  it('drops one image as an Image Source and several as an Image Sequence in name order', async () => {
    const p = page;
    const red = await pngUrl(p, '#e04030');
    const blue = await pngUrl(p, '#3050e0', 48);
    const count = (await graphOf(p)).nodes.length;
    await dragFiles(p, [{ name: 'still.png', type: 'image/png', url: red }]);
    await eventually(async () => (await graphOf(p)).nodes.length).toBe(count + 1);
    expect((await graphOf(p)).nodes.at(-1)!.type).toBe('image-source');
    await eventually(() => p.locator('[data-param-kind="asset"]').textContent()).toContain('32×32 · PNG');

    await dragFiles(p, [{ name: 'frame10.png', type: 'image/png', url: blue }, { name: 'frame2.png', type: 'image/png', url: red }]);
    await eventually(async () => (await graphOf(p)).nodes.length).toBe(count + 2);
    expect((await graphOf(p)).nodes.at(-1)!.type).toBe('image-sequence-source');
    const field = p.locator('[data-param-kind="asset"]');
    await eventually(() => field.textContent()).toContain('frame2.png … frame10.png (2 images)');
    expect(await field.textContent()).toContain('2 images · 32×32');
    await screenshot(p, 'editor-media-image-sequence');
    expect(browser.consoleErrors).toEqual([]);
  });

  it('takes a file dropped onto a file field for that field, not the canvas', async () => {
    const p = page;
    const node = await addFromPalette(p, 'Video Source');
    await selectNode(p, node);
    const field = p.locator('[data-param-kind="asset"]');
    const before = await graphOf(p);
    await dragFiles(p, [{ name: 'picture.png', type: 'image/png', url: await pngUrl(p, '#20a040') }], true, field.getByRole('group'));
    await eventually(() => field.getByRole('alert').textContent()).toContain('“picture.png” is not a video');
    expect(await graphOf(p)).toEqual(before);

    await dragFiles(p, [{ name: 'pedestrians.webm', type: 'video/webm', base64: readFileSync(CLIP).toString('base64') }], true, field.getByRole('group'));
    await eventually(() => field.textContent()).toContain('795 frames · 256×192 · VP9');
    expect(await field.getByRole('alert').count()).toBe(0);
    expect((await graphOf(p)).nodes.length).toBe(before.nodes.length);
  });

  it('shows an import error inline in the file field and keeps the param as it was', async () => {
    const p = page;
    const node = await addFromPalette(p, 'Video Source');
    await selectNode(p, node);
    const field = p.locator('[data-param-kind="asset"]');
    const before = await graphOf(p);
    await field.locator('input[type="file"]').setInputFiles({ name: 'fake.webm', mimeType: 'video/webm', buffer: Buffer.from('not a video at all') });
    await eventually(() => field.getByRole('alert').textContent()).toContain('“fake.webm” is not a video');
    expect(await graphOf(p)).toEqual(before);
    await field.getByRole('alert').scrollIntoViewIfNeeded();
    await screenshot(p, 'editor-media-field-error');
    expect(browser.consoleErrors).toEqual([]);
  });
});
