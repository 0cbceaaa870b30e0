import type { Scalar, Tensor } from '@tensorflow/tfjs';
import type { Tf } from '../graph/node-definition';

/** How a prediction's distance to its target is measured, as the losses name it. */
export const FRAME_DISTANCES = ['L1', 'L2', 'PSNR'] as const;
export type FrameDistance = (typeof FRAME_DISTANCES)[number];

/** Mean absolute difference. */
export function l1Loss(tf: Tf, prediction: Tensor, target: Tensor): Scalar {
  return tf.tidy(() => tf.mean(tf.abs(tf.sub(prediction, target))));
}

/**
 * The squared error (model range −1…1) at which the PSNR loss stops rewarding a closer frame:
 * about 56 dB on 8-bit frames, above the one-step figures the eval reports for still clips
 * (copy-last reaches 49 dB on box.webm at 32 px).
 */
export const PSNR_LOSS_FLOOR = 1e-5;

/**
 * Mean absolute (L1) or squared (L2) difference, or the PSNR loss: the mean over the batch of
 * ln(1 + MSE_i / floor), which is PSNR per frame turned into a loss (each frame's gradient is its
 * L2 gradient divided by its own error). L2 averages errors, so a frame with much motion
 * outweighs a still one a hundredfold, and a network trained on it adds a faint change to
 * still frames that costs copy-last's 45–50 dB there; the eval's one-step figure is the mean
 * PSNR over frames, which this matches.
 */
export function frameDistanceLoss(tf: Tf, distance: FrameDistance, prediction: Tensor, target: Tensor): Scalar {
  if (distance === 'L1') return l1Loss(tf, prediction, target);
  if (distance === 'L2') return tf.tidy(() => tf.mean(tf.squaredDifference(prediction, target)));
  return tf.tidy(() => {
    const perFrame = tf.mean(tf.squaredDifference(prediction, target), prediction.shape.slice(1).map((_, i) => i + 1));
    return tf.mean(tf.log1p(tf.div(perFrame, PSNR_LOSS_FLOOR)));
  });
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
