import type { Scalar, Tensor1D, Tensor2D, Tensor3D } from '@tensorflow/tfjs';
import type { Tf } from '../../core';

/**
 * Loop-health metrics computed on the GPU, inside the caller's `tf.tidy`: nothing here reads
 * data back. Frames are [H, W, 3] float32 in [0, 1].
 *
 * - Detail (gradient energy): mean of dx² + dy² (forward differences) over every pixel that has
 *   a right and a lower neighbour, and over the channels: the eval command's definition
 *   (src/eval/metrics.ts `gradientEnergy`) on floats instead of bytes. 0 for a flat frame; it
 *   falls as a loop blurs into mush.
 * - Motion: mean |frame − previous| over all values, in [0, 1] (eval's `meanAbsoluteChange`).
 *   0 means a frozen loop.
 * - Histogram distance: per-channel soft histograms of `HISTOGRAM_BINS` bins (each value split
 *   linearly between its two nearest bin centres, so a slow colour drift moves the distance
 *   smoothly instead of in jumps at bin edges), each normalised to sum to 1. The distance is
 *   the total variation ½·Σ|p − q| per channel, averaged over R, G, B: 0 for the same colour
 *   distribution, 1 when every channel's values are disjoint. Eval uses a joint 8³ hard
 *   histogram instead; per-channel histograms stay small on the GPU ([3, 16, pixels]) and
 *   catch the per-channel casts that colour drift is made of.
 * - Non-finite: how many values are NaN or ±Inf. The other metrics read such values as 0, so
 *   one NaN does not turn every metric into NaN.
 */

/** Bins per channel of the soft colour histograms. */
export const HISTOGRAM_BINS = 16;
/**
 * Histograms sample the frame on a grid of at most this many pixels a side (every pixel when
 * smaller): 4,096 samples per channel pin 16 bins to about 1.5 %, at a fixed cost whatever the size.
 */
export const HISTOGRAM_SIDE = 64;

/** Indices into the vector `frameMetrics` returns. */
export const METRIC = { detail: 0, motion: 1, histogram: 2, nonFinite: 3 } as const;
export const METRIC_COUNT = 4;

/** `frame` with NaN and ±Inf replaced by 0. */
export function finiteOnly(tf: Tf, frame: Tensor3D): Tensor3D {
  return tf.where(tf.isFinite(frame), frame, tf.zerosLike(frame));
}

/** Count of NaN and ±Inf values, as a float scalar. */
export function nonFiniteCount(tf: Tf, frame: Tensor3D): Scalar {
  return tf.sum(tf.cast(tf.logicalNot(tf.isFinite(frame)), 'float32'));
}

export function gradientEnergy(tf: Tf, frame: Tensor3D): Scalar {
  const [h, w] = frame.shape;
  if (h < 2 || w < 2) return tf.scalar(0);
  // Differences between flat slices: contiguous copies on every backend, where a column slice
  // of the frame is a strided gather (slow on cpu). Rows 0…h−2 pair each pixel with the next
  // one in memory (its right neighbour) and the one a row further (below it); the pairs that
  // start in the last column wrap to the next row, so their sum is taken back out.
  const flat = tf.reshape(frame, [-1]);
  const n = (h - 1) * w * 3;
  const here = tf.slice(flat, 0, n);
  const dx = tf.sub(tf.slice(flat, 3, n), here);
  const dy = tf.sub(tf.slice(flat, w * 3, n), here);
  const energy = tf.reshape(tf.add(tf.square(dx), tf.square(dy)), [h - 1, w, 3]);
  const lastColumn = tf.slice(energy, [0, w - 1, 0], [h - 1, 1, 3]);
  return tf.div(tf.sub(tf.sum(energy), tf.sum(lastColumn)), (h - 1) * (w - 1) * 3);
}

export function meanAbsoluteChange(tf: Tf, a: Tensor3D, b: Tensor3D): Scalar {
  return tf.mean(tf.abs(tf.sub(a, b)));
}

/** Per-channel soft histograms, [3, HISTOGRAM_BINS], each row summing to 1. */
export function softHistogram(tf: Tf, frame: Tensor3D): Tensor2D {
  const [h, w] = frame.shape;
  const stride = Math.max(1, Math.ceil(Math.max(h, w) / HISTOGRAM_SIDE));
  const sampled = stride > 1 ? tf.stridedSlice(frame, [0, 0, 0], [h, w, 3], [stride, stride, 1]) : frame;
  // [3, 1, N] against [1, BINS, 1] puts the pixels last, so the sum over them is an innermost
  // reduction (no transpose of the [3, BINS, N] distances). Bin k's centre sits at (k + ½)/BINS;
  // values beyond the outer centres go wholly to the outer bins. A value's weight in bin k is
  // 1 − min(|position − k|, 1), so the mean weight is 1 − the mean clipped distance: this keeps
  // the only broadcasting op (slow on cpu) to one.
  const channels = tf.reshape(tf.transpose(tf.reshape(sampled, [-1, 3])), [3, 1, -1]);
  const position = tf.clipByValue(tf.sub(tf.mul(channels, HISTOGRAM_BINS), 0.5), 0, HISTOGRAM_BINS - 1);
  const centres = tf.reshape(tf.range(0, HISTOGRAM_BINS), [1, HISTOGRAM_BINS, 1]);
  const distance = tf.clipByValue(tf.abs(tf.sub(position, centres)), 0, 1);
  return tf.sub(1, tf.mean(distance, 2)) as Tensor2D;
}

/** Total variation between two sets of per-channel histograms, averaged over the channels. */
export function histogramDistance(tf: Tf, p: Tensor2D, q: Tensor2D): Scalar {
  return tf.mean(tf.mul(tf.sum(tf.abs(tf.sub(p, q)), 1), 0.5));
}

/**
 * All four metrics of one frame as a vector indexed by `METRIC`. `clean` is the frame after
 * `finiteOnly`, `raw` the frame as it arrived (for the NaN count); `previous` is the previous
 * clean frame (motion is 0 without one) and `referenceHistogram` the reference's `softHistogram`.
 */
export function frameMetrics(tf: Tf, raw: Tensor3D, clean: Tensor3D, previous: Tensor3D | undefined, referenceHistogram: Tensor2D): Tensor1D {
  return tf.stack([
    gradientEnergy(tf, clean),
    previous ? meanAbsoluteChange(tf, clean, previous) : tf.scalar(0),
    histogramDistance(tf, softHistogram(tf, clean), referenceHistogram),
    nonFiniteCount(tf, raw),
  ]) as Tensor1D;
}

/**
 * Shifts and scales each channel of `frame` so its mean and standard deviation equal
 * `reference`'s (the colour transfer of Reinhard et al. 2001, in RGB), clipped to [0, 1]. A
 * flat channel (σ = 0) becomes the reference's mean. This is the fix Deforum users reach for
 * against a loop's colour drift.
 */
export function matchColour(tf: Tf, frame: Tensor3D, reference: Tensor3D): Tensor3D {
  const own = tf.moments(frame, [0, 1]);
  const target = tf.moments(reference, [0, 1]);
  const ownStd = tf.sqrt(own.variance);
  const gain = tf.where(tf.greater(ownStd, 1e-6), tf.div(tf.sqrt(target.variance), tf.maximum(ownStd, 1e-6)), tf.zerosLike(ownStd));
  return tf.clipByValue(tf.add(tf.mul(tf.sub(frame, own.mean), gain), target.mean), 0, 1) as Tensor3D;
}
