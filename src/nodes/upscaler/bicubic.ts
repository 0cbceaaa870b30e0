import type { Tensor2D, Tensor3D } from '@tensorflow/tfjs';
import type { Tf } from '../../core';

/**
 * Keys' cubic convolution kernel with a = -0.5 (the "bicubic" of MATLAB's imresize and of
 * Pillow): interpolating, so a ×k upscale keeps the sampled values.
 */
export function cubicWeight(x: number, a = -0.5): number {
  const t = Math.abs(x);
  if (t <= 1) return (a + 2) * t ** 3 - (a + 3) * t ** 2 + 1;
  if (t < 2) return a * t ** 3 - 5 * a * t ** 2 + 8 * a * t - 4 * a;
  return 0;
}

/**
 * The [outSize, inSize] matrix that resizes one axis by bicubic interpolation, pixel
 * centres aligned (source x = (i + 0.5) / scale - 0.5), edge pixels repeated beyond the border.
 * Each row sums to 1.
 */
export function bicubicMatrix(inSize: number, outSize: number): Float32Array {
  const matrix = new Float32Array(outSize * inSize);
  const ratio = inSize / outSize;
  for (let i = 0; i < outSize; i++) {
    const x = (i + 0.5) * ratio - 0.5;
    const left = Math.floor(x);
    for (let k = left - 1; k <= left + 2; k++) {
      const source = Math.min(Math.max(k, 0), inSize - 1);
      matrix[i * inSize + source]! += cubicWeight(x - k);
    }
  }
  return matrix;
}

/** Row and column matrices for one input size and scale, kept across frames by the caller. */
export interface BicubicMatrices {
  readonly rows: Tensor2D;
  /** Transposed: [inWidth, outWidth]. */
  readonly colsT: Tensor2D;
}

export function bicubicMatrices(tf: Tf, height: number, width: number, scale: number): BicubicMatrices {
  const rows = tf.tensor2d(bicubicMatrix(height, height * scale), [height * scale, height]);
  const cols = tf.tensor2d(bicubicMatrix(width, width * scale), [width * scale, width]);
  const colsT = tf.transpose(cols);
  cols.dispose();
  return { rows, colsT };
}

/**
 * Bicubic upscale of an [h, w, 3] image as two matrix products per channel (separable
 * kernel), clipped to [0, 1] since cubic interpolation overshoots at edges. Call in tf.tidy.
 */
export function bicubicUpscale(tf: Tf, image: Tensor3D, matrices: BicubicMatrices): Tensor3D {
  const [h, w] = image.shape;
  const [outH] = matrices.rows.shape;
  const [, outW] = matrices.colsT.shape;
  const channels = tf.reshape(tf.transpose(image, [2, 0, 1]), [3 * h, w]);
  const alongWidth = tf.reshape(tf.matMul(channels, matrices.colsT), [3, h, outW]);
  const alongHeight = tf.matMul(tf.broadcastTo(matrices.rows, [3, outH, h]), alongWidth);
  return tf.clipByValue(tf.transpose(alongHeight, [1, 2, 0]), 0, 1) as Tensor3D;
}
