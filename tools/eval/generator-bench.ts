import type { Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../../src/core';
import { patchGanConfig } from '../../src/nodes/unet/patchgan';
import { Trainer } from '../../src/nodes/unet/trainer';
import { fromModelRange, runUNet, toModelRange, unetConfig } from '../../src/nodes/unet/unet';
import type { GeneratorPreset, UNet } from '../../src/nodes/unet/unet';

/**
 * How much of a measurement to run: `timed` runs a warm-up, then repeats for the time given;
 * `single` runs once and reports that run, warm-up included (for cases too slow to repeat);
 * `skip` runs nothing.
 */
export type BenchMode = 'timed' | 'single' | 'skip';

/** One generator speed measurement on the page's backend. */
export interface GeneratorBenchCase {
  readonly preset: GeneratorPreset;
  readonly size: number;
  readonly batch: number;
  readonly train: BenchMode;
  /** Time for timed train steps after the warm-up step; at least one timed step runs. */
  readonly trainSeconds: number;
  readonly inference: BenchMode;
  /** Time for timed feedback frames after the warm-up frames; at least one runs. */
  readonly inferenceSeconds: number;
  /** webgpu only: tfjs's WEBGPU_USE_NAIVE_CONV2D_TRANSPOSE flag for this measurement. */
  readonly naiveConv2dTranspose?: boolean;
}

export interface Timing {
  /** The first run: shader compiles, allocation. */
  readonly firstMs: number;
  /** Runs in the rate (the first one alone when `includesWarmUp`). */
  readonly runs: number;
  readonly includesWarmUp: boolean;
}

export interface GeneratorBenchResult {
  readonly backend: string;
  /** Generator weights (the discriminator is extra). */
  readonly parameters: number;
  readonly train?: Timing & { readonly stepsPerSecond: number };
  readonly inference?: Timing & { readonly msPerFrame: number };
}

const FLAG = 'WEBGPU_USE_NAIVE_CONV2D_TRANSPOSE';
const MAX_TIMED_FRAMES = 200;

/**
 * Measures train steps/s (the studio's Trainer: pix2pix losses, PatchGAN, Adam, jitter, its
 * default filter gradients) and inference ms/frame (G fed its own output, as the loop runs it)
 * for one preset and size. Every timed run ends in a readback, so queued GPU work is counted.
 * Frames are random: speed does not depend on content.
 */
export async function benchGenerator(tf: Tf, benchCase: GeneratorBenchCase): Promise<GeneratorBenchResult> {
  const { preset, size, batch, naiveConv2dTranspose } = benchCase;
  const backend = tf.getBackend();
  const previousFlag = backend === 'webgpu' ? tf.env().getBool(FLAG) : undefined;
  if (naiveConv2dTranspose !== undefined) {
    if (backend !== 'webgpu') throw new Error(`${FLAG} applies to webgpu only; this page runs ${backend}`);
    tf.env().set(FLAG, naiveConv2dTranspose);
  }
  const trainer = new Trainer(tf, { generator: unetConfig(preset, size), discriminator: patchGanConfig(preset), preset, seed: 1 });
  try {
    const parameters = Object.values(trainer.generator.weights).reduce((sum, variable) => sum + variable.size, 0);
    const train = benchCase.train === 'skip' ? undefined : await timeTraining(tf, trainer, benchCase);
    const inference = benchCase.inference === 'skip' ? undefined : await timeInference(tf, trainer.generator, benchCase);
    return { backend, parameters, ...(train ? { train } : {}), ...(inference ? { inference } : {}) };
  } finally {
    trainer.dispose();
    if (previousFlag !== undefined) tf.env().set(FLAG, previousFlag);
  }
}

async function timeTraining(tf: Tf, trainer: Trainer, benchCase: GeneratorBenchCase): Promise<Timing & { stepsPerSecond: number }> {
  const { batch, size } = benchCase;
  const inputs = tf.randomUniform([batch, size, size, 3], 0, 1, 'float32', 1) as Tensor4D;
  const targets = tf.randomUniform([batch, size, size, 3], 0, 1, 'float32', 2) as Tensor4D;
  // Trainer.step awaits its losses, so each step's GPU work is done when it resolves.
  const step = () => trainer.step({ inputs, targets });
  try {
    let started = performance.now();
    await step();
    const firstMs = performance.now() - started;
    if (benchCase.train === 'single') return { firstMs, runs: 1, includesWarmUp: true, stepsPerSecond: 1000 / firstMs };
    let runs = 0;
    started = performance.now();
    do {
      await step();
      runs++;
    } while (performance.now() - started < benchCase.trainSeconds * 1000);
    return { firstMs, runs, includesWarmUp: false, stepsPerSecond: runs / ((performance.now() - started) / 1000) };
  } finally {
    tf.dispose([inputs, targets]);
  }
}

async function timeInference(tf: Tf, net: UNet, benchCase: GeneratorBenchCase): Promise<Timing & { msPerFrame: number }> {
  let frame = tf.randomUniform([1, benchCase.size, benchCase.size, 3], 0, 1, 'float32', 3) as Tensor4D;
  const loop = async (frames: number): Promise<number> => {
    const from = performance.now();
    for (let i = 0; i < frames; i++) {
      const input = frame;
      frame = tf.tidy(() => tf.clipByValue(fromModelRange(tf, runUNet(tf, net, toModelRange(tf, input))), 0, 1));
      input.dispose();
    }
    await frame.data();
    return performance.now() - from;
  };
  try {
    const firstMs = await loop(1);
    if (benchCase.inference === 'single') return { firstMs, runs: 1, includesWarmUp: true, msPerFrame: firstMs };
    // One more frame to estimate, then enough to fill the time asked for.
    const estimate = await loop(1);
    const runs = Math.max(1, Math.min(MAX_TIMED_FRAMES, Math.round((benchCase.inferenceSeconds * 1000) / Math.max(estimate, 1e-3))));
    return { firstMs, runs, includesWarmUp: false, msPerFrame: (await loop(runs)) / runs };
  } finally {
    frame.dispose();
  }
}
