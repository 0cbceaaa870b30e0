import type { Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../../core';
import type { RandomStream } from '../../core/training-kit';
import { HISTORY_FRAMES } from './model';

/** Frames in one training clip: 4 of history and the one to predict. */
export const CLIP_FRAMES = HISTORY_FRAMES + 1;
/** Side of the training crops (seed 3: 32×32 patches). */
export const CROP_SIZE = 32;
/** dyelax's MOVEMENT_THRESHOLD: sum of squared differences between consecutive crop frames, pixels in [−1, 1]. */
export const DEFAULT_MOTION_THRESHOLD = 100;
/** Crops tried per clip before the last one is taken anyway (dyelax: 100). */
export const CROP_TRIES = 100;
/** Share of clips that take their first crop whatever its motion (dyelax: 5 %), so still scenes are not unlearnt. */
export const ANY_CROP_SHARE = 0.05;

/** A clip: frames start … start + 4, cropped at (top, left). */
export interface ClipCrop {
  readonly start: number;
  readonly top: number;
  readonly left: number;
}

/** Square RGB frames (size × size × 3 bytes), as a FrameStore holds them. */
export interface SquareFrames {
  readonly size: number;
  readonly count: number;
  frame(index: number): Uint8Array;
}

/**
 * dyelax's `clip_l2_diff`: Σ over the 4 consecutive frame pairs of the crop and over its pixels
 * and channels of (a − b)², with pixels in [−1, 1]. A still crop scores 0.
 */
export function cropMotion(frames: SquareFrames, crop: ClipCrop, cropSize = CROP_SIZE): number {
  const { size } = frames;
  let sum = 0;
  for (let f = crop.start; f < crop.start + CLIP_FRAMES - 1; f++) {
    const a = frames.frame(f);
    const b = frames.frame(f + 1);
    for (let y = crop.top; y < crop.top + cropSize; y++) {
      const row = (y * size + crop.left) * 3;
      for (let i = row; i < row + cropSize * 3; i++) {
        const difference = (2 * (a[i]! - b[i]!)) / 255;
        sum += difference * difference;
      }
    }
  }
  return sum;
}

/** A picked clip, and whether it passed the motion test (false: a still clip taken on purpose or after every try failed). */
export interface PickedCrop extends ClipCrop {
  readonly moving: boolean;
}

/**
 * One training clip as dyelax's `process_clip` picks it: a random start, then random crops of
 * those 5 frames until one moves more than `threshold`; 5 % of clips take the first crop
 * regardless, and after `CROP_TRIES` failures the last crop is taken. Every number comes from
 * `random`, in a fixed order, so a resumed run picks the same clips.
 */
export function pickCrop(frames: SquareFrames, random: RandomStream, threshold: number, cropSize = CROP_SIZE): PickedCrop {
  if (frames.count < CLIP_FRAMES) throw new RangeError(`A training clip needs ${CLIP_FRAMES} frames, the dataset has ${frames.count}`);
  if (frames.size < cropSize) throw new RangeError(`${frames.size}px frames are smaller than the ${cropSize}px crops`);
  const takeFirst = random.next() < ANY_CROP_SHARE;
  const start = random.int(frames.count - CLIP_FRAMES + 1);
  let crop: ClipCrop = { start, top: 0, left: 0 };
  for (let attempt = 0; attempt < CROP_TRIES; attempt++) {
    crop = { start, top: random.int(frames.size - cropSize + 1), left: random.int(frames.size - cropSize + 1) };
    if (takeFirst) return { ...crop, moving: cropMotion(frames, crop, cropSize) > threshold };
    if (cropMotion(frames, crop, cropSize) > threshold) return { ...crop, moving: true };
  }
  return { ...crop, moving: false };
}

/**
 * The clips as tensors in [0, 1]: `history` [N, c, c, 12] (4 frames stacked on channels, oldest
 * first, as dyelax's clips) and `target` [N, c, c, 3]. Gathered in JS from the bytes: one upload each.
 */
export function cropsToBatch(tf: Tf, frames: SquareFrames, crops: readonly ClipCrop[], cropSize = CROP_SIZE): { history: Tensor4D; target: Tensor4D } {
  const pixels = cropSize * cropSize;
  const history = new Uint8Array(crops.length * pixels * 3 * HISTORY_FRAMES);
  const target = new Uint8Array(crops.length * pixels * 3);
  crops.forEach((crop, n) => {
    for (let f = 0; f < CLIP_FRAMES; f++) {
      const source = frames.frame(crop.start + f);
      for (let y = 0; y < cropSize; y++) {
        for (let x = 0; x < cropSize; x++) {
          const from = ((crop.top + y) * frames.size + crop.left + x) * 3;
          const pixel = n * pixels + y * cropSize + x;
          if (f < HISTORY_FRAMES) history.set(source.subarray(from, from + 3), pixel * 3 * HISTORY_FRAMES + f * 3);
          else target.set(source.subarray(from, from + 3), pixel * 3);
        }
      }
    }
  });
  return tf.tidy(() => ({
    history: tf.div(tf.tensor4d(history, [crops.length, cropSize, cropSize, 3 * HISTORY_FRAMES], 'int32'), 255) as Tensor4D,
    target: tf.div(tf.tensor4d(target, [crops.length, cropSize, cropSize, 3], 'int32'), 255) as Tensor4D,
  }));
}
