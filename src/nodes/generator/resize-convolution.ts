import type { Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../../core';

/**
 * Along one axis, nearest ×2 then a 3-tap convolution ('same') is a stride-2 transposed
 * convolution with 4 taps: output 2i is k0·x(i−1) + (k1 + k2)·x(i), output 2i + 1 is
 * (k0 + k1)·x(i) + k2·x(i+1). Row t of this matrix gives transposed tap t from the three taps.
 * Both phases sum to k0 + k1 + k2, which is why a flat input stays flat. The zero padding of the
 * upsampled map falls on the input's own zero padding, so borders match too.
 */
const NEAREST_THEN_3_TAPS = [[0, 0, 1], [0, 1, 1], [1, 1, 0], [1, 0, 0]] as const;
/** The same in 2-D, [16, 9]: transposed tap (a, b) from 3×3 tap (s, t). */
const FOLD_3X3 = NEAREST_THEN_3_TAPS.flatMap((rowA) => NEAREST_THEN_3_TAPS.map((rowB) => rowA.flatMap((ma) => rowB.map((mb) => ma * mb))));

/**
 * A resize-convolution's 3×3 kernel [3, 3, in, out] as the 4×4 transposed-convolution kernel
 * [4, 4, out, in] that computes nearest ×2 followed by it. Running it as a transposed
 * convolution costs what pix2pix's decoder costs; convolving the upsampled map directly would
 * cost 2.25× the multiplies (9 taps at four times the pixels against 16 at one).
 */
export function resizeConvolutionKernel(tf: Tf, kernel: Tensor4D): Tensor4D {
  const [, , inChannels, outChannels] = kernel.shape;
  return tf.tidy(() => {
    const taps = tf.reshape(kernel, [9, inChannels * outChannels]);
    const folded = tf.matMul(tf.tensor2d(FOLD_3X3, [16, 9]), taps);
    return tf.transpose(tf.reshape(folded, [4, 4, inChannels, outChannels]), [0, 1, 3, 2]);
  });
}

/** Nearest-neighbour ×2 (for tests of the folded kernel): each pixel repeated across, each row repeated down. */
export function nearestDouble(tf: Tf, x: Tensor4D): Tensor4D {
  const [n, height, width, channels] = x.shape;
  return tf.tidy(() => {
    const across = tf.reshape(tf.concat([x, x], 3), [n, height, 2 * width, channels]);
    return tf.reshape(tf.concat([across, across], 2), [n, 2 * height, 2 * width, channels]);
  });
}
