import type { Scalar, Tensor } from '@tensorflow/tfjs';
import type { Tf } from '../graph/node-definition';

/** How a prediction's distance to its target is measured, as the losses name it. */
export const FRAME_DISTANCES = ['L1', 'L2'] as const;
export type FrameDistance = (typeof FRAME_DISTANCES)[number];

/** Mean absolute difference. */
export function l1Loss(tf: Tf, prediction: Tensor, target: Tensor): Scalar {
  return tf.tidy(() => tf.mean(tf.abs(tf.sub(prediction, target))));
}

/** Mean absolute (L1) or squared (L2) difference. */
export function frameDistanceLoss(tf: Tf, distance: FrameDistance, prediction: Tensor, target: Tensor): Scalar {
  return distance === 'L1' ? l1Loss(tf, prediction, target) : tf.tidy(() => tf.mean(tf.squaredDifference(prediction, target)));
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
