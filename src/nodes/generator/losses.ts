import type { Scalar, Tensor } from '@tensorflow/tfjs';
import type { Tf } from '../../core';

/** pix2pix's weight on the L1 term. */
export const DEFAULT_L1_WEIGHT = 100;

/** Mean absolute difference. */
export function l1Loss(tf: Tf, prediction: Tensor, target: Tensor): Scalar {
  return tf.tidy(() => tf.mean(tf.abs(tf.sub(prediction, target))));
}

/**
 * Mean sigmoid cross-entropy of `logits` against a constant label, in the form that never
 * overflows: max(x, 0) − x·z + log(1 + e^−|x|).
 */
export function sigmoidCrossEntropy(tf: Tf, logits: Tensor, label: 0 | 1): Scalar {
  return tf.tidy(() => {
    const positive = tf.relu(logits);
    const crossTerm = label === 1 ? logits : tf.zerosLike(logits);
    return tf.mean(tf.add(tf.sub(positive, crossTerm), tf.log1p(tf.exp(tf.neg(tf.abs(logits))))));
  });
}

/** The generator's adversarial term: how far the discriminator is from calling its frames real. */
export function generatorAdversarialLoss(tf: Tf, fakeLogits: Tensor): Scalar {
  return sigmoidCrossEntropy(tf, fakeLogits, 1);
}

/**
 * The discriminator's loss on real and generated pairs, halved as junyanz's pix2pix does, so
 * that D learns at half G's pace.
 */
export function discriminatorLoss(tf: Tf, realLogits: Tensor, fakeLogits: Tensor): Scalar {
  return tf.tidy(() => tf.mul(tf.add(sigmoidCrossEntropy(tf, realLogits, 1), sigmoidCrossEntropy(tf, fakeLogits, 0)), 0.5));
}

/** One training step's losses, as numbers. */
export interface StepLosses {
  /** Mean absolute error of the prediction, in the network's [-1, 1] range (twice the [0, 1] error). */
  readonly l1: number;
  /** The generator's adversarial loss. */
  readonly gAdv: number;
  /** The discriminator's loss. */
  readonly d: number;
}
