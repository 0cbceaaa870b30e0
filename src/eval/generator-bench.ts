import type { Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../core';
import { patchGanConfig } from '../nodes/generator/patchgan';
import { Trainer } from '../nodes/generator/trainer';
import { fromModelRange, runUNet, toModelRange, unetConfig } from '../nodes/generator/unet';
import type { GeneratorPreset } from '../nodes/generator/unet';

/** One generator speed measurement on the page's backend. */
export interface GeneratorBenchCase {
  readonly preset: GeneratorPreset;
  readonly size: number;
  readonly batch: number;
  /** Time for timed train steps after the first (warm-up) one; at least one timed step runs. */
  readonly trainSeconds: number;
  /** Time for timed feedback frames after the warm-up ones; at least one runs. */
  readonly inferenceSeconds: number;
  /** webgpu only: tfjs's WEBGPU_USE_NAIVE_CONV2D_TRANSPOSE flag for this measurement. */
  readonly naiveConv2dTranspose?: boolean;
}

export interface GeneratorBenchResult {
  readonly backend: string;
  readonly preset: GeneratorPreset;
  readonly size: number;
  readonly batch: number;
  readonly naiveConv2dTranspose?: boolean;
  /** Generator weights (the discriminator is extra). */
  readonly parameters: number;
  /** The first step: shader compiles, allocation; not in the rate. */
  readonly firstTrainStepMs: number;
  readonly trainSteps: number;
  readonly trainStepsPerSecond: number;
  readonly firstFrameMs: number;
  readonly inferenceFrames: number;
  /** One feedback-loop frame (G on its own output, batch 1, dropout off), averaged over the timed run. */
  readonly inferenceMsPerFrame: number;
}

const FLAG = 'WEBGPU_USE_NAIVE_CONV2D_TRANSPOSE';
const MAX_TIMED_FRAMES = 200;

/**
 * Measures train steps/s (the studio's Trainer: pix2pix losses, PatchGAN, Adam, jitter, its
 * default filter gradients) and inference ms/frame (G fed its own output, as the loop runs it)
 * for one preset and size. Every timed run ends by reading a value back, so queued GPU work is
 * counted. Frames are random: speed does not depend on content.
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
  const inputs = tf.randomUniform([batch, size, size, 3], 0, 1, 'float32', 1) as Tensor4D;
  const targets = tf.randomUniform([batch, size, size, 3], 0, 1, 'float32', 2) as Tensor4D;
  try {
    const parameters = Object.values(trainer.generator.weights).reduce((sum, variable) => sum + variable.size, 0);
    let started = performance.now();
    await trainer.step({ inputs, targets });
    const firstTrainStepMs = performance.now() - started;
    let trainSteps = 0;
    started = performance.now();
    // Trainer.step awaits its losses, so each step's GPU work is done when it resolves.
    do {
      await trainer.step({ inputs, targets });
      trainSteps++;
    } while (performance.now() - started < benchCase.trainSeconds * 1000);
    const trainStepsPerSecond = trainSteps / ((performance.now() - started) / 1000);

    const net = trainer.generator;
    let frame = tf.slice(inputs, [0], [1]) as Tensor4D;
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
      const firstFrameMs = await loop(1);
      // One more to estimate, then enough frames to fill the time asked for.
      const estimate = await loop(1);
      const inferenceFrames = Math.max(1, Math.min(MAX_TIMED_FRAMES, Math.round((benchCase.inferenceSeconds * 1000) / Math.max(estimate, 1e-3))));
      const inferenceMsPerFrame = (await loop(inferenceFrames)) / inferenceFrames;
      return {
        backend, preset, size, batch, ...(naiveConv2dTranspose === undefined ? {} : { naiveConv2dTranspose }), parameters,
        firstTrainStepMs, trainSteps, trainStepsPerSecond, firstFrameMs, inferenceFrames, inferenceMsPerFrame,
      };
    } finally {
      frame.dispose();
    }
  } finally {
    tf.dispose([inputs, targets]);
    trainer.dispose();
    if (previousFlag !== undefined) tf.env().set(FLAG, previousFlag);
  }
}
