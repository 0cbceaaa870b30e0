import type { Scalar, Tensor1D, Tensor2D, Tensor3D, Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../../core';

/**
 * Loop-health metrics computed on the GPU, inside the caller's `tf.tidy`: nothing here reads
 * data back. Frames are [H, W, 3] float32 in [0, 1].
 *
 * - Detail (gradient energy): mean of dx² + dy² (forward differences) over every pixel that has
 *   a right and a lower neighbour, and over the channels: the eval command's definition
 *   (tools/eval/metrics.ts `gradientEnergy`) on floats instead of bytes. 0 for a flat frame; it
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
 *
 * Each op is a GPU dispatch, and on a software GPU (SwiftShader) every dispatch costs
 * milliseconds whatever its size, so these are written with few ops: about 25 per frame.
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

/** `finiteOnly(frame)` and the count of values it replaced, sharing one finiteness test. */
export function splitFinite(tf: Tf, frame: Tensor3D): { clean: Tensor3D; nonFinite: Scalar } {
  const finite = tf.isFinite(frame);
  return {
    clean: tf.where(finite, frame, tf.zerosLike(frame)),
    nonFinite: tf.sub(frame.size, tf.sum(tf.cast(finite, 'float32'))),
  };
}

// [2, 2, 3, 2] depthwise filter: per channel, output 0 is in(y, x + 1) − in(y, x) and output 1
// is in(y + 1, x) − in(y, x) (tfjs convolutions correlate: no flip).
const DIFFERENCES = [[[[-1, -1], [-1, -1], [-1, -1]], [[1, 0], [1, 0], [1, 0]]], [[[0, 1], [0, 1], [0, 1]], [[0, 0], [0, 0], [0, 0]]]];

export function gradientEnergy(tf: Tf, frame: Tensor3D): Scalar {
  const [h, w] = frame.shape;
  if (h < 2 || w < 2) return tf.scalar(0);
  // One 'valid' depthwise convolution gives dx and dy exactly where both neighbours exist:
  // [1, h − 1, w − 1, 6]. The mean over those 6 values per pixel is (dx² + dy²)/2 per channel.
  const differences = tf.depthwiseConv2d(tf.expandDims(frame, 0) as Tensor4D, tf.tensor4d(DIFFERENCES), 1, 'valid');
  return tf.mul(tf.mean(tf.square(differences)), 2);
}

export function meanAbsoluteChange(tf: Tf, a: Tensor3D, b: Tensor3D): Scalar {
  return tf.mean(tf.abs(tf.sub(a, b)));
}

/** Per-channel soft histograms, [3, HISTOGRAM_BINS], each row summing to 1. */
export function softHistogram(tf: Tf, frame: Tensor3D): Tensor2D {
  const [h, w] = frame.shape;
  const stride = Math.max(1, Math.ceil(Math.max(h, w) / HISTOGRAM_SIDE));
  const sampled = stride > 1 ? tf.stridedSlice(frame, [0, 0, 0], [h, w, 3], [stride, stride, 1]) : frame;
  // A value's weight in bin k is 1 − min(BINS·|value − centreₖ|, 1), centreₖ = (k + ½)/BINS,
  // after clamping values to the outer centres so the outer bins take everything beyond them.
  // Pixels go last ([3, 1, N] against [1, BINS, 1]) so the sum over them is an innermost
  // reduction, and the mean weight is taken as 1 − BINS · mean(min(|value − centre|, 1/BINS)),
  // which keeps the ops on the big [3, BINS, N] tensor to four.
  const half = 0.5 / HISTOGRAM_BINS;
  const channels = tf.clipByValue(tf.reshape(tf.transpose(tf.reshape(sampled, [-1, 3])), [3, 1, -1]), half, 1 - half);
  const centres = tf.reshape(tf.linspace(half, 1 - half, HISTOGRAM_BINS), [1, HISTOGRAM_BINS, 1]);
  const distance = tf.clipByValue(tf.abs(tf.sub(channels, centres)), 0, 1 / HISTOGRAM_BINS);
  return tf.sub(1, tf.mul(tf.mean(distance, 2), HISTOGRAM_BINS)) as Tensor2D;
}

/** Total variation between two sets of per-channel histograms, averaged over the channels. */
export function histogramDistance(tf: Tf, p: Tensor2D, q: Tensor2D): Scalar {
  // ½·Σₖ|p − q| averaged over 3 channels is Σ|p − q| / 6.
  return tf.div(tf.sum(tf.abs(tf.sub(p, q))), 6);
}

/**
 * All four metrics of one frame as a vector indexed by `METRIC`, from `splitFinite(frame)`:
 * the clean frame and its non-finite count. `previous` is the previous clean frame (motion is 0
 * without one) and `referenceHistogram` the reference's `softHistogram`.
 */
export function frameMetrics(tf: Tf, frame: { clean: Tensor3D; nonFinite: Scalar }, previous: Tensor3D | undefined, referenceHistogram: Tensor2D): Tensor1D {
  return tf.stack([
    gradientEnergy(tf, frame.clean),
    previous ? meanAbsoluteChange(tf, frame.clean, previous) : tf.scalar(0),
    histogramDistance(tf, softHistogram(tf, frame.clean), referenceHistogram),
    frame.nonFinite,
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
