import type { Tensor, Tensor1D, Tensor2D, Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../../core';

/**
 * Colour coherence (Deforum's name for it): pull a frame's colours towards a reference's by
 * giving its CIE Lab channels the reference's per-channel mean and standard deviation.
 *
 * Lab rather than RGB because its channels are lightness and two opponent colour axes, nearly
 * independent: matching them one by one moves a colour cast without also moving brightness,
 * which per-channel RGB matching (the Loop Monitor's quick fix) cannot promise.
 *
 * Conventions, shared by the tfjs and the plain-bytes code so the two agree:
 * - RGB is sRGB in [0, 1], linearised with the sRGB curve, converted to XYZ with the sRGB
 *   primaries and normalised by the D65 white; L is 0–100, a and b roughly −128…127.
 * - Statistics are pooled over every pixel of every frame given (a dataset's colours are one
 *   distribution); the standard deviation is the population one (divide by N).
 */

/** Per-channel Lab statistics as plain numbers: [L, a, b] each. */
export interface ColourStatistics {
  readonly mean: readonly [number, number, number];
  readonly std: readonly [number, number, number];
}

/** The same statistics as [3] tensors, so a per-frame reference never reads back from the GPU. */
export interface ColourStatisticTensors {
  readonly mean: Tensor1D;
  readonly std: Tensor1D;
}

// sRGB primaries → XYZ (D65), and back (IEC 61966-2-1, as tabulated by Bruce Lindbloom).
const RGB_TO_XYZ = [
  [0.4124564, 0.3575761, 0.1804375],
  [0.2126729, 0.7151522, 0.072175],
  [0.0193339, 0.119192, 0.9503041],
] as const;
const XYZ_TO_RGB = [
  [3.2404542, -1.5371385, -0.4985314],
  [-0.969266, 1.8760108, 0.041556],
  [0.0556434, -0.2040259, 1.0572252],
] as const;
const D65_WHITE = [0.95047, 1, 1.08883] as const;
// The CIE f(t): a cube root above (6/29)³, a line below it so that dark colours stay finite.
const DELTA = 6 / 29;
const DELTA_CUBED = DELTA ** 3;
const LINEAR_SLOPE = 1 / (3 * DELTA * DELTA);
/** A frame flatter than this (Lab units) is not stretched further: it would divide by ~0. */
const MIN_STD = 1e-3;

/** [n, h, w, 3] sRGB in [0, 1] → [n, h, w, 3] Lab. */
export function rgbToLab(tf: Tf, rgb: Tensor4D): Tensor4D {
  return tf.tidy(() => {
    const c = tf.clipByValue(rgb, 0, 1);
    const linear = tf.where(tf.lessEqual(c, 0.04045), tf.div(c, 12.92), tf.pow(tf.div(tf.add(c, 0.055), 1.055), 2.4));
    const xyz = tf.div(mix(tf, linear, RGB_TO_XYZ), tf.tensor1d([...D65_WHITE]));
    const safe = tf.maximum(xyz, DELTA_CUBED);
    const f = tf.where(tf.greater(xyz, DELTA_CUBED), tf.pow(safe, 1 / 3), tf.add(tf.mul(xyz, LINEAR_SLOPE), 4 / 29));
    const [fx, fy, fz] = tf.split(f, 3, 3);
    const l = tf.sub(tf.mul(fy!, 116), 16);
    const a = tf.mul(tf.sub(fx!, fy!), 500);
    const b = tf.mul(tf.sub(fy!, fz!), 200);
    return tf.concat([l, a, b], 3) as Tensor4D;
  });
}

/** [n, h, w, 3] Lab → [n, h, w, 3] sRGB, clipped to [0, 1] (a matched colour may leave the gamut). */
export function labToRgb(tf: Tf, lab: Tensor4D): Tensor4D {
  return tf.tidy(() => {
    const [l, a, b] = tf.split(lab, 3, 3);
    const fy = tf.div(tf.add(l!, 16), 116);
    const f = tf.concat([tf.add(fy, tf.div(a!, 500)), fy, tf.sub(fy, tf.div(b!, 200))], 3);
    const cubed = tf.pow(tf.maximum(f, DELTA), 3);
    const xyz = tf.mul(tf.where(tf.greater(f, DELTA), cubed, tf.div(tf.sub(f, 4 / 29), LINEAR_SLOPE)), tf.tensor1d([...D65_WHITE]));
    const linear = tf.maximum(mix(tf, xyz, XYZ_TO_RGB), 0);
    const curved = tf.sub(tf.mul(tf.pow(tf.maximum(linear, 0.0031308), 1 / 2.4), 1.055), 0.055);
    const srgb = tf.where(tf.lessEqual(linear, 0.0031308), tf.mul(linear, 12.92), curved);
    return tf.clipByValue(srgb, 0, 1) as Tensor4D;
  });
}

/**
 * Lab statistics of a frame [h, w, 3] or frames [n, h, w, 3] in [0, 1], pooled over all
 * pixels, as tensors: what the node keeps, since reading numbers back stalls the GPU.
 */
export function labStatisticTensors(tf: Tf, frames: Tensor): ColourStatisticTensors {
  return tf.tidy(() => {
    const pixels = tf.reshape(rgbToLab(tf, asBatch(tf, frames)), [-1, 3]);
    const { mean, variance } = tf.moments(pixels, 0);
    return { mean: mean as Tensor1D, std: tf.sqrt(variance) as Tensor1D };
  });
}

/**
 * Lab statistics of a frame [h, w, 3] or frames [n, h, w, 3] in [0, 1], pooled over all
 * pixels, as plain numbers. It reads back from the GPU (synchronously): meant for a reference
 * computed once, or for a harness, not for every frame of a live loop.
 *
 * @example
 * const reference = labStatistics(tf, seedFrame); // { mean: [L, a, b], std: [L, a, b] }
 */
export function labStatistics(tf: Tf, frames: Tensor): ColourStatistics {
  const tensors = labStatisticTensors(tf, frames);
  const mean = tensors.mean.dataSync();
  const std = tensors.std.dataSync();
  tf.dispose([tensors.mean, tensors.std]);
  return { mean: [mean[0]!, mean[1]!, mean[2]!], std: [std[0]!, std[1]!, std[2]!] };
}

/**
 * Pulls each frame's colours towards `reference`: every frame (its own statistics, not the
 * batch's) gets its Lab channels shifted and scaled to the reference's mean and std, the
 * result is mixed with the frame in Lab by `strength` (0 = unchanged, 1 = matched), and
 * turned back into RGB clipped to [0, 1]. Creates only tensors it returns or tidies, so it
 * may run inside a caller's `tf.tidy`.
 *
 * @example
 * const out = tf.tidy(() => matchColours(tf, frames, colourStatisticsOfBytes(datasetFrames), 0.5));
 */
export function matchColours(tf: Tf, frames: Tensor4D, reference: ColourStatistics, strength: number): Tensor4D {
  return tf.tidy(() => matchColourStatistics(tf, frames, { mean: tf.tensor1d([...reference.mean]), std: tf.tensor1d([...reference.std]) }, strength));
}

/** `matchColours` with the reference as tensors (a reference that changes each frame). */
export function matchColourStatistics(tf: Tf, frames: Tensor4D, reference: ColourStatisticTensors, strength: number): Tensor4D {
  return tf.tidy(() => {
    const lab = rgbToLab(tf, frames);
    const { mean, variance } = tf.moments(lab, [1, 2], true);
    const gain = tf.div(reference.std, tf.maximum(tf.sqrt(variance), MIN_STD));
    const matched = tf.add(tf.mul(tf.sub(lab, mean), gain), reference.mean);
    const mixed = tf.add(lab, tf.mul(tf.sub(matched, lab), strength));
    return labToRgb(tf, mixed as Tensor4D);
  });
}

/**
 * The same statistics as `labStatistics`, from frames as bytes and without tfjs (a dataset's
 * stored frames, an evaluation's captured ones): pooled over every pixel of every frame.
 * `channels` is 4 for RGBA frames (alpha ignored). Sums run in doubles, two passes for the
 * std, so the result does not depend on how many pixels there are.
 *
 * @example
 * const reference = colourStatisticsOfBytes(await datasets.readFrames(id, 0, 16), 3);
 */
export function colourStatisticsOfBytes(frames: readonly Uint8Array[], channels: 3 | 4 = 3): ColourStatistics {
  let count = 0;
  for (const frame of frames) count += Math.floor(frame.length / channels);
  if (count === 0) throw new Error('colourStatisticsOfBytes: no pixels to measure');
  const lab = new Float64Array(count * 3);
  let at = 0;
  for (const frame of frames) {
    for (let i = 0; i + channels <= frame.length; i += channels, at += 3) {
      labOfByte(frame[i]!, frame[i + 1]!, frame[i + 2]!, lab, at);
    }
  }
  const mean = [0, 0, 0];
  for (let i = 0; i < lab.length; i++) mean[i % 3]! += lab[i]!;
  for (let c = 0; c < 3; c++) mean[c]! /= count;
  const squares = [0, 0, 0];
  for (let i = 0; i < lab.length; i++) squares[i % 3]! += (lab[i]! - mean[i % 3]!) ** 2;
  const std = squares.map((s) => Math.sqrt(s / count));
  return { mean: [mean[0]!, mean[1]!, mean[2]!], std: [std[0]!, std[1]!, std[2]!] };
}

/** sRGB byte → linear light, once per byte value. */
const LINEAR_OF_BYTE = Float64Array.from({ length: 256 }, (_, v) => {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
});

function labOfByte(r: number, g: number, b: number, out: Float64Array, at: number): void {
  const lr = LINEAR_OF_BYTE[r]!, lg = LINEAR_OF_BYTE[g]!, lb = LINEAR_OF_BYTE[b]!;
  const fx = labCurve((RGB_TO_XYZ[0][0] * lr + RGB_TO_XYZ[0][1] * lg + RGB_TO_XYZ[0][2] * lb) / D65_WHITE[0]);
  const fy = labCurve((RGB_TO_XYZ[1][0] * lr + RGB_TO_XYZ[1][1] * lg + RGB_TO_XYZ[1][2] * lb) / D65_WHITE[1]);
  const fz = labCurve((RGB_TO_XYZ[2][0] * lr + RGB_TO_XYZ[2][1] * lg + RGB_TO_XYZ[2][2] * lb) / D65_WHITE[2]);
  out[at] = 116 * fy - 16;
  out[at + 1] = 500 * (fx - fy);
  out[at + 2] = 200 * (fy - fz);
}

function labCurve(t: number): number {
  return t > DELTA_CUBED ? Math.cbrt(t) : t * LINEAR_SLOPE + 4 / 29;
}

/** Applies a 3×3 matrix to the last axis: out[…, i] = Σ_j matrix[i][j] · x[…, j]. */
function mix(tf: Tf, x: Tensor, matrix: readonly (readonly number[])[]): Tensor {
  const transposed = tf.transpose(tf.tensor2d(matrix as number[][])) as Tensor2D;
  return tf.reshape(tf.matMul(tf.reshape(x, [-1, 3]), transposed), x.shape);
}

function asBatch(tf: Tf, frames: Tensor): Tensor4D {
  if (frames.rank === 3) return tf.expandDims(frames, 0) as Tensor4D;
  if (frames.rank === 4) return frames as Tensor4D;
  throw new Error(`colour statistics need a frame [h, w, 3] or frames [n, h, w, 3], got shape [${frames.shape.join(', ')}]`);
}
