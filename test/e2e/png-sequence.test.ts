import { inflateSync } from 'node:zlib';
import { strFromU8, unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openStudio, recordingBytes, renderRecording } from '../../scripts/lib/studio-page';
import type { Tensor3D } from '@tensorflow/tfjs';
import { defaultParams, emptyGraph, noAssetSource, toGraphJson } from '../../src/core';
import type { Graph } from '../../src/core';
import { trainWindowSource } from '../../src/nodes/train-window-source';
import { launchBrowser } from './browser';
import type { TestBrowser } from './browser';

const SIZE = 48;
const FRAMES = 10;

const baseUrl = inject('e2eBaseUrl');
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  // cpu: this is about the file, not the backend.
  ({ page } = await openStudio(browser.context, baseUrl, 'cpu'));
});

afterAll(async () => {
  await browser?.close();
});

function pngZipGraph(): Graph {
  return {
    ...emptyGraph('PNG frames ✓'),
    settings: { width: SIZE, height: SIZE, fps: 30 },
    nodes: [
      { id: 'source', type: 'train-window-source', typeVersion: 1, params: { seed: 3, speed: 2, poles: true }, position: { x: 0, y: 0 } },
      { id: 'rec', type: 'encoder', typeVersion: 1, params: { record: true, container: 'png-zip', codec: 'vp9', bitrate: 500, fps: 30, frames: FRAMES }, position: { x: 300, y: 0 } },
    ],
    edges: [{ id: 'e1', from: { node: 'source', port: 'frame' }, to: { node: 'rec', port: 'frame' } }],
  };
}

/** The Train Window's frame `frame` as RGB bytes, computed in node on tfjs cpu. */
async function trainWindowFrame(params: Record<string, unknown>, frame: number): Promise<Uint8Array> {
  const tf = await import('@tensorflow/tfjs');
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
  const size = { width: SIZE, height: SIZE };
  const all = { ...defaultParams(trainWindowSource.params), ...params };
  // Casts: the contexts carry more than this source reads.
  const state = trainWindowSource.create!({ nodeId: 'n', params: all, size, tf, assets: noAssetSource } as never);
  const values = tf.tidy(() => {
    const out = trainWindowSource.process({ nodeId: 'n', params: all, size, tf, assets: noAssetSource, state, frame, time: frame / 30, inputs: {} } as never) as { frame: Tensor3D };
    return tf.round(tf.mul(out.frame, 255)).dataSync();
  });
  return Uint8Array.from(values);
}

interface Png { width: number; height: number; colorType: number; rgba: Uint8Array }

/** A minimal PNG decoder for 8-bit RGB/RGBA, non-interlaced: what a canvas writes. */
function decodePng(bytes: Uint8Array): Png {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect(Array.from(bytes.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  let width = 0, height = 0, colorType = 0;
  const idat: Uint8Array[] = [];
  for (let at = 8; at < bytes.length;) {
    const length = view.getUint32(at);
    const type = strFromU8(bytes.subarray(at + 4, at + 8));
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
      expect(data[8]).toBe(8); // bit depth
      colorType = data[9]!;
      expect(data[12]).toBe(0); // not interlaced
    }
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  const channels = colorType === 6 ? 4 : 3;
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = new Uint8Array(width * height * 4);
  let previous = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = new Uint8Array(stride);
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? row[x - channels]! : 0;
      const b = previous[x]!;
      const c = x >= channels ? previous[x - channels]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter]!;
      row[x] = (line[x]! + predictor) & 255;
    }
    for (let x = 0; x < width; x++) {
      out.set([row[x * channels]!, row[x * channels + 1]!, row[x * channels + 2]!, channels === 4 ? row[x * channels + 3]! : 255], (y * width + x) * 4);
    }
    previous = row;
  }
  return { width, height, colorType, rgba: out };
}

describe('PNG-sequence export', () => {
  it('records 10 frames into a zip of PNGs of the frame size, in order, with the graph as graph.json', async () => {
    const graph = pngZipGraph();
    const recording = await renderRecording(page, { graph, encoderId: 'rec', frames: FRAMES });
    expect(recording).toMatchObject({
      frames: FRAMES, width: SIZE, height: SIZE, container: 'png-zip', codec: 'png', mimeType: 'application/zip', graphVerified: true, warnings: [],
    });
    expect(recording.fileName).toBe('png-frames.zip');

    const files = unzipSync(await recordingBytes(page, recording.id));
    const names = Array.from({ length: FRAMES }, (_, i) => `frame-${String(i).padStart(5, '0')}.png`);
    expect(Object.keys(files)).toEqual(['graph.json', ...names]);
    expect(strFromU8(files['graph.json']!)).toBe(toGraphJson(graph));
    expect(JSON.parse(strFromU8(files['graph.json']!))).toMatchObject({ name: 'PNG frames ✓', nodes: [{ id: 'source' }, { id: 'rec' }] });

    const pngs = names.map((name) => decodePng(files[name]!));
    for (const png of pngs) {
      expect(png).toMatchObject({ width: SIZE, height: SIZE });
      // Opaque, and a picture rather than a flat colour.
      expect(png.rgba.filter((_, i) => i % 4 === 3).every((alpha) => alpha === 255)).toBe(true);
      expect(new Set(Array.from(png.rgba.filter((_, i) => i % 4 === 0))).size).toBeGreaterThan(8);
    }
    // The source moves, so consecutive frames differ.
    expect(Buffer.from(pngs[0]!.rgba).equals(Buffer.from(pngs[1]!.rgba))).toBe(false);
    // Lossless: frame 3 is the source's frame 3 as tfjs computes it here (cpu), at most 1 apart from float rounding.
    const expected = await trainWindowFrame(graph.nodes[0]!.params as never, 3);
    let worst = 0;
    for (let p = 0; p < SIZE * SIZE; p++) {
      for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(pngs[3]!.rgba[p * 4 + c]! - expected[p * 3 + c]!));
    }
    expect(worst).toBeLessThanOrEqual(1);
    expect(browser.consoleErrors).toEqual([]);
  });
});
