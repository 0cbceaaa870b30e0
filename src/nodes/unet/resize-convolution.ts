import type { Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../../core';

/**
 * A resize-convolution's 3×3 kernel [3, 3, in, out] as the 4×4 transposed-convolution kernel
 * [4, 4, out, in] that computes nearest ×2 followed by it. Running it as a transposed
 * convolution costs what pix2pix's decoder costs; convolving the upsampled map directly would
 * cost 2.25× the multiplies (9 taps at four times the pixels against 16 at one).
 */
export function resizeConvolutionKernel(tf: Tf, kernel: Tensor4D): Tensor4D {
  return tf.tidy(() => tf.transpose(foldAxis(tf, foldAxis(tf, kernel, 0), 1), [0, 1, 3, 2]));
}

/**
 * Along one axis, nearest ×2 then a 3-tap convolution ('same') is a stride-2 transposed
 * convolution with 4 taps: output 2i is k0·x(i−1) + (k1 + k2)·x(i), output 2i + 1 is
 * (k0 + k1)·x(i) + k2·x(i+1), which in the transposed convolution's tap order is
 * [k2, k1 + k2, k0 + k1, k0]. Both phases sum to k0 + k1 + k2, which is why a flat input stays
 * flat. The zero padding of the upsampled map falls on the input's own zero padding, so
 * borders match too. Built from the kernel alone, so a forward pass uploads no constant.
 */
function foldAxis(tf: Tf, kernel: Tensor4D, axis: 0 | 1): Tensor4D {
  const [k0, k1, k2] = tf.split(kernel, 3, axis) as [Tensor4D, Tensor4D, Tensor4D];
  return tf.concat([k2, tf.add(k1, k2), tf.add(k0, k1), k0], axis);
}
