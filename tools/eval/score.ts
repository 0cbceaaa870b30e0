import type { Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../../src/core';
import { FrameStore } from '../../src/core/training-kit/frame-store';
import { fromModelRange, runUNet, toModelRange } from '../../src/nodes/unet/unet';
import type { UNet, UNetRunOptions } from '../../src/nodes/unet/unet';
import type { OneStepScores, RolloutPoint } from './eval-types';
import { averagePool, colourHistogram, countNaN, gradientEnergy, histogramDistance, mean, meanAbsoluteChange, psnr, ssim } from './metrics';
import type { FrameShape } from './metrics';

/** Frames predicted per forward pass when scoring; instance statistics are per image, so this changes speed only. */
const SCORE_BATCH = 8;
/** Rollout points fall every this many frames (and on the last frame). */
export const ROLLOUT_POINT_EVERY = 50;

/** What the rollout is compared with: the whole source clip at the model size. */
export interface SourceStatistics {
  readonly gradientEnergy: number;
  readonly meanAbsChange: number;
  /** The same two on frames average-pooled 4×4 (see metrics.ts: noise averages out there, motion does not). */
  readonly coarseGradientEnergy: number;
  readonly coarseMeanAbsChange: number;
  readonly histogram: Float64Array;
  /** Mean distance of each real frame's histogram to the clip's: what a real frame scores. */
  readonly frameHistogramDistance: number;
}

export function sourceStatistics(frames: readonly Uint8Array[], size: number): SourceStatistics {
  const shape = { width: size, height: size };
  const histogram = colourHistogram(frames);
  const coarse = frames.map((f) => averagePool(f, shape));
  return {
    gradientEnergy: mean(frames.map((f) => gradientEnergy(f, shape))),
    meanAbsChange: mean(frames.slice(1).map((f, i) => meanAbsoluteChange(frames[i]!, f))),
    coarseGradientEnergy: mean(coarse.map((c) => gradientEnergy(c.pixels, c.shape))),
    coarseMeanAbsChange: mean(coarse.slice(1).map((c, i) => meanAbsoluteChange(coarse[i]!.pixels, c.pixels))),
    histogram,
    frameHistogramDistance: mean(frames.map((f) => histogramDistance(colourHistogram([f]), histogram))),
  };
}

/** Scores predicting frame n + 1 by frame n itself over consecutive `frames`: the baseline a model must beat. */
export function copyLastScores(frames: readonly Uint8Array[], size: number): OneStepScores {
  return pairScores(frames.slice(0, -1), frames.slice(1), size);
}

/**
 * One loop step at the model size, on a batch of [0, 1] frames: G alone, or G then a restorer.
 * Called inside `tf.tidy`.
 */
export type FrameStep = (frames: Tensor4D) => Tensor4D;

/**
 * A U-Net node's frame step (the generator's, the restorer's): in the model's range, back to
 * [0, 1], clipped. Dropout off unless `options` (asked once per call, as the loop asks once per
 * frame) turns it on.
 */
export function unetStep(tf: Tf, net: UNet, options: () => UNetRunOptions = () => ({})): FrameStep {
  return (frames) => tf.clipByValue(fromModelRange(tf, runUNet(tf, net, toModelRange(tf, frames), options())), 0, 1);
}

/** `first`, then `second` on its output: a loop of generator → restoration (every frame, full strength). */
export function chainSteps(first: FrameStep, second: FrameStep): FrameStep {
  return (frames) => second(first(frames));
}

/**
 * Scores a step's one-step predictions over consecutive `frames` (n → n + 1), run as the loop
 * runs it, compared as bytes.
 */
export async function oneStepScores(tf: Tf, step: FrameStep, frames: readonly Uint8Array[], size: number): Promise<OneStepScores> {
  const store = FrameStore.of('held out', size, frames);
  const predictions: Uint8Array[] = [];
  for (let start = 0; start < frames.length - 1; start += SCORE_BATCH) {
    const inputs = store.toTensor(tf, frames.slice(start, Math.min(start + SCORE_BATCH, frames.length - 1)));
    const predicted = tf.tidy(() => step(inputs));
    inputs.dispose();
    predictions.push(...(await store.toBytes(tf, predicted)));
    predicted.dispose();
  }
  return pairScores(predictions, frames.slice(1), size);
}

function pairScores(predicted: readonly Uint8Array[], targets: readonly Uint8Array[], size: number): OneStepScores {
  const shape = { width: size, height: size };
  return {
    psnr: mean(predicted.map((p, i) => psnr(p, targets[i]!))),
    ssim: mean(predicted.map((p, i) => ssim(p, targets[i]!, shape))),
  };
}

/**
 * Feeds `step` its own output for `length` frames from the real frame `start`, as the loop's
 * Feedback node does (the float frame goes back in, never rounded), and measures the rollout
 * every `ROLLOUT_POINT_EVERY` frames and at the last one, at full and at coarse scale.
 * `onFrame` runs between frames, where the loop's own training steps run (online learning swaps
 * weights there); `onBytes` sees every frame as bytes (to write the rollout as a video).
 */
export async function rolloutPoints(
  tf: Tf, step: FrameStep, start: Uint8Array, length: number, size: number, source: SourceStatistics,
  onFrame: (done: number) => Promise<void>, onBytes?: (bytes: Uint8Array) => void,
): Promise<{ points: RolloutPoint[]; framesWithNaN: number }> {
  const shape = { width: size, height: size };
  const points: RolloutPoint[] = [];
  let current: Tensor4D = FrameStore.of('start', size, [start]).toTensor(tf, [start]);
  const meter = new ChangeMeter(start, shape);
  let framesWithNaN = 0;
  try {
    for (let frame = 1; frame <= length; frame++) {
      const input = current;
      current = tf.tidy(() => step(input));
      input.dispose();
      const values = (await current.data()) as Float32Array;
      const nanCount = countNaN(values);
      if (nanCount > 0) framesWithNaN++;
      const bytes = toBytes(values);
      onBytes?.(bytes);
      const coarse = meter.add(bytes);
      if (frame % ROLLOUT_POINT_EVERY === 0 || frame === length) {
        const changes = meter.take();
        points.push({
          frame,
          gradientEnergyRatio: ratio(gradientEnergy(bytes, shape), source.gradientEnergy),
          meanAbsChangeRatio: ratio(changes.full, source.meanAbsChange),
          coarseGradientEnergyRatio: ratio(gradientEnergy(coarse.pixels, coarse.shape), source.coarseGradientEnergy),
          coarseMeanAbsChangeRatio: ratio(changes.coarse, source.coarseMeanAbsChange),
          histogramDistance: histogramDistance(colourHistogram([bytes]), source.histogram),
          nanCount,
        });
      }
      await onFrame(frame);
    }
  } finally {
    current.dispose();
  }
  return { points, framesWithNaN };
}

/** The mean change per frame since the last `take`, at full and at coarse (pooled) scale. */
class ChangeMeter {
  private previous: Uint8Array;
  private previousCoarse: Float64Array;
  private full: number[] = [];
  private coarse: number[] = [];

  constructor(first: Uint8Array, private readonly shape: FrameShape) {
    this.previous = first;
    this.previousCoarse = averagePool(first, shape).pixels;
  }

  /** Adds the next frame; its pooled form, for the caller's coarse measures. */
  add(bytes: Uint8Array): ReturnType<typeof averagePool> {
    const pooled = averagePool(bytes, this.shape);
    this.full.push(meanAbsoluteChange(bytes, this.previous));
    this.coarse.push(meanAbsoluteChange(pooled.pixels, this.previousCoarse));
    this.previous = bytes;
    this.previousCoarse = pooled.pixels;
    return pooled;
  }

  take(): { readonly full: number; readonly coarse: number } {
    const taken = { full: mean(this.full), coarse: mean(this.coarse) };
    this.full = [];
    this.coarse = [];
    return taken;
  }
}

/** Rounds [0, 1] floats to bytes as the app's readbacks do; NaN becomes 0. */
function toBytes(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) bytes[i] = Math.round(Math.min(1, Math.max(0, values[i]!)) * 255);
  return bytes;
}

/** rollout / source; null when the source has none of it (a still or flat clip), where no ratio exists. */
function ratio(value: number, reference: number): number | null {
  return reference > 0 ? value / reference : null;
}
