import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openStudio, recordingBytes, renderRecording } from '../../scripts/lib/studio-page';
import { emptyGraph, toGraphJson } from '../../src/core';
import type { Graph, GraphNode, JsonValue } from '../../src/core';
import { GRAPH_TAG, readGraphFromVideo } from '../../src/nodes/media/graph-in-video';
import type { RecordingEvent } from '../../src/nodes/media/recordings';
import { launchBrowser } from './browser';
import type { TestBrowser } from './browser';
import { decodeErrors, probeVideo, videoPath } from './encoder-probe';

// The cpu backend: these tests are about the files, not WebGPU (the render test covers that).
const BACKEND = 'cpu';
const SIZE = 64;
const FRAMES = 60;

const baseUrl = inject('e2eBaseUrl');
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  ({ page } = await openStudio(browser.context, baseUrl, BACKEND));
});

afterAll(async () => {
  await browser?.close();
});

function node(id: string, type: string, params: Record<string, JsonValue>, x: number): GraphNode {
  return { id, type, typeVersion: 1, params, position: { x, y: 0 } };
}

/** A moving procedural source recorded by an Encoder, and shown in a Preview. */
function recordingGraph(encoder: Record<string, JsonValue>, name = 'Encoder test ✓ "quoted"'): Graph {
  return {
    ...emptyGraph(name),
    settings: { width: SIZE, height: SIZE, fps: 30 },
    nodes: [
      node('source', 'train-window-source', { seed: 3, speed: 2, poles: true }, 0),
      node('preview', 'preview', {}, 300),
      node('rec', 'encoder', { record: true, container: 'webm', codec: 'vp9', bitrate: 500, fps: 30, frames: FRAMES, ...encoder }, 300),
    ],
    edges: [
      { id: 'e1', from: { node: 'source', port: 'frame' }, to: { node: 'preview', port: 'frame' } },
      { id: 'e2', from: { node: 'source', port: 'frame' }, to: { node: 'rec', port: 'frame' } },
    ],
  };
}

describe('Encoder node', () => {
  it.each([
    { container: 'webm', codec: 'vp9', ffprobeCodec: 'vp9', tag: `MOVIE/${GRAPH_TAG.webm}` },
    { container: 'mp4', codec: 'avc', ffprobeCodec: 'h264', tag: GRAPH_TAG.mp4 },
  ])('records $codec in $container: ffprobe counts 60 frames of the right size and fps, ffmpeg decodes it, the graph comes back exactly', async ({ container, codec, ffprobeCodec, tag }) => {
    const errorsBefore = browser.consoleErrors.length;
    const graph = recordingGraph({ container, codec });
    const recording = await renderRecording(page, { graph, encoderId: 'rec', frames: FRAMES });
    expect(recording).toMatchObject({ frames: FRAMES, width: SIZE, height: SIZE, fps: 30, container, codec, graphVerified: true, warnings: [], pixelPath: 'readback' });

    const file = videoPath(`encoder-${codec}.${container}`);
    const bytes = await recordingBytes(page, recording.id);
    expect(bytes.byteLength).toBe(recording.byteLength);
    writeFileSync(file, bytes);

    const probed = probeVideo(file);
    expect(probed).toMatchObject({ codec: ffprobeCodec, width: SIZE, height: SIZE, frameRate: '30/1', frames: FRAMES });
    expect(decodeErrors(file)).toBe('');

    // The graph travels inside the file: ffprobe sees the tag, and reading it back in node gives the exact text.
    const json = toGraphJson(graph);
    expect(probed.tags[tag]).toBe(json);
    expect(await readGraphFromVideo(new Blob([bytes]))).toBe(json);
    // Errors the app shell logged while starting are the UI tests' business; recording must add none.
    expect(browser.consoleErrors.slice(errorsBefore)).toEqual([]);
  });

  it('starts a new file after a reset and ends an open-ended one when Record goes off', async () => {
    const errorsBefore = browser.consoleErrors.length;
    const graph = recordingGraph({ frames: 0 });
    const result = await page.evaluate(async (graphText) => {
      const studio = window.__studio!;
      const { scheduler } = studio;
      const loaded = JSON.parse(graphText) as Graph;
      await scheduler.pause();
      scheduler.setMode('offline');
      await scheduler.load(loaded);
      const store = studio.recordings;
      const events: RecordingEvent[] = [];
      const unsubscribe = store.subscribe((event) => events.push(event));
      await scheduler.reset();
      await scheduler.renderFrames(8);
      await scheduler.reset(); // ends the first file (8 frames) and arms a new one
      await scheduler.renderFrames(5);
      const off = { ...loaded, nodes: loaded.nodes.map((n) => (n.id === 'rec' ? { ...n, params: { ...n.params, record: false } } : n)) };
      await scheduler.load(off);
      await scheduler.renderFrames(1); // Record off: the second file (5 frames) ends
      const started = Date.now();
      while (events.filter((e) => e.type === 'recordingfinished').length < 2 && Date.now() - started < 30_000) await new Promise((r) => setTimeout(r, 50));
      unsubscribe();
      return events.map((e) => (e.type === 'recordingfinished' ? { type: e.type, frames: e.recording.frames, warnings: e.recording.warnings, verified: e.recording.graphVerified } : { type: e.type }));
    }, JSON.stringify(graph));
    // The first file finishes in the background while the second one starts: compare as sets.
    expect(result.filter((e) => e.type === 'recordingstarted')).toHaveLength(2);
    expect(result.filter((e) => e.type === 'recordingfinished').sort((a, b) => (b.frames ?? 0) - (a.frames ?? 0))).toEqual([
      { type: 'recordingfinished', frames: 8, warnings: [], verified: true },
      { type: 'recordingfinished', frames: 5, warnings: [], verified: true },
    ]);
    expect(browser.consoleErrors.slice(errorsBefore)).toEqual([]);
  });

  it('shows a bad codec/container pair as a node error naming both', async () => {
    const graph = recordingGraph({ container: 'mp4', codec: 'vp9' });
    await expect(renderRecording(page, { graph, encoderId: 'rec', frames: 3 })).rejects.toThrow(/node "encoder" \(rec\) failed: .*VP9 cannot be written into MP4: choose H\.264 or AV1/);
  });
});
