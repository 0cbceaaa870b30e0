/**
 * Decode benchmark in headless Chromium: how fast the Video Source gets frames out of a
 * 256×256 clip, per codec, at three depths:
 * - `decodeFps`: WebCodecs through mediabunny's VideoSampleSink alone (no scaling, no readback);
 * - `decodeFitFps`: plus fitting each frame to 256×256 and reading its RGBA bytes back
 *   (VideoReader, what `prepare` does);
 * - `nodeFps`: a graph of one Video Source node rendered offline on the cpu backend: decode,
 *   fit, upload as a tensor, the scheduler's own cost.
 * The clips are made by ffmpeg at bench time (testsrc2 pattern, moving, 300 frames, 30 fps).
 *
 * Run it through `npm run bench` (bench/run.ts), or alone: `tsx bench/media-decode.ts`.
 * Writes bench/results/media-decode.json. `BENCH_DIST=<dir>` serves another build than dist/.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { ROOT, ensureBuild, serveApp } from '../scripts/lib/app-server';
import { CHROMIUM, FFMPEG, ensureAptTool, launchChromium } from '../scripts/lib/chromium';
import { openStudio } from '../scripts/lib/studio-page';
import { emptyGraph } from '../src/core';
import type { Graph } from '../src/core';
import { mediaTestBundle } from '../test/e2e/media-sources/bundle';

export interface DecodeBenchOptions {
  readonly size: number;
  readonly frames: number;
  readonly repeats: number;
}

export const DEFAULT_DECODE_OPTIONS: DecodeBenchOptions = { size: 256, frames: 300, repeats: 3 };

const CLIPS = [
  { codec: 'vp9', file: 'clip-vp9.webm', args: ['-c:v', 'libvpx-vp9', '-b:v', '1M', '-deadline', 'realtime', '-cpu-used', '8'] },
  { codec: 'vp8', file: 'clip-vp8.webm', args: ['-c:v', 'libvpx', '-b:v', '1M'] },
  { codec: 'avc', file: 'clip-avc.mp4', args: ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-preset', 'veryfast'] },
  { codec: 'av1', file: 'clip-av1.mp4', args: ['-c:v', 'libsvtav1', '-preset', '10', '-pix_fmt', 'yuv420p'] },
] as const;

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number): number => Number(x.toFixed(1));

function makeClips(dir: string, size: number, frames: number): void {
  for (const clip of CLIPS) {
    const result = spawnSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=${size}x${size}:rate=30`, '-frames:v', String(frames), '-g', '60', ...clip.args, path.join(dir, clip.file)], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`ffmpeg could not make the ${clip.codec} clip: ${result.stderr}`);
  }
}

function videoSourceGraph(clip: string, size: number): Graph {
  return {
    ...emptyGraph('bench decode'),
    settings: { width: size, height: size, fps: 30 },
    nodes: [{ id: 'src', type: 'video-source', typeVersion: 1, params: { clip, fit: 'crop', atEnd: 'loop', offset: 0, stride: 1 }, position: { x: 0, y: 0 } }],
    edges: [],
  };
}

/** Renders the clip's frames through a fresh Video Source node (reset: nothing cached); ms. */
function nodeRun(page: Page, graph: Graph, frames: number): Promise<number> {
  return page.evaluate(async ({ graphText, frames }) => {
    const { scheduler, tf } = window.__studio!;
    await scheduler.pause();
    scheduler.setMode('offline');
    await scheduler.load(JSON.parse(graphText) as Graph);
    await scheduler.reset();
    const started = performance.now();
    if (!(await scheduler.renderFrames(frames))) throw new Error(`a frame failed: ${scheduler.nodeStats('src')?.message ?? 'unknown'}`);
    await tf.tidy(() => tf.scalar(0)).data();
    return performance.now() - started;
  }, { graphText: JSON.stringify(graph), frames });
}

export async function runDecodeBenchmark(options: DecodeBenchOptions = DEFAULT_DECODE_OPTIONS, log: (line: string) => void = (l) => console.error(l)): Promise<object> {
  ensureAptTool(CHROMIUM, log);
  ensureAptTool(FFMPEG, log);
  const dir = mkdtempSync(path.join(tmpdir(), 'nfp-bench-decode-'));
  const dist = process.env.BENCH_DIST ? path.resolve(process.env.BENCH_DIST) : path.join(ROOT, 'dist');
  ensureBuild(dist, log);
  const server = await serveApp(dist);
  const browser = await launchChromium();
  try {
    const { size, frames, repeats } = options;
    makeClips(dir, size, frames);
    const { page } = await openStudio(browser.context, server.url, 'cpu');
    await page.route('**/__fixtures/*', (route) => route.fulfill({ body: readFileSync(path.join(dir, path.basename(new URL(route.request().url()).pathname))) }));
    await page.addScriptTag({ content: await mediaTestBundle() });
    const userAgent = await page.evaluate(() => navigator.userAgent);
    await page.evaluate(() => window.__studio!.scheduler.pause());
    const results = [];
    for (const clip of CLIPS) {
      log(`decode ${clip.codec}…`);
      const imported = await page.evaluate((file) => window.__media!.importFixtures([file], 'video'), clip.file);
      if (!imported.ok) throw new Error(`${clip.file}: ${imported.error.message}`);
      const decode: number[] = [];
      const fit: number[] = [];
      const node: number[] = [];
      await nodeRun(page, videoSourceGraph(imported.asset.sha256, size), 10); // warm-up: kernels, decoder start-up
      for (let r = 0; r < repeats; r++) {
        const plain = await page.evaluate((file) => window.__media!.decodeOnly(file), clip.file);
        if (plain.decoded !== frames) throw new Error(`${clip.file}: decoded ${plain.decoded} of ${frames} frames`);
        decode.push(plain.ms);
        const fitted = await page.evaluate(({ file, size }) => window.__media!.decodeAll(file, { width: size, height: size }, 'crop'), { file: clip.file, size });
        if (fitted.decoded !== frames) throw new Error(`${clip.file}: the reader decoded ${fitted.decoded} of ${frames} frames`);
        fit.push(fitted.ms);
        node.push(await nodeRun(page, videoSourceGraph(imported.asset.sha256, size), frames));
      }
      results.push({
        codec: clip.codec, container: path.extname(clip.file).slice(1), frames: imported.asset.meta?.frames,
        decodeFps: round((frames * 1000) / median(decode)), decodeFitFps: round((frames * 1000) / median(fit)), nodeFps: round((frames * 1000) / median(node)),
      });
    }
    await page.close();
    const report = {
      benchmark: 'media-decode',
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version, browser: userAgent },
      size: `${size}x${size}`, frames, repeats, statistic: 'median of repeats; fps = frames / wall time',
      clips: results,
      notes: 'decodeFps: mediabunny VideoSampleSink alone. decodeFitFps: + fit to the frame size and read RGBA back (VideoReader). nodeFps: Video Source node alone, offline, cpu backend (+ tensor upload, scheduler).',
    };
    mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
    writeFileSync(new URL('./results/media-decode.json', import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
    return report;
  } finally {
    await browser.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(JSON.stringify(await runDecodeBenchmark(), null, 2));
