import type { Scalar, Tensor3D } from '@tensorflow/tfjs';
import type { Tf } from '../../core';
import { finiteOnly, gradientEnergy, meanAbsoluteChange } from '../monitor/metrics';
import type { FrameStore } from '../../core/training-kit';
import type { DatasetSplit } from './held-out';
import { applyRepeatedly } from '../unet/unet-job';
import type { UNet, UNetRunOptions } from '../unet/unet';

/**
 * Frames the loop check runs. The eval scores loops at frame 300, but 100 already tells a
 * freezing loop (motion falling towards 0) and an exploding one (detail several times the
 * clip's) apart, at a third of the cost: about 7 s a checkpoint for the tiny network at 64 px
 * on the tfjs CPU backend.
 */
export const LOOP_CHECK_FRAMES = 100;
/** The loop's detail and motion are averaged over its last frames: one frame's motion is noisy. */
const SETTLED_FRAMES = 10;
/** Ratios are clamped to [1/1000, 1000] so a frozen or NaN loop scores a large finite distance, not ∞. */
const RATIO_LIMIT = 1000;

/** How a loop run from a held-out frame ends, against the held-out frames themselves. */
export interface LoopCheck {
  /** The loop's mean gradient energy over its last frames ÷ the held-out frames'. */
  readonly detailRatio: number;
  /** The loop's mean frame-to-frame change over its last frames ÷ the held-out frames' (n → n + gap). */
  readonly motionRatio: number;
  /** |ln detailRatio| + |ln motionRatio|: 0 when the loop keeps the clip's detail and motion. */
  readonly distance: number;
}

/**
 * The loop distance of two ratios (see `LoopCheck.distance`): an explosion (×10) and a
 * blur or freeze (÷10) count the same. Non-finite ratios count as the limit.
 */
export function loopDistance(detailRatio: number, motionRatio: number): number {
  const logOf = (ratio: number) => Math.log(Number.isFinite(ratio) ? Math.min(Math.max(ratio, 1 / RATIO_LIMIT), RATIO_LIMIT) : RATIO_LIMIT);
  return Math.abs(logOf(detailRatio)) + Math.abs(logOf(motionRatio));
}

/**
 * Runs `net` as the loop runs it (its own output fed back in the app's [0, 1] range, as the
 * Feedback node does; `runOptions` asked once per frame) for `LOOP_CHECK_FRAMES` frames from
 * the first held-out frame, and compares the detail and motion it ends with to the held-out
 * frames'. The held-out loss says which checkpoint
 * predicts one frame best; this says which one makes a loop that neither freezes nor fills
 * with texture. Reads only held-out frames. Undefined when nothing is held out.
 */
export async function heldOutLoopCheck(
  tf: Tf, net: UNet, frames: FrameStore, split: DatasetSplit, reference: ClipStatistics, runOptions: () => UNetRunOptions,
): Promise<LoopCheck | undefined> {
  const first = split.heldOutStarts[0];
  if (first === undefined) return undefined;
  let previous: Tensor3D | undefined;
  const sums = { detail: 0, motion: 0 };
  try {
    await applyRepeatedly(tf, net, frames.toTensor(tf, [frames.frame(first)]), LOOP_CHECK_FRAMES, runOptions, async (frame, output) => {
      if (frame <= LOOP_CHECK_FRAMES - SETTLED_FRAMES) return;
      const clean = tf.tidy(() => finiteOnly(tf, tf.squeeze(output, [0]) as Tensor3D));
      const [detail, motion] = await readScalars(tf, () => [gradientEnergy(tf, clean), previous ? meanAbsoluteChange(tf, clean, previous) : tf.scalar(0)]);
      previous?.dispose();
      previous = clean;
      sums.detail += detail!;
      // The first settled frame has no settled predecessor, so motion is averaged over one frame fewer.
      sums.motion += motion!;
    });
  } finally {
    previous?.dispose();
  }
  const detailRatio = ratio(sums.detail / SETTLED_FRAMES, reference.detail);
  const motionRatio = ratio(sums.motion / (SETTLED_FRAMES - 1), reference.motion);
  return { detailRatio, motionRatio, distance: loopDistance(detailRatio, motionRatio) };
}

/** `a / b`, where a still clip (b = 0) makes a frozen loop a match and any motion infinitely too much. */
function ratio(a: number, b: number): number {
  return b > 0 ? a / b : a > 0 ? Number.POSITIVE_INFINITY : 1;
}

/** What a loop is compared with: the real frames' mean detail and mean change per step. */
export interface ClipStatistics {
  readonly detail: number;
  readonly motion: number;
}

/**
 * Mean detail of the held-out pairs' first frames and mean change over their pairs (n → n + gap).
 * The same for every checkpoint: measure it once per training run. Undefined when nothing is held out.
 */
export async function heldOutStatistics(tf: Tf, frames: FrameStore, split: DatasetSplit, gap: number): Promise<ClipStatistics | undefined> {
  const starts = split.heldOutStarts;
  if (starts.length === 0) return undefined;
  let detail = 0;
  let motion = 0;
  for (const start of starts) {
    const pair = frames.toTensor(tf, [frames.frame(start), frames.frame(start + gap)]);
    const [d, m] = await readScalars(tf, () => {
      const [a, b] = tf.unstack(pair) as [Tensor3D, Tensor3D];
      return [gradientEnergy(tf, a), meanAbsoluteChange(tf, a, b)];
    });
    pair.dispose();
    detail += d!;
    motion += m!;
  }
  return { detail: detail / starts.length, motion: motion / starts.length };
}

/** The scalars `make` computes, read back in one go; no tensor outlives the call. */
async function readScalars(tf: Tf, make: () => Scalar[]): Promise<number[]> {
  const stacked = tf.tidy(() => tf.stack(make()));
  try {
    return Array.from(await stacked.data());
  } finally {
    stacked.dispose();
  }
}
