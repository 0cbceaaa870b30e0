// Media sources in the built app, in Chromium: importing (probe first, refuse bad files
// with their message), exact decoding of the shared clips, Video Source frames checked
// against ffmpeg's decode, the image and image-sequence sources, and the webcam.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/lib/chromium';
import { openStudio } from '../../scripts/lib/studio-page';
import { screenshot } from './browser';
import { probeVideo as ffprobe } from './encoder-probe';
import { mediaTestBundle } from './media-sources/bundle';
import { ffmpegFrames, makeFixtures } from './media-sources/fixtures';
import { bestMatch, CLIP, openGraph, setParam, sourceGraph, stepFrames } from './media-sources/graph-page';

const baseUrl = inject('e2eBaseUrl');

let fixtures: string;
let bundle: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;

/** Opens the app on cpu (these tests are about decoding, not WebGPU) with the media test API and fixtures. */
async function openMediaPage(into: BrowserContext): Promise<Page> {
  const { page: opened } = await openStudio(into, baseUrl, 'cpu');
  await opened.route('**/__fixtures/*', (route) =>
    route.fulfill({ body: readFileSync(path.join(fixtures, decodeURIComponent(new URL(route.request().url()).pathname.split('/').pop()!))) }));
  await opened.addScriptTag({ content: bundle });
  return opened;
}

beforeAll(async () => {
  fixtures = makeFixtures();
  bundle = await mediaTestBundle();
  // A fake camera (a moving test pattern); permission is granted per context below.
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: false, args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream'] });
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(['camera'], { origin: baseUrl });
  page = await openMediaPage(context);
});

afterAll(async () => {
  await browser?.close();
  if (fixtures) rmSync(fixtures, { recursive: true, force: true });
});

const importFixtures = (names: readonly string[], kind: 'video' | 'image' | 'image-sequence') =>
  page.evaluate(({ names, kind }) => window.__media!.importFixtures(names, kind), { names, kind });

describe('importing and decoding clips', () => {
  it.each([
    { name: 'pedestrians.webm', frames: 795, fps: 10 },
    { name: 'box.webm', frames: 454, fps: 29.838 },
  ])('$name: the probe and a full decode both count exactly what ffprobe counts, at 256×192', async ({ name, frames, fps }) => {
    const expected = ffprobe(path.join(fixtures, name));
    expect(expected).toMatchObject({ codec: 'vp9', ...CLIP, frames });
    const probed = await page.evaluate((n) => window.__media!.probe(n), name);
    expect(probed).toEqual({ ok: true, facts: { container: 'WebM', codec: 'vp9', codecString: 'vp09.00.11.08.01.02.02.02.00', ...CLIP, frames, duration: expect.any(Number), fps, decodable: true } });
    // Paused: the start-up graph's cpu frames would otherwise share the main thread with the decoder.
    const decoded = await page.evaluate(async (n) => {
      await window.__studio!.scheduler.pause();
      return window.__media!.decodeAll(n, { width: 256, height: 192 }, 'stretch');
    }, name);
    expect(decoded).toMatchObject({ frameCount: frames, decoded: frames, wrongSize: 0 });
    console.log(`[media] ${name}: ${frames} frames decoded and fitted in ${decoded.ms.toFixed(0)} ms (${(frames / decoded.ms * 1000).toFixed(0)} fps)`);
  });

  it.each([
    ['notes.webm', 'not-video', '“notes.webm” is not a video the studio can read (it is plain text). Pick a WebM or MP4 file (renaming a file does not change what is inside it).'],
    ['frame-renamed.webm', 'not-video', '“frame-renamed.webm” is not a video the studio can read (it looks like a PNG image). Pick a WebM or MP4 file (renaming a file does not change what is inside it).'],
    ['truncated.webm', 'corrupt', '“truncated.webm” is cut off: it says it lasts 79.5 s but its frames stop at 38.4 s (an incomplete download or copy?). Get the whole file again, or re-export it.'],
    ['empty.webm', 'empty', '“empty.webm” is empty (0 bytes), so there is nothing to play. Pick the file again; if it came from a download or a recording, it did not finish.'],
    ['audio-only.webm', 'no-video-track', '“audio-only.webm” is a WebM file with no video track (audio only?). Pick a file that has pictures in it.'],
    ['prores.mov', 'unsupported-codec', '“prores.mov” holds ProRes (apch) video in QuickTime File Format, which this browser cannot decode. Re-encode it as WebM (VP9 or VP8) or MP4 (H.264), e.g. `ffmpeg -i in.mov -c:v libvpx-vp9 out.webm`, and pick that.'],
    ['huge-frame.webm', 'too-big-frame', '“huge-frame.webm” is 4112×16; the studio takes pictures up to 4096 pixels on a side. Downscale it first (e.g. `ffmpeg -i in.mp4 -vf scale=1280:-2 out.mp4`).'],
    ['zero-frames.webm', 'no-frames', '“zero-frames.webm” is a WebM file whose video track has no frames (a zero-length clip). Export or record it again.'],
  ])('%s is refused (%s) with its message; nothing is stored and the running graph is untouched', async (name, code, message) => {
    await openGraph(page, sourceGraph('train-window-source', {}, { width: 64, height: 48 }));
    const before = await page.evaluate(async () => ({ graph: JSON.stringify(window.__studio!.document.graph), assets: await window.__media!.assetCount() }));
    const result = await importFixtures([name], 'video');
    expect(result).toEqual({ ok: false, error: { name: 'MediaInputError', code, message } });
    const after = await page.evaluate(async () => ({ graph: JSON.stringify(window.__studio!.document.graph), assets: await window.__media!.assetCount() }));
    expect(after).toEqual(before);
    expect((await stepFrames(page, 'src', 1)).error).toBeUndefined();
  });
});

describe('Video Source node', () => {
  let pedestrians: string;
  let box: string;

  beforeAll(async () => {
    const imported = await importFixtures(['pedestrians.webm'], 'video');
    const other = await importFixtures(['box.webm'], 'video');
    if (!imported.ok || !other.ok) throw new Error('the shared clips did not import');
    pedestrians = imported.asset.sha256;
    box = other.asset.sha256;
    expect(imported.asset.meta).toMatchObject({ frames: 795, width: 256, height: 192, codec: 'vp9', fps: 10 });
  });

  it('shows exactly the frame ffmpeg decodes at its start frame, pixel for pixel within YUV-conversion rounding', async () => {
    const k = 400;
    const reference = ffmpegFrames(path.join(fixtures, 'pedestrians.webm'), k - 3, k + 3, CLIP.width, CLIP.height, 'bt709');
    await openGraph(page, sourceGraph('video-source', { clip: pedestrians, fit: 'stretch', offset: k }));
    const { frames, error } = await stepFrames(page, 'src', 1);
    expect(error).toBeUndefined();
    const match = bestMatch(frames[0]!, reference, k - 3);
    console.log(`[media] frame ${k}: mean |Δ| ${match.diff.toFixed(2)} against ffmpeg's, ${match.next.toFixed(2)} against the nearest other frame`);
    // Chromium and ffmpeg convert YUV to RGB differently (chroma upsampling, rounding): ~1.6
    // levels of 255 apart on the same frame. Neighbouring frames of this slow street scene are
    // ≥ 2.4 apart, so the closest frame being frame k is what proves the decode exact.
    expect(match.index).toBe(k);
    expect(match.diff).toBeLessThan(2.5);
    await page.evaluate(() => window.__studio!.document.select(['src']));
    await page.waitForTimeout(300);
    await screenshot(page, 'media-sources-video-source');
  });

  it('plays offset, stride and ping-pong on real decodes: 786, 788, 790, 792, 794, 792, 790, 788', async () => {
    const reference = ffmpegFrames(path.join(fixtures, 'pedestrians.webm'), 784, 794, CLIP.width, CLIP.height);
    await openGraph(page, sourceGraph('video-source', { clip: pedestrians, fit: 'stretch', offset: 786, stride: 2, atEnd: 'ping-pong' }));
    const { frames, error } = await stepFrames(page, 'src', 8);
    expect(error).toBeUndefined();
    expect(frames.map((f) => bestMatch(f, reference, 784).index)).toEqual([786, 788, 790, 792, 794, 792, 790, 788]);
  });

  it('holds the last frame when set to stop, and loops back to the offset when set to loop', async () => {
    const reference = ffmpegFrames(path.join(fixtures, 'pedestrians.webm'), 790, 794, CLIP.width, CLIP.height);
    await openGraph(page, sourceGraph('video-source', { clip: pedestrians, fit: 'stretch', offset: 792, atEnd: 'stop' }));
    const stopped = await stepFrames(page, 'src', 4);
    expect(stopped.frames.map((f) => bestMatch(f, reference, 790).index)).toEqual([792, 793, 794, 794]);
    await setParam(page, 'src', 'atEnd', 'loop');
    const looped = await stepFrames(page, 'src', 3);
    // Frames 4, 5, 6 of a loop over 792…794.
    expect(looped.frames.map((f) => bestMatch(f, reference, 790).index)).toEqual([793, 794, 792]);
  });

  it('switches to another clip when its clip param changes, without a rebuild', async () => {
    await openGraph(page, sourceGraph('video-source', { clip: pedestrians, fit: 'stretch' }));
    await stepFrames(page, 'src', 1);
    await setParam(page, 'src', 'clip', box);
    const { frames, error } = await stepFrames(page, 'src', 1);
    expect(error).toBeUndefined();
    const reference = ffmpegFrames(path.join(fixtures, 'box.webm'), 0, 3, CLIP.width, CLIP.height);
    // Loop frame 1 of the graph: box.webm's frame 1.
    expect(bestMatch(frames[0]!, reference, 0).index).toBe(1);
  });

  it('letterboxes into a square frame with black bars above and below', async () => {
    await openGraph(page, sourceGraph('video-source', { clip: pedestrians, fit: 'letterbox' }, { width: 64, height: 64 }));
    const { frames } = await stepFrames(page, 'src', 1);
    const row = (y: number) => Array.from(frames[0]!.subarray(y * 64 * 4, (y + 1) * 64 * 4)).filter((_, i) => i % 4 !== 3);
    // 256×192 into 64×64 is 64×48, centred: rows 0–7 and 56–63 are bars.
    expect(Math.max(...row(0), ...row(7), ...row(56), ...row(63))).toBe(0);
    expect(Math.max(...row(8), ...row(32), ...row(55))).toBeGreaterThan(40);
  });

  it('a clip missing from storage, or damaged in it, makes the node fail with the file\'s problem; the graph is kept', async () => {
    await openGraph(page, sourceGraph('video-source', { clip: 'a'.repeat(64) }, { width: 64, height: 48 }));
    const graph = await page.evaluate(() => JSON.stringify(window.__studio!.document.graph));
    const missing = await stepFrames(page, 'src', 1);
    expect(missing.error).toBe(`File aaaaaaaaaaaa… is not in this browser's storage (it may have been deleted, or the graph came from elsewhere). Pick the file again.`);

    // Stored without the import's checks, as bytes damaged after import would be.
    const damaged = await page.evaluate(() => window.__media!.storeUnchecked('truncated.webm', 'video'));
    await setParam(page, 'src', 'clip', damaged);
    const cut = await stepFrames(page, 'src', 1);
    expect(cut.error).toBe('“truncated.webm” is cut off: it says it lasts 79.5 s but its frames stop at 38.4 s (an incomplete download or copy?). Get the whole file again, or re-export it.');

    // Picking a good clip again recovers without a rebuild.
    await setParam(page, 'src', 'clip', pedestrians);
    expect((await stepFrames(page, 'src', 1)).error).toBeUndefined();
    await setParam(page, 'src', 'clip', 'a'.repeat(64));
    expect(await page.evaluate(() => JSON.stringify(window.__studio!.document.graph))).toBe(graph);
  });
});

describe('Image and Image Sequence sources', () => {
  it('an image sequence plays its images in natural name order (shot1, shot2, shot10), with the end modes of a clip', async () => {
    const imported = await importFixtures(['shot10.png', 'shot1.png', 'shot2.png'], 'image-sequence');
    if (!imported.ok) throw new Error(imported.error.message);
    expect(imported.asset).toMatchObject({ name: 'shot1.png … shot10.png (3 images)', kind: 'image-sequence', meta: { images: 3, width: 64, height: 48 } });
    await openGraph(page, sourceGraph('image-sequence-source', { sequence: imported.asset.sha256, atEnd: 'ping-pong' }, { width: 32, height: 24 }));
    const { frames, error } = await stepFrames(page, 'src', 5);
    expect(error).toBeUndefined();
    const colour = (f: Uint8Array) => (f[0]! > 200 ? 'red' : f[1]! > 200 ? 'green' : f[2]! > 200 ? 'blue' : `rgb(${f[0]},${f[1]},${f[2]})`);
    expect(frames.map(colour)).toEqual(['red', 'green', 'blue', 'green', 'red']);
  });

  it('an image source letterboxes a wide image, and a file that is not an image is refused', async () => {
    const imported = await importFixtures(['wide.png'], 'image');
    if (!imported.ok) throw new Error(imported.error.message);
    expect(imported.asset.meta).toEqual({ width: 128, height: 32 });
    await openGraph(page, sourceGraph('image-source', { image: imported.asset.sha256, fit: 'letterbox' }, { width: 32, height: 32 }));
    const { frames } = await stepFrames(page, 'src', 1);
    const at = (x: number, y: number) => frames[0]![(y * 32 + x) * 4]!;
    // 128×32 into 32×32 is 32×8 at rows 12–19.
    expect([at(16, 0), at(16, 11), at(16, 12), at(16, 19), at(16, 20)]).toEqual([0, 0, 255, 255, 0]);
    const refused = await importFixtures(['notes.webm'], 'image');
    expect(refused).toEqual({ ok: false, error: { name: 'MediaInputError', code: 'not-image', message: '“notes.webm” is not an image this browser can decode. Pick a PNG, JPEG, WebP, GIF, BMP or AVIF file.' } });
  });
});

describe('Webcam source', () => {
  it('shows the (fake) camera\'s moving picture', async () => {
    // Count track stops, to see the node release the camera when it is removed.
    await page.evaluate(() => {
      const stop = MediaStreamTrack.prototype.stop;
      (window as { trackStops?: number }).trackStops = 0;
      MediaStreamTrack.prototype.stop = function (this: MediaStreamTrack) {
        (window as { trackStops?: number }).trackStops! += 1;
        stop.call(this);
      };
    });
    await openGraph(page, sourceGraph('webcam-source', {}, { width: 64, height: 48 }));
    await page.evaluate(() => window.__studio!.scheduler.setMode('realtime'));
    const { frames, error } = await stepFrames(page, 'src', 1);
    expect(error).toBeUndefined();
    // The first frame may come before the camera's first picture: wait for a picture that moves.
    let later: Uint8Array | undefined;
    for (let i = 0; i < 40 && !later; i++) {
      await page.waitForTimeout(100);
      const next = (await stepFrames(page, 'src', 1)).frames[0]!;
      if (next.some((v, j) => j % 4 !== 3 && v > 0) && next.some((v, j) => v !== frames[0]![j])) later = next;
    }
    expect(later, 'the webcam never showed a changing picture').toBeDefined();
    await screenshot(page, 'media-sources-webcam');
    await openGraph(page, sourceGraph('train-window-source', {}, { width: 64, height: 48 }));
    expect(await page.evaluate(() => (window as { trackStops?: number }).trackStops)).toBe(1);
  });

  it('says that camera access was denied when the permission is refused', async () => {
    const denied = await browser.newContext();
    try {
      const deniedPage = await openMediaPage(denied);
      await openGraph(deniedPage, sourceGraph('webcam-source', {}, { width: 64, height: 48 }));
      const { error } = await stepFrames(deniedPage, 'src', 1);
      expect(error).toBe('Camera access was denied. Allow the camera for this site (the camera icon in the address bar, or the site settings), then press Run again.');
    } finally {
      await denied.close();
    }
  });
});
