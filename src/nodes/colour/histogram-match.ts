import type { Tensor, Tensor2D, Tensor3D, Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../../core';

/**
 * Colour coherence by histogram matching: a frame's colours are remapped so that their
 * distribution becomes the reference's, not just their mean and spread (colour-match.ts). A
 * loop whose colours drift into a new shape (a second mode, clipped highlights, colour noise
 * on grey) is pulled back whole, which Lab mean/std matching cannot do.
 *
 * Matching each RGB channel alone (Deforum's "Match Frame 0 RGB", skimage's `match_histograms`)
 * fixes the three marginal distributions but not how the channels go together: on the
 * development set a loop matched that way kept grey streets as colour noise, 0.6 from the
 * clip's joint RGB histogram. So the match runs along several colour bases in turn, each an
 * orthonormal rotation of RGB (RGB itself, an opponent basis, two fixed oblique ones:
 * `COLOUR_BASES`): matching
 * the marginals along many directions moves the joint distribution towards the reference's
 * (the iterative distribution transfer of Pitié, Kokaram and Dahyot, 2005; sliced optimal
 * transport). Fixed bases keep it deterministic.
 *
 * A distribution along one axis is kept as `QUANTILES` quantiles (its values at 0, 1/(Q−1), … 1
 * of the way through the sorted pixels). A frame's values are remapped by the piecewise-linear
 * map that sends its own quantiles onto the reference's: written as a sum of clipped ramps (one
 * per segment), so it is broadcast elementwise maths with no gather and no sort of the
 * full-size frame; the frame's own quantiles are read off a strided sample of at most
 * `SAMPLE_SIDE` pixels a side.
 */

/** Quantiles per axis: enough that an 8-bins-a-side histogram of the matched frame is the reference's. */
export const QUANTILES = 32;
/** The frame's quantiles are measured on a grid of at most this many pixels a side. */
export const SAMPLE_SIDE = 32;

const S2 = Math.SQRT1_2;
const S3 = 1 / Math.sqrt(3);
const S6 = 1 / Math.sqrt(6);
/**
 * The colour bases the match runs along, in order, each a 3×3 orthonormal matrix whose rows
 * are the axes: RGB; luminance and two opponent axes; RGB turned 45° about the grey axis; and
 * RGB turned 30° about blue then 45° about red. No two bases share an axis. (The last two are
 * rounded to 6 decimals: orthonormal to 1e-6.)
 */
export const COLOUR_BASES: readonly (readonly (readonly number[])[])[] = [
  [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
  [[S3, S3, S3], [S2, -S2, 0], [S6, S6, -2 * S6]],
  [[0.804738, 0.505879, -0.310617], [-0.310617, 0.804738, 0.505879], [0.505879, -0.310617, 0.804738]],
  [[0.866025, 0.353553, 0.353553], [-0.5, 0.612372, 0.612372], [0, -0.707107, 0.707107]],
];

/** Per-basis, per-axis quantiles of a set of frames, [basis][axis][QUANTILES], each ascending. */
export type ColourQuantiles = readonly (readonly (readonly number[])[])[];

/**
 * The quantiles of frames as bytes, without tfjs (a dataset's stored frames, an evaluation's
 * training frames), pooled over every pixel of every frame, along every basis; `channels` is
 * 4 for RGBA (alpha ignored).
 */
export function quantilesOfBytes(frames: readonly Uint8Array[], channels: 3 | 4 = 3): ColourQuantiles {
  let total = 0;
  for (const frame of frames) total += Math.floor(frame.length / channels);
  if (total === 0) throw new Error('quantilesOfBytes: no pixels to measure');
  const positions = quantilePositions(total);
  return COLOUR_BASES.map((basis) => basis.map((axis) => {
    const values = new Float32Array(total);
    let at = 0;
    for (const frame of frames) {
      const pixels = Math.floor(frame.length / channels);
      for (let p = 0; p < pixels; p++) {
        const o = p * channels;
        values[at++] = (axis[0]! * frame[o]! + axis[1]! * frame[o + 1]! + axis[2]! * frame[o + 2]!) / 255;
      }
    }
    values.sort();
    return positions.map((rank) => values[rank]!);
  }));
}

/** Ranks (0-based, into `n` sorted values) of the `QUANTILES` quantiles. */
function quantilePositions(n: number): number[] {
  return Array.from({ length: QUANTILES }, (_, i) => Math.round((i * (n - 1)) / (QUANTILES - 1)));
}

/**
 * The quantiles of frames [n, h, w, 3] (or one [h, w, 3]) pooled over all frames, along every
 * basis, as a [bases, 3, QUANTILES] tensor measured on the strided sample: a reference that
 * stays on the GPU.
 */
export function quantileTensor(tf: Tf, frames: Tensor): Tensor3D {
  return tf.tidy(() => {
    const batch = (frames.rank === 3 ? tf.expandDims(frames, 0) : frames) as Tensor4D;
    const pixels = tf.reshape(sample(tf, batch), [-1, 3]) as Tensor2D;
    const perBasis = COLOUR_BASES.map((basis) => sampleQuantiles(tf, tf.matMul(tf.tensor2d(basis as number[][]), pixels, false, true)));
    return tf.stack(perBasis) as Tensor3D;
  });
}

/**
 * Pulls each frame's colour distribution towards the reference's ([bases, 3, QUANTILES], from
 * `quantileTensor` or `quantilesOfBytes`) by `strength` (0: unchanged, 1: matched): along each
 * basis in turn, every frame of the batch is remapped by its own quantiles. Creates only
 * tensors it returns or tidies, so it may run inside a caller's `tf.tidy`.
 *
 * @example
 * const out = matchHistograms(tf, frames, tf.tensor3d(quantilesOfBytes(datasetFrames) as number[][][]), 1);
 */
export function matchHistograms(tf: Tf, frames: Tensor4D, reference: Tensor3D, strength: number): Tensor4D {
  return tf.tidy(() => {
    const [n, h, w] = frames.shape;
    let colours = tf.reshape(frames, [n, h * w, 3]) as Tensor3D;
    COLOUR_BASES.forEach((basis, b) => {
      const rotation = tf.tensor2d(basis as number[][]);
      const along = tf.matMul(colours, tf.tile(tf.expandDims(rotation, 0), [n, 1, 1]), false, true) as Tensor3D;
      const target = tf.squeeze(tf.slice(reference, [b, 0, 0], [1, 3, QUANTILES]), [0]) as Tensor2D;
      const remapped = remap(tf, along, [n, h, w], target);
      colours = tf.matMul(remapped, tf.tile(tf.expandDims(rotation, 0), [n, 1, 1])) as Tensor3D;
    });
    const matched = tf.reshape(colours, [n, h, w, 3]);
    const mixed = tf.add(frames, tf.mul(tf.sub(matched, frames), strength));
    return tf.clipByValue(mixed, 0, 1) as Tensor4D;
  });
}

/**
 * Values along three axes [n, h·w, 3] remapped so that each frame's quantiles (measured on
 * the strided sample) land on `target` [3, QUANTILES]. The map is tabulated at `TABLE_SIZE`
 * points over the sample's range and each value is read off the table by linear
 * interpolation: two gathers over the frame instead of a ramp per quantile segment (a
 * [h·w, 3, 31] broadcast that cost seconds a frame on a software GPU at 128 px).
 */
function remap(tf: Tf, values: Tensor3D, [n, h, w]: readonly [number, number, number], target: Tensor2D): Tensor3D {
  const image = tf.reshape(values, [n, h, w, 3]) as Tensor4D;
  const sampled = tf.transpose(tf.reshape(sample(tf, image), [n, -1, 3]), [0, 2, 1]); // [n, 3, P]
  const own = tf.reshape(sampleQuantiles(tf, tf.reshape(sampled, [n * 3, -1]) as Tensor2D), [n, 3, QUANTILES]);
  const low = tf.slice(own, [0, 0, 0], [-1, -1, 1]); // [n, 3, 1]
  const span = tf.maximum(tf.sub(tf.slice(own, [0, 0, QUANTILES - 1], [-1, -1, 1]), low), MIN_WIDTH);
  const grid = tf.add(low, tf.mul(span, tf.reshape(tf.linspace(0, 1, TABLE_SIZE), [1, 1, TABLE_SIZE])));
  const table = tf.reshape(mapThroughQuantiles(tf, grid as Tensor3D, own as Tensor3D, target), [-1]); // [n·3·T]
  // Where each value falls in its frame's and axis's table.
  const position = tf.clipByValue(tf.mul(tf.div(tf.sub(values, tf.transpose(low, [0, 2, 1])), tf.transpose(span, [0, 2, 1])), TABLE_SIZE - 1), 0, TABLE_SIZE - 1);
  const below = tf.floor(position);
  const fraction = tf.sub(position, below);
  const offsets = tf.tensor3d(Int32Array.from({ length: n * 3 }, (_, i) => i * TABLE_SIZE), [n, 1, 3], 'int32');
  const index = tf.cast(below, 'int32');
  const lower = tf.add(index, offsets);
  const upper = tf.add(tf.minimum(tf.add(index, tf.scalar(1, 'int32')), tf.scalar(TABLE_SIZE - 1, 'int32')), offsets);
  const at = (indices: Tensor) => tf.reshape(tf.gather(table, tf.reshape(indices, [-1])), values.shape);
  const from = at(lower);
  return tf.add(from, tf.mul(fraction, tf.sub(at(upper), from))) as Tensor3D;
}

/** Points the remap is tabulated at, per frame and axis. */
const TABLE_SIZE = 256;

/**
 * The piecewise-linear map from a frame's quantiles `from` [n, 3, QUANTILES] onto `target`
 * [3, QUANTILES], applied to `points` [n, 3, T]: a sum of clipped ramps, one per segment.
 */
function mapThroughQuantiles(tf: Tf, points: Tensor3D, from: Tensor3D, target: Tensor2D): Tensor3D {
  const segments = QUANTILES - 1;
  const lower = tf.expandDims(tf.slice(from, [0, 0, 0], [-1, -1, segments]), 2); // [n, 3, 1, S]
  const width = tf.sub(tf.expandDims(tf.slice(from, [0, 0, 1], [-1, -1, segments]), 2), lower);
  const rise = tf.reshape(tf.sub(tf.slice(target, [0, 1], [-1, segments]), tf.slice(target, [0, 0], [-1, segments])), [1, 3, 1, segments]);
  // How far through each segment a point is, 0…1. A segment of width 0 (many equal pixels:
  // a flat area, clipped highlights) becomes a step that its value clears, so a tied value
  // goes to the top of its run of reference quantiles, as skimage's match_histograms maps it.
  const through = tf.clipByValue(tf.div(tf.add(tf.sub(tf.expandDims(points, 3), lower), MIN_WIDTH), tf.maximum(width, MIN_WIDTH)), 0, 1);
  const start = tf.reshape(tf.slice(target, [0, 0], [-1, 1]), [1, 3, 1]);
  return tf.add(start, tf.sum(tf.mul(through, rise), 3)) as Tensor3D;
}

/** Segments narrower than this (one 8-bit step is 0.0039) are steps, not ramps: a ramp would divide by ~0. */
const MIN_WIDTH = 1e-4;

/** Every k-th pixel each way, k chosen so neither side exceeds SAMPLE_SIDE. */
function sample(tf: Tf, batch: Tensor4D): Tensor4D {
  const [n, h, w] = batch.shape;
  const stride = Math.max(1, Math.ceil(Math.max(h, w) / SAMPLE_SIDE));
  return stride === 1 ? batch : tf.stridedSlice(batch, [0, 0, 0, 0], [n, h, w, 3], [1, stride, stride, 1]) as Tensor4D;
}

/**
 * Rows of values [r, P] → their quantiles [r, QUANTILES], ascending, read off each row's
 * cumulative distribution over `CDF_BINS` bins between its min and max (linear within a bin):
 * comparisons and sums only, where a sort (tf.topk) is dozens of passes on a GPU.
 */
function sampleQuantiles(tf: Tf, rows: Tensor2D): Tensor2D {
  const low = tf.min(rows, 1, true); // [r, 1]
  const span = tf.maximum(tf.sub(tf.max(rows, 1, true), low), MIN_WIDTH);
  const edges = tf.add(low, tf.mul(span, tf.reshape(tf.linspace(1 / CDF_BINS, 1, CDF_BINS), [1, CDF_BINS]))); // [r, B]
  const cdf = tf.mean(tf.cast(tf.lessEqual(tf.expandDims(rows, 2), tf.expandDims(edges, 1)), 'float32'), 1); // [r, B]
  const previous = tf.concat([tf.zerosLike(tf.slice(cdf, [0, 0], [-1, 1])), tf.slice(cdf, [0, 0], [-1, CDF_BINS - 1])], 1);
  const levels = tf.reshape(tf.linspace(0, 1, QUANTILES), [1, QUANTILES, 1]);
  const into = tf.clipByValue(tf.div(tf.sub(levels, tf.expandDims(previous, 1)), tf.maximum(tf.expandDims(tf.sub(cdf, previous), 1), 1e-6)), 0, 1); // [r, Q, B]
  return tf.add(low, tf.mul(tf.div(span, CDF_BINS), tf.sum(into, 2))) as Tensor2D;
}

/** Bins of the cumulative distribution a frame's quantiles are read from. */
const CDF_BINS = 64;
