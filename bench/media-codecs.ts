/**
 * Media benchmark in headless Chromium (Debian's, launched as the render command does):
 * - `webcodecs`: raw WebCodecs throughput at 256×256 per codec: VideoEncoder fed canvas
 *   frames of moving content, then VideoDecoder fed the chunks it produced (encode fps,
 *   decode fps, bytes). No tfjs, no muxing: the codec's own cost.
 * - `encoderNode`: the Encoder node's whole path per tfjs backend (pixels out of the backend,
 *   VideoFrame, VP9 encode, mux into WebM, read-back check of the graph) at 256×256, as the
 *   extra time per frame over the same graph with Record off. The source is a (cached) Solid
 *   Colour frame so the figure is the pipeline's own cost, not the source's; flat frames are
 *   cheap to encode, so see `webcodecs` for the codec's cost on moving content.
 *
 * Run it through `npm run bench` (bench/run.ts), or alone: `tsx bench/media-codecs.ts`.
 * Writes bench/results/media-codecs.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { ROOT, ensureBuild, serveApp } from '../scripts/lib/app-server';
import { CHROMIUM, ensureAptTool, launchChromium } from '../scripts/lib/chromium';
import { openStudio } from '../scripts/lib/studio-page';
import { emptyGraph } from '../src/core';
import type { Graph } from '../src/core';
import { codecString } from '../src/nodes/media/codecs';
import type { VideoCodecName } from '../src/nodes/media/codecs';

export interface MediaBenchOptions {
  readonly size: number;
  readonly frames: number;
  readonly repeats: number;
  readonly backends: readonly string[];
  readonly codecs: readonly VideoCodecName[];
}

export const DEFAULT_MEDIA_OPTIONS: MediaBenchOptions = { size: 256, frames: 60, repeats: 3, backends: ['cpu', 'webgpu'], codecs: ['vp9', 'vp8', 'avc', 'av1'] };

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number, digits = 1): number => Number(x.toFixed(digits));

interface CodecRun { readonly encodeMs: number; readonly decodeMs: number; readonly bytes: number; readonly chunks: number; readonly decoded: number }

/** Encodes `frames` canvas frames with one codec, then decodes the chunks, timing both. */
function codecRun(page: Page, codec: string, size: number, frames: number): Promise<CodecRun> {
  return page.evaluate(async ({ codec, size, frames }) => {
    const canvas = new OffscreenCanvas(size, size);
    const context = canvas.getContext('2d')!;
    const chunks: EncodedVideoChunk[] = [];
    let decoderConfig: VideoDecoderConfig | undefined;
    let failure: unknown;
    const encoder = new VideoEncoder({
      output: (chunk, meta) => { chunks.push(chunk); decoderConfig ??= meta?.decoderConfig; },
      error: (error) => { failure = error; },
    });
    encoder.configure({ codec, width: size, height: size, bitrate: 2_000_000, framerate: 30, latencyMode: 'quality', ...(codec.startsWith('avc1') ? { avc: { format: 'avc' as const } } : {}) });
    // Moving gradients and shapes: something for the codec to work on, drawn before timing starts.
    const bitmaps: ImageBitmap[] = [];
    for (let i = 0; i < frames; i++) {
      const gradient = context.createLinearGradient(0, 0, size, size);
      gradient.addColorStop(0, `hsl(${(i * 7) % 360} 70% 50%)`);
      gradient.addColorStop(1, `hsl(${(i * 7 + 180) % 360} 70% 30%)`);
      context.fillStyle = gradient;
      context.fillRect(0, 0, size, size);
      for (let k = 0; k < 12; k++) {
        context.fillStyle = `hsl(${(k * 30 + i * 3) % 360} 80% 60%)`;
        context.beginPath();
        context.arc((k * 37 + i * (k + 1) * 2) % size, (k * 53 + i * 3) % size, 8 + (k % 5) * 4, 0, 2 * Math.PI);
        context.fill();
      }
      bitmaps.push(canvas.transferToImageBitmap());
    }
    const encodeStart = performance.now();
    for (let i = 0; i < frames; i++) {
      const frame = new VideoFrame(bitmaps[i]!, { timestamp: Math.round((i * 1e6) / 30), duration: Math.round(1e6 / 30) });
      encoder.encode(frame, { keyFrame: i % 60 === 0 });
      frame.close();
      // Same backpressure as the Encoder node: never let the queue grow without bound.
      while (encoder.encodeQueueSize > 4) await new Promise((resolve) => encoder.addEventListener('dequeue', resolve, { once: true }));
    }
    await encoder.flush();
    const encodeMs = performance.now() - encodeStart;
    encoder.close();
    bitmaps.forEach((b) => b.close());
    if (failure) throw new Error(`encoding ${codec} failed: ${String(failure)}`);
    if (!decoderConfig) throw new Error(`encoding ${codec} gave no decoder config`);

    let decoded = 0;
    const decoder = new VideoDecoder({
      output: (frame) => { decoded++; frame.close(); },
      error: (error) => { failure = error; },
    });
    decoder.configure(decoderConfig);
    const decodeStart = performance.now();
    for (const chunk of chunks) {
      decoder.decode(chunk);
      while (decoder.decodeQueueSize > 4) await new Promise((resolve) => decoder.addEventListener('dequeue', resolve, { once: true }));
    }
    await decoder.flush();
    const decodeMs = performance.now() - decodeStart;
    decoder.close();
    if (failure) throw new Error(`decoding ${codec} failed: ${String(failure)}`);
    return { encodeMs, decodeMs, bytes: chunks.reduce((sum, c) => sum + c.byteLength, 0), chunks: chunks.length, decoded };
  }, { codec, size, frames });
}

function encoderGraph(size: number, frames: number, record: boolean): Graph {
  return {
    ...emptyGraph('bench encoder'),
    settings: { width: size, height: size, fps: 30 },
    nodes: [
      { id: 'source', type: 'solid-color', typeVersion: 1, params: { color: '#3366cc' }, position: { x: 0, y: 0 } },
      { id: 'rec', type: 'encoder', typeVersion: 1, params: { record, container: 'webm', codec: 'vp9', bitrate: 2000, fps: 30, frames }, position: { x: 300, y: 0 } },
    ],
    edges: [{ id: 'e', from: { node: 'source', port: 'frame' }, to: { node: 'rec', port: 'frame' } }],
  };
}

interface NodeRun { readonly ms: number; readonly pixelPath: string | null; readonly bytes: number | null }

/** Offline-renders the graph; with Record on, the time includes finishing the file. */
function nodeRun(page: Page, graph: Graph, frames: number): Promise<NodeRun> {
  return page.evaluate(async ({ graphText, frames }) => {
    const { scheduler } = window.__studio!;
    const graph = JSON.parse(graphText) as Graph;
    const record = graph.nodes.some((n) => n.type === 'encoder' && n.params.record === true);
    await scheduler.pause();
    scheduler.setMode('offline');
    await scheduler.load(graph);
    await scheduler.reset();
    const store = window.__studio!.recordings;
    const before = store.latest('rec')?.id;
    const started = performance.now();
    if (!(await scheduler.renderFrames(frames))) throw new Error(`a frame failed: ${JSON.stringify(scheduler.nodeStats('rec') ?? scheduler.nodeStats('source'))}`);
    // GPU backends queue work: read one value so both timings include it.
    await window.__studio!.tf.tidy(() => window.__studio!.tf.scalar(0)).data();
    while (record && store.latest('rec')?.id === before) {
      if (performance.now() - started > 300_000) throw new Error('the Encoder never finished its file');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const ms = performance.now() - started;
    const recording = record ? store.latest('rec') : undefined;
    return { ms, pixelPath: recording?.pixelPath ?? null, bytes: recording?.blob.size ?? null };
  }, { graphText: JSON.stringify(graph), frames });
}

export async function runMediaBenchmark(options: MediaBenchOptions = DEFAULT_MEDIA_OPTIONS, log: (line: string) => void = (l) => console.error(l)): Promise<object> {
  ensureAptTool(CHROMIUM, log);
  const dist = path.join(ROOT, 'dist');
  ensureBuild(dist, log);
  const server = await serveApp(dist);
  const browser = await launchChromium();
  try {
    const { size, frames, repeats } = options;
    const webcodecs = [];
    let userAgent = '';
    {
      const { page } = await openStudio(browser.context, server.url, 'cpu');
      userAgent = await page.evaluate(() => navigator.userAgent);
      await page.evaluate(() => window.__studio!.scheduler.pause());
      for (const codec of options.codecs) {
        const config = codecString(codec, size, size);
        log(`webcodecs ${codec} (${config})…`);
        await codecRun(page, config, size, Math.min(frames, 10)); // warm-up: encoder start-up, code paths
        const runs: CodecRun[] = [];
        for (let r = 0; r < repeats; r++) runs.push(await codecRun(page, config, size, frames));
        const encodeMs = median(runs.map((r) => r.encodeMs));
        const decodeMs = median(runs.map((r) => r.decodeMs));
        webcodecs.push({
          codec, codecString: config,
          encodeFps: round((frames * 1000) / encodeMs), decodeFps: round((frames * 1000) / decodeMs),
          bytes: runs[0]!.bytes, framesDecoded: runs[0]!.decoded,
        });
      }
      await page.close();
    }

    const encoderNode = [];
    for (const backend of options.backends) {
      log(`encoder node on ${backend}…`);
      const { page, backend: active } = await openStudio(browser.context, server.url, backend);
      await nodeRun(page, encoderGraph(size, 10, false), 10); // warm-up: shaders, kernels
      await nodeRun(page, encoderGraph(size, 10, true), 10);
      const off: number[] = [];
      const on: NodeRun[] = [];
      for (let r = 0; r < repeats; r++) {
        off.push((await nodeRun(page, encoderGraph(size, frames, false), frames)).ms);
        on.push(await nodeRun(page, encoderGraph(size, frames, true), frames));
      }
      const offMs = median(off);
      const onMs = median(on.map((r) => r.ms));
      const perFrame = Math.max(0, onMs - offMs) / frames;
      encoderNode.push({
        backend: active, pixelPath: on[0]!.pixelPath, codec: 'vp9', container: 'webm',
        loopFpsRecordOff: round((frames * 1000) / offMs), loopFpsRecording: round((frames * 1000) / onMs),
        encoderMsPerFrame: round(perFrame, 2), encodeFps: perFrame > 0 ? round(1000 / perFrame) : null,
        bytes: on[0]!.bytes,
      });
      await page.close();
    }
    const report = {
      benchmark: 'media-codecs',
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version, browser: userAgent },
      size: `${size}x${size}`, frames, repeats, statistic: 'median of repeats; fps = frames / wall time (encode includes flush, decode includes flush)',
      webcodecs,
      encoderNode,
      notes: 'encoderNode: Solid Colour → Encoder (VP9/WebM); encodeFps = 1000 / (ms per frame with Record on − with Record off), finishing and checking the file included. webcodecs: moving canvas content, no tfjs.',
    };
    mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
    writeFileSync(new URL('./results/media-codecs.json', import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
    return report;
  } finally {
    await browser.close();
    await server.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(JSON.stringify(await runMediaBenchmark(), null, 2));
