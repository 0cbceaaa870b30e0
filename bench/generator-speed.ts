/**
 * Generator speed in headless Chromium: train steps/s (the studio's pix2pix Trainer) and
 * inference ms/frame (G fed its own output, as the loop runs it) per preset and frame size, on
 * every tfjs backend the browser starts — webgpu with WEBGPU_USE_NAIVE_CONV2D_TRANSPOSE on and
 * off, webgl, cpu — all through the app's eval page (eval.html, src/eval/generator-bench.ts).
 *
 * Time is bounded: each case trains for `trainSeconds` after a warm-up step and infers for
 * `inferenceSeconds`; a case predicted (from those measured, by generator MACs) to take over
 * `maxStepSeconds` per train step is skipped with that reason, and no case starts after
 * `budgetSeconds`. On a GPU machine the same defaults measure everything in a few minutes.
 *
 * Run it through `npm run bench` (bench/run.ts, `--only generator`), or alone:
 * `tsx bench/generator-speed.ts`. Writes bench/results/generator-speed.json. Environment:
 * BENCH_DIST (another build), BENCH_GEN_PRESETS (e.g. tiny,standard), BENCH_GEN_SIZES
 * (e.g. 64,128,256), BENCH_GEN_BATCH, BENCH_GEN_TRAIN_S, BENCH_GEN_MAX_STEP_S, BENCH_GEN_BUDGET_S.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { serveApp } from '../scripts/lib/app-server';
import { CHROMIUM, ensureAptTool, launchChromium } from '../scripts/lib/chromium';
import { prepareEvalBuild } from '../scripts/lib/eval-build';
import { benchInPage, openEvalPage } from '../scripts/lib/eval-page';
import { GENERATOR_PRESETS } from '../src/nodes/generator/unet';
import type { GeneratorPreset } from '../src/nodes/generator/unet';
import { BENCH_CONFIGS, configLabel, generatorMacs, predictStepSeconds } from './generator-plan';
import type { BenchBackend, MeasuredCost } from './generator-plan';

export interface GeneratorBenchOptions {
  readonly presets: readonly GeneratorPreset[];
  readonly sizes: readonly number[];
  readonly batch: number;
  readonly trainSeconds: number;
  readonly inferenceSeconds: number;
  readonly maxStepSeconds: number;
  readonly budgetSeconds: number;
}

export const DEFAULT_GENERATOR_OPTIONS: GeneratorBenchOptions = {
  presets: ['tiny', 'standard'], sizes: [64, 128, 256], batch: 1, trainSeconds: 4, inferenceSeconds: 2, maxStepSeconds: 8, budgetSeconds: 360,
};

/** DEFAULT_GENERATOR_OPTIONS with the BENCH_GEN_* environment variables applied. @throws Error naming a bad one. */
export function generatorOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): GeneratorBenchOptions {
  const list = (name: string): string[] | undefined => env[name]?.split(',').map((s) => s.trim()).filter(Boolean);
  const number = (name: string, fallback: number): number => {
    const text = env[name];
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!(value > 0)) throw new Error(`${name} must be a positive number, got "${text}"`);
    return value;
  };
  const presets = list('BENCH_GEN_PRESETS') ?? DEFAULT_GENERATOR_OPTIONS.presets;
  const bad = presets.find((p) => !(GENERATOR_PRESETS as readonly string[]).includes(p));
  if (bad !== undefined) throw new Error(`BENCH_GEN_PRESETS: "${bad}" is not one of ${GENERATOR_PRESETS.join(', ')}`);
  const sizes = list('BENCH_GEN_SIZES')?.map(Number) ?? DEFAULT_GENERATOR_OPTIONS.sizes;
  if (sizes.some((s) => ![32, 64, 128, 256].includes(s))) throw new Error(`BENCH_GEN_SIZES must list sizes from 32, 64, 128, 256, got "${env['BENCH_GEN_SIZES']}"`);
  return {
    presets: presets as GeneratorPreset[],
    sizes,
    batch: number('BENCH_GEN_BATCH', DEFAULT_GENERATOR_OPTIONS.batch),
    trainSeconds: number('BENCH_GEN_TRAIN_S', DEFAULT_GENERATOR_OPTIONS.trainSeconds),
    inferenceSeconds: DEFAULT_GENERATOR_OPTIONS.inferenceSeconds,
    maxStepSeconds: number('BENCH_GEN_MAX_STEP_S', DEFAULT_GENERATOR_OPTIONS.maxStepSeconds),
    budgetSeconds: number('BENCH_GEN_BUDGET_S', DEFAULT_GENERATOR_OPTIONS.budgetSeconds),
  };
}

const round = (x: number, digits = 3): number => Number(x.toPrecision(digits));

/** The adapters behind webgpu and webgl in this browser, for reading the figures. */
function adapters(page: Page): Promise<object> {
  return page.evaluate(async () => {
    const gpu = (navigator as { gpu?: { requestAdapter(): Promise<{ info?: Record<string, unknown> } | null> } }).gpu;
    const adapter = await gpu?.requestAdapter();
    const info = adapter?.info;
    const gl = document.createElement('canvas').getContext('webgl2');
    const debug = gl?.getExtension('WEBGL_debug_renderer_info');
    return {
      webgpu: info ? { vendor: info['vendor'], architecture: info['architecture'], description: info['description'], isFallbackAdapter: info['isFallbackAdapter'] } : null,
      webgl: gl && debug ? String(gl.getParameter(debug.UNMASKED_RENDERER_WEBGL)) : null,
    };
  });
}

export async function runGeneratorBenchmark(options: GeneratorBenchOptions = generatorOptionsFromEnv(), log: (line: string) => void = (l) => console.error(l)): Promise<object> {
  ensureAptTool(CHROMIUM, log);
  const server = await serveApp(prepareEvalBuild(process.env['BENCH_DIST'] ? path.resolve(process.env['BENCH_DIST']) : undefined, log));
  const browser = await launchChromium();
  const started = performance.now();
  const elapsed = (): number => (performance.now() - started) / 1000;
  try {
    // One page per backend, opened up front: idle pages cost nothing, and a tfjs backend is never swapped under live tensors.
    const pages = new Map<BenchBackend, Page | string>();
    for (const backend of ['webgpu', 'webgl', 'cpu'] as const) {
      const opened = await openEvalPage(browser.context, server.url, backend);
      if (opened.backend === backend) pages.set(backend, opened.page);
      else pages.set(backend, opened.skipped.find((s) => s.backend === backend)?.reason ?? `fell back to ${opened.backend}`);
    }
    const firstPage = [...pages.values()].find((p): p is Page => typeof p !== 'string');
    const userAgent = firstPage ? await firstPage.evaluate(() => navigator.userAgent) : 'unknown';
    const adapterInfo = firstPage ? await adapters(firstPage) : {};
    const measured = new Map<string, MeasuredCost[]>();
    const cases: object[] = [];
    for (const preset of options.presets) {
      for (const size of options.sizes) {
        for (const config of BENCH_CONFIGS) {
          const label = configLabel(config);
          const base = { config: label, backend: config.backend, ...(config.naiveConv2dTranspose === undefined ? {} : { naiveConv2dTranspose: config.naiveConv2dTranspose }), preset, size, batch: options.batch };
          const page = pages.get(config.backend)!;
          const costs = measured.get(label) ?? [];
          const predicted = predictStepSeconds(costs, preset, size);
          const skip = typeof page === 'string' ? `${config.backend} is unavailable in this browser: ${page}`
            : elapsed() > options.budgetSeconds ? `the section's ${options.budgetSeconds} s budget was spent`
            : predicted !== undefined && predicted > options.maxStepSeconds
              ? `predicted ${round(predicted)} s per train step from the cases measured on ${label}, over the ${options.maxStepSeconds} s cap` : undefined;
          if (skip !== undefined || typeof page === 'string') {
            log(`generator ${preset} ${size}px on ${label}: skipped (${skip})`);
            cases.push({ ...base, skipped: skip });
            continue;
          }
          log(`generator ${preset} ${size}px on ${label}…`);
          const result = await benchInPage(page, { preset, size, batch: options.batch, trainSeconds: options.trainSeconds, inferenceSeconds: options.inferenceSeconds, ...(config.naiveConv2dTranspose === undefined ? {} : { naiveConv2dTranspose: config.naiveConv2dTranspose }) });
          costs.push({ preset, size, secondsPerStep: 1 / result.trainStepsPerSecond });
          measured.set(label, costs);
          log(`  ${round(result.trainStepsPerSecond)} train steps/s, ${round(result.inferenceMsPerFrame)} ms/frame`);
          cases.push({
            ...base, parameters: result.parameters, generatorMacsPerFrame: generatorMacs(preset, size),
            firstTrainStepMs: Math.round(result.firstTrainStepMs), trainSteps: result.trainSteps, trainStepsPerSecond: round(result.trainStepsPerSecond),
            firstFrameMs: Math.round(result.firstFrameMs), inferenceFrames: result.inferenceFrames, inferenceMsPerFrame: round(result.inferenceMsPerFrame),
          });
        }
      }
    }
    const report = {
      benchmark: 'generator-speed',
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version, browser: userAgent, adapters: adapterInfo },
      options,
      seconds: Math.round(elapsed()),
      notes: 'trainStepsPerSecond: Trainer.step (G + PatchGAN D, L1×100 + GAN loss, Adam, jitter, default patch filter gradients) on random frames, after one warm-up step (firstTrainStepMs). inferenceMsPerFrame: G on its own output (dropout off, clipped), batch 1, timed over inferenceFrames frames ending in one readback. Skipped cases say why.',
      cases,
    };
    mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
    writeFileSync(new URL('./results/generator-speed.json', import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
    return report;
  } finally {
    await browser.close();
    await server.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(JSON.stringify(await runGeneratorBenchmark(), null, 2));
