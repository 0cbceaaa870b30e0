import type { Tensor, Tensor4D } from '@tensorflow/tfjs';
import type { Tf } from '../graph/node-definition';

/** pix2pix's batch-norm epsilon. */
export const INSTANCE_NORM_EPSILON = 1e-5;

/**
 * Normalises each image's channels with that image's own mean and variance over height and
 * width, then scales by `gamma` and shifts by `beta` ([C] each): `(x − m)·rsqrt(v + ε)·γ + β`.
 *
 * This is pix2pix's "batch norm in training mode at batch 1", applied per image so that batch
 * size never changes a frame's result. It is written elementwise because `tf.batchNorm` with
 * [N,1,1,C] statistics has no working gradient in tfjs 4.22 (FusedBatchNorm_grad reshapes
 * per-pixel gradients to the statistics' shape without summing them).
 */
export function instanceNorm(tf: Tf, x: Tensor4D, gamma: Tensor, beta: Tensor, epsilon = INSTANCE_NORM_EPSILON): Tensor4D {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, [1, 2], true);
    // Regrouped as x·s + (β − m·s) with s = γ·rsqrt(v + ε): the same expression, but only two
    // ops touch the full map instead of four; the rest work on [N, 1, 1, C].
    const scale = tf.mul(tf.rsqrt(tf.add(variance, epsilon)), gamma);
    return tf.add(tf.mul(x, scale), tf.sub(beta, tf.mul(mean, scale)));
  });
}
