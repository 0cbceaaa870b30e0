import type { Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../../core';
import type { FrameDistance, FrameStore } from '../../core/training-kit';
import { frameDistanceLoss } from '../../core/training-kit';
import { runUNet, toModelRange } from '../unet/unet';
import type { UNet } from '../unet/unet';

/**
 * Held-out pairs scored at most, evenly spaced over the held-out frames: scoring then costs
 * about as much as a few training steps however long the dataset is.
 */
export const MAX_HELD_OUT_PAIRS = 64;
/** Pairs per forward pass while scoring; instance statistics are per image, so this changes speed only. */
const SCORE_BATCH = 16;

/** How a dataset's frames are shared between training and the held-out loss. */
export interface DatasetSplit {
  /** Frames [0, trainFrames) are trained on: real pairs and drifts never read a later frame. */
  readonly trainFrames: number;
  /** First frames of the held-out pairs (n → n + gap), all at or after `trainFrames`; empty when nothing is held out. */
  readonly heldOutStarts: readonly number[];
}

/**
 * Keeps the last `percent` % of the frames (rounded down) out of training. They are the
 * dataset's *last* frames, not a random draw: neighbouring frames are near copies, so a
 * randomly held-out frame would be scored on motion its neighbours already taught. When the
 * share is too small to hold one pair, nothing is held out.
 * @throws Error for the user when what is left cannot train `gap` frames ahead.
 */
export function splitDataset(name: string, frameCount: number, percent: number, gap: number): DatasetSplit {
  const heldOutFrames = Math.floor((frameCount * percent) / 100);
  if (heldOutFrames < gap + 1) {
    if (frameCount < gap + 2) throw new Error(`Dataset "${name}" has ${frameCount} frames; training to predict ${gap} frame(s) ahead needs at least ${gap + 2}.`);
    return { trainFrames: frameCount, heldOutStarts: [] };
  }
  const trainFrames = frameCount - heldOutFrames;
  if (trainFrames < gap + 2) {
    throw new Error(`Dataset "${name}" has ${frameCount} frames; holding out ${percent} % leaves ${trainFrames} to train on, and predicting ${gap} frame(s) ahead needs at least ${gap + 2}. Lower "Held-out frames" or record a longer dataset.`);
  }
  const pairs = heldOutFrames - gap;
  const count = Math.min(pairs, MAX_HELD_OUT_PAIRS);
  const heldOutStarts = Array.from({ length: count }, (_, i) => trainFrames + Math.floor((i * pairs) / count));
  return { trainFrames, heldOutStarts };
}

/**
 * The mean frame distance of `net`'s predictions on the held-out pairs, in the network's
 * range and with dropout off (as the loop runs it), so it reads on the same scale as the
 * training loss of that distance. Undefined when nothing is held out.
 */
export function heldOutLoss(
  tf: Tf, net: UNet, frames: FrameStore, split: DatasetSplit, gap: number, distance: FrameDistance,
): Promise<number | undefined> {
  return meanHeldOutDistance(tf, frames, split, gap, distance, (inputs) => runUNet(tf, net, inputs));
}

/**
 * What copying the input frame scores on the same held-out pairs and scale as `heldOutLoss`:
 * the figure a network has to get under to predict anything at all. Undefined when nothing is
 * held out.
 */
export function heldOutCopyLastLoss(tf: Tf, frames: FrameStore, split: DatasetSplit, gap: number, distance: FrameDistance): Promise<number | undefined> {
  return meanHeldOutDistance(tf, frames, split, gap, distance, (inputs) => inputs);
}

/** The mean distance of `predict`'s output (inputs and targets in the network's [-1, 1] range) over the held-out pairs. */
async function meanHeldOutDistance(
  tf: Tf, frames: FrameStore, split: DatasetSplit, gap: number, distance: FrameDistance, predict: (inputs: Tensor4D) => Tensor4D,
): Promise<number | undefined> {
  const starts = split.heldOutStarts;
  if (starts.length === 0) return undefined;
  let sum = 0;
  for (let first = 0; first < starts.length; first += SCORE_BATCH) {
    const batch = starts.slice(first, first + SCORE_BATCH);
    const inputs = frames.toTensor(tf, batch.map((n) => frames.frame(n)));
    const targets = frames.toTensor(tf, batch.map((n) => frames.frame(n + gap)));
    const loss = tf.tidy(() => tf.mul(frameDistanceLoss(tf, distance, predict(toModelRange(tf, inputs)), toModelRange(tf, targets)), batch.length));
    tf.dispose([inputs, targets]);
    sum += (await loss.data())[0]!;
    loss.dispose();
  }
  return sum / starts.length;
}
