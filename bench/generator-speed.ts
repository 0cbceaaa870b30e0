/**
 * Generator speed in headless Chromium: train steps/s (the studio's pix2pix Trainer) and
 * inference ms/frame (G fed its own output, as the loop runs it) per preset and frame size, on
 * every tfjs backend the browser starts — webgpu with WEBGPU_USE_NAIVE_CONV2D_TRANSPOSE on and
 * off, webgl, cpu — all through the eval page (tools/eval/eval.html, tools/eval/generator-bench.ts).
 *
 * Time is bounded: each case trains for `trainSeconds` after a warm-up step and infers for
 * `inferenceSeconds` after warm-up frames. A case predicted (from those measured on the same
 * backend, scaled by generator MACs) to be slow runs once, warm-up included, and one slower
 * still is skipped, each with the reason; no case starts after `budgetSeconds`. On a GPU
 * machine the same defaults measure everything properly in a few minutes.
 *
 * Run it through `npm run bench` (bench/run.ts, `--only generator`), or alone:
 * `tsx bench/generator-speed.ts`. Writes bench/results/generator-speed.json. Environment:
 * BENCH_DIST (another build), BENCH_GEN_PRESETS (e.g. tiny,standard), BENCH_GEN_SIZES
 * (e.g. 64,128,256), BENCH_GEN_BATCH, BENCH_GEN_TRAIN_S (timed training per case),
 * BENCH_GEN_MAX_STEP_S (the longest single train step worth running), BENCH_GEN_BUDGET_S.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { serveApp } from '../scripts/lib/app-server';
import { CHROMIUM, ensureAptTool, launchChromium } from '../scripts/lib/chromium';
import type { LaunchedChromium } from '../scripts/lib/chromium';
import { prepareEvalBuild } from '../scripts/lib/eval-build';
import { benchInPage, openEvalPage } from '../scripts/lib/eval-page';
import { MODEL_SIZES } from '../src/nodes/model-sizes';
import { GENERATOR_PRESETS } from '../src/nodes/unet/unet';
import type { GeneratorPreset } from '../src/nodes/unet/unet';
import { BENCH_CONFIGS, chooseMode, configLabel, generatorMacs, predictSeconds } from './generator-plan';
import type { BenchBackend, MeasuredCost, ModeLimits } from './generator-plan';

export interface GeneratorBenchOptions {
  readonly presets: readonly GeneratorPreset[];
  readonly sizes: readonly number[];
  readonly batch: number;
  readonly trainSeconds: number;
  readonly inferenceSeconds: number;
  /** Predicted seconds per train step up to which steps are repeated, and up to which one is run at all. */
  readonly train: ModeLimits;
  /** The same for one inference frame. */
  readonly inference: ModeLimits;
  readonly budgetSeconds: number;
}

export const DEFAULT_GENERATOR_OPTIONS: GeneratorBenchOptions = {
  presets: ['tiny', 'standard'], sizes: [64, 128, 256], batch: 1, trainSeconds: 4, inferenceSeconds: 2,
  train: { timed: 8, single: 45 }, inference: { timed: 1, single: 20 }, budgetSeconds: 480,
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
  if (sizes.some((s) => !(MODEL_SIZES as readonly string[]).includes(String(s)))) throw new Error(`BENCH_GEN_SIZES must list sizes from ${MODEL_SIZES.join(', ')}, got "${env['BENCH_GEN_SIZES']}"`);
  return {
    presets: presets as GeneratorPreset[],
    sizes,
    batch: number('BENCH_GEN_BATCH', DEFAULT_GENERATOR_OPTIONS.batch),
    trainSeconds: number('BENCH_GEN_TRAIN_S', DEFAULT_GENERATOR_OPTIONS.trainSeconds),
    inferenceSeconds: DEFAULT_GENERATOR_OPTIONS.inferenceSeconds,
    train: { ...DEFAULT_GENERATOR_OPTIONS.train, single: number('BENCH_GEN_MAX_STEP_S', DEFAULT_GENERATOR_OPTIONS.train.single) },
    inference: DEFAULT_GENERATOR_OPTIONS.inference,
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
  const browsers: LaunchedChromium[] = [];
  const started = performance.now();
  const elapsed = (): number => (performance.now() - started) / 1000;
  try {
    // One page per backend, opened up front (idle pages cost nothing; a tfjs backend is never
    // swapped under live tensors), each in a browser of its own: Chromium lowers the priority
    // of tabs not in front, which would slow the backends measured in them on a busy machine.
    const pages = new Map<BenchBackend, Page | string>();
    for (const backend of ['webgpu', 'webgl', 'cpu'] as const) {
      const browser = await launchChromium();
      browsers.push(browser);
      const opened = await openEvalPage(browser.context, server.url, backend);
      if (opened.backend === backend) pages.set(backend, opened.page);
      else pages.set(backend, opened.skipped.find((s) => s.backend === backend)?.reason ?? `fell back to ${opened.backend}`);
    }
    const firstPage = [...pages.values()].find((p): p is Page => typeof p !== 'string');
    const userAgent = firstPage ? await firstPage.evaluate(() => navigator.userAgent) : 'unknown';
    const adapterInfo = firstPage ? await adapters(firstPage) : {};
    const measured = { train: new Map<string, MeasuredCost[]>(), inference: new Map<string, MeasuredCost[]>() };
    const record = (kind: 'train' | 'inference', label: string, cost: MeasuredCost): void => {
      measured[kind].set(label, [...(measured[kind].get(label) ?? []), cost]);
    };
    const cases: object[] = [];
    for (const preset of options.presets) {
      for (const size of options.sizes) {
        for (const config of BENCH_CONFIGS) {
          const label = configLabel(config);
          const naive = config.naiveConv2dTranspose === undefined ? {} : { naiveConv2dTranspose: config.naiveConv2dTranspose };
          const base = { config: label, backend: config.backend, ...naive, preset, size, batch: options.batch, generatorMacsPerFrame: generatorMacs(preset, size) };
          const page = pages.get(config.backend)!;
          const unavailable = typeof page === 'string' ? `${config.backend} is unavailable in this browser: ${page}`
            : elapsed() > options.budgetSeconds ? `the section's ${options.budgetSeconds} s budget was spent` : undefined;
          const train = unavailable ? { mode: 'skip' as const, reason: unavailable } : chooseMode(predictSeconds(measured.train.get(label) ?? [], preset, size), options.train);
          const inference = unavailable ? { mode: 'skip' as const, reason: unavailable } : chooseMode(predictSeconds(measured.inference.get(label) ?? [], preset, size), options.inference);
          if (typeof page === 'string' || (train.mode === 'skip' && inference.mode === 'skip')) {
            log(`generator ${preset} ${size}px on ${label}: skipped (${train.reason})`);
            cases.push({ ...base, train: { skipped: train.reason }, inference: { skipped: inference.reason } });
            continue;
          }
          log(`generator ${preset} ${size}px on ${label}: train ${train.mode}, inference ${inference.mode}…`);
          const result = await benchInPage(page, {
            preset, size, batch: options.batch, train: train.mode, trainSeconds: options.trainSeconds, inference: inference.mode, inferenceSeconds: options.inferenceSeconds, ...naive,
          });
          if (result.train) record('train', label, { preset, size, seconds: 1 / result.train.stepsPerSecond });
          if (result.inference) record('inference', label, { preset, size, seconds: result.inference.msPerFrame / 1000 });
          log(`  ${result.train ? `${round(result.train.stepsPerSecond)} train steps/s` : 'training skipped'}, ${result.inference ? `${round(result.inference.msPerFrame)} ms/frame` : 'inference skipped'}`);
          cases.push({
            ...base,
            parameters: result.parameters,
            train: result.train
              ? { stepsPerSecond: round(result.train.stepsPerSecond), steps: result.train.runs, firstStepMs: Math.round(result.train.firstMs), includesWarmUp: result.train.includesWarmUp, ...(train.reason ? { note: train.reason } : {}) }
              : { skipped: train.reason },
            inference: result.inference
              ? { msPerFrame: round(result.inference.msPerFrame), frames: result.inference.runs, firstFrameMs: Math.round(result.inference.firstMs), includesWarmUp: result.inference.includesWarmUp, ...(inference.reason ? { note: inference.reason } : {}) }
              : { skipped: inference.reason },
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
      notes: 'train.stepsPerSecond: Trainer.step (G + PatchGAN D, L1×100 + GAN loss, Adam, jitter, default patch filter gradients) on random frames of `batch`, timed after one warm-up step (firstStepMs) unless includesWarmUp. inference.msPerFrame: G on its own output (dropout off, clipped), batch 1, timed over `frames` frames ending in one readback, after warm-up unless includesWarmUp. On webgpu a warm-up-inclusive figure counts shader compiles. Skipped parts say why.',
      cases,
    };
    mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
    writeFileSync(new URL('./results/generator-speed.json', import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
    return report;
  } finally {
    await Promise.all(browsers.map((browser) => browser.close()));
    await server.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(JSON.stringify(await runGeneratorBenchmark(), null, 2));
