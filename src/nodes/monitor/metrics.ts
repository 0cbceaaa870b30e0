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
 *   histogram instead; per-channel histograms stay small on the GPU ([pixels, 3, 16]) and
 *   catch the per-channel casts that colour drift is made of.
 * - Non-finite: how many values are NaN or ±Inf. The other metrics read such values as 0, so
 *   one NaN does not turn every metric into NaN.
 */

/** Bins per channel of the soft colour histograms. */
export const HISTOGRAM_BINS = 16;
/** Histograms sample the frame on a grid of at most this many pixels a side (every pixel when smaller). */
export const HISTOGRAM_SIDE = 128;

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
  const here = tf.slice(frame, [0, 0, 0], [h - 1, w - 1, 3]);
  const right = tf.slice(frame, [0, 1, 0], [h - 1, w - 1, 3]);
  const below = tf.slice(frame, [1, 0, 0], [h - 1, w - 1, 3]);
  return tf.mean(tf.add(tf.square(tf.sub(right, here)), tf.square(tf.sub(below, here))));
}

export function meanAbsoluteChange(tf: Tf, a: Tensor3D, b: Tensor3D): Scalar {
  return tf.mean(tf.abs(tf.sub(a, b)));
}

/** Per-channel soft histograms, [3, HISTOGRAM_BINS], each row summing to 1. */
export function softHistogram(tf: Tf, frame: Tensor3D): Tensor2D {
  const [h, w] = frame.shape;
  const stride = Math.max(1, Math.ceil(Math.max(h, w) / HISTOGRAM_SIDE));
  const sampled = stride > 1 ? tf.stridedSlice(frame, [0, 0, 0], [h, w, 3], [stride, stride, 1]) : frame;
  // Bin k's centre sits at (k + ½)/BINS; values beyond the outer centres go wholly to the outer bins.
  const position = tf.clipByValue(tf.sub(tf.mul(tf.reshape(sampled, [-1, 3, 1]), HISTOGRAM_BINS), 0.5), 0, HISTOGRAM_BINS - 1);
  const centres = tf.reshape(tf.range(0, HISTOGRAM_BINS), [1, 1, HISTOGRAM_BINS]);
  const weights = tf.relu(tf.sub(1, tf.abs(tf.sub(position, centres))));
  return tf.mean(weights, 0) as Tensor2D;
}

/** Total variation between two sets of per-channel histograms, averaged over the channels. */
export function histogramDistance(tf: Tf, p: Tensor2D, q: Tensor2D): Scalar {
  return tf.mean(tf.mul(tf.sum(tf.abs(tf.sub(p, q)), 1), 0.5));
}

/**
 * All four metrics of one frame as a vector indexed by `METRIC`. `clean` is the frame after
 * `finiteOnly`, `raw` the frame as it arrived (for the NaN count); `previous` and `reference`
 * are clean frames. Motion is 0 when there is no previous frame.
 */
export function frameMetrics(tf: Tf, raw: Tensor3D, clean: Tensor3D, previous: Tensor3D | undefined, reference: Tensor3D): Tensor1D {
  return tf.stack([
    gradientEnergy(tf, clean),
    previous ? meanAbsoluteChange(tf, clean, previous) : tf.scalar(0),
    histogramDistance(tf, softHistogram(tf, clean), softHistogram(tf, reference)),
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
