/**
 * Upscaler speed in headless Chromium: the Upscaler node's network path (src/nodes/upscaler)
 * next to the `upscaler` library (UpscalerJS) on the same ESRGAN-slim weights, served from the
 * same origin, on the same tfjs backend in the same browser: median ms/frame each and their
 * ratio (ours / library; the goal is ≤ 1). Each timed frame ends in a readback; after one
 * warm-up frame each, the two sides alternate round by round so drift hits both alike.
 * Frames fit one tile, so both run the whole frame in one network call; `maxAbsDiff`
 * checks they computed the same picture.
 *
 * Run it through `npm run bench -- --only upscaler`, or alone: `tsx bench/upscaler-speed.ts`.
 * Writes bench/results/upscaler-speed.json. Environment: BENCH_UPSCALER_SIZES (input sizes,
 * default 64,128), BENCH_UPSCALER_SCALES (default 2,4), BENCH_UPSCALER_FRAMES (timed rounds
 * per case, default 5), BENCH_UPSCALER_BACKENDS (default webgl,webgpu).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { ROOT, serveApp } from '../scripts/lib/app-server';
import { CHROMIUM, ensureAptTool, launchChromium } from '../scripts/lib/chromium';
import type { UpscalerBenchCase, UpscalerBenchResult } from '../tools/bench/upscaler/page';
import type { UpscaleFactor } from '../src/nodes/upscaler/catalog';

const OUT_DIR = path.join(ROOT, 'test-results', 'upscaler-bench-dist');
const round = (x: number, digits = 3): number => Number(x.toPrecision(digits));

function buildBenchPage(log: (line: string) => void): void {
  log('building the upscaler benchmark page…');
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', path.join(ROOT, 'tools/bench/upscaler/vite.config.ts'), '--outDir', OUT_DIR, '--emptyOutDir'],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } },
  );
  if (result.status !== 0) throw new Error(`vite build of the benchmark page failed:\n${`${result.stdout}${result.stderr}`.trim().split('\n').slice(-20).join('\n')}`);
}

async function openPage(url: string, backend: string, page: Page): Promise<string> {
  await page.goto(`${url}/index.html?backend=${backend}`);
  const handle = await page.waitForFunction(() => {
    const failed = document.querySelector('[data-failed]');
    if (failed) return { failed: failed.textContent ?? 'the page failed to start' };
    return window.__upscalerBench ? { failed: null, backend: window.__upscalerBench.backend } : false;
  }, null, { timeout: 120_000, polling: 100 });
  const result = (await handle.jsonValue()) as { failed: string | null; backend?: string };
  if (result.failed !== null) throw new Error(result.failed);
  return result.backend!;
}

export async function runUpscalerBenchmark(log: (line: string) => void = (l) => console.error(l)): Promise<object> {
  const sizes = (process.env['BENCH_UPSCALER_SIZES'] ?? '64,128').split(',').map(Number);
  const frames = Number(process.env['BENCH_UPSCALER_FRAMES'] ?? 5);
  const scales = (process.env['BENCH_UPSCALER_SCALES'] ?? '2,4').split(',').map((s) => (s.trim() === '4' ? 4 : 2) as UpscaleFactor);
  const backends = (process.env['BENCH_UPSCALER_BACKENDS'] ?? 'webgl,webgpu').split(',');
  ensureAptTool(CHROMIUM, log);
  buildBenchPage(log);
  const server = await serveApp(OUT_DIR);
  const cases: object[] = [];
  let userAgent = 'unknown';
  try {
    for (const backend of backends) {
      const browser = await launchChromium();
      try {
        for (const size of sizes) {
          for (const scale of scales) {
            // A fresh page per case: on software WebGPU a second case in the same page could
            // fail to map even a 7 kB buffer after the first had run both networks.
            const page = await browser.context.newPage();
            const running = await openPage(server.url, backend, page);
            userAgent = await page.evaluate(() => navigator.userAgent);
            if (running !== backend) {
              cases.push({ backend, skipped: `${backend} did not start; the page fell back to ${running}` });
              await page.close();
              break;
            }
            const benchCase: UpscalerBenchCase = { size, scale, frames, tile: 128 };
            log(`upscaler ${size}px ×${scale} on ${backend}…`);
            const result = await page.evaluate((c) => window.__upscalerBench!.run(c), benchCase) as UpscalerBenchResult;
            await page.close();
            const ratio = result.ours.msPerFrame / result.library.msPerFrame;
            log(`  ours ${round(result.ours.msPerFrame)} ms/frame, library ${round(result.library.msPerFrame)} ms/frame, ratio ${round(ratio)}`);
            cases.push({
              backend, model: 'esrgan-slim', inputSize: size, scale, outputSize: size * scale,
              oursMsPerFrame: round(result.ours.msPerFrame), libraryMsPerFrame: round(result.library.msPerFrame), ratio: round(ratio),
              oursFirstFrameMs: Math.round(result.ours.firstFrameMs), libraryFirstFrameMs: Math.round(result.library.firstFrameMs),
              roundRatios: result.ratios.map((r) => round(r)), frames, maxAbsDiff: result.maxAbsDiff,
            });
          }
        }
      } finally {
        await browser.close();
      }
    }
  } finally {
    await server.close();
  }
  const report = {
    benchmark: 'upscaler-speed',
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version, browser: userAgent },
    notes: 'ours: loadUpscalerModel + upscaleWithModel (the Upscaler node\'s path: the network rewritten at load with the [0, 255] range folded into its weights and the upsample + 3×3 tail run as phase kernels + depthToSpace, then clip); library: upscaler 1.0.0 execute(tensor, { output: "tensor" }) with the esrgan-slim definition pointed at the same served weights. Both whole-frame (no tiling), same backend and page, each frame ends in data(); one warm-up frame each, then alternating rounds (ours first, then the library first, …), medians reported. ratio = median ours / median library (goal ≤ 1); roundRatios = ours / library per round. maxAbsDiff in [0, 1] units.',
    cases,
  };
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/upscaler-speed.json', import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
  return report;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(JSON.stringify(await runUpscalerBenchmark(), null, 2));
